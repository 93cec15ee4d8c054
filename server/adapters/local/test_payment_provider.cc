#include "server/adapters/local/test_payment_provider.h"

#include <map>
#include <random>
#include <thread>
#include <utility>

#include "server/domain/fingerprint.h"

namespace mercato::adapters {
namespace {

using domain::ProviderOutcome;
using domain::ProviderResult;

struct Card {
  char const* brand;
  char const* last4;
};

// Tokens that authorize, and the card each stands for (Stripe's test card numbers' last digits).
std::map<std::string, Card, std::less<>> const kCards = {
    {"tok_visa", {"visa", "4242"}},          {"tok_mastercard", {"mastercard", "4444"}},
    {"tok_amex", {"amex", "8431"}},          {"tok_mercatoSlow", {"visa", "4242"}},
    {"tok_mercatoLostAnswer", {"visa", "4242"}}, {"tok_mercatoProviderError", {"visa", "4242"}},
    {"tok_mercatoOutage", {"visa", "4242"}}};

std::map<std::string, std::string, std::less<>> const kDeclines = {
    {"tok_chargeDeclined", "card_declined"},
    {"tok_chargeDeclinedInsufficientFunds", "insufficient_funds"},
    {"tok_chargeDeclinedExpiredCard", "expired_card"}};

ProviderResult Declined(std::string reason) { return {ProviderOutcome::kDeclined, "", std::move(reason), {}}; }
ProviderResult Unknown(std::string reason) { return {ProviderOutcome::kUnknown, "", std::move(reason), {}}; }
ProviderResult Succeeded(std::string reference) { return {ProviderOutcome::kSucceeded, std::move(reference), "", {}}; }

std::string Parameters(v1::Money const& amount, std::string const& more) {
  return amount.currency_code() + " " + std::to_string(amount.amount_minor()) + " " + more;
}

}  // namespace

TestPaymentProvider::TestPaymentProvider(Settings settings)
    : settings_(settings), instance_(std::to_string(std::random_device{}())) {}

template <typename Act>
ProviderResult TestPaymentProvider::Once(std::string const& key, std::string parameters, Delivery delivery, Act&& act) {
  ProviderResult result;
  {
    std::lock_guard lock(mutex_);
    auto const now = std::chrono::steady_clock::now();
    if (auto const answered = answers_.find(key); answered != answers_.end()) {
      if (settings_.key_lifetime && now - answered->second.at >= *settings_.key_lifetime) {
        answers_.erase(answered);  // forgotten, as Stripe forgets keys after 24 hours
      } else {
        if (answered->second.parameters != parameters) return Declined("idempotency_key_reused");
        return answered->second.result;
      }
    }
    if (answers_.size() >= settings_.max_keys) return Declined("test_provider_full");
    result = act();
    if (result.outcome == ProviderOutcome::kUnknown) return result;  // nothing done, nothing kept
    answers_.emplace(key, Answer{std::move(parameters), result, now});
  }
  switch (DeliveryFor(key, delivery)) {
    case Delivery::kLate:
      std::this_thread::sleep_for(settings_.deadline);
      return Unknown("timeout");
    case Delivery::kLost:
      return Unknown("connection reset");
    case Delivery::kAtOnce:
      break;
  }
  return result;
}

TestPaymentProvider::Delivery TestPaymentProvider::DeliveryFor(std::string const& key, Delivery token_delivery) const {
  if (token_delivery != Delivery::kAtOnce) return token_delivery;
  auto const draw = static_cast<int>(domain::Fnv1a64(key) % 100);
  return draw < settings_.lost_answer_percent ? Delivery::kLost : Delivery::kAtOnce;
}

ProviderResult TestPaymentProvider::Authorize(domain::AuthorizeCall const& call) {
  auto const& token = call.provider_token;
  auto const delivery = token == "tok_mercatoSlow"         ? Delivery::kLate
                        : token == "tok_mercatoLostAnswer" ? Delivery::kLost
                                                           : Delivery::kAtOnce;
  return Once(call.idempotency_key, Parameters(call.amount, token), delivery, [&]() -> ProviderResult {
    if (token == "tok_mercatoProviderError" && failed_once_.insert(call.idempotency_key).second) {
      return Unknown("http 500");
    }
    if (token == "tok_mercatoOutage") return Unknown("http 503");
    if (auto const declined = kDeclines.find(token); declined != kDeclines.end()) return Declined(declined->second);
    auto const card = kCards.find(token);
    if (card == kCards.end()) return Declined("token_not_found");
    auto result = Succeeded("pi_test_" + instance_ + "_" + std::to_string(++next_reference_));
    charges_[result.reference] = Charge{call.amount.currency_code(), call.amount.amount_minor()};
    ++counts_.authorizations;
    result.method.set_provider("test");
    result.method.set_card_brand(card->second.brand);
    result.method.set_last4(card->second.last4);
    result.method.set_exp_month(12);
    result.method.set_exp_year(2034);
    return result;
  });
}

ProviderResult TestPaymentProvider::Capture(domain::CaptureCall const& call) {
  auto const parameters = Parameters(call.amount, call.reference + (call.final_capture ? " final" : ""));
  return Once(call.idempotency_key, parameters, Delivery::kAtOnce, [&]() -> ProviderResult {
    auto const found = charges_.find(call.reference);
    if (found == charges_.end()) return Declined("resource_missing");
    auto& charge = found->second;
    if (charge.voided) return Declined("payment_intent_canceled");
    if (charge.final) return Declined("already_final");
    if (call.amount.currency_code() != charge.currency) return Declined("currency_mismatch");
    if (call.amount.amount_minor() > charge.authorized - charge.captured) return Declined("amount_too_large");
    charge.captured += call.amount.amount_minor();
    charge.final = call.final_capture || charge.captured == charge.authorized;
    ++counts_.captures;
    return Succeeded(call.reference);
  });
}

ProviderResult TestPaymentProvider::Refund(domain::RefundCall const& call) {
  return Once(call.idempotency_key, Parameters(call.amount, call.reference), Delivery::kAtOnce, [&]() -> ProviderResult {
    auto const found = charges_.find(call.reference);
    if (found == charges_.end()) return Declined("resource_missing");
    auto& charge = found->second;
    if (call.amount.currency_code() != charge.currency) return Declined("currency_mismatch");
    if (call.amount.amount_minor() > charge.captured - charge.refunded) return Declined("amount_too_large");
    charge.refunded += call.amount.amount_minor();
    ++counts_.refunds;
    return Succeeded("re_test_" + instance_ + "_" + std::to_string(++next_reference_));
  });
}

ProviderResult TestPaymentProvider::Void(domain::VoidCall const& call) {
  return Once(call.idempotency_key, call.reference, Delivery::kAtOnce, [&]() -> ProviderResult {
    auto const found = charges_.find(call.reference);
    if (found == charges_.end()) return Declined("resource_missing");
    auto& charge = found->second;
    if (charge.final) return Declined("charge_already_captured");
    if (charge.voided) return Declined("payment_intent_canceled");
    // As Stripe's cancel: after captures that were not final, it releases the uncaptured rest.
    charge.voided = true;
    ++counts_.voids;
    return Succeeded(call.reference);
  });
}

TestPaymentProvider::Counts TestPaymentProvider::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace mercato::adapters
