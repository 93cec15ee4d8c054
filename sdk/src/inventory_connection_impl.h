// InventoryConnectionImpl: every InventoryService RPC through the shared retry loop, blocking or
// asynchronous, over any implementation of the generated StubInterface (the real stub, or
// MockInventoryServiceStub in tests, which has only the blocking methods).
#pragma once

#include <memory>

#include <grpcpp/channel.h>

#include "mercato/inventory_connection.h"
#include "mercato/options.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

class InventoryConnectionImpl final : public InventoryConnection {
 public:
  // `token` null: a fixed token, options.bearer_token.
  InventoryConnectionImpl(std::shared_ptr<v1::InventoryService::StubInterface> stub, Options options,
                          std::shared_ptr<SessionToken const> token = nullptr);

  StatusOr<v1::StockItem> GetStock(v1::GetStockRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::BatchGetStockResponse> BatchGetStock(v1::BatchGetStockRequest const& request,
                                                    CallOptions const& opts) override;
  StatusOr<v1::AdjustStockResponse> AdjustStock(v1::AdjustStockRequest const& request,
                                                CallOptions const& opts) override;
  PaginationRange<v1::StockItem> ListStock(v1::ListStockRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Reservation> Reserve(v1::ReserveRequest const& request, CallOptions const& opts) override;
  StatusOr<v1::Reservation> ExtendReservation(v1::ExtendReservationRequest const& request,
                                              CallOptions const& opts) override;
  StatusOr<v1::Reservation> CommitReservation(v1::CommitReservationRequest const& request,
                                              CallOptions const& opts) override;
  StatusOr<v1::Reservation> ReleaseReservation(v1::ReleaseReservationRequest const& request,
                                               CallOptions const& opts) override;
  StatusOr<v1::Reservation> GetReservation(v1::GetReservationRequest const& request,
                                           CallOptions const& opts) override;
  PaginationRange<v1::Movement> ListMovements(v1::ListMovementsRequest const& request,
                                              CallOptions const& opts) override;

  void AsyncGetStock(v1::GetStockRequest const& request, CallOptions const& opts,
                             Completion<v1::StockItem> done) override;
  void AsyncBatchGetStock(v1::BatchGetStockRequest const& request, CallOptions const& opts,
                                  Completion<v1::BatchGetStockResponse> done) override;
  void AsyncAdjustStock(v1::AdjustStockRequest const& request, CallOptions const& opts,
                                Completion<v1::AdjustStockResponse> done) override;
  AsyncPages<v1::StockItem> AsyncListStock(v1::ListStockRequest const& request, CallOptions const& opts) override;

  void AsyncReserve(v1::ReserveRequest const& request, CallOptions const& opts,
                            Completion<v1::Reservation> done) override;
  void AsyncExtendReservation(v1::ExtendReservationRequest const& request, CallOptions const& opts,
                                      Completion<v1::Reservation> done) override;
  void AsyncCommitReservation(v1::CommitReservationRequest const& request, CallOptions const& opts,
                                      Completion<v1::Reservation> done) override;
  void AsyncReleaseReservation(v1::ReleaseReservationRequest const& request, CallOptions const& opts,
                                       Completion<v1::Reservation> done) override;
  void AsyncGetReservation(v1::GetReservationRequest const& request, CallOptions const& opts,
                                   Completion<v1::Reservation> done) override;

  AsyncPages<v1::Movement> AsyncListMovements(v1::ListMovementsRequest const& request,
                                                      CallOptions const& opts) override;

 private:
  std::shared_ptr<v1::InventoryService::StubInterface> stub_;
  Options const options_;
  std::shared_ptr<SessionToken const> const token_;
};

// Over a channel a Client shares; every call reads its bearer token from `token`.
std::shared_ptr<InventoryConnection> MakeInventoryConnection(std::shared_ptr<grpc::Channel> channel,
                                                             Options const& options,
                                                             std::shared_ptr<SessionToken const> token);

}  // namespace mercato::internal
