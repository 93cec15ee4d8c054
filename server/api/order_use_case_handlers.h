// OrderService's RPCs on the order use cases: which use case each calls, with what, and where its
// result goes in the response: carts, checkout, reads and the order lifecycle.
#pragma once

#include "server/api/order_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/domain/orders/carts.h"
#include "server/domain/orders/checkout.h"
#include "server/domain/orders/order_lifecycle.h"
#include "server/domain/orders/orders.h"

namespace mercato::api {

class OrderUseCaseHandlers final : public OrderHandlers {
 public:
  OrderUseCaseHandlers(domain::Carts& carts, domain::Checkout& checkout, domain::Orders& orders,
                       domain::OrderLifecycle& lifecycle)
      : carts_(carts), checkout_(checkout), orders_(orders), lifecycle_(lifecycle) {}

  domain::Status CreateCart(AdmittedCall const& call, v1::CreateCartRequest const& request,
                            v1::CreateCartResponse& response) override {
    return Assign(carts_.Create(request, call.caller), *response.mutable_cart());
  }
  domain::Status GetCart(AdmittedCall const& call, v1::GetCartRequest const& request,
                         v1::GetCartResponse& response) override {
    return Assign(carts_.Get(request.cart_id(), call.caller), *response.mutable_cart());
  }
  domain::Status AddCartLine(AdmittedCall const& call, v1::AddCartLineRequest const& request,
                             v1::AddCartLineResponse& response) override {
    return Assign(carts_.AddLine(request, call.caller), *response.mutable_cart());
  }
  domain::Status UpdateCartLine(AdmittedCall const& call, v1::UpdateCartLineRequest const& request,
                                v1::UpdateCartLineResponse& response) override {
    return Assign(carts_.UpdateLine(request, call.caller), *response.mutable_cart());
  }
  domain::Status RemoveCartLine(AdmittedCall const& call, v1::RemoveCartLineRequest const& request,
                                v1::RemoveCartLineResponse& response) override {
    return Assign(carts_.RemoveLine(request, call.caller), *response.mutable_cart());
  }
  domain::Status ClearCart(AdmittedCall const& call, v1::ClearCartRequest const& request,
                           v1::ClearCartResponse& response) override {
    return Assign(carts_.Clear(request, call.caller), *response.mutable_cart());
  }

  domain::Status PlaceOrder(AdmittedCall const& call, v1::PlaceOrderRequest const& request,
                            v1::PlaceOrderResponse& response) override {
    return Assign(checkout_.Place(request, call.caller), *response.mutable_order());
  }
  domain::Status GetOrder(AdmittedCall const& call, v1::GetOrderRequest const& request,
                          v1::GetOrderResponse& response) override {
    return Assign(orders_.Get(request.order_id(), call.caller), *response.mutable_order());
  }
  domain::Status ListOrders(AdmittedCall const& call, v1::ListOrdersRequest const& request,
                            v1::ListOrdersResponse& response) override {
    return Assign(orders_.List(request, call.caller), response);
  }
  domain::Status GetOrderStatusHistory(AdmittedCall const& call, v1::GetOrderStatusHistoryRequest const& request,
                                       v1::GetOrderStatusHistoryResponse& response) override {
    return Assign(orders_.GetStatusHistory(request.order_id(), call.caller), response);
  }

  domain::Status CancelOrder(AdmittedCall const& call, v1::CancelOrderRequest const& request,
                             v1::CancelOrderResponse& response) override {
    return Assign(lifecycle_.Cancel(request, call.caller), *response.mutable_order());
  }
  domain::Status ConfirmOrder(AdmittedCall const& call, v1::ConfirmOrderRequest const& request,
                              v1::ConfirmOrderResponse& response) override {
    return Assign(lifecycle_.Confirm(request, call.caller), *response.mutable_order());
  }
  domain::Status PackOrder(AdmittedCall const& call, v1::PackOrderRequest const& request,
                           v1::PackOrderResponse& response) override {
    return Assign(lifecycle_.Pack(request, call.caller), *response.mutable_order());
  }
  domain::Status ShipOrder(AdmittedCall const& call, v1::ShipOrderRequest const& request,
                           v1::ShipOrderResponse& response) override {
    return Assign(lifecycle_.Ship(request, call.caller), *response.mutable_order());
  }
  domain::Status DeliverOrder(AdmittedCall const& call, v1::DeliverOrderRequest const& request,
                              v1::DeliverOrderResponse& response) override {
    return Assign(lifecycle_.Deliver(request, call.caller), *response.mutable_order());
  }

 private:
  domain::Carts& carts_;
  domain::Checkout& checkout_;
  domain::Orders& orders_;
  domain::OrderLifecycle& lifecycle_;
};

}  // namespace mercato::api
