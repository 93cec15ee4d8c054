// The built-in payment provider "test", the embedded default: no network, outcomes chosen by the
// token, named as Stripe names its test tokens, plus three that make the unknown-outcome paths
// testable. Like Stripe, a repeated idempotency key answers the first call's outcome and moves
// no money again; a key reused with other parameters is declined "idempotency_key_reused".
//
//   tok_visa, tok_mastercard, tok_amex       authorized (brand and last four digits filled in)
//   tok_chargeDeclined                       declined "card_declined"
//   tok_chargeDeclinedInsufficientFunds      declined "insufficient_funds"
//   tok_chargeDeclinedExpiredCard            declined "expired_card"
//   tok_mercatoSlow                          authorized, but the first answer comes after the
//                                            deadline: unknown "timeout"
//   tok_mercatoProviderError                 unknown "http 500" the first time, nothing done; the
//                                            same key again authorizes (a passing outage)
//   tok_mercatoLostAnswer                    authorized, first answer lost: unknown "connection reset"
//   tok_mercatoOutage                        unknown "http 503" every time, nothing done (a
//                                            provider that stays down for this card)
//   any other token                          declined "token_not_found"
//
// Captures, refunds and voids follow the authorization's amounts as a processor would (declined
// "amount_too_large", "already_final", "charge_already_captured"; a void after captures that were
// not final releases the uncaptured rest, as Stripe's cancel does). State lives in this process:
// one instance's reconciler finds only its own calls (the embedded default runs one instance).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "server/domain/payments/payment_provider.h"

namespace mercato::adapters {

class TestPaymentProvider final : public domain::PaymentProvider {
 public:
  struct Settings {
    // How long a tok_mercatoSlow answer takes: the adapter deadline a real provider call has.
    std::chrono::milliseconds deadline{10000};
    // Percent of first answers lost after the provider acted (chosen by the idempotency key's
    // hash, so a run is reproducible): the proof's "provider loses answers".
    int lost_answer_percent = 0;
    // Idempotency keys remembered; past it, calls are declined "test_provider_full".
    std::size_t max_keys = 1'000'000;
    // How long a key is remembered (Stripe: 24 hours); past it, the key's call acts again.
    // nullopt: for the process's life.
    std::optional<std::chrono::milliseconds> key_lifetime;
  };

  // What the provider did, answered or not.
  struct Counts {
    std::int64_t authorizations = 0;
    std::int64_t captures = 0;
    std::int64_t refunds = 0;
    std::int64_t voids = 0;
  };

  explicit TestPaymentProvider(Settings settings);

  std::string_view name() const override { return "test"; }
  std::optional<std::chrono::microseconds> idempotency_window() const override { return settings_.key_lifetime; }
  domain::ProviderResult Authorize(domain::AuthorizeCall const& call) override;
  domain::ProviderResult Capture(domain::CaptureCall const& call) override;
  domain::ProviderResult Refund(domain::RefundCall const& call) override;
  domain::ProviderResult Void(domain::VoidCall const& call) override;

  Counts counts() const;

 private:
  // An authorization's running amounts.
  struct Charge {
    std::string currency;
    std::int64_t authorized = 0;
    std::int64_t captured = 0;
    std::int64_t refunded = 0;
    bool final = false;
    bool voided = false;
  };
  // What a key's first call did and answered.
  struct Answer {
    std::string parameters;
    domain::ProviderResult result;
    std::chrono::steady_clock::time_point at;
  };
  enum class Delivery { kAtOnce, kLate, kLost };
  // Runs `act` (under the lock) once per key and answers as the token or the loss rate says.
  template <typename Act>
  domain::ProviderResult Once(std::string const& key, std::string parameters, Delivery delivery, Act&& act);
  Delivery DeliveryFor(std::string const& key, Delivery token_delivery) const;

  Settings const settings_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Answer> answers_;  // by idempotency key
  std::unordered_map<std::string, Charge> charges_;  // by reference
  std::int64_t next_reference_ = 0;
  // References are "pi_test_<instance>_<n>": a restarted process, which has forgotten its charges,
  // never hands out a reference an earlier one gave a payment.
  std::string instance_;
  std::unordered_set<std::string> failed_once_;  // tok_mercatoProviderError keys answered 5xx
  Counts counts_;
};

}  // namespace mercato::adapters
