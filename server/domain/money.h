// The rule every amount of money follows, in every service: integer minor units within
// ±kMaxAmountMinor, in an ISO 4217 currency.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mercato/v1/common.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

// 10^12 - 1 minor units (just under 10 billion GBP). JavaScript numbers hold integers exactly up
// to 2^53 - 1 (Number.MAX_SAFE_INTEGER, about 9.007 * 10^15), so every amount, and the sum of
// up to 9,000 of them (an order's lines, a day's sales), stays exact in C++, Python and Node.
constexpr std::int64_t kMaxAmountMinor = 999'999'999'999;

// Whether `code` is an ISO 4217 alphabetic currency code (from Debian's iso-codes at build time;
// precious metals, bond units and the test/no-currency codes are not money a shop takes).
bool IsCurrencyCode(std::string_view code);

// INVALID_ARGUMENT naming `field` when |amount_minor| > kMaxAmountMinor.
Status CheckAmount(std::string const& field, std::int64_t amount_minor);

// CheckAmount on `field`.amount_minor and IsCurrencyCode on `field`.currency_code.
Status CheckMoney(std::string const& field, v1::Money const& money);

}  // namespace mercato::domain
