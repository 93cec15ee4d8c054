#include "server/domain/orders/order_status_rules.h"

#include "server/domain/timestamp_micros.h"

namespace mercato::domain {

v1::OrderStatus TargetOf(OrderMove move) {
  switch (move) {
    case OrderMove::kConfirm: return v1::ORDER_STATUS_CONFIRMED;
    case OrderMove::kPay: return v1::ORDER_STATUS_PAID;
    case OrderMove::kPack: return v1::ORDER_STATUS_PACKED;
    case OrderMove::kShip: return v1::ORDER_STATUS_SHIPPED;
    case OrderMove::kDeliver: return v1::ORDER_STATUS_DELIVERED;
    case OrderMove::kCancel: return v1::ORDER_STATUS_CANCELLED;
  }
  return v1::ORDER_STATUS_UNSPECIFIED;
}

std::string EventTypeOf(OrderMove move) {
  switch (move) {
    case OrderMove::kConfirm: return "order.confirmed";
    case OrderMove::kPay: return "order.paid";
    case OrderMove::kPack: return "order.packed";
    case OrderMove::kShip: return "order.shipped";
    case OrderMove::kDeliver: return "order.delivered";
    case OrderMove::kCancel: return "order.cancelled";
  }
  return "order.unknown";
}

Status CheckMove(v1::OrderStatus from, OrderMove move, bool staff) {
  auto const to = TargetOf(move);
  bool legal = false;
  std::string hint;
  switch (move) {
    case OrderMove::kConfirm: legal = from == v1::ORDER_STATUS_PENDING; break;
    case OrderMove::kPay: legal = from == v1::ORDER_STATUS_CONFIRMED; break;
    case OrderMove::kPack:
      legal = from == v1::ORDER_STATUS_PAID;
      if (from == v1::ORDER_STATUS_CONFIRMED) hint = "; capture its payment first (PaymentService.CapturePayment)";
      break;
    case OrderMove::kShip: legal = from == v1::ORDER_STATUS_PACKED; break;
    case OrderMove::kDeliver: legal = from == v1::ORDER_STATUS_SHIPPED; break;
    case OrderMove::kCancel:
      legal = from == v1::ORDER_STATUS_PENDING || from == v1::ORDER_STATUS_CONFIRMED ||
              (staff && (from == v1::ORDER_STATUS_PAID || from == v1::ORDER_STATUS_PACKED));
      if (!staff && (from == v1::ORDER_STATUS_PAID || from == v1::ORDER_STATUS_PACKED)) {
        hint = "; once paid, only the shop's staff can cancel it";
      }
      break;
  }
  if (legal) return Ok();
  return Error{ErrorKind::kFailedPrecondition,
               "INVALID_TRANSITION",
               "an order " + v1::OrderStatus_Name(from) + " cannot become " + v1::OrderStatus_Name(to) + hint,
               {{"from", v1::OrderStatus_Name(from)}, {"to", v1::OrderStatus_Name(to)}}};
}

MovedOrder MoveOrder(v1::Order order, OrderMove move, std::string const& actor, std::string const& reason,
                     std::int64_t now_us) {
  MovedOrder moved;
  auto& change = *moved.change.mutable_change();
  change.set_from_status(order.status());
  change.set_to_status(TargetOf(move));
  *change.mutable_changed_at() = FromMicros(now_us);
  change.set_actor(actor);
  change.set_reason(reason);
  order.set_status(change.to_status());
  order.set_version(order.version() + 1);
  *order.mutable_updated_at() = change.changed_at();
  *order.add_status_history() = change;
  moved.change.set_order_id(order.id());
  moved.change.set_user_id(order.user_id());
  moved.change.set_from_status(change.from_status());
  moved.change.set_to_status(change.to_status());
  moved.change.set_version(order.version());
  moved.order = std::move(order);
  return moved;
}

}  // namespace mercato::domain
