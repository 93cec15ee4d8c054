// The payment provider "stripe": PaymentIntents with manual capture over Stripe's REST API
// (libcurl, nlohmann_json). provider_token is a PaymentMethod id from Stripe's own client SDK
// (pm_..., e.g. Stripe's test method pm_card_visa). Every call sends Mercato's idempotency key as
// Stripe's Idempotency-Key header, so asking again after an unknown outcome returns Stripe's first
// answer and moves no money twice (Stripe keeps keys for at least 24 hours). Intents and refunds
// carry metadata[mercato_payment_id], which Stripe's webhooks hand back (stripe_webhook.h).
//
// Outcomes (https://docs.stripe.com/api/errors):
//   2xx                       authorize: requires_capture is authorized, requires_action declined
//                             "authentication_required" (no customer is present to complete it),
//                             processing unknown; capture, cancel: done; refund: succeeded or
//                             pending is done, failed or canceled declined
//   402, other 4xx            declined with Stripe's decline_code or code (nothing moved)
//   401, 403, 409, 429, 5xx,  unknown: nothing known to have moved, and the same key asked again
//   timeout, no connection    later settles it (a wrong secret key waits until it is fixed)
//
// A partial capture that is not final sends final_capture=false, which needs Stripe's
// multicapture; without it Stripe refuses and the payment stays as it was.
#pragma once

#include <chrono>
#include <string>

#include "server/domain/payments/payment_provider.h"

namespace mercato::adapters {

class StripePaymentProvider final : public domain::PaymentProvider {
 public:
  struct Settings {
    std::string api_base = "https://api.stripe.com";  // stripe-mock's address in tests
    std::string secret_key;                            // sk_live_... or sk_test_...
    std::chrono::milliseconds deadline{10000};         // per call, connection included
  };

  explicit StripePaymentProvider(Settings settings);

  std::string_view name() const override { return "stripe"; }
  // Stripe keeps an idempotency key at least 24 hours; one hour less leaves room for clocks and
  // for a call in flight at the edge.
  std::optional<std::chrono::microseconds> idempotency_window() const override { return std::chrono::hours(23); }
  domain::ProviderResult Authorize(domain::AuthorizeCall const& call) override;
  domain::ProviderResult Capture(domain::CaptureCall const& call) override;
  domain::ProviderResult Refund(domain::RefundCall const& call) override;
  domain::ProviderResult Void(domain::VoidCall const& call) override;

 private:
  Settings settings_;
};

}  // namespace mercato::adapters
