#include "server/domain/payments/payments.h"

#include <google/protobuf/util/time_util.h>

#include <utility>

#include "server/domain/events/event_factory.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/page_token.h"
#include "server/domain/payments/payment_rules.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kReconcilerActor[] = "payments-reconciler";
constexpr char kWebhookActor[] = "provider-webhook";

bool MaySee(v1::Payment const& payment, Principal const& caller) {
  return caller.IsStaff() || (!payment.user_id().empty() && payment.user_id() == caller.user_id);
}

Status RequireRequestId(std::string const& request_id) {
  if (!request_id.empty()) return Ok();
  return InvalidArgument("request_id",
                         "request_id is required for money operations: it is what makes a retry safe (the "
                         "provider's idempotency key is derived from it); send a new one per operation");
}

char const* OperationName(v1::TransactionKind kind) {
  switch (kind) {
    case v1::TRANSACTION_KIND_AUTHORIZE: return "authorize";
    case v1::TRANSACTION_KIND_CAPTURE: return "capture";
    case v1::TRANSACTION_KIND_REFUND: return "refund";
    case v1::TRANSACTION_KIND_VOID: return "void";
    default: return "unknown";
  }
}

// The event a settled transaction publishes: payment.authorized, payment.failed (a declined
// authorization), payment.completed (a capture), payment.refunded or payment.voided. A declined
// capture, refund or void leaves the payment as it was and publishes nothing.
std::optional<std::string> EventType(v1::Transaction const& transaction) {
  bool const succeeded = transaction.status() == v1::TRANSACTION_STATUS_SUCCEEDED;
  switch (transaction.kind()) {
    case v1::TRANSACTION_KIND_AUTHORIZE: return succeeded ? "payment.authorized" : "payment.failed";
    case v1::TRANSACTION_KIND_CAPTURE: return succeeded ? std::optional<std::string>("payment.completed") : std::nullopt;
    case v1::TRANSACTION_KIND_REFUND: return succeeded ? std::optional<std::string>("payment.refunded") : std::nullopt;
    case v1::TRANSACTION_KIND_VOID: return succeeded ? std::optional<std::string>("payment.voided") : std::nullopt;
    default: return std::nullopt;
  }
}

Error OutcomeUnknown(PendingCall const& call, std::string const& seen) {
  return {ErrorKind::kUnavailable,
          "PAYMENT_OUTCOME_UNKNOWN",
          "the payment provider did not answer the " + std::string(OperationName(call.transaction.kind())) +
              " of payment '" + call.payment.id() + "' (" + seen +
              "): it stays PENDING until the provider is asked again; retry with the same request_id",
          {{"payment_id", call.payment.id()}, {"transaction_id", call.transaction.id()}}};
}

Error NeedsReview(PendingCall const& call) {
  return {ErrorKind::kFailedPrecondition,
          "PAYMENT_NEEDS_REVIEW",
          "the payment provider never answered the " + std::string(OperationName(call.transaction.kind())) +
              " of payment '" + call.payment.id() +
              "', and it was first asked longer ago than the provider keeps idempotency keys: asking again "
              "could move money twice, so Mercato will not; look the payment up in the provider's dashboard",
          {{"payment_id", call.payment.id()}, {"transaction_id", call.transaction.id()}}};
}

v1::Transaction NewTransaction(PaymentsContext const& context, std::string const& payment_id, v1::TransactionKind kind,
                               v1::Money const& amount, std::int64_t now) {
  v1::Transaction transaction;
  transaction.set_id(context.ids.NewId());
  transaction.set_payment_id(payment_id);
  transaction.set_kind(kind);
  *transaction.mutable_amount() = amount;
  transaction.set_status(v1::TRANSACTION_STATUS_PENDING);
  *transaction.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
  return transaction;
}

// The PENDING call a capture, refund or void opens on `payment`, after `check` passed.
PendingCall OpenOn(PaymentsContext const& context, v1::Payment const& payment, v1::TransactionKind kind,
                   v1::Money const& amount, std::string const& request_id, std::int64_t now) {
  PendingCall call;
  call.payment = payment;
  call.payment.set_version(payment.version() + 1);  // a second caller with the same version is ABORTED
  *call.payment.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(now);
  call.transaction = NewTransaction(context, payment.id(), kind, amount, now);
  call.provider_key = ProviderIdempotencyKey(payment.id(), OperationName(kind), request_id);
  return call;
}

// Whether a webhook event reports on this waiting call rather than an earlier one of its kind: a
// refund by its ledger row, a capture by the total it leaves captured, a void by the intent.
bool ReportsOn(ProviderEvent const& event, PendingCall const& call) {
  auto const& payment = call.payment;
  if (event.kind != call.transaction.kind()) return false;
  switch (event.kind) {
    case v1::TRANSACTION_KIND_AUTHORIZE: return true;  // one authorization per payment
    case v1::TRANSACTION_KIND_CAPTURE:
      return event.result.reference == payment.provider_reference() &&
             event.captured_minor == payment.captured_amount().amount_minor() + call.transaction.amount().amount_minor();
    case v1::TRANSACTION_KIND_REFUND: return event.transaction_id == call.transaction.id();
    case v1::TRANSACTION_KIND_VOID: return event.result.reference == payment.provider_reference();
    default: return false;
  }
}

// A money operation's response: the payment and the transaction as settled (or still PENDING).
template <typename Response>
Result<Response> Respond(Result<PendingCall> done) {
  if (!done) return done.error();
  Response response;
  *response.mutable_payment() = std::move(done->payment);
  *response.mutable_transaction() = std::move(done->transaction);
  return response;
}

Status CheckVersion(v1::Payment const& payment, std::int64_t expected) {
  if (payment.version() == expected) return Ok();
  return VersionMismatch("payment", payment.id(), expected, payment.version());
}

}  // namespace

Result<PendingCall> Payments::Complete(PendingCall call, std::string const& request_id, std::string const& actor) {
  if (call.transaction.status() != v1::TRANSACTION_STATUS_PENDING) return call;
  auto& provider = context_.provider;
  auto const& transaction = call.transaction;
  auto const window = provider.idempotency_window();
  if (window && context_.clock.NowMicros() - TimeUtil::TimestampToMicroseconds(transaction.created_at()) >=
                    window->count()) {
    return NeedsReview(call);
  }
  ProviderResult answer;
  switch (transaction.kind()) {
    case v1::TRANSACTION_KIND_AUTHORIZE:
      answer = provider.Authorize({call.provider_key, call.payment.id(), transaction.amount(), call.provider_token});
      break;
    case v1::TRANSACTION_KIND_CAPTURE:
      answer = provider.Capture({call.provider_key, call.payment.provider_reference(), transaction.amount(),
                                 call.final_capture});
      break;
    case v1::TRANSACTION_KIND_REFUND:
      answer = provider.Refund({call.provider_key, call.payment.id(), transaction.id(),
                                call.payment.provider_reference(), transaction.amount()});
      break;
    case v1::TRANSACTION_KIND_VOID:
      answer = provider.Void({call.provider_key, call.payment.provider_reference()});
      break;
    default:
      return Internal("transaction '" + transaction.id() + "' has no kind");
  }
  if (answer.outcome == ProviderOutcome::kUnknown) return OutcomeUnknown(call, answer.failure_reason);
  return SettleWith(call, answer, request_id, actor);
}

Result<PendingCall> Payments::SettleWith(PendingCall const& call, ProviderResult const& answer,
                                         std::string const& request_id, std::string const& actor) {
  auto const now = context_.clock.NowMicros();
  bool const succeeded = answer.outcome == ProviderOutcome::kSucceeded;
  return context_.store.Settle(
      call.transaction.id(),
      [&](v1::Payment const& payment, v1::Transaction const& pending) -> Result<std::optional<Settlement>> {
        if (pending.status() != v1::TRANSACTION_STATUS_PENDING) return std::optional<Settlement>();
        Settlement settled{payment, pending, {}};
        settled.transaction.set_status(succeeded ? v1::TRANSACTION_STATUS_SUCCEEDED : v1::TRANSACTION_STATUS_FAILED);
        settled.transaction.set_provider_reference(answer.reference);
        settled.transaction.set_failure_reason(answer.failure_reason);
        if (succeeded) {
          settled.payment = Applied(payment, pending.kind(), pending.amount(), call.final_capture);
          if (pending.kind() == v1::TRANSACTION_KIND_AUTHORIZE) {
            settled.payment.set_provider_reference(answer.reference);
            auto& method = *settled.payment.mutable_method();
            method.set_card_brand(answer.method.card_brand());
            method.set_last4(answer.method.last4());
            method.set_exp_month(answer.method.exp_month());
            method.set_exp_year(answer.method.exp_year());
          }
        } else if (pending.kind() == v1::TRANSACTION_KIND_AUTHORIZE) {
          settled.payment.set_status(v1::PAYMENT_STATUS_FAILED);
          settled.payment.set_failure_reason(answer.failure_reason);
        }
        settled.payment.set_version(payment.version() + 1);
        *settled.payment.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(now);
        if (auto const type = EventType(settled.transaction)) {
          v1::PaymentEvent payload;
          *payload.mutable_payment() = settled.payment;
          *payload.mutable_transaction() = settled.transaction;
          EventContext const events{context_.ids.NewId(), now, request_id, actor};
          settled.events.push_back(MakeEvent(events, *type, "payment", settled.payment.id(),
                                             settled.payment.version(), payload));
        }
        return std::optional<Settlement>(std::move(settled));
      });
}

Result<v1::AuthorizePaymentResponse> Payments::Authorize(v1::AuthorizePaymentRequest const& request,
                                                         Principal const& caller) {
  if (auto valid = RequireRequestId(request.request_id()); !valid) return valid.error();
  if (auto valid = CheckReference("order_id", request.order_id()); !valid) return valid.error();
  if (auto valid = CheckReference("customer_id", request.customer_id(), false); !valid) return valid.error();
  if (auto valid = CheckPositiveMoney("amount", request.amount()); !valid) return valid.error();
  if (auto valid = CheckPaymentMethod("method", request.method()); !valid) return valid.error();
  auto const provider = std::string(context_.provider.name());
  if (request.method().provider() != provider) {
    return InvalidArgument("method.provider", "this server takes payments through provider '" + provider + "', not '" +
                                                  Echo(request.method().provider()) + "'");
  }
  auto const now = context_.clock.NowMicros();
  PendingCall call;
  auto& payment = call.payment;
  payment.set_id(context_.ids.NewId());
  payment.set_order_id(request.order_id());
  payment.set_user_id(request.customer_id());
  *payment.mutable_amount() = request.amount();
  payment.set_status(v1::PAYMENT_STATUS_PENDING);
  payment.mutable_method()->set_provider(provider);
  payment.set_version(1);
  *payment.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
  *payment.mutable_updated_at() = payment.created_at();
  call.transaction = NewTransaction(context_, payment.id(), v1::TRANSACTION_KIND_AUTHORIZE, request.amount(), now);
  call.provider_token = request.method().provider_token();
  call.provider_key = ProviderIdempotencyKey(payment.id(), "authorize", request.request_id());
  auto opened = context_.store.OpenAuthorization(
      CallerScopedKey("payments.AuthorizePayment", request.request_id(), request, caller), call);
  if (!opened) return opened.error();
  return Respond<v1::AuthorizePaymentResponse>(Complete(*std::move(opened), request.request_id(), caller.actor()));
}

Result<v1::CapturePaymentResponse> Payments::Capture(v1::CapturePaymentRequest const& request, Principal const& caller) {
  if (auto valid = RequireRequestId(request.request_id()); !valid) return valid.error();
  if (auto valid = CheckReference("payment_id", request.payment_id()); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  auto opened = context_.store.OpenOperation(
      CallerScopedKey("payments.CapturePayment", request.request_id(), request, caller), request.payment_id(),
      [&](v1::Payment const& payment) -> Result<PendingCall> {
        if (auto same = CheckVersion(payment, request.expected_version()); !same) return same.error();
        auto amount = CaptureAmount(payment, request.has_amount() ? &request.amount() : nullptr);
        if (!amount) return amount.error();
        auto call = OpenOn(context_, payment, v1::TRANSACTION_KIND_CAPTURE, *amount, request.request_id(), now);
        call.final_capture = request.final_capture();
        return call;
      });
  if (!opened) return opened.error();
  return Respond<v1::CapturePaymentResponse>(Complete(*std::move(opened), request.request_id(), caller.actor()));
}

Result<v1::RefundPaymentResponse> Payments::Refund(v1::RefundPaymentRequest const& request, Principal const& caller) {
  if (auto valid = RequireRequestId(request.request_id()); !valid) return valid.error();
  if (auto valid = CheckReference("payment_id", request.payment_id()); !valid) return valid.error();
  std::string reason = request.reason();
  if (auto valid = NormalizeText("reason", reason, TextRule{500, false, true}); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  auto opened = context_.store.OpenOperation(
      CallerScopedKey("payments.RefundPayment", request.request_id(), request, caller), request.payment_id(),
      [&](v1::Payment const& payment) -> Result<PendingCall> {
        if (auto same = CheckVersion(payment, request.expected_version()); !same) return same.error();
        if (auto allowed = CheckRefund(payment, request.amount()); !allowed) return allowed.error();
        auto call = OpenOn(context_, payment, v1::TRANSACTION_KIND_REFUND, request.amount(), request.request_id(), now);
        call.transaction.set_reason(reason);
        return call;
      });
  if (!opened) return opened.error();
  return Respond<v1::RefundPaymentResponse>(Complete(*std::move(opened), request.request_id(), caller.actor()));
}

Result<v1::VoidPaymentResponse> Payments::Void(v1::VoidPaymentRequest const& request, Principal const& caller) {
  if (auto valid = RequireRequestId(request.request_id()); !valid) return valid.error();
  if (auto valid = CheckReference("payment_id", request.payment_id()); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  auto opened = context_.store.OpenOperation(
      CallerScopedKey("payments.VoidPayment", request.request_id(), request, caller), request.payment_id(),
      [&](v1::Payment const& payment) -> Result<PendingCall> {
        if (auto same = CheckVersion(payment, request.expected_version()); !same) return same.error();
        if (auto allowed = CheckVoid(payment); !allowed) return allowed.error();
        // What the void releases: the authorization less what was captured of it.
        auto released = payment.amount();
        released.set_amount_minor(payment.amount().amount_minor() - payment.captured_amount().amount_minor());
        return OpenOn(context_, payment, v1::TRANSACTION_KIND_VOID, released, request.request_id(), now);
      });
  if (!opened) return opened.error();
  return Respond<v1::VoidPaymentResponse>(Complete(*std::move(opened), request.request_id(), caller.actor()));
}

Result<v1::Payment> Payments::Get(std::string const& payment_id, Principal const& caller) {
  if (auto valid = CheckReference("payment_id", payment_id); !valid) return valid.error();
  auto found = context_.store.FindPayment(payment_id);
  if (!found) return found.error();
  if (!*found || !MaySee(**found, caller)) return NotFound("payment", payment_id);
  return **std::move(found);
}

Result<v1::ListPaymentsResponse> Payments::List(v1::ListPaymentsRequest const& request, Principal const& caller) {
  bool const staff = caller.IsStaff();
  if (!staff && !request.user_id().empty() && request.user_id() != caller.user_id) {
    return StaffRequired("listing another user's payments");
  }
  if (staff && request.order_id().empty() && request.user_id().empty()) {
    return InvalidArgument("order_id", "set order_id or user_id: whose payments to list");
  }
  auto page = ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size,
                              staff ? "" : caller.user_id);
  if (!page) return page.error();
  PaymentQuery query;
  if (!request.order_id().empty()) query.order_id = request.order_id();
  if (!request.user_id().empty()) query.user_id = request.user_id();
  if (!staff) query.user_id = caller.user_id;
  query.after = page->after;
  query.limit = page->size + 1;
  auto payments = context_.store.ListPayments(query);
  if (!payments) return payments.error();
  v1::ListPaymentsResponse response;
  bool const more = CutToPage(*payments, page->size);
  for (auto& payment : *payments) *response.add_payments() = std::move(payment);
  if (more) {
    auto const& last = response.payments(response.payments_size() - 1);
    response.set_next_page_token(
        NextPageToken(*page, {TimeUtil::TimestampToMicroseconds(last.created_at()), "", last.id()}));
  }
  return response;
}

Result<v1::ListTransactionsResponse> Payments::ListTransactions(v1::ListTransactionsRequest const& request,
                                                                Principal const& caller) {
  auto payment = Get(request.payment_id(), caller);
  if (!payment) return payment.error();
  auto page = ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size);
  if (!page) return page.error();
  auto transactions = context_.store.ListTransactions(payment->id(), page->after, page->size + 1);
  if (!transactions) return transactions.error();
  v1::ListTransactionsResponse response;
  bool const more = CutToPage(*transactions, page->size);
  for (auto& transaction : *transactions) *response.add_transactions() = std::move(transaction);
  if (more) {
    auto const& last = response.transactions(response.transactions_size() - 1);
    response.set_next_page_token(
        NextPageToken(*page, {TimeUtil::TimestampToMicroseconds(last.created_at()), "", last.id()}));
  }
  return response;
}

Status Payments::ApplyProviderEvent(ProviderEvent const& event) {
  auto seen = context_.store.ProviderEventSeen(event.id);
  if (!seen) return seen.error();
  if (*seen) return Ok();
  if (!event.payment_id.empty() && event.result.outcome != ProviderOutcome::kUnknown) {
    auto pending = context_.store.PendingCallOf(event.payment_id);
    if (!pending) return pending.error();
    if (*pending && ReportsOn(event, **pending)) {
      if (auto settled = SettleWith(**pending, event.result, "", kWebhookActor); !settled) return settled.error();
    }
  }
  // Recorded after it is applied: a crash between the two redelivers an event that now finds
  // its call settled and changes nothing.
  return context_.store.RecordProviderEvent(event.id, context_.clock.NowMicros());
}

Result<int> Payments::ReconcileOnce() {
  auto const now = context_.clock.NowMicros();
  auto const& settings = context_.settings;
  DueCallQuery query{.now_us = now,
                     .opened_before_us = now - settings.reconcile_after.count(),
                     .retry_after_us = settings.reconcile_after.count(),
                     .limit = settings.reconcile_batch};
  if (auto const window = context_.provider.idempotency_window()) query.opened_after_us = now - window->count() + 1;
  auto due = context_.store.ClaimDueCalls(query);
  if (!due) return due.error();
  int settled = 0;
  for (auto& call : *due) {
    auto done = Complete(std::move(call), "", kReconcilerActor);
    if (done && done->transaction.status() != v1::TRANSACTION_STATUS_PENDING) ++settled;
  }
  return settled;
}

}  // namespace mercato::domain
