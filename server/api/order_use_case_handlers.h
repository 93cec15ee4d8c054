// OrderService's RPCs on the order use cases: which use case each calls, with what, and where its
// result goes in the response. Carts for now; checkout and the order lifecycle answer
// UNIMPLEMENTED until they are served.
#pragma once

#include "server/api/order_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/domain/orders/carts.h"

namespace mercato::api {

class OrderUseCaseHandlers final : public OrderHandlers {
 public:
  explicit OrderUseCaseHandlers(domain::Carts& carts) : carts_(carts) {}

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

 private:
  domain::Carts& carts_;
};

}  // namespace mercato::api
