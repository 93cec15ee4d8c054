// InventoryClient's asynchronous AdjustStock over the shipped MockInventoryConnection: the
// conflict retry re-reads and resends each round at the fresh version under a new key, with the
// backoff between rounds on the retry timer (a server hint winning), within a bounded number of
// rounds; a read failure ends it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mercato/inventory_client.h"
#include "mercato/mocks/mock_inventory_connection.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using ::testing::_;

v1::StockItem ItemAt(std::int64_t version) {
  v1::StockItem item;
  item.set_sku("MILK-1");
  item.set_location_id("wh-1");
  item.set_version(version);
  return item;
}

Status Conflict(std::optional<std::chrono::milliseconds> retry_after = std::nullopt) {
  return Status(StatusCode::kAborted, "stale", ErrorDetails{"VERSION_MISMATCH", "inventory", {}, {}, retry_after});
}

class AsyncInventoryClientTest : public ::testing::Test {
 protected:
  RetryPolicy Rounds(int n) {
    RetryPolicy policy;
    policy.max_attempts = n;
    return policy;
  }

  // The mock answers inline, so the whole call completes before AsyncAdjustStock returns.
  StatusOr<v1::AdjustStockResponse> Adjust(RetryPolicy on_conflict, CallOptions opts = {}) {
    std::optional<StatusOr<v1::AdjustStockResponse>> result;
    client_.AsyncAdjustStock("MILK-1", "wh-1", 12, v1::MOVEMENT_KIND_RECEIPT, "count", on_conflict, opts,
                             [&](StatusOr<v1::AdjustStockResponse> r) { result = std::move(r); });
    if (!result) return Status(StatusCode::kUnknown, "never completed");
    return *std::move(result);
  }

  std::shared_ptr<MockInventoryConnection> mock_ = std::make_shared<MockInventoryConnection>();
  std::vector<std::chrono::milliseconds> delays_;
  InventoryClient client_{mock_, {}, [this](std::chrono::milliseconds delay, std::function<void()> retry) {
                            delays_.push_back(delay);
                            retry();
                          }};
};

TEST_F(AsyncInventoryClientTest, EachRoundRereadsAndSendsTheFreshVersionUnderANewKey) {
  std::int64_t version = 5;
  EXPECT_CALL(*mock_, AsyncGetStock(_, _, _))
      .Times(2)
      .WillRepeatedly([&](v1::GetStockRequest const& request, CallOptions const&, Completion<v1::StockItem> done) {
        EXPECT_EQ(request.sku(), "MILK-1");
        done(ItemAt(version));
      });
  std::vector<std::int64_t> sent_versions;
  std::vector<std::string> keys;
  EXPECT_CALL(*mock_, AsyncAdjustStock(_, _, _))
      .Times(2)
      .WillRepeatedly([&](v1::AdjustStockRequest const& request, CallOptions const&,
                          Completion<v1::AdjustStockResponse> done) {
        sent_versions.push_back(request.expected_version());
        keys.push_back(request.request_id());
        if (sent_versions.size() == 1) {
          version = 6;  // another writer won the race
          return done(Conflict());
        }
        v1::AdjustStockResponse response;
        *response.mutable_stock_item() = ItemAt(7);
        done(response);
      });
  CallOptions opts;
  opts.request_id = "first-round";

  auto adjusted = Adjust(Rounds(3), opts);

  ASSERT_TRUE(adjusted.ok()) << adjusted.status();
  EXPECT_EQ(adjusted->stock_item().version(), 7);
  EXPECT_EQ(sent_versions, (std::vector<std::int64_t>{5, 6}));
  EXPECT_EQ(keys[0], "first-round");
  EXPECT_NE(keys[1], keys[0]);
  ASSERT_EQ(delays_.size(), 1U);
  EXPECT_LE(delays_[0], 100ms);
}

TEST_F(AsyncInventoryClientTest, AServerHintDecidesTheWaitAndTheLastConflictIsReturned) {
  EXPECT_CALL(*mock_, AsyncGetStock(_, _, _))
      .Times(2)
      .WillRepeatedly([](v1::GetStockRequest const&, CallOptions const&, Completion<v1::StockItem> done) {
        done(ItemAt(1));
      });
  EXPECT_CALL(*mock_, AsyncAdjustStock(_, _, _))
      .Times(2)
      .WillRepeatedly([](v1::AdjustStockRequest const&, CallOptions const&, Completion<v1::AdjustStockResponse> done) {
        done(Conflict(750ms));
      });

  auto adjusted = Adjust(Rounds(2));

  EXPECT_EQ(adjusted.status().code(), StatusCode::kAborted);
  EXPECT_EQ(adjusted.status().reason(), "VERSION_MISMATCH");
  EXPECT_EQ(delays_, std::vector<std::chrono::milliseconds>{750ms});
}

TEST_F(AsyncInventoryClientTest, AFailedReadEndsTheCallWithoutSending) {
  EXPECT_CALL(*mock_, AsyncGetStock(_, _, _))
      .WillOnce([](v1::GetStockRequest const&, CallOptions const&, Completion<v1::StockItem> done) {
        done(Status(StatusCode::kPermissionDenied, "staff only"));
      });
  EXPECT_CALL(*mock_, AsyncAdjustStock(_, _, _)).Times(0);

  EXPECT_EQ(Adjust(Rounds(3)).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(delays_.empty());
}

}  // namespace
}  // namespace mercato
