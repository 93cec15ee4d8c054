// The orders store answering delivery's OrderLookup port.
#pragma once

#include "server/domain/delivery/order_lookup.h"
#include "server/domain/orders/order_store.h"

namespace mercato::domain {

class OrdersForDelivery final : public OrderLookup {
 public:
  explicit OrdersForDelivery(OrderStore& orders) : orders_(orders) {}

  Result<std::optional<OrderToShip>> FindOrderToShip(std::string const& order_id) override {
    auto found = orders_.FindOrder(order_id);
    if (!found) return found.error();
    if (!*found || (*found)->placement != Placement::kPlaced) return std::optional<OrderToShip>();
    auto const& order = (*found)->order;
    return std::optional<OrderToShip>(
        OrderToShip{order.user_id(), order.delivery_slot_id(), order.status() == v1::ORDER_STATUS_CANCELLED});
  }

 private:
  OrderStore& orders_;
};

}  // namespace mercato::domain
