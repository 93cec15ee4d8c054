// InventoryService over gRPC: each handler goes through the Gateway (authentication, the method
// table, rate limits), calls one stock or reservation use case, and maps the result.
#pragma once

#include "mercato/v1/inventory.grpc.pb.h"
#include "server/api/gateway.h"
#include "server/api/owned_parse_service.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/inventory/stock_keeping.h"

namespace mercato::api {

// The unary methods parse their own requests (OwnedParseService).
class InventoryGrpcService final : public OwnedParseService<v1::InventoryService::Service> {
 public:
  InventoryGrpcService(Gateway& gateway, domain::StockKeeping& stock, domain::Reservations& reservations);

  grpc::Status GetStock(grpc::ServerContext* context, v1::GetStockRequest const* request,
                        v1::GetStockResponse* response) override;
  grpc::Status BatchGetStock(grpc::ServerContext* context, v1::BatchGetStockRequest const* request,
                             v1::BatchGetStockResponse* response) override;
  grpc::Status AdjustStock(grpc::ServerContext* context, v1::AdjustStockRequest const* request,
                           v1::AdjustStockResponse* response) override;
  grpc::Status ListStock(grpc::ServerContext* context, v1::ListStockRequest const* request,
                         v1::ListStockResponse* response) override;
  grpc::Status Reserve(grpc::ServerContext* context, v1::ReserveRequest const* request,
                       v1::ReserveResponse* response) override;
  grpc::Status ExtendReservation(grpc::ServerContext* context, v1::ExtendReservationRequest const* request,
                                 v1::ExtendReservationResponse* response) override;
  grpc::Status CommitReservation(grpc::ServerContext* context, v1::CommitReservationRequest const* request,
                                 v1::CommitReservationResponse* response) override;
  grpc::Status ReleaseReservation(grpc::ServerContext* context, v1::ReleaseReservationRequest const* request,
                                  v1::ReleaseReservationResponse* response) override;
  grpc::Status GetReservation(grpc::ServerContext* context, v1::GetReservationRequest const* request,
                              v1::GetReservationResponse* response) override;
  grpc::Status ListMovements(grpc::ServerContext* context, v1::ListMovementsRequest const* request,
                             v1::ListMovementsResponse* response) override;

 private:
  // Runs `use_case(principal)` through the gateway as "/mercato.v1.InventoryService/<rpc>".
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  Gateway& gateway_;
  domain::StockKeeping& stock_;
  domain::Reservations& reservations_;
};

}  // namespace mercato::api
