// A cart's pure rules: quantities, and pricing from products (problems for lines that cannot be
// bought, kept out of the subtotal), and the form a store keeps.
#include "server/domain/orders/cart_rules.h"

#include <gtest/gtest.h>

namespace mercato::domain {
namespace {

v1::Product Product(std::string const& id, std::string const& sku, std::int64_t minor, std::string const& currency,
                    v1::ProductStatus status = v1::PRODUCT_STATUS_ACTIVE) {
  v1::Product product;
  product.set_id(id);
  product.set_name("Whole milk");
  product.set_status(status);
  auto& variant = *product.add_variants();
  variant.set_id(id + "-v");
  variant.set_sku(sku);
  variant.set_name("2 l");
  variant.mutable_price()->set_amount_minor(minor);
  variant.mutable_price()->set_currency_code(currency);
  return product;
}

v1::Cart CartOf(std::vector<std::pair<std::string, std::int64_t>> const& lines) {
  v1::Cart cart;
  cart.set_id("cart-1");
  cart.set_currency_code("GBP");
  for (auto const& [sku, quantity] : lines) {
    auto& line = *cart.add_lines();
    line.set_sku(sku);
    line.set_quantity(quantity);
  }
  return cart;
}

TEST(CartRules, QuantitiesStayWithinTheLimits) {
  CartLimits const limits;
  EXPECT_TRUE(CheckLineQuantity(1, limits, false));
  EXPECT_TRUE(CheckLineQuantity(999, limits, false));
  EXPECT_FALSE(CheckLineQuantity(0, limits, false));
  EXPECT_TRUE(CheckLineQuantity(0, limits, true)) << "UpdateCartLine's 0 removes the line";
  EXPECT_FALSE(CheckLineQuantity(1000, limits, true));
  EXPECT_FALSE(CheckLineQuantity(-1, limits, true));
  EXPECT_EQ(CheckLineQuantity(1000, limits, false).error().metadata.at("field"), "quantity");
}

TEST(CartRules, PricingFlagsWhatCannotBeBoughtAndLeavesItOutOfTheSubtotal) {
  std::unordered_map<std::string, v1::Product> const products = {
      {"MILK", Product("p1", "MILK", 129, "GBP")},
      {"DRAFT", Product("p2", "DRAFT", 500, "GBP", v1::PRODUCT_STATUS_DRAFT)},
      {"EURO", Product("p3", "EURO", 119, "EUR")}};
  auto cart = CartOf({{"MILK", 3}, {"DRAFT", 1}, {"EURO", 2}, {"GONE", 4}});
  PriceCart(cart, products);
  ASSERT_EQ(cart.lines_size(), 4);
  EXPECT_EQ(cart.lines(0).problem(), v1::CART_LINE_PROBLEM_UNSPECIFIED);
  EXPECT_EQ(cart.lines(0).name(), "Whole milk, 2 l");
  EXPECT_EQ(cart.lines(0).variant_id(), "p1-v");
  EXPECT_EQ(cart.lines(0).unit_price().amount_minor(), 129);
  EXPECT_EQ(cart.lines(0).line_total().amount_minor(), 387);
  EXPECT_EQ(cart.lines(1).problem(), v1::CART_LINE_PROBLEM_NOT_FOR_SALE);
  EXPECT_EQ(cart.lines(1).product_id(), "p2") << "still named, for the shopper to see";
  EXPECT_FALSE(cart.lines(1).has_unit_price());
  EXPECT_EQ(cart.lines(2).problem(), v1::CART_LINE_PROBLEM_CURRENCY_MISMATCH);
  EXPECT_EQ(cart.lines(3).problem(), v1::CART_LINE_PROBLEM_SKU_NOT_FOUND);
  EXPECT_EQ(cart.lines(3).quantity(), 4) << "kept as it was";
  EXPECT_EQ(cart.subtotal().amount_minor(), 387);
  EXPECT_EQ(cart.subtotal().currency_code(), "GBP");

  auto const stored = StoredForm(cart);
  EXPECT_FALSE(stored.has_subtotal());
  EXPECT_EQ(stored.lines(0).sku(), "MILK");
  EXPECT_EQ(stored.lines(0).quantity(), 3);
  EXPECT_FALSE(stored.lines(0).has_line_total());
  EXPECT_TRUE(stored.lines(0).name().empty());
  EXPECT_EQ(stored.lines(1).problem(), v1::CART_LINE_PROBLEM_UNSPECIFIED);
}

TEST(CartRules, ARefusedSkuSaysWhy) {
  EXPECT_EQ(RefusedSku("X", v1::CART_LINE_PROBLEM_SKU_NOT_FOUND, "GBP").kind, ErrorKind::kNotFound);
  EXPECT_EQ(RefusedSku("X", v1::CART_LINE_PROBLEM_NOT_FOR_SALE, "GBP").reason, "PRODUCT_NOT_FOR_SALE");
  auto const currency = RefusedSku("X", v1::CART_LINE_PROBLEM_CURRENCY_MISMATCH, "GBP");
  EXPECT_EQ(currency.reason, "CURRENCY_MISMATCH");
  EXPECT_NE(currency.message.find("GBP"), std::string::npos);
}

}  // namespace
}  // namespace mercato::domain
