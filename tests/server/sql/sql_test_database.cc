// Fresh SQLite files and fresh PostgreSQL databases for the SQL adapter suite.
#include "tests/server/sql/sql_test_database.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "server/adapters/postgres/postgres_database.h"
#include "server/adapters/sqlite/sqlite_database.h"
#include "tests/support/test_env.h"

namespace mercato::sql_test {
namespace {

namespace fs = std::filesystem;

std::string RandomSuffix() {
  std::random_device random;
  return std::to_string(random()) + std::to_string(random());
}

class SqliteTestDatabase final : public TestDatabase {
 public:
  SqliteTestDatabase(fs::path dir, std::unique_ptr<adapters::SqliteDatabase> db)
      : dir_(std::move(dir)), db_(std::move(db)) {}
  ~SqliteTestDatabase() override {
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  adapters::SqlDatabase& db() override { return *db_; }
  std::unique_ptr<adapters::SqlDatabase> OpenAnother() override {
    auto db = adapters::SqliteDatabase::Open(dir_ / "mercato.db");
    if (!db) {
      ADD_FAILURE() << db.error().message;
      return nullptr;
    }
    return std::move(db).value();
  }

 private:
  fs::path dir_;
  std::unique_ptr<adapters::SqliteDatabase> db_;
};

// Runs one statement outside a transaction (CREATE/DROP DATABASE) on a new connection.
bool AdminExec(std::string const& admin, std::string const& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(admin.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to MERCATO_TEST_POSTGRES: " << PQerrorMessage(conn.get());
    return false;
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    ADD_FAILURE() << sql << ": " << PQerrorMessage(conn.get());
    return false;
  }
  return true;
}

// The admin connection string with another database name, as keyword='value' pairs.
std::string WithDatabase(std::string const& admin, std::string const& name) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(admin.c_str(), &error);
  if (options == nullptr) {
    ADD_FAILURE() << "MERCATO_TEST_POSTGRES is not a valid connection string: " << (error ? error : "");
    PQfreemem(error);
    return {};
  }
  std::string conninfo;
  for (auto* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string_view(option->keyword) == "dbname") continue;
    std::string value;
    for (char const* c = option->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    conninfo += std::string(option->keyword) + "='" + value + "' ";
  }
  PQconninfoFree(options);
  return conninfo + "dbname='" + name + "'";
}

class PostgresTestDatabase final : public TestDatabase {
 public:
  explicit PostgresTestDatabase(std::unique_ptr<PostgresScratchDatabase> scratch) : scratch_(std::move(scratch)) {
    auto db = adapters::PostgresDatabase::Open(scratch_->conninfo());
    if (!db) {
      ADD_FAILURE() << db.error().message;
      return;
    }
    db_ = std::move(db).value();
  }
  ~PostgresTestDatabase() override { db_.reset(); }  // before the database is dropped
  bool ok() const { return db_ != nullptr; }
  adapters::SqlDatabase& db() override { return *db_; }
  std::unique_ptr<adapters::SqlDatabase> OpenAnother() override {
    auto db = adapters::PostgresDatabase::Open(scratch_->conninfo());
    if (!db) {
      ADD_FAILURE() << db.error().message;
      return nullptr;
    }
    return std::move(db).value();
  }

 private:
  std::unique_ptr<PostgresScratchDatabase> scratch_;
  std::unique_ptr<adapters::PostgresDatabase> db_;
};

}  // namespace

std::unique_ptr<TestDatabase> MakeSqliteTestDatabase() {
  fs::path const dir = fs::temp_directory_path() / ("mercato_sql_test_" + RandomSuffix());
  auto db = adapters::SqliteDatabase::Open(dir / "mercato.db");
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return nullptr;
  }
  return std::make_unique<SqliteTestDatabase>(dir, std::move(db).value());
}

std::unique_ptr<TestDatabase> MakePostgresTestDatabase() {
  auto scratch = std::make_unique<PostgresScratchDatabase>();
  if (scratch->conninfo().empty()) return nullptr;
  auto database = std::make_unique<PostgresTestDatabase>(std::move(scratch));
  if (!database->ok()) return nullptr;
  return database;
}

PostgresScratchDatabase::PostgresScratchDatabase() : admin_(testing::RequiredEnv("MERCATO_TEST_POSTGRES")) {
  if (admin_.empty()) return;
  std::string const name = "mercato_t_" + RandomSuffix();
  std::string const conninfo = WithDatabase(admin_, name);
  if (conninfo.empty() || !AdminExec(admin_, "CREATE DATABASE " + name)) return;
  name_ = name;
  conninfo_ = conninfo;
}

PostgresScratchDatabase::~PostgresScratchDatabase() {
  if (!name_.empty()) AdminExec(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace mercato::sql_test
