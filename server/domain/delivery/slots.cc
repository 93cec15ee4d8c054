#include "server/domain/delivery/slots.h"

#include <google/protobuf/util/time_util.h>

#include <set>
#include <utility>

#include "server/domain/delivery/slot_rules.h"
#include "server/domain/delivery/zone_rules.h"
#include "server/domain/timestamp_micros.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

constexpr std::int64_t kDayUs = 24LL * 3600 * 1000000;

}  // namespace

Result<v1::BatchCreateSlotsResponse> Slots::BatchCreate(v1::BatchCreateSlotsRequest const& request,
                                                        Principal const& caller) {
  auto const key = CallerScopedKey("delivery.BatchCreateSlots", request.request_id(), request, caller);
  bool const template_mode = !request.zone_id().empty() || request.has_slot_template() || request.has_window();
  if (template_mode) {
    if (!request.slots().empty()) {
      return InvalidArgument("slots", "send either slots or zone_id with a window (template mode), not both");
    }
    return FromTemplate(request, key);
  }
  if (request.slots().empty()) {
    return InvalidArgument("slots", "slots is empty: send the slots to create, or zone_id and window to create them "
                                    "from a weekly template");
  }
  if (request.slots_size() > context_.settings.max_batch_slots) {
    return InvalidArgument("slots", "at most " + std::to_string(context_.settings.max_batch_slots) +
                                        " slots per call; split the batch");
  }
  auto const now = context_.clock.NowMicros();
  std::string const zone_id = request.slots(0).zone_id();
  std::set<std::int64_t> starts;
  std::vector<v1::Slot> slots;
  for (int i = 0; i < request.slots_size(); ++i) {
    std::string const field = "slots[" + std::to_string(i) + "]";
    v1::Slot slot;
    slot.set_zone_id(request.slots(i).zone_id());
    *slot.mutable_start_time() = request.slots(i).start_time();
    *slot.mutable_end_time() = request.slots(i).end_time();
    slot.set_capacity(request.slots(i).capacity());
    if (request.slots(i).has_order_cutoff_time()) *slot.mutable_order_cutoff_time() = request.slots(i).order_cutoff_time();
    if (auto valid = CheckNewSlot(field, slot, now); !valid) return valid.error();
    if (slot.zone_id() != zone_id) {
      return InvalidArgument(field + ".zone_id", "every slot of one call must be in one zone; split the batch by zone");
    }
    if (!starts.insert(ToMicros(slot.start_time())).second) {
      return InvalidArgument(field + ".start_time", field + " starts when an earlier slot of this call does; "
                                                            "one slot per zone and start");
    }
    slots.push_back(std::move(slot));
  }
  return Insert(zone_id, std::move(slots), false, key);
}

Result<v1::BatchCreateSlotsResponse> Slots::FromTemplate(v1::BatchCreateSlotsRequest const& request,
                                                         IdempotencyKey const& key) {
  auto zone = zones_.Get(request.zone_id());
  if (!zone) return zone.error();
  if (!request.has_slot_template() && !zone->has_slot_template()) {
    return InvalidArgument("slot_template", "zone '" + zone->id() + "' has no slot_template: send one");
  }
  auto const& slot_template = request.has_slot_template() ? request.slot_template() : zone->slot_template();
  if (auto valid = CheckSlotTemplate("slot_template", slot_template); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  auto const from = request.window().has_start_time() ? std::max(now, ToMicros(request.window().start_time())) : now;
  if (!request.window().has_end_time()) return InvalidArgument("window.end_time", "window.end_time is required");
  auto const to = ToMicros(request.window().end_time());
  if (to <= from) return InvalidArgument("window.end_time", "window.end_time must be after its start and in the future");
  // The year that bounds a slot's start (CheckSlotShape) bounds a template's window too.
  if (to - now > kMaxSlotLeadUs) {
    return InvalidArgument("window.end_time", "window.end_time is more than a year ahead; slots are made at most a "
                                              "year ahead");
  }
  if (to - from > context_.settings.max_template_days * kDayUs) {
    return InvalidArgument("window", "window spans more than " + std::to_string(context_.settings.max_template_days) +
                                         " days; create slots in several calls");
  }
  auto slots = ExpandTemplate(slot_template, zone->id(), zone->time_zone(), from, to, now);
  if (!slots) return slots.error();
  return Insert(zone->id(), *std::move(slots), true, key);
}

Result<v1::BatchCreateSlotsResponse> Slots::ExtendFromTemplate(v1::Zone const& zone, std::chrono::microseconds horizon,
                                                               std::optional<WriteFence> fence) {
  auto const now = context_.clock.NowMicros();
  auto slots = ExpandTemplate(zone.slot_template(), zone.id(), zone.time_zone(), now, now + horizon.count(), now);
  if (!slots) return slots.error();
  if (slots->empty()) return v1::BatchCreateSlotsResponse();
  return Insert(zone.id(), *std::move(slots), true, {}, std::move(fence));
}

Result<v1::BatchCreateSlotsResponse> Slots::Insert(std::string const& zone_id, std::vector<v1::Slot> slots,
                                                   bool skip_existing, IdempotencyKey const& idempotency,
                                                   std::optional<WriteFence> fence) {
  for (auto& slot : slots) {
    slot.set_id(context_.ids.NewId());
    slot.set_version(1);
  }
  return context_.slots.InsertSlots({zone_id, std::move(slots), skip_existing, idempotency, std::move(fence)});
}

Result<v1::Slot> Slots::Get(std::string const& slot_id) {
  if (auto valid = CheckReference("slot_id", slot_id); !valid) return valid.error();
  auto found = context_.slots.FindSlot(slot_id);
  if (!found) return found.error();
  if (!*found) return NotFound("slot", slot_id);
  return **std::move(found);
}

Result<v1::ListSlotsResponse> Slots::List(v1::ListSlotsRequest const& request, Principal const& caller) {
  bool const staff = caller.IsStaff();
  if (request.include_closed() && !staff) {
    if (caller.anonymous()) {
      return Error{ErrorKind::kUnauthenticated, "SIGN_IN_REQUIRED", "include_closed needs a staff session: sign in", {}};
    }
    return StaffRequired("include_closed");
  }
  v1::Zone zone;
  if (request.has_address()) {
    auto resolved = zones_.Resolve(request.address());
    if (!resolved) return resolved.error();
    zone = *std::move(resolved);
  } else if (!request.zone_id().empty()) {
    auto found = zones_.Get(request.zone_id());
    if (!found) return found.error();
    zone = *std::move(found);
  } else {
    return InvalidArgument("target", "name the zone_id or the address whose slots to list");
  }
  auto page = ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size,
                              staff ? "staff" : "open");
  if (!page) return page.error();
  v1::ListSlotsResponse response;
  if (!TakesOrders(zone) && !staff) return response;  // a zone that takes no orders offers no slots
  auto const now = context_.clock.NowMicros();
  SlotQuery query;
  query.zone_id = zone.id();
  query.from_us = request.window().has_start_time() ? ToMicros(request.window().start_time()) : now;
  if (request.window().has_end_time()) {
    query.to_us = ToMicros(request.window().end_time());
    if (*query.to_us <= query.from_us) {
      return InvalidArgument("window.end_time", "window.end_time must be after window.start_time (or now, when "
                                                "start_time is unset)");
    }
  }
  if (!request.include_closed()) query.open_at_us = now;
  query.only_available = request.only_available();
  query.after = page->after;
  query.limit = page->size + 1;
  auto slots = context_.slots.ListSlots(query);
  if (!slots) return slots.error();
  bool const more = CutToPage(*slots, page->size);
  for (auto& slot : *slots) *response.add_slots() = std::move(slot);
  if (more) {
    auto const& last = response.slots(response.slots_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {ToMicros(last.start_time()), "", last.id()}));
  }
  return response;
}

Result<v1::Slot> Slots::Update(v1::UpdateSlotRequest const& request, Principal const& caller) {
  if (request.slot().id().empty()) return InvalidArgument("slot.id", "slot.id is required");
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto const now = context_.clock.NowMicros();
  return context_.slots.EditSlot(
      request.slot().id(), CallerScopedKey("delivery.UpdateSlot", request.request_id(), request, caller),
      [&](v1::Slot const& current) -> Result<v1::Slot> {
        if (current.version() != request.expected_version()) {
          return VersionMismatch("slot", current.id(), request.expected_version(), current.version());
        }
        auto updated = ApplySlotMask(current, request.slot(), request.update_mask(), now);
        if (!updated) return updated.error();
        updated->set_version(current.version() + 1);
        return updated;
      });
}

}  // namespace mercato::domain
