// The InventoryStore port over SQL (SQLite or PostgreSQL through SqlDatabase). Locks are row locks
// (SELECT ... FOR UPDATE) on PostgreSQL; SQLite runs one writer at a time, which locks everything.
//
// Concurrent Reserve calls that start with the same stock item are coalesced (group commit): one
// transaction locks their rows once, decides each in arrival order against the running totals
// (each still all-or-nothing on its own) and commits them together. A batch that fails commits
// nothing and its reservations are retried one transaction each.
#pragma once

#include <array>
#include <memory>
#include <optional>

#include "server/adapters/sql/group_commit.h"
#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/inventory/inventory_store.h"

namespace mercato::adapters {

// Inside a transaction another store runs (checkout: stock, slot and order together): a
// reservation decided and written as Reserve does, without its own idempotency key (the caller's
// transaction keeps one) and without group commit; and a reservation changed as
// ChangeReservation does.
domain::Result<v1::Reservation> ReserveInSession(SqlSession& session, std::vector<v1::StockKey> const& keys,
                                                 domain::StockDecision const& decide);
domain::Result<v1::Reservation> ChangeReservationInSession(SqlSession& session, std::string const& id,
                                                           domain::ReservationDecision const& decide);

class SqlInventoryStore final : public domain::InventoryStore {
 public:
  // `clock` stamps idempotency keys; `coalesce_reservations` turns group commit on.
  SqlInventoryStore(SqlDatabase& db, domain::Clock& clock, bool coalesce_reservations);

  domain::Result<std::vector<v1::StockItem>> GetStock(std::vector<v1::StockKey> const& keys) override;
  domain::Result<std::vector<v1::StockItem>> ListStock(domain::StockQuery const& query) override;
  domain::Result<std::vector<v1::Movement>> ListMovements(domain::MovementQuery const& query) override;
  domain::Result<std::optional<v1::Reservation>> FindReservation(std::string const& id) override;

  domain::Result<v1::AdjustStockResponse> AdjustStock(v1::StockKey const& key,
                                                      domain::IdempotencyKey const& idempotency,
                                                      domain::StockDecision const& decide) override;
  domain::Result<v1::Reservation> Reserve(std::vector<v1::StockKey> const& keys,
                                          domain::IdempotencyKey const& idempotency,
                                          domain::StockDecision const& decide) override;
  domain::Result<v1::Reservation> ChangeReservation(std::string const& id, domain::IdempotencyKey const& idempotency,
                                                    domain::ReservationDecision const& decide) override;
  domain::Result<bool> ChangeOneExpired(std::int64_t now_us, domain::ReservationDecision const& decide) override;

 private:
  struct ReserveJob {
    std::vector<v1::StockKey> const& keys;
    domain::IdempotencyKey const& idempotency;
    domain::StockDecision const& decide;
    std::optional<domain::Result<v1::Reservation>> result;
  };
  using ReserveQueue = GroupCommit<ReserveJob>;
  static constexpr std::size_t kReserveQueues = 16;

  using ReserveResults = std::vector<std::optional<domain::Result<v1::Reservation>>>;

  // One transaction for every job of `batch` (a lone reservation is a batch of one): each job gets
  // its result, or nothing is committed and the transaction's error is returned.
  domain::Status RunTogether(std::vector<ReserveJob*> const& batch);
  // RunTogether, and when a batch of several fails, each job alone.
  void CommitBatch(std::vector<ReserveJob*> const& batch);
  // The transaction's body: fills `results` (one per job) or fails as a whole.
  static domain::Status ReserveTogether(SqlSession& session, std::vector<ReserveJob*> const& batch,
                                        std::int64_t now_us, ReserveResults& results);

  SqlDatabase& db_;
  domain::Clock& clock_;
  bool const coalesce_reservations_;
  // Jobs are queued by their first stock key, so reservations of one hot item meet in one queue.
  std::array<std::unique_ptr<ReserveQueue>, kReserveQueues> reserve_queues_;
};

}  // namespace mercato::adapters
