// The domains' contexts over one backend: what the server builds its use cases from, and what a
// test builds the same use cases from without a server.
#pragma once

#include "server/app/backend.h"
#include "server/domain/catalog/catalog_context.h"
#include "server/domain/delivery/delivery_context.h"
#include "server/domain/inventory/inventory_context.h"

namespace mercato::server {

domain::CatalogContext MakeCatalogContext(Backend& backend);
domain::InventoryContext MakeInventoryContext(Backend& backend);
domain::DeliveryContext MakeDeliveryContext(Backend& backend);

}  // namespace mercato::server
