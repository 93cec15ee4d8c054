// CachingCatalogConnection's asynchronous path over a MockCatalogConnection: a hit completes on
// the calling thread before the call returns, a miss fills the cache under the same freshness
// rules as the blocking path (generation, versions, bypass), and the mock's unset asynchronous
// methods complete with UNIMPLEMENTED.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "mercato/mocks/mock_catalog_connection.h"
#include "sdk/src/caching_catalog_connection.h"
#include "tests/sdk/fake_clock.h"
#include "tests/sdk/share.h"

namespace mercato {
namespace {

using ::testing::_;
using mercato::testing::Share;

v1::Product MakeProduct(std::string id, std::int64_t version, std::string name = "milk") {
  v1::Product product;
  product.set_id(std::move(id));
  product.set_version(version);
  product.set_name(std::move(name));
  auto* variant = product.add_variants();
  variant->set_id("var-" + product.id());
  variant->set_sku("SKU-" + product.id());
  return product;
}

v1::GetProductRequest GetRequest(std::string id) {
  v1::GetProductRequest request;
  request.set_product_id(std::move(id));
  return request;
}

// What a completion received, and where: filled only if it ran before the Async* call returned.
template <typename T>
struct Inline {
  std::optional<StatusOr<T>> result;
  std::thread::id thread;
  Completion<T> Done() {
    return [this](StatusOr<T> r) {
      result = std::move(r);
      thread = std::this_thread::get_id();
    };
  }
};

// An inner AsyncGetProduct that answers `product` at once.
auto Answers(v1::Product product) {
  return [product = Share(std::move(product))](v1::GetProductRequest const&, CallOptions const&,
                                               Completion<Shared<v1::Product>> done) { done(product); };
}

class AsyncCachingConnectionTest : public ::testing::Test {
 protected:
  Options TestOptions() {
    Options options;
    options.clock = clock_;
    return options;
  }

  std::shared_ptr<testing::FakeClock> clock_ = std::make_shared<testing::FakeClock>();
  std::shared_ptr<MockCatalogConnection> inner_ = std::make_shared<MockCatalogConnection>();
  internal::CachingCatalogConnection cache_{inner_, TestOptions(), nullptr};
};

TEST_F(AsyncCachingConnectionTest, AHitIsAnsweredOnTheCallingThreadBeforeTheCallReturns) {
  EXPECT_CALL(*inner_, AsyncGetProduct(_, _, _)).WillOnce(Answers(MakeProduct("p1", 1)));
  Inline<Shared<v1::Product>> miss;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, miss.Done());
  ASSERT_TRUE(miss.result && miss.result->ok());

  Inline<Shared<v1::Product>> hit;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, hit.Done());

  ASSERT_TRUE(hit.result.has_value()) << "the hit did not complete before AsyncGetProduct returned";
  EXPECT_EQ(hit.thread, std::this_thread::get_id());
  EXPECT_EQ((**hit.result)->name(), "milk");
  EXPECT_EQ(cache_.cache_stats().hits, 1U);
}

TEST_F(AsyncCachingConnectionTest, AMissCompletingAfterADropIsNotStored) {
  Completion<Shared<v1::Product>> pending;
  EXPECT_CALL(*inner_, AsyncGetProduct(_, _, _))
      .WillOnce([&](v1::GetProductRequest const&, CallOptions const&, Completion<Shared<v1::Product>> done) {
        pending = std::move(done);
      })
      .WillOnce(Answers(MakeProduct("p1", 1)));

  Inline<Shared<v1::Product>> first;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, first.Done());
  cache_.DropAll();  // e.g. the watcher restarted from "now": the read in flight may predate a lost event
  pending(Share(MakeProduct("p1", 1)));
  ASSERT_TRUE(first.result && first.result->ok());  // the caller still gets what it read

  Inline<Shared<v1::Product>> second;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, second.Done());  // asks again
  Inline<Shared<v1::Product>> third;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, third.Done());   // cached now: no third inner call
  EXPECT_TRUE(third.result && third.result->ok());
}

TEST_F(AsyncCachingConnectionTest, AnErrorIsNotCached) {
  EXPECT_CALL(*inner_, AsyncGetProduct(_, _, _))
      .WillOnce([](v1::GetProductRequest const&, CallOptions const&, Completion<Shared<v1::Product>> done) {
        done(Status(StatusCode::kUnavailable, "down"));
      })
      .WillOnce(Answers(MakeProduct("p1", 1)));
  Inline<Shared<v1::Product>> failed;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, failed.Done());
  EXPECT_EQ(failed.result->status().code(), StatusCode::kUnavailable);
  Inline<Shared<v1::Product>> fetched;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, fetched.Done());
  EXPECT_TRUE(fetched.result->ok());
}

TEST_F(AsyncCachingConnectionTest, BypassCacheAsksTheServerAndRefreshesTheEntry) {
  EXPECT_CALL(*inner_, AsyncGetProduct(_, _, _))
      .WillOnce(Answers(MakeProduct("p1", 1)))
      .WillOnce(Answers(MakeProduct("p1", 2)));
  Inline<Shared<v1::Product>> first;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, first.Done());
  CallOptions bypass;
  bypass.bypass_cache = true;
  Inline<Shared<v1::Product>> refreshed;
  cache_.AsyncGetProduct(GetRequest("p1"), bypass, refreshed.Done());
  EXPECT_EQ((**refreshed.result)->version(), 2);
  Inline<Shared<v1::Product>> cached;
  cache_.AsyncGetProduct(GetRequest("p1"), {}, cached.Done());
  EXPECT_EQ((**cached.result)->version(), 2);
}

TEST_F(AsyncCachingConnectionTest, OwnAsyncUpdateIsReadBackFromTheCacheByTheBlockingPathToo) {
  EXPECT_CALL(*inner_, AsyncUpdateProduct(_, _, _))
      .WillOnce([](v1::UpdateProductRequest const&, CallOptions const&, Completion<v1::Product> done) {
        done(MakeProduct("p1", 2, "oat milk"));
      });
  EXPECT_CALL(*inner_, GetProduct(_, _)).Times(0);
  Inline<v1::Product> updated;
  cache_.AsyncUpdateProduct(v1::UpdateProductRequest(), {}, updated.Done());
  EXPECT_EQ((*cache_.GetProduct(GetRequest("p1"), {}))->name(), "oat milk");
}

TEST_F(AsyncCachingConnectionTest, BatchGetAsksOnlyForTheMissingIdsAndKeepsRequestOrder) {
  EXPECT_CALL(*inner_, AsyncGetProduct(_, _, _)).WillOnce(Answers(MakeProduct("b", 1)));
  Inline<Shared<v1::Product>> cached;
  cache_.AsyncGetProduct(GetRequest("b"), {}, cached.Done());

  EXPECT_CALL(*inner_, AsyncBatchGetProducts(_, _, _))
      .WillOnce([](v1::BatchGetProductsRequest const& request, CallOptions const&,
                   Completion<v1::BatchGetProductsResponse> done) {
        EXPECT_THAT(request.product_ids(), ::testing::ElementsAre("a", "c", "x"));
        v1::BatchGetProductsResponse response;
        *response.add_products() = MakeProduct("c", 1);
        *response.add_products() = MakeProduct("a", 1);
        response.add_missing_ids("x");
        done(response);
      });
  v1::BatchGetProductsRequest request;
  for (auto const* id : {"a", "b", "c", "x", "a"}) request.add_product_ids(id);
  Inline<v1::BatchGetProductsResponse> batch;
  cache_.AsyncBatchGetProducts(request, {}, batch.Done());

  ASSERT_TRUE(batch.result && batch.result->ok());
  std::vector<std::string> ids;
  for (auto const& product : (*batch.result)->products()) ids.push_back(product.id());
  EXPECT_THAT(ids, ::testing::ElementsAre("a", "b", "c"));
  EXPECT_THAT((*batch.result)->missing_ids(), ::testing::ElementsAre("x"));
}

TEST_F(AsyncCachingConnectionTest, TheMocksUnsetAsynchronousMethodsCompleteWithUnimplemented) {
  ::testing::NiceMock<MockCatalogConnection> mock;
  Inline<Shared<v1::Product>> product;
  mock.AsyncGetProduct(GetRequest("p1"), {}, product.Done());
  ASSERT_TRUE(product.result.has_value());
  EXPECT_EQ(product.result->status().code(), StatusCode::kUnimplemented);

  Inline<std::vector<v1::Product>> page;
  mock.AsyncListProducts(v1::ListProductsRequest(), {}).Next(page.Done());
  ASSERT_TRUE(page.result.has_value());
  EXPECT_EQ(page.result->status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace mercato
