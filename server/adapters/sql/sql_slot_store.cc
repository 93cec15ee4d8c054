// Slots, bookings and holds in SQL shared by SQLite and PostgreSQL.
#include "server/adapters/sql/sql_slot_store.h"

#include <google/protobuf/util/time_util.h>

#include <map>
#include <set>
#include <utility>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/delivery/slot_rules.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::adapters {
namespace {

using domain::Result;
using domain::Status;

constexpr char kSlotColumns[] = "id, zone_id, start_us, end_us, cutoff_us, capacity, booked, held, version";
constexpr char kSlotColumnsOfS[] =
    "s.id, s.zone_id, s.start_us, s.end_us, s.cutoff_us, s.capacity, s.booked, s.held, s.version";
constexpr char kBookingColumns[] = "id, slot_id, order_id, state, hold_id, version, created_at_us, updated_at_us";
constexpr char kHoldColumns[] =
    "id, slot_id, cart_id, user_id, state, expires_at_us, booking_id, version, created_at_us, updated_at_us";
// Rows per INSERT: 500 slots of 9 values stay far below SQLite's 32766 parameters.
constexpr std::size_t kInsertChunk = 500;


Result<v1::Slot> SlotFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::Slot slot;
  slot.set_id(row.Text("id"));
  slot.set_zone_id(row.Text("zone_id"));
  *slot.mutable_start_time() = domain::FromMicros(row.Int64("start_us"));
  *slot.mutable_end_time() = domain::FromMicros(row.Int64("end_us"));
  *slot.mutable_order_cutoff_time() = domain::FromMicros(row.Int64("cutoff_us"));
  slot.set_capacity(static_cast<int>(row.Int64("capacity")));
  slot.set_booked(static_cast<int>(row.Int64("booked")));
  slot.set_held(static_cast<int>(row.Int64("held")));
  slot.set_version(row.Int64("version"));
  if (row.error()) return *row.error();
  domain::SetRemaining(slot);
  return slot;
}

Result<v1::SlotBooking> BookingFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::SlotBooking booking;
  booking.set_id(row.Text("id"));
  booking.set_slot_id(row.Text("slot_id"));
  booking.set_order_id(row.Text("order_id"));
  booking.set_state(static_cast<v1::SlotBookingState>(row.Int64("state")));
  booking.set_hold_id(row.Text("hold_id"));
  booking.set_version(row.Int64("version"));
  *booking.mutable_created_at() = domain::FromMicros(row.Int64("created_at_us"));
  *booking.mutable_updated_at() = domain::FromMicros(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return booking;
}

Result<v1::SlotHold> HoldFromRow(SqlRows const& rows, std::size_t i) {
  SqlRowReader row(rows, i);
  v1::SlotHold hold;
  hold.set_id(row.Text("id"));
  hold.set_slot_id(row.Text("slot_id"));
  hold.set_cart_id(row.Text("cart_id"));
  hold.set_user_id(row.Text("user_id"));
  hold.set_state(static_cast<v1::SlotHoldState>(row.Int64("state")));
  *hold.mutable_expires_at() = domain::FromMicros(row.Int64("expires_at_us"));
  hold.set_booking_id(row.Text("booking_id"));
  hold.set_version(row.Int64("version"));
  *hold.mutable_created_at() = domain::FromMicros(row.Int64("created_at_us"));
  *hold.mutable_updated_at() = domain::FromMicros(row.Int64("updated_at_us"));
  if (row.error()) return *row.error();
  return hold;
}

// "$1, $2, ..." for `values`, added to `params`.
std::string InList(SqlParamList& params, std::set<std::string> const& values) {
  std::string in;
  for (auto const& value : values) in += (in.empty() ? "" : ", ") + params.Add(value);
  return in;
}

// A batch's lookup of its keys in a growing table: planned with the keys each run (SqlPlan).
SqlStatement PerRun(std::string sql, SqlParamList const& params) {
  return {std::move(sql), params.params(), SqlPlan::kPerRun};
}

Result<std::vector<v1::Slot>> LockSlots(SqlSession& session, std::set<std::string> const& ids) {
  if (ids.empty()) return std::vector<v1::Slot>();
  SqlParamList params;
  // In id order: the one order every writer locks slots in.
  std::string const sql = std::string("SELECT ") + kSlotColumns + " FROM slots WHERE id IN (" + InList(params, ids) +
                          ") ORDER BY id" + RowLock(session, "FOR UPDATE");
  return AllRows(session.Exec(sql, params.params()), &SlotFromRow);
}

domain::Error SlotExists(std::string const& zone_id) {
  return {domain::ErrorKind::kAlreadyExists, "SLOT_EXISTS",
          "zone '" + zone_id + "' already has a slot starting at one of these times; leave it out, or create the "
          "week from a template, which skips existing windows",
          {}};
}

Status InsertSlotRows(SqlSession& session, std::vector<v1::Slot const*> const& slots, bool skip_existing,
                      std::vector<std::string>& inserted_ids) {
  for (std::size_t begin = 0; begin < slots.size(); begin += kInsertChunk) {
    SqlParamList params;
    std::string values;
    for (std::size_t i = begin; i < std::min(slots.size(), begin + kInsertChunk); ++i) {
      auto const& slot = *slots[i];
      values += std::string(values.empty() ? "(" : ", (") + params.Add(slot.id()) + ", " + params.Add(slot.zone_id()) +
                ", " + params.Add(Micros(slot.start_time())) + ", " + params.Add(Micros(slot.end_time())) + ", " +
                params.Add(Micros(slot.order_cutoff_time())) + ", " + params.AddInt(slot.capacity()) + ", 0, 0, " +
                params.AddInt(slot.version()) + ")";
    }
    auto inserted = session.Exec(std::string("INSERT INTO slots (") + kSlotColumns + ") VALUES " + values +
                                     (skip_existing ? " ON CONFLICT (zone_id, start_us) DO NOTHING" : "") + " RETURNING id",
                                 params.params());
    if (!inserted) {
      if (IsUniqueViolation(inserted.error(), "slots", "zone_id,start_us")) return SlotExists(slots.front()->zone_id());
      return inserted.error();
    }
    for (std::size_t r = 0; r < inserted->size(); ++r) {
      auto id = GetText(*inserted, r, "id");
      if (!id) return id.error();
      inserted_ids.push_back(*id);
    }
  }
  return domain::Ok();
}

// Records `fence` as the newest token of its name, or refuses it when a newer one has written.
Status CheckFence(SqlSession& session, domain::WriteFence const& fence) {
  auto newest = session.Exec(
      "INSERT INTO fencing_tokens (name, token) VALUES ($1, CAST($2 AS BIGINT)) ON CONFLICT (name) DO UPDATE "
      "SET token = excluded.token WHERE fencing_tokens.token <= excluded.token RETURNING token",
      {fence.name, std::to_string(fence.token)});
  if (!newest) return newest.error();
  if (newest->empty()) {
    return domain::Error{domain::ErrorKind::kFailedPrecondition, "STALE_FENCING_TOKEN",
                         "lock '" + fence.name + "' went to another holder after token " + std::to_string(fence.token) +
                             "; this holder's lease ran out and its write is refused",
                         {}};
  }
  return domain::Ok();
}

Status UpdateSlotRows(SqlSession& session, std::vector<v1::Slot> const& slots) {
  for (auto const& slot : slots) {
    auto updated = session.Exec(
        "UPDATE slots SET start_us = CAST($2 AS BIGINT), end_us = CAST($3 AS BIGINT), cutoff_us = CAST($4 AS BIGINT), "
        "capacity = CAST($5 AS BIGINT), booked = CAST($6 AS BIGINT), held = CAST($7 AS BIGINT), "
        "version = CAST($8 AS BIGINT) WHERE id = $1",
        {slot.id(), Micros(slot.start_time()), Micros(slot.end_time()), Micros(slot.order_cutoff_time()),
         std::to_string(slot.capacity()), std::to_string(slot.booked()), std::to_string(slot.held()),
         std::to_string(slot.version())});
    if (!updated) {
      if (IsUniqueViolation(updated.error(), "slots", "zone_id,start_us")) return SlotExists(slot.zone_id());
      return updated.error();
    }
    if (updated->affected != 1) return domain::Internal("slot '" + slot.id() + "' vanished while locked");
  }
  return domain::Ok();
}

// The writes of one transaction's end, sent together (SqlSession::ExecAll): nothing in them reads
// another's result, and the pipeline saves a round trip per statement while the slot is locked.
class Writes {
 public:
  void Add(SqlStatement statement) { statements_.push_back(std::move(statement)); }
  void Add(std::optional<SqlStatement> statement) {
    if (statement) Add(*std::move(statement));
  }

  // Moves a slot's counters by what `after` changed from `before`, relative to the row as it is,
  // so that the database's CHECK (booked + held <= capacity) is what refuses an overbooking,
  // whatever this transaction believed the row held.
  void MoveSlotCounters(v1::Slot const& before, v1::Slot const& after) {
    slot_moves_.emplace_back(statements_.size(), after.id());
    Add(SqlStatement{"UPDATE slots SET booked = booked + CAST($2 AS BIGINT), held = held + CAST($3 AS BIGINT), "
                     "version = version + CAST($4 AS BIGINT) WHERE id = $1",
                     {after.id(), std::to_string(after.booked() - before.booked()),
                      std::to_string(after.held() - before.held()), std::to_string(after.version() - before.version())}});
  }

  void InsertBookings(std::vector<v1::SlotBooking> const& bookings) {
    if (bookings.empty()) return;
    SqlParamList params;
    std::string values;
    for (auto const& booking : bookings) {
      values += std::string(values.empty() ? "(" : ", (") + params.Add(booking.id()) + ", " +
                params.Add(booking.slot_id()) + ", " + params.Add(booking.order_id()) + ", " +
                params.AddInt(booking.state()) + ", " + params.Add(booking.hold_id()) + ", " +
                params.AddInt(booking.version()) + ", " + params.Add(Micros(booking.created_at())) + ", " +
                params.Add(Micros(booking.updated_at())) + ")";
    }
    Add(SqlStatement{std::string("INSERT INTO slot_bookings (") + kBookingColumns + ") VALUES " + values,
                     params.params()});
  }

  void UpdateBooking(v1::SlotBooking const& booking) {
    Add(SqlStatement{"UPDATE slot_bookings SET state = CAST($2 AS BIGINT), version = CAST($3 AS BIGINT), "
                     "updated_at_us = CAST($4 AS BIGINT) WHERE id = $1",
                     {booking.id(), std::to_string(booking.state()), std::to_string(booking.version()),
                      Micros(booking.updated_at())}});
  }

  void InsertHolds(std::vector<v1::SlotHold> const& holds) {
    if (holds.empty()) return;
    SqlParamList params;
    std::string values;
    for (auto const& hold : holds) {
      values += std::string(values.empty() ? "(" : ", (") + params.Add(hold.id()) + ", " + params.Add(hold.slot_id()) +
                ", " + params.Add(hold.cart_id()) + ", " + params.Add(hold.user_id()) + ", " +
                params.AddInt(hold.state()) + ", " + params.Add(Micros(hold.expires_at())) + ", " +
                params.Add(hold.booking_id()) + ", " + params.AddInt(hold.version()) + ", " +
                params.Add(Micros(hold.created_at())) + ", " + params.Add(Micros(hold.updated_at())) + ")";
    }
    Add(SqlStatement{std::string("INSERT INTO slot_holds (") + kHoldColumns + ") VALUES " + values, params.params()});
  }

  void UpdateHold(v1::SlotHold const& hold) {
    Add(SqlStatement{"UPDATE slot_holds SET state = CAST($2 AS BIGINT), expires_at_us = CAST($3 AS BIGINT), "
                     "booking_id = $4, version = CAST($5 AS BIGINT), updated_at_us = CAST($6 AS BIGINT) WHERE id = $1",
                     {hold.id(), std::to_string(hold.state()), Micros(hold.expires_at()), hold.booking_id(),
                      std::to_string(hold.version()), Micros(hold.updated_at())}});
  }

  Status Run(SqlSession& session) const {
    auto results = session.ExecAll(statements_);
    if (!results) return results.error();
    for (auto const& [index, slot_id] : slot_moves_) {
      if ((*results)[index].affected != 1) return domain::Internal("slot '" + slot_id + "' vanished while locked");
    }
    return domain::Ok();
  }

 private:
  std::vector<SqlStatement> statements_;
  std::vector<std::pair<std::size_t, std::string>> slot_moves_;  // statement index, slot id
};

// Writes a change to rows that exist (a booking or holds moved, not created), the counters of its
// slot (`locked` before the change) and its events.
Status WriteExistingChange(SqlSession& session, v1::Slot const& locked, domain::SlotChange const& change) {
  Writes writes;
  if (change.booking) writes.UpdateBooking(*change.booking);
  for (auto const& hold : change.holds) writes.UpdateHold(hold);
  for (auto const& slot : change.slots) {
    if (slot.id() != locked.id()) return domain::Internal("a booking or hold change moved another slot");
    writes.MoveSlotCounters(locked, slot);
  }
  auto outbox = OutboxAppendStatement(session, change.events);
  if (!outbox) return outbox.error();
  writes.Add(*std::move(outbox));
  return writes.Run(session);
}

// A locked row and its slot, decided and written: the shape of ChangeBooking, ChangeHold and the sweeper.
template <typename Row, typename Decide>
Result<Row> DecideOnLocked(SqlSession& session, Row const& row, Decide const& decide) {
  auto slots = LockSlots(session, {row.slot_id()});
  if (!slots) return slots.error();
  if (slots->empty()) return domain::Internal("slot '" + row.slot_id() + "' of '" + row.id() + "' is missing");
  auto change = decide(row, slots->front());
  if (!change) return change.error();
  if (!*change) return row;
  if (auto written = WriteExistingChange(session, slots->front(), **change); !written) return written.error();
  if constexpr (std::is_same_v<Row, v1::SlotBooking>) {
    return (*change)->booking ? *(*change)->booking : row;
  } else {
    return (*change)->holds.empty() ? row : (*change)->holds.front();
  }
}

// What a claim's idempotency key keeps: the response of its RPC.
Result<std::string> ClaimResponseJson(domain::SlotClaim const& claim, domain::ClaimResult const& result) {
  if (claim.kind == domain::SlotClaim::Kind::kBook) {
    v1::BookSlotResponse response;
    *response.mutable_slot() = result.slot;
    if (result.booking) *response.mutable_booking() = *result.booking;
    return ToJson(response);
  }
  v1::HoldSlotResponse response;
  *response.mutable_slot() = result.slot;
  if (result.hold) *response.mutable_hold() = *result.hold;
  return ToJson(response);
}

Result<domain::ClaimResult> ParseClaimResponse(domain::SlotClaim const& claim, std::string const& json) {
  if (claim.kind == domain::SlotClaim::Kind::kBook) {
    auto response = ParseJson<v1::BookSlotResponse>(json);
    if (!response) return response.error();
    return domain::ClaimResult{response->slot(), response->booking(), std::nullopt};
  }
  auto response = ParseJson<v1::HoldSlotResponse>(json);
  if (!response) return response.error();
  return domain::ClaimResult{response->slot(), std::nullopt, response->hold()};
}

// The state of every row a batch of claims reads, as the claims decided so far left it.
struct ClaimRows {
  std::map<std::string, v1::Slot> locked_slots;  // as read, under lock
  std::map<std::string, v1::Slot> slots;
  std::set<std::string> changed_slots;
  std::map<std::string, v1::SlotBooking> booking_by_order;  // ACTIVE
  std::vector<v1::SlotBooking> new_bookings;
  std::map<std::string, v1::SlotHold> hold_by_id;
  std::map<std::pair<std::string, std::string>, std::string> active_hold_by_cart;  // (user, cart) -> hold id
  std::map<std::string, int> active_holds_by_user;
  std::set<std::string> open_zones;                        // active and not deleted
  std::set<std::string> stored_holds;                      // ids that have a row
  std::set<std::string> changed_holds;
};

// Reads what `claims` are decided on into `rows` in two round trips: the bookings, holds and hold
// counts by key, after `first` (a batch's idempotency key claim) when given; then the slots,
// locked, with whether their zones are open. Returns `first`'s rows.
Result<std::optional<SqlRows>> LoadClaimRows(SqlSession& session, std::vector<domain::SlotClaim const*> const& claims,
                                             ClaimRows& rows, std::optional<SqlStatement> first = std::nullopt) {
  std::set<std::string> orders, hold_ids, users, slot_ids;
  std::set<std::pair<std::string, std::string>> carts;
  for (auto const* claim : claims) {
    slot_ids.insert(claim->slot_id);
    if (claim->kind == domain::SlotClaim::Kind::kBook) {
      orders.insert(claim->order_id);
      if (!claim->hold_id.empty()) hold_ids.insert(claim->hold_id);
      if (claim->hold_id.empty() && !claim->cart_id.empty()) carts.emplace(claim->user_id, claim->cart_id);
    } else {
      carts.emplace(claim->user_id, claim->cart_id);
      users.insert(claim->user_id);
    }
  }
  std::vector<SqlStatement> lookups;
  auto const add = [&](std::optional<SqlStatement> statement) -> std::optional<std::size_t> {
    if (!statement) return std::nullopt;
    lookups.push_back(*std::move(statement));
    return lookups.size() - 1;
  };
  auto const first_at = add(std::move(first));
  std::optional<std::size_t> bookings_at, holds_at, counts_at;
  if (!orders.empty()) {
    SqlParamList params;
    bookings_at = add(PerRun(std::string("SELECT ") + kBookingColumns + " FROM slot_bookings WHERE state = " +
                                 std::to_string(v1::SLOT_BOOKING_STATE_ACTIVE) + " AND order_id IN (" +
                                 InList(params, orders) + ")" + RowLock(session, "FOR UPDATE"),
                             params));
  }
  if (!hold_ids.empty() || !carts.empty()) {
    SqlParamList params;
    std::string where;
    if (!hold_ids.empty()) where = "id IN (" + InList(params, hold_ids) + ")";
    if (!carts.empty()) {
      std::string pairs;
      for (auto const& [user, cart] : carts) {
        pairs += (pairs.empty() ? "(" : ", (") + params.Add(user) + ", " + params.Add(cart) + ")";
      }
      where += std::string(where.empty() ? "" : " OR ") + "(state = " + std::to_string(v1::SLOT_HOLD_STATE_ACTIVE) +
               " AND (user_id, cart_id) IN (" + pairs + "))";
    }
    holds_at = add(PerRun(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE " + where + " ORDER BY id" +
                              RowLock(session, "FOR UPDATE"),
                          params));
  }
  if (!users.empty()) {
    SqlParamList params;
    counts_at = add(PerRun("SELECT user_id, count(*) AS holds FROM slot_holds WHERE state = " +
                               std::to_string(v1::SLOT_HOLD_STATE_ACTIVE) + " AND user_id IN (" +
                               InList(params, users) + ") GROUP BY user_id",
                           params));
  }
  auto found = session.ExecAll(lookups);
  if (!found) return found.error();
  if (bookings_at) {
    auto bookings = AllRows(std::move((*found)[*bookings_at]), &BookingFromRow);
    if (!bookings) return bookings.error();
    for (auto& booking : *bookings) rows.booking_by_order[booking.order_id()] = std::move(booking);
  }
  if (holds_at) {
    auto holds = AllRows(std::move((*found)[*holds_at]), &HoldFromRow);
    if (!holds) return holds.error();
    for (auto& hold : *holds) {
      slot_ids.insert(hold.slot_id());
      rows.stored_holds.insert(hold.id());
      if (hold.state() == v1::SLOT_HOLD_STATE_ACTIVE) rows.active_hold_by_cart[{hold.user_id(), hold.cart_id()}] = hold.id();
      rows.hold_by_id[hold.id()] = std::move(hold);
    }
  }
  if (counts_at) {
    auto const& counted = (*found)[*counts_at];
    for (std::size_t i = 0; i < counted.size(); ++i) {
      SqlRowReader row(counted, i);
      auto const user = row.Text("user_id");
      auto const holds = row.Int64("holds");
      if (row.error()) return *row.error();
      rows.active_holds_by_user[user] = static_cast<int>(holds);
    }
  }
  SqlParamList params;
  // In id order: the one order every writer locks slots in.
  auto slots = session.Exec(PerRun(std::string("SELECT ") + kSlotColumnsOfS +
                                       ", COALESCE(z.active AND NOT z.deleted, FALSE) AS zone_open FROM slots s "
                                       "LEFT JOIN zones z ON z.id = s.zone_id WHERE s.id IN (" +
                                       InList(params, slot_ids) + ") ORDER BY s.id" + RowLock(session, "FOR UPDATE OF s"),
                                   params));
  if (!slots) return slots.error();
  for (std::size_t i = 0; i < slots->size(); ++i) {
    auto slot = SlotFromRow(*slots, i);
    if (!slot) return slot.error();
    auto open = GetBool(*slots, i, "zone_open");
    if (!open) return open.error();
    if (*open) rows.open_zones.insert(slot->zone_id());
    rows.locked_slots[slot->id()] = *slot;
    rows.slots[slot->id()] = *std::move(slot);
  }
  if (!first_at) return std::optional<SqlRows>();
  return std::optional<SqlRows>(std::move((*found)[*first_at]));
}

// The state one claim is decided on; nullopt when its slot does not exist.
std::optional<domain::ClaimState> StateFor(domain::SlotClaim const& claim, ClaimRows const& rows) {
  auto const slot = rows.slots.find(claim.slot_id);
  if (slot == rows.slots.end()) return std::nullopt;
  domain::ClaimState state{slot->second, rows.open_zones.contains(slot->second.zone_id()), std::nullopt,
                           std::nullopt, std::nullopt, 0};
  std::optional<std::string> hold_id;
  auto const cart_hold = rows.active_hold_by_cart.find({claim.user_id, claim.cart_id});
  if (claim.kind == domain::SlotClaim::Kind::kBook) {
    if (auto const booking = rows.booking_by_order.find(claim.order_id); booking != rows.booking_by_order.end()) {
      state.order_booking = booking->second;
    }
    if (!claim.hold_id.empty()) {
      hold_id = claim.hold_id;
    } else if (!claim.cart_id.empty() && cart_hold != rows.active_hold_by_cart.end()) {
      hold_id = cart_hold->second;
    }
  } else {
    if (cart_hold != rows.active_hold_by_cart.end()) hold_id = cart_hold->second;
    if (auto const count = rows.active_holds_by_user.find(claim.user_id); count != rows.active_holds_by_user.end()) {
      state.user_active_holds = count->second;
    }
  }
  if (hold_id) {
    if (auto const hold = rows.hold_by_id.find(*hold_id); hold != rows.hold_by_id.end()) {
      state.hold = hold->second;
      if (hold->second.slot_id() != claim.slot_id) state.hold_slot = rows.slots.at(hold->second.slot_id());
    }
  }
  return state;
}

// Folds a decided change into the running rows; returns what the claim answers.
domain::ClaimResult Apply(domain::SlotClaim const& claim, domain::SlotChange change, ClaimRows& rows) {
  domain::ClaimResult result{rows.slots.at(claim.slot_id), std::nullopt, std::nullopt};
  for (auto& slot : change.slots) {
    rows.changed_slots.insert(slot.id());
    if (slot.id() == claim.slot_id) result.slot = slot;
    rows.slots[slot.id()] = std::move(slot);
  }
  for (auto& hold : change.holds) {
    rows.changed_holds.insert(hold.id());
    auto const before = rows.hold_by_id.find(hold.id());
    bool const was_active = before != rows.hold_by_id.end() && before->second.state() == v1::SLOT_HOLD_STATE_ACTIVE;
    bool const is_active = hold.state() == v1::SLOT_HOLD_STATE_ACTIVE;
    rows.active_holds_by_user[hold.user_id()] += (is_active ? 1 : 0) - (was_active ? 1 : 0);
    std::pair<std::string, std::string> const cart{hold.user_id(), hold.cart_id()};
    if (is_active) {
      rows.active_hold_by_cart[cart] = hold.id();
    } else if (auto const active = rows.active_hold_by_cart.find(cart);
               active != rows.active_hold_by_cart.end() && active->second == hold.id()) {
      rows.active_hold_by_cart.erase(active);
    }
    if (claim.kind == domain::SlotClaim::Kind::kHold && hold.slot_id() == claim.slot_id) result.hold = hold;
    rows.hold_by_id[hold.id()] = std::move(hold);
  }
  if (change.booking) {
    result.booking = change.booking;
    rows.booking_by_order[change.booking->order_id()] = *change.booking;
    rows.new_bookings.push_back(*std::move(change.booking));
  }
  return result;
}

// A claim already in place answers with what is there.
domain::ClaimResult Unchanged(domain::SlotClaim const& claim, domain::ClaimState const& state) {
  return {state.slot, claim.kind == domain::SlotClaim::Kind::kBook ? state.order_booking : std::nullopt,
          claim.kind == domain::SlotClaim::Kind::kHold ? state.hold : std::nullopt};
}

void WriteClaimRows(ClaimRows const& rows, Writes& writes) {
  std::vector<v1::SlotHold> inserted;
  // Ended holds before new ones: a cart's new ACTIVE hold would meet its old one in the
  // one-ACTIVE-hold-per-cart index.
  for (auto const& id : rows.changed_holds) {
    if (rows.stored_holds.contains(id)) {
      writes.UpdateHold(rows.hold_by_id.at(id));
    } else {
      inserted.push_back(rows.hold_by_id.at(id));
    }
  }
  writes.InsertHolds(inserted);
  writes.InsertBookings(rows.new_bookings);
  for (auto const& id : rows.changed_slots) writes.MoveSlotCounters(rows.locked_slots.at(id), rows.slots.at(id));
}

}  // namespace

Result<domain::ClaimResult> ClaimInSession(SqlSession& session, domain::SlotClaim const& claim,
                                           domain::ClaimDecision const& decide) {
  ClaimRows rows;
  if (auto loaded = LoadClaimRows(session, {&claim}, rows); !loaded) return loaded.error();
  auto state = StateFor(claim, rows);
  if (!state) return domain::NotFound("slot", claim.slot_id);
  auto change = decide(*state);
  if (!change) return change.error();
  if (!*change) return Unchanged(claim, *state);
  auto events = std::move((*change)->events);
  auto result = Apply(claim, **std::move(change), rows);
  Writes writes;
  WriteClaimRows(rows, writes);
  auto outbox = OutboxAppendStatement(session, events);
  if (!outbox) return outbox.error();
  writes.Add(*std::move(outbox));
  if (auto written = writes.Run(session); !written) return written.error();
  return result;
}

Result<v1::SlotBooking> ChangeBookingInSession(SqlSession& session, std::string const& id,
                                               domain::BookingDecision const& decide) {
  auto booking = FirstRow(session.Exec(std::string("SELECT ") + kBookingColumns + " FROM slot_bookings WHERE id = $1" +
                                           RowLock(session, "FOR UPDATE"),
                                       {id}),
                          &BookingFromRow);
  if (!booking) return booking.error();
  if (!*booking) return domain::NotFound("booking", id);
  return DecideOnLocked(session, **booking, decide);
}

Result<v1::SlotHold> ChangeHoldInSession(SqlSession& session, std::string const& id,
                                         domain::HoldDecision const& decide) {
  auto hold = FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE id = $1" +
                                        RowLock(session, "FOR UPDATE"),
                                    {id}),
                       &HoldFromRow);
  if (!hold) return hold.error();
  if (!*hold) return domain::NotFound("hold", id);
  return DecideOnLocked(session, **hold, decide);
}

SqlSlotStore::SqlSlotStore(SqlDatabase& db, domain::Clock& clock, bool coalesce_claims)
    : db_(db), clock_(clock), coalesce_claims_(coalesce_claims) {
  constexpr std::size_t kMaxBatch = 64;
  for (auto& queue : claim_queues_) {
    queue = std::make_unique<ClaimQueue>(
        kMaxBatch,
        [this](std::vector<ClaimJob*> const& batch) { CommitBatch(batch); },
        // A key twice in one transaction would find its own unsaved claim: the repeat waits a batch.
        [](std::vector<ClaimJob*> const& batch, ClaimJob const& job) {
          if (!job.claim.idempotency.requested()) return true;
          return std::none_of(batch.begin(), batch.end(), [&](ClaimJob const* other) {
            return other->claim.idempotency.operation == job.claim.idempotency.operation &&
                   other->claim.idempotency.key == job.claim.idempotency.key;
          });
        });
  }
}

Result<std::optional<v1::Slot>> SqlSlotStore::FindSlot(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kSlotColumns + " FROM slots WHERE id = $1", {id}), &SlotFromRow);
  });
}

Result<std::vector<v1::Slot>> SqlSlotStore::ListSlots(domain::SlotQuery const& query) {
  SqlParamList params;
  std::string sql = std::string("SELECT ") + kSlotColumns + " FROM slots WHERE zone_id = " + params.Add(query.zone_id) +
                    " AND start_us >= " + params.AddInt(query.from_us);
  if (query.to_us) sql += " AND start_us < " + params.AddInt(*query.to_us);
  if (query.open_at_us) sql += " AND cutoff_us > " + params.AddInt(*query.open_at_us);
  if (query.only_available) sql += " AND booked + held < capacity";
  if (query.after) {
    auto const start = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (start_us > " + start + " OR (start_us = " + start + " AND id > " + id + "))";
  }
  sql += " ORDER BY start_us, id LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &SlotFromRow); });
}

Result<std::optional<v1::SlotHold>> SqlSlotStore::FindHold(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE id = $1", {id}),
                    &HoldFromRow);
  });
}

Result<v1::BatchCreateSlotsResponse> SqlSlotStore::InsertSlots(domain::SlotBatch const& batch) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::BatchCreateSlotsResponse>(
        session, batch.idempotency, now_us, [&]() -> Result<v1::BatchCreateSlotsResponse> {
          // Shared: a zone being deleted waits for this batch, or this batch sees it gone.
          auto zone = session.Exec("SELECT id FROM zones WHERE id = $1 AND NOT deleted" + RowLock(session, "FOR SHARE"),
                                   {batch.zone_id});
          if (!zone) return zone.error();
          if (zone->empty()) return domain::NotFound("zone", batch.zone_id);
          if (batch.fence) {
            if (auto fenced = CheckFence(session, *batch.fence); !fenced) return fenced.error();
          }
          std::vector<v1::Slot const*> slots;
          for (auto const& slot : batch.slots) slots.push_back(&slot);
          std::vector<std::string> inserted_ids;
          if (auto inserted = InsertSlotRows(session, slots, batch.skip_existing, inserted_ids); !inserted) {
            return inserted.error();
          }
          std::set<std::string> const inserted_set(inserted_ids.begin(), inserted_ids.end());
          v1::BatchCreateSlotsResponse response;
          for (auto const& slot : batch.slots) {
            if (inserted_set.contains(slot.id())) *response.add_slots() = slot;
          }
          response.set_skipped_count(static_cast<int>(batch.slots.size() - inserted_set.size()));
          return response;
        });
  });
}

Result<v1::Slot> SqlSlotStore::EditSlot(std::string const& id, domain::IdempotencyKey const& idempotency,
                                        domain::SlotEdit const& edit) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Slot>(session, idempotency, now_us, [&]() -> Result<v1::Slot> {
      auto slots = LockSlots(session, {id});
      if (!slots) return slots.error();
      if (slots->empty()) return domain::NotFound("slot", id);
      auto edited = edit(slots->front());
      if (!edited) return edited.error();
      if (auto written = UpdateSlotRows(session, {*edited}); !written) return written.error();
      return edited;
    });
  });
}

Result<domain::ClaimResult> SqlSlotStore::Claim(domain::SlotClaim const& claim, domain::ClaimDecision const& decide) {
  ClaimJob job{claim, decide, std::nullopt};
  if (!coalesce_claims_) {
    CommitBatch({&job});
  } else {
    claim_queues_[std::hash<std::string>{}(claim.slot_id) % kClaimQueues]->Run(job);
  }
  return *std::move(job.result);
}

void SqlSlotStore::CommitBatch(std::vector<ClaimJob*> const& batch) {
  CommitOrSplit(batch, [this](auto const& jobs) { return ClaimTogether(jobs); },
                [this](ClaimJob& job, domain::Error const& error) {
                  // A unique key met another transaction's claim of the same order or cart, which
                  // the unique check waited for: that claim has committed, and a second run sees it.
                  if (error.reason == kUniqueViolation) {
                    if (auto again = ClaimTogether({&job}); again) return;
                  }
                  job.result = error;
                });
}

Status SqlSlotStore::ClaimTogether(std::vector<ClaimJob*> const& batch) {
  auto const now_us = clock_.NowMicros();
  std::vector<std::optional<Result<domain::ClaimResult>>> results;
  auto const committed = db_.Transaction([&](SqlSession& session) -> Status {
    results.assign(batch.size(), std::nullopt);
    // Keys first, as every other write does, so that all take their locks in one order; sent with
    // the batch's reads, which a replayed claim's rows join harmlessly.
    std::vector<domain::IdempotencyKey const*> keys;
    std::vector<domain::SlotClaim const*> claimed;
    for (auto const* job : batch) {
      keys.push_back(&job->claim.idempotency);
      claimed.push_back(&job->claim);
    }
    ClaimRows rows;
    auto loaded = LoadClaimRows(session, claimed, rows, ClaimKeysStatement(keys, now_us));
    if (!loaded) return loaded.error();
    auto claims = ClaimsFrom(session, keys, loaded->value_or(SqlRows{}));
    if (!claims) return claims.error();
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& claim = (*claims)[i];
      if (!claim) {
        results[i] = claim.error();
      } else if (*claim) {
        results[i] = ParseClaimResponse(batch[i]->claim, **claim);
      } else {
        fresh.push_back(i);
      }
    }
    if (fresh.empty()) return domain::Ok();
    std::vector<v1::EventEnvelope> events;
    std::vector<SavedResponse> responses;
    std::vector<domain::IdempotencyKey const*> refused;
    for (auto const i : fresh) {
      auto const& job = *batch[i];
      auto state = StateFor(job.claim, rows);
      if (!state) {
        results[i] = domain::NotFound("slot", job.claim.slot_id);
        refused.push_back(&job.claim.idempotency);
        continue;
      }
      auto change = job.decide(*state);
      if (!change) {
        results[i] = change.error();
        refused.push_back(&job.claim.idempotency);
        continue;
      }
      domain::ClaimResult result = Unchanged(job.claim, *state);
      if (*change) {
        std::move((*change)->events.begin(), (*change)->events.end(), std::back_inserter(events));
        result = Apply(job.claim, **std::move(change), rows);
        if (job.claim.kind == domain::SlotClaim::Kind::kBook && !result.booking) result.booking = state->order_booking;
      }
      if (job.claim.idempotency.requested()) {
        auto json = ClaimResponseJson(job.claim, result);
        if (!json) return json.error();
        responses.emplace_back(&job.claim.idempotency, *std::move(json));
      }
      results[i] = std::move(result);
    }
    Writes writes;
    writes.Add(ReleaseKeysStatement(refused));
    WriteClaimRows(rows, writes);
    auto outbox = OutboxAppendStatement(session, events);
    if (!outbox) return outbox.error();
    writes.Add(*std::move(outbox));
    writes.Add(SaveResponsesStatement(responses));
    return writes.Run(session);
  });
  if (!committed) return committed;
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
  return domain::Ok();
}

Result<v1::SlotBooking> SqlSlotStore::ChangeBooking(std::string const& id, domain::IdempotencyKey const& idempotency,
                                                    domain::BookingDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::SlotBooking>(session, idempotency, now_us,
                                            [&] { return ChangeBookingInSession(session, id, decide); });
  });
}

Result<v1::SlotHold> SqlSlotStore::ChangeHold(std::string const& id, domain::IdempotencyKey const& idempotency,
                                              domain::HoldDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::SlotHold>(session, idempotency, now_us,
                                         [&] { return ChangeHoldInSession(session, id, decide); });
  });
}

Result<bool> SqlSlotStore::ChangeOneExpiredHold(std::int64_t now_us, domain::HoldDecision const& decide) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<bool> {
    SqlParamList params;
    auto hold = FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE state = " +
                                          std::to_string(v1::SLOT_HOLD_STATE_ACTIVE) + " AND expires_at_us <= " +
                                          params.AddInt(now_us) + " ORDER BY expires_at_us LIMIT 1" +
                                          RowLock(session, "FOR UPDATE SKIP LOCKED"),
                                      params.params()),
                         &HoldFromRow);
    if (!hold) return hold.error();
    if (!*hold) return false;
    auto changed = DecideOnLocked(session, **hold, decide);
    if (!changed) return changed.error();
    return changed->version() != (*hold)->version();
  });
}

}  // namespace mercato::adapters
