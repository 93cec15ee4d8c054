// Slots, holds and bookings through the real mercatod on both adapter sets: slots from weekly
// templates, holds and bookings that never take more than a slot's capacity (500 concurrent
// bookings on two instances), expiry by the sweeper, and who may do what. Zones:
// zone_service_test.cc; the slot job: slot_horizon_job_test.cc; shipments, which need placed
// orders: shipment_service_test.cc.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

#include "tests/server/service/delivery_fixture.h"

namespace mercato::testing {
namespace {

using google::protobuf::util::TimeUtil;

TEST_P(DeliveryServiceTest, BadZonesAndSlotsAreRefusedWithTheFieldAndWriteNothing) {
  struct Case {
    std::string name;
    v1::Zone zone;
    std::string field;
  };
  std::vector<Case> cases = {
      {"two points", ZoneShape("A", {}, {Point(51.0, 0.0), Point(51.1, 0.1)}), "zone.polygon"},
      {"bow tie", ZoneShape("B", {}, {Point(51.0, 0.0), Point(51.1, 0.1), Point(51.0, 0.1), Point(51.1, 0.0)}),
       "zone.polygon"},
      {"latitude", ZoneShape("C", {}, {Point(91.0, 0.0), Point(51.1, 0.1), Point(51.0, 0.1)}), "zone.polygon[0].latitude"},
      {"nothing served", ZoneShape("D", {}), "zone.postcodes"},
      {"bad pattern", ZoneShape("E", {"SW1*A"}), "zone.postcodes[0]"},
      {"time zone", ZoneShape("F", {"N1*"}), "zone.time_zone"},
  };
  cases.back().zone.set_time_zone("Mars/Olympus");
  for (auto const& c : cases) {
    SCOPED_TRACE(c.name);
    auto const context = StaffContext();
    EXPECT_EQ(CreateZone(c.zone, nullptr, context.get()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ErrorInfoOf(*context).metadata().at("field"), c.field);
  }
  v1::ListZonesResponse zones;
  grpc::ClientContext list_context;
  ASSERT_TRUE(stub_->ListZones(&list_context, {}, &zones).ok());
  EXPECT_EQ(zones.zones_size(), 0) << "a refused zone was written";

  auto const zone = MustCreateZone(ZoneShape("Good", {"N1*"}));
  auto const now = NowUs();
  auto inverted = SlotShape(zone.id(), now + 5 * kHourUs, 5);
  *inverted.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(now + 4 * kHourUs);
  struct SlotCase {
    std::string name;
    std::vector<v1::Slot> slots;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<SlotCase> slot_cases = {
      {"inverted window", {SlotShape(zone.id(), now + kHourUs, 5), inverted}, grpc::StatusCode::INVALID_ARGUMENT,
       "slots[1].end_time"},
      {"zero capacity", {SlotShape(zone.id(), now + kHourUs, 0)}, grpc::StatusCode::INVALID_ARGUMENT, "slots[0].capacity"},
      {"negative capacity", {SlotShape(zone.id(), now + kHourUs, -3)}, grpc::StatusCode::INVALID_ARGUMENT,
       "slots[0].capacity"},
      {"in the past", {SlotShape(zone.id(), now - kHourUs, 5)}, grpc::StatusCode::INVALID_ARGUMENT,
       "slots[0].start_time"},
      {"unknown zone", {SlotShape("no-such-zone", now + kHourUs, 5)}, grpc::StatusCode::NOT_FOUND, ""},
  };
  for (auto const& c : slot_cases) {
    SCOPED_TRACE(c.name);
    auto const context = StaffContext();
    v1::BatchCreateSlotsResponse response;
    EXPECT_EQ(CreateSlots(c.slots, &response, context.get()).error_code(), c.code);
    if (!c.field.empty()) {
      EXPECT_EQ(ErrorInfoOf(*context).metadata().at("field"), c.field);
    }
  }
  v1::ListSlotsRequest list;
  list.set_zone_id(zone.id());
  v1::ListSlotsResponse listed;
  ASSERT_TRUE(stub_->ListSlots(StaffContext().get(), list, &listed).ok());
  EXPECT_EQ(listed.slots_size(), 0) << "a refused batch wrote some of its slots";

  // A template's window more than a year ahead, as explicit slots are: at the end of year 9999 its
  // last window ended where no timestamp goes, and the server aborted.
  v1::BatchCreateSlotsRequest far;
  far.set_zone_id(zone.id());
  auto& far_window = *far.mutable_slot_template()->add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) {
    far_window.add_days(static_cast<v1::DayOfWeek>(day));
  }
  far_window.set_start_minute(22 * 60);
  far_window.set_end_minute(24 * 60);
  far.mutable_slot_template()->set_capacity(3);
  ASSERT_TRUE(TimeUtil::FromString("9999-12-29T00:00:00Z", far.mutable_window()->mutable_start_time()));
  ASSERT_TRUE(TimeUtil::FromString("9999-12-31T23:59:59Z", far.mutable_window()->mutable_end_time()));
  auto const far_context = StaffContext();
  v1::BatchCreateSlotsResponse far_response;
  EXPECT_EQ(stub_->BatchCreateSlots(far_context.get(), far, &far_response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorInfoOf(*far_context).metadata().at("field"), "window.end_time");
  *list.mutable_window()->mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(now - kHourUs);
  auto const inverted_list = StaffContext();
  EXPECT_EQ(stub_->ListSlots(inverted_list.get(), list, &listed).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "a window that ends before it starts (now, unset) lists nothing by mistake";
  list.clear_window();
  ASSERT_TRUE(stub_->ListSlots(StaffContext().get(), list, &listed).ok());
  EXPECT_EQ(listed.slots_size(), 0) << "the far template wrote slots";

  // Capacity below what is booked.
  auto const slot = MustCreateSlot(zone.id(), 3);
  v1::BookSlotResponse booked;
  ASSERT_TRUE(Book(*stub_, slot.id(), "order-1", &booked).ok());
  ASSERT_TRUE(Book(*stub_, slot.id(), "order-2", &booked).ok());
  v1::UpdateSlotRequest shrink;
  shrink.mutable_slot()->set_id(slot.id());
  shrink.mutable_slot()->set_capacity(1);
  shrink.mutable_update_mask()->add_paths("capacity");
  shrink.set_expected_version(booked.slot().version());
  auto const shrink_context = StaffContext();
  v1::UpdateSlotResponse shrunk;
  EXPECT_EQ(stub_->UpdateSlot(shrink_context.get(), shrink, &shrunk).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*shrink_context).reason(), "CAPACITY_BELOW_BOOKED");
  EXPECT_EQ(GetSlot(slot.id()).capacity(), 3);
}

TEST_P(DeliveryServiceTest, ATemplateCreatesLocalWindowsAndSkipsThoseThatExist) {
  auto shape = ZoneShape("Weekly", {"N1*"});
  auto& slot_template = *shape.mutable_slot_template();
  auto* morning = slot_template.add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) morning->add_days(static_cast<v1::DayOfWeek>(day));
  morning->set_start_minute(9 * 60);
  morning->set_end_minute(11 * 60);
  auto* evening = slot_template.add_windows();
  evening->add_days(v1::DAY_OF_WEEK_FRIDAY);
  evening->set_start_minute(18 * 60);
  evening->set_end_minute(20 * 60);
  evening->set_capacity(2);
  slot_template.set_capacity(8);
  slot_template.mutable_order_cutoff()->set_seconds(2 * 3600);
  auto const zone = MustCreateZone(shape);

  v1::BatchCreateSlotsRequest request;
  request.set_zone_id(zone.id());
  *request.mutable_window()->mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(NowUs() + 14 * 24 * kHourUs);
  v1::BatchCreateSlotsResponse first;
  auto const asked_at = NowUs();
  ASSERT_TRUE(stub_->BatchCreateSlots(StaffContext().get(), request, &first).ok());
  // 14 days of mornings (13 or 14 are still ahead) and two Friday evenings (one or two).
  EXPECT_GE(first.slots_size(), 13 + 1);
  EXPECT_LE(first.slots_size(), 14 + 2);
  for (auto const& slot : first.slots()) {
    auto const start = TimeUtil::TimestampToMicroseconds(slot.start_time());
    auto const cutoff = TimeUtil::TimestampToMicroseconds(slot.order_cutoff_time());
    // Two hours before the start; a window closer than that closes now (when it was created).
    if (start - 2 * kHourUs > asked_at + 60'000'000) {
      EXPECT_EQ(cutoff, start - 2 * kHourUs);
    } else {
      EXPECT_GE(cutoff, asked_at);
    }
    auto const hours = (start / kHourUs) % 24;  // Europe/London is UTC in winter
    EXPECT_TRUE(hours == 9 || hours == 18) << TimeUtil::ToString(slot.start_time());
    EXPECT_EQ(slot.capacity(), hours == 18 ? 2 : 8);
  }
  v1::BatchCreateSlotsResponse again;
  request.set_request_id("");
  ASSERT_TRUE(stub_->BatchCreateSlots(StaffContext().get(), request, &again).ok());
  EXPECT_EQ(again.slots_size(), 0);
  EXPECT_EQ(again.skipped_count(), first.slots_size());
}

TEST_P(DeliveryServiceTest, ListingHidesClosedAndFullSlotsFromShoppers) {
  auto const zone = MustCreateZone(ZoneShape("Listing", {"N1*"}));
  auto const now = NowUs();
  v1::BatchCreateSlotsResponse created;
  auto const refused = StaffContext();
  EXPECT_EQ(CreateSlots({SlotShape(zone.id(), now + 2 * kHourUs, 1, now - 60'000'000)}, &created, refused.get())
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a slot already past its cut-off is not created";
  ASSERT_TRUE(CreateSlots({SlotShape(zone.id(), now + 2 * kHourUs, 1), SlotShape(zone.id(), now + 4 * kHourUs, 1),
                           SlotShape(zone.id(), now + 6 * kHourUs, 1)},
                          &created)
                  .ok());
  // Staff close the first early by moving its cut-off into the past.
  v1::UpdateSlotRequest close;
  *close.mutable_slot() = created.slots(0);
  *close.mutable_slot()->mutable_order_cutoff_time() = TimeUtil::MicrosecondsToTimestamp(now - 60'000'000);
  close.mutable_update_mask()->add_paths("order_cutoff_time");
  close.set_expected_version(created.slots(0).version());
  v1::UpdateSlotResponse closed_early;
  auto const closing = StaffContext();
  auto const closed_status = stub_->UpdateSlot(closing.get(), close, &closed_early);
  ASSERT_TRUE(closed_status.ok()) << closed_status.error_message();
  auto const& closed = created.slots(0);
  auto const& full = created.slots(1);
  v1::BookSlotResponse booked;
  ASSERT_TRUE(Book(*stub_, full.id(), "order-full", &booked).ok());
  auto const closed_context = StaffContext();
  EXPECT_EQ(Book(*stub_, closed.id(), "order-late", &booked, "", closed_context.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*closed_context).reason(), "SLOT_CLOSED");

  v1::ListSlotsRequest request;
  v1::Address address;
  address.set_postcode("n1 9gu");
  *request.mutable_address() = address;
  request.set_only_available(true);
  v1::ListSlotsResponse listed;
  grpc::ClientContext anonymous;
  ASSERT_TRUE(stub_->ListSlots(&anonymous, request, &listed).ok());
  ASSERT_EQ(listed.slots_size(), 1);
  EXPECT_EQ(listed.slots(0).id(), created.slots(2).id());
  EXPECT_EQ(listed.slots(0).remaining(), 1);

  request.set_only_available(false);
  request.set_include_closed(true);
  grpc::ClientContext anonymous_closed;
  EXPECT_EQ(stub_->ListSlots(&anonymous_closed, request, &listed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(stub_->ListSlots(StaffContext().get(), request, &listed).ok());
  EXPECT_EQ(listed.slots_size(), 3);
}

TEST_P(DeliveryServiceTest, ACartsHoldMovesBetweenSlotsAndBecomesItsBooking) {
  auto const zone = MustCreateZone(ZoneShape("Holds", {"N1*"}));
  auto const first = MustCreateSlot(zone.id(), 2, 24);
  auto const second = MustCreateSlot(zone.id(), 2, 48);
  auto const ada = SignUpCustomer("ada@example.com").token;
  auto const eve = SignUpCustomer("eve@example.com").token;

  v1::HoldSlotResponse held;
  ASSERT_TRUE(Hold(ada, first.id(), "cart-ada", &held).ok());
  EXPECT_EQ(held.slot().held(), 1);
  EXPECT_EQ(held.slot().remaining(), 1);
  auto const first_hold = held.hold();
  ASSERT_TRUE(Hold(ada, second.id(), "cart-ada", &held).ok());
  EXPECT_EQ(GetSlot(first.id()).held(), 0) << "moving the hold gave the first slot's unit back";
  EXPECT_EQ(GetSlot(second.id()).held(), 1);

  // A hold is for the caller's own cart: Ada's cart, or one that does not exist, answers Eve
  // NOT_FOUND alike and holds nothing; Eve's own cart leaves Ada's hold alone; Ada's hold answers
  // Eve like a missing one.
  for (auto const& cart_id : {CartOf(ada, "cart-ada"), std::string("no-such-cart")}) {
    v1::HoldSlotRequest not_hers;
    not_hers.set_slot_id(first.id());
    not_hers.set_cart_id(cart_id);
    v1::HoldSlotResponse refused;
    auto const status = stub_->HoldSlot(As(eve).get(), not_hers, &refused);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << cart_id;
    EXPECT_EQ(status.error_message(), "cart '" + cart_id + "' does not exist");
  }
  EXPECT_EQ(GetSlot(first.id()).held(), 0);
  v1::HoldSlotResponse eves;
  ASSERT_TRUE(Hold(eve, first.id(), "cart-eve", &eves).ok());
  EXPECT_NE(eves.hold().id(), held.hold().id());
  EXPECT_EQ(GetSlot(second.id()).held(), 1);
  v1::GetSlotHoldRequest peek;
  peek.set_hold_id(held.hold().id());
  v1::GetSlotHoldResponse peeked;
  EXPECT_EQ(stub_->GetSlotHold(As(eve).get(), peek, &peeked).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(stub_->GetSlotHold(As(ada).get(), peek, &peeked).ok());
  peek.set_hold_id(first_hold.id());
  ASSERT_TRUE(stub_->GetSlotHold(As(ada).get(), peek, &peeked).ok());
  EXPECT_EQ(peeked.hold().state(), v1::SLOT_HOLD_STATE_RELEASED);

  // Customers cannot book; checkout (staff or service) turns the hold into the booking.
  v1::BookSlotResponse booked;
  auto const customer_book = As(ada);
  EXPECT_EQ(Book(*stub_, second.id(), "order-ada", &booked, held.hold().id(), customer_book.get()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Book(*stub_, second.id(), "order-ada", &booked, held.hold().id()).ok());
  EXPECT_EQ(booked.slot().booked(), 1);
  EXPECT_EQ(booked.slot().held(), 0);
  EXPECT_EQ(booked.booking().hold_id(), held.hold().id());
  peek.set_hold_id(held.hold().id());
  ASSERT_TRUE(stub_->GetSlotHold(As(ada).get(), peek, &peeked).ok());
  EXPECT_EQ(peeked.hold().state(), v1::SLOT_HOLD_STATE_BOOKED);
  EXPECT_EQ(peeked.hold().booking_id(), booked.booking().id());

  // The same order again is the same booking; another slot for it is refused.
  v1::BookSlotResponse repeated;
  ASSERT_TRUE(Book(*stub_, second.id(), "order-ada", &repeated).ok());
  EXPECT_EQ(repeated.booking().id(), booked.booking().id());
  auto const elsewhere = StaffContext();
  EXPECT_EQ(Book(*stub_, first.id(), "order-ada", &repeated, "", elsewhere.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*elsewhere).reason(), "ORDER_ALREADY_BOOKED");

  v1::ReleaseSlotRequest release;
  release.set_booking_id(booked.booking().id());
  v1::ReleaseSlotResponse released;
  ASSERT_TRUE(stub_->ReleaseSlot(StaffContext().get(), release, &released).ok());
  ASSERT_TRUE(stub_->ReleaseSlot(StaffContext().get(), release, &released).ok()) << "a second release is a no-op";
  EXPECT_EQ(released.booking().state(), v1::SLOT_BOOKING_STATE_RELEASED);
  // A release from a stale read is told so, even when the booking is already released.
  release.set_expected_version(booked.booking().version());
  auto const stale = StaffContext();
  EXPECT_EQ(stub_->ReleaseSlot(stale.get(), release, &released).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(GetSlot(second.id()).booked(), 0);
  EXPECT_EQ(ActiveBookingRows(second.id()), 0);
}

TEST_P(DeliveryServiceTest, AHoldEndsAtTheSlotsCutOffAndNothingIsBookedAfterIt) {
  auto const zone = MustCreateZone(ZoneShape("Cut-off", {"N1*"}));
  auto const cutoff = NowUs() + 2'000'000;
  v1::BatchCreateSlotsResponse created;
  ASSERT_TRUE(CreateSlots({SlotShape(zone.id(), NowUs() + 24 * kHourUs, 5, cutoff)}, &created).ok());
  ASSERT_EQ(created.slots_size(), 1);
  auto const slot = created.slots(0);
  auto const ada = SignUpCustomer("ada@example.com").token;
  v1::HoldSlotResponse held;
  ASSERT_TRUE(Hold(ada, slot.id(), "cart-ada", &held).ok());  // for 15 minutes, the test helper's ttl
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(held.hold().expires_at()), cutoff)
      << "a hold outlived the cut-off, after which the store no longer takes the slot's orders";

  while (NowUs() <= cutoff) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  v1::BookSlotResponse booked;
  auto const from_hold = StaffContext();
  EXPECT_EQ(Book(*stub_, slot.id(), "order-ada", &booked, held.hold().id(), from_hold.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*from_hold).reason(), "SLOT_HOLD_NOT_ACTIVE");
  auto const unheld = StaffContext();
  EXPECT_EQ(Book(*stub_, slot.id(), "order-eve", &booked, "", unheld.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*unheld).reason(), "SLOT_CLOSED");
  EXPECT_EQ(GetSlot(slot.id()).booked(), 0);
  EXPECT_EQ(ActiveBookingRows(slot.id()), 0);
}

TEST_P(DeliveryServiceTest, ACustomerHoldsAFewSlotsAtMostAndAnInactiveZoneTakesNoClaims) {
  auto const zone = MustCreateZone(ZoneShape("Limits", {"N1*"}));
  auto const slot = MustCreateSlot(zone.id(), 50);
  auto const ada = SignUpCustomer("ada@example.com").token;
  v1::HoldSlotResponse held;
  for (int cart = 0; cart < 5; ++cart) {
    ASSERT_TRUE(Hold(ada, slot.id(), "cart-" + std::to_string(cart), &held).ok()) << cart;
  }
  auto const sixth = As(ada);
  EXPECT_EQ(Hold(ada, slot.id(), "cart-5", &held, 900, sixth.get()).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorInfoOf(*sixth).reason(), "HOLD_LIMIT");
  ASSERT_TRUE(Hold(ada, slot.id(), "cart-0", &held).ok()) << "renewing a cart's hold is not a new one";
  EXPECT_EQ(GetSlot(slot.id()).held(), 5);

  v1::UpdateZoneRequest close;
  close.mutable_zone()->set_id(zone.id());
  close.mutable_zone()->set_active(false);
  close.mutable_update_mask()->add_paths("active");
  close.set_expected_version(zone.version());
  v1::UpdateZoneResponse closed;
  ASSERT_TRUE(stub_->UpdateZone(StaffContext().get(), close, &closed).ok());
  auto const refused = StaffContext();
  v1::BookSlotResponse booked;
  EXPECT_EQ(Book(*stub_, slot.id(), "order-closed", &booked, "", refused.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*refused).reason(), "ZONE_CLOSED");
  auto const eve = SignUpCustomer("eve@example.com").token;
  auto const eve_refused = As(eve);
  EXPECT_EQ(Hold(eve, slot.id(), "cart-eve", &held, 900, eve_refused.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// The contract's Zone.stock_location_id: "Empty: the zone takes no orders". Its slots take no hold
// nor booking, and shoppers are offered none; staff still see them. (They took both, and checkout
// then refused the order.)
TEST_P(DeliveryServiceTest, AZoneWithoutAStockLocationTakesNoHoldsOrBookings) {
  auto shape = ZoneShape("No stock", {"E1*"});
  shape.clear_stock_location_id();
  auto const zone = MustCreateZone(shape);
  auto const slot = MustCreateSlot(zone.id(), 5);
  auto const ada = SignUpCustomer("ada@example.com").token;
  auto const hold_refused = As(ada);
  v1::HoldSlotResponse held;
  EXPECT_EQ(Hold(ada, slot.id(), "cart-a", &held, 900, hold_refused.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*hold_refused).reason(), "ZONE_CLOSED");
  auto const book_refused = StaffContext();
  v1::BookSlotResponse booked;
  EXPECT_EQ(Book(*stub_, slot.id(), "order-no-stock", &booked, "", book_refused.get()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*book_refused).reason(), "ZONE_CLOSED");
  EXPECT_EQ(GetSlot(slot.id()).booked() + GetSlot(slot.id()).held(), 0);

  v1::ListSlotsRequest request;
  request.set_zone_id(zone.id());
  v1::ListSlotsResponse listed;
  grpc::ClientContext anonymous;
  ASSERT_TRUE(stub_->ListSlots(&anonymous, request, &listed).ok());
  EXPECT_EQ(listed.slots_size(), 0);
  ASSERT_TRUE(stub_->ListSlots(StaffContext().get(), request, &listed).ok());
  EXPECT_EQ(listed.slots_size(), 1);
}

// A customer's rules span slots that are locked apart: holds sent at once on many slots still
// stop at the customer's limit, and a cart's holds sent at once leave it exactly one, with no
// error but the limit's.
TEST_P(DeliveryServiceTest, ConcurrentHoldsOnManySlotsKeepTheCustomersLimitAndOneHoldPerCart) {
  auto const zone = MustCreateZone(ZoneShape("Spread", {"N1*"}));
  constexpr int kSlots = 12;
  std::vector<v1::Slot> shapes;
  for (int i = 0; i < kSlots; ++i) shapes.push_back(SlotShape(zone.id(), NowUs() + (24 + 2 * i) * kHourUs, 3));
  v1::BatchCreateSlotsResponse created;
  ASSERT_TRUE(CreateSlots(shapes, &created).ok());
  ASSERT_EQ(created.slots_size(), kSlots);
  auto const ada = SignUpCustomer("ada@example.com").token;
  auto const eve = SignUpCustomer("eve@example.com").token;
  // Ada holds for a cart of her own per slot; Eve for one cart on every slot. All at once.
  struct Call {
    std::unique_ptr<grpc::ClientContext> context;
    v1::HoldSlotRequest request;
    v1::HoldSlotResponse response;
    grpc::Status status;
  };
  std::vector<Call> calls(2 * kSlots);
  for (int i = 0; i < kSlots; ++i) {
    for (int who = 0; who < 2; ++who) {
      auto& call = calls[static_cast<std::size_t>(2 * i + who)];
      auto const& token = who == 0 ? ada : eve;
      call.context = As(token);
      call.request.set_slot_id(created.slots(i).id());
      call.request.set_cart_id(CartOf(token, who == 0 ? "cart-" + std::to_string(i) : "the-cart"));
    }
  }
  std::vector<std::thread> threads;
  for (auto& call : calls) {
    threads.emplace_back([&] { call.status = stub_->HoldSlot(call.context.get(), call.request, &call.response); });
  }
  for (auto& thread : threads) thread.join();

  int ada_held = 0;
  int eve_held = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    auto const& call = calls[i];
    if (call.status.ok()) {
      ++(i % 2 == 0 ? ada_held : eve_held);
      continue;
    }
    EXPECT_EQ(i % 2, 0U) << "Eve's holds move her cart's one hold: " << call.status.error_message();
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << call.status.error_message();
    EXPECT_EQ(ErrorInfoOf(*call.context).reason(), "HOLD_LIMIT");
  }
  EXPECT_EQ(ada_held, 5) << "a customer holds 5 slots at most";
  EXPECT_EQ(eve_held, kSlots);
  int held = 0;
  for (auto const& slot : created.slots()) held += GetSlot(slot.id()).held();
  EXPECT_EQ(held, 5 + 1) << "Ada's five and the one of Eve's cart";
}

TEST_P(DeliveryServiceTest, ExpiredHoldsComeBackOnceEvenWithTwoInstancesSweeping) {
  std::unique_ptr<server::MercatoServer> other;
  if (GetParam() == BackendKind::kProduction) other = StartAnotherInstance();
  auto const zone = MustCreateZone(ZoneShape("Expiry", {"N1*"}));
  auto const slot = MustCreateSlot(zone.id(), 10);
  auto const ada = SignUpCustomer("ada@example.com").token;
  constexpr int kHolds = 5;  // a customer's most
  for (int i = 0; i < kHolds; ++i) {
    v1::HoldSlotResponse held;
    ASSERT_TRUE(Hold(ada, slot.id(), "cart-" + std::to_string(i), &held, 1).ok());
  }
  EXPECT_EQ(GetSlot(slot.id()).held(), kHolds);
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (GetSlot(slot.id()).held() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(GetSlot(slot.id()).held(), 0);
  auto const types = EventTypes({"slot_hold"}, 2 * kHolds);
  EXPECT_EQ(std::count(types.begin(), types.end(), "delivery.slot.held"), kHolds);
  EXPECT_EQ(std::count(types.begin(), types.end(), "delivery.hold.expired"), kHolds) << "each hold expired exactly once";
  if (other) other->Shutdown(std::chrono::milliseconds(1000));
}

// The proof: capacity 20, 500 BookSlot calls in flight at once, split over two instances
// on one PostgreSQL (one instance on SQLite): exactly 20 bookings, and the counter agrees.
TEST_P(DeliveryServiceTest, FiveHundredConcurrentBookingsTakeExactlyTheCapacity) {
  std::unique_ptr<server::MercatoServer> other;
  if (GetParam() == BackendKind::kProduction) other = StartAnotherInstance();
  auto const zone = MustCreateZone(ZoneShape("Hot", {"N1*"}));
  auto const slot = MustCreateSlot(zone.id(), 20);
  auto other_stub = other ? v1::DeliveryService::NewStub(grpc::CreateChannel(
                                "127.0.0.1:" + std::to_string(other->port()), grpc::InsecureChannelCredentials()))
                          : nullptr;
  constexpr int kCalls = 500;
  struct Call {
    grpc::ClientContext context;
    v1::BookSlotRequest request;
    v1::BookSlotResponse response;
  };
  std::vector<std::unique_ptr<Call>> calls;
  std::mutex mutex;
  std::condition_variable done_cv;
  int done = 0;
  std::map<grpc::StatusCode, int> codes;
  std::map<std::string, int> reasons;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    call->context.AddMetadata("authorization", std::string("Bearer ") + kStaffToken);
    call->request.set_slot_id(slot.id());
    call->request.set_order_id("order-" + std::to_string(i));
    calls.push_back(std::move(call));
  }
  for (int i = 0; i < kCalls; ++i) {
    auto* call = calls[static_cast<std::size_t>(i)].get();
    auto& stub = (other_stub && i % 2 == 1) ? *other_stub : *stub_;
    stub.async()->BookSlot(&call->context, &call->request, &call->response, [&, call](grpc::Status status) {
      std::lock_guard lock(mutex);
      ++codes[status.error_code()];
      if (!status.ok()) ++reasons[ErrorInfoOf(call->context).reason()];
      ++done;
      done_cv.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done_cv.wait_for(lock, std::chrono::seconds(120), [&] { return done == kCalls; }));
  }
  EXPECT_EQ(codes[grpc::StatusCode::OK], 20);
  EXPECT_EQ(codes[grpc::StatusCode::FAILED_PRECONDITION], kCalls - 20);
  EXPECT_EQ(reasons["SLOT_FULL"], kCalls - 20);
  auto const after = GetSlot(slot.id());
  EXPECT_EQ(after.booked(), 20);
  EXPECT_EQ(after.remaining(), 0);
  EXPECT_EQ(ActiveBookingRows(slot.id()), 20) << "booked must equal the ACTIVE booking rows";
  auto const types = EventTypes({"slot_booking"}, 20);
  EXPECT_EQ(std::count(types.begin(), types.end(), "delivery.slot.booked"), 20);
  if (other) other->Shutdown(std::chrono::milliseconds(1000));
}

// The database, not the decision, is the truth: a claim decided by a decision that ignores
// capacity (as a bug would) is refused by the slot's CHECK, and nothing of it is written.
TEST_P(DeliveryServiceTest, TheDatabaseRefusesAnOverbookingThatADecisionLetThrough) {
  auto const zone = MustCreateZone(ZoneShape("Check", {"N1*"}));
  auto const slot = MustCreateSlot(zone.id(), 1);
  v1::BookSlotResponse booked;
  ASSERT_TRUE(Book(*stub_, slot.id(), "order-1", &booked).ok());
  domain::SlotClaim claim{domain::SlotClaim::Kind::kBook, slot.id(), "order-2", "", "", {}, ""};
  auto careless = [](domain::ClaimState const& state) -> domain::Result<std::optional<domain::SlotChange>> {
    domain::SlotChange change;
    auto full = state.slot;
    full.set_booked(full.booked() + 1);  // no capacity check
    full.set_version(full.version() + 1);
    v1::SlotBooking booking;
    booking.set_id("careless-booking");
    booking.set_slot_id(full.id());
    booking.set_order_id("order-2");
    booking.set_state(v1::SLOT_BOOKING_STATE_ACTIVE);
    booking.set_version(1);
    change.slots.push_back(full);
    change.booking = booking;
    return std::optional<domain::SlotChange>(std::move(change));
  };
  auto refused = server().backend().slot_store->Claim(claim, careless);
  EXPECT_FALSE(refused.ok()) << "booked " << (refused.ok() ? refused->slot.booked() : -1) << " of 1";
  EXPECT_EQ(GetSlot(slot.id()).booked(), 1);
  EXPECT_EQ(ActiveBookingRows(slot.id()), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
