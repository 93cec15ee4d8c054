// Typed cell reads and parameter collection for the SQL driver interface.
#include "server/adapters/sql/sql_database.h"

#include <algorithm>
#include <charconv>

namespace mercato::adapters {
namespace {

domain::Result<std::optional<std::string> const*> Cell(SqlRows const& rows, std::size_t row,
                                                        std::string_view column) {
  auto const found = std::find(rows.columns.begin(), rows.columns.end(), column);
  if (found == rows.columns.end()) {
    return domain::Internal("SQL result has no column '" + std::string(column) + "'");
  }
  if (row >= rows.rows.size()) {
    return domain::Internal("SQL result has no row " + std::to_string(row));
  }
  auto const index = static_cast<std::size_t>(found - rows.columns.begin());
  return &rows.rows[row].at(index);
}

}  // namespace

domain::Result<std::string> GetText(SqlRows const& rows, std::size_t row, std::string_view column) {
  auto cell = Cell(rows, row, column);
  if (!cell) return cell.error();
  return (*cell)->value_or("");
}

domain::Result<std::int64_t> GetInt64(SqlRows const& rows, std::size_t row, std::string_view column) {
  auto cell = Cell(rows, row, column);
  if (!cell) return cell.error();
  if (!**cell) return std::int64_t{0};
  std::string const& text = ***cell;
  std::int64_t value = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return domain::Internal("SQL column '" + std::string(column) + "' holds '" + text + "', not an integer");
  }
  return value;
}

domain::Result<bool> GetBool(SqlRows const& rows, std::size_t row, std::string_view column) {
  auto cell = Cell(rows, row, column);
  if (!cell) return cell.error();
  if (!**cell) return false;
  // PostgreSQL prints booleans as t/f, SQLite stores them as 1/0.
  std::string const& text = ***cell;
  if (text == "t" || text == "1" || text == "true") return true;
  if (text == "f" || text == "0" || text == "false") return false;
  return domain::Internal("SQL column '" + std::string(column) + "' holds '" + text + "', not a boolean");
}

domain::Result<bool> IsNull(SqlRows const& rows, std::size_t row, std::string_view column) {
  auto cell = Cell(rows, row, column);
  if (!cell) return cell.error();
  return !**cell;
}

std::string SqlRowReader::Text(std::string_view column) { return Take(GetText(rows_, row_, column)); }
std::int64_t SqlRowReader::Int64(std::string_view column) { return Take(GetInt64(rows_, row_, column)); }
bool SqlRowReader::Bool(std::string_view column) { return Take(GetBool(rows_, row_, column)); }

std::string SqlParamList::Add(SqlParam value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

std::string SqlParamList::AddInt(std::int64_t value) {
  return "CAST(" + Add(std::to_string(value)) + " AS BIGINT)";
}

domain::Result<SqlRows> SqlSession::Exec(SqlStatement const& statement) {
  if (statement.plan == SqlPlan::kReused) return Exec(statement.sql, statement.params);
  auto rows = ExecAll({statement});
  if (!rows) return rows.error();
  return std::move(rows->front());
}

domain::Result<std::vector<SqlRows>> SqlSession::ExecAll(std::vector<SqlStatement> const& statements) {
  std::vector<SqlRows> results;
  results.reserve(statements.size());
  for (auto const& statement : statements) {
    auto rows = Exec(statement.sql, statement.params);
    if (!rows) return rows.error();
    results.push_back(*std::move(rows));
  }
  return results;
}

domain::Status SqlDatabase::Transaction(std::function<domain::Status(SqlSession&)> const& work) {
  bool appended = false;
  auto status = RunTransaction([&](SqlSession& session) {
    session.outbox_appended_ = false;  // a pooled session, or a retried attempt
    auto done = work(session);
    appended = session.outbox_appended_;
    return done;
  });
  if (status && appended && outbox_commit_hook_) outbox_commit_hook_();
  return status;
}

}  // namespace mercato::adapters
