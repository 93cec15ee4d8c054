// Port: delivery slots, the bookings of orders and the holds of carts on them.
//
// Writes follow the inventory's shape: the store locks what a change reads (bookings and holds
// first, then slots in id order), hands it to a pure decision of the domain and writes what it
// returns, with the outbox events and the idempotency key, in one transaction. A slot's counters
// are guarded by the database (CHECK booked + held <= capacity): a decision that got it wrong
// fails its transaction instead of overbooking.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "mercato/v1/events.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// ListSlots of one zone by (start, id); `after` holds (start_us, "", id).
struct SlotQuery {
  std::string zone_id;
  std::int64_t from_us = 0;              // start_time >= from_us
  std::optional<std::int64_t> to_us;     // start_time < to_us
  std::optional<std::int64_t> open_at_us;  // only slots whose order cut-off is after this
  bool only_available = false;            // booked + held < capacity
  std::optional<SortKey> after;
  int limit = 50;
};

// A fencing token a write carries (lease_lock.h): the store refuses it once a newer token of the
// same name has written.
struct WriteFence {
  std::string name;
  std::int64_t token = 0;
};

// Slots to insert in one transaction. With `skip_existing`, a slot whose zone and start already
// exist is left out (and counted); without, it fails the batch with ALREADY_EXISTS SLOT_EXISTS.
struct SlotBatch {
  std::string zone_id;
  std::vector<v1::Slot> slots;
  bool skip_existing = false;
  IdempotencyKey idempotency;
  std::optional<WriteFence> fence;
};

// What a slot change saves: the slots it changed (after the change), the booking and holds it
// inserted or moved, and its events.
struct SlotChange {
  std::vector<v1::Slot> slots;
  std::optional<v1::SlotBooking> booking;
  std::vector<v1::SlotHold> holds;
  std::vector<v1::EventEnvelope> events;
};

// A claim on one unit of a slot: a booking for an order (from a cart's hold when hold_id is set)
// or a hold for a cart.
struct SlotClaim {
  enum class Kind { kBook, kHold };
  Kind kind = Kind::kBook;
  std::string slot_id;
  std::string order_id;  // kBook
  std::string hold_id;   // kBook, optional
  std::string cart_id;   // kHold; kBook, optional: the cart whose ACTIVE hold the state carries (checkout)
  IdempotencyKey idempotency;
  std::string user_id;   // with cart_id: whose cart (carts of different users never meet)
};

// What the store found for a claim, locked: the slot (as earlier claims of the same batch left
// it), whether its zone takes orders (TakesOrders in zone_rules.h, and not deleted), the order's ACTIVE booking (kBook), the
// hold (kBook: the one named, else the cart's ACTIVE one; kHold: the user's cart's ACTIVE one), that hold's slot when it is
// another one, and how many ACTIVE holds the user has (kHold).
struct ClaimState {
  v1::Slot slot;
  bool zone_open = false;
  std::optional<v1::SlotBooking> order_booking;
  std::optional<v1::SlotHold> hold;
  std::optional<v1::Slot> hold_slot;
  int user_active_holds = 0;
};

// What a claim answers: the slot after it, with the booking (kBook) or the hold (kHold).
struct ClaimResult {
  v1::Slot slot;
  std::optional<v1::SlotBooking> booking;
  std::optional<v1::SlotHold> hold;
};

// Returns the change, or nullopt when the claim is already in place (the answer is then built
// from the state: the order's booking, or the cart's hold).
using ClaimDecision = std::function<Result<std::optional<SlotChange>>(ClaimState const& state)>;
// Given a locked booking or hold and its locked slot, returns the change, or nullopt when there
// is nothing to write (it already is where the call wants it).
using BookingDecision =
    std::function<Result<std::optional<SlotChange>>(v1::SlotBooking const& booking, v1::Slot const& slot)>;
using HoldDecision = std::function<Result<std::optional<SlotChange>>(v1::SlotHold const& hold, v1::Slot const& slot)>;
// Given the locked slot, returns it changed (or an error that writes nothing).
using SlotEdit = std::function<Result<v1::Slot>(v1::Slot const& current)>;

class SlotStore {
 public:
  virtual ~SlotStore() = default;

  virtual Result<std::optional<v1::Slot>> FindSlot(std::string const& id) = 0;
  virtual Result<std::vector<v1::Slot>> ListSlots(SlotQuery const& query) = 0;
  virtual Result<std::optional<v1::SlotHold>> FindHold(std::string const& id) = 0;

  // NOT_FOUND when the zone is missing or deleted; FAILED_PRECONDITION STALE_FENCING_TOKEN when a
  // newer holder of the fence's lock has written.
  virtual Result<v1::BatchCreateSlotsResponse> InsertSlots(SlotBatch const& batch) = 0;
  // Locks slot `id`, edits it and saves it (NOT_FOUND when missing).
  virtual Result<v1::Slot> EditSlot(std::string const& id, IdempotencyKey const& idempotency,
                                    SlotEdit const& edit) = 0;
  // Locks what `claim` reads (NOT_FOUND when its slot is missing), decides and writes. Concurrent
  // claims on one slot may be decided and committed together (group commit).
  virtual Result<ClaimResult> Claim(SlotClaim const& claim, ClaimDecision const& decide) = 0;
  // Locks booking `id` and its slot, decides and writes; returns the booking as it now is.
  virtual Result<v1::SlotBooking> ChangeBooking(std::string const& id, IdempotencyKey const& idempotency,
                                                BookingDecision const& decide) = 0;
  virtual Result<v1::SlotHold> ChangeHold(std::string const& id, IdempotencyKey const& idempotency,
                                          HoldDecision const& decide) = 0;
  // Locks one ACTIVE hold due at `now_us` that no other transaction holds (SKIP LOCKED, so that
  // the sweepers of several instances share the work), decides and writes. Whether there was one.
  virtual Result<bool> ChangeOneExpiredHold(std::int64_t now_us, HoldDecision const& decide) = 0;
};

}  // namespace mercato::domain
