// Fulfilment example: the shop takes a placed order to the customer's door with the C++ SDK, as
// the shop's service account. It confirms the order, captures what the picker actually picked (a
// lighter pick captures less; the rest of the authorization is released) which makes the order
// PAID, packs it (the stock reservation is committed), ships it with a shipment and delivers it.
// Each step names the order's version as last read, so two staff members cannot both move it.
//
//   fulfil_order [endpoint] <order id>   (endpoint default: $MERCATO_ENDPOINT or localhost:50051;
//                                         the token comes from $MERCATO_SERVICE_TOKEN)
#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <random>
#include <string>

#include "mercato/client.h"

namespace {

using google::protobuf::util::TimeUtil;
namespace v1 = mercato::v1;

int Fail(char const* what, mercato::Status const& status) {
  std::fprintf(stderr, "%s failed: %s (%s %s)\n", what, status.message().c_str(),
               mercato::StatusCodeToString(status.code()).c_str(), status.reason().c_str());
  return 1;
}

std::string Unique(std::string const& prefix) {
  std::random_device random;
  return prefix + std::to_string(random());
}

// A lifecycle request for `order` at the version it was read at, with a fresh idempotency key.
template <typename Request>
Request For(v1::Order const& order, char const* step) {
  Request request;
  request.set_request_id(Unique(std::string(step) + "-"));
  request.set_order_id(order.id());
  request.set_expected_version(order.version());
  return request;
}

void Show(v1::Order const& order) {
  std::printf("order %s: %s (version %lld)\n", order.number().c_str(), v1::OrderStatus_Name(order.status()).c_str(),
              static_cast<long long>(order.version()));
}

}  // namespace

int main(int argc, char** argv) {
  char const* env_endpoint = std::getenv("MERCATO_ENDPOINT");
  char const* service_token = std::getenv("MERCATO_SERVICE_TOKEN");
  // An order id never holds a colon: one argument that does is an endpoint without the order.
  bool const order_missing = argc == 2 && std::string_view(argv[1]).find(':') != std::string_view::npos;
  if (argc < 2 || order_missing || service_token == nullptr) {
    std::fprintf(stderr, "usage: fulfil_order [endpoint] <order id>, with MERCATO_SERVICE_TOKEN set to the token "
                         "mercatod was started with (--service-token)\n");
    return 2;
  }
  mercato::Options options;
  options.endpoint = argc > 2 ? argv[1] : (env_endpoint != nullptr ? env_endpoint : "localhost:50051");
  options.bearer_token = service_token;
  mercato::Client shop(options);
  auto order = shop.orders().GetOrder(argv[argc - 1]);
  if (!order.ok()) return Fail("reading the order", order.status());
  Show(*order);

  order = shop.orders().ConfirmOrder(For<v1::ConfirmOrderRequest>(*order, "confirm"));
  if (!order.ok()) return Fail("confirming", order.status());
  Show(*order);

  // The picker's scale says the order came to 0.40 less than authorized (loose produce, say).
  auto payment = shop.payments().GetPayment(order->payment_id());
  if (!payment.ok()) return Fail("reading the payment", payment.status());
  v1::CapturePaymentRequest capture;
  capture.set_request_id(Unique("capture-"));
  capture.set_payment_id(payment->id());
  capture.set_expected_version(payment->version());
  *capture.mutable_amount() = order->total();
  capture.mutable_amount()->set_amount_minor(order->total().amount_minor() - 40);
  capture.set_final_capture(true);
  auto captured = shop.payments().CapturePayment(capture);
  if (!captured.ok()) return Fail("capturing the payment", captured.status());
  std::printf("captured %lld of %lld (minor units); the rest of the authorization is released\n",
              static_cast<long long>(captured->payment().captured_amount().amount_minor()),
              static_cast<long long>(captured->payment().amount().amount_minor()));
  order = shop.orders().GetOrder(order->id());
  if (!order.ok()) return Fail("reading the order", order.status());
  Show(*order);

  order = shop.orders().PackOrder(For<v1::PackOrderRequest>(*order, "pack"));
  if (!order.ok()) return Fail("packing", order.status());
  Show(*order);

  v1::CreateShipmentRequest shipment_request;
  shipment_request.set_request_id(Unique("shipment-"));
  shipment_request.set_order_id(order->id());
  shipment_request.set_slot_id(order->delivery_slot_id());
  shipment_request.set_carrier("own-fleet");
  shipment_request.set_customer_id(order->user_id());
  auto shipment = shop.delivery().CreateShipment(shipment_request);
  if (!shipment.ok()) return Fail("creating the shipment", shipment.status());
  auto ship = For<v1::ShipOrderRequest>(*order, "ship");
  ship.set_shipment_id(shipment->id());
  order = shop.orders().ShipOrder(ship);
  if (!order.ok()) return Fail("shipping", order.status());
  Show(*order);

  order = shop.orders().DeliverOrder(For<v1::DeliverOrderRequest>(*order, "deliver"));
  if (!order.ok()) return Fail("delivering", order.status());
  Show(*order);
  for (auto const& change : order->status_history()) {
    std::printf("  %s  %s -> %s by %s%s%s\n", TimeUtil::ToString(change.changed_at()).c_str(),
                v1::OrderStatus_Name(change.from_status()).c_str(), v1::OrderStatus_Name(change.to_status()).c_str(),
                change.actor().c_str(), change.reason().empty() ? "" : ": ", change.reason().c_str());
  }
  return order->status() == v1::ORDER_STATUS_DELIVERED ? 0 : 1;
}
