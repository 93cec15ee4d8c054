// Versioned schema migrations: the SQL under server/migrations/<dialect>/NNNN_name.sql, compiled
// into the binary, applied in order at start-up, each in its own transaction and recorded in
// schema_migrations. In PostgreSQL an advisory lock makes instances that start together take turns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/adapters/sql/sql_database.h"

namespace mercato::adapters {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// The migrations built into this binary for `dialect`, in version order.
std::vector<Migration> const& EmbeddedMigrations(SqlDialect dialect);

// Applies the migrations not yet recorded and returns how many it applied. A recorded version whose
// name differs from the binary's is FAILED_PRECONDITION (the database belongs to another build).
domain::Result<int> Migrate(SqlDatabase& db, std::vector<Migration> const& migrations);
domain::Result<int> Migrate(SqlDatabase& db);  // EmbeddedMigrations(db.dialect())

// The random id the migrations gave this database (32 hex digits), to tell it from any other that
// shares a cache with it.
domain::Result<std::string> InstallationId(SqlDatabase& db);

}  // namespace mercato::adapters
