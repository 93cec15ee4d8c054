// CatalogClient over the shipped MockCatalogConnection: each ergonomic method builds the request
// the connection receives (ids, masks, versions, idempotency keys) and passes results through.
#include "mercato/catalog_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "mercato/mocks/mock_catalog_connection.h"
#include "tests/sdk/share.h"

namespace mercato {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Invoke;
using ::testing::Return;
using mercato::testing::Share;

class CatalogClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<MockCatalogConnection> mock_ = std::make_shared<MockCatalogConnection>();
  CatalogClient client_{mock_};
};

TEST_F(CatalogClientTest, UpdateProductBuildsTheMaskVersionAndKey) {
  EXPECT_CALL(*mock_, UpdateProduct(_, _))
      .WillOnce(Invoke([](v1::UpdateProductRequest const& request, CallOptions const&) {
        EXPECT_EQ(request.product().id(), "p1");
        EXPECT_THAT(request.update_mask().paths(), ElementsAre("name", "brand"));
        EXPECT_EQ(request.expected_version(), 7);
        EXPECT_EQ(request.request_id(), "key-1");
        v1::Product updated = request.product();
        updated.set_version(8);
        return StatusOr<v1::Product>(updated);
      }));

  v1::Product product;
  product.set_id("p1");
  product.set_name("Oat milk");
  CallOptions opts;
  opts.request_id = "key-1";
  auto updated = client_.UpdateProduct(product, {"name", "brand"}, 7, opts);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version(), 8);
}

TEST_F(CatalogClientTest, MutationsLeaveTheKeyEmptyForTheConnectionToFill) {
  EXPECT_CALL(*mock_, ArchiveProduct(_, _))
      .WillOnce(Invoke([](v1::ArchiveProductRequest const& request, CallOptions const&) {
        EXPECT_EQ(request.product_id(), "p2");
        EXPECT_EQ(request.expected_version(), 3);
        EXPECT_EQ(request.request_id(), "");
        return StatusOr<v1::Product>(Status(StatusCode::kAborted, "stale", {"VERSION_MISMATCH", "catalog", {}, {}, {}}));
      }));
  auto archived = client_.ArchiveProduct("p2", 3);
  EXPECT_EQ(archived.status().code(), StatusCode::kAborted);
  EXPECT_EQ(archived.status().reason(), "VERSION_MISMATCH");
}

TEST_F(CatalogClientTest, ReadsAndDeletesCarryTheirArguments) {
  EXPECT_CALL(*mock_, GetProduct(_, _)).WillOnce(Invoke([](v1::GetProductRequest const& r, CallOptions const& o) {
    EXPECT_EQ(r.product_id(), "p3");
    EXPECT_TRUE(o.bypass_cache);
    return StatusOr<Shared<v1::Product>>(Status(StatusCode::kNotFound, "no p3"));
  }));
  EXPECT_CALL(*mock_, GetProductBySku(_, _))
      .WillOnce(Invoke([](v1::GetProductBySkuRequest const& r, CallOptions const&) {
        EXPECT_EQ(r.sku(), "EAN-1");
        return StatusOr<Shared<v1::GetProductBySkuResponse>>(Share(v1::GetProductBySkuResponse()));
      }));
  EXPECT_CALL(*mock_, BatchGetProducts(_, _))
      .WillOnce(Invoke([](v1::BatchGetProductsRequest const& r, CallOptions const&) {
        EXPECT_THAT(r.product_ids(), ElementsAre("a", "b"));
        return StatusOr<v1::BatchGetProductsResponse>(v1::BatchGetProductsResponse());
      }));
  EXPECT_CALL(*mock_, DeleteCategory(_, _)).WillOnce(Invoke([](v1::DeleteCategoryRequest const& r, CallOptions const&) {
    EXPECT_EQ(r.category_id(), "c1");
    EXPECT_EQ(r.expected_version(), 2);
    return StatusOr<v1::DeleteCategoryResponse>(v1::DeleteCategoryResponse());
  }));
  EXPECT_CALL(*mock_, UpdateCategory(_, _))
      .WillOnce(Invoke([](v1::UpdateCategoryRequest const& r, CallOptions const&) {
        EXPECT_THAT(r.update_mask().paths(), ElementsAre("parent_id"));
        return StatusOr<v1::Category>(r.category());
      }));

  CallOptions bypass;
  bypass.bypass_cache = true;
  EXPECT_EQ(client_.GetProduct("p3", bypass).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(client_.GetProductBySku("EAN-1").ok());
  EXPECT_TRUE(client_.BatchGetProducts({"a", "b"}).ok());
  EXPECT_TRUE(client_.DeleteCategory("c1", 2).ok());
  EXPECT_TRUE(client_.UpdateCategory(v1::Category(), {"parent_id"}, 1).ok());
}

TEST_F(CatalogClientTest, ListProductsReturnsTheConnectionsRange) {
  EXPECT_CALL(*mock_, ListProducts(_, _)).WillOnce(Invoke([](v1::ListProductsRequest const& r, CallOptions const&) {
    EXPECT_EQ(r.query(), "eggs");
    v1::Product product;
    product.set_id("p1");
    return PaginationRange<v1::Product>::FromItems({product});
  }));
  v1::ListProductsRequest request;
  request.set_query("eggs");
  int count = 0;
  for (auto const& product : client_.ListProducts(request)) {
    ASSERT_TRUE(product.ok());
    ++count;
  }
  EXPECT_EQ(count, 1);
}

TEST_F(CatalogClientTest, CacheStatsComeFromTheConnection) {
  CacheStats stats;
  stats.hits = 5;
  EXPECT_CALL(*mock_, cache_stats()).WillOnce(Return(stats));
  EXPECT_EQ(client_.cache_stats().hits, 5U);
}

TEST(CatalogConnection, UnoverriddenMethodsAnswerUnimplemented) {
  CatalogConnection base;
  EXPECT_EQ(base.GetProduct({}, {}).status().code(), StatusCode::kUnimplemented);
  auto range = base.ListProducts({}, {});
  ASSERT_NE(range.begin(), range.end());
  EXPECT_EQ(range.begin()->status().code(), StatusCode::kUnimplemented);
}

TEST(Status, PrintsCodeMessageAndDetails) {
  Status status(StatusCode::kFailedPrecondition, "out of stock",
                {"OUT_OF_STOCK", "inventory", {{"sku", "EAN-1"}}, "req-9", std::chrono::milliseconds(1500)});
  std::ostringstream text;
  text << status;
  EXPECT_EQ(text.str(),
            "FAILED_PRECONDITION: out of stock [reason=OUT_OF_STOCK domain=inventory request_id=req-9 sku=EAN-1 "
            "retry_after_ms=1500]");
  EXPECT_EQ(StatusCodeToString(StatusCode::kUnauthenticated), "UNAUTHENTICATED");
}

TEST(StatusOr, HoldsAValueOrANonOkStatus) {
  StatusOr<int> value(42);
  EXPECT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  EXPECT_EQ(*value, 42);

  StatusOr<int> error(Status(StatusCode::kNotFound, "none"));
  EXPECT_FALSE(error);
  EXPECT_EQ(error.status().code(), StatusCode::kNotFound);

  StatusOr<int> misuse{Status()};  // an OK status without a value is a bug, reported as one
  EXPECT_EQ(misuse.status().code(), StatusCode::kInternal);
}

TEST(StatusOrDeathTest, ValueOfAFailedResultAborts) {
  StatusOr<int> error(Status(StatusCode::kNotFound, "none"));
  EXPECT_DEATH((void)error.value(), "value\\(\\) of a failed StatusOr: NOT_FOUND: none");
}

}  // namespace
}  // namespace mercato
