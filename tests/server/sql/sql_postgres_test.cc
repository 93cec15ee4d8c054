// Runs the SQL adapter suite on PostgreSQL (MERCATO_TEST_POSTGRES), plus what only the pooled
// driver does: a bounded wait for a busy pool, replacing a broken connection, a wrong address.
#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include "server/adapters/postgres/postgres_database.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {

std::vector<SqlBackend> Backends() { return {{"Postgres", MakePostgresTestDatabase}}; }

namespace {

using adapters::PostgresDatabase;
using adapters::SqlSession;

std::unique_ptr<PostgresDatabase> OpenPool(std::string const& conninfo, PostgresDatabase::Settings settings) {
  auto db = PostgresDatabase::Open(conninfo, std::move(settings));
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(db).value() : nullptr;
}

TEST(PostgresDatabase, BusyPoolMakesCallersWaitThenUnavailable) {
  PostgresScratchDatabase scratch;
  ASSERT_FALSE(scratch.conninfo().empty());
  PostgresDatabase::Settings settings;
  settings.pool_size = 1;
  settings.acquire_timeout = std::chrono::milliseconds(300);
  auto db = OpenPool(scratch.conninfo(), settings);
  ASSERT_NE(db, nullptr);

  std::promise<void> holding;
  std::promise<void> release;
  std::thread holder([&] {
    auto status = db->Transaction([&](SqlSession&) -> domain::Status {
      holding.set_value();
      release.get_future().wait();
      return domain::Ok();
    });
    EXPECT_TRUE(status);
  });
  holding.get_future().wait();

  auto const started = std::chrono::steady_clock::now();
  auto busy = db->Read([](SqlSession&) { return domain::Ok(); });
  auto const waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().kind, domain::ErrorKind::kUnavailable);
  EXPECT_NE(busy.error().message.find("connection pool exhausted"), std::string::npos) << busy.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(250));

  // A caller that arrives while the connection is busy gets it once it is released.
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    release.set_value();
  });
  auto served = db->Read([](SqlSession& session) -> domain::Status {
    auto rows = session.Exec("SELECT 1 AS one");
    if (!rows) return rows.error();
    return domain::Ok();
  });
  EXPECT_TRUE(served) << served.error().message;
  releaser.join();
  holder.join();
}

TEST(PostgresDatabase, BrokenConnectionIsUnavailableThenReplaced) {
  PostgresScratchDatabase scratch;
  ASSERT_FALSE(scratch.conninfo().empty());
  PostgresDatabase::Settings settings;
  settings.pool_size = 1;
  auto db = OpenPool(scratch.conninfo(), settings);
  ASSERT_NE(db, nullptr);

  auto killed = db->Read([](SqlSession& session) -> domain::Status {
    auto rows = session.Exec("SELECT pg_terminate_backend(pg_backend_pid())");
    if (!rows) return rows.error();
    return domain::Ok();
  });
  ASSERT_FALSE(killed);
  EXPECT_EQ(killed.error().kind, domain::ErrorKind::kUnavailable) << killed.error().message;

  auto again = db->Read([](SqlSession& session) -> domain::Status {
    auto rows = session.Exec("SELECT 1 AS one");
    if (!rows) return rows.error();
    return domain::Ok();
  });
  EXPECT_TRUE(again) << again.error().message;
}

TEST(PostgresDatabase, PerRunStatementsAreNeverPreparedSoEachRunIsPlannedWithItsValues) {
  PostgresScratchDatabase scratch;
  ASSERT_FALSE(scratch.conninfo().empty());
  PostgresDatabase::Settings settings;
  settings.pool_size = 1;  // every Read below on the same connection
  auto db = OpenPool(scratch.conninfo(), settings);
  ASSERT_NE(db, nullptr);
  std::string const reused = "SELECT count(*) AS n FROM pg_class WHERE relname IN ($1, $2) AND relkind = 'r'";
  std::string const per_run = "SELECT count(*) AS n FROM pg_class WHERE relname IN ($1, $2) AND relkind = 'i'";
  // PostgreSQL considers a generic plan from the sixth run of a prepared statement on.
  for (int run = 0; run < 8; ++run) {
    auto ran = db->Read([&](SqlSession& session) -> domain::Status {
      if (auto rows = session.Exec(adapters::SqlStatement{reused, {"a", "b"}}); !rows) return rows.error();
      if (auto rows = session.Exec(adapters::SqlStatement{per_run, {"a", "b"}, adapters::SqlPlan::kPerRun}); !rows) {
        return rows.error();
      }
      return domain::Ok();
    });
    ASSERT_TRUE(ran) << ran.error().message;
  }
  std::vector<std::string> prepared;
  auto listed = db->Read([&](SqlSession& session) -> domain::Status {
    auto rows = session.Exec("SELECT statement FROM pg_prepared_statements");
    if (!rows) return rows.error();
    for (std::size_t i = 0; i < rows->size(); ++i) prepared.push_back(*rows->rows[i][0]);
    return domain::Ok();
  });
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_NE(std::find(prepared.begin(), prepared.end(), reused), prepared.end());
  EXPECT_EQ(std::find(prepared.begin(), prepared.end(), per_run), prepared.end());
}

TEST(PostgresDatabase, UnreachableServerIsUnavailableAtOpen) {
  PostgresDatabase::Settings settings;
  settings.connect_timeout = std::chrono::seconds(2);
  auto db = PostgresDatabase::Open("postgresql://mercato@127.0.0.1:1/mercato", settings);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, domain::ErrorKind::kUnavailable);
  EXPECT_NE(db.error().message.find("cannot connect to PostgreSQL"), std::string::npos);
}

}  // namespace
}  // namespace mercato::sql_test
