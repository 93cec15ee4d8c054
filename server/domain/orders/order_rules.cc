#include "server/domain/orders/order_rules.h"

#include <absl/time/time.h>

#include <cstdio>
#include <map>

#include "server/domain/field_text.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

v1::Money Amount(std::int64_t minor, std::string const& currency_code) {
  v1::Money money;
  money.set_amount_minor(minor);
  money.set_currency_code(currency_code);
  return money;
}

}  // namespace

std::string OrderNumber(std::int64_t placed_at_us, std::int64_t sequence) {
  auto const year = absl::ToCivilYear(absl::FromUnixMicros(placed_at_us), absl::UTCTimeZone()).year();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "M-%04lld-%06lld", static_cast<long long>(year),
                static_cast<long long>(sequence));
  return buffer;
}

Status CheckPlaceOrder(v1::PlaceOrderRequest const& request) {
  if (request.request_id().empty()) {
    return InvalidArgument("request_id",
                           "request_id is required: it is what makes a retried checkout return the same order "
                           "instead of charging twice; send a new one per checkout");
  }
  if (auto valid = CheckReference("cart_id", request.cart_id()); !valid) return valid;
  if (request.expected_cart_version() < 1) {
    return InvalidArgument("expected_cart_version",
                           "expected_cart_version is required: the version of the cart the customer reviewed");
  }
  switch (request.shipping_address_case()) {
    case v1::PlaceOrderRequest::kAddressId:
      if (auto valid = CheckReference("address_id", request.address_id()); !valid) return valid;
      break;
    case v1::PlaceOrderRequest::kAddress: break;
    default:
      return InvalidArgument("shipping_address", "give a shipping address: a saved address_id or an address");
  }
  if (auto valid = CheckReference("delivery_slot_id", request.delivery_slot_id()); !valid) return valid;
  if (request.has_expected_total()) {
    if (auto valid = CheckMoney("expected_total", request.expected_total()); !valid) return valid;
    if (request.expected_total().amount_minor() < 0) {
      return InvalidArgument("expected_total.amount_minor",
                             "expected_total.amount_minor must be 0 or more: the total the customer reviewed, in minor "
                             "units");
    }
  }
  if (request.payment_provider().empty()) {
    return InvalidArgument("payment_provider", "payment_provider is required: the provider this shop takes "
                                               "payments through, e.g. \"stripe\" (\"test\" in development)");
  }
  if (request.payment_method_token().empty()) {
    return InvalidArgument("payment_method_token",
                           "payment_method_token is required: the provider's token for the customer's payment method");
  }
  return Ok();
}

Status CheckCartForCheckout(v1::Cart const& cart) {
  if (cart.lines().empty()) {
    return Error{ErrorKind::kFailedPrecondition, "CART_EMPTY", "cart '" + cart.id() + "' is empty; add lines first", {}};
  }
  std::map<std::string, std::string> problems;
  for (auto const& line : cart.lines()) {
    if (line.problem() != v1::CART_LINE_PROBLEM_UNSPECIFIED) {
      problems[line.sku()] = v1::CartLineProblem_Name(line.problem());
    }
  }
  if (problems.empty()) return Ok();
  std::string skus;
  for (auto const& [sku, problem] : problems) skus += (skus.empty() ? "" : ", ") + sku;
  return Error{ErrorKind::kFailedPrecondition, "CART_HAS_PROBLEMS",
               "cart '" + cart.id() + "' has lines that cannot be bought now (" + skus +
                   "); remove them or wait until the catalog offers them again",
               std::move(problems)};
}

Status CheckZoneTakesCart(v1::Zone const& zone, v1::Cart const& cart) {
  auto const& fee = zone.delivery_fee();
  if (!fee.currency_code().empty() && fee.currency_code() != cart.currency_code()) {
    return Error{ErrorKind::kFailedPrecondition, "CURRENCY_MISMATCH",
                 "zone '" + zone.id() + "' charges in " + fee.currency_code() + " and the cart is in " +
                     cart.currency_code() + "; use a cart in " + fee.currency_code(),
                 {{"zone_id", zone.id()}, {"currency_code", fee.currency_code()}}};
  }
  auto const minimum = zone.min_order().amount_minor();
  if (cart.subtotal().amount_minor() < minimum) {
    return Error{ErrorKind::kFailedPrecondition, "BELOW_MINIMUM_ORDER",
                 "zone '" + zone.id() + "' delivers orders of at least " + std::to_string(minimum) +
                     " minor units (" + cart.currency_code() + "); the cart comes to " +
                     std::to_string(cart.subtotal().amount_minor()) + ": add more",
                 {{"min_order_minor", std::to_string(minimum)},
                  {"subtotal_minor", std::to_string(cart.subtotal().amount_minor())}}};
  }
  return Ok();
}

v1::Order DraftOrder(v1::Cart const& cart, v1::Zone const& zone, v1::Address const& address,
                     std::string const& delivery_slot_id) {
  v1::Order order;
  order.set_user_id(cart.user_id());
  for (auto const& line : cart.lines()) {
    auto* item = order.add_items();
    item->set_sku(line.sku());
    item->set_product_id(line.product_id());
    item->set_variant_id(line.variant_id());
    item->set_name(line.name());
    item->set_quantity(line.quantity());
    *item->mutable_unit_price() = line.unit_price();
    *item->mutable_line_total() = line.line_total();
  }
  auto const& currency = cart.currency_code();
  auto const subtotal = cart.subtotal().amount_minor();
  auto const fee = zone.delivery_fee().amount_minor();
  *order.mutable_subtotal() = Amount(subtotal, currency);
  *order.mutable_delivery_fee() = Amount(fee, currency);
  *order.mutable_discount() = Amount(0, currency);
  *order.mutable_total() = Amount(subtotal + fee, currency);
  *order.mutable_shipping_address() = address;
  order.set_delivery_slot_id(delivery_slot_id);
  return order;
}

Error SlotNotInZone(v1::Slot const& slot, v1::Zone const& zone) {
  return {ErrorKind::kFailedPrecondition,
          "SLOT_NOT_IN_ZONE",
          "slot '" + slot.id() + "' belongs to zone '" + slot.zone_id() + "', but the address is served by zone '" +
              zone.id() + "'; pick one of its slots (ListSlots with the address)",
          {{"zone_id", zone.id()}}};
}

Error PaymentDeclined(v1::Payment const& payment) {
  return {ErrorKind::kFailedPrecondition,
          "PAYMENT_DECLINED",
          "the payment provider declined the payment (" + payment.failure_reason() +
              "); nothing was charged or kept: use another payment method and a new request_id",
          {{"payment_id", payment.id()}, {"failure_reason", payment.failure_reason()}}};
}

Status CheckExpectedTotal(v1::PlaceOrderRequest const& request, v1::Order const& draft) {
  if (!request.has_expected_total()) return Ok();
  auto const& expected = request.expected_total();
  auto const& total = draft.total();
  if (expected.currency_code() != total.currency_code()) {
    return Error{ErrorKind::kFailedPrecondition, "CURRENCY_MISMATCH",
                 "the order is in " + total.currency_code() + " and expected_total in " +
                     Echo(expected.currency_code()) + "; send the total the customer reviewed, in " +
                     total.currency_code(),
                 {{"currency_code", total.currency_code()}}};
  }
  if (expected.amount_minor() == total.amount_minor()) return Ok();
  return Error{ErrorKind::kAborted,
               "PRICE_CHANGED",
               "the order would cost " + std::to_string(total.amount_minor()) + " " + total.currency_code() +
                   " (minor units), not the " + std::to_string(expected.amount_minor()) + " " +
                   Echo(expected.currency_code()) + " reviewed: prices changed since; re-read the cart, show the "
                   "new total and send it as expected_total",
               {{"total_minor", std::to_string(total.amount_minor())},
                {"expected_total_minor", std::to_string(expected.amount_minor())}}};
}

}  // namespace mercato::domain
