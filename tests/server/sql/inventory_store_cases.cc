// SqlInventoryStore on both engines, driven by the real inventory use cases: reservations that
// race for one hot item are group-committed, yet each stays all-or-nothing on its own, a refused
// one leaves its request_id free for a retry, and the ledger explains the stock.
#include <atomic>
#include <barrier>
#include <thread>

#include "server/adapters/local/ulid_generator.h"
#include "server/adapters/sql/sql_inventory_store.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/inventory/stock_keeping.h"
#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

// Counts the transactions run through it, to see reservations share them.
class CountingDatabase final : public adapters::SqlDatabase {
 public:
  explicit CountingDatabase(adapters::SqlDatabase& inner) : inner_(inner) {}
  adapters::SqlDialect dialect() const override { return inner_.dialect(); }
  domain::Status Read(std::function<domain::Status(adapters::SqlSession&)> const& work) override {
    return inner_.Read(work);
  }
  std::atomic<int> transactions{0};

 protected:
  domain::Status RunTransaction(std::function<domain::Status(adapters::SqlSession&)> const& work) override {
    ++transactions;
    return inner_.Transaction(work);
  }

 private:
  adapters::SqlDatabase& inner_;
};

v1::ReserveRequest ReserveOf(std::string const& request_id, std::int64_t quantity) {
  v1::ReserveRequest request;
  request.set_request_id(request_id);
  auto* line = request.add_lines();
  line->set_sku("hot");
  line->set_location_id("dc1");
  line->set_quantity(quantity);
  return request;
}

TEST_P(SqlStoreTest, RacingReservationsShareTransactionsAndEachStaysAllOrNothing) {
  CountingDatabase counting(db());
  adapters::SqlInventoryStore store(counting, clock_, true);
  adapters::UlidGenerator ids(clock_);
  domain::InventoryContext const context{store, clock_, ids, {}};
  domain::StockKeeping stock(context);
  domain::Reservations reservations(context);
  domain::Principal const staff{"staff-1", {domain::Role::kStaff}, ""};

  v1::AdjustStockRequest receipt;
  receipt.set_sku("hot");
  receipt.set_location_id("dc1");
  receipt.set_kind(v1::MOVEMENT_KIND_RECEIPT);
  receipt.set_delta(30);
  ASSERT_TRUE(stock.AdjustStock(receipt, staff));

  // 16 clients, each asking 3 times for one unit and once for far too many, all at once.
  constexpr int kClients = 16;
  std::barrier start(kClients);
  std::atomic<int> reserved{0};
  std::atomic<int> out_of_stock{0};
  std::atomic<int> unexpected{0};
  auto const transactions_before = counting.transactions.load();
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      start.arrive_and_wait();
      for (int n = 0; n < 4; ++n) {
        auto const quantity = n == 1 ? 1000 : 1;
        auto result = reservations.Reserve(ReserveOf("c" + std::to_string(client) + "-" + std::to_string(n), quantity),
                                           staff);
        if (result) {
          ++reserved;
          if (quantity != 1) ++unexpected;
        } else if (result.error().reason == "OUT_OF_STOCK") {
          ++out_of_stock;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  int const reserve_transactions = counting.transactions.load() - transactions_before;

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(reserved.load(), 30);
  EXPECT_EQ(out_of_stock.load(), kClients * 4 - 30);
  EXPECT_LT(reserve_transactions, kClients * 4) << "no two reservations ever shared a transaction";
  v1::GetStockRequest get;
  get.set_sku("hot");
  get.set_location_id("dc1");
  auto const item = stock.GetStock(get);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->reserved(), 30);
  EXPECT_EQ(item->available(), 0);
  EXPECT_EQ(item->version(), 31) << "one version per receipt and per reservation";

  v1::ListMovementsRequest ledger;
  ledger.set_page_size(200);
  auto const movements = stock.ListMovements(ledger);
  ASSERT_TRUE(movements);
  EXPECT_EQ(movements->movements_size(), 31);

  // A refused request_id was not kept: once stock arrives, the same request succeeds.
  receipt.set_delta(2000);
  receipt.set_expected_version(31);
  ASSERT_TRUE(stock.AdjustStock(receipt, staff));
  auto retried = reservations.Reserve(ReserveOf("c0-1", 1000), staff);
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(retried->lines(0).quantity(), 1000);
}

}  // namespace
}  // namespace mercato::sql_test
