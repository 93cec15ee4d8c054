// The InventoryStore port over SQL (SQLite or PostgreSQL through SqlDatabase). Locks are row locks
// (SELECT ... FOR UPDATE) on PostgreSQL; SQLite runs one writer at a time, which locks everything.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/inventory/inventory_store.h"

namespace mercato::adapters {

class SqlInventoryStore final : public domain::InventoryStore {
 public:
  // `clock` stamps idempotency keys.
  SqlInventoryStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

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
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
