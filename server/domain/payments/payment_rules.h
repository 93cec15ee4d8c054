// Pure payment rules: what a payment method may carry, the amounts a capture, refund or void may
// move, the payment a successful transaction leaves, and the idempotency key of a provider call.
// Refusals are FAILED_PRECONDITION with the reasons the contract's callers switch on:
//   INVALID_TRANSITION         the payment's status does not allow the operation (capture after void)
//   CURRENCY_MISMATCH          the amount is not in the payment's currency (one currency per payment)
//   AMOUNT_EXCEEDS_AUTHORIZED  a capture above what is left of the authorization
//   AMOUNT_EXCEEDS_CAPTURED    a refund above what is captured and not yet refunded
#pragma once

#include <string>
#include <string_view>

#include "mercato/v1/payments.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

// The key a provider call carries: "<payment id>:<operation>:<request id>", so that a retry of the
// same request, by the SDK or by the reconciler, reuses it and never moves money twice. At most
// 26 + 10 + 128 bytes, inside Stripe's 255.
std::string ProviderIdempotencyKey(std::string_view payment_id, std::string_view operation,
                                   std::string_view request_id);

// INVALID_ARGUMENT naming `field` unless `token` is 1 to 255 letters, digits, '_' and '-'. A token
// holding a run of 12 or more digits is refused as a card number: card data never enters Mercato.
Status CheckProviderToken(std::string const& field, std::string const& token);

// INVALID_ARGUMENT unless `method` names a provider and a token CheckProviderToken takes.
// Output-only display fields are ignored (the provider fills them).
Status CheckPaymentMethod(std::string const& field, v1::PaymentMethod const& method);

// INVALID_ARGUMENT unless `amount` is positive, within the money bounds, in an ISO 4217 currency.
Status CheckPositiveMoney(std::string const& field, v1::Money const& amount);

// What a capture takes: `requested` when set (it must fit what is left of the authorization), else
// all that is left. The payment must be AUTHORIZED or PARTIALLY_CAPTURED.
Result<v1::Money> CaptureAmount(v1::Payment const& payment, v1::Money const* requested);

// A refund of `amount`: the payment must have captured money, and `amount` fit what is captured
// and not yet refunded.
Status CheckRefund(v1::Payment const& payment, v1::Money const& amount);

// A void: an authorization nothing was captured from, or the uncaptured rest after a partial
// capture that was not final (the payment then stays CAPTURED at what was captured).
Status CheckVoid(v1::Payment const& payment);

// The payment after a successful `kind` of `amount` (for a void: what it released, unused).
// A final or full capture makes it CAPTURED (the rest of the authorization is released).
v1::Payment Applied(v1::Payment payment, v1::TransactionKind kind, v1::Money const& amount, bool final_capture);

}  // namespace mercato::domain
