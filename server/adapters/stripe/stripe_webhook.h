// Reads a Stripe webhook delivery (https://docs.stripe.com/webhooks#verify-manually): the
// Stripe-Signature header "t=<unix seconds>,v1=<hex>[,v1=...]" must hold, in some v1 entry, the
// HMAC-SHA256 of "<t>.<payload>" keyed with the endpoint's signing secret (whsec_...), and t must be
// within the tolerance of now (a replayed old delivery is refused).
//
// Events Mercato acts on, matched to its calls by metadata[mercato_payment_id] (set on every
// PaymentIntent and refund Mercato creates; refunds also carry mercato_transaction_id) and, for
// captures, the intent's amount_received:
//   payment_intent.amount_capturable_updated   authorize succeeded
//   payment_intent.payment_failed              authorize declined (last_payment_error's code)
//   payment_intent.succeeded                   capture succeeded
//   payment_intent.canceled                    void succeeded
//   refund.created, refund.updated             refund succeeded (succeeded, pending) or declined
//                                              (failed, canceled: failure_reason)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/domain/error.h"
#include "server/domain/payments/payment_provider.h"

namespace mercato::adapters {

struct StripeWebhookSettings {
  std::string signing_secret;                // whsec_...
  std::chrono::seconds tolerance{300};       // Stripe's libraries' default
};

// UNAUTHENTICATED SIGNATURE_INVALID when the signature is missing, wrong or outside the tolerance;
// INVALID_ARGUMENT when the payload is not an event; nullopt for an event Mercato does not act on.
domain::Result<std::optional<domain::ProviderEvent>> ReadStripeWebhook(std::string_view payload,
                                                                       std::string_view signature_header,
                                                                       StripeWebhookSettings const& settings,
                                                                       std::int64_t now_unix_seconds);

// The Stripe-Signature header Stripe would send for `payload` at `unix_seconds` (tests, drills).
std::string SignStripeWebhook(std::string_view payload, std::string const& signing_secret, std::int64_t unix_seconds);

}  // namespace mercato::adapters
