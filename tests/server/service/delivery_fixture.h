// The delivery suites' fixture: mercatod on both adapter sets with its rate limits lifted and a
// fast reservation sweeper, a DeliveryService stub, and the zones, slots, holds and bookings the
// suites start from.
#pragma once

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mercato/v1/delivery.grpc.pb.h"
#include "mercato/v1/orders.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {

constexpr std::int64_t kHourUs = 3600LL * 1000000;

class DeliveryServiceTest : public ServiceTest {
 protected:
  using TimeUtil = google::protobuf::util::TimeUtil;

  void Configure(server::Config& config) override {
    config.user_rate_burst = 100000;
    config.anonymous_rate_burst = 100000;
    config.reservation_sweep_interval = std::chrono::milliseconds(50);
  }
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = v1::DeliveryService::NewStub(Channel());
  }

  std::int64_t NowUs() const { return TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime()); }

  static v1::Zone ZoneShape(std::string const& name, std::vector<std::string> const& postcodes,
                            std::vector<v1::GeoPoint> const& polygon = {}) {
    v1::Zone zone;
    zone.set_name(name);
    for (auto const& postcode : postcodes) zone.add_postcodes(postcode);
    for (auto const& point : polygon) *zone.add_polygon() = point;
    zone.mutable_delivery_fee()->set_amount_minor(399);
    zone.mutable_delivery_fee()->set_currency_code("GBP");
    zone.set_active(true);
    zone.set_time_zone("Europe/London");
    zone.set_stock_location_id("dc1");  // a zone without one takes no orders
    return zone;
  }

  grpc::Status CreateZone(v1::Zone const& shape, v1::Zone* created, grpc::ClientContext* context = nullptr) {
    v1::CreateZoneRequest request;
    *request.mutable_zone() = shape;
    v1::CreateZoneResponse response;
    auto own = StaffContext();
    auto status = stub_->CreateZone(context ? context : own.get(), request, &response);
    if (created) *created = response.zone();
    return status;
  }

  v1::Zone MustCreateZone(v1::Zone const& shape) {
    v1::Zone zone;
    auto status = CreateZone(shape, &zone);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return zone;
  }

  grpc::Status Resolve(v1::Address const& address, v1::Zone* zone, grpc::ClientContext* context = nullptr) {
    v1::ResolveZoneRequest request;
    *request.mutable_address() = address;
    v1::ResolveZoneResponse response;
    grpc::ClientContext anonymous;
    auto status = stub_->ResolveZone(context ? context : &anonymous, request, &response);
    *zone = response.zone();
    return status;
  }

  static v1::Slot SlotShape(std::string const& zone_id, std::int64_t start_us, int capacity,
                            std::optional<std::int64_t> cutoff_us = std::nullopt) {
    v1::Slot slot;
    slot.set_zone_id(zone_id);
    *slot.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(start_us);
    *slot.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(start_us + 2 * kHourUs);
    slot.set_capacity(capacity);
    if (cutoff_us) *slot.mutable_order_cutoff_time() = TimeUtil::MicrosecondsToTimestamp(*cutoff_us);
    return slot;
  }

  grpc::Status CreateSlots(std::vector<v1::Slot> const& slots, v1::BatchCreateSlotsResponse* response,
                           grpc::ClientContext* context = nullptr) {
    v1::BatchCreateSlotsRequest request;
    for (auto const& slot : slots) *request.add_slots() = slot;
    auto own = StaffContext();
    return stub_->BatchCreateSlots(context ? context : own.get(), request, response);
  }

  v1::Slot MustCreateSlot(std::string const& zone_id, int capacity, std::int64_t hours_ahead = 24) {
    v1::BatchCreateSlotsResponse response;
    auto status = CreateSlots({SlotShape(zone_id, NowUs() + hours_ahead * kHourUs, capacity)}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.slots_size() == 1 ? response.slots(0) : v1::Slot();
  }

  v1::Slot GetSlot(std::string const& id) {
    v1::GetSlotRequest request;
    request.set_slot_id(id);
    v1::GetSlotResponse response;
    grpc::ClientContext context;
    auto status = stub_->GetSlot(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.slot();
  }

  grpc::Status Book(v1::DeliveryService::StubInterface& stub, std::string const& slot_id, std::string const& order_id,
                    v1::BookSlotResponse* response, std::string const& hold_id = "",
                    grpc::ClientContext* context = nullptr, std::string const& request_id = "") {
    v1::BookSlotRequest request;
    request.set_request_id(request_id);
    request.set_slot_id(slot_id);
    request.set_order_id(order_id);
    request.set_hold_id(hold_id);
    auto own = StaffContext();
    return stub.BookSlot(context ? context : own.get(), request, response);
  }

  // The id of the cart `token`'s customer calls `name` in this test, made on first use: a hold is
  // for a real cart of its caller.
  std::string CartOf(std::string const& token, std::string const& name) {
    auto& id = carts_[{token, name}];
    if (id.empty()) {
      v1::CreateCartResponse created;
      auto status = v1::OrderService::NewStub(Channel())->CreateCart(As(token).get(), {}, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      id = created.cart().id();
    }
    return id;
  }

  // HoldSlot for the caller's cart called `cart` (see CartOf).
  grpc::Status Hold(std::string const& token, std::string const& slot_id, std::string const& cart,
                    v1::HoldSlotResponse* response, int ttl_seconds = 900, grpc::ClientContext* context = nullptr) {
    v1::HoldSlotRequest request;
    request.set_slot_id(slot_id);
    request.set_cart_id(CartOf(token, cart));
    request.mutable_ttl()->set_seconds(ttl_seconds);
    auto own = As(token);
    return stub_->HoldSlot(context ? context : own.get(), request, response);
  }

  // Rows of the slot's ACTIVE bookings, straight from the database.
  std::int64_t ActiveBookingRows(std::string const& slot_id) {
    std::int64_t count = -1;
    auto read = server().backend().database->Read([&](adapters::SqlSession& session) -> domain::Status {
      auto rows = session.Exec("SELECT count(*) AS n FROM slot_bookings WHERE slot_id = $1 AND state = 1", {slot_id});
      if (!rows) return rows.error();
      auto n = adapters::GetInt64(*rows, 0, "n");
      if (!n) return n.error();
      count = *n;
      return domain::Ok();
    });
    EXPECT_TRUE(read.ok());
    return count;
  }

  // The types of the delivery events sequenced so far for `aggregate_types`.
  std::vector<std::string> EventTypes(std::vector<std::string> const& aggregate_types, std::size_t count) {
    std::vector<std::string> types;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (types.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      auto events = server().backend().outbox_store->ReadAfter(0, aggregate_types, 5000);
      if (!events) break;
      types.clear();
      for (auto const& event : *events) types.push_back(event.event_type());
    }
    return types;
  }

  std::unique_ptr<v1::DeliveryService::Stub> stub_;
  std::map<std::pair<std::string, std::string>, std::string> carts_;
};

}  // namespace mercato::testing
