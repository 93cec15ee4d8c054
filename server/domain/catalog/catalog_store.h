// Port: where products and categories live (SQLite embedded, PostgreSQL in production). Every
// write runs in one transaction together with its outbox event and its idempotency key.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/events.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// Every product sort is a keyset over (number, text, id): number and text are computed by the
// store per sort (see ProductQuery).
using ProductSortKey = SortKey;

struct ProductQuery {
  // Category filter: the category's path (see CategoryPath) and whether descendants match too.
  std::optional<std::string> category_path;
  bool include_descendants = true;
  // Lower-cased text that must occur in the product's search text; empty matches all.
  std::string text;
  std::optional<std::int64_t> min_price_minor;
  std::optional<std::int64_t> max_price_minor;
  std::string currency_code;  // required by the price bounds
  bool in_stock_only = false;
  v1::ProductStatus status = v1::PRODUCT_STATUS_ACTIVE;
  // NAME: (0, name key); PRICE_ASC/DESC: (cheapest price, ""); NEWEST: (created_at_us, "");
  // RELEVANCE: (rank, name key) with rank 0 = name starts with text, 1 = name contains it,
  // 2 = matched elsewhere. PRICE_DESC and NEWEST order `number` descending.
  v1::ProductSort sort = v1::PRODUCT_SORT_NAME;
  std::optional<ProductSortKey> after;  // keyset: return rows strictly after this key
  int limit = 50;
};

struct ListedProduct {
  v1::Product product;
  ProductSortKey key;
};

// What a write saves: the entity after the change, the event recording it, and the idempotency
// key. `response` is what a replay of the same key returns (serialized by the store).
struct ProductWrite {
  v1::Product product;
  v1::EventEnvelope event;
  IdempotencyKey idempotency;
};

struct CategoryWrite {
  v1::Category category;
  v1::EventEnvelope event;
  IdempotencyKey idempotency;
  // A move re-paths the whole subtree: the store bumps each descendant's version and appends the
  // event this makes of the descendant as re-pathed, so that cached breadcrumbs follow the move.
  std::function<v1::EventEnvelope(v1::Category const&)> descendant_event;
};

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  // Categories come back with ancestor_ids derived from their stored path (CategoryPath).
  virtual Result<std::optional<v1::Category>> FindCategory(std::string const& id) = 0;
  // All categories, ordered by path-then-position depth first, or the direct children of
  // `parent_id` ("" = the roots) ordered by position, name.
  virtual Result<std::vector<v1::Category>> ListCategories(std::optional<std::string> const& parent_id) = 0;
  // Whether any category has this parent or any product (of any status) is in this category.
  virtual Result<bool> CategoryHasChildrenOrProducts(std::string const& id) = 0;

  virtual Result<std::optional<v1::Product>> FindProduct(std::string const& id) = 0;
  virtual Result<std::optional<v1::Product>> FindProductBySku(std::string const& sku) = 0;
  // The products that have any of `skus`, each once, in no particular order.
  virtual Result<std::vector<v1::Product>> FindProductsBySkus(std::vector<std::string> const& skus) = 0;
  virtual Result<std::vector<v1::Product>> FindProducts(std::vector<std::string> const& ids) = 0;
  virtual Result<std::vector<ListedProduct>> ListProducts(ProductQuery const& query) = 0;
  virtual Result<std::int64_t> CountProducts() = 0;

  // The catalog generation: every write below but SetAvailableQuantity bumps it in its own
  // transaction. Read it before
  // reading the store, so that a result computed from older data is filed under an older
  // generation, which nobody reads again (ListingCache).
  virtual Result<std::int64_t> CatalogGeneration() = 0;

  // Inserts a new category/product. A taken slug or SKU is ALREADY_EXISTS reason DUPLICATE with
  // metadata {"field": "slug"|"sku", "value": ...}. With an idempotency key seen before, returns
  // the first result (same fingerprint) or IDEMPOTENCY_KEY_REUSED, and writes nothing.
  virtual Result<v1::Category> InsertCategory(CategoryWrite const& write) = 0;
  virtual Result<v1::Product> InsertProduct(ProductWrite const& write) = 0;

  // Replaces an existing entity when its stored version equals `expected_version` (the new
  // entity carries the next version); otherwise ABORTED VERSION_MISMATCH naming the current one.
  // Moving a category rewrites its descendants' paths in the same transaction.
  virtual Result<v1::Category> UpdateCategory(CategoryWrite const& write, std::int64_t expected_version) = 0;
  virtual Result<v1::Product> UpdateProduct(ProductWrite const& write, std::int64_t expected_version) = 0;

  virtual Result<v1::Category> DeleteCategory(CategoryWrite const& write, std::int64_t expected_version) = 0;

  // Seeding and stock summaries: sets a variant's available quantity (and the product's in-stock
  // flag) without a version bump, event or generation bump. Used by the seed until the inventory service owns it.
  virtual Status SetAvailableQuantity(std::string const& sku, std::int64_t quantity) = 0;
};

}  // namespace mercato::domain
