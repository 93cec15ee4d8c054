// The Stripe adapter's requests and its reading of Stripe's answers, against a fake Stripe on
// loopback (cpp-httplib) that answers what stripe-mock cannot: declines, errors, slow answers.
#include "server/adapters/stripe/stripe_payment_provider.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <tuple>

namespace mercato::adapters {
namespace {

using domain::ProviderOutcome;

class FakeStripe {
 public:
  struct Seen {
    std::string path;
    std::string idempotency_key;
    std::string authorization;
    httplib::Params form;
  };

  // Every POST records what it was sent and answers what Answer last set.
  FakeStripe() {
    server_.Post(".*", [this](httplib::Request const& request, httplib::Response& response) {
      std::unique_lock lock(mutex_);
      seen_ = {request.path, request.get_header_value("Idempotency-Key"), request.get_header_value("Authorization"),
               request.params};
      auto const [status, body, delay] = answer_;
      lock.unlock();
      std::this_thread::sleep_for(delay);
      response.status = status;
      response.set_content(body, "application/json");
    });
    server_.set_keep_alive_max_count(1);  // no idle connection for stop() to wait out
    port_ = server_.bind_to_any_port("127.0.0.1");  // listening from here on
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeStripe() {
    server_.stop();
    thread_.join();
  }
  void Answer(int status, std::string body, std::chrono::milliseconds delay = {}) {
    std::lock_guard lock(mutex_);
    answer_ = {status, std::move(body), delay};
  }
  Seen seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  Seen seen_;
  std::tuple<int, std::string, std::chrono::milliseconds> answer_{500, "{}", {}};
};

v1::Money Gbp(std::int64_t minor) {
  v1::Money money;
  money.set_currency_code("GBP");
  money.set_amount_minor(minor);
  return money;
}

std::string Field(httplib::Params const& form, std::string const& name) {
  auto const found = form.find(name);
  return found == form.end() ? "<absent>" : found->second;
}

class StripePaymentProviderTest : public ::testing::Test {
 protected:
  StripePaymentProvider Provider(std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
    return StripePaymentProvider({stripe_.base(), "sk_test_fake", deadline});
  }
  domain::AuthorizeCall Authorization() { return {"pay1:authorize:req1", "pay1", Gbp(1'250), "pm_card_visa"}; }

  FakeStripe stripe_;
};

TEST_F(StripePaymentProviderTest, AnAuthorizationIsAManualCaptureIntentConfirmedUnderTheKey) {
  stripe_.Answer(200, R"({"id":"pi_1","status":"requires_capture","payment_method":
      {"id":"pm_1","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":2034}}})");
  auto const result = Provider().Authorize(Authorization());
  EXPECT_EQ(result.outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(result.reference, "pi_1");
  EXPECT_EQ(result.method.card_brand(), "visa");
  EXPECT_EQ(result.method.last4(), "4242");
  EXPECT_EQ(result.method.exp_year(), 2034);
  auto const seen = stripe_.seen();
  EXPECT_EQ(seen.path, "/v1/payment_intents");
  EXPECT_EQ(seen.idempotency_key, "pay1:authorize:req1");
  EXPECT_EQ(seen.authorization, "Bearer sk_test_fake");
  EXPECT_EQ(Field(seen.form, "amount"), "1250");
  EXPECT_EQ(Field(seen.form, "currency"), "gbp");
  EXPECT_EQ(Field(seen.form, "capture_method"), "manual");
  EXPECT_EQ(Field(seen.form, "confirm"), "true");
  EXPECT_EQ(Field(seen.form, "payment_method"), "pm_card_visa");
  EXPECT_EQ(Field(seen.form, "metadata[mercato_payment_id]"), "pay1") << "what Stripe's webhooks hand back";
}

TEST_F(StripePaymentProviderTest, ACardErrorIsADeclineWithStripesCode) {
  stripe_.Answer(402, R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds"}})");
  auto const result = Provider().Authorize(Authorization());
  EXPECT_EQ(result.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ(result.failure_reason, "insufficient_funds");
}

TEST_F(StripePaymentProviderTest, AnIntentNeedingTheCustomerIsDeclined) {
  stripe_.Answer(200, R"({"id":"pi_2","status":"requires_action"})");
  auto const result = Provider().Authorize(Authorization());
  EXPECT_EQ(result.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ(result.failure_reason, "authentication_required");
}

TEST_F(StripePaymentProviderTest, ServerErrorsRateLimitsAndConflictsAreUnknownNotDeclined) {
  for (int status : {500, 503, 429, 409, 401}) {
    FakeStripe stripe;
    stripe.Answer(status, R"({"error":{"type":"api_error"}})");
    auto const result = StripePaymentProvider({stripe.base(), "sk_test_fake", std::chrono::seconds(5)}).Authorize(
        Authorization());
    EXPECT_EQ(result.outcome, ProviderOutcome::kUnknown) << status;
    EXPECT_EQ(result.failure_reason, "http " + std::to_string(status));
  }
}

TEST_F(StripePaymentProviderTest, AnAnswerPastTheDeadlineOrNoneAtAllIsUnknown) {
  stripe_.Answer(200, R"({"id":"pi_3","status":"requires_capture"})", std::chrono::milliseconds(500));
  auto const late = Provider(std::chrono::milliseconds(100)).Authorize(Authorization());
  EXPECT_EQ(late.outcome, ProviderOutcome::kUnknown);
  EXPECT_EQ(late.failure_reason, "timeout");

  auto const nobody = StripePaymentProvider({"http://127.0.0.1:1", "sk_test_fake", std::chrono::seconds(1)})
                          .Authorize(Authorization());
  EXPECT_EQ(nobody.outcome, ProviderOutcome::kUnknown);

  stripe_.Answer(200, "not json");
  EXPECT_EQ(Provider().Authorize(Authorization()).outcome, ProviderOutcome::kUnknown);
}

TEST_F(StripePaymentProviderTest, OnlyANonFinalPartialCaptureAsksToKeepTheRest) {
  stripe_.Answer(200, R"({"id":"pi_1","status":"requires_capture"})");
  auto provider = Provider();
  EXPECT_EQ(provider.Capture({"pay1:capture:c1", "pi_1", Gbp(500), false}).outcome, ProviderOutcome::kSucceeded);
  auto seen = stripe_.seen();
  EXPECT_EQ(seen.path, "/v1/payment_intents/pi_1/capture");
  EXPECT_EQ(Field(seen.form, "amount_to_capture"), "500");
  EXPECT_EQ(Field(seen.form, "final_capture"), "false");
  EXPECT_EQ(provider.Capture({"pay1:capture:c2", "pi_1", Gbp(500), true}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(Field(stripe_.seen().form, "final_capture"), "<absent>");
  EXPECT_EQ(provider.Void({"pay1:void:v1", "pi_1"}).outcome, ProviderOutcome::kSucceeded);
  EXPECT_EQ(stripe_.seen().path, "/v1/payment_intents/pi_1/cancel");
}

TEST_F(StripePaymentProviderTest, AFailedRefundIsDeclinedWithItsReason) {
  stripe_.Answer(200, R"({"id":"re_1","status":"failed","failure_reason":"expired_or_canceled_card"})");
  auto const result = Provider().Refund({"pay1:refund:r1", "pay1", "t1", "pi_1", Gbp(300)});
  EXPECT_EQ(result.outcome, ProviderOutcome::kDeclined);
  EXPECT_EQ(result.failure_reason, "expired_or_canceled_card");
  auto const seen = stripe_.seen();
  EXPECT_EQ(seen.path, "/v1/refunds");
  EXPECT_EQ(Field(seen.form, "payment_intent"), "pi_1");
  EXPECT_EQ(Field(seen.form, "amount"), "300");
  EXPECT_EQ(Field(seen.form, "metadata[mercato_payment_id]"), "pay1");
  EXPECT_EQ(Field(seen.form, "metadata[mercato_transaction_id]"), "t1");
}

}  // namespace
}  // namespace mercato::adapters
