// The pure inventory rules: movement arithmetic keeps 0 <= reserved <= on_hand, requests are
// checked field by field, holds are bounded, and a short reservation names every short item.
#include "server/domain/inventory/inventory_rules.h"

#include <gtest/gtest.h>

namespace mercato::domain {
namespace {

v1::StockItem Item(std::int64_t on_hand, std::int64_t reserved) {
  v1::StockItem item;
  item.set_sku("tea");
  item.set_location_id("dc1");
  item.set_on_hand(on_hand);
  item.set_reserved(reserved);
  item.set_available(on_hand - reserved);
  return item;
}

v1::ReservationLine Line(std::string sku, std::int64_t quantity) {
  v1::ReservationLine line;
  line.set_sku(std::move(sku));
  line.set_location_id("dc1");
  line.set_quantity(quantity);
  return line;
}

TEST(ApplyMovement, EachKindMovesTheRightCounters) {
  auto item = Item(10, 2);
  ASSERT_TRUE(ApplyMovement(item, v1::MOVEMENT_KIND_RESERVATION, 3).ok());
  EXPECT_EQ(item.reserved(), 5);
  ASSERT_TRUE(ApplyMovement(item, v1::MOVEMENT_KIND_COMMIT, 4).ok());
  EXPECT_EQ(item.on_hand(), 6);
  EXPECT_EQ(item.reserved(), 1);
  ASSERT_TRUE(ApplyMovement(item, v1::MOVEMENT_KIND_RELEASE, 1).ok());
  ASSERT_TRUE(ApplyMovement(item, v1::MOVEMENT_KIND_ADJUSTMENT, -6).ok());
  EXPECT_EQ(item.on_hand(), 0);
  EXPECT_EQ(item.available(), 0);
}

TEST(ApplyMovement, NothingMayLeaveReservedAboveOnHandOrBelowZero) {
  auto item = Item(5, 4);
  auto reserve = ApplyMovement(item, v1::MOVEMENT_KIND_RESERVATION, 2);
  ASSERT_FALSE(reserve.ok());
  EXPECT_EQ(reserve.error().reason, "INSUFFICIENT_STOCK");
  EXPECT_EQ(reserve.error().metadata.at("tea@dc1"), "1");
  EXPECT_FALSE(ApplyMovement(item, v1::MOVEMENT_KIND_ADJUSTMENT, -2).ok());
  EXPECT_FALSE(ApplyMovement(item, v1::MOVEMENT_KIND_RELEASE, 5).ok());
  EXPECT_EQ(item.on_hand(), 5) << "a refused movement changes nothing";
  EXPECT_EQ(item.reserved(), 4);
}

TEST(CheckReservationLines, NamesTheFirstBadLine) {
  google::protobuf::RepeatedPtrField<v1::ReservationLine> lines;
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines");
  *lines.Add() = Line("tea", 1);
  EXPECT_TRUE(CheckReservationLines(lines).ok());
  *lines.Add() = Line("milk", 0);
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines[1].quantity");
  lines.Mutable(1)->set_quantity(kMaxLineQuantity + 1);
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines[1].quantity");
  *lines.Mutable(1) = Line("tea", 2);
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines[1].sku");
  *lines.Mutable(1) = Line("green tea", 2);
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines[1].sku");
  *lines.Mutable(1) = Line("milk", 2);
  lines.Mutable(1)->clear_location_id();
  EXPECT_EQ(CheckReservationLines(lines).error().metadata.at("field"), "lines[1].location_id");
}

TEST(CheckAdjustment, ReceiptsAddAndAdjustmentsExplainThemselves) {
  v1::AdjustStockRequest request;
  request.set_sku("tea");
  request.set_location_id("dc1");
  request.set_kind(v1::MOVEMENT_KIND_RECEIPT);
  request.set_delta(-1);
  EXPECT_EQ(CheckAdjustment(request).error().metadata.at("field"), "delta");
  request.set_delta(3);
  EXPECT_TRUE(CheckAdjustment(request).ok());
  request.set_kind(v1::MOVEMENT_KIND_ADJUSTMENT);
  EXPECT_EQ(CheckAdjustment(request).error().metadata.at("field"), "reason");
  request.set_reason("stock count");
  EXPECT_TRUE(CheckAdjustment(request).ok());
  request.set_kind(v1::MOVEMENT_KIND_COMMIT);
  EXPECT_EQ(CheckAdjustment(request).error().metadata.at("field"), "kind");
}

TEST(HoldFor, DefaultsAndBounds) {
  using std::chrono::microseconds;
  auto const default_hold = microseconds(std::chrono::minutes(15));
  auto const max_hold = microseconds(std::chrono::hours(24));
  google::protobuf::Duration ttl;
  EXPECT_EQ(*HoldFor(ttl, false, default_hold, max_hold), default_hold);
  ttl.set_seconds(90);
  EXPECT_EQ(*HoldFor(ttl, true, default_hold, max_hold), microseconds(std::chrono::seconds(90)));
  ttl.set_seconds(0);
  EXPECT_FALSE(HoldFor(ttl, true, default_hold, max_hold).ok());
  ttl.set_seconds(25 * 3600);
  EXPECT_FALSE(HoldFor(ttl, true, default_hold, max_hold).ok());
}

TEST(OutOfStock, NamesEveryShortItemWithWhatIsAvailable) {
  auto tea = Item(3, 1);
  auto milk = Item(0, 0);
  milk.set_sku("milk");
  auto const error = OutOfStock({tea, milk});
  EXPECT_EQ(error.kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(error.reason, "OUT_OF_STOCK");
  EXPECT_EQ(error.metadata.at("tea@dc1"), "2");
  EXPECT_EQ(error.metadata.at("milk@dc1"), "0");
  EXPECT_NE(error.message.find("tea@dc1 (2 available)"), std::string::npos);
}

}  // namespace
}  // namespace mercato::domain
