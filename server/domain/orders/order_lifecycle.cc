#include "server/domain/orders/order_lifecycle.h"

#include <functional>
#include <utility>

#include "server/domain/delivery/shipment_status.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/payments/payment_rules.h"

namespace mercato::domain {
namespace {

constexpr char kPaymentsActor[] = "system:payments";
constexpr TextRule kReasonRule{500, true, true};

// Who the follow-ups act as: the order's payment is the shop's to void or refund, whoever cancelled.
Principal const& OrderService() {
  static Principal const principal{"system:orders", {Role::kService}, ""};
  return principal;
}

bool CapturedInFull(v1::Payment const& payment) {
  return payment.status() == v1::PAYMENT_STATUS_CAPTURED || payment.status() == v1::PAYMENT_STATUS_PARTIALLY_REFUNDED ||
         payment.status() == v1::PAYMENT_STATUS_REFUNDED;
}

Error FollowUpOpen(v1::Payment const& payment) {
  return Unavailable("payment '" + payment.id() + "' is " + v1::PaymentStatus_Name(payment.status()) +
                     " after the cancellation's follow-up; it is tried again later");
}

// Adds what a move changes beyond the order's status, or refuses the move.
using ChangeAlso = std::function<Status(v1::Order const& before, OrderChange& change)>;

// `locked` moved by `kind`, with its event and what `also` adds.
Result<OrderChange> Moved(v1::Order const& locked, OrderMove kind, std::string const& reason,
                          EventContext const& event, ChangeAlso const& also) {
  auto moved = MoveOrder(locked, kind, event.actor, reason, event.occurred_at_us);
  OrderChange change;
  change.order = std::move(moved.order);
  if (also) {
    if (auto added = also(locked, change); !added) return added.error();
  }
  change.events.push_back(
      MakeEvent(event, EventTypeOf(kind), "order", locked.id(), change.order.version(), moved.change));
  return change;
}

}  // namespace

// One lifecycle move as a request asks for it; `also` adds what the move changes beyond the
// order's status (the reservation, the booking, the shipment, the payment follow-up).
struct OrderLifecycle::Move {
  OrderMove kind;
  std::string order_id;
  std::int64_t expected_version;
  IdempotencyKey key;
  std::string reason;
  ChangeAlso also;
};

Result<v1::Order> OrderLifecycle::Apply(Move const& move, Principal const& caller) {
  if (auto valid = CheckReference("order_id", move.order_id); !valid) return valid.error();
  if (move.expected_version < 1) {
    return InvalidArgument("expected_version", "expected_version is required: the order's version as you last read it");
  }
  auto const now = context_.clock.NowMicros();
  bool const staff = caller.IsStaff();
  auto decide = [&](v1::Order const& locked) -> Result<std::optional<OrderChange>> {
    if (!staff && locked.user_id() != caller.user_id) return NotFound("order", move.order_id);
    if (locked.version() != move.expected_version) {
      return VersionMismatch("order", locked.id(), move.expected_version, locked.version());
    }
    if (auto legal = CheckMove(locked.status(), move.kind, staff); !legal) return legal.error();
    auto change = Moved(locked, move.kind, move.reason, {context_.ids.NewId(), now, move.key.key, caller.actor()},
                        move.also);
    if (!change) return change.error();
    return std::optional<OrderChange>(*std::move(change));
  };
  return context_.orders.ChangeOrder(move.order_id, move.key, now, decide);
}

Result<v1::Order> OrderLifecycle::Confirm(v1::ConfirmOrderRequest const& request, Principal const& caller) {
  auto confirmed = Apply({OrderMove::kConfirm, request.order_id(), request.expected_version(),
                          CallerScopedKey("orders.ConfirmOrder", request.request_id(), request, caller), "", {}},
                         caller);
  if (!confirmed || confirmed->status() != v1::ORDER_STATUS_CONFIRMED) return confirmed;
  // A payment captured before the order was confirmed makes it PAID now, not at the next follow-up.
  auto paid = MarkPaidIfCaptured(confirmed->id());
  if (paid && *paid) return **std::move(paid);
  return confirmed;
}

Result<v1::Order> OrderLifecycle::Pack(v1::PackOrderRequest const& request, Principal const& caller) {
  auto commit = context_.reservations.CommitDecision(request.request_id(), caller.actor());
  return Apply({OrderMove::kPack, request.order_id(), request.expected_version(),
                CallerScopedKey("orders.PackOrder", request.request_id(), request, caller), "",
                [&](v1::Order const&, OrderChange& change) {
                  change.reservation = commit;
                  return Ok();
                }},
               caller);
}

Result<v1::Order> OrderLifecycle::Ship(v1::ShipOrderRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("shipment_id", request.shipment_id()); !valid) return valid.error();
  // Read before the order's transaction, judged inside it: a replay of this request (its key) is
  // answered first, whatever became of the shipment.
  auto shipment = context_.shipments.Get(request.shipment_id(), caller);
  return Apply({OrderMove::kShip, request.order_id(), request.expected_version(),
                CallerScopedKey("orders.ShipOrder", request.request_id(), request, caller), "",
                [&](v1::Order const& before, OrderChange& change) -> Status {
                  if (!shipment) return shipment.error();
                  // The shipment's customer may track it: only the order's own, or nobody but staff.
                  char const* mismatch = shipment->order_id() != before.id() ? "delivers another order"
                                         : !shipment->customer_id().empty() && shipment->customer_id() != before.user_id()
                                             ? "names another customer than the order's"
                                             : nullptr;
                  if (shipment->status() == v1::SHIPMENT_STATUS_FAILED ||
                      shipment->status() == v1::SHIPMENT_STATUS_RETURNED) {
                    mismatch = "has ended without delivering";
                  }
                  if (mismatch != nullptr) {
                    return Error{ErrorKind::kFailedPrecondition,
                                 "SHIPMENT_NOT_FOR_ORDER",
                                 "shipment '" + shipment->id() + "' " + mismatch + "; create one for order '" +
                                     before.id() + "' and its customer with DeliveryService.CreateShipment",
                                 {{"shipment_id", shipment->id()}}};
                  }
                  change.order.set_shipment_id(request.shipment_id());
                  return Ok();
                }},
               caller);
}

Result<v1::Order> OrderLifecycle::Deliver(v1::DeliverOrderRequest const& request, Principal const& caller) {
  return Apply({OrderMove::kDeliver, request.order_id(), request.expected_version(),
                CallerScopedKey("orders.DeliverOrder", request.request_id(), request, caller), "", {}},
               caller);
}

Result<v1::Order> OrderLifecycle::Cancel(v1::CancelOrderRequest const& request, Principal const& caller) {
  std::string reason = request.reason();
  if (auto valid = NormalizeText("reason", reason, kReasonRule); !valid) return valid.error();
  if (!caller.IsStaff()) {
    if (auto unpaid = CheckNothingCaptured(request.order_id(), caller); !unpaid) return unpaid.error();
  }
  // Read before the order's transaction, judged inside it (a replay is answered first).
  auto under_way = ShipmentUnderWay(request.order_id());
  auto const now = context_.clock.NowMicros();
  auto release_slot = context_.slot_claims.ReleaseDecision(std::nullopt, request.request_id(), caller.actor());
  auto release_stock = context_.reservations.ReleaseDecision(request.request_id(), caller.actor());
  auto cancelled = Apply(
      {OrderMove::kCancel, request.order_id(), request.expected_version(),
       CallerScopedKey("orders.CancelOrder", request.request_id(), request, caller), reason,
       [&](v1::Order const& before, OrderChange& change) -> Status {
         if (!under_way) return under_way.error();
         if (*under_way) {
           return Error{ErrorKind::kFailedPrecondition,
                        "SHIPMENT_UNDER_WAY",
                        "order " + before.number() + "'s goods have left with shipment '" + (*under_way)->id() +
                            "' (" + v1::ShipmentStatus_Name((*under_way)->status()) +
                            "); record it FAILED, then RETURNED, before cancelling the order",
                        {{"shipment_id", (*under_way)->id()}}};
         }
         change.booking = release_slot;
         // A packed order's goods have left the stock: its reservation is committed and stays so.
         if (before.status() != v1::ORDER_STATUS_PACKED) change.reservation = release_stock;
         // Due once the attempt made just after the transaction has had its time.
         if (!before.payment_id().empty()) {
           change.payment_due_at_us = now + context_.settings.payment_retry_after.count();
         }
         return Ok();
       }},
      caller);
  if (!cancelled) return cancelled.error();
  // The money goes back now if it can; if not, the order stays due and FollowUpPayments ends it.
  if (!cancelled->payment_id().empty()) (void)SettleCancelledPayment(*cancelled, false);
  return cancelled;
}

Result<std::optional<v1::Shipment>> OrderLifecycle::ShipmentUnderWay(std::string const& order_id) {
  if (order_id.empty()) return std::optional<v1::Shipment>();  // Apply names the field
  v1::ListShipmentsRequest request;
  request.set_order_id(order_id);
  auto listed = context_.shipments.List(request, OrderService());
  if (!listed) return listed.error();
  for (auto const& shipment : listed->shipments()) {
    if (HasGoodsOut(shipment.status())) return std::optional<v1::Shipment>(shipment);
  }
  return std::optional<v1::Shipment>();
}

Status OrderLifecycle::CheckNothingCaptured(std::string const& order_id, Principal const& caller) {
  if (order_id.empty()) return Ok();  // Apply names the field
  auto found = context_.orders.FindOrder(order_id);
  if (!found) return found.error();
  // Anything but the caller's own order still open is Apply's to answer (NOT_FOUND, a replay...).
  if (!*found || (*found)->placement != Placement::kPlaced) return Ok();
  auto const& order = (*found)->order;
  bool const open = order.status() == v1::ORDER_STATUS_PENDING || order.status() == v1::ORDER_STATUS_CONFIRMED;
  if (order.user_id() != caller.user_id || !open || order.payment_id().empty()) return Ok();
  auto payment = context_.payments.Get(order.payment_id(), OrderService());
  if (!payment) return payment.error();
  if (payment->captured_amount().amount_minor() == 0) return Ok();
  return Error{ErrorKind::kFailedPrecondition,
               "INVALID_TRANSITION",
               "order " + order.number() + " is paid already (its payment is captured): once paid, only the shop's "
               "staff can cancel it",
               {{"from", v1::OrderStatus_Name(order.status())}, {"to", "ORDER_STATUS_CANCELLED"}}};
}

Status OrderLifecycle::SettleCancelledPayment(v1::Order const& order, bool last_try_on_decline) {
  // One step, or two for a payment partly captured by a capture that was not final: its uncaptured
  // rest is released (void) and then what was captured refunded.
  while (true) {
    auto payment = context_.payments.Get(order.payment_id(), OrderService());
    if (!payment) return payment.error();
    // The key names the payment's version: a retry of the same step sends the same key, and a
    // step after another change (a capture that raced the cancellation) sends a new one.
    auto const key = "order-" + order.id() + "-cancel-v" + std::to_string(payment->version());
    v1::Payment after = *payment;
    v1::Transaction step;
    switch (payment->status()) {
      case v1::PAYMENT_STATUS_AUTHORIZED:
      case v1::PAYMENT_STATUS_PARTIALLY_CAPTURED: {
        v1::VoidPaymentRequest request;
        request.set_request_id(key);
        request.set_payment_id(payment->id());
        request.set_expected_version(payment->version());
        auto voided = context_.payments.Void(request, OrderService());
        if (!voided) return voided.error();
        after = voided->payment();
        step = voided->transaction();
        break;
      }
      case v1::PAYMENT_STATUS_CAPTURED:
      case v1::PAYMENT_STATUS_PARTIALLY_REFUNDED: {
        v1::RefundPaymentRequest request;
        request.set_request_id(key);
        request.set_payment_id(payment->id());
        request.set_expected_version(payment->version());
        request.mutable_amount()->set_currency_code(payment->captured_amount().currency_code());
        request.mutable_amount()->set_amount_minor(payment->captured_amount().amount_minor() -
                                                   payment->refunded_amount().amount_minor());
        request.set_reason("order " + order.number() + " cancelled");
        auto refunded = context_.payments.Refund(request, OrderService());
        if (!refunded) return refunded.error();
        after = refunded->payment();
        step = refunded->transaction();
        break;
      }
      default: break;  // VOIDED, REFUNDED or FAILED: no money is held; PENDING: asked again later
    }
    switch (after.status()) {
      case v1::PAYMENT_STATUS_VOIDED:
      case v1::PAYMENT_STATUS_REFUNDED:
      case v1::PAYMENT_STATUS_FAILED: return context_.orders.EndPaymentFollowUp(order.id());
      default: break;
    }
    // The uncaptured rest released, what was captured goes back next.
    if (step.kind() == v1::TRANSACTION_KIND_VOID && after.status() == v1::PAYMENT_STATUS_CAPTURED) continue;
    if (step.status() != v1::TRANSACTION_STATUS_FAILED) return FollowUpOpen(after);
    // The provider refused (not: did not answer). Asked once more after retry_after, in case the
    // refusal was passing; then a person takes over, told by the error the follow-up task logs.
    if (!last_try_on_decline) return FollowUpOpen(after);
    if (auto ended = context_.orders.EndPaymentFollowUp(order.id()); !ended) return ended;
    return Error{ErrorKind::kFailedPrecondition,
                 "PAYMENT_NEEDS_REVIEW",
                 "order " + order.number() + " ('" + order.id() + "') is cancelled, but the provider refused to " +
                     (step.kind() == v1::TRANSACTION_KIND_VOID ? "void" : "refund") + " its payment '" + after.id() +
                     "' (" + step.failure_reason() + "); settle it in the provider's dashboard",
                 {{"order_id", order.id()}, {"payment_id", after.id()}, {"failure_reason", step.failure_reason()}}};
  }
}

Result<v1::CapturePaymentResponse> OrderLifecycle::Capture(v1::CapturePaymentRequest const& request,
                                                          Principal const& caller) {
  // The payment's own refusals (a missing payment, a bad request) are Payments::Capture's to give.
  if (auto payment = context_.payments.Get(request.payment_id(), caller);
      payment && !payment->order_id().empty() && CaptureAmount(*payment, nullptr)) {
    auto found = context_.orders.FindOrder(payment->order_id());
    if (!found) return found.error();
    if (*found && (*found)->order.status() == v1::ORDER_STATUS_CANCELLED) {
      auto const& order = (*found)->order;
      return Error{ErrorKind::kFailedPrecondition,
                   "INVALID_TRANSITION",
                   "order " + order.number() + " is cancelled: its payment '" + payment->id() +
                       "' is voided or refunded, not captured",
                   {{"order_id", order.id()}, {"from", v1::OrderStatus_Name(order.status())}}};
    }
  }
  auto captured = context_.payments.Capture(request, caller);
  if (!captured || captured->payment().order_id().empty()) return captured;
  auto const& order_id = captured->payment().order_id();
  auto found = context_.orders.FindOrder(order_id);
  if (found && *found && (*found)->order.status() == v1::ORDER_STATUS_CANCELLED) {
    (void)SettleCancelledPayment((*found)->order, false);
  } else {
    (void)MarkPaidIfCaptured(order_id);
  }
  return captured;
}

Result<std::optional<v1::Order>> OrderLifecycle::MarkPaidIfCaptured(std::string const& order_id) {
  auto found = context_.orders.FindOrder(order_id);
  if (!found) return found.error();
  if (!*found || (*found)->placement != Placement::kPlaced) return std::optional<v1::Order>();
  auto const& order = (*found)->order;
  if (order.status() != v1::ORDER_STATUS_CONFIRMED || order.payment_id().empty()) return std::optional<v1::Order>();
  auto payment = context_.payments.Get(order.payment_id(), OrderService());
  if (!payment) return payment.error();
  if (!CapturedInFull(*payment)) return std::optional<v1::Order>();
  auto const now = context_.clock.NowMicros();
  auto const reason = "payment " + payment->id() + " captured " +
                      std::to_string(payment->captured_amount().amount_minor()) + " " +
                      payment->captured_amount().currency_code() + " (minor units)";
  bool moved = false;
  auto paid = context_.orders.ChangeOrder(
      order_id, {}, now, [&](v1::Order const& locked) -> Result<std::optional<OrderChange>> {
        if (locked.status() != v1::ORDER_STATUS_CONFIRMED) return std::optional<OrderChange>();
        auto change = Moved(locked, OrderMove::kPay, reason, {context_.ids.NewId(), now, "", kPaymentsActor}, {});
        if (!change) return change.error();
        moved = true;
        return std::optional<OrderChange>(*std::move(change));
      });
  if (!paid) return paid.error();
  if (!moved) return std::optional<v1::Order>();
  return std::optional<v1::Order>(*std::move(paid));
}

Result<int> OrderLifecycle::FollowUpPayments() {
  auto const& settings = context_.settings;
  int ended = 0;
  std::optional<Error> needs_review;
  auto due = context_.orders.ClaimDuePaymentFollowUps(context_.clock.NowMicros(), settings.payment_retry_after.count(),
                                                      settings.follow_up_batch);
  if (!due) return due.error();
  for (auto const& order : *due) {
    auto settled = SettleCancelledPayment(order, true);
    if (settled) ++ended;
    if (!settled && settled.error().reason == "PAYMENT_NEEDS_REVIEW") needs_review = settled.error();
  }
  auto captured = context_.orders.ListCapturedConfirmed(settings.follow_up_batch);
  if (!captured) return captured.error();
  for (auto const& order_id : *captured) {
    auto paid = MarkPaidIfCaptured(order_id);
    if (paid && *paid) ++ended;
  }
  if (needs_review) return *needs_review;  // the task logs it; the order is not tried again
  return ended;
}

}  // namespace mercato::domain
