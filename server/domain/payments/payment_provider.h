// The port to a card processor: the built-in test provider (embedded default) or Stripe. Every
// call carries an idempotency key; the provider answers a repeated key with the first call's
// outcome and moves no money again, which is what lets Mercato ask again after an unknown outcome.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mercato/v1/payments.pb.h"

namespace mercato::domain {

enum class ProviderOutcome {
  kSucceeded,  // the provider did it
  kDeclined,   // the provider refused; nothing moved (failure_reason says why)
  kUnknown,    // no usable answer (deadline passed, connection lost, 5xx): it may have happened;
               // ask again with the same idempotency key, never with a new one
};

struct ProviderResult {
  ProviderOutcome outcome = ProviderOutcome::kUnknown;
  // The provider's id of what it did: the authorization (payment intent) or the refund.
  std::string reference;
  // Declined: the provider's code ("card_declined", "insufficient_funds", "expired_card", ...);
  // unknown: what was seen ("timeout", "http 503", ...).
  std::string failure_reason;
  // Authorize: the method with its display fields (brand, last four digits, expiry) filled in.
  v1::PaymentMethod method;
};

struct AuthorizeCall {
  std::string idempotency_key;
  std::string payment_id;  // Mercato's, filed with the provider so its webhooks name it
  v1::Money amount;
  std::string provider_token;
};

struct CaptureCall {
  std::string idempotency_key;
  std::string reference;  // the authorization's
  v1::Money amount;
  bool final_capture = false;  // releases what is left of the authorization
};

struct RefundCall {
  std::string idempotency_key;
  std::string payment_id;      // Mercato's, filed with the provider so its webhooks name it
  std::string transaction_id;  // the refund's ledger row, filed likewise
  std::string reference;  // the authorization's
  v1::Money amount;
};

struct VoidCall {
  std::string idempotency_key;
  std::string reference;  // the authorization's
};

// What a provider's webhook reports about one of Mercato's calls.
struct ProviderEvent {
  std::string id;              // the provider's event id: each is applied once
  std::string payment_id;      // the payment it concerns, as Mercato filed it with the provider
  std::string transaction_id;  // refunds: the ledger row, as Mercato filed it
  std::int64_t captured_minor = -1;  // captures: all the authorization has captured so far
  v1::TransactionKind kind = v1::TRANSACTION_KIND_UNSPECIFIED;  // the operation it reports on
  ProviderResult result;   // kSucceeded or kDeclined
};

// Implementations are thread-safe. Calls block for at most the adapter's own deadline and then
// answer kUnknown; they never throw.
class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  // The name payment methods use: "test", "stripe".
  virtual std::string_view name() const = 0;
  // How long after a call was first made asking again with its idempotency key still gets the
  // first call's answer; nullopt: for as long as Mercato asks. Past it the provider may have
  // forgotten the key and act a second time, so Mercato stops asking.
  virtual std::optional<std::chrono::microseconds> idempotency_window() const = 0;
  virtual ProviderResult Authorize(AuthorizeCall const& call) = 0;
  virtual ProviderResult Capture(CaptureCall const& call) = 0;
  virtual ProviderResult Refund(RefundCall const& call) = 0;
  virtual ProviderResult Void(VoidCall const& call) = 0;
};

}  // namespace mercato::domain
