// Slot, booking and hold rows read back from SQL, and the locked read of slots.
#include "server/adapters/sql/sql_slot_rows.h"

#include <utility>

#include "server/adapters/sql/sql_values.h"
#include "server/domain/delivery/slot_rules.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::adapters {

using domain::Result;

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

std::string InList(SqlParamList& params, std::set<std::string> const& values) {
  std::string in;
  for (auto const& value : values) in += (in.empty() ? "" : ", ") + params.Add(value);
  return in;
}

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

}  // namespace mercato::adapters
