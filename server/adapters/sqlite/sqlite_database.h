// The embedded SqlDatabase: one SQLite file (WAL, foreign keys on) behind one connection that a
// mutex hands to one caller at a time. Enough for one embedded mercatod; writers never wait on a
// lock held by another connection, and readers wait only for the call in progress.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include "server/adapters/sql/sql_database.h"

struct sqlite3;

namespace mercato::adapters {

class SqliteDatabase final : public SqlDatabase {
 public:
  struct Settings {
    // How long a statement waits for a lock held by another process using the same file.
    std::chrono::milliseconds busy_timeout{5000};
  };

  // Opens (creating it and its directory when missing) the database file.
  static domain::Result<std::unique_ptr<SqliteDatabase>> Open(std::filesystem::path const& file,
                                                              Settings settings);
  static domain::Result<std::unique_ptr<SqliteDatabase>> Open(std::filesystem::path const& file) {
    return Open(file, Settings{});
  }

  SqliteDatabase(SqliteDatabase const&) = delete;
  SqliteDatabase& operator=(SqliteDatabase const&) = delete;
  ~SqliteDatabase() override;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  domain::Status Read(std::function<domain::Status(SqlSession&)> const& work) override;

 protected:
  domain::Status RunTransaction(std::function<domain::Status(SqlSession&)> const& work) override;

 private:
  SqliteDatabase(sqlite3* db, std::filesystem::path file);

  std::mutex mutex_;
  sqlite3* db_;
  std::filesystem::path file_;
};

}  // namespace mercato::adapters
