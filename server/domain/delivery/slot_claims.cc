#include "server/domain/delivery/slot_claims.h"

#include <google/protobuf/util/time_util.h>

#include <utility>

#include "server/domain/delivery/slot_rules.h"
#include "server/domain/timestamp_micros.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kSweeperActor[] = "system:slot-hold-sweeper";


// The slot after `booked` and `held` move by the deltas, at `now_us`.
v1::Slot Moved(v1::Slot slot, int booked, int held) {
  slot.set_booked(slot.booked() + booked);
  slot.set_held(slot.held() + held);
  slot.set_version(slot.version() + 1);
  SetRemaining(slot);
  return slot;
}

v1::EventEnvelope BookingEvent(EventContext const& context, std::string type, v1::SlotBooking const& booking,
                               v1::Slot const& slot) {
  v1::SlotBookingChanged payload;
  *payload.mutable_booking() = booking;
  *payload.mutable_slot() = slot;
  return MakeEvent(context, std::move(type), "slot_booking", booking.id(), booking.version(), payload);
}

v1::EventEnvelope HoldEvent(EventContext const& context, std::string type, v1::SlotHold const& hold,
                            v1::Slot const& slot) {
  v1::SlotHoldChanged payload;
  *payload.mutable_hold() = hold;
  *payload.mutable_slot() = slot;
  return MakeEvent(context, std::move(type), "slot_hold", hold.id(), hold.version(), payload);
}

v1::SlotHold Ended(v1::SlotHold hold, v1::SlotHoldState state, std::int64_t now_us) {
  hold.set_state(state);
  hold.set_version(hold.version() + 1);
  *hold.mutable_updated_at() = FromMicros(now_us);
  return hold;
}

Error HoldNotActive(v1::SlotHold const& hold, std::string const& why) {
  return {ErrorKind::kFailedPrecondition,
          "SLOT_HOLD_NOT_ACTIVE",
          "hold '" + hold.id() + "' " + why + "; hold a slot again",
          {{"state", v1::SlotHoldState_Name(hold.state())}}};
}

// A slot that takes a claim, a hold's booking included: not past its order cut-off (which is not
// after its start). The store picks from the cut-off on, so a hold ends there too.
Status CheckOpen(v1::Slot const& slot, std::int64_t now_us) {
  if (now_us >= ToMicros(slot.order_cutoff_time())) return SlotClosed(slot);
  return Ok();
}

Error ZoneClosed(v1::Slot const& slot) {
  return {ErrorKind::kFailedPrecondition,
          "ZONE_CLOSED",
          "slot '" + slot.id() + "' belongs to zone '" + slot.zone_id() + "', which takes no orders (inactive, deleted or without a stock location)",
          {{"zone_id", slot.zone_id()}}};
}

bool MayUse(v1::SlotHold const& hold, Principal const& caller) { return caller.IsStaff() || hold.user_id() == caller.user_id; }

}  // namespace

Result<v1::BookSlotResponse> SlotClaims::Book(v1::BookSlotRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("slot_id", request.slot_id()); !valid) return valid.error();
  if (auto valid = CheckReference("order_id", request.order_id()); !valid) return valid.error();
  if (!request.hold_id().empty()) {
    if (auto valid = CheckReference("hold_id", request.hold_id()); !valid) return valid.error();
  }
  SlotClaim claim{SlotClaim::Kind::kBook, request.slot_id(), request.order_id(), request.hold_id(), "",
                  CallerScopedKey("delivery.BookSlot", request.request_id(), request, caller), ""};
  auto decided = context_.slots.Claim(
      claim, BookDecision({request.order_id(), request.hold_id(), false, ""}, request.request_id(), caller.actor()));
  if (!decided) return decided.error();
  v1::BookSlotResponse response;
  *response.mutable_slot() = std::move(decided->slot);
  if (decided->booking) *response.mutable_booking() = *std::move(decided->booking);
  return response;
}

ClaimDecision SlotClaims::BookDecision(BookingAsk const& ask, std::string const& request_id, std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, request_id, actor};
  EventContext const hold_events{context_.ids.NewId(), now, request_id, actor};
  auto const booking_id = ask.booking_id.empty() ? context_.ids.NewId() : ask.booking_id;
  return [ask, now, events, hold_events, booking_id](ClaimState const& state) -> Result<std::optional<SlotChange>> {
    if (state.order_booking) {
      if (state.order_booking->slot_id() == state.slot.id()) {
        // Booked already; a hold the checkout brings for the same slot is given back, not left to expire.
        if (!state.hold || state.hold->slot_id() != state.slot.id() ||
            state.hold->state() != v1::SLOT_HOLD_STATE_ACTIVE) {
          return std::optional<SlotChange>();
        }
        SlotChange change;
        change.slots.push_back(Moved(state.slot, 0, -1));
        change.holds.push_back(Ended(*state.hold, v1::SLOT_HOLD_STATE_RELEASED, now));
        change.events.push_back(HoldEvent(events, "delivery.hold.released", change.holds.back(), change.slots.back()));
        return std::optional<SlotChange>(std::move(change));
      }
      return Error{ErrorKind::kFailedPrecondition,
                   "ORDER_ALREADY_BOOKED",
                   "order '" + ask.order_id + "' already has booking '" + state.order_booking->id() + "' in slot '" +
                       state.order_booking->slot_id() + "'; release it before booking another slot",
                   {{"booking_id", state.order_booking->id()}}};
    }
    // A cart's hold counts only when it is for this slot and still good; otherwise the order books
    // free capacity and the hold expires as it would have.
    bool const cart_hold_fits = ask.use_cart_hold && state.hold && state.hold->slot_id() == state.slot.id() &&
                                state.hold->state() == v1::SLOT_HOLD_STATE_ACTIVE &&
                                now < ToMicros(state.hold->expires_at());
    bool const from_hold = !ask.hold_id.empty() || cart_hold_fits;
    if (!ask.hold_id.empty()) {
      if (!state.hold) return NotFound("hold", ask.hold_id);
      if (state.hold->slot_id() != state.slot.id()) return HoldNotActive(*state.hold, "is for another slot");
      if (state.hold->state() != v1::SLOT_HOLD_STATE_ACTIVE) {
        return HoldNotActive(*state.hold, "is " + v1::SlotHoldState_Name(state.hold->state()));
      }
      if (now >= ToMicros(state.hold->expires_at())) return HoldNotActive(*state.hold, "expired");
    }
    if (!from_hold && !state.zone_open) return ZoneClosed(state.slot);
    if (auto open = CheckOpen(state.slot, now); !open) return open.error();
    if (!from_hold && state.slot.remaining() <= 0) return SlotFull(state.slot);
    SlotChange change;
    bool const other_slot_held = ask.use_cart_hold && state.hold && state.hold_slot &&
                                 state.hold->state() == v1::SLOT_HOLD_STATE_ACTIVE;
    if (other_slot_held) {
      // The cart moved to another slot at checkout: its hold would only keep a place from others.
      auto released = Ended(*state.hold, v1::SLOT_HOLD_STATE_RELEASED, now);
      auto const previous_slot = Moved(*state.hold_slot, 0, -1);
      change.events.push_back(HoldEvent(hold_events, "delivery.hold.released", released, previous_slot));
      change.slots.push_back(previous_slot);
      change.holds.push_back(std::move(released));
    }
    v1::SlotBooking booking;
    booking.set_id(booking_id);
    booking.set_slot_id(state.slot.id());
    booking.set_order_id(ask.order_id);
    booking.set_state(v1::SLOT_BOOKING_STATE_ACTIVE);
    booking.set_version(1);
    if (from_hold) booking.set_hold_id(state.hold->id());
    *booking.mutable_created_at() = FromMicros(now);
    *booking.mutable_updated_at() = FromMicros(now);
    auto const slot = Moved(state.slot, 1, from_hold ? -1 : 0);
    if (from_hold) {
      auto hold = Ended(*state.hold, v1::SLOT_HOLD_STATE_BOOKED, now);
      hold.set_booking_id(booking_id);
      change.holds.push_back(std::move(hold));
    }
    change.events.push_back(BookingEvent(events, "delivery.slot.booked", booking, slot));
    change.slots.push_back(slot);
    change.booking = std::move(booking);
    return std::optional<SlotChange>(std::move(change));
  };
}

Result<v1::SlotBooking> SlotClaims::Release(v1::ReleaseSlotRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("booking_id", request.booking_id()); !valid) return valid.error();
  std::optional<std::int64_t> expected_version;
  if (request.has_expected_version()) expected_version = request.expected_version();
  return context_.slots.ChangeBooking(request.booking_id(),
                                      CallerScopedKey("delivery.ReleaseSlot", request.request_id(), request, caller),
                                      ReleaseDecision(expected_version, request.request_id(), caller.actor()));
}

BookingDecision SlotClaims::ReleaseDecision(std::optional<std::int64_t> expected_version, std::string const& request_id,
                                            std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, request_id, actor};
  return [expected_version, now, events](v1::SlotBooking const& booking,
                                         v1::Slot const& slot) -> Result<std::optional<SlotChange>> {
    // The version first, as the contract says: a caller releasing from a stale read learns it.
    if (expected_version && *expected_version != booking.version()) {
      return VersionMismatch("booking", booking.id(), *expected_version, booking.version());
    }
    if (booking.state() == v1::SLOT_BOOKING_STATE_RELEASED) return std::optional<SlotChange>();
    v1::SlotBooking released = booking;
    released.set_state(v1::SLOT_BOOKING_STATE_RELEASED);
    released.set_version(booking.version() + 1);
    *released.mutable_updated_at() = FromMicros(now);
    SlotChange change;
    change.slots.push_back(Moved(slot, -1, 0));
    change.events.push_back(BookingEvent(events, "delivery.slot.released", released, change.slots.back()));
    change.booking = std::move(released);
    return std::optional<SlotChange>(std::move(change));
  };
}

HoldDecision SlotClaims::RestoreHoldDecision(std::string const& booking_id, std::string const& request_id,
                                             std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, request_id, actor};
  return [booking_id, now, events](v1::SlotHold const& hold, v1::Slot const& slot) -> Result<std::optional<SlotChange>> {
    if (hold.state() != v1::SLOT_HOLD_STATE_BOOKED || hold.booking_id() != booking_id) {
      return std::optional<SlotChange>();
    }
    SlotChange change;
    if (now >= ToMicros(hold.expires_at())) {
      // Its unit went back with the booking; the hold only says so.
      change.holds.push_back(Ended(hold, v1::SLOT_HOLD_STATE_EXPIRED, now));
      change.events.push_back(HoldEvent(events, "delivery.hold.expired", change.holds.back(), slot));
      return std::optional<SlotChange>(std::move(change));
    }
    auto restored = Ended(hold, v1::SLOT_HOLD_STATE_ACTIVE, now);
    restored.clear_booking_id();
    change.slots.push_back(Moved(slot, 0, 1));
    change.events.push_back(HoldEvent(events, "delivery.slot.held", restored, change.slots.back()));
    change.holds.push_back(std::move(restored));
    return std::optional<SlotChange>(std::move(change));
  };
}

Result<v1::HoldSlotResponse> SlotClaims::Hold(v1::HoldSlotRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("slot_id", request.slot_id()); !valid) return valid.error();
  if (auto valid = CheckReference("cart_id", request.cart_id()); !valid) return valid.error();
  auto ttl = std::chrono::microseconds(context_.settings.default_hold);
  if (request.has_ttl()) {
    ttl = std::chrono::microseconds(TimeUtil::DurationToMicroseconds(request.ttl()));
    if (ttl < std::chrono::seconds(1) || ttl > context_.settings.max_hold) {
      return InvalidArgument("ttl", "ttl must be between 1 s and " +
                                        std::to_string(context_.settings.max_hold.count() / 60'000'000) + " minutes");
    }
  }
  // Read before the claim and judged inside it, so that a replay answers what the first call did.
  auto own_cart = context_.orders.IsCartOf(request.cart_id(), caller.user_id);
  if (!own_cart) return own_cart.error();
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, request.request_id(), caller.actor()};
  SlotClaim claim{SlotClaim::Kind::kHold, request.slot_id(), "", "", request.cart_id(),
                  CallerScopedKey("delivery.HoldSlot", request.request_id(), request, caller), caller.user_id};
  auto const hold_id = context_.ids.NewId();
  auto decided = context_.slots.Claim(claim, [&](ClaimState const& state) -> Result<std::optional<SlotChange>> {
    if (!*own_cart) return NotFound("cart", request.cart_id());
    if (!state.zone_open) return ZoneClosed(state.slot);
    if (auto open = CheckOpen(state.slot, now); !open) return open.error();
    SlotChange change;
    auto const expires = FromMicros(std::min(now + ttl.count(), ToMicros(state.slot.order_cutoff_time())));
    if (state.hold && state.hold->slot_id() == state.slot.id()) {
      v1::SlotHold renewed = *state.hold;
      *renewed.mutable_expires_at() = expires;
      renewed.set_version(renewed.version() + 1);
      *renewed.mutable_updated_at() = FromMicros(now);
      change.events.push_back(HoldEvent(events, "delivery.slot.held", renewed, state.slot));
      change.holds.push_back(std::move(renewed));
      return std::optional<SlotChange>(std::move(change));
    }
    if (state.slot.remaining() <= 0) return SlotFull(state.slot);
    if (!state.hold && !caller.IsStaff() && state.user_active_holds >= context_.settings.max_holds_per_user) {
      return Error{ErrorKind::kResourceExhausted,
                   "HOLD_LIMIT",
                   "you already hold " + std::to_string(state.user_active_holds) + " slots (at most " +
                       std::to_string(context_.settings.max_holds_per_user) +
                       "); release one, or hold for a cart that holds one already (that moves its hold)",
                   {{"limit", std::to_string(context_.settings.max_holds_per_user)}}};
    }
    if (state.hold) {
      auto released = Ended(*state.hold, v1::SLOT_HOLD_STATE_RELEASED, now);
      auto const previous_slot = Moved(*state.hold_slot, 0, -1);
      change.events.push_back(HoldEvent(events, "delivery.hold.released", released, previous_slot));
      change.events.back().set_event_id(context_.ids.NewId());
      change.slots.push_back(previous_slot);
      change.holds.push_back(std::move(released));
    }
    v1::SlotHold hold;
    hold.set_id(hold_id);
    hold.set_slot_id(state.slot.id());
    hold.set_cart_id(request.cart_id());
    hold.set_user_id(caller.user_id);
    hold.set_state(v1::SLOT_HOLD_STATE_ACTIVE);
    *hold.mutable_expires_at() = expires;
    hold.set_version(1);
    *hold.mutable_created_at() = FromMicros(now);
    *hold.mutable_updated_at() = FromMicros(now);
    auto const slot = Moved(state.slot, 0, 1);
    change.events.push_back(HoldEvent(events, "delivery.slot.held", hold, slot));
    change.slots.push_back(slot);
    change.holds.push_back(std::move(hold));
    return std::optional<SlotChange>(std::move(change));
  });
  if (!decided) return decided.error();
  v1::HoldSlotResponse response;
  *response.mutable_slot() = std::move(decided->slot);
  if (decided->hold) *response.mutable_hold() = *std::move(decided->hold);
  return response;
}

Result<v1::SlotHold> SlotClaims::GetHold(std::string const& hold_id, Principal const& caller) {
  if (auto valid = CheckReference("hold_id", hold_id); !valid) return valid.error();
  auto found = context_.slots.FindHold(hold_id);
  if (!found) return found.error();
  if (!*found || !MayUse(**found, caller)) return NotFound("hold", hold_id);
  return **std::move(found);
}

Result<v1::SlotHold> SlotClaims::ReleaseHold(v1::ReleaseSlotHoldRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("hold_id", request.hold_id()); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, request.request_id(), caller.actor()};
  return context_.slots.ChangeHold(
      request.hold_id(), CallerScopedKey("delivery.ReleaseSlotHold", request.request_id(), request, caller),
      [&](v1::SlotHold const& hold, v1::Slot const& slot) -> Result<std::optional<SlotChange>> {
        if (!MayUse(hold, caller)) return NotFound("hold", hold.id());
        if (hold.state() != v1::SLOT_HOLD_STATE_ACTIVE) return std::optional<SlotChange>();
        SlotChange change;
        change.slots.push_back(Moved(slot, 0, -1));
        change.holds.push_back(Ended(hold, v1::SLOT_HOLD_STATE_RELEASED, now));
        change.events.push_back(HoldEvent(events, "delivery.hold.released", change.holds.back(), change.slots.back()));
        return std::optional<SlotChange>(std::move(change));
      });
}

Result<bool> SlotClaims::ExpireOneHold() {
  auto const now = context_.clock.NowMicros();
  EventContext const events{context_.ids.NewId(), now, "", kSweeperActor};
  return context_.slots.ChangeOneExpiredHold(
      now, [&](v1::SlotHold const& hold, v1::Slot const& slot) -> Result<std::optional<SlotChange>> {
        if (hold.state() != v1::SLOT_HOLD_STATE_ACTIVE || now < ToMicros(hold.expires_at())) return std::optional<SlotChange>();
        SlotChange change;
        change.slots.push_back(Moved(slot, 0, -1));
        change.holds.push_back(Ended(hold, v1::SLOT_HOLD_STATE_EXPIRED, now));
        change.events.push_back(HoldEvent(events, "delivery.hold.expired", change.holds.back(), change.slots.back()));
        return std::optional<SlotChange>(std::move(change));
      });
}

}  // namespace mercato::domain
