// The order lifecycle's state machine alone: every status against every move, who may cancel
// when, and what a move writes (status, version, history entry, event payload).
#include "server/domain/orders/order_status_rules.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace mercato::domain {
namespace {

constexpr OrderMove kMoves[] = {OrderMove::kConfirm, OrderMove::kPay,     OrderMove::kPack,
                                OrderMove::kShip,    OrderMove::kDeliver, OrderMove::kCancel};
constexpr v1::OrderStatus kStatuses[] = {v1::ORDER_STATUS_PENDING, v1::ORDER_STATUS_CONFIRMED, v1::ORDER_STATUS_PAID,
                                         v1::ORDER_STATUS_PACKED,  v1::ORDER_STATUS_SHIPPED,   v1::ORDER_STATUS_DELIVERED,
                                         v1::ORDER_STATUS_CANCELLED};

// orders.proto's lifecycle, written out: (from, move) pairs that are legal for staff.
std::set<std::pair<v1::OrderStatus, OrderMove>> const kLegalForStaff = {
    {v1::ORDER_STATUS_PENDING, OrderMove::kConfirm},  {v1::ORDER_STATUS_CONFIRMED, OrderMove::kPay},
    {v1::ORDER_STATUS_PAID, OrderMove::kPack},        {v1::ORDER_STATUS_PACKED, OrderMove::kShip},
    {v1::ORDER_STATUS_SHIPPED, OrderMove::kDeliver},  {v1::ORDER_STATUS_PENDING, OrderMove::kCancel},
    {v1::ORDER_STATUS_CONFIRMED, OrderMove::kCancel}, {v1::ORDER_STATUS_PAID, OrderMove::kCancel},
    {v1::ORDER_STATUS_PACKED, OrderMove::kCancel},
};

TEST(OrderStatusRules, OnlyTheContractsMovesAreLegal) {
  for (auto const from : kStatuses) {
    for (auto const move : kMoves) {
      auto const checked = CheckMove(from, move, true);
      bool const legal = kLegalForStaff.contains({from, move});
      EXPECT_EQ(checked.ok(), legal) << v1::OrderStatus_Name(from) << " -> " << v1::OrderStatus_Name(TargetOf(move));
      if (!legal && !checked.ok()) {
        EXPECT_EQ(checked.error().kind, ErrorKind::kFailedPrecondition);
        EXPECT_EQ(checked.error().reason, "INVALID_TRANSITION");
        EXPECT_EQ(checked.error().metadata.at("from"), v1::OrderStatus_Name(from));
        EXPECT_EQ(checked.error().metadata.at("to"), v1::OrderStatus_Name(TargetOf(move)));
      }
    }
  }
}

TEST(OrderStatusRules, ACustomerCancelsOnlyBeforePayment) {
  EXPECT_TRUE(CheckMove(v1::ORDER_STATUS_PENDING, OrderMove::kCancel, false).ok());
  EXPECT_TRUE(CheckMove(v1::ORDER_STATUS_CONFIRMED, OrderMove::kCancel, false).ok());
  for (auto const from : {v1::ORDER_STATUS_PAID, v1::ORDER_STATUS_PACKED}) {
    auto const refused = CheckMove(from, OrderMove::kCancel, false);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "INVALID_TRANSITION");
    EXPECT_NE(refused.error().message.find("only the shop's staff"), std::string::npos) << refused.error().message;
  }
}

TEST(OrderStatusRules, PackingAConfirmedOrderSaysToCaptureFirst) {
  auto const refused = CheckMove(v1::ORDER_STATUS_CONFIRMED, OrderMove::kPack, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("CapturePayment"), std::string::npos) << refused.error().message;
}

TEST(OrderStatusRules, AMoveWritesStatusVersionHistoryAndEvent) {
  v1::Order order;
  order.set_id("order-1");
  order.set_user_id("user-1");
  order.set_status(v1::ORDER_STATUS_PAID);
  order.set_version(3);
  order.add_status_history()->set_to_status(v1::ORDER_STATUS_PENDING);
  auto const moved = MoveOrder(order, OrderMove::kCancel, "staff-1", "customer moved away", 1'000'000);

  EXPECT_EQ(moved.order.status(), v1::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(moved.order.version(), 4);
  EXPECT_EQ(moved.order.updated_at().seconds(), 1);
  ASSERT_EQ(moved.order.status_history_size(), 2);
  auto const& entry = moved.order.status_history(1);
  EXPECT_EQ(entry.from_status(), v1::ORDER_STATUS_PAID);
  EXPECT_EQ(entry.to_status(), v1::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(entry.actor(), "staff-1");
  EXPECT_EQ(entry.reason(), "customer moved away");
  EXPECT_EQ(moved.change.order_id(), "order-1");
  EXPECT_EQ(moved.change.user_id(), "user-1");
  EXPECT_EQ(moved.change.version(), 4);
  EXPECT_EQ(moved.change.from_status(), v1::ORDER_STATUS_PAID);
  EXPECT_EQ(moved.change.change().reason(), "customer moved away");
}

TEST(OrderStatusRules, EveryMoveHasItsOwnEventType) {
  std::map<std::string, OrderMove> seen;
  for (auto const move : kMoves) {
    auto const type = EventTypeOf(move);
    EXPECT_TRUE(seen.emplace(type, move).second) << type;
    EXPECT_EQ(type.rfind("order.", 0), 0u) << type;
  }
  EXPECT_EQ(EventTypeOf(OrderMove::kPay), "order.paid");
  EXPECT_EQ(EventTypeOf(OrderMove::kCancel), "order.cancelled");
}

}  // namespace
}  // namespace mercato::domain
