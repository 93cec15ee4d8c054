// The ports and settings the cart use cases share.
#pragma once

#include <string>

#include "server/domain/catalog/catalog_store.h"
#include "server/domain/clock.h"
#include "server/domain/id_generator.h"
#include "server/domain/orders/cart_rules.h"
#include "server/domain/orders/cart_store.h"

namespace mercato::domain {

struct CartSettings {
  std::string default_currency_code = "GBP";  // a cart created without one
  CartLimits limits;
};

struct CartsContext {
  CartStore& carts;
  CatalogStore& catalog;
  Clock& clock;
  IdGenerator& ids;
  CartSettings settings;
};

}  // namespace mercato::domain
