// SQLite driver: statements with $n parameters bound as text, errors mapped to the shared shapes.
#include "server/adapters/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <cctype>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "server/adapters/sql/sql_error.h"

namespace mercato::adapters {
namespace {

using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

// "UNIQUE constraint failed: categories.parent_id, categories.slug" -> categories, [parent_id, slug]
domain::Error UniqueViolationFromMessage(std::string const& message) {
  static constexpr std::string_view kPrefix = "UNIQUE constraint failed: ";
  std::string table;
  std::vector<std::string> columns;
  if (message.starts_with(kPrefix)) {
    std::string_view rest = std::string_view(message).substr(kPrefix.size());
    while (!rest.empty()) {
      auto const comma = rest.find(", ");
      std::string_view item = rest.substr(0, comma);
      auto const dot = item.find('.');
      if (dot != std::string_view::npos) {
        table = std::string(item.substr(0, dot));
        item.remove_prefix(dot + 1);
      }
      columns.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 2);
    }
  }
  return UniqueViolation(table, columns, message);
}

class SqliteSession final : public SqlSession {
 public:
  SqliteSession(sqlite3* db, std::filesystem::path const& file) : db_(db), file_(file) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  domain::Result<SqlRows> Exec(std::string_view sql, SqlParams const& params) override {
    sqlite3_stmt* raw = nullptr;
    char const* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    Statement statement(raw, &sqlite3_finalize);
    if (rc != SQLITE_OK) return ErrorFor(rc);
    if (!statement) return domain::Internal("empty SQL statement");
    for (char const* p = tail; p != sql.data() + sql.size(); ++p) {
      if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') {
        return domain::Internal("Exec takes one statement; use ExecScript for several");
      }
    }
    if (auto bound = Bind(statement.get(), params); !bound) return bound.error();

    SqlRows result;
    int const column_count = sqlite3_column_count(statement.get());
    for (int i = 0; i < column_count; ++i) result.columns.emplace_back(sqlite3_column_name(statement.get(), i));
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      SqlRow row;
      row.reserve(static_cast<std::size_t>(column_count));
      for (int i = 0; i < column_count; ++i) {
        if (sqlite3_column_type(statement.get(), i) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          auto const* text = reinterpret_cast<char const*>(sqlite3_column_text(statement.get(), i));
          row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement.get(), i))));
        }
      }
      result.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return ErrorFor(rc);
    if (!sqlite3_stmt_readonly(statement.get())) result.affected = sqlite3_changes64(db_);
    return result;
  }
  using SqlSession::Exec;

  domain::Status ExecScript(std::string_view sql) override {
    std::string const script(sql);
    int const rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return ErrorFor(rc);
    return domain::Ok();
  }

 private:
  domain::Status Bind(sqlite3_stmt* statement, SqlParams const& params) {
    int const expected = sqlite3_bind_parameter_count(statement);
    if (static_cast<std::size_t>(expected) != params.size()) {
      return domain::Internal("SQL statement takes " + std::to_string(expected) + " parameters, got " +
                              std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      // $n is a named parameter to SQLite: look its slot up by name, as it may appear in any order.
      std::string const name = "$" + std::to_string(i + 1);
      int const index = sqlite3_bind_parameter_index(statement, name.c_str());
      if (index == 0) return domain::Internal("SQL statement does not use parameter " + name);
      auto const& value = params[i];
      int const rc = value ? sqlite3_bind_text64(statement, index, value->data(), value->size(), SQLITE_STATIC,
                                                 SQLITE_UTF8)
                           : sqlite3_bind_null(statement, index);
      if (rc != SQLITE_OK) return ErrorFor(rc);
    }
    return domain::Ok();
  }

  domain::Error ErrorFor(int rc) {
    std::string const message = sqlite3_errmsg(db_);
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        return UniqueViolationFromMessage(message);
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        return ForeignKeyViolation("", message);
      default:
        break;
    }
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return domain::Unavailable("the SQLite database " + file_.string() +
                                   " is locked by another process (" + message +
                                   "); make sure only one mercatod uses this data directory");
      case SQLITE_FULL:
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
      case SQLITE_READONLY:
      case SQLITE_PERM:
        return domain::Unavailable("cannot write the SQLite database " + file_.string() + ": " + message +
                                   "; check free disk space and the data directory's permissions");
      default:
        return domain::Internal("SQLite: " + message);
    }
  }

  sqlite3* db_;
  std::filesystem::path const& file_;
};

// Runs `work` between BEGIN IMMEDIATE and COMMIT; rolls back on an error or an exception, so that
// the connection never stays inside a transaction.
domain::Status RunInTransaction(SqliteSession& session, std::function<domain::Status(SqlSession&)> const& work) {
  if (auto begun = session.Exec("BEGIN IMMEDIATE"); !begun) return begun.error();
  domain::Status status = domain::Ok();
  try {
    status = work(session);
  } catch (...) {
    (void)session.Exec("ROLLBACK");
    throw;
  }
  if (status) {
    auto committed = session.Exec("COMMIT");
    if (committed) return domain::Ok();
    status = committed.error();
  }
  (void)session.Exec("ROLLBACK");
  return status;
}

}  // namespace

domain::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(std::filesystem::path const& file,
                                                                     Settings settings) {
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      return domain::Unavailable("cannot create the data directory " + file.parent_path().string() + ": " +
                                 ec.message());
    }
  }
  sqlite3* raw = nullptr;
  int const rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    std::string const message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return domain::Unavailable("cannot open the SQLite database " + file.string() + ": " + message +
                               "; check that the data directory is writable");
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw, file));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(settings.busy_timeout.count()));

  SqliteSession session(raw, db->file_);
  auto journal = session.Exec("PRAGMA journal_mode = WAL");
  if (!journal) return journal.error();
  if (journal->empty() || journal->rows[0][0] != "wal") {
    return domain::Unavailable("SQLite cannot use write-ahead logging for " + file.string() +
                               "; put the data directory on a local file system");
  }
  // FULL: a commit survives power loss too (NORMAL would only survive a crash of the process).
  for (char const* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"}) {
    if (auto done = session.Exec(pragma); !done) return done.error();
  }
  return db;
}

SqliteDatabase::SqliteDatabase(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

domain::Status SqliteDatabase::RunTransaction(std::function<domain::Status(SqlSession&)> const& work) {
  std::lock_guard lock(mutex_);
  SqliteSession session(db_, file_);
  return RunInTransaction(session, work);
}

domain::Status SqliteDatabase::Read(std::function<domain::Status(SqlSession&)> const& work) {
  std::lock_guard lock(mutex_);
  SqliteSession session(db_, file_);
  return work(session);
}

}  // namespace mercato::adapters
