// One libpq connection, used as the SqlSession of a pooled Transaction or Read: text parameters
// through PQexecParams, SQLSTATEs mapped to the shared error shapes, and a flag set when the
// connection broke so that the pool replaces it instead of handing it out again.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
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
  domain::Result<std::vector<SqlRows>> ExecAll(std::vector<SqlStatement> const& statements) override;
  domain::Status ExecScript(std::string_view sql) override;

  // Transactions begin with their first statement, in its round trip: a BEGIN of its own would
  // cost every transaction one more. End runs COMMIT or ROLLBACK, or nothing when no statement ran.
  void BeginWithNextStatement() { begin_pending_ = true; }
  domain::Status End(bool commit);

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
  // Sends `statements` in one pipeline, after a BEGIN when one is pending; their results in order.
  struct Step {
    std::string_view sql;
    SqlParams const* params;
    SqlPlan plan;
  };
  domain::Result<std::vector<SqlRows>> Pipeline(std::vector<Step> statements);

  // Statements prepared on this connection, by text: at most kMaxPrepared, the first ones run
  // (the repeated ones), so that statements built with varying IN lists cannot grow it unbounded.
  static constexpr std::size_t kMaxPrepared = 256;
  std::unordered_map<std::string, std::string> prepared_;
  std::uint64_t next_name_ = 0;

  pg_conn* conn_;
  bool broken_ = false;
  bool begin_pending_ = false;
};

}  // namespace mercato::adapters
