// The PaymentStore port over SQL: Payment and Transaction messages as JSON documents, with the
// amounts, statuses and keys the database's constraints and the listings need in columns.
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/payments/payment_store.h"

namespace mercato::adapters {

class SqlPaymentStore final : public domain::PaymentStore {
 public:
  // `clock` stamps idempotency keys.
  SqlPaymentStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

  domain::Result<domain::PendingCall> OpenAuthorization(domain::IdempotencyKey const& key,
                                                        domain::PendingCall const& call) override;
  domain::Result<domain::PendingCall> OpenOperation(domain::IdempotencyKey const& key, std::string const& payment_id,
                                                    OpenDecision const& decide) override;
  domain::Result<domain::PendingCall> Settle(std::string const& transaction_id, SettleDecision const& decide) override;
  domain::Result<std::optional<v1::Payment>> FindPayment(std::string const& id) override;
  domain::Result<std::vector<v1::Payment>> ListPayments(domain::PaymentQuery const& query) override;
  domain::Result<std::vector<v1::Transaction>> ListTransactions(std::string const& payment_id,
                                                                std::optional<domain::SortKey> const& after,
                                                                int limit) override;
  domain::Result<std::optional<domain::PendingCall>> PendingCallOf(std::string const& payment_id) override;
  domain::Result<bool> ProviderEventSeen(std::string const& event_id) override;
  domain::Status RecordProviderEvent(std::string const& event_id, std::int64_t received_at_us) override;
  domain::Result<std::vector<domain::PendingCall>> ClaimDueCalls(domain::DueCallQuery const& query) override;
  domain::Result<domain::PendingSummary> SummarizePending() override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
