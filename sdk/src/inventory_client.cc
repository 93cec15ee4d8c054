// InventoryClient: builds each request from the arguments (one builder per call, shared by the
// blocking and the asynchronous method) and forwards it to the connection; the conflict-retrying
// AdjustStock runs its read-then-write rounds here, over the connection.
#include "mercato/inventory_client.h"

#include <utility>

#include <google/protobuf/duration.pb.h>

#include "sdk/src/call_settings.h"
#include "sdk/src/conflict_retry.h"
#include "sdk/src/request_id.h"
#include "sdk/src/retry_timer.h"

namespace mercato {
namespace {

google::protobuf::Duration ToDuration(std::chrono::milliseconds ttl) {
  google::protobuf::Duration duration;
  duration.set_seconds(ttl.count() / 1000);
  duration.set_nanos(static_cast<std::int32_t>((ttl.count() % 1000) * 1'000'000));
  return duration;
}

v1::AdjustStockRequest AdjustRequest(std::string sku, std::string location_id, std::int64_t delta,
                                     v1::MovementKind kind, std::string reason) {
  v1::AdjustStockRequest request;
  request.set_sku(std::move(sku));
  request.set_location_id(std::move(location_id));
  request.set_delta(delta);
  request.set_kind(kind);
  request.set_reason(std::move(reason));
  return request;
}

v1::GetStockRequest GetStockRequest(std::string sku, std::string location_id) {
  v1::GetStockRequest request;
  request.set_sku(std::move(sku));
  request.set_location_id(std::move(location_id));
  return request;
}

v1::BatchGetStockRequest BatchGetStockRequest(std::vector<v1::StockKey> keys) {
  v1::BatchGetStockRequest request;
  for (auto& key : keys) *request.add_keys() = std::move(key);
  return request;
}

std::vector<v1::StockItem> StockItems(v1::BatchGetStockResponse response) {
  auto& items = *response.mutable_stock_items();
  return std::vector<v1::StockItem>(std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
}

// One round of the conflict-retrying AdjustStock: `request` at the version just read. The key is
// made here, not by the connection, so that every round has its own and the transient retries
// within a round share it.
v1::AdjustStockRequest AtVersion(v1::AdjustStockRequest request, std::int64_t version, int round,
                                 CallOptions const& opts) {
  request.set_expected_version(version);
  request.set_request_id(round == 1 && !opts.request_id.empty() ? opts.request_id : internal::MakeRequestId());
  return request;
}

v1::ReserveRequest ReserveRequest(std::vector<v1::ReservationLine> lines, std::optional<std::chrono::milliseconds> ttl,
                                  std::optional<std::string> order_id, CallOptions const& opts) {
  v1::ReserveRequest request;
  request.set_request_id(opts.request_id);
  for (auto& line : lines) *request.add_lines() = std::move(line);
  if (ttl) *request.mutable_ttl() = ToDuration(*ttl);
  if (order_id) request.set_order_id(std::move(*order_id));
  return request;
}

// The request of a reservation call that names one reservation and may pin its version.
template <typename Request>
Request ReservationRequest(std::string reservation_id, std::optional<std::int64_t> expected_version,
                           CallOptions const& opts) {
  Request request;
  request.set_request_id(opts.request_id);
  request.set_reservation_id(std::move(reservation_id));
  if (expected_version) request.set_expected_version(*expected_version);
  return request;
}

v1::ExtendReservationRequest ExtendRequest(std::string reservation_id, std::chrono::milliseconds ttl,
                                           std::optional<std::int64_t> expected_version, CallOptions const& opts) {
  auto request =
      ReservationRequest<v1::ExtendReservationRequest>(std::move(reservation_id), expected_version, opts);
  *request.mutable_ttl() = ToDuration(ttl);
  return request;
}

v1::GetReservationRequest GetReservationRequest(std::string reservation_id) {
  v1::GetReservationRequest request;
  request.set_reservation_id(std::move(reservation_id));
  return request;
}

}  // namespace

InventoryClient::InventoryClient(std::shared_ptr<InventoryConnection> connection, Sleeper sleeper,
                                 RetryTimer retry_timer)
    : connection_(std::move(connection)),
      sleeper_(internal::SleeperOrDefault(std::move(sleeper))),
      retry_timer_(internal::RetryTimerOrDefault(std::move(retry_timer))) {}

StatusOr<v1::StockItem> InventoryClient::GetStock(std::string sku, std::string location_id, CallOptions opts) {
  return connection_->GetStock(GetStockRequest(std::move(sku), std::move(location_id)), opts);
}

StatusOr<std::vector<v1::StockItem>> InventoryClient::BatchGetStock(std::vector<v1::StockKey> keys,
                                                                    CallOptions opts) {
  auto response = connection_->BatchGetStock(BatchGetStockRequest(std::move(keys)), opts);
  if (!response) return std::move(response).status();
  return StockItems(*std::move(response));
}

PaginationRange<v1::StockItem> InventoryClient::ListStock(v1::ListStockRequest request, CallOptions opts) {
  return connection_->ListStock(request, opts);
}

StatusOr<v1::AdjustStockResponse> InventoryClient::AdjustStock(std::string sku, std::string location_id,
                                                               std::int64_t delta, v1::MovementKind kind,
                                                               std::string reason, std::int64_t expected_version,
                                                               CallOptions opts) {
  auto request = AdjustRequest(std::move(sku), std::move(location_id), delta, kind, std::move(reason));
  request.set_request_id(opts.request_id);
  request.set_expected_version(expected_version);
  return connection_->AdjustStock(request, opts);
}

StatusOr<v1::AdjustStockResponse> InventoryClient::AdjustStock(std::string sku, std::string location_id,
                                                               std::int64_t delta, v1::MovementKind kind,
                                                               std::string reason, RetryPolicy on_conflict,
                                                               CallOptions opts) {
  auto const read = GetStockRequest(sku, location_id);
  auto const request = AdjustRequest(std::move(sku), std::move(location_id), delta, kind, std::move(reason));
  return internal::RetryOnVersionConflict(
      on_conflict, sleeper_, [&](int round) -> StatusOr<v1::AdjustStockResponse> {
        auto current = connection_->GetStock(read, opts);
        if (!current) return std::move(current).status();
        return connection_->AdjustStock(AtVersion(request, current->version(), round, opts), opts);
      });
}

StatusOr<v1::Reservation> InventoryClient::Reserve(std::vector<v1::ReservationLine> lines,
                                                   std::optional<std::chrono::milliseconds> ttl,
                                                   std::optional<std::string> order_id, CallOptions opts) {
  return connection_->Reserve(ReserveRequest(std::move(lines), ttl, std::move(order_id), opts), opts);
}

StatusOr<v1::Reservation> InventoryClient::ExtendReservation(std::string reservation_id,
                                                             std::chrono::milliseconds ttl,
                                                             std::optional<std::int64_t> expected_version,
                                                             CallOptions opts) {
  return connection_->ExtendReservation(ExtendRequest(std::move(reservation_id), ttl, expected_version, opts), opts);
}

StatusOr<v1::Reservation> InventoryClient::CommitReservation(std::string reservation_id,
                                                             std::optional<std::int64_t> expected_version,
                                                             CallOptions opts) {
  return connection_->CommitReservation(
      ReservationRequest<v1::CommitReservationRequest>(std::move(reservation_id), expected_version, opts), opts);
}

StatusOr<v1::Reservation> InventoryClient::ReleaseReservation(std::string reservation_id,
                                                              std::optional<std::int64_t> expected_version,
                                                              CallOptions opts) {
  return connection_->ReleaseReservation(
      ReservationRequest<v1::ReleaseReservationRequest>(std::move(reservation_id), expected_version, opts), opts);
}

StatusOr<v1::Reservation> InventoryClient::GetReservation(std::string reservation_id, CallOptions opts) {
  return connection_->GetReservation(GetReservationRequest(std::move(reservation_id)), opts);
}

PaginationRange<v1::Movement> InventoryClient::ListMovements(v1::ListMovementsRequest request, CallOptions opts) {
  return connection_->ListMovements(request, opts);
}

void InventoryClient::AsyncGetStock(std::string sku, std::string location_id, CallOptions opts,
                                    Completion<v1::StockItem> done) {
  connection_->AsyncGetStock(GetStockRequest(std::move(sku), std::move(location_id)), opts, std::move(done));
}

void InventoryClient::AsyncBatchGetStock(std::vector<v1::StockKey> keys, CallOptions opts,
                                         Completion<std::vector<v1::StockItem>> done) {
  connection_->AsyncBatchGetStock(BatchGetStockRequest(std::move(keys)), opts,
                                  [done = std::move(done)](StatusOr<v1::BatchGetStockResponse> response) {
                                    if (!response) return done(std::move(response).status());
                                    done(StockItems(*std::move(response)));
                                  });
}

AsyncPages<v1::StockItem> InventoryClient::AsyncListStock(v1::ListStockRequest request, CallOptions opts) {
  return connection_->AsyncListStock(request, opts);
}

void InventoryClient::AsyncAdjustStock(std::string sku, std::string location_id, std::int64_t delta,
                                       v1::MovementKind kind, std::string reason, std::int64_t expected_version,
                                       CallOptions opts, Completion<v1::AdjustStockResponse> done) {
  auto request = AdjustRequest(std::move(sku), std::move(location_id), delta, kind, std::move(reason));
  request.set_request_id(opts.request_id);
  request.set_expected_version(expected_version);
  connection_->AsyncAdjustStock(request, opts, std::move(done));
}

void InventoryClient::AsyncAdjustStock(std::string sku, std::string location_id, std::int64_t delta,
                                       v1::MovementKind kind, std::string reason, RetryPolicy on_conflict,
                                       CallOptions opts, Completion<v1::AdjustStockResponse> done) {
  auto read = GetStockRequest(sku, location_id);
  auto request = AdjustRequest(std::move(sku), std::move(location_id), delta, kind, std::move(reason));
  internal::AsyncRetryOnVersionConflict<v1::AdjustStockResponse>(
      on_conflict, retry_timer_,
      [connection = connection_, read = std::move(read), request = std::move(request), opts](
          int round, Completion<v1::AdjustStockResponse> round_done) {
        connection->AsyncGetStock(
            read, opts,
            [connection, request, round, opts, round_done = std::move(round_done)](StatusOr<v1::StockItem> current) {
              if (!current) return round_done(std::move(current).status());
              connection->AsyncAdjustStock(AtVersion(request, current->version(), round, opts), opts, round_done);
            });
      },
      std::move(done));
}

void InventoryClient::AsyncReserve(std::vector<v1::ReservationLine> lines,
                                   std::optional<std::chrono::milliseconds> ttl, std::optional<std::string> order_id,
                                   CallOptions opts, Completion<v1::Reservation> done) {
  connection_->AsyncReserve(ReserveRequest(std::move(lines), ttl, std::move(order_id), opts), opts, std::move(done));
}

void InventoryClient::AsyncExtendReservation(std::string reservation_id, std::chrono::milliseconds ttl,
                                             std::optional<std::int64_t> expected_version, CallOptions opts,
                                             Completion<v1::Reservation> done) {
  connection_->AsyncExtendReservation(ExtendRequest(std::move(reservation_id), ttl, expected_version, opts), opts,
                                      std::move(done));
}

void InventoryClient::AsyncCommitReservation(std::string reservation_id, std::optional<std::int64_t> expected_version,
                                             CallOptions opts, Completion<v1::Reservation> done) {
  connection_->AsyncCommitReservation(
      ReservationRequest<v1::CommitReservationRequest>(std::move(reservation_id), expected_version, opts), opts,
      std::move(done));
}

void InventoryClient::AsyncReleaseReservation(std::string reservation_id,
                                              std::optional<std::int64_t> expected_version, CallOptions opts,
                                              Completion<v1::Reservation> done) {
  connection_->AsyncReleaseReservation(
      ReservationRequest<v1::ReleaseReservationRequest>(std::move(reservation_id), expected_version, opts), opts,
      std::move(done));
}

void InventoryClient::AsyncGetReservation(std::string reservation_id, CallOptions opts,
                                          Completion<v1::Reservation> done) {
  connection_->AsyncGetReservation(GetReservationRequest(std::move(reservation_id)), opts, std::move(done));
}

AsyncPages<v1::Movement> InventoryClient::AsyncListMovements(v1::ListMovementsRequest request, CallOptions opts) {
  return connection_->AsyncListMovements(request, opts);
}

}  // namespace mercato
