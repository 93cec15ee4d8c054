// Runs the SQL adapter suite on SQLite, plus what only the SQLite driver does: the file it
// creates, its journal mode, and an unusable location.
#include <filesystem>
#include <random>

#include "server/adapters/sql/migrator.h"
#include "server/adapters/sqlite/sqlite_database.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {

std::vector<SqlBackend> Backends() { return {{"Sqlite", MakeSqliteTestDatabase}}; }

namespace {

namespace fs = std::filesystem;

TEST(SqliteDatabase, CreatesItsFileInWalModeAndKeepsDataAcrossReopening) {
  fs::path const dir = fs::temp_directory_path() / ("mercato_sqlite_" + std::to_string(std::random_device{}()));
  fs::path const file = dir / "nested" / "mercato.db";
  {
    auto db = adapters::SqliteDatabase::Open(file);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(adapters::Migrate(**db));
    auto mode = adapters::InRead(**db, [](adapters::SqlSession& session) {
      return session.Exec("PRAGMA journal_mode");
    });
    ASSERT_TRUE(mode);
    EXPECT_EQ(mode->rows.at(0).at(0), "wal");
    auto inserted = (*db)->Transaction([](adapters::SqlSession& session) -> domain::Status {
      auto done = session.Exec(
          "INSERT INTO idempotency_keys (operation, key, fingerprint, created_at_us) VALUES ('op', 'k', 'f', 1)");
      if (!done) return done.error();
      return domain::Ok();
    });
    ASSERT_TRUE(inserted) << inserted.error().message;
  }
  EXPECT_TRUE(fs::exists(file));
  {
    auto db = adapters::SqliteDatabase::Open(file);
    ASSERT_TRUE(db) << db.error().message;
    auto migrated = adapters::Migrate(**db);
    ASSERT_TRUE(migrated);
    EXPECT_EQ(*migrated, 0);
    auto rows = adapters::InRead(**db, [](adapters::SqlSession& session) {
      return session.Exec("SELECT key FROM idempotency_keys");
    });
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->rows[0][0], "k");
  }
  fs::remove_all(dir);
}

TEST(SqliteDatabase, UnusableLocationIsUnavailable) {
  auto db = adapters::SqliteDatabase::Open("/dev/null/mercato/mercato.db");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, domain::ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace mercato::sql_test
