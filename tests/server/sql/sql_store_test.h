// The fixture of the SQL adapter suite: every TEST_P runs once per backend (SQLite in
// sql_store_sqlite_test, PostgreSQL in sql_store_postgres_test) on a fresh, migrated database,
// with a settable clock and small builders for categories, products and their writes.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

#include "server/adapters/sql/sql_catalog_store.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "tests/server/sql/sql_test_database.h"

namespace mercato::sql_test {

struct SqlBackend {
  std::string name;
  std::function<std::unique_ptr<TestDatabase>()> open;
};

inline void PrintTo(SqlBackend const& backend, std::ostream* out) { *out << backend.name; }

// Defined by each test binary: the engine(s) its suites run on.
std::vector<SqlBackend> Backends();

inline std::string BackendName(::testing::TestParamInfo<SqlBackend> const& info) { return info.param.name; }

class FakeClock final : public domain::Clock {
 public:
  std::chrono::system_clock::time_point Now() override {
    return std::chrono::system_clock::time_point(std::chrono::microseconds(now_us));
  }
  std::int64_t now_us = 1'700'000'000'000'000;
};

struct VariantSpec {
  std::string sku;
  std::int64_t price_minor = 100;
  bool in_stock = true;
  std::string currency = "GBP";
};

class SqlStoreTest : public ::testing::TestWithParam<SqlBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  adapters::SqlDatabase& db() { return database_->db(); }
  bool postgres() { return db().dialect() == adapters::SqlDialect::kPostgres; }

  v1::Category NewCategory(std::string const& id, std::string const& parent_id, std::string const& slug,
                           int position = 0);
  v1::Product NewProduct(std::string const& id, std::string const& category_id, std::string const& name,
                         std::vector<VariantSpec> const& variants);
  domain::CategoryWrite CategoryWriteOf(v1::Category const& category, std::string const& request_id = "",
                                        std::string const& fingerprint = "fingerprint");
  domain::ProductWrite ProductWriteOf(v1::Product const& product, std::string const& request_id = "",
                                      std::string const& fingerprint = "fingerprint");

  // Inserts and fails the test on an error.
  v1::Category AddCategory(std::string const& id, std::string const& parent_id, std::string const& slug,
                           int position = 0);
  v1::Product AddProduct(std::string const& id, std::string const& category_id, std::string const& name,
                         std::vector<VariantSpec> const& variants);

  std::int64_t CountRows(std::string const& table);
  std::vector<v1::EventEnvelope> AllSequencedEvents();

  FakeClock clock_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<adapters::SqlCatalogStore> catalog_;
  std::unique_ptr<adapters::SqlOutboxStore> outbox_;
  int first_migration_count_ = 0;
  int next_event_ = 0;
};

}  // namespace mercato::sql_test
