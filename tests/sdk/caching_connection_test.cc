// CachingCatalogConnection over a MockCatalogConnection (no watcher): reads served from the
// cache, own writes written through, events applied by version, drops and TTL honoured.
#include "sdk/src/caching_catalog_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mercato/mocks/mock_catalog_connection.h"
#include "tests/sdk/fake_clock.h"
#include "tests/sdk/share.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;
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

v1::EventEnvelope ProductEvent(v1::Product const& product) {
  v1::ProductUpdated payload;
  *payload.mutable_product() = product;
  payload.set_change_kind(v1::CATALOG_CHANGE_KIND_UPDATED);
  v1::EventEnvelope event;
  event.set_event_type("catalog.product.updated");
  event.set_aggregate_type("product");
  event.set_aggregate_id(product.id());
  event.mutable_payload()->PackFrom(payload);
  return event;
}

Options WithClock(std::shared_ptr<Clock> clock) {
  Options options;
  options.clock = std::move(clock);
  options.cache.ttl = 5min;
  return options;
}

class CachingConnectionTest : public ::testing::Test {
 protected:
  std::shared_ptr<testing::FakeClock> clock_ = std::make_shared<testing::FakeClock>();
  std::shared_ptr<MockCatalogConnection> inner_ = std::make_shared<MockCatalogConnection>();
  internal::CachingCatalogConnection cache_{inner_, WithClock(clock_), nullptr};
};

TEST_F(CachingConnectionTest, ASecondGetProductIsServedFromTheCache) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));

  EXPECT_EQ((*cache_.GetProduct(GetRequest("p1"), {}))->version(), 1);
  auto again = cache_.GetProduct(GetRequest("p1"), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->name(), "milk");
  CacheStats const stats = cache_.cache_stats();
  EXPECT_EQ(stats.hits, 1U);
  EXPECT_EQ(stats.misses, 1U);
}

TEST_F(CachingConnectionTest, AHitIsTheCachedObjectItself) {
  auto const answered = Share(MakeProduct("p1", 1));
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(answered));
  EXPECT_CALL(*inner_, GetProductBySku(_, _)).Times(0);
  ASSERT_TRUE(cache_.GetProduct(GetRequest("p1"), {}).ok());  // the miss stores what the server answered

  auto a = cache_.GetProduct(GetRequest("p1"), {});
  auto b = cache_.GetProduct(GetRequest("p1"), {});
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_NE(*a, nullptr);
  EXPECT_EQ((*a).get(), (*b).get()) << "two hits must share one object, not copies";
  EXPECT_EQ((*a).get(), answered.get()) << "a hit must be the object the cache stored";
  EXPECT_EQ(cache_.cache_stats().hits, 2U);

  // The first SKU hit builds its answer from the cached product; the next hit hands out that
  // same answer and copies nothing.
  v1::GetProductBySkuRequest request;
  request.set_sku("SKU-p1");
  auto first = cache_.GetProductBySku(request, {});
  auto second = cache_.GetProductBySku(request, {});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_NE(*first, nullptr);
  EXPECT_EQ((*first).get(), (*second).get()) << "the second SKU hit must share the first one's answer";
  EXPECT_EQ((*second)->product().id(), "p1");
  EXPECT_EQ((*second)->variant_id(), "var-p1");
}

TEST_F(CachingConnectionTest, ErrorsAreNotCached) {
  EXPECT_CALL(*inner_, GetProduct(_, _))
      .WillOnce(Return(Status(StatusCode::kUnavailable, "down")))
      .WillOnce(Return(Share(MakeProduct("p1", 1))));
  EXPECT_FALSE(cache_.GetProduct(GetRequest("p1"), {}).ok());
  EXPECT_TRUE(cache_.GetProduct(GetRequest("p1"), {}).ok());
}

TEST_F(CachingConnectionTest, BypassCacheAsksTheServerAndRefreshesTheEntry) {
  EXPECT_CALL(*inner_, GetProduct(_, _))
      .WillOnce(Return(Share(MakeProduct("p1", 1))))
      .WillOnce(Return(Share(MakeProduct("p1", 2))));
  cache_.GetProduct(GetRequest("p1"), {});
  CallOptions bypass;
  bypass.bypass_cache = true;
  EXPECT_EQ((*cache_.GetProduct(GetRequest("p1"), bypass))->version(), 2);
  EXPECT_EQ((*cache_.GetProduct(GetRequest("p1"), {}))->version(), 2);
}

TEST_F(CachingConnectionTest, OwnUpdateReplacesTheCachedEntry) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));
  EXPECT_CALL(*inner_, UpdateProduct(_, _)).WillOnce(Return(MakeProduct("p1", 2, "oat milk")));

  cache_.GetProduct(GetRequest("p1"), {});
  ASSERT_TRUE(cache_.UpdateProduct(v1::UpdateProductRequest(), {}).ok());
  auto product = cache_.GetProduct(GetRequest("p1"), {});
  EXPECT_EQ((*product)->version(), 2);
  EXPECT_EQ((*product)->name(), "oat milk");
}

TEST_F(CachingConnectionTest, OwnCreateAndArchiveAreReadBackWithoutARoundTrip) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).Times(0);
  auto archived = MakeProduct("p9", 2);
  archived.set_status(v1::PRODUCT_STATUS_ARCHIVED);
  EXPECT_CALL(*inner_, CreateProduct(_, _)).WillOnce(Return(MakeProduct("p9", 1)));
  EXPECT_CALL(*inner_, ArchiveProduct(_, _)).WillOnce(Return(archived));

  ASSERT_TRUE(cache_.CreateProduct(v1::CreateProductRequest(), {}).ok());
  EXPECT_EQ((*cache_.GetProduct(GetRequest("p9"), {}))->version(), 1);
  ASSERT_TRUE(cache_.ArchiveProduct(v1::ArchiveProductRequest(), {}).ok());
  EXPECT_EQ((*cache_.GetProduct(GetRequest("p9"), {}))->status(), v1::PRODUCT_STATUS_ARCHIVED);
}

TEST_F(CachingConnectionTest, AnEventFencesOutAStaleReadOfAnUncachedProduct) {
  // The read fetched version 1, but the event of version 2 is applied before the read stores it.
  EXPECT_CALL(*inner_, GetProduct(_, _))
      .WillOnce(Invoke([this](v1::GetProductRequest const&, CallOptions const&) {
        cache_.ApplyEvent(ProductEvent(MakeProduct("p1", 2, "new")));
        return StatusOr<Shared<v1::Product>>(Share(MakeProduct("p1", 1, "old")));
      }))
      .WillOnce(Return(Share(MakeProduct("p1", 2, "new"))));

  EXPECT_EQ((*cache_.GetProduct(GetRequest("p1"), {}))->name(), "old");  // the caller gets what it read
  auto refetched = cache_.GetProduct(GetRequest("p1"), {});              // not cached: fetched again
  EXPECT_EQ((*refetched)->version(), 2);
  auto cached = cache_.GetProduct(GetRequest("p1"), {});  // now from the cache: no third call
  EXPECT_EQ((*cached)->name(), "new");
}

TEST_F(CachingConnectionTest, AnEventReplacesACachedEntry) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1, "old"))));
  cache_.GetProduct(GetRequest("p1"), {});
  cache_.ApplyEvent(ProductEvent(MakeProduct("p1", 2, "new")));
  auto cached = cache_.GetProduct(GetRequest("p1"), {});
  EXPECT_EQ((*cached)->version(), 2);
  EXPECT_EQ((*cached)->name(), "new");
}

TEST_F(CachingConnectionTest, AReadInFlightDuringADropIsNotStored) {
  EXPECT_CALL(*inner_, GetProduct(_, _))
      .WillOnce(Invoke([this](v1::GetProductRequest const&, CallOptions const&) {
        cache_.DropAll();  // e.g. the watcher restarted from "now": this read may predate a lost event
        return StatusOr<Shared<v1::Product>>(Share(MakeProduct("p1", 1)));
      }))
      .WillOnce(Return(Share(MakeProduct("p1", 1))));
  cache_.GetProduct(GetRequest("p1"), {});
  cache_.GetProduct(GetRequest("p1"), {});  // asks again
  cache_.GetProduct(GetRequest("p1"), {});  // cached now
}

TEST_F(CachingConnectionTest, EntriesExpireAfterTheTtl) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).Times(2).WillRepeatedly(Return(Share(MakeProduct("p1", 1))));
  cache_.GetProduct(GetRequest("p1"), {});
  clock_->Advance(4min);
  cache_.GetProduct(GetRequest("p1"), {});
  clock_->Advance(61s);
  cache_.GetProduct(GetRequest("p1"), {});
}

TEST_F(CachingConnectionTest, GetProductBySkuUsesTheSkuIndexOfCachedProducts) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));
  EXPECT_CALL(*inner_, GetProductBySku(_, _)).Times(0);
  cache_.GetProduct(GetRequest("p1"), {});

  v1::GetProductBySkuRequest request;
  request.set_sku("SKU-p1");
  auto found = cache_.GetProductBySku(request, {});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->product().id(), "p1");
  EXPECT_EQ((*found)->variant_id(), "var-p1");
}

TEST_F(CachingConnectionTest, ASkuNoLongerOnTheCachedProductGoesToTheServer) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));
  cache_.GetProduct(GetRequest("p1"), {});
  auto renamed = MakeProduct("p1", 2);
  renamed.mutable_variants(0)->set_sku("SKU-new");
  cache_.ApplyEvent(ProductEvent(renamed));

  v1::GetProductBySkuResponse from_server;
  *from_server.mutable_product() = MakeProduct("p7", 1);
  EXPECT_CALL(*inner_, GetProductBySku(_, _)).WillOnce(Return(Share(from_server)));
  v1::GetProductBySkuRequest request;
  request.set_sku("SKU-p1");
  EXPECT_EQ((*cache_.GetProductBySku(request, {}))->product().id(), "p7");
}

TEST_F(CachingConnectionTest, BatchGetAsksOnlyForTheMissingIdsAndKeepsRequestOrder) {
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("b", 1))));
  cache_.GetProduct(GetRequest("b"), {});

  EXPECT_CALL(*inner_, BatchGetProducts(_, _))
      .WillOnce(Invoke([](v1::BatchGetProductsRequest const& request, CallOptions const&) {
        EXPECT_THAT(request.product_ids(), ::testing::ElementsAre("a", "c", "x"));
        v1::BatchGetProductsResponse response;
        *response.add_products() = MakeProduct("c", 1);
        *response.add_products() = MakeProduct("a", 1);
        response.add_missing_ids("x");
        return StatusOr<v1::BatchGetProductsResponse>(response);
      }));
  v1::BatchGetProductsRequest request;
  for (char const* id : {"a", "b", "c", "x", "a"}) request.add_product_ids(id);
  auto response = cache_.BatchGetProducts(request, {});
  ASSERT_TRUE(response.ok());
  std::vector<std::string> ids;
  for (auto const& product : response->products()) ids.push_back(product.id());
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_THAT(response->missing_ids(), ::testing::ElementsAre("x"));

  // Now all three are cached: no second call.
  v1::BatchGetProductsRequest again;
  for (char const* id : {"c", "a", "b"}) again.add_product_ids(id);
  EXPECT_EQ(cache_.BatchGetProducts(again, {})->products_size(), 3);
}

TEST_F(CachingConnectionTest, ADeletedCategoryIsNeverServedAgain) {
  v1::Category category;
  category.set_id("c1");
  category.set_version(3);
  EXPECT_CALL(*inner_, GetCategory(_, _))
      .WillOnce(Return(Share(category)))
      .WillOnce(Return(Status(StatusCode::kNotFound, "gone")));
  EXPECT_CALL(*inner_, DeleteCategory(_, _)).WillOnce(Return(v1::DeleteCategoryResponse()));

  v1::GetCategoryRequest get;
  get.set_category_id("c1");
  cache_.GetCategory(get, {});
  v1::DeleteCategoryRequest del;
  del.set_category_id("c1");
  del.set_expected_version(3);
  ASSERT_TRUE(cache_.DeleteCategory(del, {}).ok());
  EXPECT_EQ(cache_.GetCategory(get, {}).status().code(), StatusCode::kNotFound);
}

TEST_F(CachingConnectionTest, ListsAreNotCached) {
  EXPECT_CALL(*inner_, ListProducts(_, _)).Times(2).WillRepeatedly(Invoke([](auto const&, auto const&) {
    return PaginationRange<v1::Product>::FromItems({MakeProduct("p1", 1)});
  }));
  for (int i = 0; i < 2; ++i) {
    for (auto const& product : cache_.ListProducts(v1::ListProductsRequest(), {})) EXPECT_TRUE(product.ok());
  }
}

}  // namespace
}  // namespace mercato
