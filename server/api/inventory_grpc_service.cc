// Inventory handlers: request in, one use case through the gateway, result out.
#include "server/api/inventory_grpc_service.h"

#include "server/api/use_case_result.h"

namespace mercato::api {
namespace {

constexpr char kDomain[] = "inventory";

}  // namespace

InventoryGrpcService::InventoryGrpcService(Gateway& gateway, HandlerPool& pool, domain::StockKeeping& stock, domain::Reservations& reservations)
    : RawService(gateway, pool, ServiceInFileOf<v1::GetStockRequest>("InventoryService")),
      stock_(stock), reservations_(reservations) {
  ServeUnary("GetStock", &InventoryGrpcService::GetStock);
  ServeUnary("BatchGetStock", &InventoryGrpcService::BatchGetStock);
  ServeUnary("AdjustStock", &InventoryGrpcService::AdjustStock);
  ServeUnary("ListStock", &InventoryGrpcService::ListStock);
  ServeUnary("Reserve", &InventoryGrpcService::Reserve);
  ServeUnary("ExtendReservation", &InventoryGrpcService::ExtendReservation);
  ServeUnary("CommitReservation", &InventoryGrpcService::CommitReservation);
  ServeUnary("ReleaseReservation", &InventoryGrpcService::ReleaseReservation);
  ServeUnary("GetReservation", &InventoryGrpcService::GetReservation);
  ServeUnary("ListMovements", &InventoryGrpcService::ListMovements);
}

template <typename UseCase>
grpc::Status InventoryGrpcService::Handle(grpc::ServerContextBase* context, std::string_view rpc,
                                         google::protobuf::Message const& request, UseCase&& use_case) {
  std::string const method = "/mercato.v1.InventoryService/" + std::string(rpc);
  return gateway_.Run(context, method, kDomain, request, std::forward<UseCase>(use_case));
}

grpc::Status InventoryGrpcService::GetStock(grpc::ServerContextBase* context, v1::GetStockRequest const* request,
                                            v1::GetStockResponse* response) {
  return Handle(context, "GetStock", *request, [&](domain::Principal const&) {
    return Assign(stock_.GetStock(*request), *response->mutable_stock_item());
  });
}

grpc::Status InventoryGrpcService::BatchGetStock(grpc::ServerContextBase* context,
                                                 v1::BatchGetStockRequest const* request,
                                                 v1::BatchGetStockResponse* response) {
  return Handle(context, "BatchGetStock", *request,
                [&](domain::Principal const&) { return Assign(stock_.BatchGetStock(*request), *response); });
}

grpc::Status InventoryGrpcService::AdjustStock(grpc::ServerContextBase* context, v1::AdjustStockRequest const* request,
                                               v1::AdjustStockResponse* response) {
  return Handle(context, "AdjustStock", *request, [&](domain::Principal const& caller) {
    return Assign(stock_.AdjustStock(*request, caller), *response);
  });
}

grpc::Status InventoryGrpcService::ListStock(grpc::ServerContextBase* context, v1::ListStockRequest const* request,
                                             v1::ListStockResponse* response) {
  return Handle(context, "ListStock", *request,
                [&](domain::Principal const&) { return Assign(stock_.ListStock(*request), *response); });
}

grpc::Status InventoryGrpcService::Reserve(grpc::ServerContextBase* context, v1::ReserveRequest const* request,
                                           v1::ReserveResponse* response) {
  return Handle(context, "Reserve", *request, [&](domain::Principal const& caller) {
    return Assign(reservations_.Reserve(*request, caller), *response->mutable_reservation());
  });
}

grpc::Status InventoryGrpcService::ExtendReservation(grpc::ServerContextBase* context,
                                                     v1::ExtendReservationRequest const* request,
                                                     v1::ExtendReservationResponse* response) {
  return Handle(context, "ExtendReservation", *request, [&](domain::Principal const& caller) {
    return Assign(reservations_.Extend(*request, caller), *response->mutable_reservation());
  });
}

grpc::Status InventoryGrpcService::CommitReservation(grpc::ServerContextBase* context,
                                                     v1::CommitReservationRequest const* request,
                                                     v1::CommitReservationResponse* response) {
  return Handle(context, "CommitReservation", *request, [&](domain::Principal const& caller) {
    return Assign(reservations_.Commit(*request, caller), *response->mutable_reservation());
  });
}

grpc::Status InventoryGrpcService::ReleaseReservation(grpc::ServerContextBase* context,
                                                      v1::ReleaseReservationRequest const* request,
                                                      v1::ReleaseReservationResponse* response) {
  return Handle(context, "ReleaseReservation", *request, [&](domain::Principal const& caller) {
    return Assign(reservations_.Release(*request, caller), *response->mutable_reservation());
  });
}

grpc::Status InventoryGrpcService::GetReservation(grpc::ServerContextBase* context,
                                                  v1::GetReservationRequest const* request,
                                                  v1::GetReservationResponse* response) {
  return Handle(context, "GetReservation", *request, [&](domain::Principal const&) {
    return Assign(reservations_.Get(request->reservation_id()), *response->mutable_reservation());
  });
}

grpc::Status InventoryGrpcService::ListMovements(grpc::ServerContextBase* context,
                                                 v1::ListMovementsRequest const* request,
                                                 v1::ListMovementsResponse* response) {
  return Handle(context, "ListMovements", *request,
                [&](domain::Principal const&) { return Assign(stock_.ListMovements(*request), *response); });
}

}  // namespace mercato::api
