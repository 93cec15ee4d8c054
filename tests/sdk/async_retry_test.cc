// The asynchronous retry loop against an in-process server: transient failures retried with
// jittered backoff on the retry timer, the server's hint winning, non-idempotent calls and
// permanent failures not retried, one request_id per mutation, errors mapped as the blocking path
// maps them, and the default grpc::Alarm timer.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "sdk/src/async_retry_loop.h"
#include "sdk/src/catalog_connection_impl.h"
#include "tests/sdk/test_catalog_service.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using Reply = testing::TestCatalogService::Reply;
using Stub = v1::CatalogService::StubInterface;

// Waits for a completion (at most 10 s, so that a lost completion fails instead of hanging).
template <typename T>
class Awaited {
 public:
  Completion<T> Done() {
    return [this](StatusOr<T> result) { promise_.set_value(std::move(result)); };
  }
  StatusOr<T> Get() {
    if (future_.wait_for(10s) != std::future_status::ready) return Status(StatusCode::kUnknown, "never completed");
    return future_.get();
  }

 private:
  std::promise<StatusOr<T>> promise_;
  std::future<StatusOr<T>> future_ = promise_.get_future();
};

class AsyncRetryTest : public ::testing::Test {
 protected:
  // Records each wait and retries at once, so that the tests take no backoff time.
  Options TestOptions() {
    Options options;
    options.bearer_token = "secret";
    options.retry_timer = [this](std::chrono::milliseconds delay, std::function<void()> retry) {
      {
        std::lock_guard lock(mu_);
        delays_.push_back(delay);
      }
      retry();
    };
    return options;
  }

  std::vector<std::chrono::milliseconds> delays() {
    std::lock_guard lock(mu_);
    return delays_;
  }

  Reply Failure(grpc::StatusCode code) {
    Reply reply;
    reply.code = code;
    reply.message = "try again";
    return reply;
  }

  Reply Product(std::string id) {
    Reply reply;
    reply.product.set_id(std::move(id));
    return reply;
  }

  v1::GetProductRequest GetRequest() {
    v1::GetProductRequest request;
    request.set_product_id("p1");
    return request;
  }

  testing::TestCatalogService service_;
  testing::InProcessServer server_{&service_};
  std::shared_ptr<Stub> stub_ =
      v1::CatalogService::NewStub(grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials()));
  std::mutex mu_;
  std::vector<std::chrono::milliseconds> delays_;  // guarded by mu_
};

TEST_F(AsyncRetryTest, UnavailableTwiceThenOkSucceedsOnTheThirdAttemptWithJitteredBackoff) {
  service_.Script({Failure(grpc::StatusCode::UNAVAILABLE), Failure(grpc::StatusCode::UNAVAILABLE), Product("p1")});
  internal::CatalogConnectionImpl connection(stub_, TestOptions());

  Awaited<Shared<v1::Product>> product;
  connection.AsyncGetProduct(GetRequest(), {}, product.Done());
  auto const result = product.Get();

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->id(), "p1");
  auto const waits = delays();
  ASSERT_EQ(waits.size(), 2U);
  EXPECT_LE(waits[0], 100ms);  // full jitter: the n-th wait is within [0, initial * 2^(n-1)]
  EXPECT_LE(waits[1], 200ms);
  // Every attempt carried the credentials (a fresh context each).
  EXPECT_EQ(service_.authorization_headers(), std::vector<std::string>(3, "Bearer secret"));
}

TEST_F(AsyncRetryTest, TheServerRetryHintWinsOverTheBackoff) {
  auto limited = Failure(grpc::StatusCode::RESOURCE_EXHAUSTED);
  limited.retry_delay = 1234ms;
  service_.Script({limited, Product("p1")});
  internal::CatalogConnectionImpl connection(stub_, TestOptions());

  Awaited<Shared<v1::Product>> product;
  connection.AsyncGetProduct(GetRequest(), {}, product.Done());

  ASSERT_TRUE(product.Get().ok());
  EXPECT_EQ(delays(), std::vector<std::chrono::milliseconds>{1234ms});
}

TEST_F(AsyncRetryTest, ANonIdempotentCallIsNotRetried) {
  service_.Script({Failure(grpc::StatusCode::UNAVAILABLE), Product("p1")});
  auto settings = internal::ResolveCallSettings(TestOptions(), {});

  Awaited<v1::GetProductResponse> response;
  internal::AsyncRetryLoop(stub_, &Stub::async_interface::GetProduct, GetRequest(), settings,
                           internal::Idempotency::kNonIdempotent, response.Done());

  EXPECT_EQ(response.Get().status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(delays().empty());
  EXPECT_EQ(service_.authorization_headers().size(), 1U);
}

TEST_F(AsyncRetryTest, APermanentFailureIsNotRetriedAndMapsLikeTheBlockingPath) {
  auto missing = Failure(grpc::StatusCode::NOT_FOUND);
  missing.message = "no product 42";
  missing.error_info.emplace();
  missing.error_info->set_reason("NOT_FOUND");
  missing.error_info->set_domain("catalog");
  missing.trailing_request_id = "req-1";
  service_.Script({missing});
  internal::CatalogConnectionImpl connection(stub_, TestOptions());

  Awaited<Shared<v1::Product>> product;
  connection.AsyncGetProduct(GetRequest(), {}, product.Done());
  auto const status = product.Get().status();

  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "no product 42");
  EXPECT_EQ(status.reason(), "NOT_FOUND");
  EXPECT_EQ(status.request_id(), "req-1");
  EXPECT_TRUE(delays().empty());
}

TEST_F(AsyncRetryTest, AttemptsStopAtMaxAttemptsWithTheLastError) {
  service_.Script({Failure(grpc::StatusCode::UNAVAILABLE), Failure(grpc::StatusCode::UNAVAILABLE),
                   Failure(grpc::StatusCode::UNAVAILABLE), Failure(grpc::StatusCode::UNAVAILABLE), Product("p1")});
  internal::CatalogConnectionImpl connection(stub_, TestOptions());

  Awaited<Shared<v1::Product>> product;
  connection.AsyncGetProduct(GetRequest(), {}, product.Done());

  EXPECT_EQ(product.Get().status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(delays().size(), 3U);
  EXPECT_EQ(service_.authorization_headers().size(), 4U);
}

TEST_F(AsyncRetryTest, AMutationSendsOneGeneratedRequestIdOnEveryAttempt) {
  service_.Script({Failure(grpc::StatusCode::DEADLINE_EXCEEDED), Failure(grpc::StatusCode::UNAVAILABLE),
                   Product("p1")});
  internal::CatalogConnectionImpl connection(stub_, TestOptions());
  v1::UpdateProductRequest request;
  request.mutable_product()->set_id("p1");

  Awaited<v1::Product> product;
  connection.AsyncUpdateProduct(request, {}, product.Done());

  ASSERT_TRUE(product.Get().ok());
  auto const ids = service_.update_request_ids();
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_TRUE(std::regex_match(ids[0], std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << ids[0];
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_EQ(ids[2], ids[0]);
}

TEST_F(AsyncRetryTest, TheDefaultTimerRetriesAfterAGrpcAlarm) {
  service_.Script({Failure(grpc::StatusCode::UNAVAILABLE), Product("p1")});
  Options options;
  options.retry.initial_backoff = 1ms;
  internal::CatalogConnectionImpl connection(stub_, options);

  Awaited<Shared<v1::Product>> product;
  connection.AsyncGetProduct(GetRequest(), {}, product.Done());

  auto const result = product.Get();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ((*result)->id(), "p1");
}

}  // namespace
}  // namespace mercato
