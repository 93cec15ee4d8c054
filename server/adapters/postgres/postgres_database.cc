// The PostgreSQL connection pool and its transactions.
#include "server/adapters/postgres/postgres_database.h"

#include <utility>

#include "server/adapters/sql/sql_error.h"

namespace mercato::adapters {
namespace {

// Deadlocks and serialization failures are the database asking for a retry; a few are enough.
constexpr int kTransactionAttempts = 3;

domain::Status RunInTransaction(PostgresConnection& connection,
                                std::function<domain::Status(SqlSession&)> const& work) {
  connection.BeginWithNextStatement();
  domain::Status status = domain::Ok();
  try {
    status = work(connection);
  } catch (...) {
    (void)connection.End(false);
    throw;
  }
  if (status) {
    auto committed = connection.End(true);
    if (committed) return domain::Ok();
    if (committed.error().kind == domain::ErrorKind::kUnavailable) {
      return domain::Unavailable(committed.error().message +
                                 "; the connection broke while committing, so the change may or may not have "
                                 "been saved: retry with the same request_id");
    }
    return committed.error();
  }
  (void)connection.End(false);
  return status;
}

}  // namespace

domain::Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(std::string conninfo, Settings settings) {
  if (settings.pool_size < 1) return domain::InvalidArgument("pool_size", "the PostgreSQL pool needs a connection");
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(std::move(conninfo), std::move(settings)));
  auto first = db->Acquire();
  if (!first) return first.error();
  db->Release(std::move(first).value());
  return db;
}

PostgresDatabase::PostgresDatabase(std::string conninfo, Settings settings)
    : conninfo_(std::move(conninfo)),
      settings_(std::move(settings)),
      connection_options_{settings_.connect_timeout, settings_.statement_timeout, settings_.search_path} {}

domain::Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Acquire() {
  std::unique_lock lock(mutex_);
  bool const available = released_.wait_for(lock, settings_.acquire_timeout, [&] {
    return !idle_.empty() || open_ < settings_.pool_size;
  });
  if (!available) {
    return domain::Unavailable("PostgreSQL connection pool exhausted: all " + std::to_string(settings_.pool_size) +
                               " connections stayed busy for " + std::to_string(settings_.acquire_timeout.count()) +
                               " ms; retry later, or raise the pool size if the database has capacity");
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  auto connection = PostgresConnection::Connect(conninfo_, connection_options_);
  if (!connection) {
    lock.lock();
    --open_;
    released_.notify_one();
  }
  return connection;
}

void PostgresDatabase::Release(std::unique_ptr<PostgresConnection> connection) {
  std::unique_lock lock(mutex_);
  if (connection->reusable()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  lock.unlock();
  released_.notify_one();
  // A broken connection (if any) closes here, outside the lock.
}

domain::Status PostgresDatabase::WithConnection(std::function<domain::Status(PostgresConnection&)> const& use) {
  auto connection = Acquire();
  if (!connection) return connection.error();
  struct Lease {
    PostgresDatabase& db;
    std::unique_ptr<PostgresConnection> connection;
    ~Lease() { db.Release(std::move(connection)); }
  } lease{*this, std::move(connection).value()};
  return use(*lease.connection);
}

domain::Status PostgresDatabase::RunTransaction(std::function<domain::Status(SqlSession&)> const& work) {
  for (int attempt = 1;; ++attempt) {
    auto status = WithConnection([&](PostgresConnection& connection) { return RunInTransaction(connection, work); });
    if (status || status.error().reason != kTransactionConflict || attempt == kTransactionAttempts) return status;
  }
}

domain::Status PostgresDatabase::Read(std::function<domain::Status(SqlSession&)> const& work) {
  return WithConnection([&](PostgresConnection& connection) { return work(connection); });
}

}  // namespace mercato::adapters
