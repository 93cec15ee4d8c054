// InventoryConnection's UNIMPLEMENTED defaults and the public factory.
#include "mercato/inventory_connection.h"

#include "sdk/src/channel.h"
#include "sdk/src/inventory_connection_impl.h"
#include "sdk/src/unimplemented.h"

namespace mercato {
namespace {

Status Unimplemented(char const* rpc) { return internal::Unimplemented("InventoryConnection", rpc); }

}  // namespace

StatusOr<v1::StockItem> InventoryConnection::GetStock(v1::GetStockRequest const&, CallOptions const&) {
  return Unimplemented("GetStock");
}
StatusOr<v1::BatchGetStockResponse> InventoryConnection::BatchGetStock(v1::BatchGetStockRequest const&,
                                                                       CallOptions const&) {
  return Unimplemented("BatchGetStock");
}
StatusOr<v1::AdjustStockResponse> InventoryConnection::AdjustStock(v1::AdjustStockRequest const&,
                                                                   CallOptions const&) {
  return Unimplemented("AdjustStock");
}
PaginationRange<v1::StockItem> InventoryConnection::ListStock(v1::ListStockRequest const&, CallOptions const&) {
  return PaginationRange<v1::StockItem>::FromError(Unimplemented("ListStock"));
}
StatusOr<v1::Reservation> InventoryConnection::Reserve(v1::ReserveRequest const&, CallOptions const&) {
  return Unimplemented("Reserve");
}
StatusOr<v1::Reservation> InventoryConnection::ExtendReservation(v1::ExtendReservationRequest const&,
                                                                 CallOptions const&) {
  return Unimplemented("ExtendReservation");
}
StatusOr<v1::Reservation> InventoryConnection::CommitReservation(v1::CommitReservationRequest const&,
                                                                 CallOptions const&) {
  return Unimplemented("CommitReservation");
}
StatusOr<v1::Reservation> InventoryConnection::ReleaseReservation(v1::ReleaseReservationRequest const&,
                                                                  CallOptions const&) {
  return Unimplemented("ReleaseReservation");
}
StatusOr<v1::Reservation> InventoryConnection::GetReservation(v1::GetReservationRequest const&, CallOptions const&) {
  return Unimplemented("GetReservation");
}
PaginationRange<v1::Movement> InventoryConnection::ListMovements(v1::ListMovementsRequest const&,
                                                                 CallOptions const&) {
  return PaginationRange<v1::Movement>::FromError(Unimplemented("ListMovements"));
}

std::shared_ptr<InventoryConnection> MakeInventoryConnection(Options options) {
  auto channel = internal::MakeChannel(options);
  return internal::MakeInventoryConnection(std::move(channel), options, nullptr);
}

}  // namespace mercato
