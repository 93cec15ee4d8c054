// Catalog reads and transactional writes in SQL shared by SQLite and PostgreSQL.
#include "server/adapters/sql/sql_catalog_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/product_columns.h"
#include "server/adapters/sql/product_listing_sql.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/catalog/category_path.h"

namespace mercato::adapters {
namespace {

using domain::Error;
using domain::Result;
using domain::Status;
using google::protobuf::util::TimeUtil;

constexpr char kCategoryColumns[] = "id, parent_id, name, slug, path, position, version, created_at_us, updated_at_us";
constexpr std::size_t kMaxIdsPerStatement = 500;

Error Duplicate(std::string const& field, std::string const& value, std::string const& owner) {
  return {domain::ErrorKind::kAlreadyExists, "DUPLICATE",
          field + " '" + value + "' is already used by another " + owner,
          {{"field", field}, {"value", value}}};
}

Error CategoryNotEmpty(std::string const& id) {
  return {domain::ErrorKind::kFailedPrecondition, "CATEGORY_NOT_EMPTY",
          "category '" + id + "' still has sub-categories or products; move or archive them first",
          {{"resource", "category/" + id}}};
}

void SetAncestorsFromPath(v1::Category& category, std::string const& path) {
  category.clear_ancestor_ids();
  for (auto& ancestor : domain::AncestorIdsFromPath(path)) category.add_ancestor_ids(std::move(ancestor));
}

Result<v1::Category> CategoryFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::Category category;
  category.set_id(row.Text("id"));
  category.set_parent_id(row.Text("parent_id"));
  category.set_name(row.Text("name"));
  category.set_slug(row.Text("slug"));
  SetAncestorsFromPath(category, row.Text("path"));
  category.set_position(static_cast<std::int32_t>(row.Int64("position")));
  category.set_version(row.Int64("version"));
  *category.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("created_at_us"));
  *category.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return category;
}

Result<std::vector<v1::Category>> CategoriesFromRows(SqlRows const& rows) {
  std::vector<v1::Category> categories;
  categories.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto category = CategoryFromRow(rows, i);
    if (!category) return category.error();
    categories.push_back(std::move(category).value());
  }
  return categories;
}

bool SiblingOrder(v1::Category const& a, v1::Category const& b) {
  if (a.position() != b.position()) return a.position() < b.position();
  return std::tie(a.name(), a.id()) < std::tie(b.name(), b.id());
}

// The whole tree depth first, siblings by position then name. A category whose parent is missing
// (never written by this store) comes last with its subtree rather than being lost.
std::vector<v1::Category> DepthFirst(std::vector<v1::Category> all) {
  std::sort(all.begin(), all.end(), SiblingOrder);
  std::unordered_map<std::string, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < all.size(); ++i) children[all[i].parent_id()].push_back(i);
  std::vector<v1::Category> ordered;
  ordered.reserve(all.size());
  std::vector<bool> placed(all.size(), false);
  auto const visit = [&](auto const& self, std::size_t index) -> void {
    placed[index] = true;
    ordered.push_back(all[index]);
    for (std::size_t child : children[all[index].id()]) {
      if (!placed[child]) self(self, child);
    }
  };
  for (std::size_t root : children[""]) visit(visit, root);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!placed[i]) visit(visit, i);
  }
  return ordered;
}

Result<v1::Product> ProductFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Product>(*document);
}

// Why a versioned UPDATE or DELETE changed no row: the row is gone, or at another version.
Error VersionConflict(SqlSession& session, std::string const& table, std::string const& resource,
                      std::string const& id, std::int64_t expected) {
  auto rows = session.Exec("SELECT version FROM " + table + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return domain::NotFound(resource, id);
  auto current = GetInt64(*rows, 0, "version");
  if (!current) return current.error();
  return domain::VersionMismatch(resource, id, expected, *current);
}

// The materialised path of category `id` placed under `parent_id`, from the parent's stored path
// (read-locked in PostgreSQL, so that the parent cannot move or vanish before this commits).
Result<std::string> PathUnder(SqlSession& session, std::string const& parent_id, std::string const& id) {
  if (parent_id.empty()) return "/" + id + "/";
  auto rows = session.Exec("SELECT path FROM categories WHERE id = $1" + RowLock(session, "FOR SHARE"), {parent_id});
  if (!rows) return rows.error();
  if (rows->empty()) {
    return domain::InvalidArgument("category.parent_id", "parent category '" + parent_id + "' does not exist");
  }
  auto parent_path = GetText(*rows, 0, "path");
  if (!parent_path) return parent_path.error();
  if (parent_path->find("/" + id + "/") != std::string::npos) {
    return domain::InvalidArgument("category.parent_id",
                                   "a category cannot move under itself or one of its descendants");
  }
  // Checked here, under the parent's lock, as well as by the domain before: a concurrent move of
  // the parent's branch may have deepened it since.
  if (domain::PathDepth(*parent_path) + 1 > domain::kMaxCategoryDepth) {
    return domain::InvalidArgument("category.parent_id", "categories nest at most " +
                                                             std::to_string(domain::kMaxCategoryDepth) + " levels deep");
  }
  return *parent_path + id + "/";
}

// A move re-paths the whole subtree, so its deepest descendant must still fit the depth limit.
Status CheckSubtreeDepth(SqlSession& session, std::string const& old_path, std::string const& new_path,
                         std::string const& id) {
  // Locking the subtree first waits out inserts under it (they read-lock their parent), so the
  // depth read next sees every descendant the move will re-path.
  auto locked = session.Exec("SELECT id FROM categories WHERE substr(path, 1, length($1)) = $1" +
                                 RowLock(session, "FOR UPDATE"),
                             {old_path});
  if (!locked) return locked.error();
  auto rows = session.Exec(
      "SELECT MAX(LENGTH(path) - LENGTH(REPLACE(path, '/', ''))) AS slashes FROM categories "
      "WHERE substr(path, 1, length($1)) = $1",
      {old_path});
  if (!rows) return rows.error();
  SqlRowReader row(*rows, 0);
  auto const deepest_below = static_cast<int>(row.Int64("slashes")) - 1 - domain::PathDepth(old_path);
  if (row.error()) return *row.error();
  int const deepest = domain::PathDepth(new_path) + deepest_below;
  if (deepest > domain::kMaxCategoryDepth) {
    return domain::InvalidArgument("category.parent_id",
                                   "moving category '" + id + "' there would put its deepest sub-category at level " +
                                       std::to_string(deepest) + "; categories nest at most " +
                                       std::to_string(domain::kMaxCategoryDepth) + " levels deep");
  }
  return domain::Ok();
}

Error CategoryWriteError(Error error, v1::Category const& category) {
  if (IsUniqueViolation(error, "categories", "parent_id,slug")) {
    return Duplicate("slug", category.slug(), "category under the same parent");
  }
  return error;
}

// The products row of `product`: column names and values in the same order.
Result<std::vector<std::pair<std::string, SqlParam>>> ProductRow(v1::Product const& product) {
  auto document = ToJson(product);
  if (!document) return document.error();
  auto columns = ColumnsOf(product);
  return std::vector<std::pair<std::string, SqlParam>>{
      {"id", product.id()},
      {"category_id", product.category_id()},
      {"slug", product.slug()},
      {"name", product.name()},
      {"name_key", std::move(columns.name_key)},
      {"search_text", std::move(columns.search_text)},
      {"status", std::to_string(product.status())},
      {"min_price_minor", std::to_string(columns.min_price_minor)},
      {"currency_code", std::move(columns.currency_code)},
      {"in_stock", columns.in_stock ? "1" : "0"},
      {"version", std::to_string(product.version())},
      {"created_at_us", Micros(product.created_at())},
      {"updated_at_us", Micros(product.updated_at())},
      {"document", std::move(document).value()},
  };
}

Error ProductWriteError(Error error, v1::Product const& product) {
  if (IsUniqueViolation(error, "products", "slug")) return Duplicate("slug", product.slug(), "product");
  if (IsForeignKeyViolation(error)) {
    return domain::InvalidArgument("product.category_id", "category '" + product.category_id() + "' does not exist");
  }
  return error;
}

// One row per SKU: the unique key makes a SKU belong to one product at most.
Status InsertVariants(SqlSession& session, v1::Product const& product) {
  for (auto const& variant : product.variants()) {
    auto inserted =
        session.Exec("INSERT INTO variants (sku, product_id) VALUES ($1, $2)", {variant.sku(), product.id()});
    if (!inserted) {
      if (IsUniqueViolation(inserted.error(), "variants", "sku")) return Duplicate("sku", variant.sku(), "product");
      return inserted.error();
    }
  }
  return domain::Ok();
}

// Every catalog write bumps the generation in its own transaction (see CatalogGeneration); the
// row lock also orders the bumps as the writes commit. It moves to at least the current time in
// microseconds, so that it never repeats one handed out before, even when the database loses
// acknowledged commits (restored from a backup, failed over to an asynchronous replica): cached
// listings filed under a lost generation are never read again.
domain::Status BumpCatalogGeneration(SqlSession& session, std::int64_t now_us) {
  auto bumped = session.Exec(
      "UPDATE catalog_generation SET generation = CASE WHEN generation + 1 > CAST($1 AS BIGINT) "
      "THEN generation + 1 ELSE CAST($1 AS BIGINT) END WHERE id = 1",
      {std::to_string(now_us)});
  if (!bumped) return bumped.error();
  return domain::Ok();
}

}  // namespace

SqlCatalogStore::SqlCatalogStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

Result<std::optional<v1::Category>> SqlCatalogStore::FindCategory(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kCategoryColumns + " FROM categories WHERE id = $1", {id}),
                    &CategoryFromRow);
  });
}

Result<std::vector<v1::Category>> SqlCatalogStore::ListCategories(std::optional<std::string> const& parent_id) {
  auto categories = InRead(db_, [&](SqlSession& session) -> Result<std::vector<v1::Category>> {
    std::string sql = std::string("SELECT ") + kCategoryColumns + " FROM categories";
    SqlParams params;
    if (parent_id) {
      sql += " WHERE parent_id = $1";
      params.push_back(*parent_id);
    }
    auto rows = session.Exec(sql, params);
    if (!rows) return rows.error();
    return CategoriesFromRows(*rows);
  });
  if (!categories) return categories;
  // Ordered here rather than in SQL so that names compare byte-wise in both engines.
  if (!parent_id) return DepthFirst(std::move(categories).value());
  std::sort(categories->begin(), categories->end(), SiblingOrder);
  return categories;
}

Result<bool> SqlCatalogStore::CategoryHasChildrenOrProducts(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) -> Result<bool> {
    auto rows = session.Exec(
        "SELECT (EXISTS (SELECT 1 FROM categories WHERE parent_id = $1) OR "
        "EXISTS (SELECT 1 FROM products WHERE category_id = $1)) AS busy",
        {id});
    if (!rows) return rows.error();
    return GetBool(*rows, 0, "busy");
  });
}

Result<std::optional<v1::Product>> SqlCatalogStore::FindProduct(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec("SELECT document FROM products WHERE id = $1", {id}), &ProductFromRow);
  });
}

Result<std::optional<v1::Product>> SqlCatalogStore::FindProductBySku(std::string const& sku) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(
        "SELECT p.document AS document FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
        {sku}), &ProductFromRow);
  });
}

Result<std::vector<v1::Product>> SqlCatalogStore::FindProductsBySkus(std::vector<std::string> const& skus) {
  if (skus.empty()) return std::vector<v1::Product>();
  SqlParamList params;
  std::string in;
  for (auto const& sku : skus) in += (in.empty() ? "" : ", ") + params.Add(sku);
  return InRead(db_, [&](SqlSession& session) {
    return AllRows(session.Exec("SELECT p.document AS document FROM products p WHERE p.id IN "
                                "(SELECT v.product_id FROM variants v WHERE v.sku IN (" + in + "))",
                                params.params()),
                   &ProductFromRow);
  });
}

Result<std::vector<v1::Product>> SqlCatalogStore::FindProducts(std::vector<std::string> const& ids) {
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  for (auto const& id : ids) {
    if (seen.insert(id).second) unique.push_back(id);
  }
  auto found = InRead(db_, [&](SqlSession& session) -> Result<std::unordered_map<std::string, v1::Product>> {
    std::unordered_map<std::string, v1::Product> by_id;
    for (std::size_t begin = 0; begin < unique.size(); begin += kMaxIdsPerStatement) {
      SqlParamList params;
      std::string list;
      for (std::size_t i = begin; i < std::min(unique.size(), begin + kMaxIdsPerStatement); ++i) {
        list += (list.empty() ? "" : ", ") + params.Add(unique[i]);
      }
      auto rows = session.Exec("SELECT document FROM products WHERE id IN (" + list + ")", params.params());
      if (!rows) return rows.error();
      for (std::size_t i = 0; i < rows->size(); ++i) {
        auto product = ProductFromRow(*rows, i);
        if (!product) return product.error();
        std::string id = product->id();
        by_id.emplace(std::move(id), std::move(product).value());
      }
    }
    return by_id;
  });
  if (!found) return found.error();
  std::vector<v1::Product> products;
  for (auto const& id : unique) {
    auto hit = found->find(id);
    if (hit != found->end()) products.push_back(std::move(hit->second));
  }
  return products;
}

Result<std::vector<domain::ListedProduct>> SqlCatalogStore::ListProducts(domain::ProductQuery const& query) {
  auto const listing = BuildProductListingSql(query);
  return InRead(db_, [&](SqlSession& session) -> Result<std::vector<domain::ListedProduct>> {
    auto rows = session.Exec(listing.sql, listing.params);
    if (!rows) return rows.error();
    std::vector<domain::ListedProduct> listed;
    listed.reserve(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      auto product = ProductFromRow(*rows, i);
      if (!product) return product.error();
      SqlRowReader row(*rows, i);
      domain::ProductSortKey key{row.Int64("sort_number"), row.Text("sort_text"), row.Text("id")};
      if (row.error()) return *row.error();
      listed.push_back({std::move(product).value(), std::move(key)});
    }
    return listed;
  });
}

Result<std::int64_t> SqlCatalogStore::CatalogGeneration() {
  return InRead(db_, [&](SqlSession& session) -> Result<std::int64_t> {
    auto rows = session.Exec("SELECT generation FROM catalog_generation WHERE id = 1");
    if (!rows) return rows.error();
    return GetInt64(*rows, 0, "generation");
  });
}

Result<std::int64_t> SqlCatalogStore::CountProducts() {
  return InRead(db_, [&](SqlSession& session) -> Result<std::int64_t> {
    auto rows = session.Exec("SELECT COUNT(*) AS product_count FROM products");
    if (!rows) return rows.error();
    return GetInt64(*rows, 0, "product_count");
  });
}

Result<v1::Category> SqlCatalogStore::InsertCategory(domain::CategoryWrite const& write) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Category>(session, write.idempotency, now_us, [&]() -> Result<v1::Category> {
      v1::Category category = write.category;
      auto path = PathUnder(session, category.parent_id(), category.id());
      if (!path) return path.error();
      SetAncestorsFromPath(category, *path);
      auto inserted = session.Exec(
          "INSERT INTO categories (id, parent_id, name, slug, path, position, version, created_at_us, updated_at_us) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
          {category.id(), category.parent_id(), category.name(), category.slug(), *path,
           std::to_string(category.position()), std::to_string(category.version()), Micros(category.created_at()),
           Micros(category.updated_at())});
      if (!inserted) return CategoryWriteError(inserted.error(), category);
      if (auto appended = AppendToOutbox(session, write.event); !appended) return appended.error();
      if (auto bumped = BumpCatalogGeneration(session, clock_.NowMicros()); !bumped) return bumped.error();
      return category;
    });
  });
}

Result<v1::Category> SqlCatalogStore::UpdateCategory(domain::CategoryWrite const& write,
                                                     std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Category>(session, write.idempotency, now_us, [&]() -> Result<v1::Category> {
      v1::Category category = write.category;
      auto current = session.Exec("SELECT path, version FROM categories WHERE id = $1" +
                                      RowLock(session, "FOR UPDATE"),
                                  {category.id()});
      if (!current) return current.error();
      if (current->empty()) return domain::NotFound("category", category.id());
      SqlRowReader row(*current, 0);
      std::string const old_path = row.Text("path");
      std::int64_t const version = row.Int64("version");
      if (row.error()) return *row.error();
      if (version != expected_version) {
        return domain::VersionMismatch("category", category.id(), expected_version, version);
      }
      auto path = PathUnder(session, category.parent_id(), category.id());
      if (!path) return path.error();
      SetAncestorsFromPath(category, *path);

      auto updated = session.Exec(
          "UPDATE categories SET parent_id = $2, name = $3, slug = $4, path = $5, position = $6, version = $7, "
          "created_at_us = $8, updated_at_us = $9 WHERE id = $1",
          {category.id(), category.parent_id(), category.name(), category.slug(), *path,
           std::to_string(category.position()), std::to_string(category.version()), Micros(category.created_at()),
           Micros(category.updated_at())});
      if (!updated) return CategoryWriteError(updated.error(), category);
      if (*path != old_path) {
        if (auto fits = CheckSubtreeDepth(session, old_path, *path, category.id()); !fits) return fits.error();
        auto moved = session.Exec(
            "UPDATE categories SET path = $1 || substr(path, length($2) + 1), version = version + 1, "
            "updated_at_us = $4 WHERE substr(path, 1, length($2)) = $2 AND id <> $3 RETURNING " +
                std::string(kCategoryColumns),
            {*path, old_path, category.id(), Micros(category.updated_at())});
        if (!moved) return moved.error();
        for (std::size_t i = 0; i < moved->size(); ++i) {
          auto descendant = CategoryFromRow(*moved, i);
          if (!descendant) return descendant.error();
          if (!write.descendant_event) continue;
          if (auto appended = AppendToOutbox(session, write.descendant_event(*descendant)); !appended) {
            return appended.error();
          }
        }
      }
      if (auto appended = AppendToOutbox(session, write.event); !appended) return appended.error();
      if (auto bumped = BumpCatalogGeneration(session, clock_.NowMicros()); !bumped) return bumped.error();
      return category;
    });
  });
}

Result<v1::Category> SqlCatalogStore::DeleteCategory(domain::CategoryWrite const& write,
                                                     std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  std::string const& id = write.category.id();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Category>(session, write.idempotency, now_us, [&]() -> Result<v1::Category> {
      // Deleting first locks the row, so that a concurrent insert under it (which read-locks its
      // parent) either finished before (and is seen below) or fails to find its parent.
      auto deleted = session.Exec("DELETE FROM categories WHERE id = $1 AND version = CAST($2 AS BIGINT)",
                                  {id, std::to_string(expected_version)});
      if (!deleted) {
        if (IsForeignKeyViolation(deleted.error())) return CategoryNotEmpty(id);
        return deleted.error();
      }
      if (deleted->affected == 0) return VersionConflict(session, "categories", "category", id, expected_version);
      auto children = session.Exec("SELECT id FROM categories WHERE parent_id = $1 LIMIT 1", {id});
      if (!children) return children.error();
      if (!children->empty()) return CategoryNotEmpty(id);
      if (auto appended = AppendToOutbox(session, write.event); !appended) return appended.error();
      if (auto bumped = BumpCatalogGeneration(session, clock_.NowMicros()); !bumped) return bumped.error();
      return write.category;
    });
  });
}

Result<v1::Product> SqlCatalogStore::InsertProduct(domain::ProductWrite const& write) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Product>(session, write.idempotency, now_us, [&]() -> Result<v1::Product> {
      auto row = ProductRow(write.product);
      if (!row) return row.error();
      SqlParamList params;
      std::string columns;
      std::string values;
      for (auto& [column, value] : *row) {
        columns += (columns.empty() ? "" : ", ") + column;
        values += (values.empty() ? "" : ", ") + params.Add(std::move(value));
      }
      auto inserted =
          session.Exec("INSERT INTO products (" + columns + ") VALUES (" + values + ")", params.params());
      if (!inserted) return ProductWriteError(inserted.error(), write.product);
      if (auto variants = InsertVariants(session, write.product); !variants) return variants.error();
      if (auto appended = AppendToOutbox(session, write.event); !appended) return appended.error();
      if (auto bumped = BumpCatalogGeneration(session, clock_.NowMicros()); !bumped) return bumped.error();
      return write.product;
    });
  });
}

Result<v1::Product> SqlCatalogStore::UpdateProduct(domain::ProductWrite const& write, std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  std::string const& id = write.product.id();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Product>(session, write.idempotency, now_us, [&]() -> Result<v1::Product> {
      auto row = ProductRow(write.product);
      if (!row) return row.error();
      SqlParamList params;
      std::string const id_param = params.Add(id);
      std::string assignments;
      for (auto& [column, value] : *row) {
        if (column == "id") continue;
        assignments += (assignments.empty() ? "" : ", ") + column + " = " + params.Add(std::move(value));
      }
      auto updated = session.Exec("UPDATE products SET " + assignments + " WHERE id = " + id_param +
                                      " AND version = " + params.AddInt(expected_version),
                                  params.params());
      if (!updated) return ProductWriteError(updated.error(), write.product);
      if (updated->affected == 0) return VersionConflict(session, "products", "product", id, expected_version);
      // The variant list is replaced: removed SKUs are freed, kept ones are re-claimed.
      auto cleared = session.Exec("DELETE FROM variants WHERE product_id = $1", {id});
      if (!cleared) return cleared.error();
      if (auto variants = InsertVariants(session, write.product); !variants) return variants.error();
      if (auto appended = AppendToOutbox(session, write.event); !appended) return appended.error();
      if (auto bumped = BumpCatalogGeneration(session, clock_.NowMicros()); !bumped) return bumped.error();
      return write.product;
    });
  });
}

Status SqlCatalogStore::SetAvailableQuantity(std::string const& sku, std::int64_t quantity) {
  return db_.Transaction([&](SqlSession& session) -> Status {
    auto rows = session.Exec(
        "SELECT p.id AS id, p.document AS document FROM variants v JOIN products p ON p.id = v.product_id "
        "WHERE v.sku = $1" +
            RowLock(session, "FOR UPDATE"),
        {sku});
    if (!rows) return rows.error();
    if (rows->empty()) return domain::NotFound("sku", sku);
    auto product = ProductFromRow(*rows, 0);
    if (!product) return product.error();
    for (auto& variant : *product->mutable_variants()) {
      if (variant.sku() != sku) continue;
      variant.set_available_quantity(quantity);
      variant.set_in_stock(quantity > 0);
    }
    auto document = ToJson(*product);
    if (!document) return document.error();
    auto updated = session.Exec("UPDATE products SET in_stock = $2, document = $3 WHERE id = $1",
                                {product->id(), ColumnsOf(*product).in_stock ? "1" : "0", *document});
    if (!updated) return updated.error();
    return domain::Ok();
  });
}

}  // namespace mercato::adapters
