// The ports and settings the inventory use cases share.
#pragma once

#include <chrono>

#include "server/domain/clock.h"
#include "server/domain/id_generator.h"
#include "server/domain/inventory/inventory_store.h"

namespace mercato::domain {

struct InventorySettings {
  std::chrono::microseconds default_hold{std::chrono::minutes(15)};
  std::chrono::microseconds max_hold{std::chrono::hours(24)};
  int max_batch_keys = 100;
  int default_page_size = 50;
  int max_page_size = 200;
};

struct InventoryContext {
  InventoryStore& store;
  Clock& clock;
  IdGenerator& ids;
  InventorySettings settings;
};

}  // namespace mercato::domain
