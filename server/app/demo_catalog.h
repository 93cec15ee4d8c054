// The demo grocery catalog mercatod seeds into an empty embedded store, so that a first run has
// something real to browse: a category tree, a few hundred products, sized variants, stock.
#pragma once

#include "server/domain/catalog/catalog_store.h"
#include "server/domain/catalog/category_tree.h"
#include "server/domain/catalog/product_catalog.h"

namespace mercato::server {

// Seeds through the use cases (validation, events) when the store has no products; returns how
// many products it created (0 when the catalog was not empty).
domain::Result<int> SeedDemoCatalog(domain::CategoryTree& categories, domain::ProductCatalog& products,
                                    domain::CatalogStore& store);

}  // namespace mercato::server
