// PaymentService's RPCs on the payment use cases: which use case each calls, with what, and where
// its result goes in the response. A capture goes through the order lifecycle, which refuses it
// for a cancelled order and moves a paid one to PAID at once (its follow-up does it later if this
// instance cannot).
#pragma once

#include "server/api/payment_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/domain/orders/order_lifecycle.h"
#include "server/domain/payments/payments.h"

namespace mercato::api {

class PaymentUseCaseHandlers final : public PaymentHandlers {
 public:
  PaymentUseCaseHandlers(domain::Payments& payments, domain::OrderLifecycle& orders)
      : payments_(payments), orders_(orders) {}

  domain::Status AuthorizePayment(AdmittedCall const& call, v1::AuthorizePaymentRequest const& request,
                                  v1::AuthorizePaymentResponse& response) override {
    return Assign(payments_.Authorize(request, call.caller), response);
  }
  domain::Status CapturePayment(AdmittedCall const& call, v1::CapturePaymentRequest const& request,
                                v1::CapturePaymentResponse& response) override {
    return Assign(orders_.Capture(request, call.caller), response);
  }
  domain::Status RefundPayment(AdmittedCall const& call, v1::RefundPaymentRequest const& request,
                               v1::RefundPaymentResponse& response) override {
    return Assign(payments_.Refund(request, call.caller), response);
  }
  domain::Status VoidPayment(AdmittedCall const& call, v1::VoidPaymentRequest const& request,
                             v1::VoidPaymentResponse& response) override {
    return Assign(payments_.Void(request, call.caller), response);
  }
  domain::Status GetPayment(AdmittedCall const& call, v1::GetPaymentRequest const& request,
                            v1::GetPaymentResponse& response) override {
    return Assign(payments_.Get(request.payment_id(), call.caller), *response.mutable_payment());
  }
  domain::Status ListPayments(AdmittedCall const& call, v1::ListPaymentsRequest const& request,
                              v1::ListPaymentsResponse& response) override {
    return Assign(payments_.List(request, call.caller), response);
  }
  domain::Status ListTransactions(AdmittedCall const& call, v1::ListTransactionsRequest const& request,
                                  v1::ListTransactionsResponse& response) override {
    return Assign(payments_.ListTransactions(request, call.caller), response);
  }

 private:
  domain::Payments& payments_;
  domain::OrderLifecycle& orders_;
};

}  // namespace mercato::api
