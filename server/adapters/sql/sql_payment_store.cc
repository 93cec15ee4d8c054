#include "server/adapters/sql/sql_payment_store.h"

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_values.h"

namespace mercato::adapters {
namespace {

using domain::PendingCall;
using domain::Result;
using domain::Status;

Result<v1::Payment> PaymentFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Payment>(*document);
}

Result<v1::Transaction> TransactionFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Transaction>(*document);
}

Result<std::optional<v1::Payment>> ReadPayment(SqlSession& session, std::string const& id, bool lock) {
  return FirstRow(session.Exec("SELECT document FROM payments WHERE id = $1" +
                                   (lock ? RowLock(session, "FOR UPDATE") : std::string()),
                               {id}),
                  &PaymentFromRow);
}

// Transaction rows with their payments, read in one query.
constexpr char kJoinedCalls[] =
    "SELECT t.document, t.provider_key, t.provider_token, t.final_capture, p.document AS payment_document "
    "FROM transactions t JOIN payments p ON p.id = t.payment_id WHERE ";

Result<PendingCall> CallFromJoin(SqlRows const& rows, std::size_t i) {
  PendingCall call;
  auto transaction = TransactionFromRow(rows, i);
  if (!transaction) return transaction.error();
  call.transaction = *std::move(transaction);
  auto payment = GetText(rows, i, "payment_document");
  if (!payment) return payment.error();
  auto parsed = ParseJson<v1::Payment>(*payment);
  if (!parsed) return parsed.error();
  call.payment = *std::move(parsed);
  SqlRowReader row(rows, i);
  call.provider_key = row.Text("provider_key");
  call.provider_token = row.Text("provider_token");
  call.final_capture = row.Bool("final_capture");
  if (row.error()) return *row.error();
  return call;
}

// A transaction row and its payment as a PendingCall. With `lock`, the payment is locked first and
// then the row: the order every writer locks them in.
Result<PendingCall> ReadCall(SqlSession& session, std::string const& transaction_id, bool lock) {
  if (lock) {
    auto locked = session.Exec("SELECT 1 FROM payments WHERE id = (SELECT payment_id FROM transactions WHERE id = $1)" +
                                   RowLock(session, "FOR UPDATE"),
                               {transaction_id});
    if (!locked) return locked.error();
  }
  auto calls = AllRows(session.Exec(std::string(kJoinedCalls) + "t.id = $1" +
                                        (lock ? RowLock(session, "FOR UPDATE OF t") : std::string()),
                                    {transaction_id}),
                       &CallFromJoin);
  if (!calls) return calls.error();
  if (calls->empty()) return domain::NotFound("transaction", transaction_id);
  return std::move(calls->front());
}

Status WritePayment(SqlSession& session, v1::Payment const& payment, bool insert) {
  auto document = ToJson(payment);
  if (!document) return document.error();
  SqlParams const params = {payment.id(),
                            payment.order_id(),
                            payment.user_id(),
                            payment.amount().currency_code(),
                            std::to_string(payment.amount().amount_minor()),
                            std::to_string(payment.captured_amount().amount_minor()),
                            std::to_string(payment.refunded_amount().amount_minor()),
                            std::to_string(payment.status()),
                            std::to_string(payment.version()),
                            Micros(payment.created_at()),
                            *document};
  auto written = session.Exec(
      insert ? "INSERT INTO payments (id, order_id, user_id, currency_code, amount_minor, captured_minor, "
               "refunded_minor, status, version, created_at_us, document) VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), "
               "CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS BIGINT), CAST($9 AS BIGINT), CAST($10 AS BIGINT), $11)"
             : "UPDATE payments SET captured_minor = CAST($6 AS BIGINT), refunded_minor = CAST($7 AS BIGINT), "
               "status = CAST($8 AS BIGINT), version = CAST($9 AS BIGINT), document = $11 WHERE id = $1 "
               "AND order_id = $2 AND user_id = $3 AND currency_code = $4 AND amount_minor = CAST($5 AS BIGINT) "
               "AND created_at_us = CAST($10 AS BIGINT)",
      params);
  if (!written) {
    if (IsUniqueViolation(written.error(), "payments", "order_id")) {
      return domain::Error{domain::ErrorKind::kFailedPrecondition, "PAYMENT_EXISTS",
                           "order '" + domain::Echo(payment.order_id()) +
                               "' already has a payment that is not FAILED or VOIDED; capture or void that one",
                           {{"order_id", domain::Echo(payment.order_id())}}};
    }
    return written.error();
  }
  if (!insert && written->affected != 1) return domain::Internal("payment '" + payment.id() + "' changed its fixed fields");
  return domain::Ok();
}

Status InsertTransaction(SqlSession& session, PendingCall const& call) {
  auto document = ToJson(call.transaction);
  if (!document) return document.error();
  auto const& transaction = call.transaction;
  auto inserted = session.Exec(
      "INSERT INTO transactions (id, payment_id, currency_code, kind, amount_minor, status, provider_key, "
      "provider_token, final_capture, created_at_us, document) VALUES ($1, $2, $3, CAST($4 AS BIGINT), "
      "CAST($5 AS BIGINT), CAST($6 AS BIGINT), $7, $8, " + std::string(call.final_capture ? "TRUE" : "FALSE") +
          ", CAST($9 AS BIGINT), $10)",
      {transaction.id(), transaction.payment_id(), transaction.amount().currency_code(),
       std::to_string(transaction.kind()), std::to_string(transaction.amount().amount_minor()),
       std::to_string(transaction.status()), call.provider_key, call.provider_token, Micros(transaction.created_at()),
       *document});
  if (!inserted) {
    if (IsUniqueViolation(inserted.error(), "transactions", "provider_key")) {
      // Another caller's request with this request_id on this payment: its provider key is taken.
      return domain::Error{domain::ErrorKind::kAlreadyExists, "IDEMPOTENCY_KEY_REUSED",
                           "request_id was already used by another request on payment '" + transaction.payment_id() +
                               "'; send a new request_id",
                           {{"payment_id", transaction.payment_id()}}};
    }
    if (IsUniqueViolation(inserted.error(), "transactions", "payment_id")) {
      return domain::Error{domain::ErrorKind::kFailedPrecondition, "OPERATION_IN_PROGRESS",
                           "payment '" + transaction.payment_id() +
                               "' has an operation waiting for the provider's answer; retry once it is settled",
                           {{"payment_id", transaction.payment_id()}}};
    }
    return inserted.error();
  }
  return domain::Ok();
}

}  // namespace

Result<PendingCall> SqlPaymentStore::OpenAuthorization(domain::IdempotencyKey const& key, PendingCall const& call) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) -> Result<PendingCall> {
    auto opened = IdempotentWrite<v1::Transaction>(session, key, now_us, [&]() -> Result<v1::Transaction> {
      if (auto written = WritePayment(session, call.payment, true); !written) return written.error();
      if (auto inserted = InsertTransaction(session, call); !inserted) return inserted.error();
      return call.transaction;
    });
    if (!opened) return opened.error();
    return ReadCall(session, opened->id(), false);
  });
}

Result<PendingCall> SqlPaymentStore::OpenOperation(domain::IdempotencyKey const& key, std::string const& payment_id,
                                                   OpenDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) -> Result<PendingCall> {
    auto opened = IdempotentWrite<v1::Transaction>(session, key, now_us, [&]() -> Result<v1::Transaction> {
      auto payment = ReadPayment(session, payment_id, true);
      if (!payment) return payment.error();
      if (!*payment) return domain::NotFound("payment", payment_id);
      auto call = decide(**payment);
      if (!call) return call.error();
      if (auto written = WritePayment(session, call->payment, false); !written) return written.error();
      if (auto inserted = InsertTransaction(session, *call); !inserted) return inserted.error();
      return call->transaction;
    });
    if (!opened) return opened.error();
    return ReadCall(session, opened->id(), false);
  });
}

Result<PendingCall> SqlPaymentStore::Settle(std::string const& transaction_id, SettleDecision const& decide) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<PendingCall> {
    auto call = ReadCall(session, transaction_id, true);
    if (!call) return call.error();
    auto settlement = decide(call->payment, call->transaction);
    if (!settlement) return settlement.error();
    if (!*settlement) return call;
    auto& settled = **settlement;
    auto document = ToJson(settled.transaction);
    if (!document) return document.error();
    // The token was needed only to ask again; a settled row keeps none.
    auto updated = session.Exec(
        "UPDATE transactions SET status = CAST($2 AS BIGINT), provider_token = '', document = $3 WHERE id = $1",
        {transaction_id, std::to_string(settled.transaction.status()), *document});
    if (!updated) return updated.error();
    if (auto written = WritePayment(session, settled.payment, false); !written) return written.error();
    if (auto appended = AppendToOutbox(session, settled.events); !appended) return appended.error();
    return PendingCall{settled.payment, settled.transaction, call->provider_key, "", call->final_capture};
  });
}

Result<std::optional<v1::Payment>> SqlPaymentStore::FindPayment(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) { return ReadPayment(session, id, false); });
}

Result<std::vector<v1::Payment>> SqlPaymentStore::ListPayments(domain::PaymentQuery const& query) {
  SqlParamList params;
  std::string sql = "SELECT document FROM payments WHERE 1 = 1";
  if (query.order_id) sql += " AND order_id = " + params.Add(*query.order_id);
  if (query.user_id) sql += " AND user_id = " + params.Add(*query.user_id) + " AND user_id <> ''";
  if (query.after) {
    auto const at = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (created_at_us < " + at + " OR (created_at_us = " + at + " AND id < " + id + "))";
  }
  sql += " ORDER BY created_at_us DESC, id DESC LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &PaymentFromRow); });
}

Result<std::vector<v1::Transaction>> SqlPaymentStore::ListTransactions(std::string const& payment_id,
                                                                       std::optional<domain::SortKey> const& after,
                                                                       int limit) {
  SqlParamList params;
  std::string sql = "SELECT document FROM transactions WHERE payment_id = " + params.Add(payment_id);
  if (after) {
    auto const at = params.AddInt(after->number);
    auto const id = params.Add(after->id);
    sql += " AND (created_at_us > " + at + " OR (created_at_us = " + at + " AND id > " + id + "))";
  }
  sql += " ORDER BY created_at_us, id LIMIT " + params.AddInt(limit);
  return InRead(db_, [&](SqlSession& session) {
    return AllRows(session.Exec(sql, params.params()), &TransactionFromRow);
  });
}

Result<std::optional<PendingCall>> SqlPaymentStore::PendingCallOf(std::string const& payment_id) {
  SqlParamList params;
  auto const where = "t.status = " + std::to_string(v1::TRANSACTION_STATUS_PENDING) + " AND t.payment_id = " +
                     params.Add(payment_id);
  auto calls = InRead(db_, [&](SqlSession& session) {
    return AllRows(session.Exec(std::string(kJoinedCalls) + where, params.params()), &CallFromJoin);
  });
  if (!calls) return calls.error();
  if (calls->empty()) return std::optional<PendingCall>();
  return std::optional<PendingCall>(std::move(calls->front()));
}

Result<bool> SqlPaymentStore::ProviderEventSeen(std::string const& event_id) {
  return InRead(db_, [&](SqlSession& session) -> Result<bool> {
    auto rows = session.Exec("SELECT 1 FROM provider_events WHERE event_id = $1", {event_id});
    if (!rows) return rows.error();
    return !rows->empty();
  });
}

Status SqlPaymentStore::RecordProviderEvent(std::string const& event_id, std::int64_t received_at_us) {
  return InTransaction(db_, [&](SqlSession& session) -> Status {
    auto inserted = session.Exec(
        "INSERT INTO provider_events (event_id, received_at_us) VALUES ($1, CAST($2 AS BIGINT)) "
        "ON CONFLICT (event_id) DO NOTHING",
        {event_id, std::to_string(received_at_us)});
    if (!inserted) return inserted.error();
    return domain::Ok();
  });
}

Result<std::vector<PendingCall>> SqlPaymentStore::ClaimDueCalls(domain::DueCallQuery const& query) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<std::vector<PendingCall>> {
    SqlParamList params;
    auto const sql = std::string(kJoinedCalls) + "t.status = " + std::to_string(v1::TRANSACTION_STATUS_PENDING) +
                     " AND t.created_at_us < " + params.AddInt(query.opened_before_us) +
                     " AND t.created_at_us >= " + params.AddInt(query.opened_after_us) +
                     " AND t.next_attempt_at_us <= " + params.AddInt(query.now_us) +
                     " ORDER BY t.next_attempt_at_us, t.created_at_us LIMIT " + params.AddInt(query.limit) +
                     RowLock(session, "FOR UPDATE OF t SKIP LOCKED");
    auto calls = AllRows(session.Exec(sql, params.params()), &CallFromJoin);
    if (!calls || calls->empty()) return calls;
    SqlParamList claim;
    auto const now = claim.AddInt(query.now_us);
    auto const retry_after = claim.AddInt(query.retry_after_us);
    std::string ids;
    for (auto const& call : *calls) ids += (ids.empty() ? "" : ", ") + claim.Add(call.transaction.id());
    // SET reads the row as it was: the interval doubles with the attempts made before this one.
    auto claimed = session.Exec("UPDATE transactions SET attempts = attempts + 1, next_attempt_at_us = " + now +
                                    " + " + retry_after + " * (CASE WHEN attempts < 6 THEN 1 << attempts ELSE 64 END)"
                                    " WHERE id IN (" + ids + ")",
                                claim.params());
    if (!claimed) return claimed.error();
    return calls;
  });
}

Result<domain::PendingSummary> SqlPaymentStore::SummarizePending() {
  return InRead(db_, [&](SqlSession& session) -> Result<domain::PendingSummary> {
    auto rows = session.Exec("SELECT COUNT(*) AS waiting, COALESCE(MIN(created_at_us), 0) AS oldest FROM transactions "
                             "WHERE status = " + std::to_string(v1::TRANSACTION_STATUS_PENDING));
    if (!rows) return rows.error();
    SqlRowReader row(*rows, 0);
    domain::PendingSummary summary{row.Int64("waiting"), row.Int64("oldest")};
    if (row.error()) return *row.error();
    return summary;
  });
}

}  // namespace mercato::adapters
