// Payment use cases: authorize, capture, refund and void through the provider port, each recorded
// PENDING before the provider is called and settled by its answer, so that no request, retry or
// crash moves money twice; reads for the payment's customer and staff; the reconciler that settles
// calls whose answer never came.
//
// A provider decline is not an RPC error: the payment or transaction comes back FAILED with the
// provider's failure_reason. No answer is UNAVAILABLE PAYMENT_OUTCOME_UNKNOWN: the row stays
// PENDING, and the same request again (same request_id) or the reconciler asks the provider with
// the same idempotency key, as long as the provider still keeps that key (its idempotency_window);
// after that the call is FAILED_PRECONDITION PAYMENT_NEEDS_REVIEW, for a person to look up at the
// provider. Money operations need a request_id.
#pragma once

#include <string_view>

#include "mercato/v1/payments.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/payments/payments_context.h"

namespace mercato::domain {

class Payments {
 public:
  explicit Payments(PaymentsContext context) : context_(context) {}

  // The provider this server charges through, e.g. "stripe": the only PaymentMethod.provider it takes.
  std::string_view provider_name() const { return context_.provider.name(); }

  Result<v1::AuthorizePaymentResponse> Authorize(v1::AuthorizePaymentRequest const& request, Principal const& caller);
  Result<v1::CapturePaymentResponse> Capture(v1::CapturePaymentRequest const& request, Principal const& caller);
  Result<v1::RefundPaymentResponse> Refund(v1::RefundPaymentRequest const& request, Principal const& caller);
  Result<v1::VoidPaymentResponse> Void(v1::VoidPaymentRequest const& request, Principal const& caller);

  // Another customer's payment answers NOT_FOUND, like a missing one.
  Result<v1::Payment> Get(std::string const& payment_id, Principal const& caller);
  Result<v1::ListPaymentsResponse> List(v1::ListPaymentsRequest const& request, Principal const& caller);
  Result<v1::ListTransactionsResponse> ListTransactions(v1::ListTransactionsRequest const& request,
                                                        Principal const& caller);

  // Applies a provider webhook event once by its id: it settles the payment's call waiting for an
  // answer when the event reports on that operation, and changes nothing otherwise (the call's own
  // answer, or an earlier delivery, settled it already; or it is not a call Mercato made).
  Status ApplyProviderEvent(ProviderEvent const& event);

  // Asks the provider about up to a batch of calls PENDING for longer than reconcile_after, the
  // least recently asked first, and settles those it answers; returns how many it settled. A call
  // asked about waits reconcile_after × 2^attempts (at most 64×) before it is asked again; a call
  // older than the provider's idempotency window is never asked again (PAYMENT_NEEDS_REVIEW).
  Result<int> ReconcileOnce();

 private:
  // The provider call of a PENDING row and its settlement; a settled row is returned as it is.
  Result<PendingCall> Complete(PendingCall call, std::string const& request_id, std::string const& actor);
  // Moves a PENDING row by the provider's answer, with its event; a row settled meanwhile stays.
  Result<PendingCall> SettleWith(PendingCall const& call, ProviderResult const& answer, std::string const& request_id,
                                 std::string const& actor);

  PaymentsContext context_;
};

}  // namespace mercato::domain
