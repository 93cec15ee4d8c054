#include "server/domain/inventory/reservations.h"

#include <google/protobuf/util/time_util.h>

#include <utility>
#include <vector>

#include "server/domain/events/event_factory.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/inventory/inventory_rules.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kSweeperActor[] = "system:reservation-sweeper";
constexpr std::size_t kMaxOrderIdLength = 64;

enum class Step { kExtend, kCommit, kRelease, kExpire };

Error NotActive(v1::Reservation const& reservation, std::string const& what) {
  return {ErrorKind::kFailedPrecondition,
          "RESERVATION_NOT_ACTIVE",
          "reservation '" + reservation.id() + "' is " + v1::ReservationState_Name(reservation.state()) + ": " + what,
          {{"state", v1::ReservationState_Name(reservation.state())}}};
}

Error PastExpiry(v1::Reservation const& reservation) {
  return {ErrorKind::kFailedPrecondition,
          "RESERVATION_EXPIRED",
          "reservation '" + reservation.id() + "' expired at " + TimeUtil::ToString(reservation.expires_at()) +
              " and its stock is being given back; reserve again",
          {{"state", "RESERVATION_STATE_EXPIRED"}}};
}

// Refuses a step the reservation's state does not allow; false: nothing to do (the reservation
// already is where the step would take it, or, for the sweeper, is not due).
Result<bool> StepNeeded(Step step, v1::Reservation const& reservation, std::int64_t now_us) {
  auto const state = reservation.state();
  bool const expired = now_us >= TimeUtil::TimestampToMicroseconds(reservation.expires_at());
  switch (step) {
    case Step::kRelease:
      if (state == v1::RESERVATION_STATE_RELEASED || state == v1::RESERVATION_STATE_EXPIRED) return false;
      if (state == v1::RESERVATION_STATE_COMMITTED) return NotActive(reservation, "its goods have left; it cannot be released");
      return true;
    case Step::kCommit:
      if (state == v1::RESERVATION_STATE_COMMITTED) return false;
      if (state != v1::RESERVATION_STATE_ACTIVE) return NotActive(reservation, "only an ACTIVE reservation can be committed");
      if (expired) return PastExpiry(reservation);
      return true;
    case Step::kExtend:
      if (state != v1::RESERVATION_STATE_ACTIVE) return NotActive(reservation, "only an ACTIVE reservation can be extended");
      if (expired) return PastExpiry(reservation);
      return true;
    case Step::kExpire: return state == v1::RESERVATION_STATE_ACTIVE && expired;
  }
  return Internal("unknown reservation step");
}

v1::Movement LineMovement(v1::ReservationLine const& line, v1::MovementKind kind, std::string const& reservation_id,
                          std::string const& reason, std::string const& actor,
                          google::protobuf::Timestamp const& at, std::string id) {
  v1::Movement movement;
  movement.set_id(std::move(id));
  movement.set_sku(line.sku());
  movement.set_location_id(line.location_id());
  movement.set_kind(kind);
  movement.set_quantity(line.quantity());
  movement.set_reason(reason);
  movement.set_actor(actor);
  movement.set_reservation_id(reservation_id);
  *movement.mutable_created_at() = at;
  return movement;
}

v1::ReservationChanged ChangedPayload(v1::Reservation const& reservation, std::vector<v1::StockItem> const& items) {
  v1::ReservationChanged payload;
  *payload.mutable_reservation() = reservation;
  for (auto const& item : items) *payload.add_stock_items() = item;
  return payload;
}

// Moves every line's stock by `kind`, one ledger entry each, into `change`.
Status MoveLines(v1::Reservation const& reservation, std::vector<v1::StockItem> items, v1::MovementKind kind,
                 std::string const& reason, std::string const& actor, IdGenerator& ids, InventoryChange& change) {
  for (int i = 0; i < reservation.lines_size(); ++i) {
    auto const index = static_cast<std::size_t>(i);
    auto const& line = reservation.lines(i);
    auto& item = items[index];
    if (auto applied = ApplyMovement(item, kind, line.quantity()); !applied) return applied;
    item.set_version(item.version() + 1);
    *item.mutable_updated_at() = reservation.updated_at();
    change.movements.push_back(
        LineMovement(line, kind, reservation.id(), reason, actor, reservation.updated_at(), ids.NewId()));
  }
  change.stock_items = std::move(items);
  return Ok();
}

}  // namespace

struct Reservations::Transition {
  // A step taken now on behalf of `actor`, caused by the call keyed `request_id`.
  static Transition Begin(InventoryContext const& context, Step step, std::string const& request_id,
                          std::string const& actor, std::chrono::microseconds hold = {}) {
    auto const now = context.clock.NowMicros();
    return {step, now, hold, {context.ids.NewId(), now, request_id, actor}};
  }

  Step step;
  std::int64_t now_us;
  std::chrono::microseconds hold;  // kExtend
  EventContext event;
};

Result<v1::Reservation> Reservations::Reserve(v1::ReserveRequest const& request, Principal const& caller) {
  if (auto lines = CheckReservationLines(request.lines()); !lines) return lines.error();
  auto hold = HoldFor(request.ttl(), request.has_ttl(), context_.settings.default_hold, context_.settings.max_hold);
  if (!hold) return hold.error();
  if (request.order_id().size() > kMaxOrderIdLength) {
    return InvalidArgument("order_id", "order_id is longer than " + std::to_string(kMaxOrderIdLength) + " characters");
  }
  auto const now = context_.clock.NowMicros();
  v1::Reservation reservation;
  reservation.set_id(context_.ids.NewId());
  *reservation.mutable_lines() = request.lines();
  reservation.set_state(v1::RESERVATION_STATE_ACTIVE);
  *reservation.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(now + hold->count());
  reservation.set_order_id(request.order_id());
  reservation.set_version(1);
  *reservation.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
  *reservation.mutable_updated_at() = reservation.created_at();
  return context_.store.Reserve(LineKeys(reservation),
                                CallerScopedKey("inventory.Reserve", request.request_id(), request, caller),
                                ReserveDecision(reservation, request.request_id(), caller.actor()));
}

StockDecision Reservations::ReserveDecision(v1::Reservation const& reservation, std::string const& request_id,
                                            std::string const& actor) {
  EventContext const event_context{context_.ids.NewId(), TimeUtil::TimestampToMicroseconds(reservation.created_at()),
                                   request_id, actor};
  IdGenerator* ids = &context_.ids;
  return [reservation, event_context, ids](std::vector<v1::StockItem> const& current) -> Result<InventoryChange> {
    std::vector<v1::StockItem> short_items;
    for (int i = 0; i < reservation.lines_size(); ++i) {
      auto const& item = current[static_cast<std::size_t>(i)];
      if (item.available() < reservation.lines(i).quantity()) short_items.push_back(item);
    }
    if (!short_items.empty()) return OutOfStock(short_items);
    InventoryChange change;
    if (auto moved = MoveLines(reservation, current, v1::MOVEMENT_KIND_RESERVATION, "reserved", event_context.actor,
                               *ids, change);
        !moved) {
      return moved.error();
    }
    change.event = MakeEvent(event_context, "inventory.reserved", "reservation", reservation.id(), reservation.version(),
                             ChangedPayload(reservation, change.stock_items));
    change.reservation = reservation;
    return change;
  };
}

ReservationDecision Reservations::DecisionFor(Transition const& transition) {
  return [this, transition](v1::Reservation const& reservation, std::vector<v1::StockItem> const& current) {
    return Decide(transition, std::nullopt, reservation, current);
  };
}

ReservationDecision Reservations::CommitDecision(std::string const& request_id, std::string const& actor) {
  return DecisionFor(Transition::Begin(context_, Step::kCommit, request_id, actor));
}

ReservationDecision Reservations::ReleaseDecision(std::string const& request_id, std::string const& actor) {
  return DecisionFor(Transition::Begin(context_, Step::kRelease, request_id, actor));
}

Result<v1::Reservation> Reservations::Extend(v1::ExtendReservationRequest const& request, Principal const& caller) {
  auto hold = HoldFor(request.ttl(), request.has_ttl(), context_.settings.default_hold, context_.settings.max_hold);
  if (!hold) return hold.error();
  return Move(request, "inventory.ExtendReservation", caller,
              Transition::Begin(context_, Step::kExtend, request.request_id(), caller.actor(), *hold));
}

Result<v1::Reservation> Reservations::Commit(v1::CommitReservationRequest const& request, Principal const& caller) {
  return Move(request, "inventory.CommitReservation", caller,
              Transition::Begin(context_, Step::kCommit, request.request_id(), caller.actor()));
}

Result<v1::Reservation> Reservations::Release(v1::ReleaseReservationRequest const& request, Principal const& caller) {
  return Move(request, "inventory.ReleaseReservation", caller,
              Transition::Begin(context_, Step::kRelease, request.request_id(), caller.actor()));
}

Result<v1::Reservation> Reservations::Get(std::string const& reservation_id) {
  if (reservation_id.empty()) return InvalidArgument("reservation_id", "reservation_id is required");
  auto found = context_.store.FindReservation(reservation_id);
  if (!found) return found.error();
  if (!*found) return NotFound("reservation", reservation_id);
  return **std::move(found);
}

Result<bool> Reservations::ExpireOne() {
  auto const transition = Transition::Begin(context_, Step::kExpire, "", kSweeperActor);
  return context_.store.ChangeOneExpired(transition.now_us, [&](v1::Reservation const& reservation,
                                                  std::vector<v1::StockItem> const& current) {
    return Decide(transition, std::nullopt, reservation, current);
  });
}

template <typename Request>
Result<v1::Reservation> Reservations::Move(Request const& request, std::string const& operation,
                                           Principal const& caller, Transition const& transition) {
  if (request.reservation_id().empty()) return InvalidArgument("reservation_id", "reservation_id is required");
  std::optional<std::int64_t> expected_version;
  if (request.has_expected_version()) expected_version = request.expected_version();
  return context_.store.ChangeReservation(
      request.reservation_id(), CallerScopedKey(operation, request.request_id(), request, caller),
      [&](v1::Reservation const& reservation, std::vector<v1::StockItem> const& current) {
        return Decide(transition, expected_version, reservation, current);
      });
}

Result<std::optional<InventoryChange>> Reservations::Decide(Transition const& transition,
                                                            std::optional<std::int64_t> expected_version,
                                                            v1::Reservation const& reservation,
                                                            std::vector<v1::StockItem> const& current) {
  auto needed = StepNeeded(transition.step, reservation, transition.now_us);
  if (!needed) return needed.error();
  if (!*needed) return std::optional<InventoryChange>();
  // After the idempotent no-ops: a repeated release must not fail on the version it moved.
  if (expected_version && *expected_version != reservation.version()) {
    return VersionMismatch("reservation", reservation.id(), *expected_version, reservation.version());
  }
  v1::Reservation after = reservation;
  after.set_version(reservation.version() + 1);
  *after.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(transition.now_us);
  InventoryChange change;
  std::string event_type;
  if (transition.step == Step::kExtend) {
    *after.mutable_expires_at() = TimeUtil::MicrosecondsToTimestamp(transition.now_us + transition.hold.count());
    event_type = "inventory.extended";
    change.event = MakeEvent(transition.event, event_type, "reservation", after.id(), after.version(),
                             ChangedPayload(after, current));
    change.reservation = std::move(after);
    return std::optional<InventoryChange>(std::move(change));
  }
  auto const kind = transition.step == Step::kCommit ? v1::MOVEMENT_KIND_COMMIT : v1::MOVEMENT_KIND_RELEASE;
  switch (transition.step) {
    case Step::kCommit:
      after.set_state(v1::RESERVATION_STATE_COMMITTED);
      event_type = "inventory.committed";
      break;
    case Step::kExpire:
      after.set_state(v1::RESERVATION_STATE_EXPIRED);
      event_type = "inventory.released";
      break;
    default:
      after.set_state(v1::RESERVATION_STATE_RELEASED);
      event_type = "inventory.released";
      break;
  }
  std::string const reason = transition.step == Step::kExpire ? "expired" : event_type.substr(event_type.find('.') + 1);
  if (auto moved = MoveLines(after, current, kind, reason, transition.event.actor, context_.ids, change); !moved) {
    return moved.error();
  }
  change.event = MakeEvent(transition.event, event_type, "reservation", after.id(), after.version(),
                           ChangedPayload(after, change.stock_items));
  change.reservation = std::move(after);
  return std::optional<InventoryChange>(std::move(change));
}

}  // namespace mercato::domain
