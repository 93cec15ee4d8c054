// InventoryClient: the stock and reservation calls an application makes. A cheap, copyable value
// over a shared InventoryConnection; get one from mercato::Client::inventory().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mercato/inventory_connection.h"

namespace mercato {

class InventoryClient {
 public:
  // `sleeper` waits between the rounds of AdjustStock's conflict retry; empty: sleep_for.
  explicit InventoryClient(std::shared_ptr<InventoryConnection> connection, Sleeper sleeper = {});

  // Stock levels. No record yet: zeros at version 0.
  StatusOr<v1::StockItem> GetStock(std::string sku, std::string location_id, CallOptions opts = {});
  // Up to 100 keys; one item per key, in the order asked.
  StatusOr<std::vector<v1::StockItem>> BatchGetStock(std::vector<v1::StockKey> keys, CallOptions opts = {});
  // Items ordered by sku, then location; filter with location_id / low_stock_threshold (staff).
  PaginationRange<v1::StockItem> ListStock(v1::ListStockRequest request = {}, CallOptions opts = {});

  // Adds `delta` to on_hand as a RECEIPT (> 0) or ADJUSTMENT (!= 0) if the item is still at
  // expected_version (0 before its first change); otherwise ABORTED, reason VERSION_MISMATCH, with
  // the item's version in metadata "current_version". Staff only.
  StatusOr<v1::AdjustStockResponse> AdjustStock(std::string sku, std::string location_id, std::int64_t delta,
                                                v1::MovementKind kind, std::string reason,
                                                std::int64_t expected_version, CallOptions opts = {});
  // The same at whatever version the item is at: reads it (GetStock), sends the change at that
  // version, and on VERSION_MISMATCH reads and sends again, up to on_conflict.max_attempts rounds
  // with full-jitter backoff between them. Each round is a new request (it carries another
  // version), so each gets a new request_id; opts.request_id, when given, keys the first round.
  // When every round loses, returns the last ABORTED.
  StatusOr<v1::AdjustStockResponse> AdjustStock(std::string sku, std::string location_id, std::int64_t delta,
                                                v1::MovementKind kind, std::string reason, RetryPolicy on_conflict,
                                                CallOptions opts = {});

  // Holds all lines or none. Short stock: FAILED_PRECONDITION, reason OUT_OF_STOCK, metadata
  // "<sku>@<location_id>" -> available units for each short line. `ttl` unset: the server's
  // default (15 min).
  StatusOr<v1::Reservation> Reserve(std::vector<v1::ReservationLine> lines,
                                    std::optional<std::chrono::milliseconds> ttl = std::nullopt,
                                    std::optional<std::string> order_id = std::nullopt, CallOptions opts = {});
  // `expected_version` set: ABORTED (VERSION_MISMATCH) unless the reservation is at it.
  StatusOr<v1::Reservation> ExtendReservation(std::string reservation_id, std::chrono::milliseconds ttl,
                                              std::optional<std::int64_t> expected_version = std::nullopt,
                                              CallOptions opts = {});
  StatusOr<v1::Reservation> CommitReservation(std::string reservation_id,
                                              std::optional<std::int64_t> expected_version = std::nullopt,
                                              CallOptions opts = {});
  StatusOr<v1::Reservation> ReleaseReservation(std::string reservation_id,
                                               std::optional<std::int64_t> expected_version = std::nullopt,
                                               CallOptions opts = {});
  StatusOr<v1::Reservation> GetReservation(std::string reservation_id, CallOptions opts = {});

  // The movements ledger, newest first; filter by sku, location, time range, reservation (staff).
  PaginationRange<v1::Movement> ListMovements(v1::ListMovementsRequest request = {}, CallOptions opts = {});

  // The connection, for the calls that take a whole request message.
  std::shared_ptr<InventoryConnection> const& connection() const { return connection_; }

 private:
  std::shared_ptr<InventoryConnection> connection_;
  Sleeper sleeper_;
};

}  // namespace mercato
