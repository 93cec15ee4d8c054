// The demo grocery catalog mercatod seeds into an empty embedded store, so that a first run has
// something real to browse: a category tree, a few hundred products, sized variants with readable
// SKUs (<brand>-<item>-<pack>: MC-PORRIDGE-OATS-1KG, GA-WHOLE-MILK-1L, HF-...), and their stock,
// received through inventory at location "dc1" (about one pack in eight sold out).
#pragma once

#include "server/domain/catalog/catalog_store.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"
#include "server/domain/inventory/stock_keeping.h"

namespace mercato::server {

// The location the demo's stock is received at.
inline constexpr char kDemoLocation[] = "dc1";

// Seeds through the use cases (validation, events, the stock ledger) when the store has no
// products; returns how many products it created (0 when the catalog was not empty).
domain::Result<int> SeedDemoCatalog(domain::CategoryTree& categories, domain::ProductCatalog& products,
                                    domain::StockKeeping& stock, domain::CatalogStore& store);

}  // namespace mercato::server
