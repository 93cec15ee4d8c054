// InventoryService over gRPC: each handler goes through the Gateway (authentication, the method
// table, rate limits), calls one stock or reservation use case, and maps the result.
#pragma once

#include "mercato/v1/inventory.pb.h"
#include "server/api/gateway.h"
#include "server/api/raw_service.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/inventory/stock_keeping.h"

namespace mercato::api {

// A RawService: requests arrive as bytes and handlers run on the HandlerPool.
class InventoryGrpcService final : public RawService {
 public:
  InventoryGrpcService(Gateway& gateway, HandlerPool& pool, domain::StockKeeping& stock, domain::Reservations& reservations);

  grpc::Status GetStock(grpc::ServerContextBase* context, v1::GetStockRequest const* request,
                        v1::GetStockResponse* response);
  grpc::Status BatchGetStock(grpc::ServerContextBase* context, v1::BatchGetStockRequest const* request,
                             v1::BatchGetStockResponse* response);
  grpc::Status AdjustStock(grpc::ServerContextBase* context, v1::AdjustStockRequest const* request,
                           v1::AdjustStockResponse* response);
  grpc::Status ListStock(grpc::ServerContextBase* context, v1::ListStockRequest const* request,
                         v1::ListStockResponse* response);
  grpc::Status Reserve(grpc::ServerContextBase* context, v1::ReserveRequest const* request,
                       v1::ReserveResponse* response);
  grpc::Status ExtendReservation(grpc::ServerContextBase* context, v1::ExtendReservationRequest const* request,
                                 v1::ExtendReservationResponse* response);
  grpc::Status CommitReservation(grpc::ServerContextBase* context, v1::CommitReservationRequest const* request,
                                 v1::CommitReservationResponse* response);
  grpc::Status ReleaseReservation(grpc::ServerContextBase* context, v1::ReleaseReservationRequest const* request,
                                  v1::ReleaseReservationResponse* response);
  grpc::Status GetReservation(grpc::ServerContextBase* context, v1::GetReservationRequest const* request,
                              v1::GetReservationResponse* response);
  grpc::Status ListMovements(grpc::ServerContextBase* context, v1::ListMovementsRequest const* request,
                             v1::ListMovementsResponse* response);

 private:
  // Runs `use_case(principal)` through the gateway as "/mercato.v1.InventoryService/<rpc>".
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContextBase* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  domain::StockKeeping& stock_;
  domain::Reservations& reservations_;
};

}  // namespace mercato::api
