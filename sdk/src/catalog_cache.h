// CatalogCache: the catalog entities a CachingCatalogConnection keeps (products, categories and a
// SKU index), and the rules that keep them fresh: versions, invalidation by events, and the
// generation that keeps a read from before a DropAll out. Shared by the connection and its
// asynchronous calls in flight, so that a late completion never outlives what it fills. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "mercato/cache.h"
#include "mercato/options.h"
#include "mercato/status_or.h"
#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/events.pb.h"

namespace mercato::internal {

class CatalogCache {
 public:
  explicit CatalogCache(Options const& options);

  // Each read returns the cached value itself, or null (a miss), counted as `count` says.
  Shared<v1::Product> GetProduct(std::string_view product_id, CacheCount count = CacheCount::kHitsAndMisses);
  Shared<v1::Category> GetCategory(std::string_view category_id, CacheCount count = CacheCount::kHitsAndMisses);
  // A hit only when the indexed product is cached and still has a variant with `sku`. The first
  // hit after the product was stored builds the answer (one copy of the product); later hits
  // share it until the product changes.
  Shared<v1::GetProductBySkuResponse> GetProductBySku(std::string_view sku,
                                                      CacheCount count = CacheCount::kHitsAndMisses);

  // A read that misses takes a generation before asking the server and stores the answer with
  // it: Fill stores a successful answer only if no DropAll happened meanwhile (else it may predate
  // a change whose event was missed).
  std::uint64_t Generation() const { return generation_.load(); }
  // A read's answer is stored as it is; a write's result (a value) is copied once into the cache.
  void Fill(std::uint64_t generation, Shared<v1::Product> product);
  void Fill(std::uint64_t generation, Shared<v1::Category> category);
  void Fill(std::uint64_t generation, Shared<v1::GetProductBySkuResponse> response);
  void Fill(std::uint64_t generation, v1::Product const& product);
  void Fill(std::uint64_t generation, v1::Category const& category);
  template <typename T>
  void Fill(std::uint64_t generation, StatusOr<T> const& answer) {
    if (answer) Fill(generation, *answer);
  }

  // A deleted category id never comes back (ids are server-assigned), so no version may refill it.
  void ForgetCategory(std::string const& category_id);

  // Applies one WatchChanges event.
  void ApplyEvent(v1::EventEnvelope const& event);
  // Drops everything cached so far, including reads in flight.
  void DropAll();

  CacheStats Stats() const;

 private:
  // What the SKU index holds: the product id (a hint only: a hit is confirmed against the cached
  // product's variants), and the answer once built, valid while the product is at its version.
  struct SkuEntry {
    std::string product_id;
    Shared<v1::GetProductBySkuResponse> answer;
  };

  bool StoreProduct(Shared<v1::Product> const& product);
  void IndexVariants(v1::Product const& product);

  VersionedLruCache<std::string, v1::Product, StringHash> products_;
  VersionedLruCache<std::string, v1::Category, StringHash> categories_;
  VersionedLruCache<std::string, SkuEntry, StringHash> sku_index_;
  std::atomic<std::uint64_t> generation_{0};
  std::shared_mutex drop_mu_;  // shared: storing a read; exclusive: DropAll
};

}  // namespace mercato::internal
