// CachingCatalogConnection: decorates a CatalogConnection with the local cache (CatalogCache).
// Single-entity reads (GetProduct, GetProductBySku, GetCategory, BatchGetProducts) are served from
// it when fresh, on the blocking and the asynchronous path alike (an asynchronous hit completes on
// the calling thread); this client's own writes go into it at once; the change watcher, when
// given a stub, applies other clients' changes. Lists are not cached here (the server caches listings).
#pragma once

#include <memory>

#include "mercato/cache.h"
#include "mercato/catalog_connection.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "sdk/src/catalog_cache.h"
#include "sdk/src/catalog_change_watcher.h"
#include "sdk/src/forwarding_catalog_connection.h"

namespace mercato::internal {

class CachingCatalogConnection final : public ForwardingCatalogConnection {
 public:
  // `watch_stub` null: no watcher, entries are only bounded by the TTL.
  CachingCatalogConnection(std::shared_ptr<CatalogConnection> inner, Options const& options,
                           std::shared_ptr<v1::CatalogService::StubInterface> watch_stub);

  StatusOr<Shared<v1::Category>> GetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::DeleteCategoryResponse> DeleteCategory(v1::DeleteCategoryRequest const& request,
                                                      CallOptions const& opts) override;

  StatusOr<Shared<v1::Product>> GetProduct(v1::GetProductRequest const& request, CallOptions const& opts) override;
  StatusOr<Shared<v1::GetProductBySkuResponse>> GetProductBySku(v1::GetProductBySkuRequest const& request,
                                                        CallOptions const& opts) override;
  StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                          CallOptions const& opts) override;
  StatusOr<v1::Product> CreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts) override;

  void AsyncGetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts,
                        Completion<Shared<v1::Category>> done) override;
  void AsyncCreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts,
                           Completion<v1::Category> done) override;
  void AsyncUpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts,
                           Completion<v1::Category> done) override;
  void AsyncDeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts,
                           Completion<v1::DeleteCategoryResponse> done) override;

  void AsyncGetProduct(v1::GetProductRequest const& request, CallOptions const& opts,
                       Completion<Shared<v1::Product>> done) override;
  void AsyncGetProductBySku(v1::GetProductBySkuRequest const& request, CallOptions const& opts,
                            Completion<Shared<v1::GetProductBySkuResponse>> done) override;
  void AsyncBatchGetProducts(v1::BatchGetProductsRequest const& request, CallOptions const& opts,
                             Completion<v1::BatchGetProductsResponse> done) override;
  void AsyncCreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts,
                          Completion<v1::Product> done) override;
  void AsyncUpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts,
                          Completion<v1::Product> done) override;
  void AsyncArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts,
                           Completion<v1::Product> done) override;

  Shared<v1::Product> CachedProduct(std::string_view product_id) override;
  Shared<v1::Category> CachedCategory(std::string_view category_id) override;
  Shared<v1::GetProductBySkuResponse> CachedProductBySku(std::string_view sku) override;
  void ClearCache() override;
  CacheStats cache_stats() const override;

  // Applies one WatchChanges event (the watcher's callback; public for tests).
  void ApplyEvent(v1::EventEnvelope const& event);
  // Drops everything cached so far, including reads in flight (the watcher's gap callback).
  void DropAll();

 private:
  std::shared_ptr<CatalogCache> cache_;
  std::unique_ptr<CatalogChangeWatcher> watcher_;  // last: stopped before the cache goes
};

// `inner` with the local cache on top when options.cache.enabled, else `inner` itself; the cache's
// change watcher reads `stub` when options.cache.watch_changes. The generated MakeCatalogConnection
// stacks it so.
std::shared_ptr<CatalogConnection> WithCatalogCache(std::shared_ptr<CatalogConnection> inner, Options const& options,
                                                    std::shared_ptr<v1::CatalogService::StubInterface> stub);

}  // namespace mercato::internal
