// The C++ SDK's inventory client against a real mercatod on both adapter sets, with the staff
// token (stock changes and reservations are staff-only): a receipt, reservations committed and
// released, short stock as a typed error naming each short item's availability, version conflicts
// (returned by default, re-read and retried when asked), and the movements ledger paged lazily.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "mercato/client.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

constexpr char kLocation[] = "cpp-wh-1";

class SdkInventoryTest : public ServiceTest {
 protected:
  InventoryClient StaffInventory() {
    Options options;
    options.endpoint = Endpoint();
    options.bearer_token = kStaffToken;
    options.cache.enabled = false;
    return Client(options).inventory();
  }

  static v1::ReservationLine Line(std::string const& sku, std::int64_t quantity) {
    v1::ReservationLine line;
    line.set_sku(sku);
    line.set_location_id(kLocation);
    line.set_quantity(quantity);
    return line;
  }

  static void Receive(InventoryClient& inventory, std::string const& sku, std::int64_t units) {
    auto received = inventory.AdjustStock(sku, kLocation, units, v1::MOVEMENT_KIND_RECEIPT, "delivery", RetryPolicy{});
    ASSERT_TRUE(received.ok()) << received.status();
  }
};

TEST_P(SdkInventoryTest, ReceiptThenReservationsCommittedAndReleased) {
  auto inventory = StaffInventory();
  auto fresh = inventory.GetStock("OATS-1", kLocation);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->version(), 0);

  auto received = inventory.AdjustStock("OATS-1", kLocation, 10, v1::MOVEMENT_KIND_RECEIPT, "note 1", 0);
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->stock_item().available(), 10);
  EXPECT_EQ(received->movement().kind(), v1::MOVEMENT_KIND_RECEIPT);

  auto kept = inventory.Reserve({Line("OATS-1", 3)}, std::chrono::minutes(10));
  auto given_back = inventory.Reserve({Line("OATS-1", 2)}, std::nullopt, "order-1");
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_TRUE(given_back.ok()) << given_back.status();
  EXPECT_EQ(kept->state(), v1::RESERVATION_STATE_ACTIVE);
  EXPECT_EQ(given_back->order_id(), "order-1");

  auto committed = inventory.CommitReservation(kept->id());
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->state(), v1::RESERVATION_STATE_COMMITTED);
  auto released = inventory.ReleaseReservation(given_back->id(), given_back->version());
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(released->state(), v1::RESERVATION_STATE_RELEASED);

  auto stock = inventory.GetStock("OATS-1", kLocation);
  ASSERT_TRUE(stock.ok()) << stock.status();
  EXPECT_EQ(stock->on_hand(), 7);
  EXPECT_EQ(stock->reserved(), 0);
}

TEST_P(SdkInventoryTest, ShortStockNamesWhatEachShortItemHas) {
  auto inventory = StaffInventory();
  Receive(inventory, "RICE-1", 50);
  Receive(inventory, "SAFFRON-1", 2);

  auto reserved = inventory.Reserve({Line("RICE-1", 5), Line("SAFFRON-1", 3)});
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(reserved.status().reason(), "OUT_OF_STOCK");
  EXPECT_EQ(reserved.status().metadata(),
            (std::map<std::string, std::string>{{std::string("SAFFRON-1@") + kLocation, "2"}}));
  auto rice = inventory.GetStock("RICE-1", kLocation);
  ASSERT_TRUE(rice.ok());
  EXPECT_EQ(rice->reserved(), 0) << "all lines or none";
}

TEST_P(SdkInventoryTest, AStaleVersionIsReturnedUnlessConflictRetryIsAsked) {
  auto inventory = StaffInventory();
  auto first = inventory.AdjustStock("FLOUR-1", kLocation, 5, v1::MOVEMENT_KIND_RECEIPT, "", 0);
  ASSERT_TRUE(first.ok()) << first.status();

  auto stale = inventory.AdjustStock("FLOUR-1", kLocation, 5, v1::MOVEMENT_KIND_RECEIPT, "", 0);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kAborted);
  EXPECT_EQ(stale.status().reason(), "VERSION_MISMATCH");
  EXPECT_EQ(stale.status().metadata().at("current_version"), std::to_string(first->stock_item().version()));

  auto retried = inventory.AdjustStock("FLOUR-1", kLocation, -1, v1::MOVEMENT_KIND_ADJUSTMENT, "damaged",
                                       RetryPolicy{3, std::chrono::milliseconds(10), std::chrono::milliseconds(50), 2.0});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->stock_item().on_hand(), 4);
}

TEST_P(SdkInventoryTest, MovementsPageNewestFirstWithTheRightQuantities) {
  auto inventory = StaffInventory();
  Receive(inventory, "EGGS-1", 12);
  auto broken = inventory.AdjustStock("EGGS-1", kLocation, -2, v1::MOVEMENT_KIND_ADJUSTMENT, "broken", RetryPolicy{});
  ASSERT_TRUE(broken.ok()) << broken.status();
  auto reservation = inventory.Reserve({Line("EGGS-1", 4)});
  ASSERT_TRUE(reservation.ok()) << reservation.status();
  ASSERT_TRUE(inventory.CommitReservation(reservation->id()).ok());

  v1::ListMovementsRequest request;
  request.set_sku("EGGS-1");
  request.set_page_size(2);
  std::vector<v1::MovementKind> kinds;
  std::map<v1::MovementKind, std::int64_t> sums;
  for (auto const& movement : inventory.ListMovements(request)) {
    ASSERT_TRUE(movement.ok()) << movement.status();
    kinds.push_back(movement->kind());
    sums[movement->kind()] += movement->quantity();
  }
  EXPECT_EQ(kinds, (std::vector<v1::MovementKind>{v1::MOVEMENT_KIND_COMMIT, v1::MOVEMENT_KIND_RESERVATION,
                                                   v1::MOVEMENT_KIND_ADJUSTMENT, v1::MOVEMENT_KIND_RECEIPT}));
  EXPECT_EQ(sums[v1::MOVEMENT_KIND_RECEIPT] + sums[v1::MOVEMENT_KIND_ADJUSTMENT] - sums[v1::MOVEMENT_KIND_COMMIT], 6);

  v1::ListStockRequest stock;
  stock.set_location_id(kLocation);
  int items = 0;
  for (auto const& item : inventory.ListStock(stock)) {
    ASSERT_TRUE(item.ok()) << item.status();
    ++items;
  }
  EXPECT_EQ(items, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SdkInventoryTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
