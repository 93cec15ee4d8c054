// The CatalogStore port over SQL (SQLite or PostgreSQL through SqlDatabase): categories as
// materialised paths, products as JSON documents with derived filter and sort columns, variants
// as a SKU index. Every write is one transaction with its idempotency key and outbox event.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/catalog/catalog_store.h"
#include "server/domain/clock.h"

namespace mercato::adapters {

class SqlCatalogStore final : public domain::CatalogStore {
 public:
  // `clock` stamps idempotency keys; entity times come with the entities.
  SqlCatalogStore(SqlDatabase& db, domain::Clock& clock);

  domain::Result<std::optional<v1::Category>> FindCategory(std::string const& id) override;
  domain::Result<std::vector<v1::Category>> ListCategories(std::optional<std::string> const& parent_id) override;
  domain::Result<bool> CategoryHasChildrenOrProducts(std::string const& id) override;

  domain::Result<std::optional<v1::Product>> FindProduct(std::string const& id) override;
  domain::Result<std::optional<v1::Product>> FindProductBySku(std::string const& sku) override;
  domain::Result<std::vector<v1::Product>> FindProductsBySkus(std::vector<std::string> const& skus) override;
  domain::Result<std::vector<v1::Product>> FindProducts(std::vector<std::string> const& ids) override;
  domain::Result<std::vector<domain::ListedProduct>> ListProducts(domain::ProductQuery const& query) override;
  domain::Result<std::int64_t> CountProducts() override;
  domain::Result<std::int64_t> CatalogGeneration() override;

  domain::Result<v1::Category> InsertCategory(domain::CategoryWrite const& write) override;
  domain::Result<v1::Product> InsertProduct(domain::ProductWrite const& write) override;
  domain::Result<v1::Category> UpdateCategory(domain::CategoryWrite const& write,
                                              std::int64_t expected_version) override;
  domain::Result<v1::Product> UpdateProduct(domain::ProductWrite const& write, std::int64_t expected_version) override;
  domain::Result<v1::Category> DeleteCategory(domain::CategoryWrite const& write,
                                              std::int64_t expected_version) override;

  domain::Status SetAvailableQuantity(std::string const& sku, std::int64_t quantity) override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
