#include "server/domain/money.h"

#include <algorithm>

namespace mercato::domain {
namespace {

constexpr std::string_view kCurrencyCodes[] = {
#include "iso_4217_codes.inc"
};

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  return std::binary_search(std::begin(kCurrencyCodes), std::end(kCurrencyCodes), code);
}

Status CheckAmount(std::string const& field, std::int64_t amount_minor) {
  if (amount_minor > kMaxAmountMinor || amount_minor < -kMaxAmountMinor) {
    return InvalidArgument(field, field + " is " + std::to_string(amount_minor) +
                                      "; amounts are at most 999999999999 minor units either way");
  }
  return Ok();
}

Status CheckMoney(std::string const& field, v1::Money const& money) {
  if (!IsCurrencyCode(money.currency_code())) {
    return InvalidArgument(field + ".currency_code", field + ".currency_code must be an ISO 4217 code such as "
                                                             "\"GBP\" or \"EUR\", got \"" +
                                                                 Echo(money.currency_code()) + "\"");
  }
  return CheckAmount(field + ".amount_minor", money.amount_minor());
}

}  // namespace mercato::domain
