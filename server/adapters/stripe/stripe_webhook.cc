#include "server/adapters/stripe/stripe_webhook.h"

#include <sodium.h>

#include <array>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace mercato::adapters {
namespace {

using domain::ProviderEvent;
using domain::ProviderOutcome;
using nlohmann::json;

using Digest = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Digest Hmac(std::string_view payload, std::string const& secret, std::string_view timestamp) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<unsigned char const*>(secret.data()), secret.size());
  for (std::string_view part : {timestamp, std::string_view("."), payload}) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<unsigned char const*>(part.data()), part.size());
  }
  Digest digest;
  crypto_auth_hmacsha256_final(&state, digest.data());
  return digest;
}

domain::Error SignatureInvalid(std::string problem) {
  return {domain::ErrorKind::kUnauthenticated, "SIGNATURE_INVALID", "the Stripe-Signature header " + problem, {}};
}

// Stripe-Signature's entries: t once, v1 any number of times.
struct SignatureHeader {
  std::string_view timestamp;
  std::vector<std::string_view> signatures;
};

SignatureHeader ParseHeader(std::string_view header) {
  SignatureHeader parsed;
  while (!header.empty()) {
    auto const comma = header.find(',');
    auto const entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto const equals = entry.find('=');
    if (equals == std::string_view::npos) continue;
    auto const name = entry.substr(0, equals);
    auto const value = entry.substr(equals + 1);
    if (name == "t") parsed.timestamp = value;
    if (name == "v1") parsed.signatures.push_back(value);
  }
  return parsed;
}

domain::Status Verify(std::string_view payload, std::string_view header, StripeWebhookSettings const& settings,
                      std::int64_t now) {
  auto const parsed = ParseHeader(header);
  std::int64_t sent = 0;
  auto const [end, problem] =
      std::from_chars(parsed.timestamp.data(), parsed.timestamp.data() + parsed.timestamp.size(), sent);
  if (parsed.timestamp.empty() || problem != std::errc() || end != parsed.timestamp.data() + parsed.timestamp.size()) {
    return SignatureInvalid("has no timestamp (t=...): is this delivery from Stripe?");
  }
  if (sent < now - settings.tolerance.count() || sent > now + settings.tolerance.count()) {
    auto const off = now > sent ? std::to_string(now - sent) + " s old" : std::to_string(sent - now) + " s ahead";
    return SignatureInvalid("was signed " + off + ", beyond the " + std::to_string(settings.tolerance.count()) +
                            " s tolerance: a replayed delivery, or this server's clock is off");
  }
  auto const expected = Hmac(payload, settings.signing_secret, parsed.timestamp);
  for (auto const hex : parsed.signatures) {
    Digest given;
    std::size_t length = 0;
    if (sodium_hex2bin(given.data(), given.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0 ||
        length != given.size()) {
      continue;
    }
    if (sodium_memcmp(given.data(), expected.data(), given.size()) == 0) return domain::Ok();
  }
  return SignatureInvalid("matches no v1 signature of this payload; check the endpoint's signing secret (whsec_...)");
}

std::string Text(json const& object, char const* field) {
  if (!object.is_object()) return {};
  auto const found = object.find(field);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string MetadataOf(json const& object, char const* field) {
  auto const metadata = object.find("metadata");
  return metadata == object.end() ? std::string() : Text(*metadata, field);
}

ProviderEvent Event(std::string id, json const& object, v1::TransactionKind kind, ProviderOutcome outcome,
                    std::string failure_reason = "") {
  ProviderEvent event{std::move(id), MetadataOf(object, "mercato_payment_id"),
                      MetadataOf(object, "mercato_transaction_id"), -1, kind,
                      {outcome, Text(object, "id"), std::move(failure_reason), {}}};
  if (auto const received = object.find("amount_received"); received != object.end() && received->is_number_integer()) {
    event.captured_minor = received->get<std::int64_t>();
  }
  return event;
}

}  // namespace

domain::Result<std::optional<ProviderEvent>> ReadStripeWebhook(std::string_view payload,
                                                               std::string_view signature_header,
                                                               StripeWebhookSettings const& settings,
                                                               std::int64_t now_unix_seconds) {
  if (auto verified = Verify(payload, signature_header, settings, now_unix_seconds); !verified) return verified.error();
  auto const event = json::parse(payload, nullptr, false);
  auto const id = Text(event, "id");
  if (id.empty() || !event.contains("data") || !event["data"].is_object() || !event["data"].contains("object") ||
      !event["data"]["object"].is_object()) {
    return domain::InvalidArgument("payload", "the payload is not a Stripe event (id, type, data.object)");
  }
  auto const type = Text(event, "type");
  auto const& object = event["data"]["object"];
  using Found = std::optional<ProviderEvent>;
  if (type == "payment_intent.amount_capturable_updated") {
    return Found(Event(id, object, v1::TRANSACTION_KIND_AUTHORIZE, ProviderOutcome::kSucceeded));
  }
  if (type == "payment_intent.payment_failed") {
    auto const error = object.contains("last_payment_error") ? object["last_payment_error"] : json();
    auto reason = Text(error, "decline_code");
    if (reason.empty()) reason = Text(error, "code");
    return Found(Event(id, object, v1::TRANSACTION_KIND_AUTHORIZE, ProviderOutcome::kDeclined,
                       reason.empty() ? "payment_failed" : reason));
  }
  if (type == "payment_intent.succeeded") {
    return Found(Event(id, object, v1::TRANSACTION_KIND_CAPTURE, ProviderOutcome::kSucceeded));
  }
  if (type == "payment_intent.canceled") {
    return Found(Event(id, object, v1::TRANSACTION_KIND_VOID, ProviderOutcome::kSucceeded));
  }
  if (type == "refund.created" || type == "refund.updated") {
    auto const status = Text(object, "status");
    if (status == "succeeded" || status == "pending") {
      return Found(Event(id, object, v1::TRANSACTION_KIND_REFUND, ProviderOutcome::kSucceeded));
    }
    if (status == "failed" || status == "canceled") {
      auto reason = Text(object, "failure_reason");
      return Found(Event(id, object, v1::TRANSACTION_KIND_REFUND, ProviderOutcome::kDeclined,
                         reason.empty() ? "refund_" + status : reason));
    }
  }
  return Found();
}

std::string SignStripeWebhook(std::string_view payload, std::string const& signing_secret, std::int64_t unix_seconds) {
  auto const timestamp = std::to_string(unix_seconds);
  auto const digest = Hmac(payload, signing_secret, timestamp);
  std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex;
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return "t=" + timestamp + ",v1=" + hex.data();
}

}  // namespace mercato::adapters
