// One libpq connection, used as the SqlSession of a pooled Transaction or Read: text parameters
// through PQexecParams, SQLSTATEs mapped to the shared error shapes, and a flag set when the
// connection broke so that the pool replaces it instead of handing it out again.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/adapters/sql/sql_database.h"

struct pg_conn;
struct pg_result;

namespace mercato::adapters {

class PostgresConnection final : public SqlSession {
 public:
  struct Options {
    std::chrono::seconds connect_timeout{5};
    std::chrono::milliseconds statement_timeout{30000};  // 0: none
    std::string search_path;
  };

  // Connects and prepares the session (search_path, timeouts). Failure is UNAVAILABLE.
  static domain::Result<std::unique_ptr<PostgresConnection>> Connect(std::string const& conninfo,
                                                                     Options const& options);

  PostgresConnection(PostgresConnection const&) = delete;
  PostgresConnection& operator=(PostgresConnection const&) = delete;
  ~PostgresConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  domain::Result<SqlRows> Exec(std::string_view sql, SqlParams const& params) override;
  using SqlSession::Exec;
  domain::Status ExecScript(std::string_view sql) override;

  // Whether the connection can be handed out again: not broken, no transaction left open.
  bool reusable() const;

  // For a connection that LISTENs: the socket to poll for readability, and the channels of the
  // notifications that arrived (reading what the socket holds, without blocking). UNAVAILABLE
  // when the connection broke.
  int socket() const;
  domain::Result<std::vector<std::string>> TakeNotifications();

 private:
  explicit PostgresConnection(pg_conn* conn) : conn_(conn) {}
  domain::Error LastError(pg_result const* result);

  pg_conn* conn_;
  bool broken_ = false;
};

}  // namespace mercato::adapters
