// CatalogClient: the catalog calls an application makes (categories, products, SKUs). A cheap,
// copyable value over a shared CatalogConnection; get one from mercato::Client::catalog(). Each
// call is blocking, or Async* with the same arguments, which returns at once and completes through
// `done` (mercato/completion.h says on which thread; a cache hit completes before it returns).
// The cached reads (GetCategory, GetProduct, GetProductBySku) return Shared<T>: read-only, and a
// cache hit is the cached object itself (no copy), found before any request message is built.
// Read it as (*result)->name().
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
  StatusOr<Shared<v1::Category>> GetCategory(std::string const& category_id, CallOptions const& opts = {});
  // Unset parent_id: the whole tree; "": the roots; an id: its children.
  PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest request = {}, CallOptions opts = {});
  StatusOr<v1::Category> CreateCategory(v1::Category category, CallOptions opts = {});
  // Changes the fields named in `paths` (name, slug, parent_id, position) of category.id().
  StatusOr<v1::Category> UpdateCategory(v1::Category category, std::vector<std::string> paths,
                                        std::int64_t expected_version, CallOptions opts = {});
  Status DeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts = {});

  // Products.
  StatusOr<Shared<v1::Product>> GetProduct(std::string const& product_id, CallOptions const& opts = {});
  // The product owning `sku`, and in variant_id the matching variant.
  StatusOr<Shared<v1::GetProductBySkuResponse>> GetProductBySku(std::string const& sku,
                                                               CallOptions const& opts = {});
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

  // The asynchronous twins of the calls above: the same requests, results and errors.
  void AsyncGetCategory(std::string category_id, CallOptions opts, Completion<Shared<v1::Category>> done);
  // One List RPC per AsyncPages::Next().
  AsyncPages<v1::Category> AsyncListCategories(v1::ListCategoriesRequest request = {}, CallOptions opts = {});
  void AsyncCreateCategory(v1::Category category, CallOptions opts, Completion<v1::Category> done);
  void AsyncUpdateCategory(v1::Category category, std::vector<std::string> paths, std::int64_t expected_version,
                           CallOptions opts, Completion<v1::Category> done);
  void AsyncDeleteCategory(std::string category_id, std::int64_t expected_version, CallOptions opts,
                           StatusCompletion done);
  void AsyncGetProduct(std::string product_id, CallOptions opts, Completion<Shared<v1::Product>> done);
  void AsyncGetProductBySku(std::string sku, CallOptions opts,
                            Completion<Shared<v1::GetProductBySkuResponse>> done);
  AsyncPages<v1::Product> AsyncListProducts(v1::ListProductsRequest request = {}, CallOptions opts = {});
  void AsyncBatchGetProducts(std::vector<std::string> product_ids, CallOptions opts,
                             Completion<v1::BatchGetProductsResponse> done);
  void AsyncCreateProduct(v1::Product product, CallOptions opts, Completion<v1::Product> done);
  void AsyncUpdateProduct(v1::Product product, std::vector<std::string> paths, std::int64_t expected_version,
                          CallOptions opts, Completion<v1::Product> done);
  void AsyncArchiveProduct(std::string product_id, std::int64_t expected_version, CallOptions opts,
                           Completion<v1::Product> done);

  // The catalog's change events after `after_position` (all retained ones when unset): a server
  // stream, read with Read() (blocking) or Next(done) (mercato/async_stream.h). The local cache
  // keeps itself fresh with it; call it to follow changes yourself.
  AsyncStream<v1::WatchChangesResponse> WatchChanges(v1::WatchChangesRequest request = {}, CallOptions opts = {});

  CacheStats cache_stats() const;

  // The connection, for the calls that take a whole request message.
  std::shared_ptr<CatalogConnection> const& connection() const { return connection_; }

 private:
  std::shared_ptr<CatalogConnection> connection_;
};

}  // namespace mercato
