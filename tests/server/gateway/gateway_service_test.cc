// The gateway as clients see it: request ids echoed or made, the per-IP rate limit tripping with a
// retry delay and recovering, and /metrics counting calls by method and code.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "mercato/v1/catalog.grpc.pb.h"
#include "mercato/v1/errors.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

std::string InitialMetadata(grpc::ClientContext const& context, std::string const& key) {
  auto const& metadata = context.GetServerInitialMetadata();
  auto found = metadata.find(key);
  return found == metadata.end() ? "" : std::string(found->second.data(), found->second.size());
}

class GatewayTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override {
    config.anonymous_rate_burst = 3;
    config.anonymous_rate_interval = std::chrono::milliseconds(200);
  }

  grpc::Status GetMissingProduct(grpc::ClientContext& context) {
    auto stub = v1::CatalogService::NewStub(Channel());
    v1::GetProductRequest request;
    request.set_product_id("missing");
    v1::GetProductResponse response;
    return stub->GetProduct(&context, request, &response);
  }
};

TEST_P(GatewayTest, EchoesTheClientsRequestIdOrMakesOne) {
  grpc::ClientContext given;
  given.AddMetadata("x-request-id", "checkout-42.retry-1");
  GetMissingProduct(given);
  EXPECT_EQ(InitialMetadata(given, "x-request-id"), "checkout-42.retry-1");

  grpc::ClientContext unusable;
  unusable.AddMetadata("x-request-id", "not ok; has spaces");
  GetMissingProduct(unusable);
  auto const made = InitialMetadata(unusable, "x-request-id");
  EXPECT_EQ(made.size(), 24u) << made;
  EXPECT_NE(made.find_first_not_of("0123456789abcdef"), 0u);

  grpc::ClientContext another;
  GetMissingProduct(another);
  EXPECT_NE(InitialMetadata(another, "x-request-id"), made) << "each call gets its own id";
}

TEST_P(GatewayTest, TheRateLimitTripsWithARetryDelayAndRecovers) {
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    EXPECT_EQ(GetMissingProduct(context).error_code(), grpc::StatusCode::NOT_FOUND) << "call " << i;
  }
  grpc::ClientContext limited;
  auto const status = GetMissingProduct(limited);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorInfoOf(limited).reason(), "RATE_LIMITED");
  auto const& trailers = limited.GetServerTrailingMetadata();
  auto retry = trailers.find("mercato-retry-info-bin");
  ASSERT_NE(retry, trailers.end());
  v1::RetryInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(retry->second.data(), retry->second.size())));
  auto const delay = google::protobuf::util::TimeUtil::DurationToMilliseconds(info.retry_delay());
  EXPECT_GT(delay, 0);
  EXPECT_LE(delay, 200);
  EXPECT_NE(trailers.find("retry-after"), trailers.end());

  std::this_thread::sleep_for(std::chrono::milliseconds(delay + 20));
  grpc::ClientContext recovered;
  EXPECT_EQ(GetMissingProduct(recovered).error_code(), grpc::StatusCode::NOT_FOUND);
}

// Without trusted proxies a client cannot dodge its limit by claiming another address.
TEST_P(GatewayTest, AnUntrustedPeersForwardedForIsIgnored) {
  for (int i = 0; i < 4; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("x-forwarded-for", "203.0.113." + std::to_string(i));
    auto const status = GetMissingProduct(context);
    EXPECT_EQ(status.error_code(), i < 3 ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::RESOURCE_EXHAUSTED)
        << "call " << i;
  }
}

// Guessing tokens is anonymous traffic: every failed authentication is charged to the address.
TEST_P(GatewayTest, FailedAuthenticationCountsAgainstTheClientAddress) {
  for (int i = 0; i < 4; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer guess-" + std::to_string(i));
    auto const status = GetMissingProduct(context);
    EXPECT_EQ(status.error_code(), i < 3 ? grpc::StatusCode::UNAUTHENTICATED : grpc::StatusCode::RESOURCE_EXHAUSTED)
        << "call " << i;
  }
  grpc::ClientContext anonymous;
  EXPECT_EQ(GetMissingProduct(anonymous).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "the failed attempts spent the address's budget";
}

// The bearer scheme is case-insensitive (RFC 9110): a client writing "bearer" is signed in.
TEST_P(GatewayTest, TheBearerSchemeIsCaseInsensitive) {
  int attempt = 0;
  for (std::string const scheme : {"bearer ", "BEARER ", "Bearer "}) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", scheme + kStaffToken);
    auto stub = v1::CatalogService::NewStub(Channel());
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name("Scheme " + std::to_string(++attempt));
    v1::CreateCategoryResponse response;
    EXPECT_TRUE(stub->CreateCategory(&context, request, &response).ok()) << scheme;
  }
}

class TrustedProxyGatewayTest : public GatewayTest {
 protected:
  void Configure(server::Config& config) override {
    GatewayTest::Configure(config);
    config.trusted_proxies = {"127.0.0.1"};  // the test client stands in for a load balancer
  }
};

TEST_P(TrustedProxyGatewayTest, ClientsBehindATrustedProxyHaveALimitEach) {
  auto call_from = [&](std::string const& client) {
    grpc::ClientContext context;
    context.AddMetadata("x-forwarded-for", client);
    return GetMissingProduct(context).error_code();
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call_from("203.0.113.7"), grpc::StatusCode::NOT_FOUND) << "call " << i;
  EXPECT_EQ(call_from("203.0.113.7"), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(call_from("203.0.113.8"), grpc::StatusCode::NOT_FOUND) << "another client behind the same proxy";
}

// A client may send its own x-forwarded-for line before the proxy's: all lines are one list, and
// rotating the first one does not buy a fresh limit.
TEST_P(TrustedProxyGatewayTest, EveryForwardedForLineIsReadAsOneList) {
  for (int i = 0; i < 4; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("x-forwarded-for", "198.51.100." + std::to_string(i));
    context.AddMetadata("x-forwarded-for", "203.0.113.7");
    EXPECT_EQ(GetMissingProduct(context).error_code(),
              i < 3 ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::RESOURCE_EXHAUSTED)
        << "call " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Embedded, TrustedProxyGatewayTest, ::testing::Values(BackendKind::kEmbedded), BackendName);

TEST_P(GatewayTest, MetricsCountCallsByMethodAndCode) {
  grpc::ClientContext context;
  GetMissingProduct(context);
  httplib::Client http("127.0.0.1", server().metrics_port());
  auto response = http.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  auto const& body = response->body;
  EXPECT_NE(body.find("mercato_requests_total{method=\"/mercato.v1.CatalogService/GetProduct\",code=\"NOT_FOUND\"} 1"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("mercato_request_duration_seconds_count{method=\"/mercato.v1.CatalogService/GetProduct\"} 1"),
            std::string::npos);
  EXPECT_NE(body.find("mercato_listing_cache_hit_ratio "), std::string::npos);
  EXPECT_NE(body.find("mercato_outbox_lag_events "), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Embedded, GatewayTest, ::testing::Values(BackendKind::kEmbedded), BackendName);

}  // namespace
}  // namespace mercato::testing
