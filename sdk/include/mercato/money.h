// Money for people: the decimal amount of a Money's integer minor units, by its currency's minor
// unit as ICU's currency data gives it (ISO 4217: 2 digits for GBP and EUR, 0 for JPY, 3 for BHD).
#pragma once

#include <string>
#include <string_view>

#include "mercato/v1/common.pb.h"

namespace mercato {

// Digits after the decimal point of `currency_code` (ISO 4217 alphabetic); 2 when ICU does not
// know the code.
int CurrencyDigits(std::string_view currency_code);

// The amount as a decimal string with exactly CurrencyDigits digits after the point: 1999 GBP ->
// "19.99", -5 GBP -> "-0.05", 1999 JPY -> "1999".
std::string DecimalAmount(v1::Money const& money);

}  // namespace mercato
