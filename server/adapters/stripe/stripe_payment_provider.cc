#include "server/adapters/stripe/stripe_payment_provider.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace mercato::adapters {
namespace {

using domain::ProviderOutcome;
using domain::ProviderResult;
using nlohmann::json;
using Form = std::vector<std::pair<std::string, std::string>>;

constexpr std::size_t kMaxAnswerBytes = 1 << 20;  // a PaymentIntent is a few KiB

ProviderResult Unknown(std::string seen) { return {ProviderOutcome::kUnknown, "", std::move(seen), {}}; }
ProviderResult Declined(std::string reason) { return {ProviderOutcome::kDeclined, "", std::move(reason), {}}; }

// One easy handle per thread, reset before each call: it keeps its connections to Stripe open.
struct ThreadCurl {
  ThreadCurl() : handle(curl_easy_init()) {}
  ~ThreadCurl() { curl_easy_cleanup(handle); }
  CURL* handle;
};

CURL* CurlForThisThread() {
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  thread_local ThreadCurl curl;
  curl_easy_reset(curl.handle);
  return curl.handle;
}

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
  auto& body = *static_cast<std::string*>(out);
  if (body.size() + size * count > kMaxAnswerBytes) return 0;  // libcurl fails the call
  body.append(data, size * count);
  return size * count;
}

std::string Escape(CURL* curl, std::string const& text) {
  std::unique_ptr<char, decltype(&curl_free)> escaped(curl_easy_escape(curl, text.data(), static_cast<int>(text.size())),
                                                      &curl_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

struct Answer {
  long status = 0;
  json body;                    // discarded when not JSON
  std::string transport_error;  // set when no HTTP answer came
};

Answer Post(StripePaymentProvider::Settings const& settings, std::string const& path, Form const& form,
            std::string const& idempotency_key) {
  CURL* curl = CurlForThisThread();
  std::string fields;
  for (auto const& [name, value] : form) {
    if (!fields.empty()) fields += '&';
    fields += Escape(curl, name) + '=' + Escape(curl, value);
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  for (auto const& header : {"Authorization: Bearer " + settings.secret_key, "Idempotency-Key: " + idempotency_key}) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  }
  std::string const url = settings.api_base + path;
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, fields.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "mercatod");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.deadline.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  Answer answer;
  if (auto const code = curl_easy_perform(curl); code != CURLE_OK) {
    answer.transport_error = code == CURLE_OPERATION_TIMEDOUT ? "timeout" : curl_easy_strerror(code);
    return answer;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  answer.body = json::parse(body, nullptr, false);
  return answer;
}

std::string Text(json const& object, char const* field) {
  auto const found = object.find(field);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// What an answer other than a readable 2xx means; nullopt for a readable 2xx.
std::optional<ProviderResult> Failure(Answer const& answer) {
  if (!answer.transport_error.empty()) return Unknown(answer.transport_error);
  auto const status = answer.status;
  auto const seen = "http " + std::to_string(status);
  if (status >= 200 && status < 300) {
    if (!answer.body.is_object()) return Unknown(seen + " with an unreadable body");
    return std::nullopt;
  }
  if (status == 401 || status == 403 || status == 409 || status == 429 || status >= 500) return Unknown(seen);
  if (answer.body.is_object() && answer.body.contains("error") && answer.body["error"].is_object()) {
    auto const& error = answer.body["error"];
    for (auto const* field : {"decline_code", "code"}) {
      if (auto reason = Text(error, field); !reason.empty()) return Declined(std::move(reason));
    }
  }
  return Declined(seen);
}

std::string Minor(v1::Money const& money) { return std::to_string(money.amount_minor()); }

std::string Currency(v1::Money const& money) {
  auto code = money.currency_code();
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::tolower(c); });
  return code;
}

ProviderResult Done(json const& body) { return {ProviderOutcome::kSucceeded, Text(body, "id"), "", {}}; }

// The card's display fields, when Stripe expanded the intent's payment method.
void FillCard(json const& intent, v1::PaymentMethod& method) {
  method.set_provider("stripe");
  auto const found = intent.find("payment_method");
  if (found == intent.end() || !found->is_object() || !found->contains("card")) return;
  auto const& card = (*found)["card"];
  if (!card.is_object()) return;
  method.set_card_brand(Text(card, "brand"));
  method.set_last4(Text(card, "last4"));
  if (card.contains("exp_month") && card["exp_month"].is_number_integer()) method.set_exp_month(card["exp_month"]);
  if (card.contains("exp_year") && card["exp_year"].is_number_integer()) method.set_exp_year(card["exp_year"]);
}

}  // namespace

StripePaymentProvider::StripePaymentProvider(Settings settings) : settings_(std::move(settings)) {}

ProviderResult StripePaymentProvider::Authorize(domain::AuthorizeCall const& call) {
  auto const answer = Post(settings_, "/v1/payment_intents",
                           {{"amount", Minor(call.amount)},
                            {"currency", Currency(call.amount)},
                            {"capture_method", "manual"},
                            {"confirm", "true"},
                            {"payment_method", call.provider_token},
                            {"expand[]", "payment_method"},
                            {"metadata[mercato_payment_id]", call.payment_id}},
                           call.idempotency_key);
  if (auto failed = Failure(answer)) return *std::move(failed);
  auto const status = Text(answer.body, "status");
  if (status == "processing") return Unknown("payment intent processing");
  if (status == "requires_action") return Declined("authentication_required");
  if (status != "requires_capture" && status != "succeeded") return Declined("payment_intent_" + status);
  auto result = Done(answer.body);
  FillCard(answer.body, result.method);
  return result;
}

ProviderResult StripePaymentProvider::Capture(domain::CaptureCall const& call) {
  Form form = {{"amount_to_capture", Minor(call.amount)}};
  if (!call.final_capture) form.emplace_back("final_capture", "false");
  auto const answer = Post(settings_, "/v1/payment_intents/" + call.reference + "/capture", form, call.idempotency_key);
  if (auto failed = Failure(answer)) return *std::move(failed);
  return Done(answer.body);
}

ProviderResult StripePaymentProvider::Refund(domain::RefundCall const& call) {
  auto const answer = Post(settings_, "/v1/refunds",
                           {{"payment_intent", call.reference},
                            {"amount", Minor(call.amount)},
                            {"metadata[mercato_payment_id]", call.payment_id},
                            {"metadata[mercato_transaction_id]", call.transaction_id}},
                           call.idempotency_key);
  if (auto failed = Failure(answer)) return *std::move(failed);
  auto const status = Text(answer.body, "status");
  if (status == "failed" || status == "canceled") {
    auto reason = Text(answer.body, "failure_reason");
    return Declined(reason.empty() ? "refund_" + status : reason);
  }
  return Done(answer.body);
}

ProviderResult StripePaymentProvider::Void(domain::VoidCall const& call) {
  auto const answer = Post(settings_, "/v1/payment_intents/" + call.reference + "/cancel", {}, call.idempotency_key);
  if (auto failed = Failure(answer)) return *std::move(failed);
  return Done(answer.body);
}

}  // namespace mercato::adapters
