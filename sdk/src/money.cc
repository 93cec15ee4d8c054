// Minor units from ICU (ucurr_getDefaultFractionDigits), the maintained copy of ISO 4217's table.
#include "mercato/money.h"

#include <cstdint>
#include <cstddef>

#include <unicode/ucurr.h>

namespace mercato {

int CurrencyDigits(std::string_view currency_code) {
  if (currency_code.size() != 3) return 2;
  UChar code[4] = {static_cast<UChar>(currency_code[0]), static_cast<UChar>(currency_code[1]),
                   static_cast<UChar>(currency_code[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  int32_t const digits = ucurr_getDefaultFractionDigits(code, &status);
  return U_SUCCESS(status) && digits >= 0 ? digits : 2;
}

std::string DecimalAmount(v1::Money const& money) {
  auto const digits = static_cast<std::size_t>(CurrencyDigits(money.currency_code()));
  std::int64_t const amount = money.amount_minor();
  // The magnitude as an unsigned value, so that INT64_MIN has one too.
  std::uint64_t const magnitude = amount < 0 ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::string const whole = std::to_string(magnitude);
  std::string const padded = whole.size() > digits ? whole : std::string(digits + 1 - whole.size(), '0') + whole;
  std::string const sign = amount < 0 ? "-" : "";
  if (digits == 0) return sign + padded;
  std::size_t const point = padded.size() - digits;
  return sign + padded.substr(0, point) + "." + padded.substr(point);
}

}  // namespace mercato
