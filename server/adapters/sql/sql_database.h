// The driver interface the SQL stores run on: SQLite (embedded) and PostgreSQL (production) both
// implement it, so that one SQL text and one store implementation serve both.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "server/domain/error.h"

namespace mercato::adapters {

enum class SqlDialect { kSqlite, kPostgres };

// Parameters are bound as text ($1..$n in the SQL); nullopt binds NULL. Numbers that take part in
// computed expressions or comparisons with them are written CAST($n AS BIGINT) in the SQL, so that
// both engines compare numbers, not text.
using SqlParam = std::optional<std::string>;
using SqlParams = std::vector<SqlParam>;
using SqlRow = std::vector<std::optional<std::string>>;

// A statement's result: every value as text (nullopt = NULL). `affected` counts the rows an
// INSERT, UPDATE or DELETE changed (0 for a SELECT).
struct SqlRows {
  std::vector<std::string> columns;
  std::vector<SqlRow> rows;
  std::int64_t affected = 0;

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
};

// Typed reads of one cell by row index and column name. A missing column or an unparsable value
// is an INTERNAL error; NULL reads as "" / 0 / false (use IsNull to tell).
domain::Result<std::string> GetText(SqlRows const& rows, std::size_t row, std::string_view column);
domain::Result<std::int64_t> GetInt64(SqlRows const& rows, std::size_t row, std::string_view column);
domain::Result<bool> GetBool(SqlRows const& rows, std::size_t row, std::string_view column);
domain::Result<bool> IsNull(SqlRows const& rows, std::size_t row, std::string_view column);

// Reads the cells of one row in straight-line code: each getter returns "" / 0 / false on a
// failure and remembers the first error, which the caller checks once at the end.
class SqlRowReader {
 public:
  SqlRowReader(SqlRows const& rows, std::size_t row) : rows_(rows), row_(row) {}
  std::string Text(std::string_view column);
  std::int64_t Int64(std::string_view column);
  bool Bool(std::string_view column);
  std::optional<domain::Error> const& error() const { return error_; }

 private:
  template <typename T>
  T Take(domain::Result<T> result) {
    if (result) return std::move(result).value();
    if (!error_) error_ = result.error();
    return T{};
  }

  SqlRows const& rows_;
  std::size_t row_;
  std::optional<domain::Error> error_;
};

// Maps every row of a query's result with `from_row`; passes on the query's or the first row's error.
template <typename T>
domain::Result<std::vector<T>> AllRows(domain::Result<SqlRows> const& rows,
                                       domain::Result<T> (*from_row)(SqlRows const&, std::size_t)) {
  if (!rows) return rows.error();
  std::vector<T> values;
  values.reserve(rows->size());
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto value = from_row(*rows, i);
    if (!value) return value.error();
    values.push_back(std::move(value).value());
  }
  return values;
}

// The first row of a query's result mapped with `from_row`; nullopt when there is none.
template <typename T>
domain::Result<std::optional<T>> FirstRow(domain::Result<SqlRows> const& rows,
                                          domain::Result<T> (*from_row)(SqlRows const&, std::size_t)) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<T>();
  auto value = from_row(*rows, 0);
  if (!value) return value.error();
  return std::optional<T>(std::move(value).value());
}

// Collects parameters while a statement is assembled: each Add returns its placeholder.
class SqlParamList {
 public:
  std::string Add(SqlParam value);
  // A number, as CAST($n AS BIGINT) so that it compares as a number in both dialects.
  std::string AddInt(std::int64_t value);
  SqlParams const& params() const { return params_; }

 private:
  SqlParams params_;
};

// How PostgreSQL plans a statement a connection runs again. kReused: prepared once, and after a
// few runs PostgreSQL may keep one generic plan for the connection's life. kPerRun: planned with
// its values every run, for a lookup of a few keys in a table that grows, whose generic plan,
// made while the table was young, can go on scanning all of it (PostgreSQL replans on ANALYZE,
// which autovacuum runs only minutes later). SQLite plans at prepare time either way.
enum class SqlPlan { kReused, kPerRun };

// A statement and its parameters, for SqlSession::ExecAll.
struct SqlStatement {
  std::string sql;
  SqlParams params;
  SqlPlan plan = SqlPlan::kReused;
};

// One connection for the duration of a Transaction or Read call.
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual SqlDialect dialect() const = 0;
  // One statement with parameters.
  virtual domain::Result<SqlRows> Exec(std::string_view sql, SqlParams const& params) = 0;
  domain::Result<SqlRows> Exec(std::string_view sql) { return Exec(sql, {}); }
  domain::Result<SqlRows> Exec(SqlStatement const& statement);
  // Statements that need none of each other's results, run in order; the first error stops the
  // rest and is returned. PostgreSQL sends them all before reading any answer (a pipeline: one
  // round trip where there would be one each); SQLite runs them in turn.
  virtual domain::Result<std::vector<SqlRows>> ExecAll(std::vector<SqlStatement> const& statements);
  // Several statements separated by ';' and without parameters (migrations).
  virtual domain::Status ExecScript(std::string_view sql) = 0;

  // Set by AppendToOutbox, so that the transaction's commit can wake the outbox relay.
  void NoteOutboxAppend() { outbox_appended_ = true; }

 private:
  friend class SqlDatabase;
  bool outbox_appended_ = false;
};

// A database: a connection (SQLite) or a pool of them (PostgreSQL). Thread-safe.
//
// Errors every driver reports the same way:
//   unique violation      ALREADY_EXISTS      reason UNIQUE_VIOLATION, see sql_error.h
//   foreign key violation FAILED_PRECONDITION reason FOREIGN_KEY_VIOLATION
//   lost connection, pool exhausted, database locked or unreachable: UNAVAILABLE
class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  virtual SqlDialect dialect() const = 0;
  // Runs `work` in one transaction: committed when it returns OK, rolled back otherwise (its
  // error is returned). `work` may run more than once when the database asks for a retry
  // (PostgreSQL deadlock or serialization failure), so it must have no effect outside the session.
  // After a commit that appended to the outbox, runs the outbox commit hook.
  domain::Status Transaction(std::function<domain::Status(SqlSession&)> const& work);
  // Runs read-only `work` outside an explicit transaction (each statement sees committed data).
  virtual domain::Status Read(std::function<domain::Status(SqlSession&)> const& work) = 0;

  // What to run once a transaction that appended outbox events has committed: this instance's
  // relay sequences them at once instead of at its next poll. Set before the database is shared.
  void SetOutboxCommitHook(std::function<void()> hook) { outbox_commit_hook_ = std::move(hook); }

 protected:
  // The driver's transaction, as Transaction describes it.
  virtual domain::Status RunTransaction(std::function<domain::Status(SqlSession&)> const& work) = 0;

 private:
  std::function<void()> outbox_commit_hook_;
};

namespace detail {
template <typename Fn>
using SessionResult = std::invoke_result_t<Fn&, SqlSession&>;

template <typename Fn, typename Run>
SessionResult<Fn> Collect(Fn& fn, Run run) {
  using Value = std::remove_cvref_t<decltype(std::declval<SessionResult<Fn>>().value())>;
  std::optional<Value> out;
  domain::Status status = run([&](SqlSession& session) -> domain::Status {
    auto result = fn(session);
    if (!result) return result.error();
    out = std::move(result).value();
    return domain::Ok();
  });
  if (!status) return status.error();
  return std::move(*out);
}
}  // namespace detail

// Runs `fn(SqlSession&) -> Result<T>` in a transaction and returns its result.
template <typename Fn>
detail::SessionResult<Fn> InTransaction(SqlDatabase& db, Fn fn) {
  return detail::Collect(fn, [&](auto const& work) { return db.Transaction(work); });
}

// Runs `fn(SqlSession&) -> Result<T>` as a read and returns its result.
template <typename Fn>
detail::SessionResult<Fn> InRead(SqlDatabase& db, Fn fn) {
  return detail::Collect(fn, [&](auto const& work) { return db.Read(work); });
}

}  // namespace mercato::adapters
