// The rules of delivery slots: what a new slot and a weekly template must satisfy, how a template
// becomes slots in a zone's local time, and the errors of capacity and cut-off.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

inline constexpr int kMaxSlotCapacity = 1'000'000;
inline constexpr int kMaxTemplateWindows = 100;
inline constexpr std::int64_t kMaxSlotLengthUs = 24LL * 3600 * 1000000;
inline constexpr std::int64_t kMaxSlotLeadUs = 366LL * 24 * 3600 * 1000000;

// Windows present, each with valid days (each once), 0 <= start < end <= 1440 minutes and a
// capacity of 0 (the template's) or 1..kMaxSlotCapacity; the template's capacity 1..kMaxSlotCapacity;
// order_cutoff and lead_time 0..7 days; no two windows starting at one time on one day.
Status CheckSlotTemplate(std::string const& field, v1::SlotTemplate const& slot_template);

// The slots `slot_template` makes in `zone_id` whose start falls in [from_us, to_us) and is at
// least its lead time after `now_us`, by start time. Windows are local times in `time_zone`
// (IANA); on a day whose clocks change, a local time that does not exist or exists twice is
// taken as absl does (the earlier instant), and a window the change makes empty or longer than
// 24 h is skipped that day. Ids and versions are left for the caller.
Result<std::vector<v1::Slot>> ExpandTemplate(v1::SlotTemplate const& slot_template, std::string const& zone_id,
                                             std::string const& time_zone, std::int64_t from_us, std::int64_t to_us,
                                             std::int64_t now_us);

// A slot's times and capacity: start after `now_us` and at most a year ahead, end after start and
// at most 24 h later, capacity 1..kMaxSlotCapacity, cut-off (unset: the start) not after the
// start. Sets the cut-off and the counters. `field` prefixes the field names in errors.
Status CheckSlotShape(std::string const& field, v1::Slot& slot, std::int64_t now_us);
// A slot as BatchCreateSlots creates it: CheckSlotShape, and still open for orders (its cut-off
// after `now_us`), since a slot nobody can book would only be hidden.
Status CheckNewSlot(std::string const& field, v1::Slot& slot, std::int64_t now_us);

// `current` with `mask`'s fields (capacity, start_time, end_time, order_cutoff_time) taken from
// `changes`: capacity not below booked + held (FAILED_PRECONDITION CAPACITY_BELOW_BOOKED), times
// only while nothing is booked or held (FAILED_PRECONDITION SLOT_IN_USE).
Result<v1::Slot> ApplySlotMask(v1::Slot const& current, v1::Slot const& changes,
                               google::protobuf::FieldMask const& mask, std::int64_t now_us);

// remaining = capacity - booked - held.
void SetRemaining(v1::Slot& slot);

// FAILED_PRECONDITION SLOT_FULL, with the slot's capacity.
Error SlotFull(v1::Slot const& slot);
// FAILED_PRECONDITION SLOT_CLOSED: its order cut-off has passed.
Error SlotClosed(v1::Slot const& slot);

}  // namespace mercato::domain
