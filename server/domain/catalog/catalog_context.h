// The ports and settings the catalog use cases share.
#pragma once

#include <chrono>

#include "server/domain/catalog/catalog_store.h"
#include "server/domain/catalog/listing_cache.h"
#include "server/domain/clock.h"
#include "server/domain/id_generator.h"

namespace mercato::domain {

struct CatalogSettings {
  std::chrono::seconds listing_ttl{300};
  int default_page_size = 50;
  int max_page_size = 200;
};

struct CatalogContext {
  CatalogStore& store;
  ListingCache& cache;
  Clock& clock;
  IdGenerator& ids;
  CatalogSettings settings;
};

}  // namespace mercato::domain
