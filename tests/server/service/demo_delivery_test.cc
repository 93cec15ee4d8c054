// The demo store's delivery, seeded beside the demo catalog: zones that resolve the demo's London
// postcodes and outlines, two weeks of open slots from their templates, and a second seed that
// creates nothing, nor does a second instance that found the store empty too.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "server/app/demo_catalog.h"
#include "server/app/demo_delivery.h"
#include "server/app/domain_contexts.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

using google::protobuf::util::TimeUtil;

class DemoDeliveryTest : public ServiceTest {
 protected:
  // The slot job would create the templated windows too if it ran between the seed's zones and
  // its slots (it did once under load), and the seed would then count fewer.
  void Configure(server::Config& config) override { config.slot_horizon_days = 0; }

  // The use cases the seed goes through, over the server's backend.
  struct Delivery {
    explicit Delivery(server::Backend& backend)
        : zones(server::MakeDeliveryContext(backend)), slots(server::MakeDeliveryContext(backend), zones) {}
    domain::Zones zones;
    domain::Slots slots;
  };
};

TEST_P(DemoDeliveryTest, SeedsZonesAndTwoWeeksOfSlotsOnce) {
  Delivery delivery(server().backend());
  auto& [zones, slots] = delivery;
  auto seeded = server::SeedDemoDelivery(zones, slots, std::chrono::hours(24 * 14));
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  // Three zones of 7, 3 and 3 daily windows over 14 days, less today's that are already too close.
  EXPECT_GE(*seeded, 13 * 13);
  EXPECT_LE(*seeded, 14 * 13);

  v1::Address address;
  address.set_postcode("sw1a 2hq");
  auto central = zones.Resolve(address);
  ASSERT_TRUE(central.ok());
  EXPECT_EQ(central->name(), "Central London");
  EXPECT_EQ(central->min_order().amount_minor(), 2500);
  EXPECT_EQ(central->stock_location_id(), server::kDemoLocation) << "fulfilled from the demo catalog's stock";
  address.set_postcode("W1D 3QU");
  EXPECT_EQ(zones.Resolve(address)->name(), "Central London");
  address.set_postcode("N10 1AA");
  EXPECT_EQ(zones.Resolve(address)->name(), "North London");
  for (auto const* elsewhere : {"SW19 1AA", "W12 7RJ", "NE1 4ST"}) {  // Wimbledon, Shepherd's Bush, Newcastle
    address.set_postcode(elsewhere);
    auto refused = zones.Resolve(address);
    ASSERT_FALSE(refused.ok()) << elsewhere << " resolved to " << refused->name();
    EXPECT_EQ(refused.error().reason, "ADDRESS_NOT_SERVED") << elsewhere;
  }
  address.set_postcode("");
  address.mutable_location()->set_latitude(51.60);  // Highgate: inside North London's outline
  address.mutable_location()->set_longitude(-0.15);
  auto north = zones.Resolve(address);
  ASSERT_TRUE(north.ok());
  EXPECT_EQ(north->name(), "North London");

  v1::ListSlotsRequest request;
  request.set_zone_id(central->id());
  request.set_only_available(true);
  request.set_page_size(200);
  domain::Principal shopper;
  shopper.user_id = "shopper";
  auto listed = slots.List(request, shopper);
  ASSERT_TRUE(listed.ok());
  ASSERT_GE(listed->slots_size(), 7 * 13);
  auto const& last = listed->slots(listed->slots_size() - 1);
  auto const span = TimeUtil::TimestampToMicroseconds(last.start_time()) - TimeUtil::GetCurrentTime().seconds() * 1000000;
  EXPECT_GT(span, 13LL * 24 * 3600 * 1000000) << "slots reach two weeks ahead";
  for (auto const& slot : listed->slots()) EXPECT_EQ(slot.capacity(), 12);

  auto again = server::SeedDemoDelivery(zones, slots, std::chrono::hours(24 * 14));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

// Instances started together on one empty database all find no zone and all create them: the
// later ones get the first one's zones (it failed with "postcode pattern belongs to another zone",
// and that instance did not start).
TEST_P(DemoDeliveryTest, ASecondInstanceThatFoundNoZoneGetsTheFirstOnesZones) {
  Delivery delivery(server().backend());
  auto& [zones, slots] = delivery;
  auto first = server::CreateDemoZones(zones, slots, std::chrono::hours(24 * 14));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GT(*first, 0);
  auto second = server::CreateDemoZones(zones, slots, std::chrono::hours(24 * 14));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, 0) << "the first instance's slots are there already";
  v1::ListZonesRequest all;
  all.set_page_size(10);
  auto listed = zones.List(all);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->zones_size(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoDeliveryTest, ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction),
                         BackendName);

}  // namespace
}  // namespace mercato::testing
