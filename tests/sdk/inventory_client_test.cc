// InventoryClient over the shipped MockInventoryConnection: each method builds the request the
// connection receives, and AdjustStock retries version conflicts only when asked, re-reading the
// stock before each round and keying each round anew, within a bounded number of rounds.
#include "mercato/inventory_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mercato/mocks/mock_inventory_connection.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

class InventoryClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<MockInventoryConnection> mock_ = std::make_shared<MockInventoryConnection>();
  std::vector<std::chrono::milliseconds> sleeps_;
  InventoryClient client_{mock_, [this](std::chrono::milliseconds d) { sleeps_.push_back(d); }};
};

v1::StockItem ItemAt(std::int64_t version) {
  v1::StockItem item;
  item.set_sku("MILK-1");
  item.set_location_id("wh-1");
  item.set_version(version);
  return item;
}

Status Conflict(std::int64_t current) {
  return Status(StatusCode::kAborted, "stale",
                ErrorDetails{"VERSION_MISMATCH", "inventory", {{"current_version", std::to_string(current)}}, {}, {}});
}

TEST_F(InventoryClientTest, AdjustStockAtAVersionSendsItOnceAndReturnsTheConflict) {
  EXPECT_CALL(*mock_, GetStock(_, _)).Times(0);
  EXPECT_CALL(*mock_, AdjustStock(_, _))
      .WillOnce(Invoke([](v1::AdjustStockRequest const& request, CallOptions const&) {
        EXPECT_EQ(request.sku(), "MILK-1");
        EXPECT_EQ(request.location_id(), "wh-1");
        EXPECT_EQ(request.delta(), 12);
        EXPECT_EQ(request.kind(), v1::MOVEMENT_KIND_RECEIPT);
        EXPECT_EQ(request.reason(), "delivery note 7");
        EXPECT_EQ(request.expected_version(), 3);
        EXPECT_EQ(request.request_id(), "key-1");
        return StatusOr<v1::AdjustStockResponse>(Conflict(4));
      }));
  CallOptions opts;
  opts.request_id = "key-1";
  auto adjusted = client_.AdjustStock("MILK-1", "wh-1", 12, v1::MOVEMENT_KIND_RECEIPT, "delivery note 7", 3, opts);
  ASSERT_FALSE(adjusted.ok());
  EXPECT_EQ(adjusted.status().code(), StatusCode::kAborted);
  EXPECT_EQ(adjusted.status().metadata().at("current_version"), "4");
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(InventoryClientTest, ConflictRetryRereadsAndSendsEachRoundWithTheFreshVersionAndANewKey) {
  std::int64_t version = 5;
  EXPECT_CALL(*mock_, GetStock(_, _)).Times(3).WillRepeatedly(Invoke([&](v1::GetStockRequest const& r, auto const&) {
    EXPECT_EQ(r.sku(), "MILK-1");
    EXPECT_EQ(r.location_id(), "wh-1");
    return StatusOr<v1::StockItem>(ItemAt(version));
  }));
  std::vector<std::int64_t> sent_versions;
  std::vector<std::string> keys;
  EXPECT_CALL(*mock_, AdjustStock(_, _))
      .Times(3)
      .WillRepeatedly(Invoke([&](v1::AdjustStockRequest const& request, CallOptions const&) {
        sent_versions.push_back(request.expected_version());
        keys.push_back(request.request_id());
        EXPECT_EQ(request.delta(), -2);
        EXPECT_EQ(request.kind(), v1::MOVEMENT_KIND_ADJUSTMENT);
        if (keys.size() < 3) return StatusOr<v1::AdjustStockResponse>(Conflict(++version));
        v1::AdjustStockResponse response;
        *response.mutable_stock_item() = ItemAt(version + 1);
        return StatusOr<v1::AdjustStockResponse>(response);
      }));

  auto adjusted = client_.AdjustStock("MILK-1", "wh-1", -2, v1::MOVEMENT_KIND_ADJUSTMENT, "damaged",
                                      RetryPolicy{5, 100ms, 1000ms, 2.0});
  ASSERT_TRUE(adjusted.ok()) << adjusted.status();
  EXPECT_EQ(adjusted->stock_item().version(), 8);
  EXPECT_EQ(sent_versions, (std::vector<std::int64_t>{5, 6, 7}));
  ASSERT_EQ(keys.size(), 3U);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 3U) << "each round is a new request";
  for (auto const& key : keys) EXPECT_EQ(key.size(), 36U) << key;
  ASSERT_EQ(sleeps_.size(), 2U);
  EXPECT_LE(sleeps_[0], 100ms);
  EXPECT_LE(sleeps_[1], 200ms);
}

TEST_F(InventoryClientTest, ConflictRetryStopsAfterMaxAttemptsWithTheLastConflict) {
  EXPECT_CALL(*mock_, GetStock(_, _)).Times(3).WillRepeatedly(Return(StatusOr<v1::StockItem>(ItemAt(1))));
  EXPECT_CALL(*mock_, AdjustStock(_, _)).Times(3).WillRepeatedly(Return(StatusOr<v1::AdjustStockResponse>(Conflict(9))));
  auto adjusted =
      client_.AdjustStock("MILK-1", "wh-1", 1, v1::MOVEMENT_KIND_RECEIPT, "", RetryPolicy{3, 10ms, 10ms, 1.0});
  ASSERT_FALSE(adjusted.ok());
  EXPECT_EQ(adjusted.status().reason(), "VERSION_MISMATCH");
  EXPECT_EQ(adjusted.status().metadata().at("current_version"), "9");
  EXPECT_EQ(sleeps_.size(), 2U);
}

TEST_F(InventoryClientTest, ConflictRetryKeysTheFirstRoundWithTheCallersId) {
  EXPECT_CALL(*mock_, GetStock(_, _)).Times(2).WillRepeatedly(Return(StatusOr<v1::StockItem>(ItemAt(1))));
  std::vector<std::string> keys;
  EXPECT_CALL(*mock_, AdjustStock(_, _))
      .Times(2)
      .WillRepeatedly(Invoke([&](v1::AdjustStockRequest const& request, CallOptions const&) {
        keys.push_back(request.request_id());
        if (keys.size() == 1) return StatusOr<v1::AdjustStockResponse>(Conflict(2));
        return StatusOr<v1::AdjustStockResponse>(v1::AdjustStockResponse());
      }));
  CallOptions opts;
  opts.request_id = "mine";
  ASSERT_TRUE(client_.AdjustStock("MILK-1", "wh-1", 1, v1::MOVEMENT_KIND_RECEIPT, "", RetryPolicy{}, opts).ok());
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0], "mine");
  EXPECT_NE(keys[1], "mine");
  EXPECT_FALSE(keys[1].empty());
}

TEST_F(InventoryClientTest, OtherFailuresEndTheConflictRetryAtOnce) {
  EXPECT_CALL(*mock_, GetStock(_, _)).Times(2).WillRepeatedly(Return(StatusOr<v1::StockItem>(ItemAt(1))));
  EXPECT_CALL(*mock_, AdjustStock(_, _))
      .WillOnce(Return(StatusOr<v1::AdjustStockResponse>(
          Status(StatusCode::kAborted, "deadlock", ErrorDetails{"TRANSACTION_ABORTED", "inventory", {}, {}, {}}))))
      .WillOnce(Return(StatusOr<v1::AdjustStockResponse>(
          Status(StatusCode::kFailedPrecondition, "below reserved", ErrorDetails{"INSUFFICIENT_STOCK", "", {}, {}, {}}))));
  EXPECT_EQ(client_.AdjustStock("MILK-1", "wh-1", 1, v1::MOVEMENT_KIND_RECEIPT, "", RetryPolicy{}).status().reason(),
            "TRANSACTION_ABORTED");
  EXPECT_EQ(client_.AdjustStock("MILK-1", "wh-1", -9, v1::MOVEMENT_KIND_ADJUSTMENT, "count", RetryPolicy{})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(InventoryClientTest, AFailedReReadEndsTheConflictRetry) {
  EXPECT_CALL(*mock_, GetStock(_, _)).WillOnce(Return(StatusOr<v1::StockItem>(Status(StatusCode::kUnavailable, "down"))));
  EXPECT_CALL(*mock_, AdjustStock(_, _)).Times(0);
  EXPECT_EQ(client_.AdjustStock("MILK-1", "wh-1", 1, v1::MOVEMENT_KIND_RECEIPT, "", RetryPolicy{}).status().code(),
            StatusCode::kUnavailable);
}

TEST_F(InventoryClientTest, ReserveCarriesLinesTtlOrderAndKey) {
  EXPECT_CALL(*mock_, Reserve(_, _)).WillOnce(Invoke([](v1::ReserveRequest const& request, CallOptions const&) {
    EXPECT_EQ(request.lines_size(), 2);
    EXPECT_EQ(request.lines(1).sku(), "EGGS-6");
    EXPECT_EQ(request.lines(1).quantity(), 3);
    EXPECT_EQ(request.ttl().seconds(), 90);
    EXPECT_EQ(request.ttl().nanos(), 500'000'000);
    EXPECT_EQ(request.order_id(), "order-1");
    EXPECT_EQ(request.request_id(), "");
    v1::Reservation reservation;
    reservation.set_id("r1");
    return StatusOr<v1::Reservation>(reservation);
  }));
  std::vector<v1::ReservationLine> lines(2);
  lines[0].set_sku("MILK-1");
  lines[0].set_location_id("wh-1");
  lines[0].set_quantity(1);
  lines[1].set_sku("EGGS-6");
  lines[1].set_location_id("wh-1");
  lines[1].set_quantity(3);
  auto reservation = client_.Reserve(lines, 90500ms, "order-1");
  ASSERT_TRUE(reservation.ok());
  EXPECT_EQ(reservation->id(), "r1");
}

TEST_F(InventoryClientTest, ReservationCallsPinTheVersionOnlyWhenGiven) {
  EXPECT_CALL(*mock_, CommitReservation(_, _))
      .WillOnce(Invoke([](v1::CommitReservationRequest const& r, CallOptions const&) {
        EXPECT_EQ(r.reservation_id(), "r1");
        EXPECT_FALSE(r.has_expected_version());
        return StatusOr<v1::Reservation>(v1::Reservation());
      }));
  EXPECT_CALL(*mock_, ReleaseReservation(_, _))
      .WillOnce(Invoke([](v1::ReleaseReservationRequest const& r, CallOptions const&) {
        EXPECT_EQ(r.reservation_id(), "r2");
        EXPECT_EQ(r.expected_version(), 4);
        EXPECT_EQ(r.request_id(), "k");
        return StatusOr<v1::Reservation>(v1::Reservation());
      }));
  EXPECT_CALL(*mock_, ExtendReservation(_, _))
      .WillOnce(Invoke([](v1::ExtendReservationRequest const& r, CallOptions const&) {
        EXPECT_EQ(r.reservation_id(), "r3");
        EXPECT_EQ(r.ttl().seconds(), 600);
        EXPECT_FALSE(r.has_expected_version());
        return StatusOr<v1::Reservation>(v1::Reservation());
      }));
  EXPECT_CALL(*mock_, GetReservation(_, _)).WillOnce(Invoke([](v1::GetReservationRequest const& r, auto const&) {
    EXPECT_EQ(r.reservation_id(), "r4");
    return StatusOr<v1::Reservation>(Status(StatusCode::kNotFound, "no r4"));
  }));
  EXPECT_TRUE(client_.CommitReservation("r1").ok());
  CallOptions keyed;
  keyed.request_id = "k";
  EXPECT_TRUE(client_.ReleaseReservation("r2", 4, keyed).ok());
  EXPECT_TRUE(client_.ExtendReservation("r3", std::chrono::minutes(10)).ok());
  EXPECT_EQ(client_.GetReservation("r4").status().code(), StatusCode::kNotFound);
}

TEST_F(InventoryClientTest, BatchGetStockReturnsTheItemsInOrder) {
  EXPECT_CALL(*mock_, BatchGetStock(_, _)).WillOnce(Invoke([](v1::BatchGetStockRequest const& r, auto const&) {
    EXPECT_EQ(r.keys_size(), 2);
    v1::BatchGetStockResponse response;
    for (auto const& key : r.keys()) response.add_stock_items()->set_sku(key.sku());
    return StatusOr<v1::BatchGetStockResponse>(response);
  }));
  std::vector<v1::StockKey> keys(2);
  keys[0].set_sku("B");
  keys[1].set_sku("A");
  auto items = client_.BatchGetStock(keys);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2U);
  EXPECT_EQ((*items)[0].sku(), "B");
  EXPECT_EQ((*items)[1].sku(), "A");
}

}  // namespace
}  // namespace mercato
