#include "server/domain/orders/cart_rules.h"

namespace mercato::domain {

Status CheckLineQuantity(std::int64_t quantity, CartLimits const& limits, bool zero_removes) {
  std::int64_t const least = zero_removes ? 0 : 1;
  if (quantity >= least && quantity <= limits.max_quantity) return Ok();
  return InvalidArgument("quantity", "quantity must be between " + std::to_string(least) + " and " +
                                         std::to_string(limits.max_quantity) + " units" +
                                         (zero_removes ? " (0 removes the line)" : ""));
}

v1::Variant const* VariantWithSku(v1::Product const& product, std::string const& sku) {
  for (auto const& variant : product.variants()) {
    if (variant.sku() == sku) return &variant;
  }
  return nullptr;
}

v1::CartLineProblem ProblemOf(v1::Product const* product, std::string const& sku, std::string const& currency_code) {
  auto const* variant = product ? VariantWithSku(*product, sku) : nullptr;
  if (variant == nullptr) return v1::CART_LINE_PROBLEM_SKU_NOT_FOUND;
  if (product->status() != v1::PRODUCT_STATUS_ACTIVE) return v1::CART_LINE_PROBLEM_NOT_FOR_SALE;
  if (variant->price().currency_code() != currency_code) return v1::CART_LINE_PROBLEM_CURRENCY_MISMATCH;
  return v1::CART_LINE_PROBLEM_UNSPECIFIED;
}

Error RefusedSku(std::string const& sku, v1::CartLineProblem problem, std::string const& currency_code) {
  switch (problem) {
    case v1::CART_LINE_PROBLEM_NOT_FOR_SALE:
      return {ErrorKind::kFailedPrecondition, "PRODUCT_NOT_FOR_SALE",
              "SKU '" + Echo(sku) + "' is not for sale now (its product is not ACTIVE)", {{"sku", Echo(sku)}}};
    case v1::CART_LINE_PROBLEM_CURRENCY_MISMATCH:
      return {ErrorKind::kFailedPrecondition, "CURRENCY_MISMATCH",
              "SKU '" + Echo(sku) + "' is not priced in " + currency_code + ", the cart's currency; use a cart in the "
              "SKU's currency",
              {{"sku", Echo(sku)}}};
    default:
      return NotFound("SKU", sku);
  }
}

void PriceCart(v1::Cart& cart, std::unordered_map<std::string, v1::Product> const& product_by_sku) {
  std::int64_t subtotal = 0;
  for (auto& line : *cart.mutable_lines()) {
    auto const found = product_by_sku.find(line.sku());
    auto const* product = found == product_by_sku.end() ? nullptr : &found->second;
    auto const problem = ProblemOf(product, line.sku(), cart.currency_code());
    line.set_problem(problem);
    line.clear_unit_price();
    line.clear_line_total();
    if (problem == v1::CART_LINE_PROBLEM_SKU_NOT_FOUND) continue;
    auto const& variant = *VariantWithSku(*product, line.sku());
    line.set_product_id(product->id());
    line.set_variant_id(variant.id());
    line.set_name(variant.name().empty() ? product->name() : product->name() + ", " + variant.name());
    if (problem != v1::CART_LINE_PROBLEM_UNSPECIFIED) continue;
    *line.mutable_unit_price() = variant.price();
    line.mutable_line_total()->set_currency_code(cart.currency_code());
    line.mutable_line_total()->set_amount_minor(variant.price().amount_minor() * line.quantity());
    subtotal += line.line_total().amount_minor();
  }
  cart.mutable_subtotal()->set_currency_code(cart.currency_code());
  cart.mutable_subtotal()->set_amount_minor(subtotal);
}

v1::Cart StoredForm(v1::Cart const& cart) {
  v1::Cart stored = cart;
  stored.clear_subtotal();
  for (auto& line : *stored.mutable_lines()) {
    v1::CartLine kept;
    kept.set_sku(line.sku());
    kept.set_quantity(line.quantity());
    line = std::move(kept);
  }
  return stored;
}

}  // namespace mercato::domain
