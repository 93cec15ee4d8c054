// Inventory through the real mercatod on both adapter sets: optimistic locking, all-or-nothing
// reservations, the reservation lifecycle, idempotency, expiry by the sweeper, and, with two
// instances and 32 clients, the invariants that make overselling impossible.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "mercato/v1/inventory.grpc.pb.h"
#include "tests/server/service/service_fixture.h"

namespace mercato::testing {
namespace {

using google::protobuf::util::TimeUtil;

// One stock item as the ledger explains it: what was received (RECEIPT and ADJUSTMENT sums),
// committed and currently reserved (RESERVATION minus RELEASE minus COMMIT).
struct LedgerSums {
  std::int64_t received = 0;
  std::int64_t committed = 0;
  std::int64_t reserved = 0;
};

class InventoryServiceTest : public ServiceTest {
 protected:
  void Configure(server::Config& config) override {
    config.user_rate_burst = 100000;
    config.reservation_sweep_interval = std::chrono::milliseconds(50);
  }
  void SetUp() override {
    ServiceTest::SetUp();
    stub_ = v1::InventoryService::NewStub(Channel());
  }

  static v1::ReservationLine Line(std::string const& sku, std::int64_t quantity) {
    v1::ReservationLine line;
    line.set_sku(sku);
    line.set_location_id("dc1");
    line.set_quantity(quantity);
    return line;
  }

  grpc::Status Adjust(v1::InventoryService::StubInterface& stub, std::string const& sku, std::int64_t delta,
                      std::int64_t expected_version, v1::AdjustStockResponse* response,
                      v1::MovementKind kind = v1::MOVEMENT_KIND_RECEIPT, grpc::ClientContext* context = nullptr) {
    v1::AdjustStockRequest request;
    request.set_sku(sku);
    request.set_location_id("dc1");
    request.set_delta(delta);
    request.set_kind(kind);
    request.set_reason(kind == v1::MOVEMENT_KIND_RECEIPT ? "delivery note 17" : "stock count");
    request.set_expected_version(expected_version);
    auto own_context = StaffContext();
    return stub.AdjustStock(context ? context : own_context.get(), request, response);
  }

  void Receive(std::string const& sku, std::int64_t units) {
    auto before = Stock(sku);
    v1::AdjustStockResponse response;
    auto status = Adjust(*stub_, sku, units, before.version(), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::StockItem Stock(std::string const& sku) {
    v1::GetStockRequest request;
    request.set_sku(sku);
    request.set_location_id("dc1");
    v1::GetStockResponse response;
    grpc::ClientContext context;
    auto status = stub_->GetStock(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.stock_item();
  }

  grpc::Status Reserve(v1::InventoryService::StubInterface& stub, std::vector<v1::ReservationLine> const& lines,
                       v1::Reservation* reservation, std::string const& request_id = "",
                       grpc::ClientContext* context = nullptr, int ttl_seconds = 900) {
    v1::ReserveRequest request;
    request.set_request_id(request_id);
    for (auto const& line : lines) *request.add_lines() = line;
    request.mutable_ttl()->set_seconds(ttl_seconds);
    v1::ReserveResponse response;
    auto own_context = StaffContext();
    auto status = stub.Reserve(context ? context : own_context.get(), request, &response);
    *reservation = response.reservation();
    return status;
  }

  grpc::Status Commit(v1::InventoryService::StubInterface& stub, std::string const& id, v1::Reservation* out) {
    v1::CommitReservationRequest request;
    request.set_reservation_id(id);
    v1::CommitReservationResponse response;
    auto status = stub.CommitReservation(StaffContext().get(), request, &response);
    *out = response.reservation();
    return status;
  }

  grpc::Status Release(v1::InventoryService::StubInterface& stub, std::string const& id, v1::Reservation* out) {
    v1::ReleaseReservationRequest request;
    request.set_reservation_id(id);
    v1::ReleaseReservationResponse response;
    auto status = stub.ReleaseReservation(StaffContext().get(), request, &response);
    *out = response.reservation();
    return status;
  }

  v1::Reservation Get(std::string const& id) {
    v1::GetReservationRequest request;
    request.set_reservation_id(id);
    v1::GetReservationResponse response;
    auto status = stub_->GetReservation(StaffContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.reservation();
  }

  std::vector<v1::Movement> Movements(std::optional<std::string> reservation_id = std::nullopt) {
    std::vector<v1::Movement> all;
    v1::ListMovementsRequest request;
    request.set_page_size(200);
    if (reservation_id) request.set_reservation_id(*reservation_id);
    do {
      v1::ListMovementsResponse response;
      auto status = stub_->ListMovements(StaffContext().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.movements().begin(), response.movements().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  std::map<std::string, LedgerSums> Ledger() {
    std::map<std::string, LedgerSums> sums;
    for (auto const& movement : Movements()) {
      auto& item = sums[movement.sku()];
      switch (movement.kind()) {
        case v1::MOVEMENT_KIND_RECEIPT:
        case v1::MOVEMENT_KIND_ADJUSTMENT: item.received += movement.quantity(); break;
        case v1::MOVEMENT_KIND_RESERVATION: item.reserved += movement.quantity(); break;
        case v1::MOVEMENT_KIND_RELEASE: item.reserved -= movement.quantity(); break;
        case v1::MOVEMENT_KIND_COMMIT:
          item.reserved -= movement.quantity();
          item.committed += movement.quantity();
          break;
        default: ADD_FAILURE() << "unexpected movement kind " << movement.kind();
      }
    }
    return sums;
  }

  // The stock rows agree with the ledger, and nothing was ever sold or held beyond what came in.
  void ExpectLedgerMatchesStock(std::set<std::string> const& skus) {
    auto const ledger = Ledger();
    for (auto const& sku : skus) {
      SCOPED_TRACE(sku);
      auto const item = Stock(sku);
      auto const found = ledger.find(sku);
      ASSERT_NE(found, ledger.end());
      auto const& sums = found->second;
      EXPECT_EQ(item.on_hand(), sums.received - sums.committed);
      EXPECT_EQ(item.reserved(), sums.reserved);
      EXPECT_LE(sums.committed + sums.reserved, sums.received);
      EXPECT_GE(item.reserved(), 0);
    }
  }

  // The types of the inventory events the relay has sequenced, once there are `count` of them.
  std::vector<std::string> EventTypes(std::size_t count) {
    std::vector<std::string> types;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (types.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      auto events = server().backend().outbox_store->ReadAfter(0, {"reservation", "stock_item"}, 1000);
      EXPECT_TRUE(events.ok());
      if (!events) break;
      types.clear();
      for (auto const& event : *events) types.push_back(event.event_type());
    }
    return types;
  }

  std::unique_ptr<v1::InventoryService::Stub> stub_;
};

TEST_P(InventoryServiceTest, AdjustmentsUseOptimisticLockingAndNeverTakeOnHandBelowReserved) {
  v1::AdjustStockResponse received;
  ASSERT_TRUE(Adjust(*stub_, "oat-milk-1l", 10, 0, &received).ok());
  EXPECT_EQ(received.stock_item().on_hand(), 10);
  EXPECT_EQ(received.stock_item().version(), 1);
  EXPECT_EQ(received.movement().kind(), v1::MOVEMENT_KIND_RECEIPT);
  EXPECT_FALSE(received.movement().actor().empty());

  auto const stale_context = StaffContext();
  v1::AdjustStockResponse stale;
  auto status = Adjust(*stub_, "oat-milk-1l", 5, 0, &stale, v1::MOVEMENT_KIND_RECEIPT, stale_context.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorInfoOf(*stale_context).reason(), "VERSION_MISMATCH");
  EXPECT_EQ(ErrorInfoOf(*stale_context).metadata().at("current_version"), "1");

  v1::Reservation reservation;
  ASSERT_TRUE(Reserve(*stub_, {Line("oat-milk-1l", 6)}, &reservation).ok());
  auto const below_context = StaffContext();
  v1::AdjustStockResponse below;
  status = Adjust(*stub_, "oat-milk-1l", -5, 2, &below, v1::MOVEMENT_KIND_ADJUSTMENT, below_context.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*below_context).reason(), "INSUFFICIENT_STOCK");
  EXPECT_EQ(Stock("oat-milk-1l").on_hand(), 10);
  ExpectLedgerMatchesStock({"oat-milk-1l"});
}

TEST_P(InventoryServiceTest, AReservationIsAllOrNothingAndNamesEveryShortSku) {
  Receive("bread", 5);
  Receive("eggs", 2);
  Receive("jam", 1);
  auto const context = StaffContext();
  v1::Reservation reservation;
  auto status = Reserve(*stub_, {Line("bread", 3), Line("eggs", 4), Line("jam", 2), Line("tea", 1)}, &reservation,
                        "", context.get());
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  auto const info = ErrorInfoOf(*context);
  EXPECT_EQ(info.reason(), "OUT_OF_STOCK");
  EXPECT_EQ(info.metadata().at("eggs@dc1"), "2");
  EXPECT_EQ(info.metadata().at("jam@dc1"), "1");
  EXPECT_EQ(info.metadata().at("tea@dc1"), "0");
  EXPECT_EQ(info.metadata().count("bread@dc1"), 0u);
  EXPECT_EQ(Stock("bread").reserved(), 0) << "a refused reservation held nothing";
  for (auto const& movement : Movements()) EXPECT_NE(movement.kind(), v1::MOVEMENT_KIND_RESERVATION);
}

TEST_P(InventoryServiceTest, CommitDeductsStockOnceAndReleaseIsIdempotent) {
  Receive("apples", 10);
  v1::Reservation first;
  v1::Reservation second;
  ASSERT_TRUE(Reserve(*stub_, {Line("apples", 4)}, &first).ok());
  ASSERT_TRUE(Reserve(*stub_, {Line("apples", 3)}, &second).ok());
  EXPECT_EQ(first.state(), v1::RESERVATION_STATE_ACTIVE);
  EXPECT_EQ(Stock("apples").available(), 3);

  v1::Reservation committed;
  ASSERT_TRUE(Commit(*stub_, first.id(), &committed).ok());
  EXPECT_EQ(committed.state(), v1::RESERVATION_STATE_COMMITTED);
  ASSERT_TRUE(Commit(*stub_, first.id(), &committed).ok()) << "a second commit is a no-op";
  EXPECT_EQ(Stock("apples").on_hand(), 6);
  v1::Reservation refused;
  EXPECT_EQ(Release(*stub_, first.id(), &refused).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::Reservation released;
  ASSERT_TRUE(Release(*stub_, second.id(), &released).ok());
  ASSERT_TRUE(Release(*stub_, second.id(), &released).ok());
  EXPECT_EQ(released.state(), v1::RESERVATION_STATE_RELEASED);
  EXPECT_EQ(Commit(*stub_, second.id(), &refused).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto const item = Stock("apples");
  EXPECT_EQ(item.on_hand(), 6);
  EXPECT_EQ(item.reserved(), 0);
  int releases = 0;
  for (auto const& movement : Movements(second.id())) releases += movement.kind() == v1::MOVEMENT_KIND_RELEASE;
  EXPECT_EQ(releases, 1) << "released twice in the ledger";
  ExpectLedgerMatchesStock({"apples"});
  auto const types = EventTypes(5);
  EXPECT_EQ(std::count(types.begin(), types.end(), "inventory.reserved"), 2);
  EXPECT_EQ(std::count(types.begin(), types.end(), "inventory.committed"), 1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "inventory.released"), 1);
  EXPECT_EQ(std::count(types.begin(), types.end(), "inventory.adjusted"), 1);
}

TEST_P(InventoryServiceTest, TheSweeperReleasesExpiredReservationsAndExtendKeepsOneAlive) {
  Receive("milk", 5);
  v1::Reservation short_lived;
  v1::Reservation extended;
  ASSERT_TRUE(Reserve(*stub_, {Line("milk", 2)}, &short_lived, "", nullptr, 1).ok());
  ASSERT_TRUE(Reserve(*stub_, {Line("milk", 1)}, &extended, "", nullptr, 1).ok());
  v1::ExtendReservationRequest extend;
  extend.set_reservation_id(extended.id());
  extend.mutable_ttl()->set_seconds(600);
  v1::ExtendReservationResponse extend_response;
  ASSERT_TRUE(stub_->ExtendReservation(StaffContext().get(), extend, &extend_response).ok());
  EXPECT_GT(TimeUtil::TimestampToMicroseconds(extend_response.reservation().expires_at()),
            TimeUtil::TimestampToMicroseconds(extended.expires_at()));

  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Get(short_lived.id()).state() == v1::RESERVATION_STATE_ACTIVE &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Get(short_lived.id()).state(), v1::RESERVATION_STATE_EXPIRED);
  EXPECT_EQ(Get(extended.id()).state(), v1::RESERVATION_STATE_ACTIVE);
  EXPECT_EQ(Stock("milk").reserved(), 1);
  v1::Reservation refused;
  EXPECT_EQ(Commit(*stub_, short_lived.id(), &refused).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::Reservation released;
  ASSERT_TRUE(Release(*stub_, short_lived.id(), &released).ok()) << "releasing an expired reservation is a no-op";
  EXPECT_EQ(released.state(), v1::RESERVATION_STATE_EXPIRED);
  ExpectLedgerMatchesStock({"milk"});
}

TEST_P(InventoryServiceTest, TheSameKeySentFiveTimesConcurrentlyMakesOneReservation) {
  Receive("coffee", 10);
  std::vector<std::thread> clients;
  std::mutex mutex;
  std::set<std::string> ids;
  std::atomic<int> failures{0};
  for (int i = 0; i < 5; ++i) {
    clients.emplace_back([&] {
      auto stub = v1::InventoryService::NewStub(Channel());
      v1::Reservation reservation;
      auto status = Reserve(*stub, {Line("coffee", 3)}, &reservation, "checkout-42");
      if (!status.ok()) ++failures;
      std::lock_guard lock(mutex);
      ids.insert(reservation.id());
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(Stock("coffee").reserved(), 3);

  auto const context = StaffContext();
  v1::Reservation reused;
  auto status = Reserve(*stub_, {Line("coffee", 4)}, &reused, "checkout-42", context.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorInfoOf(*context).reason(), "IDEMPOTENCY_KEY_REUSED");
}

TEST_P(InventoryServiceTest, CustomersMayReadStockButNotChangeIt) {
  Receive("salt", 3);
  v1::GetStockRequest read;
  read.set_sku("salt");
  read.set_location_id("dc1");
  v1::GetStockResponse stock;
  grpc::ClientContext anonymous_read;
  ASSERT_TRUE(stub_->GetStock(&anonymous_read, read, &stock).ok());
  EXPECT_EQ(stock.stock_item().available(), 3);

  v1::ReserveRequest reserve;
  *reserve.add_lines() = Line("salt", 1);
  v1::ReserveResponse reserved;
  grpc::ClientContext anonymous_reserve;
  EXPECT_EQ(stub_->Reserve(&anonymous_reserve, reserve, &reserved).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Stock("salt").reserved(), 0);
}

TEST_P(InventoryServiceTest, BadRequestsNameTheField) {
  auto const context = StaffContext();
  v1::Reservation reservation;
  auto status = Reserve(*stub_, {Line("tea", 1), Line("tea", 2)}, &reservation, "", context.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorInfoOf(*context).metadata().at("field"), "lines[1].sku");

  auto const zero_context = StaffContext();
  v1::AdjustStockResponse adjusted;
  status = Adjust(*stub_, "tea", 0, 0, &adjusted, v1::MOVEMENT_KIND_RECEIPT, zero_context.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorInfoOf(*zero_context).metadata().at("field"), "delta");
}

// Two instances on one database, 32 clients racing for the last units of a hot SKU and of a few
// ordinary ones, committing or releasing what they got: afterwards every unit is accounted for.
TEST_P(InventoryServiceTest, ThirtyTwoClientsOnTwoInstancesNeverOversell) {
  auto other = StartAnotherInstance();
  ASSERT_NE(other, nullptr);
  std::set<std::string> const skus = {"hot", "rice", "pasta", "flour"};
  Receive("hot", 20);
  Receive("rice", 40);
  Receive("pasta", 40);
  Receive("flour", 40);
  auto const other_channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(other->port()), grpc::InsecureChannelCredentials());

  std::atomic<int> reserved{0};
  std::atomic<int> out_of_stock{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> clients;
  for (int client = 0; client < 32; ++client) {
    clients.emplace_back([&, client] {
      auto stub = v1::InventoryService::NewStub(client % 2 == 0 ? Channel() : other_channel);
      char const* ordinary[] = {"rice", "pasta", "flour"};
      for (int round = 0; round < 6; ++round) {
        v1::Reservation reservation;
        auto status = Reserve(*stub, {Line("hot", 1), Line(ordinary[(client + round) % 3], 2)}, &reservation);
        if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          ++out_of_stock;
          continue;
        }
        if (!status.ok()) {
          ++unexpected;
          continue;
        }
        ++reserved;
        v1::Reservation done;
        // A third of them are left to hold their stock; the rest are committed or released.
        if (round % 3 == 0) {
          if (!Commit(*stub, reservation.id(), &done).ok()) ++unexpected;
        } else if (round % 3 == 1) {
          if (!Release(*stub, reservation.id(), &done).ok()) ++unexpected;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  other->Shutdown(std::chrono::milliseconds(2000));

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(out_of_stock.load(), 0) << "the hot SKU never ran out, so the race was not tested";
  EXPECT_GE(reserved.load(), 20);
  ExpectLedgerMatchesStock(skus);
  // Each reservation left the ledger at most one way: committed, or released, or still held.
  std::map<std::string, std::multiset<int>> kinds_by_reservation;
  for (auto const& movement : Movements()) {
    if (!movement.reservation_id().empty() && movement.sku() == "hot") {
      kinds_by_reservation[movement.reservation_id()].insert(movement.kind());
    }
  }
  for (auto const& [id, kinds] : kinds_by_reservation) {
    EXPECT_EQ(kinds.count(v1::MOVEMENT_KIND_RESERVATION), 1u) << id;
    EXPECT_LE(kinds.count(v1::MOVEMENT_KIND_COMMIT) + kinds.count(v1::MOVEMENT_KIND_RELEASE), 1u) << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
