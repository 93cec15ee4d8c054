// CatalogClient: the catalog calls an application makes (categories, products, SKUs). A cheap,
// copyable value over a shared CatalogConnection; get one from mercato::Client::catalog().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/field_mask.pb.h>

#include "mercato/catalog_connection.h"

namespace mercato {

class CatalogClient {
 public:
  explicit CatalogClient(std::shared_ptr<CatalogConnection> connection);

  // Categories.
  StatusOr<v1::Category> GetCategory(std::string category_id, CallOptions opts = {});
  // Unset parent_id: the whole tree; "": the roots; an id: its children.
  PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest request = {}, CallOptions opts = {});
  StatusOr<v1::Category> CreateCategory(v1::Category category, CallOptions opts = {});
  // Changes the fields named in `paths` (name, slug, parent_id, position) of category.id().
  StatusOr<v1::Category> UpdateCategory(v1::Category category, std::vector<std::string> paths,
                                        std::int64_t expected_version, CallOptions opts = {});
  Status DeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts = {});

  // Products.
  StatusOr<v1::Product> GetProduct(std::string product_id, CallOptions opts = {});
  // The product owning `sku`, and in variant_id the matching variant.
  StatusOr<v1::GetProductBySkuResponse> GetProductBySku(std::string sku, CallOptions opts = {});
  PaginationRange<v1::Product> ListProducts(v1::ListProductsRequest request = {}, CallOptions opts = {});
  // Up to 100 ids; unknown ids come back in missing_ids, they do not fail the call.
  StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(std::vector<std::string> product_ids,
                                                          CallOptions opts = {});
  StatusOr<v1::Product> CreateProduct(v1::Product product, CallOptions opts = {});
  // Changes the fields named in the mask of product.id(); ABORTED (VERSION_MISMATCH) when the
  // product is no longer at expected_version.
  StatusOr<v1::Product> UpdateProduct(v1::Product product, google::protobuf::FieldMask update_mask,
                                      std::int64_t expected_version, CallOptions opts = {});
  StatusOr<v1::Product> UpdateProduct(v1::Product product, std::vector<std::string> paths,
                                      std::int64_t expected_version, CallOptions opts = {});
  StatusOr<v1::Product> ArchiveProduct(std::string product_id, std::int64_t expected_version, CallOptions opts = {});

  CacheStats cache_stats() const;

  // The connection, for the calls that take a whole request message.
  std::shared_ptr<CatalogConnection> const& connection() const { return connection_; }

 private:
  std::shared_ptr<CatalogConnection> connection_;
};

}  // namespace mercato
