// CatalogConnection: one virtual per CatalogService RPC, taking the proto request. The seam
// between CatalogClient and the transport (retries, cache); mock it in tests with
// mercato/mocks/mock_catalog_connection.h.
#pragma once

#include <memory>
#include <string>

#include "mercato/async_pages.h"
#include "mercato/async_stream.h"
#include "mercato/cache.h"
#include "mercato/completion.h"
#include "mercato/options.h"
#include "mercato/pagination.h"
#include "mercato/status.h"
#include "mercato/status_or.h"
#include "mercato/v1/catalog.pb.h"

namespace mercato {

// Every method has a default that returns UNIMPLEMENTED (the asynchronous ones complete with it
// at once), so that a mock or decorator only overrides what it needs and later RPCs do not break it.
//
// The reads the local cache serves (GetCategory, GetProduct, GetProductBySku) answer with
// Shared<T> (mercato/cache.h): a hit is the cached object itself, read-only, and copies nothing.
//
// Each RPC comes twice: blocking, and Async*, which starts the same call (same retries,
// idempotency keys, deadlines, errors and cache) and returns at once; its result arrives through a
// Completion (mercato/completion.h says on which thread). Lists come as AsyncPages.
class CatalogConnection {
 public:
  virtual ~CatalogConnection() = default;

  virtual StatusOr<Shared<v1::Category>> GetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts);
  virtual PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest const& request,
                                                       CallOptions const& opts);
  virtual StatusOr<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts);
  virtual Status DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts);

  virtual StatusOr<Shared<v1::Product>> GetProduct(v1::GetProductRequest const& request, CallOptions const& opts);
  virtual StatusOr<Shared<v1::GetProductBySkuResponse>> GetProductBySku(v1::GetProductBySkuRequest const& request,
                                                                        CallOptions const& opts);
  virtual PaginationRange<v1::Product> ListProducts(v1::ListProductsRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                                  CallOptions const& opts);
  virtual StatusOr<v1::Product> CreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts);
  virtual StatusOr<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts);

  virtual void AsyncGetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts,
                                Completion<Shared<v1::Category>> done);
  virtual AsyncPages<v1::Category> AsyncListCategories(v1::ListCategoriesRequest const& request,
                                                       CallOptions const& opts);
  virtual void AsyncCreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts,
                                   Completion<v1::Category> done);
  virtual void AsyncUpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts,
                                   Completion<v1::Category> done);
  virtual void AsyncDeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts,
                                   StatusCompletion done);

  virtual void AsyncGetProduct(v1::GetProductRequest const& request, CallOptions const& opts,
                               Completion<Shared<v1::Product>> done);
  virtual void AsyncGetProductBySku(v1::GetProductBySkuRequest const& request, CallOptions const& opts,
                                    Completion<Shared<v1::GetProductBySkuResponse>> done);
  virtual AsyncPages<v1::Product> AsyncListProducts(v1::ListProductsRequest const& request, CallOptions const& opts);
  virtual void AsyncBatchGetProducts(v1::BatchGetProductsRequest const& request, CallOptions const& opts,
                                     Completion<v1::BatchGetProductsResponse> done);
  virtual void AsyncCreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts,
                                  Completion<v1::Product> done);
  virtual void AsyncUpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts,
                                  Completion<v1::Product> done);
  virtual void AsyncArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts,
                                   Completion<v1::Product> done);

  // The local cache's answer to GetProduct, GetCategory or GetProductBySku when it holds one, else
  // null; never a network call, and null when there is no cache. CatalogClient's reads look here
  // first, so that a hit builds no request message. A look that finds nothing counts no miss.
  virtual Shared<v1::Product> CachedProduct(std::string const& product_id);
  virtual Shared<v1::Category> CachedCategory(std::string const& category_id);
  virtual Shared<v1::GetProductBySkuResponse> CachedProductBySku(std::string const& sku);

  // Forgets everything the local cache holds, reads in flight included (they may carry the
  // previous identity). Client::Login and Logout call it: what a caller may see (a DRAFT product)
  // depends on who the caller is. Does nothing when there is no cache.
  virtual void ClearCache();

  // The catalog's change events from after_position on (the server stream the cache watcher
  // reads); never served from the cache.
  virtual AsyncStream<v1::WatchChangesResponse> WatchChanges(v1::WatchChangesRequest const& request,
                                                            CallOptions const& opts);

  // Counters of the local cache summed over its entity caches; zeros when there is no cache.
  virtual CacheStats cache_stats() const;
};

// A connection to options.endpoint with retries and, when options.cache.enabled, the local cache
// (and its change watcher thread when options.cache.watch_changes).
std::shared_ptr<CatalogConnection> MakeCatalogConnection(Options options);

}  // namespace mercato
