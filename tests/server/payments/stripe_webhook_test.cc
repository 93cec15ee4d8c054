// Stripe webhook deliveries: the signature and its timestamp tolerance, then the events Mercato
// acts on, read into what they settle.
#include "server/adapters/stripe/stripe_webhook.h"

#include <gtest/gtest.h>

namespace mercato::adapters {
namespace {

using domain::ProviderOutcome;

constexpr std::int64_t kNow = 1'780'000'000;
StripeWebhookSettings const kSettings{"whsec_unit"};

std::string Payload(std::string const& type, std::string const& object) {
  return R"({"id":"evt_1","type":")" + type + R"(","data":{"object":)" + object + "}}";
}

domain::Result<std::optional<domain::ProviderEvent>> Read(std::string const& payload, std::int64_t signed_at = kNow) {
  return ReadStripeWebhook(payload, SignStripeWebhook(payload, kSettings.signing_secret, signed_at), kSettings, kNow);
}

TEST(StripeWebhookTest, OnlyAPayloadSignedWithTheSecretWithinTheToleranceIsRead) {
  auto const payload = Payload("payment_intent.succeeded", R"({"id":"pi_1","metadata":{"mercato_payment_id":"p1"}})");
  EXPECT_TRUE(Read(payload).ok());
  EXPECT_TRUE(Read(payload, kNow - 300).ok());

  auto const expect_refused = [&](domain::Result<std::optional<domain::ProviderEvent>> const& read) {
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().kind, domain::ErrorKind::kUnauthenticated);
    EXPECT_EQ(read.error().reason, "SIGNATURE_INVALID");
  };
  expect_refused(Read(payload, kNow - 301));
  expect_refused(Read(payload, kNow + 301));
  expect_refused(ReadStripeWebhook(payload, SignStripeWebhook(payload, "whsec_other", kNow), kSettings, kNow));
  expect_refused(ReadStripeWebhook(payload + " ", SignStripeWebhook(payload, kSettings.signing_secret, kNow),
                                   kSettings, kNow));
  expect_refused(ReadStripeWebhook(payload, "", kSettings, kNow));
  expect_refused(ReadStripeWebhook(payload, "v1=00", kSettings, kNow));

  // Stripe sends one v1 per active secret while a secret is rolled.
  auto const signed_header = SignStripeWebhook(payload, kSettings.signing_secret, kNow);
  auto const rolled = "t=" + std::to_string(kNow) + ",v1=" + std::string(64, 'a') + "," +
                      signed_header.substr(signed_header.find("v1="));
  EXPECT_TRUE(ReadStripeWebhook(payload, rolled, kSettings, kNow).ok());
}

TEST(StripeWebhookTest, EventsAreReadIntoTheOperationTheySettle) {
  auto const authorized = Read(Payload("payment_intent.amount_capturable_updated",
                                       R"({"id":"pi_1","metadata":{"mercato_payment_id":"p1"}})"));
  ASSERT_TRUE(authorized.ok() && authorized->has_value());
  EXPECT_EQ((*authorized)->id, "evt_1");
  EXPECT_EQ((*authorized)->payment_id, "p1");
  EXPECT_EQ((*authorized)->kind, v1::TRANSACTION_KIND_AUTHORIZE);
  EXPECT_EQ((*authorized)->result.outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ((*authorized)->result.reference, "pi_1");

  auto const failed = Read(Payload("payment_intent.payment_failed",
                                   R"({"id":"pi_2","metadata":{"mercato_payment_id":"p2"},
                                       "last_payment_error":{"code":"card_declined","decline_code":"expired_card"}})"));
  ASSERT_TRUE(failed.ok() && failed->has_value());
  EXPECT_EQ((*failed)->result.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ((*failed)->result.failure_reason, "expired_card");

  auto const refund = Read(Payload("refund.updated", R"({"id":"re_1","status":"failed",
      "failure_reason":"lost_or_stolen_card","payment_intent":"pi_1",
      "metadata":{"mercato_payment_id":"p1","mercato_transaction_id":"t9"}})"));
  ASSERT_TRUE(refund.ok() && refund->has_value());
  EXPECT_EQ((*refund)->kind, v1::TRANSACTION_KIND_REFUND);
  EXPECT_EQ((*refund)->result.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ((*refund)->result.failure_reason, "lost_or_stolen_card");
  EXPECT_EQ((*refund)->result.reference, "re_1");
  EXPECT_EQ((*refund)->transaction_id, "t9");

  auto const captured = Read(Payload("payment_intent.succeeded",
                                     R"({"id":"pi_1","amount_received":750,"metadata":{"mercato_payment_id":"p1"}})"));
  ASSERT_TRUE(captured.ok() && captured->has_value());
  EXPECT_EQ((*captured)->kind, v1::TRANSACTION_KIND_CAPTURE);
  EXPECT_EQ((*captured)->captured_minor, 750);

  auto const voided = Read(Payload("payment_intent.canceled", R"({"id":"pi_3","metadata":{}})"));
  ASSERT_TRUE(voided.ok() && voided->has_value());
  EXPECT_EQ((*voided)->kind, v1::TRANSACTION_KIND_VOID);
  EXPECT_EQ((*voided)->payment_id, "") << "not a payment Mercato made";
}

TEST(StripeWebhookTest, OtherEventsAreIgnoredAndNonEventsRefused) {
  auto const other = Read(Payload("customer.created", R"({"id":"cus_1"})"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
  auto const pending_refund = Read(Payload("refund.created", R"({"id":"re_2","status":"requires_action"})"));
  ASSERT_TRUE(pending_refund.ok());
  EXPECT_FALSE(pending_refund->has_value()) << "neither settled nor failed yet";

  for (std::string const payload : {"not json", R"({"id":"evt_1"})", R"({"id":"evt_1","data":{"object":3}})", "[]"}) {
    auto const read = Read(payload);
    ASSERT_FALSE(read.ok()) << payload;
    EXPECT_EQ(read.error().kind, domain::ErrorKind::kInvalidArgument);
  }
}

}  // namespace
}  // namespace mercato::adapters
