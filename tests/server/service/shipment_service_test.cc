// Shipments on both adapter sets: created only for a placed order, in its slot and for its
// customer; tracking events follow the status machine, arrive in time order and keep the newest
// position; only the order's customer (and staff) see a shipment.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/service/shop_fixture.h"

namespace mercato::testing {
namespace {

class ShipmentServiceTest : public ShopServiceTest {
 protected:
  v1::Order Placed(std::string const& request_id) {
    v1::Order order;
    auto status = Place(shopper_.token, Checkout(FilledCart(shopper_.token, {{"MILK-1L", 2}}), slot_.id(), "tok_visa",
                                                 request_id),
                        &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return order;
  }
  // Whether the shopper's CancelOrder of `order` (as placed) went through.
  bool CancelledByShopper(v1::Order const& order) {
    v1::CancelOrderRequest cancel;
    cancel.set_order_id(order.id());
    cancel.set_expected_version(order.version());
    cancel.set_reason("changed my mind");
    v1::CancelOrderResponse cancelled;
    auto const status = orders_->CancelOrder(As(shopper_.token).get(), cancel, &cancelled);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return status.ok();
  }
  static v1::CreateShipmentRequest ShipmentOf(std::string const& order_id, std::string const& slot_id) {
    v1::CreateShipmentRequest request;
    request.set_order_id(order_id);
    request.set_slot_id(slot_id);
    return request;
  }
  // CreateShipment as staff; `reason` gets the ErrorInfo reason of a failure.
  grpc::Status Create(v1::CreateShipmentRequest const& request, v1::Shipment* shipment, std::string* reason = nullptr) {
    auto context = StaffContext();
    v1::CreateShipmentResponse response;
    auto status = delivery_->CreateShipment(context.get(), request, &response);
    if (shipment) *shipment = response.shipment();
    if (reason) *reason = ErrorInfoOf(*context).reason();
    return status;
  }
  // The types of the shipment events sequenced so far.
  std::vector<std::string> ShipmentEventTypes(std::size_t count) {
    std::vector<std::string> types;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (types.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      auto events = server().backend().outbox_store->ReadAfter(0, {"shipment"}, 5000);
      if (!events) break;
      types.clear();
      for (auto const& event : *events) types.push_back(event.event_type());
    }
    return types;
  }
};

TEST_P(ShipmentServiceTest, AShipmentIsForAPlacedOrderInItsSlotAndForItsCustomer) {
  auto const order = Placed("ship-refusals");
  auto const stranger = SignUpCustomer("stranger@example.com");
  auto const other_slot = MakeSlot(zone_.id(), 5, 48);
  std::string reason;
  EXPECT_EQ(Create(ShipmentOf("no-such-order", slot_.id()), nullptr).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Create(ShipmentOf(order.id(), other_slot.id()), nullptr, &reason).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "ORDER_SLOT_MISMATCH");
  auto mislabelled = ShipmentOf(order.id(), slot_.id());
  mislabelled.set_customer_id(stranger.user_id);
  EXPECT_EQ(Create(mislabelled, nullptr).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "a shipment naming another customer would let them track the order";

  v1::Shipment shipment;
  ASSERT_TRUE(Create(ShipmentOf(order.id(), slot_.id()), &shipment).ok());
  EXPECT_EQ(shipment.customer_id(), shopper_.user_id) << "an empty customer_id is the order's customer";
  v1::ListShipmentsResponse listed;
  ASSERT_TRUE(delivery_->ListShipments(StaffContext().get(), {}, &listed).ok());
  EXPECT_EQ(listed.shipments_size(), 1) << "nothing was written for the refused requests";

  auto const cancelled = Placed("ship-cancelled");
  ASSERT_TRUE(CancelledByShopper(cancelled));
  EXPECT_EQ(Create(ShipmentOf(cancelled.id(), slot_.id()), nullptr, &reason).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "ORDER_CANCELLED");
}

TEST_P(ShipmentServiceTest, ARetriedCreateShipmentAnswersItsFirstResponseAfterTheOrderIsCancelled) {
  auto const order = Placed("ship-then-cancel");
  auto create = ShipmentOf(order.id(), slot_.id());
  create.set_request_id("create-shipment-once");
  v1::Shipment first;
  ASSERT_TRUE(Create(create, &first).ok());
  ASSERT_TRUE(CancelledByShopper(order));

  v1::Shipment replayed;
  auto const status = Create(create, &replayed);
  ASSERT_TRUE(status.ok()) << "a retry whose first answer was lost gets that answer: " << status.error_message();
  EXPECT_EQ(replayed.id(), first.id());
  create.set_request_id("create-shipment-again");
  std::string reason;
  EXPECT_EQ(Create(create, nullptr, &reason).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "ORDER_CANCELLED");
}

TEST_P(ShipmentServiceTest, ShipmentsFollowTheStatusMachineAndOnlyTheirCustomerSeesThem) {
  auto const order = Placed("ship-track");
  auto const eve = SignUpCustomer("eve@example.com").token;
  auto create = ShipmentOf(order.id(), slot_.id());
  create.set_customer_id(shopper_.user_id);
  v1::Shipment shipment;
  ASSERT_TRUE(Create(create, &shipment).ok());
  EXPECT_EQ(shipment.status(), v1::SHIPMENT_STATUS_PENDING);
  EXPECT_EQ(shipment.carrier(), "own-fleet");
  EXPECT_EQ(Create(create, nullptr).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  v1::GetShipmentRequest get;
  get.set_shipment_id(shipment.id());
  v1::GetShipmentResponse got;
  ASSERT_TRUE(delivery_->GetShipment(As(shopper_.token).get(), get, &got).ok());
  EXPECT_EQ(delivery_->GetShipment(As(eve).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::ListShipmentsResponse listed;
  ASSERT_TRUE(delivery_->ListShipments(As(eve).get(), {}, &listed).ok());
  EXPECT_EQ(listed.shipments_size(), 0);
  ASSERT_TRUE(delivery_->ListShipments(As(shopper_.token).get(), {}, &listed).ok());
  EXPECT_EQ(listed.shipments_size(), 1);

  auto track = [&](v1::ShipmentStatus status, grpc::ClientContext* context, v1::AddTrackingEventResponse* response,
                   bool with_position = false) {
    v1::AddTrackingEventRequest request;
    request.set_shipment_id(shipment.id());
    request.mutable_event()->set_status(status);
    request.mutable_event()->set_location("Depot Park Royal");
    if (with_position) *request.mutable_event()->mutable_position() = Point(51.52, -0.27);
    return delivery_->AddTrackingEvent(context, request, response);
  };
  v1::AddTrackingEventResponse tracked;
  auto const skip = StaffContext();
  EXPECT_EQ(track(v1::SHIPMENT_STATUS_DELIVERED, skip.get(), &tracked).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*skip).reason(), "INVALID_TRANSITION");
  ASSERT_TRUE(track(v1::SHIPMENT_STATUS_PICKED_UP, StaffContext().get(), &tracked).ok());
  // A carrier whose clock runs 3 minutes ahead: its event is taken as now, so the next one, told
  // at once, still comes after it.
  v1::AddTrackingEventRequest ahead;
  ahead.set_shipment_id(shipment.id());
  ahead.mutable_event()->set_status(v1::SHIPMENT_STATUS_PICKED_UP);
  *ahead.mutable_event()->mutable_occurred_at() = TimeUtil::MicrosecondsToTimestamp(
      TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()) + 3 * 60 * 1000000);
  ASSERT_TRUE(delivery_->AddTrackingEvent(StaffContext().get(), ahead, &tracked).ok());
  EXPECT_LT(tracked.shipment().events(tracked.shipment().events_size() - 1).occurred_at(), ahead.event().occurred_at());
  ASSERT_TRUE(track(v1::SHIPMENT_STATUS_IN_TRANSIT, StaffContext().get(), &tracked, true).ok());
  ASSERT_TRUE(track(v1::SHIPMENT_STATUS_IN_TRANSIT, StaffContext().get(), &tracked).ok()) << "repeating is allowed";
  // A carrier's late webhook: an older position lands where its time puts it and moves nothing.
  v1::AddTrackingEventRequest late;
  late.set_shipment_id(shipment.id());
  late.mutable_event()->set_status(v1::SHIPMENT_STATUS_IN_TRANSIT);
  *late.mutable_event()->mutable_occurred_at() = TimeUtil::MicrosecondsToTimestamp(
      TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()) - 2 * 60 * 1000000);
  *late.mutable_event()->mutable_position() = Point(51.40, -0.10);
  ASSERT_TRUE(delivery_->AddTrackingEvent(StaffContext().get(), late, &tracked).ok());
  ASSERT_EQ(tracked.shipment().events_size(), 5);
  EXPECT_DOUBLE_EQ(tracked.shipment().events(0).position().longitude(), -0.10) << "oldest first";
  EXPECT_DOUBLE_EQ(tracked.shipment().last_position().longitude(), -0.27) << "the newest position stays";
  ASSERT_TRUE(track(v1::SHIPMENT_STATUS_DELIVERED, StaffContext().get(), &tracked).ok());
  EXPECT_EQ(tracked.shipment().status(), v1::SHIPMENT_STATUS_DELIVERED);
  EXPECT_EQ(tracked.shipment().events_size(), 6);
  EXPECT_DOUBLE_EQ(tracked.shipment().last_position().longitude(), -0.27);
  auto const after_end = StaffContext();
  EXPECT_EQ(track(v1::SHIPMENT_STATUS_FAILED, after_end.get(), &tracked).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  auto const customer_track = As(shopper_.token);
  EXPECT_EQ(track(v1::SHIPMENT_STATUS_DELIVERED, customer_track.get(), &tracked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ShipmentEventTypes(4),
            (std::vector<std::string>{"delivery.shipment.created", "delivery.shipment.status_changed",
                                      "delivery.shipment.status_changed", "delivery.shipment.status_changed"}));
}

// Nothing goes out for a cancelled order; and an event's time must make sense: not before the
// shipment, and a change of status not before the events already told.
TEST_P(ShipmentServiceTest, ACancelledOrdersShipmentStaysAndEventsKeepTheirTimeOrder) {
  auto track = [&](v1::Shipment const& shipment, v1::ShipmentStatus status, std::int64_t ago_us = 0,
                   std::string* reason = nullptr) {
    v1::AddTrackingEventRequest request;
    request.set_shipment_id(shipment.id());
    request.mutable_event()->set_status(status);
    *request.mutable_event()->mutable_occurred_at() =
        TimeUtil::MicrosecondsToTimestamp(TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()) - ago_us);
    auto context = StaffContext();
    v1::AddTrackingEventResponse response;
    auto status_code = delivery_->AddTrackingEvent(context.get(), request, &response).error_code();
    if (reason) *reason = ErrorInfoOf(*context).reason();
    return status_code;
  };
  auto const cancelled = Placed("ship-cancel-before-pickup");
  v1::Shipment waiting;
  ASSERT_TRUE(Create(ShipmentOf(cancelled.id(), slot_.id()), &waiting).ok());
  ASSERT_TRUE(CancelledByShopper(cancelled));
  std::string reason;
  EXPECT_EQ(track(waiting, v1::SHIPMENT_STATUS_PICKED_UP, 0, &reason), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reason, "ORDER_CANCELLED");

  auto const order = Placed("ship-event-times");
  v1::Shipment shipment;
  ASSERT_TRUE(Create(ShipmentOf(order.id(), slot_.id()), &shipment).ok());
  EXPECT_EQ(track(shipment, v1::SHIPMENT_STATUS_PICKED_UP, 400LL * 24 * kHourUs), grpc::StatusCode::INVALID_ARGUMENT)
      << "a year before the shipment existed";
  ASSERT_EQ(track(shipment, v1::SHIPMENT_STATUS_PICKED_UP), grpc::StatusCode::OK);
  EXPECT_EQ(track(shipment, v1::SHIPMENT_STATUS_IN_TRANSIT, 60LL * 1000000), grpc::StatusCode::INVALID_ARGUMENT)
      << "a status older than the pick-up would leave the status and the history disagreeing";
  EXPECT_EQ(track(shipment, v1::SHIPMENT_STATUS_PICKED_UP, 60LL * 1000000), grpc::StatusCode::OK)
      << "a late event that repeats the status only adds to the history";
}

INSTANTIATE_TEST_SUITE_P(Backends, ShipmentServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
