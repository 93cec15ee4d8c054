// Slot claims decided together: reading their rows, folding decisions in, writing what they leave.
#include "server/adapters/sql/sql_slot_claims.h"

#include <utility>

#include "server/adapters/sql/saved_response.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_slot_store.h"
#include "server/adapters/sql/sql_values.h"

namespace mercato::adapters {

using domain::Result;

std::string SavedClaimResponse(domain::SlotClaim const& claim, domain::ClaimResult const& result) {
  if (claim.kind == domain::SlotClaim::Kind::kBook) {
    v1::BookSlotResponse response;
    *response.mutable_slot() = result.slot;
    if (result.booking) *response.mutable_booking() = *result.booking;
    return EncodeSavedResponse(response);
  }
  v1::HoldSlotResponse response;
  *response.mutable_slot() = result.slot;
  if (result.hold) *response.mutable_hold() = *result.hold;
  return EncodeSavedResponse(response);
}

Result<domain::ClaimResult> ParseClaimResponse(domain::SlotClaim const& claim, std::string const& saved) {
  if (claim.kind == domain::SlotClaim::Kind::kBook) {
    auto response = ParseSavedResponse<v1::BookSlotResponse>(saved);
    if (!response) return response.error();
    return domain::ClaimResult{response->slot(), response->booking(), std::nullopt};
  }
  auto response = ParseSavedResponse<v1::HoldSlotResponse>(saved);
  if (!response) return response.error();
  return domain::ClaimResult{response->slot(), std::nullopt, response->hold()};
}

Result<std::optional<SqlRows>> LoadClaimRows(SqlSession& session, std::vector<domain::SlotClaim const*> const& claims,
                                             ClaimRows& rows, std::optional<SqlStatement> first) {
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
  // A customer's holds span slots, which batches lock apart: their count and a cart's one ACTIVE
  // hold are read under the customer's lock, taken in one order (the set's) before any slot's.
  for (auto const& user : users) add(NameLock(session, "delivery.slot_holds:" + user));
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
                                       ", COALESCE(z.active AND NOT z.deleted AND " +
                                       JsonField(session, "z.document", "stock_location_id") +
                                       " <> '', FALSE) AS zone_open FROM slots s "
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

domain::ClaimResult Unchanged(domain::SlotClaim const& claim, domain::ClaimState const& state) {
  return {state.slot, claim.kind == domain::SlotClaim::Kind::kBook ? state.order_booking : std::nullopt,
          claim.kind == domain::SlotClaim::Kind::kHold ? state.hold : std::nullopt};
}

void WriteClaimRows(ClaimRows const& rows, SlotWrites& writes) {
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
  SlotWrites writes;
  WriteClaimRows(rows, writes);
  auto outbox = OutboxAppendStatement(session, events);
  if (!outbox) return outbox.error();
  writes.Add(*std::move(outbox));
  if (auto written = writes.Run(session); !written) return written.error();
  return result;
}

}  // namespace mercato::adapters
