// CachingCatalogConnection: decorates a CatalogConnection with the local cache. Single-entity
// reads (GetProduct, GetProductBySku, GetCategory, BatchGetProducts) are served from it when
// fresh; this client's own writes go into it at once; the change watcher, when given a stub,
// applies other clients' changes. Lists are not cached here (the server caches listings).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>

#include "mercato/cache.h"
#include "mercato/catalog_connection.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "sdk/src/catalog_change_watcher.h"

namespace mercato::internal {

class CachingCatalogConnection final : public CatalogConnection {
 public:
  // `watch_stub` null: no watcher, entries are only bounded by the TTL.
  CachingCatalogConnection(std::shared_ptr<CatalogConnection> inner, Options const& options,
                           std::shared_ptr<v1::CatalogService::StubInterface> watch_stub);

  StatusOr<v1::Category> GetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts) override;
  PaginationRange<v1::Category> ListCategories(v1::ListCategoriesRequest const& request,
                                               CallOptions const& opts) override;
  StatusOr<v1::Category> CreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Category> UpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts) override;
  Status DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) override;

  StatusOr<v1::Product> GetProduct(v1::GetProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::GetProductBySkuResponse> GetProductBySku(v1::GetProductBySkuRequest const& request,
                                                        CallOptions const& opts) override;
  PaginationRange<v1::Product> ListProducts(v1::ListProductsRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::BatchGetProductsResponse> BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                          CallOptions const& opts) override;
  StatusOr<v1::Product> CreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> UpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Product> ArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts) override;

  CacheStats cache_stats() const override;

  // Applies one WatchChanges event (the watcher's callback; public for tests).
  void ApplyEvent(v1::EventEnvelope const& event);
  // Drops everything cached so far, including reads in flight (the watcher's gap callback).
  void DropAll();

 private:
  // A read that misses snapshots the generation before asking the server and stores the answer
  // only if no DropAll happened meanwhile (else it may predate a change whose event was missed).
  std::uint64_t Generation() const { return generation_.load(); }
  void StoreRead(std::uint64_t generation, v1::Product const& product);
  void StoreRead(std::uint64_t generation, v1::Category const& category);
  void StoreProduct(v1::Product const& product);
  void StoreCategory(v1::Category const& category);
  std::optional<v1::GetProductBySkuResponse> CachedBySku(std::string const& sku);

  std::shared_ptr<CatalogConnection> inner_;
  VersionedLruCache<std::string, v1::Product> products_;
  VersionedLruCache<std::string, v1::Category> categories_;
  // SKU -> product id. A hint only: a hit is confirmed against the cached product's variants.
  VersionedLruCache<std::string, std::string> sku_index_;
  std::atomic<std::uint64_t> generation_{0};
  std::shared_mutex drop_mu_;  // shared: storing a read; exclusive: DropAll
  std::unique_ptr<CatalogChangeWatcher> watcher_;  // last: stopped before the caches go
};

}  // namespace mercato::internal
