// The catalog's cached entities: reads, fills by version and generation, and event application.
#include "sdk/src/catalog_cache.h"

#include <limits>
#include <memory>
#include <mutex>
#include <utility>

namespace mercato::internal {
namespace {

// SKU hints carry no version of their own: the newest write wins, a hit is verified anyway.
constexpr std::int64_t kHintVersion = 0;
// Marks a deleted category (see ForgetCategory).
constexpr std::int64_t kDeleted = std::numeric_limits<std::int64_t>::max();

}  // namespace

CatalogCache::CatalogCache(Options const& options)
    : products_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock),
      categories_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock),
      sku_index_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock) {}

Shared<v1::Product> CatalogCache::GetProduct(std::string_view product_id, CacheCount count) {
  return products_.Get(product_id, count);
}

Shared<v1::Category> CatalogCache::GetCategory(std::string_view category_id, CacheCount count) {
  return categories_.Get(category_id, count);
}

Shared<v1::GetProductBySkuResponse> CatalogCache::GetProductBySku(std::string_view sku, CacheCount count) {
  auto entry = sku_index_.Get(sku, count);
  if (!entry) return nullptr;
  auto product = products_.Get(entry->product_id, count);
  if (!product) return nullptr;
  if (entry->answer && entry->answer->product().version() == product->version()) return entry->answer;
  for (auto const& variant : product->variants()) {
    if (variant.sku() != sku) continue;
    auto answer = std::make_shared<v1::GetProductBySkuResponse>();
    answer->set_variant_id(variant.id());
    *answer->mutable_product() = *product;
    sku_index_.Put(std::string(sku), std::make_shared<SkuEntry const>(SkuEntry{product->id(), answer}), kHintVersion);
    return answer;
  }
  return nullptr;
}

void CatalogCache::ForgetCategory(std::string const& category_id) { categories_.Invalidate(category_id, kDeleted); }

void CatalogCache::ApplyEvent(v1::EventEnvelope const& event) {
  if (event.payload().Is<v1::ProductUpdated>()) {
    v1::ProductUpdated payload;
    if (!event.payload().UnpackTo(&payload)) return;
    auto const& product = payload.product();
    if (payload.change_kind() == v1::CATALOG_CHANGE_KIND_REMOVED) {
      // Out of this caller's view: the next read asks the server (NOT_FOUND), and a read that
      // raced the change cannot store the older, visible version.
      products_.Invalidate(product.id(), product.version());
    } else if (products_.Refresh(product.id(), std::make_shared<v1::Product const>(product), product.version())) {
      IndexVariants(product);
    }
  } else if (event.payload().Is<v1::CategoryUpdated>()) {
    v1::CategoryUpdated payload;
    if (!event.payload().UnpackTo(&payload)) return;
    if (payload.change_kind() == v1::CATALOG_CHANGE_KIND_DELETED) {
      categories_.Invalidate(payload.category().id(), kDeleted);
    } else {
      auto const& category = payload.category();
      categories_.Refresh(category.id(), std::make_shared<v1::Category const>(category), category.version());
    }
  }
}

void CatalogCache::DropAll() {
  std::unique_lock lock(drop_mu_);
  ++generation_;
  products_.Clear();
  categories_.Clear();
  sku_index_.Clear();
}

CacheStats CatalogCache::Stats() const {
  CacheStats total = products_.Stats();
  total += categories_.Stats();
  total += sku_index_.Stats();
  return total;
}

void CatalogCache::Fill(std::uint64_t generation, Shared<v1::Product> product) {
  std::shared_lock lock(drop_mu_);
  if (generation == Generation()) StoreProduct(product);
}

void CatalogCache::Fill(std::uint64_t generation, Shared<v1::Category> category) {
  std::shared_lock lock(drop_mu_);
  if (generation != Generation()) return;
  auto const& id = category->id();
  auto const version = category->version();
  categories_.Put(id, std::move(category), version);
}

void CatalogCache::Fill(std::uint64_t generation, Shared<v1::GetProductBySkuResponse> response) {
  std::shared_lock lock(drop_mu_);
  if (generation != Generation()) return;
  auto const& product = response->product();
  if (!StoreProduct(std::make_shared<v1::Product const>(product))) return;
  for (auto const& variant : product.variants()) {
    if (variant.id() != response->variant_id()) continue;
    sku_index_.Put(variant.sku(), std::make_shared<SkuEntry const>(SkuEntry{product.id(), response}), kHintVersion);
  }
}

void CatalogCache::Fill(std::uint64_t generation, v1::Product const& product) {
  Fill(generation, std::make_shared<v1::Product const>(product));
}

void CatalogCache::Fill(std::uint64_t generation, v1::Category const& category) {
  Fill(generation, std::make_shared<v1::Category const>(category));
}

bool CatalogCache::StoreProduct(Shared<v1::Product> const& product) {
  if (!products_.Put(product->id(), product, product->version())) return false;
  IndexVariants(*product);
  return true;
}

void CatalogCache::IndexVariants(v1::Product const& product) {
  for (auto const& variant : product.variants()) {
    sku_index_.Put(variant.sku(), std::make_shared<SkuEntry const>(SkuEntry{product.id(), nullptr}), kHintVersion);
  }
}

}  // namespace mercato::internal
