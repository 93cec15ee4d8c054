// Pure delivery rules: the zone index's overlap rule, weekly templates across a clock change, and
// the shipment status machine.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "server/domain/delivery/shipment_status.h"
#include "server/domain/delivery/slot_rules.h"
#include "server/domain/delivery/zone_index.h"
#include "server/domain/delivery/zone_rules.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

v1::Zone Square(std::string const& id, double south, double west, double size, bool active = true) {
  v1::Zone zone;
  zone.set_id(id);
  zone.set_active(active);
  for (auto [lat, lon] : {std::pair{south, west}, {south + size, west}, {south + size, west + size}, {south, west + size}}) {
    auto* point = zone.add_polygon();
    point->set_latitude(lat);
    point->set_longitude(lon);
  }
  return zone;
}

v1::Address At(double latitude, double longitude, std::string const& postcode = "") {
  v1::Address address;
  address.mutable_location()->set_latitude(latitude);
  address.mutable_location()->set_longitude(longitude);
  address.set_postcode(postcode);
  return address;
}

TEST(ZoneIndex, TheSmallestCoveringOutlineWinsThenTheOlderZone) {
  auto big = Square("01B", 51.0, -1.0, 2.0);
  auto small = Square("01C", 51.4, -0.2, 0.4);
  auto same_as_small = Square("01A", 51.4, -0.2, 0.4);
  auto inactive = Square("00Z", 51.45, -0.15, 0.1, false);
  ZoneIndex index({big, small, same_as_small, inactive});
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.Resolve(At(51.5, -0.1))->id(), "01A") << "equal areas: the lower (older) id";
  EXPECT_EQ(index.Resolve(At(51.1, 0.5))->id(), "01B");
  EXPECT_EQ(index.Resolve(At(51.4, -0.2))->id(), "01A") << "a corner counts as inside";
  EXPECT_EQ(index.Resolve(At(10.0, 10.0)), nullptr);
}

TEST(ZoneIndex, PostcodesMatchExactlyFirstThenTheLongestPrefixWithoutCaseOrSpaces) {
  v1::Zone wide;
  wide.set_id("wide");
  wide.set_active(true);
  wide.add_postcodes("SW1*");
  v1::Zone narrow;
  narrow.set_id("narrow");
  narrow.set_active(true);
  narrow.add_postcodes("SW1A*");
  v1::Zone single;
  single.set_id("single");
  single.set_active(true);
  single.add_postcodes("SW1A 2AA");
  ZoneIndex index({wide, narrow, single});
  v1::Address address;
  address.set_postcode("sw1a2aa");
  EXPECT_EQ(index.Resolve(address)->id(), "single");
  address.set_postcode(" sw1a 1aa");
  EXPECT_EQ(index.Resolve(address)->id(), "narrow");
  address.set_postcode("SW1X 7XL");
  EXPECT_EQ(index.Resolve(address)->id(), "wide");
  address.set_postcode("SW2 1AA");
  EXPECT_EQ(index.Resolve(address), nullptr);
  // A location outside every outline falls back to the postcode.
  EXPECT_EQ(index.Resolve(At(0.0, 0.0, "SW1X 7XL"))->id(), "wide");
}

TEST(ZoneRules, OutlinesMustBeSimplePolygons) {
  auto zone = Square("z", 51.0, 0.0, 0.1);
  zone.set_name("Zone");
  zone.mutable_delivery_fee()->set_currency_code("GBP");
  EXPECT_TRUE(NormalizeZone(zone).ok());
  auto bow_tie = zone;
  std::swap(*bow_tie.mutable_polygon(2), *bow_tie.mutable_polygon(3));
  auto refused = NormalizeZone(bow_tie);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().metadata.at("field"), "zone.polygon");
  EXPECT_NE(refused.error().message.find("zone.polygon crosses itself"), std::string::npos) << refused.error().message;

  // A five-pointed star drawn in one stroke: its crossing is told in latitude, longitude order.
  auto star = zone;
  star.clear_polygon();
  for (auto const& [lat, lng] : std::vector<std::pair<double, double>>{
           {10.0, 10.0}, {9.0, 12.5}, {8.0, 10.0}, {11.0, 11.5}, {11.0, 8.5}}) {
    auto* point = star.add_polygon();
    point->set_latitude(lat);
    point->set_longitude(lng);
  }
  auto crossed = NormalizeZone(star);
  ASSERT_FALSE(crossed.ok());
  EXPECT_NE(crossed.error().message.find("crosses itself near latitude "), std::string::npos) << crossed.error().message;
  EXPECT_EQ(crossed.error().message.find("segment IDs"), std::string::npos) << "no library debugging detail";
}

TEST(SlotTemplate, WindowsStayAtLocalTimeAcrossTheSpringClockChange) {
  v1::SlotTemplate slot_template;
  auto* window = slot_template.add_windows();
  window->add_days(v1::DAY_OF_WEEK_SATURDAY);
  window->add_days(v1::DAY_OF_WEEK_SUNDAY);
  window->set_start_minute(9 * 60);
  window->set_end_minute(11 * 60);
  slot_template.set_capacity(5);
  slot_template.mutable_order_cutoff()->set_seconds(3600);
  // London moves to BST at 01:00 UTC on Sunday 28 March 2027.
  google::protobuf::Timestamp saturday;
  ASSERT_TRUE(TimeUtil::FromString("2027-03-27T00:00:00Z", &saturday));
  auto const from = TimeUtil::TimestampToMicroseconds(saturday);
  auto const to = from + 2LL * 24 * 3600 * 1000000;
  auto slots = ExpandTemplate(slot_template, "zone", "Europe/London", from, to, from - 1);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 2u);
  EXPECT_EQ(TimeUtil::ToString((*slots)[0].start_time()), "2027-03-27T09:00:00Z");  // GMT
  EXPECT_EQ(TimeUtil::ToString((*slots)[1].start_time()), "2027-03-28T08:00:00Z");  // 09:00 BST
  EXPECT_EQ(TimeUtil::ToString((*slots)[1].order_cutoff_time()), "2027-03-28T07:00:00Z");
  EXPECT_EQ((*slots)[1].capacity(), 5);
  EXPECT_EQ((*slots)[1].remaining(), 5);
}

TEST(SlotTemplate, AWindowTheClockChangeSwallowsIsSkippedThatDay) {
  v1::SlotTemplate slot_template;
  auto* window = slot_template.add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
  window->set_start_minute(60);  // 01:00-02:00 does not exist in London on 28 March 2027
  window->set_end_minute(120);
  slot_template.set_capacity(2);
  google::protobuf::Timestamp saturday;
  ASSERT_TRUE(TimeUtil::FromString("2027-03-27T00:00:00Z", &saturday));
  auto const from = TimeUtil::TimestampToMicroseconds(saturday);
  auto slots = ExpandTemplate(slot_template, "zone", "Europe/London", from, from + 3LL * 24 * 3600 * 1000000, from - 1);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 2u) << "Saturday and Monday; Sunday's window does not exist";
  EXPECT_EQ(TimeUtil::ToString((*slots)[0].start_time()), "2027-03-27T01:00:00Z");
  EXPECT_EQ(TimeUtil::ToString((*slots)[1].start_time()), "2027-03-29T00:00:00Z");
}

TEST(ZoneRules, AZoneNamesTheStockLocationThatFulfilsIt) {
  v1::Zone zone;
  zone.set_name("Central");
  zone.add_postcodes("SW1*");
  zone.mutable_delivery_fee()->set_amount_minor(399);
  zone.mutable_delivery_fee()->set_currency_code("GBP");
  EXPECT_TRUE(NormalizeZone(zone).ok()) << "optional: a zone without one takes no orders";
  zone.set_stock_location_id("dc 1");
  auto refused = NormalizeZone(zone);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().metadata.at("field"), "zone.stock_location_id");

  v1::Zone changes;
  changes.set_stock_location_id("dc2");
  google::protobuf::FieldMask mask;
  mask.add_paths("stock_location_id");
  auto changed = ApplyZoneMask(zone, changes, mask);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->stock_location_id(), "dc2");
  EXPECT_EQ(changed->name(), "Central");
}

TEST(ZoneRules, AnOutlineAcrossTheAntimeridianIsRefused) {
  auto zone = Square("z", -10.0, 179.0, 1.0);
  zone.mutable_polygon(2)->set_longitude(-179.0);
  zone.mutable_polygon(3)->set_longitude(-179.0);
  zone.set_name("Fiji");
  zone.mutable_delivery_fee()->set_currency_code("FJD");
  auto refused = NormalizeZone(zone);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("antimeridian"), std::string::npos) << refused.error().message;
}

TEST(SlotTemplate, LeadTimeDropsWindowsTooSoonToPack) {
  v1::SlotTemplate slot_template;
  auto* window = slot_template.add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
  window->set_start_minute(12 * 60);
  window->set_end_minute(13 * 60);
  slot_template.set_capacity(1);
  slot_template.mutable_lead_time()->set_seconds(36 * 3600);
  google::protobuf::Timestamp now;
  ASSERT_TRUE(TimeUtil::FromString("2027-01-04T06:00:00Z", &now));
  auto const now_us = TimeUtil::TimestampToMicroseconds(now);
  auto slots = ExpandTemplate(slot_template, "zone", "UTC", now_us, now_us + 4LL * 24 * 3600 * 1000000, now_us);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 2u) << "Monday noon is 6 h away and Tuesday's 30 h, inside the 36 h lead time; Wednesday and Thursday remain";
  EXPECT_EQ(TimeUtil::ToString((*slots)[0].start_time()), "2027-01-06T12:00:00Z");
}

TEST(SlotTemplate, WindowsAlreadyPastTheirCutOffAreNotCreated) {
  v1::SlotTemplate slot_template;
  auto* window = slot_template.add_windows();
  window->add_days(v1::DAY_OF_WEEK_MONDAY);
  window->set_start_minute(12 * 60);
  window->set_end_minute(13 * 60);
  slot_template.set_capacity(1);
  slot_template.mutable_order_cutoff()->set_seconds(8 * 3600);  // orders close at 04:00
  google::protobuf::Timestamp now;
  ASSERT_TRUE(TimeUtil::FromString("2027-01-04T06:00:00Z", &now));  // a Monday, after 04:00
  auto const now_us = TimeUtil::TimestampToMicroseconds(now);
  auto slots = ExpandTemplate(slot_template, "zone", "UTC", now_us, now_us + 8LL * 24 * 3600 * 1000000, now_us);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 1u) << "today's window closed at 04:00; next Monday's remains";
  EXPECT_EQ(TimeUtil::ToString((*slots)[0].start_time()), "2027-01-11T12:00:00Z");
  EXPECT_EQ(TimeUtil::ToString((*slots)[0].order_cutoff_time()), "2027-01-11T04:00:00Z");
}

TEST(SlotRules, AnExplicitSlotPastItsCutOffIsRefused) {
  auto const now_us = TimeUtil::TimestampToMicroseconds(TimeUtil::GetCurrentTime());
  v1::Slot slot;
  slot.set_zone_id("zone");
  slot.set_capacity(3);
  *slot.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(now_us + 3600LL * 1000000);
  *slot.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(now_us + 7200LL * 1000000);
  *slot.mutable_order_cutoff_time() = TimeUtil::MicrosecondsToTimestamp(now_us - 1);
  auto refused = CheckNewSlot("slots[0]", slot, now_us);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().metadata.at("field"), "slots[0].order_cutoff_time");
  *slot.mutable_order_cutoff_time() = TimeUtil::MicrosecondsToTimestamp(now_us + 1800LL * 1000000);
  EXPECT_TRUE(CheckNewSlot("slots[0]", slot, now_us).ok());
}

TEST(SlotTemplate, OverlappingStartsAndBadWindowsAreRefused) {
  v1::SlotTemplate slot_template;
  slot_template.set_capacity(3);
  auto* first = slot_template.add_windows();
  first->add_days(v1::DAY_OF_WEEK_MONDAY);
  first->set_start_minute(600);
  first->set_end_minute(660);
  auto* second = slot_template.add_windows();
  *second = *first;
  EXPECT_EQ(CheckSlotTemplate("t", slot_template).error().metadata.at("field"), "t.windows[1]");
  second->set_start_minute(700);
  second->set_end_minute(650);
  EXPECT_EQ(CheckSlotTemplate("t", slot_template).error().metadata.at("field"), "t.windows[1].end_minute");
  second->set_end_minute(720);
  EXPECT_TRUE(CheckSlotTemplate("t", slot_template).ok());
  slot_template.set_capacity(0);
  EXPECT_EQ(CheckSlotTemplate("t", slot_template).error().metadata.at("field"), "t.capacity");
}

TEST(ShipmentStatus, OnlyTheContractsMovesAreAllowed) {
  using S = v1::ShipmentStatus;
  EXPECT_TRUE(IsAllowedTransition(S::SHIPMENT_STATUS_PENDING, S::SHIPMENT_STATUS_PICKED_UP));
  EXPECT_TRUE(IsAllowedTransition(S::SHIPMENT_STATUS_IN_TRANSIT, S::SHIPMENT_STATUS_FAILED));
  EXPECT_TRUE(IsAllowedTransition(S::SHIPMENT_STATUS_FAILED, S::SHIPMENT_STATUS_RETURNED));
  EXPECT_TRUE(IsAllowedTransition(S::SHIPMENT_STATUS_IN_TRANSIT, S::SHIPMENT_STATUS_IN_TRANSIT));
  EXPECT_FALSE(IsAllowedTransition(S::SHIPMENT_STATUS_PENDING, S::SHIPMENT_STATUS_DELIVERED));
  EXPECT_TRUE(IsAllowedTransition(S::SHIPMENT_STATUS_DELIVERED, S::SHIPMENT_STATUS_DELIVERED)) << "a repeated webhook";
  EXPECT_FALSE(IsAllowedTransition(S::SHIPMENT_STATUS_DELIVERED, S::SHIPMENT_STATUS_FAILED));
  EXPECT_FALSE(IsAllowedTransition(S::SHIPMENT_STATUS_RETURNED, S::SHIPMENT_STATUS_PENDING));
  auto const error = InvalidTransition("s1", S::SHIPMENT_STATUS_PENDING, S::SHIPMENT_STATUS_DELIVERED);
  EXPECT_EQ(error.reason, "INVALID_TRANSITION");
  EXPECT_NE(error.message.find("SHIPMENT_STATUS_PICKED_UP"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace mercato::domain
