// The demo store's delivery: three London zones (postcode patterns, outlines, fees, minimum
// orders and weekly slot templates in Europe/London time) and their slots for the next days,
// seeded into an empty store beside the demo catalog.
#pragma once

#include <chrono>

#include "server/domain/delivery/slots.h"
#include "server/domain/delivery/zones.h"

namespace mercato::server {

// Seeds through the use cases when no zone exists; returns how many slots it created (0 when
// there were zones already).
domain::Result<int> SeedDemoDelivery(domain::Zones& zones, domain::Slots& slots, std::chrono::hours horizon);

// The demo zones and their slots, created under named idempotency keys: a second call (an
// instance that found the store empty while another seeded it) answers the same zones and creates
// no slot. Returns how many slots it created.
domain::Result<int> CreateDemoZones(domain::Zones& zones, domain::Slots& slots, std::chrono::hours horizon);

}  // namespace mercato::server
