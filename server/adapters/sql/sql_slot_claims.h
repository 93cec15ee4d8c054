// Slot claims (bookings and holds) decided in one transaction, alone or as a hot slot's batch: the
// rows they are decided on, read in two round trips; the state each claim sees; the rows, events
// and saved responses the decisions leave.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "server/adapters/sql/sql_database.h"
#include "server/adapters/sql/sql_slot_rows.h"
#include "server/domain/delivery/slot_store.h"

namespace mercato::adapters {

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
domain::Result<std::optional<SqlRows>> LoadClaimRows(SqlSession& session,
                                                     std::vector<domain::SlotClaim const*> const& claims,
                                                     ClaimRows& rows, std::optional<SqlStatement> first = std::nullopt);
// The state one claim is decided on; nullopt when its slot does not exist.
std::optional<domain::ClaimState> StateFor(domain::SlotClaim const& claim, ClaimRows const& rows);
// Folds a decided change into the running rows; returns what the claim answers.
domain::ClaimResult Apply(domain::SlotClaim const& claim, domain::SlotChange change, ClaimRows& rows);
// A claim already in place answers with what is there.
domain::ClaimResult Unchanged(domain::SlotClaim const& claim, domain::ClaimState const& state);
// The holds, bookings and slot counters the decisions changed.
void WriteClaimRows(ClaimRows const& rows, SlotWrites& writes);
// What a claim's idempotency key keeps (the response of its RPC, saved_response.h), and back.
std::string SavedClaimResponse(domain::SlotClaim const& claim, domain::ClaimResult const& result);
domain::Result<domain::ClaimResult> ParseClaimResponse(domain::SlotClaim const& claim, std::string const& saved);

}  // namespace mercato::adapters
