// Both drivers behave alike: $n parameters, NULLs, rollback, the unique-violation shape, and
// migrations that apply once even when several instances start together.
#include <atomic>
#include <thread>

#include "server/adapters/sql/migrator.h"
#include "server/adapters/sql/sql_error.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

using adapters::InRead;
using adapters::InTransaction;
using adapters::SqlRows;
using adapters::SqlSession;

TEST_P(SqlStoreTest, ParametersBindByNumberInAnyOrderAndNullBindsNull) {
  auto rows = InRead(db(), [](SqlSession& session) {
    return session.Exec("SELECT $2 || $1 AS joined, $1 AS again, CAST($3 AS TEXT) IS NULL AS missing",
                        {"a", "b", std::nullopt});
  });
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(*adapters::GetText(*rows, 0, "joined"), "ba");
  EXPECT_EQ(*adapters::GetText(*rows, 0, "again"), "a");
  EXPECT_TRUE(*adapters::GetBool(*rows, 0, "missing"));
}

TEST_P(SqlStoreTest, TransactionRollsBackWhenWorkFails) {
  auto status = db().Transaction([](SqlSession& session) -> domain::Status {
    auto inserted = session.Exec(
        "INSERT INTO idempotency_keys (operation, key, fingerprint, created_at_us) VALUES ('op', 'k', 'f', 1)");
    if (!inserted) return inserted.error();
    return domain::Internal("changed my mind");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "changed my mind");
  EXPECT_EQ(CountRows("idempotency_keys"), 0);
}

TEST_P(SqlStoreTest, UniqueViolationNamesTableAndColumns) {
  AddCategory("root", "", "fresh");
  auto status = db().Transaction([](SqlSession& session) -> domain::Status {
    auto inserted = session.Exec(
        "INSERT INTO categories (id, parent_id, name, slug, path, position, version, created_at_us, updated_at_us) "
        "VALUES ('other', '', 'Other', 'fresh', '/other/', 0, 1, 0, 0)");
    if (!inserted) return inserted.error();
    return domain::Ok();
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, domain::ErrorKind::kAlreadyExists);
  EXPECT_EQ(status.error().reason, "UNIQUE_VIOLATION");
  EXPECT_EQ(status.error().metadata.at("table"), "categories");
  EXPECT_EQ(status.error().metadata.at("columns"), "parent_id,slug");
}

TEST_P(SqlStoreTest, MigrationsApplyOnceAndAgainChangeNothing) {
  auto const& embedded = adapters::EmbeddedMigrations(db().dialect());
  ASSERT_FALSE(embedded.empty());
  EXPECT_EQ(first_migration_count_, static_cast<int>(embedded.size()));

  auto again = adapters::Migrate(db());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);

  auto rows = InRead(db(), [](SqlSession& session) {
    return session.Exec("SELECT version, name FROM schema_migrations ORDER BY version");
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), embedded.size());
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_EQ(*adapters::GetInt64(*rows, i, "version"), embedded[i].version);
    EXPECT_EQ(*adapters::GetText(*rows, i, "name"), embedded[i].name);
  }
}

TEST_P(SqlStoreTest, MigrationRecordedUnderAnotherNameIsRefused) {
  std::vector<adapters::Migration> const other = {{1, "something_else", "SELECT 1"}};
  auto migrated = adapters::Migrate(db(), other);
  ASSERT_FALSE(migrated);
  EXPECT_EQ(migrated.error().kind, domain::ErrorKind::kFailedPrecondition);
  EXPECT_EQ(migrated.error().reason, "MIGRATION_MISMATCH");
}

TEST_P(SqlStoreTest, InstancesMigratingAtOnceApplyEachMigrationOnce) {
  std::vector<adapters::Migration> const probe = {
      {9001, "probe_table", "CREATE TABLE migration_probe (id INTEGER PRIMARY KEY)"},
      {9002, "probe_row", "INSERT INTO migration_probe (id) VALUES (1)"},
  };
  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<adapters::SqlDatabase>> instances;
  for (int i = 0; i < kInstances; ++i) {
    instances.push_back(database_->OpenAnother());
    ASSERT_NE(instances.back(), nullptr);
  }
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto& instance : instances) {
    threads.emplace_back([&, db = instance.get()] {
      auto migrated = adapters::Migrate(*db, probe);
      if (migrated) {
        applied += *migrated;
      } else {
        ++failures;
        ADD_FAILURE() << migrated.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), 2);
  EXPECT_EQ(CountRows("migration_probe"), 1);
}

}  // namespace
}  // namespace mercato::sql_test
