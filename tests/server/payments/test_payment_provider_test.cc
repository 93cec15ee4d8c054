// The built-in test provider: outcomes by token, one effect per idempotency key whatever was
// answered, processor-like amount checks, and reproducible lost answers.
#include <gtest/gtest.h>

#include <thread>

#include "server/adapters/local/test_payment_provider.h"

namespace mercato::adapters {
namespace {

using domain::ProviderOutcome;

v1::Money Gbp(std::int64_t minor) {
  v1::Money money;
  money.set_currency_code("GBP");
  money.set_amount_minor(minor);
  return money;
}

domain::AuthorizeCall Authorization(std::string key, std::string token, std::int64_t minor = 1'000) {
  return {std::move(key), "pay-" + token, Gbp(minor), std::move(token)};
}

TestPaymentProvider::Settings Quick() {
  TestPaymentProvider::Settings settings;
  settings.deadline = std::chrono::milliseconds(20);
  return settings;
}

TEST(TestPaymentProvider, TokensChooseTheOutcome) {
  TestPaymentProvider provider(Quick());
  auto const visa = provider.Authorize(Authorization("k1", "tok_visa"));
  EXPECT_EQ(visa.outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(visa.method.card_brand(), "visa");
  EXPECT_EQ(visa.method.last4(), "4242");
  for (auto const& [token, reason] : std::vector<std::pair<std::string, std::string>>{
           {"tok_chargeDeclined", "card_declined"},
           {"tok_chargeDeclinedInsufficientFunds", "insufficient_funds"},
           {"tok_chargeDeclinedExpiredCard", "expired_card"},
           {"tok_unheard_of", "token_not_found"}}) {
    auto const declined = provider.Authorize(Authorization("k-" + token, token));
    EXPECT_EQ(declined.outcome, ProviderOutcome::kDeclined) << token;
    EXPECT_EQ(declined.failure_reason, reason) << token;
  }
  EXPECT_EQ(provider.counts().authorizations, 1);
}

TEST(TestPaymentProvider, AnUnknownOutcomeAskedAgainWithItsKeyIsTheFirstCallsOutcome) {
  TestPaymentProvider provider(Quick());
  auto const lost = provider.Authorize(Authorization("lost", "tok_mercatoLostAnswer"));
  EXPECT_EQ(lost.outcome, ProviderOutcome::kUnknown);
  auto const asked = provider.Authorize(Authorization("lost", "tok_mercatoLostAnswer"));
  EXPECT_EQ(asked.outcome, ProviderOutcome::kSucceeded);

  auto const slow = provider.Authorize(Authorization("slow", "tok_mercatoSlow"));
  EXPECT_EQ(slow.outcome, ProviderOutcome::kUnknown);
  EXPECT_EQ(slow.failure_reason, "timeout");
  EXPECT_EQ(provider.Authorize(Authorization("slow", "tok_mercatoSlow")).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.counts().authorizations, 2) << "each charged once, whatever was answered";

  // A 5xx did nothing: the same key is tried afresh, and the passing outage is over.
  EXPECT_EQ(provider.Authorize(Authorization("5xx", "tok_mercatoProviderError")).failure_reason, "http 500");
  EXPECT_EQ(provider.counts().authorizations, 2);
  EXPECT_EQ(provider.Authorize(Authorization("5xx", "tok_mercatoProviderError")).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.counts().authorizations, 3);

  auto const reused = provider.Authorize(Authorization("lost", "tok_mercatoLostAnswer", 2'000));
  EXPECT_EQ(reused.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ(reused.failure_reason, "idempotency_key_reused");
}

TEST(TestPaymentProvider, AnOutageNeverAnswersAndAForgottenKeyActsAgain) {
  TestPaymentProvider provider(Quick());
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto const down = provider.Authorize(Authorization("down", "tok_mercatoOutage"));
    EXPECT_EQ(down.outcome, ProviderOutcome::kUnknown);
    EXPECT_EQ(down.failure_reason, "http 503");
  }
  EXPECT_EQ(provider.counts().authorizations, 0);
  EXPECT_FALSE(provider.idempotency_window().has_value());

  auto settings = Quick();
  settings.key_lifetime = std::chrono::milliseconds(30);
  TestPaymentProvider forgetful(settings);
  EXPECT_EQ(forgetful.idempotency_window(), std::chrono::microseconds(30'000));
  auto const first = forgetful.Authorize(Authorization("k", "tok_visa"));
  EXPECT_EQ(forgetful.Authorize(Authorization("k", "tok_visa")).reference, first.reference) << "still remembered";
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_NE(forgetful.Authorize(Authorization("k", "tok_visa")).reference, first.reference) << "forgotten: a new charge";
  EXPECT_EQ(forgetful.counts().authorizations, 2);
}

TEST(TestPaymentProvider, CapturesRefundsAndVoidsFollowTheAuthorization) {
  TestPaymentProvider provider(Quick());
  auto const reference = provider.Authorize(Authorization("a", "tok_visa", 10'000)).reference;
  EXPECT_EQ(provider.Capture({"c0", reference, Gbp(10'001), false}).failure_reason, "amount_too_large");
  EXPECT_EQ(provider.Capture({"c1", reference, Gbp(8'000), true}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.Capture({"c1", reference, Gbp(8'000), true}).outcome, ProviderOutcome::kSucceeded) << "replay";
  EXPECT_EQ(provider.Capture({"c2", reference, Gbp(1'000), false}).failure_reason, "already_final");
  EXPECT_EQ(provider.Refund({"r1", "pay-a", "t1", reference, Gbp(8'001)}).failure_reason, "amount_too_large");
  EXPECT_EQ(provider.Refund({"r2", "pay-a", "t2", reference, Gbp(3'000)}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.Void({"v1", reference}).failure_reason, "charge_already_captured");
  auto const counts = provider.counts();
  EXPECT_EQ(counts.captures, 1);
  EXPECT_EQ(counts.refunds, 1);
  EXPECT_EQ(counts.voids, 0);

  auto const other = provider.Authorize(Authorization("b", "tok_visa", 500)).reference;
  EXPECT_EQ(provider.Void({"v2", other}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.Capture({"c3", other, Gbp(500), false}).failure_reason, "payment_intent_canceled");

  // As Stripe's cancel of a partly captured intent: the uncaptured rest is released, the capture stays refundable.
  auto const part = provider.Authorize(Authorization("p", "tok_visa", 1'000)).reference;
  EXPECT_EQ(provider.Capture({"c4", part, Gbp(400), false}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.Void({"v3", part}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(provider.Capture({"c5", part, Gbp(100), false}).failure_reason, "payment_intent_canceled");
  EXPECT_EQ(provider.Refund({"r3", "pay-p", "t3", part, Gbp(401)}).failure_reason, "amount_too_large");
  EXPECT_EQ(provider.Refund({"r4", "pay-p", "t4", part, Gbp(400)}).outcome, ProviderOutcome::kSucceeded);
}

TEST(TestPaymentProvider, ALossRateLosesThatShareOfFirstAnswersReproducibly) {
  auto settings = Quick();
  settings.lost_answer_percent = 10;
  TestPaymentProvider provider(settings);
  int lost = 0;
  for (int i = 0; i < 1000; ++i) {
    auto const key = "pay-" + std::to_string(i);
    if (provider.Authorize(Authorization(key, "tok_visa")).outcome == ProviderOutcome::kUnknown) {
      ++lost;
      EXPECT_EQ(provider.Authorize(Authorization(key, "tok_visa")).outcome, ProviderOutcome::kSucceeded);
    }
  }
  EXPECT_GT(lost, 50);
  EXPECT_LT(lost, 150);
  EXPECT_EQ(provider.counts().authorizations, 1000);
}

}  // namespace
}  // namespace mercato::adapters
