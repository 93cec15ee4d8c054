// The order lifecycle after checkout (order_status_rules.h): staff confirm, pack, ship and deliver
// an order; the customer or staff cancel it; the server marks it PAID once its payment is captured.
// Every move is one transaction on the order at the caller's expected_version, idempotent by
// request_id, with one status history entry and one "order.<status>" event:
//   - PackOrder commits the stock reservation in the same transaction;
//   - ShipOrder links a shipment DeliveryService made for this order;
//   - CancelOrder releases the slot booking and the stock reservation (a packed order's stock has
//     left already and stays committed) in the same transaction, and leaves the payment due for a
//     follow-up: the authorization is voided, or what was captured refunded, just after the
//     transaction or, after a crash or an unanswered provider, by FollowUpPayments on any instance.
// Another customer's order answers NOT_FOUND, exactly like a missing one.
#pragma once

#include <chrono>
#include <string>

#include "mercato/v1/orders.pb.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/shipments.h"
#include "server/domain/delivery/slot_claims.h"
#include "server/domain/error.h"
#include "server/domain/id_generator.h"
#include "server/domain/identity/principal.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/orders/order_status_rules.h"
#include "server/domain/orders/order_store.h"
#include "server/domain/payments/payments.h"

namespace mercato::domain {

struct OrderLifecycleSettings {
  // How long a payment follow-up that did not end waits before it is tried again.
  std::chrono::microseconds payment_retry_after{std::chrono::seconds(30)};
  int follow_up_batch = 20;
};

struct OrderLifecycleContext {
  OrderStore& orders;
  Payments& payments;
  Reservations& reservations;
  SlotClaims& slot_claims;
  Shipments& shipments;
  Clock& clock;
  IdGenerator& ids;
  OrderLifecycleSettings settings;
};

class OrderLifecycle {
 public:
  explicit OrderLifecycle(OrderLifecycleContext context) : context_(context) {}

  // Each returns the order after the move (ConfirmOrder: PAID when the payment was captured before
  // the confirmation). Refusals: INVALID_ARGUMENT (order_id, expected_version
  // >= 1, a cancellation's reason, a shipment_id), NOT_FOUND, ABORTED VERSION_MISMATCH,
  // FAILED_PRECONDITION INVALID_TRANSITION; PackOrder also the reservation's RESERVATION_EXPIRED;
  // ShipOrder FAILED_PRECONDITION SHIPMENT_NOT_FOR_ORDER when the shipment is another order's or
  // ended FAILED or RETURNED; CancelOrder SHIPMENT_UNDER_WAY while a shipment has the goods out.
  Result<v1::Order> Confirm(v1::ConfirmOrderRequest const& request, Principal const& caller);
  Result<v1::Order> Pack(v1::PackOrderRequest const& request, Principal const& caller);
  Result<v1::Order> Ship(v1::ShipOrderRequest const& request, Principal const& caller);
  Result<v1::Order> Deliver(v1::DeliverOrderRequest const& request, Principal const& caller);
  Result<v1::Order> Cancel(v1::CancelOrderRequest const& request, Principal const& caller);

  // PaymentService.CapturePayment with the order in view. A payment whose order is cancelled is
  // not captured: FAILED_PRECONDITION INVALID_TRANSITION (metadata order_id), its money goes back
  // instead. After a capture, the order moves to PAID when the payment is captured in full; a
  // capture that raced the order's cancellation (read open, cancelled before the capture ended)
  // is refunded at once rather than at the follow-up. Otherwise as Payments::Capture.
  Result<v1::CapturePaymentResponse> Capture(v1::CapturePaymentRequest const& request, Principal const& caller);

  // CONFIRMED -> PAID when the order's payment is captured (CAPTURED, or refunded since): the PAID
  // order when this call moved it, nullopt for an order anywhere else or a payment not captured in
  // full. Called after a capture, and after a confirmation (the capture may have come first).
  Result<std::optional<v1::Order>> MarkPaidIfCaptured(std::string const& order_id);

  // One pass of the follow-ups: voids or refunds the payments of cancelled orders that are due,
  // and marks PAID the confirmed orders whose payment was captured without this instance seeing
  // it (a crash, a webhook, another instance). Returns how many it ended; FAILED_PRECONDITION
  // PAYMENT_NEEDS_REVIEW (for the task's log) when the provider refused a void or refund twice:
  // that order's follow-up ends there, for a person to settle at the provider.
  Result<int> FollowUpPayments();

 private:
  struct Move;
  Result<v1::Order> Apply(Move const& move, Principal const& caller);
  // A customer cancels only before any money is taken: INVALID_TRANSITION once the payment of
  // their open order is captured (in part, or before the order was confirmed).
  Status CheckNothingCaptured(std::string const& order_id, Principal const& caller);
  // The order's shipment that has taken its goods out (PICKED_UP, IN_TRANSIT or DELIVERED), if any.
  Result<std::optional<v1::Shipment>> ShipmentUnderWay(std::string const& order_id);
  // Voids the cancelled order's authorization (or what a capture that was not final left of it)
  // and refunds what was captured, then ends its follow-up; an error leaves it due, except a
  // provider's refusal on the `last_try_on_decline`.
  Status SettleCancelledPayment(v1::Order const& order, bool last_try_on_decline);

  OrderLifecycleContext context_;
};

}  // namespace mercato::domain
