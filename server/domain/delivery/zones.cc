#include "server/domain/delivery/zones.h"

#include <google/protobuf/util/time_util.h>

#include "server/domain/delivery/zone_geometry.h"
#include "server/domain/delivery/zone_index.h"
#include "server/domain/delivery/zone_rules.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

Result<v1::Zone> Zones::Create(v1::CreateZoneRequest const& request, Principal const& caller) {
  v1::Zone zone = request.zone();
  auto keys = NormalizeZone(zone);
  if (!keys) return keys.error();
  auto const now = TimeUtil::MicrosecondsToTimestamp(context_.clock.NowMicros());
  zone.set_id(context_.ids.NewId());
  zone.set_version(1);
  *zone.mutable_created_at() = now;
  *zone.mutable_updated_at() = now;
  return context_.zones.InsertZone(
      {std::move(zone), *std::move(keys), CallerScopedKey("delivery.CreateZone", request.request_id(), request, caller)});
}

Result<v1::Zone> Zones::Get(std::string const& zone_id) {
  if (auto valid = CheckReference("zone_id", zone_id); !valid) return valid.error();
  auto found = context_.zones.FindZone(zone_id);
  if (!found) return found.error();
  if (!*found) return NotFound("zone", zone_id);
  return **std::move(found);
}

Result<v1::ListZonesResponse> Zones::List(v1::ListZonesRequest const& request) {
  auto page = ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size);
  if (!page) return page.error();
  ZoneQuery query{request.active_only(), page->after, page->size + 1};
  auto zones = context_.zones.ListZones(query);
  if (!zones) return zones.error();
  v1::ListZonesResponse response;
  bool more = CutToPage(*zones, page->size);
  more = CutToBytes(*zones) || more;
  for (auto& zone : *zones) *response.add_zones() = std::move(zone);
  if (more) {
    auto const& last = response.zones(response.zones_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {0, last.name(), last.id()}));
  }
  return response;
}

Result<v1::Zone> Zones::Update(v1::UpdateZoneRequest const& request, Principal const& caller) {
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto current = Get(request.zone().id());
  if (!current) return current.error();
  auto updated = ApplyZoneMask(*current, request.zone(), request.update_mask());
  if (!updated) return updated.error();
  auto keys = NormalizeZone(*updated);
  if (!keys) return keys.error();
  updated->set_version(request.expected_version() + 1);
  *updated->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(context_.clock.NowMicros());
  return context_.zones.UpdateZone(
      {*std::move(updated), *std::move(keys), CallerScopedKey("delivery.UpdateZone", request.request_id(), request, caller)},
      request.expected_version());
}

Status Zones::Delete(v1::DeleteZoneRequest const& request, Principal const& caller) {
  if (request.zone_id().empty()) return InvalidArgument("zone_id", "zone_id is required");
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version;
  return context_.zones.DeleteZone(request.zone_id(),
                                   CallerScopedKey("delivery.DeleteZone", request.request_id(), request, caller),
                                   request.expected_version(), context_.clock.NowMicros());
}

Result<v1::Zone> Zones::Resolve(v1::Address const& address) {
  if (address.postcode().empty() && !address.has_location()) {
    return InvalidArgument("address", "address needs a postcode or a location to find its zone");
  }
  if (PostcodeKey(address.postcode()).size() > kMaxPostcodeLength) {
    return InvalidArgument("address.postcode", "address.postcode is longer than any postcode (at most " +
                                                   std::to_string(kMaxPostcodeLength) + " characters besides spaces)");
  }
  if (address.has_location()) {
    if (auto valid = CheckGeoPoint("address.location", address.location()); !valid) return valid.error();
  }
  auto index = CurrentIndex();
  if (!index) return index.error();
  auto const* zone = (*index)->Resolve(address);
  if (zone == nullptr) return AddressNotServed(address);
  return *zone;
}

Result<std::shared_ptr<ZoneIndex const>> Zones::CurrentIndex() {
  auto generation = context_.zones.ZoneGeneration();
  if (!generation) return generation.error();
  {
    std::lock_guard lock(index_mutex_);
    if (index_ && index_generation_ == *generation) return index_;
  }
  auto snapshot = context_.zones.ActiveZones();
  if (!snapshot) return snapshot.error();
  auto index = std::make_shared<ZoneIndex const>(std::move(snapshot->zones));
  std::lock_guard lock(index_mutex_);
  // Another thread may have built a newer one meanwhile: keep the newest.
  if (snapshot->generation >= index_generation_) {
    index_ = index;
    index_generation_ = snapshot->generation;
  }
  return index;
}

}  // namespace mercato::domain
