// InventoryService's RPCs on the stock and reservation use cases: which use case each calls, with
// what, and where its result goes in the response.
#pragma once

#include "server/api/inventory_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/inventory/stock_keeping.h"

namespace mercato::api {

class InventoryUseCaseHandlers final : public InventoryHandlers {
 public:
  InventoryUseCaseHandlers(domain::StockKeeping& stock, domain::Reservations& reservations)
      : stock_(stock), reservations_(reservations) {}

  domain::Status GetStock(AdmittedCall const&, v1::GetStockRequest const& request,
                          v1::GetStockResponse& response) override {
    return Assign(stock_.GetStock(request), *response.mutable_stock_item());
  }
  domain::Status BatchGetStock(AdmittedCall const&, v1::BatchGetStockRequest const& request,
                               v1::BatchGetStockResponse& response) override {
    return Assign(stock_.BatchGetStock(request), response);
  }
  domain::Status AdjustStock(AdmittedCall const& call, v1::AdjustStockRequest const& request,
                             v1::AdjustStockResponse& response) override {
    return Assign(stock_.AdjustStock(request, call.caller), response);
  }
  domain::Status ListStock(AdmittedCall const&, v1::ListStockRequest const& request,
                           v1::ListStockResponse& response) override {
    return Assign(stock_.ListStock(request), response);
  }
  domain::Status ListMovements(AdmittedCall const&, v1::ListMovementsRequest const& request,
                               v1::ListMovementsResponse& response) override {
    return Assign(stock_.ListMovements(request), response);
  }
  domain::Status Reserve(AdmittedCall const& call, v1::ReserveRequest const& request,
                         v1::ReserveResponse& response) override {
    return Assign(reservations_.Reserve(request, call.caller), *response.mutable_reservation());
  }
  domain::Status ExtendReservation(AdmittedCall const& call, v1::ExtendReservationRequest const& request,
                                   v1::ExtendReservationResponse& response) override {
    return Assign(reservations_.Extend(request, call.caller), *response.mutable_reservation());
  }
  domain::Status CommitReservation(AdmittedCall const& call, v1::CommitReservationRequest const& request,
                                   v1::CommitReservationResponse& response) override {
    return Assign(reservations_.Commit(request, call.caller), *response.mutable_reservation());
  }
  domain::Status ReleaseReservation(AdmittedCall const& call, v1::ReleaseReservationRequest const& request,
                                    v1::ReleaseReservationResponse& response) override {
    return Assign(reservations_.Release(request, call.caller), *response.mutable_reservation());
  }
  domain::Status GetReservation(AdmittedCall const&, v1::GetReservationRequest const& request,
                                v1::GetReservationResponse& response) override {
    return Assign(reservations_.Get(request.reservation_id()), *response.mutable_reservation());
  }

 private:
  domain::StockKeeping& stock_;
  domain::Reservations& reservations_;
};

}  // namespace mercato::api
