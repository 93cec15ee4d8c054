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
void InventoryConnection::AsyncGetStock(v1::GetStockRequest const&, CallOptions const&,
                                        Completion<v1::StockItem> done) {
  done(Unimplemented("AsyncGetStock"));
}
void InventoryConnection::AsyncBatchGetStock(v1::BatchGetStockRequest const&, CallOptions const&,
                                             Completion<v1::BatchGetStockResponse> done) {
  done(Unimplemented("AsyncBatchGetStock"));
}
void InventoryConnection::AsyncAdjustStock(v1::AdjustStockRequest const&, CallOptions const&,
                                           Completion<v1::AdjustStockResponse> done) {
  done(Unimplemented("AsyncAdjustStock"));
}
AsyncPages<v1::StockItem> InventoryConnection::AsyncListStock(v1::ListStockRequest const&, CallOptions const&) {
  return AsyncPages<v1::StockItem>::FromError(Unimplemented("AsyncListStock"));
}
void InventoryConnection::AsyncReserve(v1::ReserveRequest const&, CallOptions const&,
                                       Completion<v1::Reservation> done) {
  done(Unimplemented("AsyncReserve"));
}
void InventoryConnection::AsyncExtendReservation(v1::ExtendReservationRequest const&, CallOptions const&,
                                                 Completion<v1::Reservation> done) {
  done(Unimplemented("AsyncExtendReservation"));
}
void InventoryConnection::AsyncCommitReservation(v1::CommitReservationRequest const&, CallOptions const&,
                                                 Completion<v1::Reservation> done) {
  done(Unimplemented("AsyncCommitReservation"));
}
void InventoryConnection::AsyncReleaseReservation(v1::ReleaseReservationRequest const&, CallOptions const&,
                                                  Completion<v1::Reservation> done) {
  done(Unimplemented("AsyncReleaseReservation"));
}
void InventoryConnection::AsyncGetReservation(v1::GetReservationRequest const&, CallOptions const&,
                                              Completion<v1::Reservation> done) {
  done(Unimplemented("AsyncGetReservation"));
}
AsyncPages<v1::Movement> InventoryConnection::AsyncListMovements(v1::ListMovementsRequest const&,
                                                                 CallOptions const&) {
  return AsyncPages<v1::Movement>::FromError(Unimplemented("AsyncListMovements"));
}

std::shared_ptr<InventoryConnection> MakeInventoryConnection(Options options) {
  auto channel = internal::MakeChannel(options);
  return internal::MakeInventoryConnection(std::move(channel), options, nullptr);
}

}  // namespace mercato
