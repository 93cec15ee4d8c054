// Zone use cases: staff edit zones with versions; anyone reads them and resolves an address to
// its zone through a ZoneIndex rebuilt whenever the store's zone generation moves (a write on any
// instance), so every instance answers from memory and none answers from a stale index.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/delivery/delivery_context.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

class ZoneIndex;

class Zones {
 public:
  explicit Zones(DeliveryContext context) : context_(context) {}

  Result<v1::Zone> Create(v1::CreateZoneRequest const& request, Principal const& caller);
  Result<v1::Zone> Get(std::string const& zone_id);
  Result<v1::ListZonesResponse> List(v1::ListZonesRequest const& request);
  Result<v1::Zone> Update(v1::UpdateZoneRequest const& request, Principal const& caller);
  // FAILED_PRECONDITION ZONE_IN_USE while a future slot has bookings or holds.
  Status Delete(v1::DeleteZoneRequest const& request, Principal const& caller);
  // The active zone serving `address` by the rule in zone_index.h; NOT_FOUND ADDRESS_NOT_SERVED.
  Result<v1::Zone> Resolve(v1::Address const& address);

 private:
  // The index for the store's current generation, rebuilt when it has moved.
  Result<std::shared_ptr<ZoneIndex const>> CurrentIndex();

  DeliveryContext context_;
  std::mutex index_mutex_;
  std::shared_ptr<ZoneIndex const> index_;
  std::int64_t index_generation_ = -1;
};

}  // namespace mercato::domain
