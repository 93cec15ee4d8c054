// A cart's pure rules: how many lines and units it takes, and how it is priced from the catalog,
// with a CartLineProblem for each line that cannot be bought now.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/orders.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

struct CartLimits {
  int max_lines = 100;               // lines per cart (a large weekly shop has 60 to 80)
  std::int64_t max_quantity = 999;   // units per line
  int max_carts_per_user = 20;
};

// INVALID_ARGUMENT naming "quantity" unless 1 <= quantity <= max_quantity (0 too when
// `zero_removes`, as UpdateCartLine takes it).
Status CheckLineQuantity(std::int64_t quantity, CartLimits const& limits, bool zero_removes);

// The variant of `product` with `sku`, or nullptr.
v1::Variant const* VariantWithSku(v1::Product const& product, std::string const& sku);

// Why `sku` cannot be bought in `currency_code` now: no product has it (`product` nullptr), its
// product is not ACTIVE, or its price is in another currency; UNSPECIFIED when it can.
v1::CartLineProblem ProblemOf(v1::Product const* product, std::string const& sku, std::string const& currency_code);

// The error AddCartLine answers for a SKU with `problem`: NOT_FOUND for an unknown SKU,
// FAILED_PRECONDITION PRODUCT_NOT_FOR_SALE or CURRENCY_MISMATCH.
Error RefusedSku(std::string const& sku, v1::CartLineProblem problem, std::string const& currency_code);

// Fills every line from the product that has its SKU (`product_by_sku`): ids, display name, unit
// price and line total, or its problem (prices unset); the subtotal sums the priced lines.
void PriceCart(v1::Cart& cart, std::unordered_map<std::string, v1::Product> const& product_by_sku);

// What a store keeps of a cart: everything but what PriceCart fills in.
v1::Cart StoredForm(v1::Cart const& cart);

}  // namespace mercato::domain
