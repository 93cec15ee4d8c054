// Claims on slot capacity: bookings of orders (service and staff, at checkout) and holds of carts
// (a signed-in user's own cart, before checkout) that expire unless they become a booking. Each
// claim takes exactly one unit; repeating one (same order, same cart and slot) changes nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/delivery/delivery_context.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

// One order's booking, as BookDecision takes it: the hold it was asked to come from (hold_id), or,
// when `use_cart_hold` (a checkout), the cart's ACTIVE hold: it becomes the booking when it is for
// the booked slot, and is given back when it is for another one; `booking_id` empty: a new id.
struct BookingAsk {
  std::string order_id;
  std::string hold_id;
  bool use_cart_hold = false;
  std::string booking_id;
};

class SlotClaims {
 public:
  explicit SlotClaims(DeliveryContext context) : context_(context) {}

  // SLOT_FULL, SLOT_CLOSED (past its cut-off, unless booked from the cart's ACTIVE hold),
  // ORDER_ALREADY_BOOKED (the order holds another slot), SLOT_HOLD_NOT_ACTIVE.
  Result<v1::BookSlotResponse> Book(v1::BookSlotRequest const& request, Principal const& caller);
  // Idempotent: a RELEASED booking comes back unchanged.
  Result<v1::SlotBooking> Release(v1::ReleaseSlotRequest const& request, Principal const& caller);
  // Holds for the caller's own cart (anyone else's, or none: NOT_FOUND cart); the cart's hold on
  // another slot is given back in the same step. A customer holds at most max_holds_per_user slots at once
  // (RESOURCE_EXHAUSTED HOLD_LIMIT); a zone that takes no orders is FAILED_PRECONDITION ZONE_CLOSED.
  Result<v1::HoldSlotResponse> Hold(v1::HoldSlotRequest const& request, Principal const& caller);
  // The holder's or staff's; anyone else: NOT_FOUND.
  Result<v1::SlotHold> GetHold(std::string const& hold_id, Principal const& caller);
  // Idempotent: RELEASED, EXPIRED and BOOKED holds come back unchanged.
  Result<v1::SlotHold> ReleaseHold(v1::ReleaseSlotHoldRequest const& request, Principal const& caller);
  // Expires one ACTIVE hold past its expiry, if any. Safe on every instance at once: each hold is
  // expired by exactly one of them.
  Result<bool> ExpireOneHold();

  // The decisions Book and Release take, for a write that runs them inside a larger transaction
  // (checkout: stock, slot and order together).
  ClaimDecision BookDecision(BookingAsk const& ask, std::string const& request_id, std::string const& actor);
  BookingDecision ReleaseDecision(std::optional<std::int64_t> expected_version, std::string const& request_id,
                                  std::string const& actor);
  // After booking `booking_id` (made from a cart's hold) was released because its checkout failed:
  // the hold is the cart's again, ACTIVE until its own expiry (EXPIRED if that has passed).
  HoldDecision RestoreHoldDecision(std::string const& booking_id, std::string const& request_id,
                                   std::string const& actor);

 private:
  DeliveryContext context_;
};

}  // namespace mercato::domain
