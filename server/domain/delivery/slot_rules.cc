#include "server/domain/delivery/slot_rules.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <set>
#include <utility>

#include "server/domain/timestamp_micros.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::int64_t kMinuteUs = 60LL * 1000000;
constexpr std::int64_t kMaxTemplateDurationUs = 7LL * 24 * 3600 * 1000000;


Status CheckCapacity(std::string const& field, int capacity) {
  if (capacity < 1 || capacity > kMaxSlotCapacity) {
    return InvalidArgument(field, field + " must be 1.." + std::to_string(kMaxSlotCapacity) + " orders, not " +
                                      std::to_string(capacity));
  }
  return Ok();
}

Status CheckTemplateDuration(std::string const& field, google::protobuf::Duration const& duration) {
  auto const us = TimeUtil::DurationToMicroseconds(duration);
  if (us < 0 || us > kMaxTemplateDurationUs) return InvalidArgument(field, field + " must be between 0 and 7 days");
  return Ok();
}

Status CheckWindow(std::string const& field, v1::SlotWindow const& window) {
  if (window.days().empty()) return InvalidArgument(field + ".days", field + ".days must name at least one weekday");
  std::set<int> days;
  for (int const day : window.days()) {
    if (day < v1::DAY_OF_WEEK_MONDAY || day > v1::DAY_OF_WEEK_SUNDAY) {
      return InvalidArgument(field + ".days", field + ".days holds " + std::to_string(day) + ", not a weekday (1..7)");
    }
    if (!days.insert(day).second) return InvalidArgument(field + ".days", field + ".days names a weekday twice");
  }
  if (window.start_minute() < 0 || window.start_minute() >= 1440) {
    return InvalidArgument(field + ".start_minute", field + ".start_minute must be 0..1439 (minutes after midnight)");
  }
  if (window.end_minute() <= window.start_minute() || window.end_minute() > 1440) {
    return InvalidArgument(field + ".end_minute", field + ".end_minute must be after start_minute and at most 1440 "
                                                          "(windows end by midnight)");
  }
  if (window.capacity() != 0) return CheckCapacity(field + ".capacity", window.capacity());
  return Ok();
}

}  // namespace

Status CheckSlotTemplate(std::string const& field, v1::SlotTemplate const& slot_template) {
  if (slot_template.windows().empty()) return InvalidArgument(field + ".windows", field + ".windows must not be empty");
  if (slot_template.windows_size() > kMaxTemplateWindows) {
    return InvalidArgument(field + ".windows", field + ".windows holds more than " +
                                                   std::to_string(kMaxTemplateWindows) + " windows");
  }
  if (auto valid = CheckCapacity(field + ".capacity", slot_template.capacity()); !valid) return valid;
  if (auto valid = CheckTemplateDuration(field + ".order_cutoff", slot_template.order_cutoff()); !valid) return valid;
  if (auto valid = CheckTemplateDuration(field + ".lead_time", slot_template.lead_time()); !valid) return valid;
  std::set<std::pair<int, int>> starts;
  for (int i = 0; i < slot_template.windows_size(); ++i) {
    std::string const window_field = field + ".windows[" + std::to_string(i) + "]";
    auto const& window = slot_template.windows(i);
    if (auto valid = CheckWindow(window_field, window); !valid) return valid;
    for (int const day : window.days()) {
      if (!starts.emplace(day, window.start_minute()).second) {
        return InvalidArgument(window_field, window_field + " starts at the same time on the same day as an earlier "
                                                            "window; one slot per zone and start");
      }
    }
  }
  return Ok();
}

Result<std::vector<v1::Slot>> ExpandTemplate(v1::SlotTemplate const& slot_template, std::string const& zone_id,
                                             std::string const& time_zone, std::int64_t from_us, std::int64_t to_us,
                                             std::int64_t now_us) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(time_zone, &tz)) return Internal("zone time zone '" + time_zone + "' does not load");
  auto const earliest = now_us + TimeUtil::DurationToMicroseconds(slot_template.lead_time());
  auto const cutoff = TimeUtil::DurationToMicroseconds(slot_template.order_cutoff());
  auto const to_time = [&](absl::CivilDay day, int minute) {
    return absl::ToUnixMicros(tz.At(absl::CivilSecond(day) + minute * 60).pre);
  };
  std::vector<v1::Slot> slots;
  auto const last_day = absl::ToCivilDay(absl::FromUnixMicros(to_us), tz);
  for (auto day = absl::ToCivilDay(absl::FromUnixMicros(from_us), tz); day <= last_day; ++day) {
    auto const weekday = absl::GetWeekday(day);
    // absl counts Monday as 0; the contract, like ISO 8601, as 1.
    int const iso_day = static_cast<int>(weekday) + 1;
    for (auto const& window : slot_template.windows()) {
      if (std::find(window.days().begin(), window.days().end(), iso_day) == window.days().end()) continue;
      auto const start = to_time(day, window.start_minute());
      auto const end = to_time(day, window.end_minute());
      // Windows already closed for orders would be created only to be hidden.
      if (start < from_us || start >= to_us || start < earliest || start - cutoff <= now_us) continue;
      // A clock change can swallow a window (it falls in the skipped hour) or stretch one past a day.
      if (end <= start || end - start > kMaxSlotLengthUs) continue;
      v1::Slot slot;
      slot.set_zone_id(zone_id);
      *slot.mutable_start_time() = FromMicros(start);
      *slot.mutable_end_time() = FromMicros(end);
      *slot.mutable_order_cutoff_time() = FromMicros(start - cutoff);
      slot.set_capacity(window.capacity() != 0 ? window.capacity() : slot_template.capacity());
      SetRemaining(slot);
      slots.push_back(std::move(slot));
    }
  }
  std::sort(slots.begin(), slots.end(),
            [](auto const& a, auto const& b) { return ToMicros(a.start_time()) < ToMicros(b.start_time()); });
  return slots;
}

Status CheckSlotShape(std::string const& field, v1::Slot& slot, std::int64_t now_us) {
  if (slot.zone_id().empty()) return InvalidArgument(field + ".zone_id", field + ".zone_id is required");
  if (!slot.has_start_time() || !slot.has_end_time()) {
    return InvalidArgument(field + ".start_time", field + " needs start_time and end_time");
  }
  auto const start = ToMicros(slot.start_time());
  auto const end = ToMicros(slot.end_time());
  if (start <= now_us) {
    return InvalidArgument(field + ".start_time", field + ".start_time " + TimeUtil::ToString(slot.start_time()) +
                                                      " is in the past; slots are for future windows");
  }
  if (end <= start) {
    return InvalidArgument(field + ".end_time", field + ".end_time must be after its start_time (the window is inverted)");
  }
  if (end - start > kMaxSlotLengthUs) return InvalidArgument(field + ".end_time", field + " is longer than 24 hours");
  if (start - now_us > kMaxSlotLeadUs) {
    return InvalidArgument(field + ".start_time", field + ".start_time is more than a year ahead");
  }
  if (auto valid = CheckCapacity(field + ".capacity", slot.capacity()); !valid) return valid;
  if (!slot.has_order_cutoff_time()) *slot.mutable_order_cutoff_time() = slot.start_time();
  if (ToMicros(slot.order_cutoff_time()) > start) {
    return InvalidArgument(field + ".order_cutoff_time", field + ".order_cutoff_time must not be after start_time");
  }
  slot.set_booked(0);
  slot.set_held(0);
  SetRemaining(slot);
  return Ok();
}

Status CheckNewSlot(std::string const& field, v1::Slot& slot, std::int64_t now_us) {
  if (auto valid = CheckSlotShape(field, slot, now_us); !valid) return valid;
  if (ToMicros(slot.order_cutoff_time()) <= now_us) {
    return InvalidArgument(field + ".order_cutoff_time",
                           field + ".order_cutoff_time " + TimeUtil::ToString(slot.order_cutoff_time()) +
                               " has passed: nobody could book this slot; give a later cut-off");
  }
  return Ok();
}

Result<v1::Slot> ApplySlotMask(v1::Slot const& current, v1::Slot const& changes,
                               google::protobuf::FieldMask const& mask, std::int64_t now_us) {
  if (mask.paths().empty()) return InvalidArgument("update_mask", "update_mask must name at least one field to change");
  v1::Slot updated = current;
  bool times = false;
  for (auto const& path : mask.paths()) {
    if (path == "capacity") {
      updated.set_capacity(changes.capacity());
    } else if (path == "start_time" || path == "end_time" || path == "order_cutoff_time") {
      times = true;
      auto const* field = v1::Slot::descriptor()->FindFieldByName(path);
      updated.GetReflection()->MutableMessage(&updated, field)->CopyFrom(changes.GetReflection()->GetMessage(changes, field));
    } else {
      return InvalidArgument("update_mask", "update_mask path \"" + Echo(path) +
                                                "\" cannot be changed; use capacity, start_time, end_time or "
                                                "order_cutoff_time");
    }
  }
  if (auto valid = CheckCapacity("slot.capacity", updated.capacity()); !valid) return valid.error();
  if (updated.capacity() < current.booked() + current.held()) {
    return Error{ErrorKind::kFailedPrecondition,
                 "CAPACITY_BELOW_BOOKED",
                 "slot '" + current.id() + "' has " + std::to_string(current.booked()) + " bookings and " +
                     std::to_string(current.held()) + " holds; capacity cannot go below " +
                     std::to_string(current.booked() + current.held()),
                 {{"booked", std::to_string(current.booked())}, {"held", std::to_string(current.held())}}};
  }
  if (times) {
    if (current.booked() + current.held() > 0) {
      return Error{ErrorKind::kFailedPrecondition,
                   "SLOT_IN_USE",
                   "slot '" + current.id() + "' has bookings or holds: its times cannot move; create another slot",
                   {}};
    }
    // Staff may move a cut-off into the past: that closes the slot early.
    if (auto valid = CheckSlotShape("slot", updated, now_us); !valid) return valid.error();
  }
  SetRemaining(updated);
  return updated;
}

void SetRemaining(v1::Slot& slot) { slot.set_remaining(slot.capacity() - slot.booked() - slot.held()); }

Error SlotFull(v1::Slot const& slot) {
  return {ErrorKind::kFailedPrecondition,
          "SLOT_FULL",
          "slot '" + slot.id() + "' is full (" + std::to_string(slot.capacity()) + " orders); choose another slot",
          {{"slot_id", slot.id()}, {"capacity", std::to_string(slot.capacity())}}};
}

Error SlotClosed(v1::Slot const& slot) {
  return {ErrorKind::kFailedPrecondition,
          "SLOT_CLOSED",
          "slot '" + slot.id() + "' closed for orders at " + TimeUtil::ToString(slot.order_cutoff_time()) +
              "; choose a later slot",
          {{"slot_id", slot.id()}}};
}

}  // namespace mercato::domain
