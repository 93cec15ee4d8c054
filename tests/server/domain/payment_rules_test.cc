// Pure payment rules: card data refused, the amounts captures, refunds and voids may move, the
// status a successful transaction leaves, and provider idempotency keys.
#include <gtest/gtest.h>

#include "server/domain/payments/payment_rules.h"

namespace mercato::domain {
namespace {

v1::Money Gbp(std::int64_t minor, std::string currency = "GBP") {
  v1::Money money;
  money.set_currency_code(std::move(currency));
  money.set_amount_minor(minor);
  return money;
}

v1::Payment Authorized(std::int64_t minor) {
  v1::Payment payment;
  payment.set_id("pay-1");
  *payment.mutable_amount() = Gbp(minor);
  return Applied(payment, v1::TRANSACTION_KIND_AUTHORIZE, Gbp(minor), false);
}

std::string ReasonOf(Status const& status) { return status ? "" : status.error().reason; }

TEST(PaymentRules, CardNumbersAndOddTokensAreRefused) {
  v1::PaymentMethod method;
  method.set_provider("test");
  method.set_provider_token("tok_visa");
  EXPECT_TRUE(CheckPaymentMethod("method", method).ok());
  for (auto const* token : {"4242424242424242", "tok_4242 4242", "card-4000056655665556", "", "tok visa",
                            "4242-4242-4242-4242", "4242_4242_4242_4242", "4242x4242x4242x4242"}) {
    method.set_provider_token(token);
    auto refused = CheckPaymentMethod("method", method);
    ASSERT_FALSE(refused.ok()) << token;
    EXPECT_EQ(refused.error().metadata.at("field"), "method.provider_token") << token;
  }
  for (auto const* card : {"4242424242424242", "4242-4242-4242-4242", "4242x4242x4242x4242"}) {
    method.set_provider_token(card);
    EXPECT_NE(CheckPaymentMethod("method", method).error().message.find("card number"), std::string::npos) << card;
  }
  method.set_provider_token("pm_1PgafyB7WZ01zgkWSjxsAJo3");  // a Stripe PaymentMethod id
  EXPECT_TRUE(CheckPaymentMethod("method", method).ok());
  method.set_provider_token("tok_visa");
  method.clear_provider();
  EXPECT_EQ(CheckPaymentMethod("method", method).error().metadata.at("field"), "method.provider");
}

TEST(PaymentRules, CapturesTakeWhatIsLeftAndNeverMore) {
  auto payment = Authorized(10'000);
  auto const all = CaptureAmount(payment, nullptr);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->amount_minor(), 10'000);

  // A lighter pick: 8,250 captured, final, the rest released.
  auto const picked = Gbp(8'250);
  ASSERT_TRUE(CaptureAmount(payment, &picked).ok());
  auto const captured = Applied(payment, v1::TRANSACTION_KIND_CAPTURE, picked, true);
  EXPECT_EQ(captured.status(), v1::PAYMENT_STATUS_CAPTURED);
  EXPECT_EQ(captured.captured_amount().amount_minor(), 8'250);
  EXPECT_EQ(CaptureAmount(captured, nullptr).error().reason, "INVALID_TRANSITION") << "capture twice";

  // Partial, not final: more may follow, up to the authorization.
  auto const part = Applied(payment, v1::TRANSACTION_KIND_CAPTURE, Gbp(4'000), false);
  EXPECT_EQ(part.status(), v1::PAYMENT_STATUS_PARTIALLY_CAPTURED);
  auto const too_much = Gbp(6'001);
  EXPECT_EQ(CaptureAmount(part, &too_much).error().reason, "AMOUNT_EXCEEDS_AUTHORIZED");
  auto const euros = Gbp(100, "EUR");
  EXPECT_EQ(CaptureAmount(part, &euros).error().reason, "CURRENCY_MISMATCH");
  auto const zero = Gbp(0);
  EXPECT_EQ(CaptureAmount(part, &zero).error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(Applied(part, v1::TRANSACTION_KIND_CAPTURE, Gbp(6'000), false).status(), v1::PAYMENT_STATUS_CAPTURED);
}

TEST(PaymentRules, RefundsStayWithinWhatWasCapturedInItsCurrency) {
  auto const captured = Applied(Authorized(10'000), v1::TRANSACTION_KIND_CAPTURE, Gbp(10'000), false);
  EXPECT_EQ(ReasonOf(CheckRefund(Authorized(10'000), Gbp(1))), "INVALID_TRANSITION") << "nothing captured yet";
  EXPECT_EQ(ReasonOf(CheckRefund(captured, Gbp(10'001))), "AMOUNT_EXCEEDS_CAPTURED");
  EXPECT_EQ(ReasonOf(CheckRefund(captured, Gbp(10, "EUR"))), "CURRENCY_MISMATCH");
  ASSERT_TRUE(CheckRefund(captured, Gbp(2'500)).ok());
  auto const once = Applied(captured, v1::TRANSACTION_KIND_REFUND, Gbp(2'500), false);
  EXPECT_EQ(once.status(), v1::PAYMENT_STATUS_PARTIALLY_REFUNDED);
  EXPECT_EQ(ReasonOf(CheckRefund(once, Gbp(7'501))), "AMOUNT_EXCEEDS_CAPTURED");
  auto const twice = Applied(once, v1::TRANSACTION_KIND_REFUND, Gbp(7'500), false);
  EXPECT_EQ(twice.status(), v1::PAYMENT_STATUS_REFUNDED);
  EXPECT_EQ(ReasonOf(CheckRefund(twice, Gbp(1))), "INVALID_TRANSITION");
}

TEST(PaymentRules, AVoidReleasesWhatIsUncapturedAndNothingFollowsAVoid) {
  auto const payment = Authorized(5'000);
  ASSERT_TRUE(CheckVoid(payment).ok());
  auto const voided = Applied(payment, v1::TRANSACTION_KIND_VOID, payment.amount(), false);
  EXPECT_EQ(voided.status(), v1::PAYMENT_STATUS_VOIDED);
  EXPECT_EQ(CaptureAmount(voided, nullptr).error().reason, "INVALID_TRANSITION") << "capture after void";
  EXPECT_EQ(ReasonOf(CheckVoid(voided)), "INVALID_TRANSITION");

  // A partial capture that was not final leaves the rest held; a void releases it and keeps the capture.
  auto const part = Applied(payment, v1::TRANSACTION_KIND_CAPTURE, Gbp(1'000), false);
  ASSERT_EQ(part.status(), v1::PAYMENT_STATUS_PARTIALLY_CAPTURED);
  ASSERT_TRUE(CheckVoid(part).ok());
  auto const rest_released = Applied(part, v1::TRANSACTION_KIND_VOID, part.amount(), false);
  EXPECT_EQ(rest_released.status(), v1::PAYMENT_STATUS_CAPTURED);
  EXPECT_EQ(rest_released.captured_amount().amount_minor(), 1'000);
  EXPECT_EQ(CaptureAmount(rest_released, nullptr).error().reason, "INVALID_TRANSITION");
  EXPECT_TRUE(CheckRefund(rest_released, Gbp(1'000)).ok());

  auto const final_capture = Applied(payment, v1::TRANSACTION_KIND_CAPTURE, Gbp(1'000), true);
  EXPECT_EQ(ReasonOf(CheckVoid(final_capture)), "INVALID_TRANSITION") << "nothing is held after a final capture";
}

TEST(PaymentRules, ProviderKeysNameThePaymentTheOperationAndTheRequest) {
  EXPECT_EQ(ProviderIdempotencyKey("pay-1", "capture", "req-9"), "pay-1:capture:req-9");
  EXPECT_NE(ProviderIdempotencyKey("pay-1", "capture", "req-9"), ProviderIdempotencyKey("pay-1", "refund", "req-9"));
}

}  // namespace
}  // namespace mercato::domain
