// Against an in-process server: error details in trailing metadata decode into Status, a server
// retry hint decides the wait, and every call carries the bearer token.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "mercato/client.h"
#include "sdk/src/catalog_connection_impl.h"
#include "tests/sdk/test_catalog_service.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using Reply = testing::TestCatalogService::Reply;

class ErrorDetailsTest : public ::testing::Test {
 protected:
  std::shared_ptr<CatalogConnection> Connect() {
    Options options;
    options.endpoint = server_.address();
    options.bearer_token = "secret";
    options.cache.enabled = false;
    options.sleeper = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return internal::MakeCatalogConnection(grpc::CreateChannel(options.endpoint, grpc::InsecureChannelCredentials()),
                                           options, nullptr);
  }

  v1::GetProductRequest Request() {
    v1::GetProductRequest request;
    request.set_product_id("42");
    return request;
  }

  testing::TestCatalogService service_;
  testing::InProcessServer server_{&service_};
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(ErrorDetailsTest, ErrorInfoAndRequestIdTrailersDecodeIntoTheStatus) {
  Reply reply;
  reply.code = grpc::StatusCode::NOT_FOUND;
  reply.message = "product 42 does not exist";
  reply.error_info.emplace();
  reply.error_info->set_reason("NOT_FOUND");
  reply.error_info->set_domain("catalog");
  (*reply.error_info->mutable_metadata())["resource"] = "product/42";
  reply.trailing_request_id = "req-1";
  service_.Script({reply});

  auto product = Connect()->GetProduct(Request(), {});
  Status const& status = product.status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "product 42 does not exist");
  EXPECT_EQ(status.reason(), "NOT_FOUND");
  EXPECT_EQ(status.domain(), "catalog");
  EXPECT_EQ(status.metadata(), (std::map<std::string, std::string>{{"resource", "product/42"}}));
  EXPECT_EQ(status.request_id(), "req-1");
  EXPECT_FALSE(status.retry_after().has_value());
  EXPECT_EQ(service_.authorization_headers(), std::vector<std::string>{"Bearer secret"});
}

TEST_F(ErrorDetailsTest, ARequestIdInInitialMetadataIsReadToo) {
  Reply reply;
  reply.code = grpc::StatusCode::PERMISSION_DENIED;
  reply.initial_request_id = "req-2";
  service_.Script({reply});
  EXPECT_EQ(Connect()->GetProduct(Request(), {}).status().request_id(), "req-2");
}

TEST_F(ErrorDetailsTest, ResourceExhaustedWaitsTheServersRetryDelay) {
  Reply limited;
  limited.code = grpc::StatusCode::RESOURCE_EXHAUSTED;
  limited.error_info.emplace();
  limited.error_info->set_reason("RATE_LIMITED");
  limited.retry_delay = 1500ms;
  Reply ok;
  ok.product.set_id("42");
  service_.Script({limited, ok});

  auto product = Connect()->GetProduct(Request(), {});
  ASSERT_TRUE(product.ok()) << product.status();
  EXPECT_EQ(sleeps_, std::vector<std::chrono::milliseconds>{1500ms});
}

TEST_F(ErrorDetailsTest, TheServerHintWinsEvenBeyondTheBackoffCap) {
  Reply unavailable;
  unavailable.code = grpc::StatusCode::UNAVAILABLE;
  unavailable.retry_delay = 7s;  // above RetryPolicy::max_backoff (5 s)
  Reply ok;
  service_.Script({unavailable, unavailable, ok});

  ASSERT_TRUE(Connect()->GetProduct(Request(), {}).ok());
  EXPECT_EQ(sleeps_, (std::vector<std::chrono::milliseconds>{7s, 7s}));
}

TEST(ClientTest, AnUnreachableServerIsUnavailableAfterTheRetries) {
  std::vector<std::chrono::milliseconds> sleeps;
  Options options;
  options.endpoint = "127.0.0.1:1";  // nothing listens on port 1
  options.default_deadline = 5s;
  options.retry.max_attempts = 2;
  options.cache.enabled = false;
  options.sleeper = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  Client client(options);

  auto product = client.catalog().GetProduct("p1");
  EXPECT_EQ(product.status().code(), StatusCode::kUnavailable) << product.status();
  EXPECT_EQ(sleeps.size(), 1U);
  EXPECT_EQ(client.catalog().cache_stats().hits, 0U);
}

}  // namespace
}  // namespace mercato
