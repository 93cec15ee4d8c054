// DecimalAmount: minor units shown with their currency's digits (ICU's ISO 4217 data).
#include "mercato/money.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace mercato {
namespace {

v1::Money Make(std::int64_t amount_minor, std::string currency) {
  v1::Money money;
  money.set_amount_minor(amount_minor);
  money.set_currency_code(std::move(currency));
  return money;
}

TEST(MoneyTest, DigitsFollowIso4217) {
  EXPECT_EQ(CurrencyDigits("GBP"), 2);
  EXPECT_EQ(CurrencyDigits("JPY"), 0);
  EXPECT_EQ(CurrencyDigits("BHD"), 3);
  EXPECT_EQ(CurrencyDigits("bogus"), 2);
}

TEST(MoneyTest, DecimalAmountPadsAndSigns) {
  EXPECT_EQ(DecimalAmount(Make(1999, "GBP")), "19.99");
  EXPECT_EQ(DecimalAmount(Make(5, "GBP")), "0.05");
  EXPECT_EQ(DecimalAmount(Make(-5, "EUR")), "-0.05");
  EXPECT_EQ(DecimalAmount(Make(0, "GBP")), "0.00");
  EXPECT_EQ(DecimalAmount(Make(1999, "JPY")), "1999");
  EXPECT_EQ(DecimalAmount(Make(1, "BHD")), "0.001");
  EXPECT_EQ(DecimalAmount(Make(std::numeric_limits<std::int64_t>::min(), "GBP")), "-92233720368547758.08");
}

}  // namespace
}  // namespace mercato
