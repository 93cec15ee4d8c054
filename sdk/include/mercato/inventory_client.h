// InventoryClient: the stock and reservation calls an application makes. A cheap, copyable value
// over a shared InventoryConnection; get one from mercato::Client::inventory(). Each call is
// blocking, or Async* with the same arguments, which returns at once and completes through `done`
// (mercato/completion.h says on which thread).
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
  // `sleeper` waits between the rounds of AdjustStock's conflict retry (empty: sleep_for),
  // `retry_timer` between those of AsyncAdjustStock (empty: a grpc::Alarm).
  explicit InventoryClient(std::shared_ptr<InventoryConnection> connection, Sleeper sleeper = {},
                           RetryTimer retry_timer = {});

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

  // The asynchronous twins of the calls above: the same requests, results and errors.
  void AsyncGetStock(std::string sku, std::string location_id, CallOptions opts, Completion<v1::StockItem> done);
  void AsyncBatchGetStock(std::vector<v1::StockKey> keys, CallOptions opts,
                          Completion<std::vector<v1::StockItem>> done);
  // One List RPC per AsyncPages::Next().
  AsyncPages<v1::StockItem> AsyncListStock(v1::ListStockRequest request = {}, CallOptions opts = {});
  void AsyncAdjustStock(std::string sku, std::string location_id, std::int64_t delta, v1::MovementKind kind,
                        std::string reason, std::int64_t expected_version, CallOptions opts,
                        Completion<v1::AdjustStockResponse> done);
  // The rounds of the conflict retry run one after the other, each started by the previous one's
  // completion, with the backoff between them on the retry timer.
  void AsyncAdjustStock(std::string sku, std::string location_id, std::int64_t delta, v1::MovementKind kind,
                        std::string reason, RetryPolicy on_conflict, CallOptions opts,
                        Completion<v1::AdjustStockResponse> done);
  void AsyncReserve(std::vector<v1::ReservationLine> lines, std::optional<std::chrono::milliseconds> ttl,
                    std::optional<std::string> order_id, CallOptions opts, Completion<v1::Reservation> done);
  void AsyncExtendReservation(std::string reservation_id, std::chrono::milliseconds ttl,
                              std::optional<std::int64_t> expected_version, CallOptions opts,
                              Completion<v1::Reservation> done);
  void AsyncCommitReservation(std::string reservation_id, std::optional<std::int64_t> expected_version,
                              CallOptions opts, Completion<v1::Reservation> done);
  void AsyncReleaseReservation(std::string reservation_id, std::optional<std::int64_t> expected_version,
                               CallOptions opts, Completion<v1::Reservation> done);
  void AsyncGetReservation(std::string reservation_id, CallOptions opts, Completion<v1::Reservation> done);
  AsyncPages<v1::Movement> AsyncListMovements(v1::ListMovementsRequest request = {}, CallOptions opts = {});

  // The connection, for the calls that take a whole request message.
  std::shared_ptr<InventoryConnection> const& connection() const { return connection_; }

 private:
  std::shared_ptr<InventoryConnection> connection_;
  Sleeper sleeper_;
  RetryTimer retry_timer_;
};

}  // namespace mercato
