// Authorize + full capture against a running mercatod on the built-in test provider: each call of
// hot_row_load.h authorizes a new order's payment and captures it, two RPCs, four database
// transactions. bench/payments/run.sh runs it next to pgbench of the same ledger SQL.
//
//   MERCATO_SERVICE_TOKEN=<token> payment_bench <host:port> [clients=16] [seconds=10]
#include "bench/cpp/hot_row_load.h"
#include "mercato/v1/payments.grpc.pb.h"

int main(int argc, char** argv) {
  auto settings = mercato::bench::ParseHotRowArgs(argc, argv);
  if (!settings) return 2;
  return mercato::bench::RunHotRow(*settings, "AuthorizePayment + CapturePayment",
                                   [&](std::shared_ptr<grpc::Channel> channel) {
    auto stub = std::shared_ptr(mercato::v1::PaymentService::NewStub(std::move(channel)));
    mercato::v1::AuthorizePaymentRequest authorize;
    authorize.mutable_amount()->set_currency_code("GBP");
    authorize.mutable_amount()->set_amount_minor(1'000);
    authorize.mutable_method()->set_provider("test");
    authorize.mutable_method()->set_provider_token("tok_visa");
    return [stub, authorize, &settings](grpc::ClientContext& context, std::string const& request_id) mutable {
      authorize.set_request_id(request_id);
      authorize.set_order_id(request_id);  // a new order per call
      mercato::v1::AuthorizePaymentResponse authorized;
      auto status = stub->AuthorizePayment(&context, authorize, &authorized);
      if (!status.ok()) return status;
      if (authorized.payment().status() != mercato::v1::PAYMENT_STATUS_AUTHORIZED) {
        return grpc::Status(grpc::StatusCode::INTERNAL, "the test card was not authorized");
      }
      mercato::v1::CapturePaymentRequest capture;
      capture.set_request_id(request_id + "-capture");
      capture.set_payment_id(authorized.payment().id());
      capture.set_expected_version(authorized.payment().version());
      mercato::v1::CapturePaymentResponse captured;
      grpc::ClientContext capture_context;
      mercato::bench::Authorize(capture_context, *settings);
      return stub->CapturePayment(&capture_context, capture, &captured);
    };
  });
}
