// The ports and settings the delivery use cases share.
#pragma once

#include <chrono>

#include "server/domain/clock.h"
#include "server/domain/delivery/order_lookup.h"
#include "server/domain/delivery/shipment_store.h"
#include "server/domain/delivery/slot_store.h"
#include "server/domain/delivery/zone_store.h"
#include "server/domain/id_generator.h"

namespace mercato::domain {

struct DeliverySettings {
  std::chrono::microseconds default_hold{std::chrono::minutes(15)};
  std::chrono::microseconds max_hold{std::chrono::hours(2)};
  // ACTIVE holds one customer may have at once (a few carts); staff and service are not bound.
  int max_holds_per_user = 5;
  int max_batch_slots = 500;
  int max_template_days = 62;
  int default_page_size = 50;
  int max_page_size = 200;
};

struct DeliveryContext {
  ZoneStore& zones;
  SlotStore& slots;
  ShipmentStore& shipments;
  OrderLookup& orders;
  Clock& clock;
  IdGenerator& ids;
  DeliverySettings settings;
};

}  // namespace mercato::domain
