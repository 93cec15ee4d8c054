// CatalogConnectionImpl over MockCatalogServiceStub: which failures are retried, how often, with
// which waits, and that a mutation keeps one idempotency key across its attempts.
#include <gmock/gmock.h>
#include <grpcpp/test/client_context_test_peer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "mercato/v1/catalog_mock.grpc.pb.h"
#include "sdk/src/catalog_connection_impl.h"
#include "sdk/src/retry_loop.h"
#include "sdk/src/retry_pacer.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

class RetryTest : public ::testing::Test {
 protected:
  Options TestOptions() {
    Options options;
    options.bearer_token = "secret";
    options.sleeper = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return options;
  }

  std::shared_ptr<v1::MockCatalogServiceStub> stub_ = std::make_shared<v1::MockCatalogServiceStub>();
  std::vector<std::chrono::milliseconds> sleeps_;
  internal::CatalogConnectionImpl connection_{stub_, TestOptions()};
};

grpc::Status Unavailable() { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "try again"); }

v1::GetProductRequest ProductRequest(std::string id) {
  v1::GetProductRequest request;
  request.set_product_id(std::move(id));
  return request;
}

TEST_F(RetryTest, UnavailableTwiceThenOkSucceedsOnTheThirdAttemptWithJitteredBackoff) {
  int attempts = 0;
  EXPECT_CALL(*stub_, GetProduct(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke([&](grpc::ClientContext* context, v1::GetProductRequest const& request,
                                 v1::GetProductResponse* response) {
        // Every attempt carries credentials and a deadline of its own.
        auto const sent = grpc::testing::ClientContextTestPeer(context).GetSendInitialMetadata();
        auto const auth = sent.find("authorization");
        EXPECT_TRUE(auth != sent.end() && auth->second == "Bearer secret");
        EXPECT_GT(context->deadline(), std::chrono::system_clock::now());
        EXPECT_LE(context->deadline(), std::chrono::system_clock::now() + 10s);
        if (++attempts < 3) return Unavailable();
        response->mutable_product()->set_id(request.product_id());
        return grpc::Status::OK;
      }));

  auto product = connection_.GetProduct(ProductRequest("p1"), {});
  ASSERT_TRUE(product.ok()) << product.status();
  EXPECT_EQ((*product)->id(), "p1");
  ASSERT_EQ(sleeps_.size(), 2U);
  // Full jitter: the n-th wait is within [0, initial * 2^(n-1)].
  EXPECT_GE(sleeps_[0], 0ms);
  EXPECT_LE(sleeps_[0], 100ms);
  EXPECT_GE(sleeps_[1], 0ms);
  EXPECT_LE(sleeps_[1], 200ms);
}

TEST_F(RetryTest, AMutationGetsOneGeneratedRequestIdReusedOnEveryAttempt) {
  std::vector<std::string> ids;
  EXPECT_CALL(*stub_, UpdateProduct(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke([&](grpc::ClientContext*, v1::UpdateProductRequest const& request,
                                 v1::UpdateProductResponse* response) {
        ids.push_back(request.request_id());
        if (ids.size() < 3) return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow");
        *response->mutable_product() = request.product();
        return grpc::Status::OK;
      }));

  v1::UpdateProductRequest request;
  request.mutable_product()->set_id("p1");
  ASSERT_TRUE(connection_.UpdateProduct(request, {}).ok());
  ASSERT_EQ(ids.size(), 3U);
  EXPECT_TRUE(std::regex_match(ids[0], std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << ids[0];
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_EQ(ids[2], ids[0]);
}

TEST_F(RetryTest, ACallerRequestIdIsKeptAndDifferentCallsGetDifferentIds) {
  std::vector<std::string> ids;
  EXPECT_CALL(*stub_, ArchiveProduct(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke([&](grpc::ClientContext*, v1::ArchiveProductRequest const& request,
                                 v1::ArchiveProductResponse*) {
        ids.push_back(request.request_id());
        return grpc::Status::OK;
      }));

  v1::ArchiveProductRequest request;
  request.set_product_id("p1");
  ASSERT_TRUE(connection_.ArchiveProduct(request, {}).ok());
  ASSERT_TRUE(connection_.ArchiveProduct(request, {}).ok());
  request.set_request_id("mine");
  ASSERT_TRUE(connection_.ArchiveProduct(request, {}).ok());
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_EQ(ids[2], "mine");
}

class PermanentFailureTest : public RetryTest, public ::testing::WithParamInterface<grpc::StatusCode> {};

TEST_P(PermanentFailureTest, IsNotRetried) {
  EXPECT_CALL(*stub_, GetProduct(_, _, _)).WillOnce(Return(grpc::Status(GetParam(), "no")));
  EXPECT_CALL(*stub_, CreateProduct(_, _, _)).WillOnce(Return(grpc::Status(GetParam(), "no")));

  auto product = connection_.GetProduct(ProductRequest("p1"), {});
  EXPECT_EQ(static_cast<int>(product.status().code()), static_cast<int>(GetParam()));
  EXPECT_EQ(product.status().message(), "no");
  EXPECT_FALSE(connection_.CreateProduct(v1::CreateProductRequest(), {}).ok());
  EXPECT_TRUE(sleeps_.empty());
}

INSTANTIATE_TEST_SUITE_P(Codes, PermanentFailureTest,
                         ::testing::Values(grpc::StatusCode::NOT_FOUND, grpc::StatusCode::INVALID_ARGUMENT,
                                           grpc::StatusCode::ABORTED, grpc::StatusCode::FAILED_PRECONDITION,
                                           grpc::StatusCode::PERMISSION_DENIED));

TEST_F(RetryTest, AttemptsStopAtMaxAttemptsAndReturnTheLastError) {
  EXPECT_CALL(*stub_, GetCategory(_, _, _)).Times(4).WillRepeatedly(Return(Unavailable()));

  auto category = connection_.GetCategory(v1::GetCategoryRequest(), {});
  EXPECT_EQ(category.status().code(), StatusCode::kUnavailable);
  ASSERT_EQ(sleeps_.size(), 3U);
  for (auto const delay : sleeps_) EXPECT_LE(delay, 400ms);
}

TEST_F(RetryTest, ResourceExhaustedIsRetried) {
  EXPECT_CALL(*stub_, BatchGetProducts(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow down")))
      .WillOnce(Return(grpc::Status::OK));
  EXPECT_TRUE(connection_.BatchGetProducts(v1::BatchGetProductsRequest(), {}).ok());
  EXPECT_EQ(sleeps_.size(), 1U);
}

TEST_F(RetryTest, CallOptionsOverrideThePolicyAndTheDeadline) {
  EXPECT_CALL(*stub_, GetProduct(_, _, _))
      .WillOnce(Invoke([](grpc::ClientContext* context, v1::GetProductRequest const&, v1::GetProductResponse*) {
        EXPECT_LE(context->deadline(), std::chrono::system_clock::now() + 250ms);
        return Unavailable();
      }));
  CallOptions opts;
  opts.retry = RetryPolicy{1, 1ms, 1ms, 1.0};
  opts.deadline = 250ms;
  EXPECT_EQ(connection_.GetProduct(ProductRequest("p1"), opts).status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(sleeps_.empty());
}

TEST(RetryPolicy, BackoffCapGrowsByTheMultiplierUpToTheMaximum) {
  std::vector<std::chrono::milliseconds> const caps{100ms, 200ms, 300ms, 300ms};
  std::vector<std::chrono::milliseconds> longest(caps.size(), 0ms);
  for (int run = 0; run < 500; ++run) {
    internal::FullJitterBackoff backoff(RetryPolicy{10, 100ms, 300ms, 2.0});
    for (std::size_t n = 0; n < caps.size(); ++n) {
      auto const delay = backoff.NextDelay();
      EXPECT_GE(delay, 0ms);
      EXPECT_LE(delay, caps[n]) << "wait " << n + 1;
      longest[n] = std::max(longest[n], delay);
    }
  }
  // The cap did grow: the third wait went past the second's cap at least once in 500 runs.
  EXPECT_GT(longest[2], 200ms);
}

// A server asking to come back within a minute is honoured; beyond, the caller gets the error.
TEST(RetryPolicy, AServerHintBeyondAMinuteIsNotWaitedFor) {
  auto const asking = [](std::chrono::milliseconds delay) {
    return Status(StatusCode::kResourceExhausted, "busy", ErrorDetails{"RATE_LIMITED", "api", {}, {}, delay});
  };
  internal::RetryPacer pacer(RetryPolicy{});
  EXPECT_EQ(pacer.NextDelay(asking(std::chrono::seconds(30))), std::chrono::milliseconds(30'000));
  EXPECT_EQ(pacer.NextDelay(asking(std::chrono::hours(1))), std::nullopt);
}

TEST(RetryPolicy, NonIdempotentCallsAreNeverRetried) {
  using internal::Idempotency;
  using internal::IsRetryable;
  EXPECT_TRUE(IsRetryable(StatusCode::kUnavailable, Idempotency::kIdempotent));
  EXPECT_TRUE(IsRetryable(StatusCode::kDeadlineExceeded, Idempotency::kIdempotent));
  EXPECT_TRUE(IsRetryable(StatusCode::kCancelled, Idempotency::kIdempotent));
  EXPECT_FALSE(IsRetryable(StatusCode::kCancelled, Idempotency::kNonIdempotent));
  EXPECT_FALSE(IsRetryable(StatusCode::kUnavailable, Idempotency::kNonIdempotent));
  EXPECT_FALSE(IsRetryable(StatusCode::kResourceExhausted, Idempotency::kNonIdempotent));
  EXPECT_FALSE(IsRetryable(StatusCode::kInternal, Idempotency::kIdempotent));
}

}  // namespace
}  // namespace mercato
