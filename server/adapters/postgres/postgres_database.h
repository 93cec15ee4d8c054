// The production SqlDatabase: a fixed-size pool of libpq connections to one PostgreSQL database.
// A caller that finds every connection busy waits up to acquire_timeout, then gets UNAVAILABLE;
// a connection that broke is closed and replaced by a new one on a later request.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/adapters/postgres/postgres_connection.h"
#include "server/adapters/sql/sql_database.h"

namespace mercato::adapters {

class PostgresDatabase final : public SqlDatabase {
 public:
  struct Settings {
    int pool_size = 8;
    std::chrono::milliseconds acquire_timeout{5000};
    std::chrono::seconds connect_timeout{5};
    std::chrono::milliseconds statement_timeout{30000};  // 0: none
    // Every domain's schema, then the shared one: the stores' SQL names tables unqualified.
    std::string search_path = "catalog, users, inventory, delivery, payments, orders, mercato, public";
  };

  // `conninfo` is a libpq connection string or URL. Opens one connection at once (so that a wrong
  // address fails at start-up) and the others when first needed.
  static domain::Result<std::unique_ptr<PostgresDatabase>> Open(std::string conninfo, Settings settings);
  static domain::Result<std::unique_ptr<PostgresDatabase>> Open(std::string conninfo) {
    return Open(std::move(conninfo), Settings{});
  }

  PostgresDatabase(PostgresDatabase const&) = delete;
  PostgresDatabase& operator=(PostgresDatabase const&) = delete;
  // Every Transaction and Read must have returned.
  ~PostgresDatabase() override = default;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  domain::Status Read(std::function<domain::Status(SqlSession&)> const& work) override;

 protected:
  domain::Status RunTransaction(std::function<domain::Status(SqlSession&)> const& work) override;

 private:
  PostgresDatabase(std::string conninfo, Settings settings);

  domain::Result<std::unique_ptr<PostgresConnection>> Acquire();
  void Release(std::unique_ptr<PostgresConnection> connection);
  domain::Status WithConnection(std::function<domain::Status(PostgresConnection&)> const& use);

  std::string const conninfo_;
  Settings const settings_;
  PostgresConnection::Options const connection_options_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  int open_ = 0;  // idle + leased
};

}  // namespace mercato::adapters
