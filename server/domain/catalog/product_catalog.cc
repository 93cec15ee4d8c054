// Product reads and edits. Reads consult the listing cache under the current generation; edits
// bump the generation after commit so that the writer's next read is never older than its write.
#include "server/domain/catalog/product_catalog.h"

#include <google/protobuf/util/time_util.h>

#include <unordered_set>

#include "server/domain/catalog/category_path.h"
#include "server/domain/page_token.h"
#include "server/domain/catalog/product_rules.h"
#include "server/domain/catalog/product_visibility.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/fingerprint.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

constexpr int kMaxBatchGet = 100;

v1::ProductSort EffectiveSort(v1::ListProductsRequest const& request) {
  if (request.sort() != v1::PRODUCT_SORT_UNSPECIFIED) return request.sort();
  return request.query().empty() ? v1::PRODUCT_SORT_NAME : v1::PRODUCT_SORT_RELEVANCE;
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A cache entry is typed by its prefix and filed under the generation it was read at.
std::string CacheKey(std::int64_t generation, std::string_view kind, std::string const& id) {
  return "catalog:" + std::string(kind) + ":" + std::to_string(generation) + ":" + id;
}

template <typename Message>
std::optional<Message> CachedMessage(ListingCache& cache, std::string const& key) {
  auto bytes = cache.Get(key);
  Message message;
  if (!bytes || !message.ParseFromString(*bytes)) return std::nullopt;
  return message;
}

}  // namespace

Result<v1::Product> ProductCatalog::GetProduct(std::string const& product_id, Principal const& caller) {
  if (product_id.empty()) return InvalidArgument("product_id", "product_id is required");
  auto const generation = context_.store.CatalogGeneration();
  if (generation) {
    if (auto cached = CachedMessage<v1::Product>(context_.cache, CacheKey(*generation, "product", product_id))) {
      if (!ProductVisibleTo(*cached, caller)) return NotFound("product", product_id);
      return *std::move(cached);
    }
  }
  auto found = context_.store.FindProduct(product_id);
  if (!found) return found.error();
  if (!*found) return NotFound("product", product_id);
  if (generation) {
    context_.cache.Put(CacheKey(*generation, "product", product_id), (*found)->SerializeAsString(),
                       context_.settings.listing_ttl);
  }
  if (!ProductVisibleTo(**found, caller)) return NotFound("product", product_id);
  return **std::move(found);
}

Result<v1::GetProductBySkuResponse> ProductCatalog::GetProductBySku(std::string const& sku, Principal const& caller) {
  if (sku.empty()) return InvalidArgument("sku", "sku is required");
  auto found = context_.store.FindProductBySku(sku);
  if (!found) return found.error();
  if (!*found || !ProductVisibleTo(**found, caller)) return NotFound("sku", sku);
  v1::GetProductBySkuResponse response;
  for (auto const& variant : (*found)->variants()) {
    if (variant.sku() == sku) response.set_variant_id(variant.id());
  }
  *response.mutable_product() = **std::move(found);
  return response;
}

Result<v1::ListProductsResponse> ProductCatalog::ListProducts(v1::ListProductsRequest const& request,
                                                              Principal const& caller) {
  auto const& settings = context_.settings;
  auto page = ReadPageRequest(request, settings.default_page_size, settings.max_page_size);
  if (!page) return page.error();
  int const page_size = page->size;
  auto const status = request.has_status() ? request.status() : v1::PRODUCT_STATUS_ACTIVE;
  if (status == v1::PRODUCT_STATUS_UNSPECIFIED) {
    return InvalidArgument("status", "status must be ACTIVE, DRAFT or ARCHIVED when set");
  }
  if (status != v1::PRODUCT_STATUS_ACTIVE && !caller.IsStaff()) {
    return StaffRequired("listing DRAFT or ARCHIVED products");
  }
  bool const has_price_bound = request.has_min_price_minor() || request.has_max_price_minor();
  if (has_price_bound && !IsCurrencyCode(request.currency_code())) {
    return InvalidArgument("currency_code", "currency_code (ISO 4217, e.g. \"GBP\") is required with a price bound");
  }
  if ((request.has_min_price_minor() && request.min_price_minor() < 0) ||
      (request.has_max_price_minor() && request.max_price_minor() < 0)) {
    return InvalidArgument("min_price_minor", "price bounds must not be negative");
  }
  if (request.has_min_price_minor() && request.has_max_price_minor() &&
      request.min_price_minor() > request.max_price_minor()) {
    return InvalidArgument("min_price_minor", "min_price_minor is greater than max_price_minor");
  }
  auto const sort = EffectiveSort(request);
  if (!v1::ProductSort_IsValid(sort)) return InvalidArgument("sort", "unknown sort");
  if (sort == v1::PRODUCT_SORT_RELEVANCE && request.query().empty()) {
    return InvalidArgument("sort", "RELEVANCE sort needs a query");
  }

  ProductQuery query;
  query.after = page->after;

  auto const generation = context_.store.CatalogGeneration();
  v1::ListProductsRequest cache_identity = request;
  cache_identity.set_page_size(page_size);
  std::string const cache_key =
      generation ? CacheKey(*generation, caller.IsStaff() ? "list-staff" : "list", Fingerprint(cache_identity)) : "";
  if (generation) {
    if (auto cached = CachedMessage<v1::ListProductsResponse>(context_.cache, cache_key)) return *std::move(cached);
  }

  if (request.has_category_id()) {
    auto category = context_.store.FindCategory(request.category_id());
    if (!category) return category.error();
    if (!*category) return NotFound("category", request.category_id());
    query.category_path = CategoryPath(**category);
    query.include_descendants = !request.has_include_descendants() || request.include_descendants();
  }
  query.text = Lowercase(request.query());
  if (request.has_min_price_minor()) query.min_price_minor = request.min_price_minor();
  if (request.has_max_price_minor()) query.max_price_minor = request.max_price_minor();
  query.currency_code = request.currency_code();
  query.in_stock_only = request.in_stock_only();
  query.status = status;
  query.sort = sort;
  query.limit = page_size + 1;

  auto rows = context_.store.ListProducts(query);
  if (!rows) return rows.error();
  v1::ListProductsResponse response;
  bool const more = CutToPage(*rows, page_size);
  for (auto& row : *rows) *response.add_products() = std::move(row.product);
  if (more) response.set_next_page_token(NextPageToken(*page, rows->back().key));
  if (generation) context_.cache.Put(cache_key, response.SerializeAsString(), context_.settings.listing_ttl);
  return response;
}

Result<v1::BatchGetProductsResponse> ProductCatalog::BatchGetProducts(v1::BatchGetProductsRequest const& request,
                                                                      Principal const& caller) {
  if (request.product_ids_size() > kMaxBatchGet) {
    return InvalidArgument("product_ids", "at most 100 product ids per call");
  }
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  for (auto const& id : request.product_ids()) {
    if (id.empty()) return InvalidArgument("product_ids", "product ids must not be empty");
    if (seen.insert(id).second) ids.push_back(id);
  }
  auto found = context_.store.FindProducts(ids);
  if (!found) return found.error();
  std::unordered_map<std::string, v1::Product*> by_id;
  for (auto& product : *found) by_id[product.id()] = &product;
  v1::BatchGetProductsResponse response;
  for (auto const& id : ids) {
    auto hit = by_id.find(id);
    if (hit == by_id.end() || !ProductVisibleTo(*hit->second, caller)) {
      response.add_missing_ids(id);
    } else {
      *response.add_products() = std::move(*hit->second);
    }
  }
  return response;
}

Result<v1::Product> ProductCatalog::CreateProduct(v1::CreateProductRequest const& request, Principal const& caller) {
  v1::Product product = request.product();
  product.clear_id();
  product.clear_created_at();
  product.clear_updated_at();
  for (auto& variant : *product.mutable_variants()) {
    variant.clear_id();
    variant.set_version(1);
    variant.set_in_stock(false);
    variant.set_available_quantity(0);
  }
  if (auto valid = NormalizeProduct(product, context_.ids); !valid) return valid.error();
  if (auto category = CheckCategoryExists(product.category_id()); !category) return category.error();
  product.set_id(context_.ids.NewId());
  product.set_version(1);
  *product.mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(context_.clock.NowMicros());
  return Save(std::move(product), v1::CATALOG_CHANGE_KIND_CREATED, 0, "catalog.CreateProduct", request,
              request.request_id(), caller);
}

Result<v1::Product> ProductCatalog::UpdateProduct(v1::UpdateProductRequest const& request, Principal const& caller) {
  if (request.product().id().empty()) return InvalidArgument("product.id", "product.id is required");
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  // Versions are compared by the store, atomically; a replayed request must reach its
  // idempotency check even though the product has moved on since.
  auto current = context_.store.FindProduct(request.product().id());
  if (!current) return current.error();
  if (!*current) return NotFound("product", request.product().id());
  auto updated = ApplyProductMask(**current, request.product(), request.update_mask());
  if (!updated) return updated.error();
  if (auto valid = NormalizeProduct(*updated, context_.ids); !valid) return valid.error();
  if (updated->category_id() != (*current)->category_id()) {
    if (auto category = CheckCategoryExists(updated->category_id()); !category) return category.error();
  }
  updated->set_version(request.expected_version() + 1);
  return Save(*std::move(updated), v1::CATALOG_CHANGE_KIND_UPDATED, request.expected_version(),
              "catalog.UpdateProduct", request, request.request_id(), caller);
}

Result<v1::Product> ProductCatalog::ArchiveProduct(v1::ArchiveProductRequest const& request, Principal const& caller) {
  if (request.product_id().empty()) return InvalidArgument("product_id", "product_id is required");
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto current = context_.store.FindProduct(request.product_id());
  if (!current) return current.error();
  if (!*current) return NotFound("product", request.product_id());
  v1::Product archived = **std::move(current);
  archived.set_status(v1::PRODUCT_STATUS_ARCHIVED);
  archived.set_version(request.expected_version() + 1);
  return Save(std::move(archived), v1::CATALOG_CHANGE_KIND_ARCHIVED, request.expected_version(),
              "catalog.ArchiveProduct", request, request.request_id(), caller);
}

Result<v1::Product> ProductCatalog::Save(v1::Product product, v1::CatalogChangeKind kind,
                                         std::int64_t expected_version, std::string const& operation,
                                         google::protobuf::Message const& request, std::string const& request_id,
                                         Principal const& caller) {
  auto const now = context_.clock.NowMicros();
  *product.mutable_updated_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now);
  v1::ProductUpdated payload;
  *payload.mutable_product() = product;
  payload.set_change_kind(kind);
  EventContext const event_context{context_.ids.NewId(), now, request_id, caller.actor()};

  ProductWrite write;
  write.event = MakeEvent(event_context, "catalog.product.updated", "product", product.id(), product.version(),
                          payload);
  write.product = std::move(product);
  write.idempotency = {operation, request_id, FingerprintWithoutRequestId(request)};

  return kind == v1::CATALOG_CHANGE_KIND_CREATED ? context_.store.InsertProduct(write)
                                                 : context_.store.UpdateProduct(write, expected_version);
}

Status ProductCatalog::CheckCategoryExists(std::string const& category_id) {
  auto category = context_.store.FindCategory(category_id);
  if (!category) return category.error();
  if (!*category) {
    return InvalidArgument("product.category_id", "category '" + category_id + "' does not exist");
  }
  return Ok();
}

}  // namespace mercato::domain
