#include "server/domain/orders/checkout.h"

#include <utility>

#include "server/domain/events/event_factory.h"
#include "server/domain/identity/address_rules.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/inventory/inventory_rules.h"
#include "server/domain/orders/order_rules.h"
#include "server/domain/payments/payment_rules.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::domain {
namespace {

constexpr char kRecoveryActor[] = "system:checkout-recovery";

// Who step 2 acts as: the payment belongs to the order, not to the call that happens to ask, so
// every attempt (the first, a retry, the recovery worker on another instance) sends the same key.
Principal const& CheckoutService() {
  static Principal const principal{"system:checkout", {Role::kService}, ""};
  return principal;
}

Error PlacementInProgress(StoredOrder const& placing) {
  return {ErrorKind::kUnavailable,
          "CHECKOUT_IN_PROGRESS",
          "order '" + placing.order.id() +
              "' is being placed: its stock and slot are held and the payment's outcome is not known yet; retry "
              "with the same request_id",
          {{"order_id", placing.order.id()}}};
}

// What a checkout answers once its placement stands where it is.
Result<v1::Order> Answer(StoredOrder const& stored) {
  switch (stored.placement) {
    case Placement::kPlaced: return stored.order;
    case Placement::kFailed:
      if (stored.failure) return *stored.failure;
      return Internal("order '" + stored.order.id() + "' failed without a recorded reason");
    case Placement::kPlacing: break;
  }
  return PlacementInProgress(stored);
}

Result<v1::Address> ShippingAddress(v1::PlaceOrderRequest const& request, AddressBook& addresses,
                                    Principal const& caller) {
  if (request.has_address()) {
    v1::UserAddress inline_address;
    *inline_address.mutable_address() = request.address();
    if (auto valid = NormalizeAddress(inline_address); !valid) return valid.error();
    return inline_address.address();
  }
  auto saved = addresses.GetAddress(request.address_id(), caller);
  if (!saved) return saved.error();
  // Staff may read any address, but an order ships to its own customer's.
  if (saved->user_id() != caller.user_id) return NotFound("address", request.address_id());
  return saved->address();
}

v1::Reservation OrderReservation(v1::Order const& order, std::string const& location_id, std::int64_t expires_at_us,
                                 std::int64_t now_us) {
  v1::Reservation reservation;
  reservation.set_id(order.reservation_id());
  for (auto const& item : order.items()) {
    auto* line = reservation.add_lines();
    line->set_sku(item.sku());
    line->set_location_id(location_id);
    line->set_quantity(item.quantity());
  }
  reservation.set_state(v1::RESERVATION_STATE_ACTIVE);
  *reservation.mutable_expires_at() = FromMicros(expires_at_us);
  reservation.set_order_id(order.id());
  reservation.set_version(1);
  *reservation.mutable_created_at() = FromMicros(now_us);
  *reservation.mutable_updated_at() = FromMicros(now_us);
  return reservation;
}

}  // namespace

Result<v1::Order> Checkout::Place(v1::PlaceOrderRequest const& request, Principal const& caller) {
  if (auto valid = CheckPlaceOrder(request); !valid) return valid.error();
  auto const key = CallerScopedKey("orders.PlaceOrder", request.request_id(), request, caller);
  auto resume = [&](StoredOrder stored) -> Result<v1::Order> {
    if (stored.request_fingerprint != key.fingerprint) return IdempotencyKeyReused(key);
    if (stored.placement != Placement::kPlacing) return Answer(stored);
    auto continued = Continue(std::move(stored), caller.actor());
    if (!continued) return continued.error();
    return Answer(*continued);
  };
  auto earlier = context_.orders.FindPlacement(caller.user_id, request.request_id());
  if (!earlier) return earlier.error();
  if (*earlier) return resume(**std::move(earlier));
  auto begun = Begin(request, caller, key.fingerprint);
  if (!begun) {
    // A concurrent copy of this request may have begun first, and what it did (the cart at a new
    // version or emptied, the placement's row) refused this one: answer as that copy does.
    auto first = context_.orders.FindPlacement(caller.user_id, request.request_id());
    if (!first) return first.error();
    if (*first) return resume(**std::move(first));
    return begun.error();
  }
  auto continued = Continue(*std::move(begun), caller.actor());
  if (!continued) return continued.error();
  return Answer(*continued);
}

Result<StoredOrder> Checkout::Begin(v1::PlaceOrderRequest const& request, Principal const& caller,
                                    std::string const& fingerprint) {
  // Checked before anything is held; step 2 checks it again as PaymentService's own field.
  if (auto valid = CheckProviderToken("payment_method_token", request.payment_method_token()); !valid) {
    return valid.error();
  }
  auto const provider = context_.payments.provider_name();
  if (request.payment_provider() != provider) {
    return InvalidArgument("payment_provider", "this shop takes payments through '" + std::string(provider) +
                                                   "', not '" + Echo(request.payment_provider()) + "'");
  }
  auto cart = context_.carts.Get(request.cart_id(), caller);
  if (!cart) return cart.error();
  if (cart->version() != request.expected_cart_version()) {
    return VersionMismatch("cart", cart->id(), request.expected_cart_version(), cart->version());
  }
  if (auto valid = CheckCartForCheckout(*cart); !valid) return valid.error();
  auto address = ShippingAddress(request, context_.addresses, caller);
  if (!address) return address.error();
  auto zone = context_.zones.Resolve(*address);
  if (!zone) return zone.error();
  if (zone->stock_location_id().empty()) {
    return Error{ErrorKind::kFailedPrecondition, "ZONE_HAS_NO_STOCK_LOCATION",
                 "zone '" + zone->id() + "' names no stock location to fulfil it from; staff must set its "
                 "stock_location_id",
                 {{"zone_id", zone->id()}}};
  }
  if (auto takes = CheckZoneTakesCart(*zone, *cart); !takes) return takes.error();
  auto slot = context_.slots.Get(request.delivery_slot_id());
  if (!slot) return slot.error();
  if (slot->zone_id() != zone->id()) return SlotNotInZone(*slot, *zone);

  auto const now = context_.clock.NowMicros();
  StoredOrder placing;
  placing.order = DraftOrder(*cart, *zone, *address, slot->id());
  if (auto same = CheckExpectedTotal(request, placing.order); !same) return same.error();
  auto& order = placing.order;
  order.set_id(context_.ids.NewId());
  order.set_reservation_id(context_.ids.NewId());
  order.set_slot_booking_id(context_.ids.NewId());
  *order.mutable_created_at() = FromMicros(now);
  *order.mutable_updated_at() = FromMicros(now);
  placing.request_id = request.request_id();
  placing.request_fingerprint = fingerprint;
  placing.cart_id = cart->id();
  placing.cart_version = cart->version();
  placing.payment_method.set_provider(request.payment_provider());
  placing.payment_method.set_provider_token(request.payment_method_token());
  placing.next_attempt_at_us = now + context_.settings.retry_after.count();

  auto const reservation = OrderReservation(
      order, zone->stock_location_id(), ToMicros(slot->end_time()) + context_.settings.reservation_after_slot.count(),
      now);
  auto book = context_.slot_claims.BookDecision({order.id(), "", true, order.slot_booking_id()}, request.request_id(),
                                                caller.actor());
  PlacementHolds holds{
      LineKeys(reservation), context_.reservations.ReserveDecision(reservation, request.request_id(), caller.actor()),
      SlotClaim{SlotClaim::Kind::kBook, slot->id(), order.id(), "", cart->id(), {}, caller.user_id},
      [book, zone = *zone](ClaimState const& state) -> Result<std::optional<SlotChange>> {
        // Checked again under the slot's lock: its zone is what the order was priced for.
        if (state.slot.zone_id() != zone.id()) return SlotNotInZone(state.slot, zone);
        return book(state);
      }};
  return context_.orders.BeginPlacement(placing, holds);
}

Result<int> Checkout::RecoverDue() {
  auto due = context_.orders.ClaimDuePlacements(context_.clock.NowMicros(), context_.settings.retry_after.count(),
                                                context_.settings.recovery_batch);
  if (!due) return due.error();
  int ended = 0;
  for (auto& placing : *due) {
    auto continued = Continue(std::move(placing), kRecoveryActor);
    if (continued && continued->placement != Placement::kPlacing) ++ended;
  }
  return ended;
}

Result<StoredOrder> Checkout::Continue(StoredOrder placing, std::string const& actor) {
  v1::AuthorizePaymentRequest authorize;
  authorize.set_request_id("order-" + placing.order.id());
  authorize.set_order_id(placing.order.id());
  *authorize.mutable_amount() = placing.order.total();
  *authorize.mutable_method() = placing.payment_method;
  authorize.set_customer_id(placing.order.user_id());
  auto authorized = context_.payments.Authorize(authorize, CheckoutService());
  if (!authorized) {
    // No answer from the provider, or none yet: the holds stay and the placement is asked again.
    // A payment left for review stays too: whether money moved is for a person to find out.
    auto const& error = authorized.error();
    if (error.kind == ErrorKind::kUnavailable || error.reason == "PAYMENT_NEEDS_REVIEW") return error;
    return End(placing, error, "", actor);
  }
  auto const& payment = authorized->payment();
  if (payment.status() != v1::PAYMENT_STATUS_AUTHORIZED) return End(placing, PaymentDeclined(payment), "", actor);
  return End(placing, std::nullopt, payment.id(), actor);
}

Result<StoredOrder> Checkout::End(StoredOrder const& placing, std::optional<Error> failure,
                                  std::string const& payment_id, std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  PlacementEnd end;
  end.now_us = now;
  end.order = placing.order;
  if (failure) {
    end.failure = std::move(failure);
    end.release_stock = context_.reservations.ReleaseDecision(placing.request_id, actor);
    end.release_slot = context_.slot_claims.ReleaseDecision(std::nullopt, placing.request_id, actor);
    end.restore_hold = context_.slot_claims.RestoreHoldDecision(placing.order.slot_booking_id(), placing.request_id,
                                                                actor);
    return context_.orders.EndPlacement(placing.order.id(), end);
  }
  auto& order = end.order;
  order.set_status(v1::ORDER_STATUS_PENDING);
  order.set_payment_id(payment_id);
  order.set_version(1);
  *order.mutable_updated_at() = FromMicros(now);
  auto* placed = order.add_status_history();
  placed->set_to_status(v1::ORDER_STATUS_PENDING);
  *placed->mutable_changed_at() = FromMicros(now);
  placed->set_actor(order.user_id());
  placed->set_reason("placed");
  v1::OrderCreated created;
  *created.mutable_order() = order;
  end.events.push_back(MakeEvent({context_.ids.NewId(), now, placing.request_id, actor}, "order.created", "order",
                                 order.id(), order.version(), created));
  return context_.orders.EndPlacement(order.id(), end);
}

}  // namespace mercato::domain
