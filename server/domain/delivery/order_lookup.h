// Port: what delivery reads of the orders domain: an order it ships, and whose a cart it holds a
// slot for is. The orders stores answer it (orders/orders_for_delivery.h); delivery never reads the
// orders schema itself.
#pragma once

#include <optional>
#include <string>

#include "server/domain/error.h"

namespace mercato::domain {

struct OrderToShip {
  std::string customer_id;
  std::string slot_id;  // the slot the order is booked into
  bool cancelled = false;
};

class OrderLookup {
 public:
  virtual ~OrderLookup() = default;
  // nullopt when no placed order has this id (one still placing, or whose placement failed, is none).
  virtual Result<std::optional<OrderToShip>> FindOrderToShip(std::string const& order_id) = 0;
  // Whether cart `cart_id` exists and belongs to `user_id`.
  virtual Result<bool> IsCartOf(std::string const& cart_id, std::string const& user_id) = 0;
};

}  // namespace mercato::domain
