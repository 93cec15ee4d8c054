// The order lifecycle after checkout on both adapter sets: staff confirm, capture (the order turns
// PAID by itself), pack (the reservation is committed), ship with a shipment and deliver; the
// customer or staff cancel, which releases the slot and the stock and gives the money back. Every
// move is versioned and idempotent; an illegal one is INVALID_TRANSITION; another customer's
// order answers exactly like a missing one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/server/service/shop_fixture.h"

namespace mercato::testing {
namespace {

class OrderLifecycleServiceTest : public ShopServiceTest {
 protected:
  struct Answer {
    grpc::Status status;
    std::string reason;  // ErrorInfo's, on failure
    v1::Order order;
  };

  // `rpc` of OrderService sent with `context`.
  template <typename Request, typename Response>
  Answer Send(std::unique_ptr<grpc::ClientContext> context,
              grpc::Status (v1::OrderService::Stub::*rpc)(grpc::ClientContext*, Request const&, Response*),
              Request const& request) {
    Response response;
    Answer answer;
    answer.status = (orders_.get()->*rpc)(context.get(), request, &response);
    answer.order = response.order();
    answer.reason = ErrorInfoOf(*context).reason();
    return answer;
  }
  // A lifecycle request for `order` at the version it has.
  template <typename Request>
  static Request For(v1::Order const& order, std::string const& request_id = "") {
    Request request;
    request.set_request_id(request_id);
    request.set_order_id(order.id());
    request.set_expected_version(order.version());
    return request;
  }
  static v1::CancelOrderRequest CancelFor(v1::Order const& order, std::string const& reason) {
    auto request = For<v1::CancelOrderRequest>(order);
    request.set_reason(reason);
    return request;
  }

  v1::Order Placed(std::string const& request_id, int milk = 2) {
    auto const cart = FilledCart(shopper_.token, {{"MILK-1L", milk}});
    v1::Order order;
    auto status = Place(shopper_.token, Checkout(cart, slot_.id(), "tok_visa", request_id), &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return order;
  }
  v1::Order Confirmed(v1::Order const& order) {
    auto answer = Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, For<v1::ConfirmOrderRequest>(order));
    EXPECT_TRUE(answer.status.ok()) << answer.status.error_message();
    return answer.order;
  }
  v1::Order Read(std::string const& order_id) {
    v1::GetOrderRequest request;
    request.set_order_id(order_id);
    v1::GetOrderResponse response;
    auto status = orders_->GetOrder(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.order();
  }
  // Captures `amount_minor` of the order's payment, by default as its final capture (a picker's total).
  v1::Payment Capture(v1::Order const& order, std::int64_t amount_minor, bool final_capture = true) {
    auto const payment = PaymentsOf(order.id()).at(0);
    v1::CapturePaymentRequest request;
    request.set_request_id("capture-" + order.id());
    request.set_payment_id(payment.id());
    request.set_expected_version(payment.version());
    request.mutable_amount()->set_amount_minor(amount_minor);
    request.mutable_amount()->set_currency_code("GBP");
    request.set_final_capture(final_capture);
    v1::CapturePaymentResponse response;
    auto status = payments_->CapturePayment(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.payment();
  }
  v1::Order Paid(v1::Order const& order) {
    auto const confirmed = Confirmed(order);
    Capture(confirmed, confirmed.total().amount_minor());
    return Read(order.id());
  }
  v1::Shipment ShipmentFor(v1::Order const& order) {
    v1::CreateShipmentRequest request;
    request.set_order_id(order.id());
    request.set_slot_id(order.delivery_slot_id());
    request.set_carrier("own-fleet");
    request.set_customer_id(order.user_id());
    v1::CreateShipmentResponse response;
    auto status = delivery_->CreateShipment(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.shipment();
  }
};

TEST_P(OrderLifecycleServiceTest, AnOrderGoesFromPendingToDeliveredWithItsHistory) {
  auto const placed = Placed("lifecycle-1", 3);
  auto const on_hand = Stock("MILK-1L").on_hand();
  ASSERT_EQ(Stock("MILK-1L").reserved(), 3);

  auto const confirmed = Confirmed(placed);
  EXPECT_EQ(confirmed.status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(confirmed.version(), placed.version() + 1);

  // A lighter pick: one unit short of what was authorized; the rest of the authorization is released.
  auto const picked = confirmed.total().amount_minor() - 650;
  auto const payment = Capture(confirmed, picked);
  EXPECT_EQ(payment.status(), v1::PAYMENT_STATUS_CAPTURED);
  EXPECT_EQ(payment.captured_amount().amount_minor(), picked);
  auto const paid = Read(placed.id());
  ASSERT_EQ(paid.status(), v1::ORDER_STATUS_PAID) << "the capture moves the order to PAID, no RPC needed";
  EXPECT_EQ(paid.status_history().rbegin()->actor(), "system:payments");

  auto packed = Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(paid));
  ASSERT_TRUE(packed.status.ok()) << packed.status.error_message();
  EXPECT_EQ(packed.order.status(), v1::ORDER_STATUS_PACKED);
  EXPECT_EQ(Stock("MILK-1L").reserved(), 0) << "the reservation is committed: the goods left the stock";
  EXPECT_EQ(Stock("MILK-1L").on_hand(), on_hand - 3);

  auto const shipment = ShipmentFor(packed.order);
  auto ship = For<v1::ShipOrderRequest>(packed.order);
  ship.set_shipment_id(shipment.id());
  auto shipped = Send(StaffContext(), &v1::OrderService::Stub::ShipOrder, ship);
  ASSERT_TRUE(shipped.status.ok()) << shipped.status.error_message();
  EXPECT_EQ(shipped.order.status(), v1::ORDER_STATUS_SHIPPED);
  EXPECT_EQ(shipped.order.shipment_id(), shipment.id());

  auto delivered = Send(StaffContext(), &v1::OrderService::Stub::DeliverOrder,
                        For<v1::DeliverOrderRequest>(shipped.order));
  ASSERT_TRUE(delivered.status.ok()) << delivered.status.error_message();
  auto const& order = delivered.order;
  EXPECT_EQ(order.status(), v1::ORDER_STATUS_DELIVERED);
  EXPECT_EQ(order.version(), placed.version() + 5);
  std::vector<v1::OrderStatus> path;
  for (auto const& change : order.status_history()) path.push_back(change.to_status());
  EXPECT_EQ(path, (std::vector<v1::OrderStatus>{v1::ORDER_STATUS_PENDING, v1::ORDER_STATUS_CONFIRMED,
                                                v1::ORDER_STATUS_PAID, v1::ORDER_STATUS_PACKED,
                                                v1::ORDER_STATUS_SHIPPED, v1::ORDER_STATUS_DELIVERED}));
  EXPECT_EQ(Read(order.id()).status(), v1::ORDER_STATUS_DELIVERED);
  EXPECT_EQ(Slot(slot_.id()).booked(), 1) << "a delivered order keeps its slot";
}

TEST_P(OrderLifecycleServiceTest, IllegalMovesAndStaleVersionsAreRefused) {
  auto const placed = Placed("lifecycle-illegal");
  auto packed = Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(placed));
  EXPECT_EQ(packed.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(packed.reason, "INVALID_TRANSITION");
  auto delivered =
      Send(StaffContext(), &v1::OrderService::Stub::DeliverOrder, For<v1::DeliverOrderRequest>(placed));
  EXPECT_EQ(delivered.reason, "INVALID_TRANSITION");

  auto const confirmed = Confirmed(placed);
  auto stale = Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, For<v1::ConfirmOrderRequest>(placed));
  EXPECT_EQ(stale.status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.reason, "VERSION_MISMATCH");
  auto again = Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, For<v1::ConfirmOrderRequest>(confirmed));
  EXPECT_EQ(again.reason, "INVALID_TRANSITION") << "confirmed once";
  auto packed_unpaid =
      Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(confirmed));
  EXPECT_EQ(packed_unpaid.reason, "INVALID_TRANSITION") << "PAID comes from the capture, not from PackOrder";
  EXPECT_EQ(Stock("MILK-1L").reserved(), 2) << "a refused move changes nothing";

  auto no_version = For<v1::ConfirmOrderRequest>(confirmed);
  no_version.set_expected_version(0);
  EXPECT_EQ(Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, no_version).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  auto by_customer =
      Send(As(shopper_.token), &v1::OrderService::Stub::ConfirmOrder, For<v1::ConfirmOrderRequest>(placed));
  EXPECT_EQ(by_customer.status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << "staff fulfil orders";
}

TEST_P(OrderLifecycleServiceTest, ARetriedMoveAnswersLikeTheFirst) {
  auto const placed = Placed("lifecycle-retry");
  auto const request = For<v1::ConfirmOrderRequest>(placed, "confirm-once");
  auto first = Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, request);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  auto second = Send(StaffContext(), &v1::OrderService::Stub::ConfirmOrder, request);
  ASSERT_TRUE(second.status.ok()) << "a retry is not a stale version: " << second.status.error_message();
  EXPECT_EQ(second.order.SerializeAsString(), first.order.SerializeAsString());
  EXPECT_EQ(Read(placed.id()).status_history_size(), 2) << "confirmed once";
}

TEST_P(OrderLifecycleServiceTest, ACustomerCancelsBeforePaymentAndGetsEverythingBack) {
  auto const placed = Placed("lifecycle-cancel");
  ASSERT_EQ(Slot(slot_.id()).booked(), 1);

  auto const other = SignUpCustomer("other@example.com");
  auto hidden = Send(As(other.token), &v1::OrderService::Stub::CancelOrder, CancelFor(placed, "not mine"));
  EXPECT_EQ(hidden.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.status.error_message(), "order '" + placed.id() + "' does not exist") << "like a missing one";
  auto no_reason = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder, CancelFor(placed, " "));
  EXPECT_EQ(no_reason.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Stock("MILK-1L").reserved(), 2) << "refused cancellations change nothing";

  auto cancelled = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder, CancelFor(placed, "changed my mind"));
  ASSERT_TRUE(cancelled.status.ok()) << cancelled.status.error_message();
  EXPECT_EQ(cancelled.order.status(), v1::ORDER_STATUS_CANCELLED);
  auto const& entry = *cancelled.order.status_history().rbegin();
  EXPECT_EQ(entry.actor(), shopper_.user_id);
  EXPECT_EQ(entry.reason(), "changed my mind");
  EXPECT_EQ(Stock("MILK-1L").reserved(), 0);
  EXPECT_EQ(Slot(slot_.id()).booked(), 0);
  auto const payments = PaymentsOf(placed.id());
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].status(), v1::PAYMENT_STATUS_VOIDED) << "the authorization is released";

  auto twice = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder,
                    CancelFor(cancelled.order, "changed my mind"));
  EXPECT_EQ(twice.reason, "INVALID_TRANSITION");
}

TEST_P(OrderLifecycleServiceTest, OnlyStaffCancelAPaidOrderWhichIsRefunded) {
  auto const paid = Paid(Placed("lifecycle-refund"));
  ASSERT_EQ(paid.status(), v1::ORDER_STATUS_PAID);
  auto by_customer = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder, CancelFor(paid, "too late"));
  EXPECT_EQ(by_customer.reason, "INVALID_TRANSITION");

  auto cancelled = Send(StaffContext(), &v1::OrderService::Stub::CancelOrder, CancelFor(paid, "out of delivery area"));
  ASSERT_TRUE(cancelled.status.ok()) << cancelled.status.error_message();
  EXPECT_EQ(Stock("MILK-1L").reserved(), 0);
  EXPECT_EQ(Slot(slot_.id()).booked(), 0);
  auto const payment = PaymentsOf(paid.id()).at(0);
  EXPECT_EQ(payment.status(), v1::PAYMENT_STATUS_REFUNDED);
  EXPECT_EQ(payment.refunded_amount().amount_minor(), paid.total().amount_minor());
}

TEST_P(OrderLifecycleServiceTest, ACustomerCannotCancelOnceMoneyIsTaken) {
  auto const confirmed = Confirmed(Placed("lifecycle-part-captured"));
  auto const part = Capture(confirmed, 500, false);
  ASSERT_EQ(part.status(), v1::PAYMENT_STATUS_PARTIALLY_CAPTURED);
  auto const order = Read(confirmed.id());
  ASSERT_EQ(order.status(), v1::ORDER_STATUS_CONFIRMED) << "not PAID until the capture is final";

  auto by_customer = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder, CancelFor(order, "too late"));
  EXPECT_EQ(by_customer.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(by_customer.reason, "INVALID_TRANSITION");
  EXPECT_EQ(Stock("MILK-1L").reserved(), 2) << "nothing released";

  auto by_staff = Send(StaffContext(), &v1::OrderService::Stub::CancelOrder, CancelFor(order, "customer called"));
  ASSERT_TRUE(by_staff.status.ok()) << by_staff.status.error_message();
  auto const refunded = PaymentsOf(order.id()).at(0);
  EXPECT_EQ(refunded.status(), v1::PAYMENT_STATUS_REFUNDED);
  EXPECT_EQ(refunded.captured_amount().amount_minor(), 500);
  EXPECT_EQ(refunded.refunded_amount().amount_minor(), 500) << "what was taken goes back";
  v1::ListTransactionsRequest ledger_request;
  ledger_request.set_payment_id(refunded.id());
  v1::ListTransactionsResponse ledger;
  ASSERT_TRUE(payments_->ListTransactions(StaffContext().get(), ledger_request, &ledger).ok());
  std::vector<std::pair<v1::TransactionKind, std::int64_t>> steps;
  for (auto const& step : ledger.transactions()) {
    EXPECT_EQ(step.status(), v1::TRANSACTION_STATUS_SUCCEEDED);
    steps.emplace_back(step.kind(), step.amount().amount_minor());
  }
  auto const authorized = refunded.amount().amount_minor();
  EXPECT_THAT(steps, ::testing::UnorderedElementsAre(std::pair{v1::TRANSACTION_KIND_AUTHORIZE, authorized},
                                                   std::pair{v1::TRANSACTION_KIND_CAPTURE, std::int64_t{500}},
                                                   std::pair{v1::TRANSACTION_KIND_VOID, authorized - 500},
                                                   std::pair{v1::TRANSACTION_KIND_REFUND, std::int64_t{500}}))
      << "the uncaptured rest released, then the capture refunded";
}

TEST_P(OrderLifecycleServiceTest, ACancelledOrdersPaymentIsNotCaptured) {
  auto const confirmed = Confirmed(Placed("lifecycle-capture-after-cancel"));
  auto const payment = PaymentsOf(confirmed.id()).at(0);
  auto cancelled = Send(StaffContext(), &v1::OrderService::Stub::CancelOrder, CancelFor(confirmed, "no driver"));
  ASSERT_TRUE(cancelled.status.ok()) << cancelled.status.error_message();

  v1::CapturePaymentRequest request;
  request.set_request_id("capture-after-cancel");
  request.set_payment_id(payment.id());
  request.set_expected_version(PaymentsOf(confirmed.id()).at(0).version());
  v1::CapturePaymentResponse response;
  auto const status = payments_->CapturePayment(StaffContext().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PaymentsOf(confirmed.id()).at(0).captured_amount().amount_minor(), 0);
}

TEST_P(OrderLifecycleServiceTest, CancellingAPackedOrderKeepsItsStockCommitted) {
  auto const paid = Paid(Placed("lifecycle-packed", 4));
  auto packed = Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(paid));
  ASSERT_TRUE(packed.status.ok()) << packed.status.error_message();
  auto const on_hand = Stock("MILK-1L").on_hand();

  auto cancelled = Send(StaffContext(), &v1::OrderService::Stub::CancelOrder, CancelFor(packed.order, "van broke down"));
  ASSERT_TRUE(cancelled.status.ok()) << cancelled.status.error_message();
  EXPECT_EQ(Stock("MILK-1L").on_hand(), on_hand) << "packed goods left the stock; restocking them is an adjustment";
  EXPECT_EQ(Slot(slot_.id()).booked(), 0);
  EXPECT_EQ(PaymentsOf(paid.id()).at(0).status(), v1::PAYMENT_STATUS_REFUNDED);
}

TEST_P(OrderLifecycleServiceTest, AnOrderShipsOnlyWithItsOwnShipment) {
  auto const first = Paid(Placed("lifecycle-ship-1"));
  auto const second = Paid(Placed("lifecycle-ship-2"));
  auto packed = Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(first));
  ASSERT_TRUE(packed.status.ok()) << packed.status.error_message();
  auto const others = ShipmentFor(second);

  auto ship = For<v1::ShipOrderRequest>(packed.order);
  ship.set_shipment_id(others.id());
  auto refused = Send(StaffContext(), &v1::OrderService::Stub::ShipOrder, ship);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.reason, "SHIPMENT_NOT_FOR_ORDER");
  ship.set_shipment_id("");
  EXPECT_EQ(Send(StaffContext(), &v1::OrderService::Stub::ShipOrder, ship).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A shipment for this order that names another customer, who could then track it, is never made.
  auto const stranger = SignUpCustomer("stranger@example.com");
  v1::CreateShipmentRequest mislabelled;
  mislabelled.set_order_id(first.id());
  mislabelled.set_slot_id(first.delivery_slot_id());
  mislabelled.set_carrier("own-fleet");
  mislabelled.set_customer_id(stranger.user_id);
  v1::CreateShipmentResponse created;
  EXPECT_EQ(delivery_->CreateShipment(StaffContext().get(), mislabelled, &created).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Read(first.id()).status(), v1::ORDER_STATUS_PACKED);
}

// The order and its shipment agree: an order whose goods are out is not cancelled until they are
// back, and an order does not ship with a shipment that has ended.
TEST_P(OrderLifecycleServiceTest, AnOrderWithItsGoodsOutIsNotCancelledAndAnEndedShipmentShipsNothing) {
  auto track = [&](v1::Shipment const& shipment, v1::ShipmentStatus status) {
    v1::AddTrackingEventRequest request;
    request.set_shipment_id(shipment.id());
    request.mutable_event()->set_status(status);
    v1::AddTrackingEventResponse response;
    auto const sent = delivery_->AddTrackingEvent(StaffContext().get(), request, &response);
    EXPECT_TRUE(sent.ok()) << sent.error_message();
  };
  auto const placed = Placed("lifecycle-goods-out");
  auto const out = ShipmentFor(placed);
  track(out, v1::SHIPMENT_STATUS_PICKED_UP);
  for (bool const staff : {false, true}) {
    auto refused = Send(staff ? StaffContext() : As(shopper_.token), &v1::OrderService::Stub::CancelOrder,
                        CancelFor(placed, "changed my mind"));
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << (staff ? "staff" : "shopper");
    EXPECT_EQ(refused.reason, "SHIPMENT_UNDER_WAY");
  }
  EXPECT_EQ(Read(placed.id()).status(), v1::ORDER_STATUS_PENDING);
  track(out, v1::SHIPMENT_STATUS_FAILED);
  track(out, v1::SHIPMENT_STATUS_RETURNED);
  auto cancelled = Send(As(shopper_.token), &v1::OrderService::Stub::CancelOrder, CancelFor(placed, "changed my mind"));
  ASSERT_TRUE(cancelled.status.ok()) << "the goods are back: " << cancelled.status.error_message();
  EXPECT_EQ(cancelled.order.status(), v1::ORDER_STATUS_CANCELLED);

  auto const paid = Paid(Placed("lifecycle-returned-shipment"));
  auto packed = Send(StaffContext(), &v1::OrderService::Stub::PackOrder, For<v1::PackOrderRequest>(paid));
  ASSERT_TRUE(packed.status.ok()) << packed.status.error_message();
  auto const returned = ShipmentFor(paid);
  for (auto const status : {v1::SHIPMENT_STATUS_PICKED_UP, v1::SHIPMENT_STATUS_FAILED, v1::SHIPMENT_STATUS_RETURNED}) {
    track(returned, status);
  }
  auto ship = For<v1::ShipOrderRequest>(packed.order);
  ship.set_shipment_id(returned.id());
  auto refused = Send(StaffContext(), &v1::OrderService::Stub::ShipOrder, ship);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.reason, "SHIPMENT_NOT_FOR_ORDER");
  EXPECT_EQ(Read(paid.id()).status(), v1::ORDER_STATUS_PACKED);
}

TEST_P(OrderLifecycleServiceTest, ACaptureBeforeConfirmationPaysTheOrderWhenConfirmed) {
  auto const placed = Placed("lifecycle-early-capture");
  Capture(placed, placed.total().amount_minor());
  EXPECT_EQ(Read(placed.id()).status(), v1::ORDER_STATUS_PENDING) << "PAID comes after CONFIRMED";
  auto const confirmed = Confirmed(placed);
  EXPECT_EQ(confirmed.status(), v1::ORDER_STATUS_PAID) << "ConfirmOrder answers the order as it stands";
  ASSERT_EQ(confirmed.status_history_size(), 3);
  EXPECT_EQ(confirmed.status_history(1).to_status(), v1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(confirmed.status_history(2).actor(), "system:payments");
  EXPECT_EQ(Read(placed.id()).version(), confirmed.version());
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderLifecycleServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
