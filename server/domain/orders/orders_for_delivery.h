// The orders and carts stores answering delivery's OrderLookup port.
#pragma once

#include "server/domain/delivery/order_lookup.h"
#include "server/domain/orders/cart_store.h"
#include "server/domain/orders/order_store.h"

namespace mercato::domain {

class OrdersForDelivery final : public OrderLookup {
 public:
  OrdersForDelivery(OrderStore& orders, CartStore& carts) : orders_(orders), carts_(carts) {}

  Result<std::optional<OrderToShip>> FindOrderToShip(std::string const& order_id) override {
    auto found = orders_.FindOrder(order_id);
    if (!found) return found.error();
    if (!*found || (*found)->placement != Placement::kPlaced) return std::optional<OrderToShip>();
    auto const& order = (*found)->order;
    return std::optional<OrderToShip>(
        OrderToShip{order.user_id(), order.delivery_slot_id(), order.status() == v1::ORDER_STATUS_CANCELLED});
  }

  Result<bool> IsCartOf(std::string const& cart_id, std::string const& user_id) override {
    auto found = carts_.FindCart(cart_id);
    if (!found) return found.error();
    return *found && !user_id.empty() && (*found)->user_id() == user_id;
  }

 private:
  OrderStore& orders_;
  CartStore& carts_;
};

}  // namespace mercato::domain
