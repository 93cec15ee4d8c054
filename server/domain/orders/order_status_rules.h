// The order lifecycle as orders.proto defines it, pure: which moves are legal from which status,
// for whom, and what a move writes (the status, the next version, one history entry, one event).
//   PENDING -> CONFIRMED -> PAID -> PACKED -> SHIPPED -> DELIVERED
//   CANCELLED from PENDING or CONFIRMED (the customer or staff), or PAID or PACKED (staff only).
#pragma once

#include <cstdint>
#include <string>

#include "mercato/v1/events.pb.h"
#include "mercato/v1/orders.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

enum class OrderMove { kConfirm, kPay, kPack, kShip, kDeliver, kCancel };

// The status `move` takes an order to.
v1::OrderStatus TargetOf(OrderMove move);
// The outbox event type of `move`: "order.confirmed", "order.paid", ... "order.cancelled".
std::string EventTypeOf(OrderMove move);

// FAILED_PRECONDITION INVALID_TRANSITION (metadata from, to) unless `move` is legal from `from`;
// a customer (`staff` false) cancels only a PENDING or CONFIRMED order.
Status CheckMove(v1::OrderStatus from, OrderMove move, bool staff);

// `order` after `move` at `now_us` by `actor` (a user id or "system:<component>"), with `reason`
// in its history; and the event payload describing the change.
struct MovedOrder {
  v1::Order order;
  v1::OrderStatusChanged change;
};
MovedOrder MoveOrder(v1::Order order, OrderMove move, std::string const& actor, std::string const& reason,
                     std::int64_t now_us);

}  // namespace mercato::domain
