// The port the payment use cases keep payments and their transaction ledger in. A money
// operation is three steps: Open (one transaction: the payment locked, the operation checked and
// recorded PENDING with its provider idempotency key), the provider call (outside any
// transaction), Settle (one transaction: the ledger row and the payment moved by the answer, with
// their outbox events). A crash or an unknown answer between them leaves a PENDING row that the
// same request again, or the reconciler, settles by asking the provider with the same key.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/events.pb.h"
#include "mercato/v1/payments.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// A PENDING ledger row and what its provider call needs to be made, or made again.
struct PendingCall {
  v1::Payment payment;
  v1::Transaction transaction;
  std::string provider_key;    // the idempotency key the provider call carries
  std::string provider_token;  // authorize only
  bool final_capture = false;  // capture only
};

// What a settlement writes: the ledger row's outcome and the payment after it, with events.
struct Settlement {
  v1::Payment payment;
  v1::Transaction transaction;
  std::vector<v1::EventEnvelope> events;
};

// What the reconciler claims: PENDING calls opened in [opened_after_us, opened_before_us) whose
// next attempt is due at `now_us`, the least recently asked first.
struct DueCallQuery {
  std::int64_t now_us = 0;
  std::int64_t opened_before_us = 0;
  std::int64_t opened_after_us = 0;
  // A claimed call is not due again for retry_after_us × 2^(its earlier attempts), at most 64×:
  // a call the provider keeps not answering is asked less and less often.
  std::int64_t retry_after_us = 0;
  int limit = 100;
};

// The calls waiting for a provider's answer, for monitoring.
struct PendingSummary {
  std::int64_t count = 0;
  std::int64_t oldest_opened_at_us = 0;  // 0 when none waits
};

struct PaymentQuery {
  std::optional<std::string> order_id;
  std::optional<std::string> user_id;  // a customer's own only
  std::optional<SortKey> after;        // newest first: (created_at_us, "", id) of the previous page's last
  int limit = 50;
};

class PaymentStore {
 public:
  using OpenDecision = std::function<Result<PendingCall>(v1::Payment const& locked)>;
  using SettleDecision =
      std::function<Result<std::optional<Settlement>>(v1::Payment const& locked, v1::Transaction const& pending)>;

  virtual ~PaymentStore() = default;

  // A new payment and its AUTHORIZE row, both PENDING (`call`), recorded under `key`; or, when
  // `key` was used before, the payment and row that call recorded (IDEMPOTENCY_KEY_REUSED for other
  // parameters). FAILED_PRECONDITION PAYMENT_EXISTS when the order already has a payment that is
  // not FAILED or VOIDED.
  virtual Result<PendingCall> OpenAuthorization(IdempotencyKey const& key, PendingCall const& call) = 0;
  // Under the payment's lock: `decide(payment)`'s PENDING transaction, recorded under `key`; or the
  // one an earlier call with `key` recorded. NOT_FOUND for an unknown payment; FAILED_PRECONDITION
  // OPERATION_IN_PROGRESS while another operation on the payment waits for its answer.
  virtual Result<PendingCall> OpenOperation(IdempotencyKey const& key, std::string const& payment_id,
                                            OpenDecision const& decide) = 0;
  // Under the payment's lock: `decide` moves a PENDING transaction (nullopt: already settled,
  // nothing to write). Returns the payment and transaction as stored afterwards.
  virtual Result<PendingCall> Settle(std::string const& transaction_id, SettleDecision const& decide) = 0;

  virtual Result<std::optional<v1::Payment>> FindPayment(std::string const& id) = 0;
  virtual Result<std::vector<v1::Payment>> ListPayments(PaymentQuery const& query) = 0;
  // Oldest first: after (created_at_us, "", id) of the previous page's last.
  virtual Result<std::vector<v1::Transaction>> ListTransactions(std::string const& payment_id,
                                                                std::optional<SortKey> const& after, int limit) = 0;
  // The payment's call waiting for the provider's answer, if any (at most one waits).
  virtual Result<std::optional<PendingCall>> PendingCallOf(std::string const& payment_id) = 0;
  // Provider webhook events already applied, by the provider's event id.
  virtual Result<bool> ProviderEventSeen(std::string const& event_id) = 0;
  virtual Status RecordProviderEvent(std::string const& event_id, std::int64_t received_at_us) = 0;
  // Claims up to `limit` due calls (see DueCallQuery) and returns them. Calls another instance is
  // claiming at the same moment are skipped, so reconcilers on several instances share the work.
  virtual Result<std::vector<PendingCall>> ClaimDueCalls(DueCallQuery const& query) = 0;
  virtual Result<PendingSummary> SummarizePending() = 0;
};

}  // namespace mercato::domain
