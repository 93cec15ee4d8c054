#include "server/app/domain_contexts.h"

namespace mercato::server {

domain::CatalogContext MakeCatalogContext(Backend& backend) {
  return {*backend.catalog_store, *backend.listing_cache, *backend.clock, *backend.ids, {}};
}

domain::InventoryContext MakeInventoryContext(Backend& backend) {
  return {*backend.inventory_store, *backend.clock, *backend.ids, {}};
}

domain::DeliveryContext MakeDeliveryContext(Backend& backend) {
  return {*backend.zone_store, *backend.slot_store, *backend.shipment_store, *backend.orders_for_delivery,
          *backend.clock,      *backend.ids,        {}};
}

}  // namespace mercato::server
