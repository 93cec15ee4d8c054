// Slot, booking and hold rows in SQL, shared by the slot store and its claim batches: the
// columns, the row readers, the locked read of slots, and the writes a transaction ends with.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "server/adapters/sql/sql_database.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/error.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::adapters {

inline constexpr char kSlotColumns[] = "id, zone_id, start_us, end_us, cutoff_us, capacity, booked, held, version";
inline constexpr char kSlotColumnsOfS[] =
    "s.id, s.zone_id, s.start_us, s.end_us, s.cutoff_us, s.capacity, s.booked, s.held, s.version";
inline constexpr char kBookingColumns[] =
    "id, slot_id, order_id, state, hold_id, version, created_at_us, updated_at_us";
inline constexpr char kHoldColumns[] =
    "id, slot_id, cart_id, user_id, state, expires_at_us, booking_id, version, created_at_us, updated_at_us";

domain::Result<v1::Slot> SlotFromRow(SqlRows const& rows, std::size_t i);
domain::Result<v1::SlotBooking> BookingFromRow(SqlRows const& rows, std::size_t i);
domain::Result<v1::SlotHold> HoldFromRow(SqlRows const& rows, std::size_t i);

// "$1, $2, ..." for `values`, added to `params`.
std::string InList(SqlParamList& params, std::set<std::string> const& values);
// A batch's lookup of its keys in a growing table: planned with the keys each run (SqlPlan).
SqlStatement PerRun(std::string sql, SqlParamList const& params);
// The slots of `ids` that exist, locked, in id order: the one order every writer locks slots in.
domain::Result<std::vector<v1::Slot>> LockSlots(SqlSession& session, std::set<std::string> const& ids);

// The writes of one transaction's end, sent together (SqlSession::ExecAll): nothing in them reads
// another's result, and the pipeline saves a round trip per statement while the slot is locked.
class SlotWrites {
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

  domain::Status Run(SqlSession& session) const {
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

}  // namespace mercato::adapters
