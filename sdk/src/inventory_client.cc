// InventoryClient: builds each request from the arguments and forwards it to the connection; the
// conflict-retrying AdjustStock runs its read-then-write rounds here, over the connection.
#include "mercato/inventory_client.h"

#include <utility>

#include <google/protobuf/duration.pb.h>

#include "sdk/src/call_settings.h"
#include "sdk/src/conflict_retry.h"
#include "sdk/src/request_id.h"

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

}  // namespace

InventoryClient::InventoryClient(std::shared_ptr<InventoryConnection> connection, Sleeper sleeper)
    : connection_(std::move(connection)), sleeper_(internal::SleeperOrDefault(std::move(sleeper))) {}

StatusOr<v1::StockItem> InventoryClient::GetStock(std::string sku, std::string location_id, CallOptions opts) {
  v1::GetStockRequest request;
  request.set_sku(std::move(sku));
  request.set_location_id(std::move(location_id));
  return connection_->GetStock(request, opts);
}

StatusOr<std::vector<v1::StockItem>> InventoryClient::BatchGetStock(std::vector<v1::StockKey> keys,
                                                                    CallOptions opts) {
  v1::BatchGetStockRequest request;
  for (auto& key : keys) *request.add_keys() = std::move(key);
  auto response = connection_->BatchGetStock(request, opts);
  if (!response) return std::move(response).status();
  auto& items = *response->mutable_stock_items();
  return std::vector<v1::StockItem>(std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
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
  v1::GetStockRequest read;
  read.set_sku(sku);
  read.set_location_id(location_id);
  auto request = AdjustRequest(std::move(sku), std::move(location_id), delta, kind, std::move(reason));
  return internal::RetryOnVersionConflict(
      on_conflict, sleeper_, [&](int round) -> StatusOr<v1::AdjustStockResponse> {
        auto current = connection_->GetStock(read, opts);
        if (!current) return std::move(current).status();
        request.set_expected_version(current->version());
        // The key is made here, not by the connection, so that every round has its own and the
        // transient retries within a round share it.
        request.set_request_id(round == 1 && !opts.request_id.empty() ? opts.request_id : internal::MakeRequestId());
        return connection_->AdjustStock(request, opts);
      });
}

StatusOr<v1::Reservation> InventoryClient::Reserve(std::vector<v1::ReservationLine> lines,
                                                   std::optional<std::chrono::milliseconds> ttl,
                                                   std::optional<std::string> order_id, CallOptions opts) {
  v1::ReserveRequest request;
  request.set_request_id(opts.request_id);
  for (auto& line : lines) *request.add_lines() = std::move(line);
  if (ttl) *request.mutable_ttl() = ToDuration(*ttl);
  if (order_id) request.set_order_id(std::move(*order_id));
  return connection_->Reserve(request, opts);
}

StatusOr<v1::Reservation> InventoryClient::ExtendReservation(std::string reservation_id,
                                                             std::chrono::milliseconds ttl,
                                                             std::optional<std::int64_t> expected_version,
                                                             CallOptions opts) {
  auto request =
      ReservationRequest<v1::ExtendReservationRequest>(std::move(reservation_id), expected_version, opts);
  *request.mutable_ttl() = ToDuration(ttl);
  return connection_->ExtendReservation(request, opts);
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
  v1::GetReservationRequest request;
  request.set_reservation_id(std::move(reservation_id));
  return connection_->GetReservation(request, opts);
}

PaginationRange<v1::Movement> InventoryClient::ListMovements(v1::ListMovementsRequest request, CallOptions opts) {
  return connection_->ListMovements(request, opts);
}

}  // namespace mercato
