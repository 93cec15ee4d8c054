// libpq statements and the mapping of PostgreSQL errors (SQLSTATE) to domain errors.
#include "server/adapters/postgres/postgres_connection.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <string_view>
#include <vector>

#include "server/adapters/sql/sql_error.h"

namespace mercato::adapters {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string Field(PGresult const* result, int field) {
  char const* value = result != nullptr ? PQresultErrorField(result, field) : nullptr;
  return value != nullptr ? value : "";
}

// Server notices (a WARNING that the server is shutting down) go to the log as one line each,
// not as plain text on stderr in the middle of the JSON log.
void LogNotice(void*, char const* message) {
  std::string_view text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  spdlog::warn("postgresql: {}", text);
}

std::string TrimmedError(PGconn const* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// "Key (parent_id, slug)=(x, y) already exists." -> [parent_id, slug]
std::vector<std::string> ColumnsFromDetail(std::string const& detail) {
  std::vector<std::string> columns;
  static constexpr std::string_view kPrefix = "Key (";
  auto const end = detail.find(")=(");
  if (!detail.starts_with(kPrefix) || end == std::string::npos) return columns;
  std::string_view list = std::string_view(detail).substr(kPrefix.size(), end - kPrefix.size());
  while (true) {
    auto const comma = list.find(", ");
    columns.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  return columns;
}

}  // namespace

domain::Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Connect(std::string const& conninfo,
                                                                               Options const& options) {
  // Entries before the expanded conninfo ("dbname") are defaults that the conninfo may override.
  std::string const connect_timeout = std::to_string(options.connect_timeout.count());
  char const* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  char const* values[] = {connect_timeout.c_str(), "mercatod", conninfo.c_str(), nullptr};
  std::unique_ptr<PostgresConnection> connection(new PostgresConnection(PQconnectdbParams(keys, values, 1)));
  if (connection->conn_ == nullptr) return domain::Unavailable("cannot connect to PostgreSQL: out of memory");
  PQsetNoticeProcessor(connection->conn_, LogNotice, nullptr);
  if (PQstatus(connection->conn_) != CONNECTION_OK) {
    return domain::Unavailable("cannot connect to PostgreSQL: " + TrimmedError(connection->conn_) +
                               "; check that it is running and that the connection string is right");
  }
  std::string setup = "SET standard_conforming_strings = on; SET client_min_messages = warning; "
                      "SET statement_timeout = " +
                      std::to_string(options.statement_timeout.count());
  if (!options.search_path.empty()) setup += "; SET search_path = " + options.search_path;
  if (auto done = connection->ExecScript(setup); !done) return done.error();
  return connection;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

bool PostgresConnection::reusable() const {
  return !broken_ && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

int PostgresConnection::socket() const { return PQsocket(conn_); }

domain::Result<std::vector<std::string>> PostgresConnection::TakeNotifications() {
  if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return domain::Unavailable("the PostgreSQL connection listening for notifications broke: " + TrimmedError(conn_));
  }
  std::vector<std::string> channels;
  while (PGnotify* notification = PQnotifies(conn_)) {
    channels.emplace_back(notification->relname);
    PQfreemem(notification);
  }
  return channels;
}

namespace {

SqlRows RowsFrom(PGresult const* result) {
  SqlRows rows;
  int const columns = PQnfields(result);
  int const count = PQntuples(result);
  for (int c = 0; c < columns; ++c) rows.columns.emplace_back(PQfname(result, c));
  rows.rows.reserve(static_cast<std::size_t>(count));
  for (int r = 0; r < count; ++r) {
    SqlRow row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result, r, c), static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  if (!std::string_view(PQcmdStatus(const_cast<PGresult*>(result))).starts_with("SELECT")) {
    rows.affected = std::atoll(PQcmdTuples(const_cast<PGresult*>(result)));
  }
  return rows;
}

bool Succeeded(PGresult const* result) {
  auto const status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
}

std::vector<char const*> Values(SqlParams const* params) {
  std::vector<char const*> values;
  if (params == nullptr) return values;
  values.reserve(params->size());
  for (auto const& param : *params) values.push_back(param ? param->c_str() : nullptr);
  return values;
}

}  // namespace

domain::Result<SqlRows> PostgresConnection::Exec(std::string_view sql, SqlParams const& params) {
  auto rows = Pipeline({{sql, &params, SqlPlan::kReused}});
  if (!rows) return rows.error();
  return std::move(rows->front());
}

domain::Result<std::vector<SqlRows>> PostgresConnection::ExecAll(std::vector<SqlStatement> const& statements) {
  std::vector<Step> pipeline;
  pipeline.reserve(statements.size());
  for (auto const& statement : statements) pipeline.push_back({statement.sql, &statement.params, statement.plan});
  return Pipeline(std::move(pipeline));
}

domain::Result<std::vector<SqlRows>> PostgresConnection::Pipeline(std::vector<Step> statements) {
  if (statements.empty()) return std::vector<SqlRows>();
  bool const begins = std::exchange(begin_pending_, false);
  if (begins) statements.insert(statements.begin(), {"BEGIN", nullptr, SqlPlan::kReused});
  if (PQenterPipelineMode(conn_) != 1) return LastError(nullptr);
  // A statement with parameters that this connection has not run before is prepared first, in
  // the same pipeline: PostgreSQL can then keep one plan for it instead of planning every run.
  // (Transaction control and scripts have no parameters, and cost nothing to plan; a kPerRun
  // statement is sent unnamed, and so planned with its values.)
  std::vector<std::optional<std::string>> preparing(statements.size());
  std::map<std::string_view, std::string const*> named_here;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    auto const& [sql, params, plan] = statements[i];
    auto const values = Values(params);
    int const count = static_cast<int>(values.size());
    std::string const statement(sql);
    std::string const* name = nullptr;
    if (plan == SqlPlan::kReused) {
      if (auto prepared = prepared_.find(statement); prepared != prepared_.end()) {
        name = &prepared->second;
      } else if (auto here = named_here.find(sql); here != named_here.end()) {
        name = here->second;
      } else if (count > 0 && prepared_.size() + named_here.size() < kMaxPrepared) {
        preparing[i] = "m" + std::to_string(next_name_++);
        if (PQsendPrepare(conn_, preparing[i]->c_str(), statement.c_str(), count, nullptr) != 1) {
          return LastError(nullptr);
        }
        name = &*preparing[i];
        named_here.emplace(sql, name);
      }
    }
    int const sent = name ? PQsendQueryPrepared(conn_, name->c_str(), count, values.data(), nullptr, nullptr, 0)
                          : PQsendQueryParams(conn_, statement.c_str(), count, nullptr, values.data(), nullptr,
                                              nullptr, 0);
    if (sent != 1) return LastError(nullptr);  // marks the connection broken: it is left mid-pipeline
  }
  if (PQpipelineSync(conn_) != 1) return LastError(nullptr);
  // Every step answers with its result and a NULL; after an error the rest answer
  // PGRES_PIPELINE_ABORTED. Then the sync's result ends the pipeline.
  std::vector<SqlRows> results;
  std::optional<domain::Error> error;
  auto next = [&]() -> ResultPtr {
    ResultPtr result(PQgetResult(conn_), &PQclear);
    if (result) {
      while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    }
    return result;
  };
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (preparing[i]) {
      auto prepared = next();
      if (!prepared) return LastError(nullptr);
      if (!error && !Succeeded(prepared.get())) error = LastError(prepared.get());
      if (!error) prepared_.emplace(std::string(statements[i].sql), *preparing[i]);
    }
    auto result = next();
    if (!result) return LastError(nullptr);
    if (!error && !Succeeded(result.get())) error = LastError(result.get());
    if (!error && !(begins && i == 0)) results.push_back(RowsFrom(result.get()));
  }
  ResultPtr sync(PQgetResult(conn_), &PQclear);
  if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn_) != 1) {
    return LastError(nullptr);
  }
  if (error) return *error;
  return results;
}

domain::Status PostgresConnection::End(bool commit) {
  if (std::exchange(begin_pending_, false)) return domain::Ok();  // nothing ran, nothing to end
  auto ended = Exec(commit ? "COMMIT" : "ROLLBACK");
  if (!ended) return ended.error();
  return domain::Ok();
}

domain::Status PostgresConnection::ExecScript(std::string_view sql) {
  // A pending BEGIN goes first in the same message: the script runs inside the transaction.
  std::string const script = (std::exchange(begin_pending_, false) ? "BEGIN; " : "") + std::string(sql);
  // PQexec runs every statement of the script; the result is the last one's, or the first error.
  ResultPtr result(PQexec(conn_, script.c_str()), &PQclear);
  auto const status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return LastError(result.get());
  return domain::Ok();
}

domain::Error PostgresConnection::LastError(PGresult const* result) {
  if (result == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return domain::Unavailable("lost the connection to PostgreSQL at " + std::string(PQhost(conn_)) + ":" +
                               PQport(conn_) + " (" + TrimmedError(conn_) +
                               "); the server may be down or restarting; the next request opens a new connection");
  }
  std::string const sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string const message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string const table = Field(result, PG_DIAG_TABLE_NAME);
  if (sqlstate == "23505") {
    auto columns = ColumnsFromDetail(Field(result, PG_DIAG_MESSAGE_DETAIL));
    if (columns.empty()) columns.push_back(Field(result, PG_DIAG_CONSTRAINT_NAME));
    return UniqueViolation(table, columns, message);
  }
  if (sqlstate == "23503") return ForeignKeyViolation(table, message);
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return {domain::ErrorKind::kAborted, kTransactionConflict,
            "the database aborted the transaction because of a concurrent one (" + message + "); retry", {}};
  }
  if (sqlstate == "57014") {
    return domain::Unavailable("a PostgreSQL statement ran longer than the statement timeout (" + message +
                               "); retry later");
  }
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") || sqlstate == "53300") {
    broken_ = sqlstate != "53300";
    return domain::Unavailable("PostgreSQL is unavailable: " + message + " (SQLSTATE " + sqlstate + ")");
  }
  return domain::Internal("PostgreSQL: " + message + " (SQLSTATE " + sqlstate + ")");
}

}  // namespace mercato::adapters
