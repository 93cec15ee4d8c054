#include "server/domain/payments/payment_rules.h"

#include <algorithm>
#include <cctype>

#include "server/domain/money.h"

namespace mercato::domain {
namespace {

constexpr std::size_t kMaxTokenBytes = 255;
// ISO/IEC 7812 card numbers have 12 to 19 digits.
constexpr int kCardNumberDigits = 12;

Error Refused(std::string reason, std::string message, std::map<std::string, std::string> metadata = {}) {
  return {ErrorKind::kFailedPrecondition, std::move(reason), std::move(message), std::move(metadata)};
}

Error InvalidTransition(v1::Payment const& payment, std::string_view operation) {
  return Refused("INVALID_TRANSITION",
                 "payment '" + payment.id() + "' is " + v1::PaymentStatus_Name(payment.status()) + ": it cannot " +
                     std::string(operation),
                 {{"from", v1::PaymentStatus_Name(payment.status())}, {"operation", std::string(operation)}});
}

Status CheckCurrency(v1::Payment const& payment, v1::Money const& amount) {
  if (amount.currency_code() == payment.amount().currency_code()) return Ok();
  return Refused("CURRENCY_MISMATCH",
                 "payment '" + payment.id() + "' is in " + payment.amount().currency_code() + ", not " +
                     Echo(amount.currency_code()) + ": a payment has one currency",
                 {{"currency_code", payment.amount().currency_code()}});
}

v1::Money Minor(std::string const& currency, std::int64_t amount_minor) {
  v1::Money money;
  money.set_currency_code(currency);
  money.set_amount_minor(amount_minor);
  return money;
}

// 12 or more digits whose groups are apart by at most one other character ("4242-4242-4242-4242",
// "4242x4242x4242x4242"): a card number written with separators. Provider ids mix digits into
// longer runs of letters.
bool HasCardNumber(std::string_view token) {
  int digits = 0;
  int apart = 0;  // characters since the chain's last digit
  for (char c : token) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits = apart > 1 ? 1 : digits + 1;
      apart = 0;
      if (digits >= kCardNumberDigits) return true;
    } else {
      ++apart;
    }
  }
  return false;
}

}  // namespace

std::string ProviderIdempotencyKey(std::string_view payment_id, std::string_view operation,
                                   std::string_view request_id) {
  return std::string(payment_id) + ":" + std::string(operation) + ":" + std::string(request_id);
}

Status CheckProviderToken(std::string const& field, std::string const& token) {
  if (token.empty()) {
    return InvalidArgument(field, field + " is required: the token the provider's own SDK gave the shopper");
  }
  if (HasCardNumber(token)) {
    return InvalidArgument(field, field + " looks like a card number; Mercato never takes card data: send the "
                                          "provider's token for the card instead");
  }
  bool const plain = token.size() <= kMaxTokenBytes && std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!plain) return InvalidArgument(field, field + " must be at most 255 letters, digits, '_' or '-'");
  return Ok();
}

Status CheckPaymentMethod(std::string const& field, v1::PaymentMethod const& method) {
  if (method.provider().empty()) return InvalidArgument(field + ".provider", field + ".provider is required, e.g. \"test\"");
  return CheckProviderToken(field + ".provider_token", method.provider_token());
}

Status CheckPositiveMoney(std::string const& field, v1::Money const& amount) {
  if (auto valid = CheckMoney(field, amount); !valid) return valid;
  if (amount.amount_minor() <= 0) {
    return InvalidArgument(field + ".amount_minor", field + ".amount_minor must be greater than 0 (minor units)");
  }
  return Ok();
}

Result<v1::Money> CaptureAmount(v1::Payment const& payment, v1::Money const* requested) {
  if (payment.status() != v1::PAYMENT_STATUS_AUTHORIZED && payment.status() != v1::PAYMENT_STATUS_PARTIALLY_CAPTURED) {
    return InvalidTransition(payment, "capture");
  }
  auto const left = payment.amount().amount_minor() - payment.captured_amount().amount_minor();
  if (requested == nullptr) return Minor(payment.amount().currency_code(), left);
  if (auto valid = CheckPositiveMoney("amount", *requested); !valid) return valid.error();
  if (auto same = CheckCurrency(payment, *requested); !same) return same.error();
  if (requested->amount_minor() > left) {
    return Refused("AMOUNT_EXCEEDS_AUTHORIZED",
                   "payment '" + payment.id() + "' has " + std::to_string(left) + " minor units left to capture, not " +
                       std::to_string(requested->amount_minor()),
                   {{"capturable_minor", std::to_string(left)}});
  }
  return *requested;
}

Status CheckRefund(v1::Payment const& payment, v1::Money const& amount) {
  auto const status = payment.status();
  if (status != v1::PAYMENT_STATUS_PARTIALLY_CAPTURED && status != v1::PAYMENT_STATUS_CAPTURED &&
      status != v1::PAYMENT_STATUS_PARTIALLY_REFUNDED) {
    return InvalidTransition(payment, "refund");
  }
  if (auto valid = CheckPositiveMoney("amount", amount); !valid) return valid;
  if (auto same = CheckCurrency(payment, amount); !same) return same;
  auto const left = payment.captured_amount().amount_minor() - payment.refunded_amount().amount_minor();
  if (amount.amount_minor() > left) {
    return Refused("AMOUNT_EXCEEDS_CAPTURED",
                   "payment '" + payment.id() + "' has " + std::to_string(left) + " minor units left to refund, not " +
                       std::to_string(amount.amount_minor()),
                   {{"refundable_minor", std::to_string(left)}});
  }
  return Ok();
}

Status CheckVoid(v1::Payment const& payment) {
  // After a partial capture that was not final, the uncaptured rest is still held: a void releases it.
  if (payment.status() != v1::PAYMENT_STATUS_AUTHORIZED && payment.status() != v1::PAYMENT_STATUS_PARTIALLY_CAPTURED) {
    return InvalidTransition(payment, "void");
  }
  return Ok();
}

v1::Payment Applied(v1::Payment payment, v1::TransactionKind kind, v1::Money const& amount, bool final_capture) {
  auto const& currency = payment.amount().currency_code();
  switch (kind) {
    case v1::TRANSACTION_KIND_AUTHORIZE:
      payment.set_status(v1::PAYMENT_STATUS_AUTHORIZED);
      *payment.mutable_captured_amount() = Minor(currency, 0);
      *payment.mutable_refunded_amount() = Minor(currency, 0);
      break;
    case v1::TRANSACTION_KIND_CAPTURE: {
      auto const captured = payment.captured_amount().amount_minor() + amount.amount_minor();
      *payment.mutable_captured_amount() = Minor(currency, captured);
      bool const whole = final_capture || captured == payment.amount().amount_minor();
      payment.set_status(whole ? v1::PAYMENT_STATUS_CAPTURED : v1::PAYMENT_STATUS_PARTIALLY_CAPTURED);
      break;
    }
    case v1::TRANSACTION_KIND_REFUND: {
      auto const refunded = payment.refunded_amount().amount_minor() + amount.amount_minor();
      *payment.mutable_refunded_amount() = Minor(currency, refunded);
      bool const whole = refunded == payment.captured_amount().amount_minor();
      payment.set_status(whole ? v1::PAYMENT_STATUS_REFUNDED : v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
      break;
    }
    case v1::TRANSACTION_KIND_VOID:
      // What was captured stays captured; only an authorization nothing was taken from is void.
      payment.set_status(payment.captured_amount().amount_minor() > 0 ? v1::PAYMENT_STATUS_CAPTURED
                                                                       : v1::PAYMENT_STATUS_VOIDED);
      break;
    default:
      break;
  }
  return payment;
}

}  // namespace mercato::domain
