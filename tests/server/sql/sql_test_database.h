// The databases the SQL adapter suite runs on: a fresh SQLite file in a temporary directory, or a
// fresh PostgreSQL database created through MERCATO_TEST_POSTGRES and dropped afterwards, so that
// no two tests (or runs) ever see each other's rows.
#pragma once

#include <memory>
#include <string>

#include "server/adapters/sql/sql_database.h"

namespace mercato::sql_test {

class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual adapters::SqlDatabase& db() = 0;
  // Another handle on the same database, as a second mercatod instance would have.
  virtual std::unique_ptr<adapters::SqlDatabase> OpenAnother() = 0;
};

// nullptr after reporting a test failure when the database cannot be made.
std::unique_ptr<TestDatabase> MakeSqliteTestDatabase();
std::unique_ptr<TestDatabase> MakePostgresTestDatabase();

// A fresh PostgreSQL database's connection string (created now, dropped when `owner` dies), for
// tests of the PostgreSQL driver itself. Empty after reporting a failure.
class PostgresScratchDatabase {
 public:
  PostgresScratchDatabase();
  PostgresScratchDatabase(PostgresScratchDatabase const&) = delete;
  PostgresScratchDatabase& operator=(PostgresScratchDatabase const&) = delete;
  ~PostgresScratchDatabase();
  std::string const& conninfo() const { return conninfo_; }

 private:
  std::string admin_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace mercato::sql_test
