// Cache-aside reads and write-through of own writes for the catalog, blocking and asynchronous;
// the entities and their freshness rules are CatalogCache's.
#include "sdk/src/caching_catalog_connection.h"

#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace mercato::internal {
namespace {

// A completion that fills the cache with a successful answer (taking the generation now, before
// the call starts), then hands the answer on.
template <typename T>
Completion<T> Filling(std::shared_ptr<CatalogCache> const& cache, Completion<T> done) {
  return [cache, generation = cache->Generation(), done = std::move(done)](StatusOr<T> answer) {
    cache->Fill(generation, answer);
    done(std::move(answer));
  };
}

// A BatchGetProducts answered partly from the cache: the ids in request order (duplicates
// collapsed), the products found, and the rest, which are asked of the server.
struct BatchRead {
  std::vector<std::string> ids;
  std::unordered_map<std::string, v1::Product> found;
  v1::BatchGetProductsRequest misses;
  std::uint64_t generation = 0;
};

BatchRead LookUp(CatalogCache& cache, v1::BatchGetProductsRequest const& request, CallOptions const& opts) {
  BatchRead read;
  std::unordered_set<std::string> seen;
  for (auto const& id : request.product_ids()) {
    if (seen.insert(id).second) read.ids.push_back(id);
  }
  for (auto const& id : read.ids) {
    auto hit = opts.bypass_cache ? nullptr : cache.GetProduct(id);
    if (hit) {
      read.found.emplace(id, *hit);  // the response holds values: the one copy a batch makes
    } else {
      read.misses.add_product_ids(id);
    }
  }
  read.generation = cache.Generation();
  return read;
}

// The answer in request order, from the cached products and what the server sent for the misses
// (an empty response when there were none).
StatusOr<v1::BatchGetProductsResponse> Merge(CatalogCache& cache, BatchRead read,
                                             StatusOr<v1::BatchGetProductsResponse> fetched) {
  if (!fetched) return std::move(fetched).status();
  for (auto& product : *fetched->mutable_products()) {
    cache.Fill(read.generation, product);
    std::string id = product.id();
    read.found.emplace(std::move(id), std::move(product));
  }
  v1::BatchGetProductsResponse response;
  *response.mutable_missing_ids() = std::move(*fetched->mutable_missing_ids());
  for (auto const& id : read.ids) {
    auto it = read.found.find(id);
    if (it != read.found.end()) *response.add_products() = std::move(it->second);
  }
  return response;
}

}  // namespace

CachingCatalogConnection::CachingCatalogConnection(std::shared_ptr<CatalogConnection> inner, Options const& options,
                                                   std::shared_ptr<v1::CatalogService::StubInterface> watch_stub)
    : ForwardingCatalogConnection(std::move(inner)), cache_(std::make_shared<CatalogCache>(options)) {
  if (watch_stub) {
    CatalogChangeWatcher::Handlers handlers{[this](v1::EventEnvelope const& event) { ApplyEvent(event); },
                                            [this] { DropAll(); }};
    watcher_ = std::make_unique<CatalogChangeWatcher>(std::move(watch_stub), options.bearer_token, options.retry,
                                                      std::move(handlers));
  }
}

StatusOr<Shared<v1::Category>> CachingCatalogConnection::GetCategory(v1::GetCategoryRequest const& request,
                                                             CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetCategory(request.category_id())) return hit;
  }
  auto const generation = cache_->Generation();
  auto category = inner()->GetCategory(request, opts);
  cache_->Fill(generation, category);
  return category;
}

StatusOr<v1::Category> CachingCatalogConnection::CreateCategory(v1::CreateCategoryRequest const& request,
                                                                CallOptions const& opts) {
  auto const generation = cache_->Generation();
  auto category = inner()->CreateCategory(request, opts);
  cache_->Fill(generation, category);
  return category;
}

StatusOr<v1::Category> CachingCatalogConnection::UpdateCategory(v1::UpdateCategoryRequest const& request,
                                                                CallOptions const& opts) {
  auto const generation = cache_->Generation();
  auto category = inner()->UpdateCategory(request, opts);
  cache_->Fill(generation, category);
  return category;
}

StatusOr<v1::DeleteCategoryResponse> CachingCatalogConnection::DeleteCategory(v1::DeleteCategoryRequest const& request,
                                                                              CallOptions const& opts) {
  auto deleted = inner()->DeleteCategory(request, opts);
  if (deleted.ok()) cache_->ForgetCategory(request.category_id());
  return deleted;
}

StatusOr<Shared<v1::Product>> CachingCatalogConnection::GetProduct(v1::GetProductRequest const& request,
                                                           CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetProduct(request.product_id())) return hit;
  }
  auto const generation = cache_->Generation();
  auto product = inner()->GetProduct(request, opts);
  cache_->Fill(generation, product);
  return product;
}

StatusOr<Shared<v1::GetProductBySkuResponse>> CachingCatalogConnection::GetProductBySku(
    v1::GetProductBySkuRequest const& request, CallOptions const& opts) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetProductBySku(request.sku())) return hit;
  }
  auto const generation = cache_->Generation();
  auto response = inner()->GetProductBySku(request, opts);
  cache_->Fill(generation, response);
  return response;
}

StatusOr<v1::BatchGetProductsResponse> CachingCatalogConnection::BatchGetProducts(
    v1::BatchGetProductsRequest const& request, CallOptions const& opts) {
  auto read = LookUp(*cache_, request, opts);
  if (read.misses.product_ids().empty()) return Merge(*cache_, std::move(read), v1::BatchGetProductsResponse());
  auto fetched = inner()->BatchGetProducts(read.misses, opts);
  return Merge(*cache_, std::move(read), std::move(fetched));
}

StatusOr<v1::Product> CachingCatalogConnection::CreateProduct(v1::CreateProductRequest const& request,
                                                              CallOptions const& opts) {
  auto const generation = cache_->Generation();
  auto product = inner()->CreateProduct(request, opts);
  cache_->Fill(generation, product);
  return product;
}

StatusOr<v1::Product> CachingCatalogConnection::UpdateProduct(v1::UpdateProductRequest const& request,
                                                              CallOptions const& opts) {
  auto const generation = cache_->Generation();
  auto product = inner()->UpdateProduct(request, opts);
  cache_->Fill(generation, product);
  return product;
}

StatusOr<v1::Product> CachingCatalogConnection::ArchiveProduct(v1::ArchiveProductRequest const& request,
                                                               CallOptions const& opts) {
  auto const generation = cache_->Generation();
  auto product = inner()->ArchiveProduct(request, opts);
  cache_->Fill(generation, product);
  return product;
}

void CachingCatalogConnection::AsyncGetCategory(v1::GetCategoryRequest const& request, CallOptions const& opts,
                                                Completion<Shared<v1::Category>> done) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetCategory(request.category_id())) return done(std::move(hit));
  }
  inner()->AsyncGetCategory(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncCreateCategory(v1::CreateCategoryRequest const& request, CallOptions const& opts,
                                                   Completion<v1::Category> done) {
  inner()->AsyncCreateCategory(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncUpdateCategory(v1::UpdateCategoryRequest const& request, CallOptions const& opts,
                                                   Completion<v1::Category> done) {
  inner()->AsyncUpdateCategory(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncDeleteCategory(v1::DeleteCategoryRequest const& request, CallOptions const& opts,
                                                   Completion<v1::DeleteCategoryResponse> done) {
  inner()->AsyncDeleteCategory(request, opts,
                              [cache = cache_, id = request.category_id(),
                               done = std::move(done)](StatusOr<v1::DeleteCategoryResponse> deleted) {
                                if (deleted.ok()) cache->ForgetCategory(id);
                                done(std::move(deleted));
                              });
}

void CachingCatalogConnection::AsyncGetProduct(v1::GetProductRequest const& request, CallOptions const& opts,
                                               Completion<Shared<v1::Product>> done) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetProduct(request.product_id())) return done(std::move(hit));
  }
  inner()->AsyncGetProduct(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncGetProductBySku(v1::GetProductBySkuRequest const& request,
                                                    CallOptions const& opts,
                                                    Completion<Shared<v1::GetProductBySkuResponse>> done) {
  if (!opts.bypass_cache) {
    if (auto hit = cache_->GetProductBySku(request.sku())) return done(std::move(hit));
  }
  inner()->AsyncGetProductBySku(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncBatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                     CallOptions const& opts,
                                                     Completion<v1::BatchGetProductsResponse> done) {
  auto read = LookUp(*cache_, request, opts);
  if (read.misses.product_ids().empty()) return done(Merge(*cache_, std::move(read), v1::BatchGetProductsResponse()));
  auto misses = read.misses;
  inner()->AsyncBatchGetProducts(
      misses, opts,
      [cache = cache_, read = std::move(read), done = std::move(done)](
          StatusOr<v1::BatchGetProductsResponse> fetched) mutable {
        done(Merge(*cache, std::move(read), std::move(fetched)));
      });
}

void CachingCatalogConnection::AsyncCreateProduct(v1::CreateProductRequest const& request, CallOptions const& opts,
                                                  Completion<v1::Product> done) {
  inner()->AsyncCreateProduct(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncUpdateProduct(v1::UpdateProductRequest const& request, CallOptions const& opts,
                                                  Completion<v1::Product> done) {
  inner()->AsyncUpdateProduct(request, opts, Filling(cache_, std::move(done)));
}

void CachingCatalogConnection::AsyncArchiveProduct(v1::ArchiveProductRequest const& request, CallOptions const& opts,
                                                   Completion<v1::Product> done) {
  inner()->AsyncArchiveProduct(request, opts, Filling(cache_, std::move(done)));
}

Shared<v1::Product> CachingCatalogConnection::CachedProduct(std::string_view product_id) {
  return cache_->GetProduct(product_id, CacheCount::kHitsOnly);
}

Shared<v1::Category> CachingCatalogConnection::CachedCategory(std::string_view category_id) {
  return cache_->GetCategory(category_id, CacheCount::kHitsOnly);
}

Shared<v1::GetProductBySkuResponse> CachingCatalogConnection::CachedProductBySku(std::string_view sku) {
  return cache_->GetProductBySku(sku, CacheCount::kHitsOnly);
}

void CachingCatalogConnection::ClearCache() { cache_->DropAll(); }

CacheStats CachingCatalogConnection::cache_stats() const { return cache_->Stats(); }

void CachingCatalogConnection::ApplyEvent(v1::EventEnvelope const& event) { cache_->ApplyEvent(event); }

void CachingCatalogConnection::DropAll() { cache_->DropAll(); }

std::shared_ptr<CatalogConnection> WithCatalogCache(std::shared_ptr<CatalogConnection> inner, Options const& options,
                                                    std::shared_ptr<v1::CatalogService::StubInterface> stub) {
  if (!options.cache.enabled) return inner;
  auto watch_stub = options.cache.watch_changes ? std::move(stub) : nullptr;
  return std::make_shared<CachingCatalogConnection>(std::move(inner), options, std::move(watch_stub));
}

}  // namespace mercato::internal
