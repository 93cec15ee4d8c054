// Cache-aside reads, write-through of own writes, and event application for the catalog.
#include "sdk/src/caching_catalog_connection.h"

#include <limits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace mercato::internal {
namespace {

// SKU hints carry no version of their own: the newest write wins, a hit is verified anyway.
constexpr std::int64_t kHintVersion = 0;
// A deleted category id never comes back (ids are server-assigned), so no version may refill it.
constexpr std::int64_t kDeleted = std::numeric_limits<std::int64_t>::max();

}  // namespace

CachingCatalogConnection::CachingCatalogConnection(std::shared_ptr<CatalogConnection> inner, Options const& options,
                                                   std::shared_ptr<v1::CatalogService::StubInterface> watch_stub)
    : inner_(std::move(inner)),
      products_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock),
      categories_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock),
      sku_index_(options.cache.max_entries, options.cache.shards, options.cache.ttl, options.clock) {
  if (watch_stub) {
    CatalogChangeWatcher::Handlers handlers{[this](v1::EventEnvelope const& event) { ApplyEvent(event); },
                                            [this] { DropAll(); }};
    watcher_ = std::make_unique<CatalogChangeWatcher>(std::move(watch_stub), options.bearer_token, options.retry,
                                                      std::move(handlers));
  }
}

StatusOr<v1::Category> CachingCatalogConnection::GetCategory(v1::GetCategoryRequest const& request,
                                                             CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = categories_.Get(request.category_id())) return *std::move(hit);
  }
  auto const generation = Generation();
  auto category = inner_->GetCategory(request, opts);
  if (category) StoreRead(generation, *category);
  return category;
}

PaginationRange<v1::Category> CachingCatalogConnection::ListCategories(v1::ListCategoriesRequest const& request,
                                                                       CallOptions const& opts) {
  return inner_->ListCategories(request, opts);
}

StatusOr<v1::Category> CachingCatalogConnection::CreateCategory(v1::CreateCategoryRequest const& request,
                                                                CallOptions const& opts) {
  auto const generation = Generation();
  auto category = inner_->CreateCategory(request, opts);
  if (category) StoreRead(generation, *category);
  return category;
}

StatusOr<v1::Category> CachingCatalogConnection::UpdateCategory(v1::UpdateCategoryRequest const& request,
                                                                CallOptions const& opts) {
  auto const generation = Generation();
  auto category = inner_->UpdateCategory(request, opts);
  if (category) StoreRead(generation, *category);
  return category;
}

Status CachingCatalogConnection::DeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts) {
  auto status = inner_->DeleteCategory(request, opts);
  if (status.ok()) categories_.Invalidate(request.category_id(), kDeleted);
  return status;
}

StatusOr<v1::Product> CachingCatalogConnection::GetProduct(v1::GetProductRequest const& request,
                                                           CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = products_.Get(request.product_id())) return *std::move(hit);
  }
  auto const generation = Generation();
  auto product = inner_->GetProduct(request, opts);
  if (product) StoreRead(generation, *product);
  return product;
}

StatusOr<v1::GetProductBySkuResponse> CachingCatalogConnection::GetProductBySku(
    v1::GetProductBySkuRequest const& request, CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = CachedBySku(request.sku())) return *std::move(hit);
  }
  auto const generation = Generation();
  auto response = inner_->GetProductBySku(request, opts);
  if (response) StoreRead(generation, response->product());
  return response;
}

PaginationRange<v1::Product> CachingCatalogConnection::ListProducts(v1::ListProductsRequest const& request,
                                                                    CallOptions const& opts) {
  return inner_->ListProducts(request, opts);
}

StatusOr<v1::BatchGetProductsResponse> CachingCatalogConnection::BatchGetProducts(
    v1::BatchGetProductsRequest const& request, CallOptions const& opts) {
  std::vector<std::string> ids;  // request order, duplicates collapsed
  std::unordered_set<std::string> seen;
  for (auto const& id : request.product_ids()) {
    if (seen.insert(id).second) ids.push_back(id);
  }
  std::unordered_map<std::string, v1::Product> found;
  v1::BatchGetProductsRequest misses;
  for (auto const& id : ids) {
    auto hit = opts.bypass_cache ? std::nullopt : products_.Get(id);
    if (hit) {
      found.emplace(id, *std::move(hit));
    } else {
      misses.add_product_ids(id);
    }
  }
  v1::BatchGetProductsResponse response;
  if (!misses.product_ids().empty()) {
    auto const generation = Generation();
    auto fetched = inner_->BatchGetProducts(misses, opts);
    if (!fetched) return std::move(fetched).status();
    for (auto& product : *fetched->mutable_products()) {
      StoreRead(generation, product);
      std::string id = product.id();
      found.emplace(std::move(id), std::move(product));
    }
    *response.mutable_missing_ids() = std::move(*fetched->mutable_missing_ids());
  }
  for (auto const& id : ids) {
    auto it = found.find(id);
    if (it != found.end()) *response.add_products() = std::move(it->second);
  }
  return response;
}

StatusOr<v1::Product> CachingCatalogConnection::CreateProduct(v1::CreateProductRequest const& request,
                                                              CallOptions const& opts) {
  auto const generation = Generation();
  auto product = inner_->CreateProduct(request, opts);
  if (product) StoreRead(generation, *product);
  return product;
}

StatusOr<v1::Product> CachingCatalogConnection::UpdateProduct(v1::UpdateProductRequest const& request,
                                                              CallOptions const& opts) {
  auto const generation = Generation();
  auto product = inner_->UpdateProduct(request, opts);
  if (product) StoreRead(generation, *product);
  return product;
}

StatusOr<v1::Product> CachingCatalogConnection::ArchiveProduct(v1::ArchiveProductRequest const& request,
                                                               CallOptions const& opts) {
  auto const generation = Generation();
  auto product = inner_->ArchiveProduct(request, opts);
  if (product) StoreRead(generation, *product);
  return product;
}

CacheStats CachingCatalogConnection::cache_stats() const {
  CacheStats total = products_.Stats();
  total += categories_.Stats();
  total += sku_index_.Stats();
  return total;
}

void CachingCatalogConnection::ApplyEvent(v1::EventEnvelope const& event) {
  if (event.payload().Is<v1::ProductUpdated>()) {
    v1::ProductUpdated payload;
    if (!event.payload().UnpackTo(&payload)) return;
    auto const& product = payload.product();
    if (payload.change_kind() == v1::CATALOG_CHANGE_KIND_REMOVED) {
      // Out of this caller's view: the next read asks the server (NOT_FOUND), and a read that
      // raced the change cannot store the older, visible version.
      products_.Invalidate(product.id(), product.version());
    } else if (products_.Refresh(product.id(), product, product.version())) {
      for (auto const& variant : product.variants()) sku_index_.Put(variant.sku(), product.id(), kHintVersion);
    }
  } else if (event.payload().Is<v1::CategoryUpdated>()) {
    v1::CategoryUpdated payload;
    if (!event.payload().UnpackTo(&payload)) return;
    if (payload.change_kind() == v1::CATALOG_CHANGE_KIND_DELETED) {
      categories_.Invalidate(payload.category().id(), kDeleted);
    } else {
      categories_.Refresh(payload.category().id(), payload.category(), payload.category().version());
    }
  }
}

void CachingCatalogConnection::DropAll() {
  std::unique_lock lock(drop_mu_);
  ++generation_;
  products_.Clear();
  categories_.Clear();
  sku_index_.Clear();
}

void CachingCatalogConnection::StoreRead(std::uint64_t generation, v1::Product const& product) {
  std::shared_lock lock(drop_mu_);
  if (generation == Generation()) StoreProduct(product);
}

void CachingCatalogConnection::StoreRead(std::uint64_t generation, v1::Category const& category) {
  std::shared_lock lock(drop_mu_);
  if (generation == Generation()) StoreCategory(category);
}

void CachingCatalogConnection::StoreProduct(v1::Product const& product) {
  if (!products_.Put(product.id(), product, product.version())) return;
  for (auto const& variant : product.variants()) sku_index_.Put(variant.sku(), product.id(), kHintVersion);
}

void CachingCatalogConnection::StoreCategory(v1::Category const& category) {
  categories_.Put(category.id(), category, category.version());
}

std::optional<v1::GetProductBySkuResponse> CachingCatalogConnection::CachedBySku(std::string const& sku) {
  auto product_id = sku_index_.Get(sku);
  if (!product_id) return std::nullopt;
  auto product = products_.Get(*product_id);
  if (!product) return std::nullopt;
  for (auto const& variant : product->variants()) {
    if (variant.sku() != sku) continue;
    v1::GetProductBySkuResponse response;
    response.set_variant_id(variant.id());
    *response.mutable_product() = *std::move(product);
    return response;
  }
  return std::nullopt;
}

}  // namespace mercato::internal
