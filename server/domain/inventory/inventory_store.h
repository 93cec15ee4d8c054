// Port: where stock items, the movements ledger and reservations live (SQLite embedded,
// PostgreSQL schema `inventory` in production).
//
// Writes follow one shape: the store locks what the change reads (stock rows in (sku, location)
// order, so two writers never wait on each other in a cycle; a reservation before its stock),
// hands the current state to a decision function of the domain, and writes what it returns,
// together with the movements, the outbox event and the idempotency key, in one transaction. The
// decision may run more than once (a transaction retried after a deadlock) so it must be pure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/events.pb.h"
#include "mercato/v1/inventory.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// ListStock: ordered by (sku, location_id); `after` holds (0, sku, location_id).
struct StockQuery {
  std::optional<std::string> location_id;
  std::optional<std::int64_t> low_stock_threshold;  // available <= threshold
  std::optional<SortKey> after;
  int limit = 50;
};

// ListMovements: newest first, i.e. (created_at_us, id) descending; `after` holds (created_at_us, "", id).
struct MovementQuery {
  std::optional<std::string> sku;
  std::optional<std::string> location_id;
  std::optional<std::string> reservation_id;
  std::optional<std::int64_t> created_from_us;  // inclusive
  std::optional<std::int64_t> created_to_us;    // exclusive
  std::optional<SortKey> after;
  int limit = 50;
};

// What a write saves: every stock item it changed (after the change), the ledger entries that
// explain the change, the reservation it created or moved (reservation writes only), the event.
struct InventoryChange {
  std::vector<v1::StockItem> stock_items;
  std::vector<v1::Movement> movements;
  std::optional<v1::Reservation> reservation;
  v1::EventEnvelope event;
};

// Given the locked stock items, in the order of the keys asked for (zeros at version 0 when an
// item has no row), returns the change, or an error that rolls everything back.
using StockDecision = std::function<Result<InventoryChange>(std::vector<v1::StockItem> const& current)>;

// Given a locked reservation and its lines' stock items (in line order), returns the change, or
// nullopt when there is nothing to write (the reservation already is where the call wants it).
using ReservationDecision = std::function<Result<std::optional<InventoryChange>>(
    v1::Reservation const& reservation, std::vector<v1::StockItem> const& current)>;

class InventoryStore {
 public:
  virtual ~InventoryStore() = default;

  // One item per key, in key order; zeros at version 0 for keys without a row.
  virtual Result<std::vector<v1::StockItem>> GetStock(std::vector<v1::StockKey> const& keys) = 0;
  virtual Result<std::vector<v1::StockItem>> ListStock(StockQuery const& query) = 0;
  virtual Result<std::vector<v1::Movement>> ListMovements(MovementQuery const& query) = 0;
  virtual Result<std::optional<v1::Reservation>> FindReservation(std::string const& id) = 0;

  // Locks the item of `key` (creating a zero row at version 0 when it has none), decides and
  // writes. A replay of `idempotency` returns the first response and writes nothing (so do the
  // other writes).
  virtual Result<v1::AdjustStockResponse> AdjustStock(v1::StockKey const& key, IdempotencyKey const& idempotency,
                                                      StockDecision const& decide) = 0;
  // Locks the items of `keys`, decides, inserts the decided reservation and writes the items.
  virtual Result<v1::Reservation> Reserve(std::vector<v1::StockKey> const& keys, IdempotencyKey const& idempotency,
                                          StockDecision const& decide) = 0;
  // Locks reservation `id` and its items, decides and writes (NOT_FOUND when it does not exist).
  // Returns the reservation after the change (as it was when the decision wrote nothing).
  virtual Result<v1::Reservation> ChangeReservation(std::string const& id, IdempotencyKey const& idempotency,
                                                    ReservationDecision const& decide) = 0;
  // Locks one ACTIVE reservation that expired at `now_us` and that no other transaction holds
  // (SKIP LOCKED, so that sweepers of several instances share the work), decides and writes.
  // Returns whether there was one.
  virtual Result<bool> ChangeOneExpired(std::int64_t now_us, ReservationDecision const& decide) = 0;
};

}  // namespace mercato::domain
