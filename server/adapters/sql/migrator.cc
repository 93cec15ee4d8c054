// Applies schema migrations once each, safely when several instances start at the same time.
#include "server/adapters/sql/migrator.h"

#include <algorithm>
#include <chrono>
#include <string>

namespace mercato::adapters {
namespace {

// Arbitrary constant shared by every mercatod: the key of the migration advisory lock. A migration
// (an index build) or the wait for another instance's may outlast the pool's statement timeout.
constexpr char kLockMigrations[] =
    "SET LOCAL statement_timeout = 0; SELECT pg_advisory_xact_lock(7236010401)";

// The record of applied migrations lives in the shared schema, which therefore exists before any
// migration runs.
constexpr char kCreateRecordPostgres[] = R"sql(
CREATE SCHEMA IF NOT EXISTS mercato;
CREATE TABLE IF NOT EXISTS mercato.schema_migrations (
  version       bigint PRIMARY KEY,
  name          text NOT NULL,
  applied_at_us bigint NOT NULL
))sql";

constexpr char kCreateRecordSqlite[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version       INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  applied_at_us INTEGER NOT NULL
))sql";

std::string Label(Migration const& migration) {
  std::string number = std::to_string(migration.version);
  return std::string(4 - std::min<std::size_t>(4, number.size()), '0') + number + "_" + std::string(migration.name);
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Applies one migration unless it is recorded already; returns whether it applied it.
domain::Result<bool> ApplyOnce(SqlSession& session, Migration const& migration) {
  bool const postgres = session.dialect() == SqlDialect::kPostgres;
  if (postgres) {
    if (auto locked = session.ExecScript(kLockMigrations); !locked) return locked.error();
  }
  if (auto created = session.ExecScript(postgres ? kCreateRecordPostgres : kCreateRecordSqlite); !created) {
    return created.error();
  }
  std::string const version = std::to_string(migration.version);
  auto recorded = session.Exec("SELECT name FROM schema_migrations WHERE version = CAST($1 AS BIGINT)", {version});
  if (!recorded) return recorded.error();
  if (!recorded->empty()) {
    auto name = GetText(*recorded, 0, "name");
    if (!name) return name.error();
    if (*name != migration.name) {
      return domain::Error{domain::ErrorKind::kFailedPrecondition, "MIGRATION_MISMATCH",
                           "the database records migration " + version + " as '" + *name + "' but this build has " +
                               Label(migration) + ": it was created by another build of mercatod; use a matching "
                               "build or a fresh database",
                           {{"version", version}}};
    }
    return false;
  }
  if (auto applied = session.ExecScript(migration.sql); !applied) {
    auto error = applied.error();
    error.message = "migration " + Label(migration) + " failed: " + error.message;
    return error;
  }
  auto inserted = session.Exec(
      "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (CAST($1 AS BIGINT), $2, CAST($3 AS BIGINT))",
      {version, std::string(migration.name), std::to_string(NowMicros())});
  if (!inserted) return inserted.error();
  return true;
}

}  // namespace

domain::Result<int> Migrate(SqlDatabase& db, std::vector<Migration> const& migrations) {
  int applied = 0;
  for (auto const& migration : migrations) {
    auto done = InTransaction(db, [&](SqlSession& session) { return ApplyOnce(session, migration); });
    if (!done) return done.error();
    if (*done) ++applied;
  }
  return applied;
}

domain::Result<int> Migrate(SqlDatabase& db) { return Migrate(db, EmbeddedMigrations(db.dialect())); }

domain::Result<std::string> InstallationId(SqlDatabase& db) {
  return InRead(db, [](SqlSession& session) -> domain::Result<std::string> {
    auto rows = session.Exec("SELECT installation_id FROM installation WHERE id = 1");
    if (!rows) return rows.error();
    return GetText(*rows, 0, "installation_id");
  });
}

}  // namespace mercato::adapters
