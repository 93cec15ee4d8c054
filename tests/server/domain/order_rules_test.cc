// An order's pure rules: readable numbers, the checks a cart and a zone must pass before checkout
// holds anything, and what a priced cart makes of an order.
#include "server/domain/orders/order_rules.h"

#include <gtest/gtest.h>

namespace mercato::domain {
namespace {

constexpr std::int64_t k2026Jun1Us = 1'780'272'000'000'000;  // 2026-06-01T00:00:00Z

v1::Cart PricedCart(std::int64_t subtotal_minor) {
  v1::Cart cart;
  cart.set_id("cart-1");
  cart.set_user_id("user-1");
  cart.set_currency_code("GBP");
  auto& line = *cart.add_lines();
  line.set_sku("MILK-2L");
  line.set_product_id("p-1");
  line.set_variant_id("v-1");
  line.set_name("Whole milk, 2 l");
  line.set_quantity(2);
  line.mutable_unit_price()->set_amount_minor(subtotal_minor / 2);
  line.mutable_unit_price()->set_currency_code("GBP");
  line.mutable_line_total()->set_amount_minor(subtotal_minor);
  line.mutable_line_total()->set_currency_code("GBP");
  cart.mutable_subtotal()->set_amount_minor(subtotal_minor);
  cart.mutable_subtotal()->set_currency_code("GBP");
  return cart;
}

v1::Zone ZoneWithMinimum(std::int64_t min_order_minor, std::string const& currency = "GBP") {
  v1::Zone zone;
  zone.set_id("zone-1");
  zone.mutable_delivery_fee()->set_amount_minor(399);
  zone.mutable_delivery_fee()->set_currency_code(currency);
  zone.mutable_min_order()->set_amount_minor(min_order_minor);
  zone.mutable_min_order()->set_currency_code(currency);
  return zone;
}

v1::PlaceOrderRequest CompleteRequest() {
  v1::PlaceOrderRequest request;
  request.set_request_id("r-1");
  request.set_cart_id("cart-1");
  request.set_expected_cart_version(3);
  request.set_address_id("address-1");
  request.set_delivery_slot_id("slot-1");
  request.set_payment_provider("test");
  request.set_payment_method_token("tok_visa");
  return request;
}

TEST(OrderRules, NumbersNameTheYearAndNeverRepeat) {
  EXPECT_EQ(OrderNumber(k2026Jun1Us, 123), "M-2026-000123");
  EXPECT_EQ(OrderNumber(k2026Jun1Us, 1'234'567), "M-2026-1234567") << "grows past six digits";
  EXPECT_NE(OrderNumber(k2026Jun1Us, 7), OrderNumber(k2026Jun1Us, 8));
}

TEST(OrderRules, ACheckoutRequestNamesEverythingItNeeds) {
  EXPECT_TRUE(CheckPlaceOrder(CompleteRequest()));
  auto field_of = [](v1::PlaceOrderRequest const& request) {
    auto const checked = CheckPlaceOrder(request);
    return checked ? std::string() : checked.error().metadata.at("field");
  };
  auto request = CompleteRequest();
  request.clear_request_id();
  EXPECT_EQ(field_of(request), "request_id") << "a checkout must be safe to retry";
  request = CompleteRequest();
  request.set_expected_cart_version(0);
  EXPECT_EQ(field_of(request), "expected_cart_version");
  request = CompleteRequest();
  request.clear_shipping_address();
  EXPECT_EQ(field_of(request), "shipping_address");
  request = CompleteRequest();
  request.clear_payment_method_token();
  EXPECT_EQ(field_of(request), "payment_method_token");
  request = CompleteRequest();
  request.set_delivery_slot_id(std::string(200, 'x'));
  EXPECT_EQ(field_of(request), "delivery_slot_id");
  request = CompleteRequest();
  request.mutable_expected_total()->set_amount_minor(1699);
  request.mutable_expected_total()->set_currency_code("pounds");
  EXPECT_EQ(field_of(request), "expected_total.currency_code");
  request.mutable_expected_total()->set_currency_code("GBP");
  request.mutable_expected_total()->set_amount_minor(-5);
  EXPECT_EQ(field_of(request), "expected_total.amount_minor");
}

TEST(OrderRules, AnEmptyCartOrOneWithProblemLinesIsRefused) {
  v1::Cart empty;
  empty.set_id("cart-1");
  EXPECT_EQ(CheckCartForCheckout(empty).error().reason, "CART_EMPTY");
  auto cart = PricedCart(1300);
  EXPECT_TRUE(CheckCartForCheckout(cart));
  auto& gone = *cart.add_lines();
  gone.set_sku("OLD-SKU");
  gone.set_problem(v1::CART_LINE_PROBLEM_SKU_NOT_FOUND);
  auto const refused = CheckCartForCheckout(cart);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "CART_HAS_PROBLEMS");
  EXPECT_EQ(refused.error().metadata.at("OLD-SKU"), "CART_LINE_PROBLEM_SKU_NOT_FOUND");
  EXPECT_EQ(refused.error().metadata.count("MILK-2L"), 0u);
}

TEST(OrderRules, AZoneTakesCartsFromItsMinimumInItsCurrency) {
  EXPECT_TRUE(CheckZoneTakesCart(ZoneWithMinimum(1300), PricedCart(1300))) << "the minimum itself is enough";
  auto const below = CheckZoneTakesCart(ZoneWithMinimum(1301), PricedCart(1300));
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().reason, "BELOW_MINIMUM_ORDER");
  EXPECT_EQ(below.error().metadata.at("min_order_minor"), "1301");
  EXPECT_EQ(below.error().metadata.at("subtotal_minor"), "1300");
  EXPECT_EQ(CheckZoneTakesCart(ZoneWithMinimum(0, "EUR"), PricedCart(1300)).error().reason, "CURRENCY_MISMATCH");
}

TEST(OrderRules, AnOrderIsTheCartPricedNowPlusTheZonesFee) {
  v1::Address address;
  address.set_postcode("SW1A 2AA");
  auto const order = DraftOrder(PricedCart(1300), ZoneWithMinimum(0), address, "slot-1");
  EXPECT_EQ(order.user_id(), "user-1");
  ASSERT_EQ(order.items_size(), 1);
  EXPECT_EQ(order.items(0).sku(), "MILK-2L");
  EXPECT_EQ(order.items(0).name(), "Whole milk, 2 l");
  EXPECT_EQ(order.items(0).unit_price().amount_minor(), 650);
  EXPECT_EQ(order.subtotal().amount_minor(), 1300);
  EXPECT_EQ(order.delivery_fee().amount_minor(), 399);
  EXPECT_EQ(order.discount().amount_minor(), 0);
  EXPECT_EQ(order.total().amount_minor(), 1699);
  EXPECT_EQ(order.total().currency_code(), "GBP");
  EXPECT_FALSE(order.has_tax()) << "prices include tax; the catalog holds no rates to say how much";
  EXPECT_EQ(order.shipping_address().postcode(), "SW1A 2AA");
  EXPECT_EQ(order.delivery_slot_id(), "slot-1");
  EXPECT_EQ(order.status(), v1::ORDER_STATUS_UNSPECIFIED) << "not placed yet";
}

TEST(OrderRules, AnExpectedTotalMustBeWhatTheOrderCostsNow) {
  auto const order = DraftOrder(PricedCart(1300), ZoneWithMinimum(0), {}, "slot-1");  // 1699 GBP
  v1::PlaceOrderRequest request;
  EXPECT_TRUE(CheckExpectedTotal(request, order).ok()) << "optional: unset checks nothing";
  request.mutable_expected_total()->set_amount_minor(1699);
  request.mutable_expected_total()->set_currency_code("GBP");
  EXPECT_TRUE(CheckExpectedTotal(request, order).ok());

  request.mutable_expected_total()->set_amount_minor(1599);  // reviewed before a price rise
  auto const changed = CheckExpectedTotal(request, order);
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().kind, ErrorKind::kAborted);
  EXPECT_EQ(changed.error().reason, "PRICE_CHANGED");
  EXPECT_EQ(changed.error().metadata.at("total_minor"), "1699");
  EXPECT_EQ(changed.error().metadata.at("expected_total_minor"), "1599");
  request.mutable_expected_total()->set_amount_minor(1699);
  request.mutable_expected_total()->set_currency_code("EUR");
  auto const other_money = CheckExpectedTotal(request, order);
  ASSERT_FALSE(other_money.ok()) << "same figure, other money";
  EXPECT_EQ(other_money.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(other_money.error().reason, "CURRENCY_MISMATCH");
  EXPECT_EQ(other_money.error().metadata.at("currency_code"), "GBP");
}

}  // namespace
}  // namespace mercato::domain
