// InventoryConnectionImpl over MockInventoryServiceStub: every mutation gets one generated key that
// its transient retries reuse, reads retry without one, conflicts and short stock are not retried,
// and ListStock / ListMovements page lazily with their filters and page tokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "mercato/v1/inventory_mock.grpc.pb.h"
#include "sdk/src/inventory_connection_impl.h"

namespace mercato {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

class InventoryConnectionTest : public ::testing::Test {
 protected:
  Options TestOptions() {
    Options options;
    options.sleeper = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return options;
  }

  std::shared_ptr<v1::MockInventoryServiceStub> stub_ = std::make_shared<v1::MockInventoryServiceStub>();
  std::vector<std::chrono::milliseconds> sleeps_;
  internal::InventoryConnectionImpl connection_{stub_, TestOptions()};
};

grpc::Status Unavailable() { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "try again"); }

// Records each attempt's request_id; the first `failures` attempts fail with UNAVAILABLE.
template <typename Request, typename Response>
auto FailThenSucceed(std::vector<std::string>& keys, std::size_t failures) {
  return [&keys, failures](grpc::ClientContext*, Request const& request, Response*) {
    keys.push_back(request.request_id());
    return keys.size() <= failures ? Unavailable() : grpc::Status::OK;
  };
}

void ExpectOneKey(std::vector<std::string> const& keys, std::size_t attempts) {
  ASSERT_EQ(keys.size(), attempts);
  EXPECT_EQ(keys[0].size(), 36U) << keys[0];
  for (auto const& key : keys) EXPECT_EQ(key, keys[0]);
}

TEST_F(InventoryConnectionTest, AdjustStockKeepsOneGeneratedKeyAcrossTransientRetries) {
  std::vector<std::string> keys;
  EXPECT_CALL(*stub_, AdjustStock(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke(FailThenSucceed<v1::AdjustStockRequest, v1::AdjustStockResponse>(keys, 2)));
  v1::AdjustStockRequest request;
  request.set_sku("MILK-1");
  ASSERT_TRUE(connection_.AdjustStock(request, {}).ok());
  ExpectOneKey(keys, 3);
  EXPECT_EQ(sleeps_.size(), 2U);
}

TEST_F(InventoryConnectionTest, EachCallGetsItsOwnKeyAndACallersKeyIsKept) {
  std::vector<std::string> keys;
  EXPECT_CALL(*stub_, Reserve(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke(FailThenSucceed<v1::ReserveRequest, v1::ReserveResponse>(keys, 0)));
  v1::ReserveRequest request;
  ASSERT_TRUE(connection_.Reserve(request, {}).ok());
  ASSERT_TRUE(connection_.Reserve(request, {}).ok());
  request.set_request_id("mine");
  ASSERT_TRUE(connection_.Reserve(request, {}).ok());
  ASSERT_EQ(keys.size(), 3U);
  EXPECT_FALSE(keys[0].empty());
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_EQ(keys[2], "mine");
}

// One rule for every generated connection: the request's own key, else CallOptions::request_id
// (the documented way to give one), else a new one. Before, only hand-written clients read it.
TEST_F(InventoryConnectionTest, TheCallersKeyFromCallOptionsKeysEveryAttempt) {
  std::vector<std::string> keys;
  EXPECT_CALL(*stub_, Reserve(_, _, _))
      .Times(3)
      .WillRepeatedly(Invoke(FailThenSucceed<v1::ReserveRequest, v1::ReserveResponse>(keys, 1)));
  CallOptions opts;
  opts.request_id = "from-call-options";
  ASSERT_TRUE(connection_.Reserve(v1::ReserveRequest{}, opts).ok());
  v1::ReserveRequest own;
  own.set_request_id("own");
  ASSERT_TRUE(connection_.Reserve(own, opts).ok());
  EXPECT_EQ(keys, (std::vector<std::string>{"from-call-options", "from-call-options", "own"}));
}

TEST_F(InventoryConnectionTest, ReservationMutationsKeepTheirKeyAcrossRetries) {
  std::vector<std::string> reserve, extend, commit, release;
  EXPECT_CALL(*stub_, Reserve(_, _, _))
      .Times(2)
      .WillRepeatedly(Invoke(FailThenSucceed<v1::ReserveRequest, v1::ReserveResponse>(reserve, 1)));
  EXPECT_CALL(*stub_, ExtendReservation(_, _, _))
      .Times(2)
      .WillRepeatedly(
          Invoke(FailThenSucceed<v1::ExtendReservationRequest, v1::ExtendReservationResponse>(extend, 1)));
  EXPECT_CALL(*stub_, CommitReservation(_, _, _))
      .Times(2)
      .WillRepeatedly(
          Invoke(FailThenSucceed<v1::CommitReservationRequest, v1::CommitReservationResponse>(commit, 1)));
  EXPECT_CALL(*stub_, ReleaseReservation(_, _, _))
      .Times(2)
      .WillRepeatedly(
          Invoke(FailThenSucceed<v1::ReleaseReservationRequest, v1::ReleaseReservationResponse>(release, 1)));
  ASSERT_TRUE(connection_.Reserve({}, {}).ok());
  ASSERT_TRUE(connection_.ExtendReservation({}, {}).ok());
  ASSERT_TRUE(connection_.CommitReservation({}, {}).ok());
  ASSERT_TRUE(connection_.ReleaseReservation({}, {}).ok());
  ExpectOneKey(reserve, 2);
  ExpectOneKey(extend, 2);
  ExpectOneKey(commit, 2);
  ExpectOneKey(release, 2);
}

TEST_F(InventoryConnectionTest, ReadsRetryTransientFailuresUpToMaxAttempts) {
  EXPECT_CALL(*stub_, GetStock(_, _, _)).Times(4).WillRepeatedly(Return(Unavailable()));
  EXPECT_CALL(*stub_, GetReservation(_, _, _))
      .WillOnce(Return(Unavailable()))
      .WillOnce(Invoke([](grpc::ClientContext*, v1::GetReservationRequest const& r, v1::GetReservationResponse* out) {
        out->mutable_reservation()->set_id(r.reservation_id());
        return grpc::Status::OK;
      }));
  EXPECT_EQ(connection_.GetStock({}, {}).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(sleeps_.size(), 3U);
  v1::GetReservationRequest get;
  get.set_reservation_id("r1");
  auto reservation = connection_.GetReservation(get, {});
  ASSERT_TRUE(reservation.ok()) << reservation.status();
  EXPECT_EQ(reservation->id(), "r1");
}

TEST_F(InventoryConnectionTest, ConflictsAndShortStockAreNotRetried) {
  EXPECT_CALL(*stub_, AdjustStock(_, _, _)).WillOnce(Return(grpc::Status(grpc::StatusCode::ABORTED, "stale")));
  EXPECT_CALL(*stub_, Reserve(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "short")));
  EXPECT_EQ(connection_.AdjustStock({}, {}).status().code(), StatusCode::kAborted);
  EXPECT_EQ(connection_.Reserve({}, {}).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(InventoryConnectionTest, ListStockPagesLazilyWithItsFilters) {
  int fetches = 0;
  EXPECT_CALL(*stub_, ListStock(_, _, _))
      .Times(2)
      .WillRepeatedly(Invoke([&](grpc::ClientContext*, v1::ListStockRequest const& r, v1::ListStockResponse* out) {
        ++fetches;
        EXPECT_EQ(r.location_id(), "wh-1");
        EXPECT_EQ(r.low_stock_threshold(), 5);
        EXPECT_EQ(r.page_size(), 2);
        if (r.page_token().empty()) {
          out->add_stock_items()->set_sku("A");
          out->add_stock_items()->set_sku("B");
          out->set_next_page_token("t2");
        } else {
          EXPECT_EQ(r.page_token(), "t2");
          out->add_stock_items()->set_sku("C");
        }
        return grpc::Status::OK;
      }));
  v1::ListStockRequest request;
  request.set_location_id("wh-1");
  request.set_low_stock_threshold(5);
  request.set_page_size(2);
  auto range = connection_.ListStock(request, {});
  EXPECT_EQ(fetches, 0) << "nothing is fetched before iterating";
  std::vector<std::string> skus;
  for (auto const& item : range) {
    ASSERT_TRUE(item.ok()) << item.status();
    skus.push_back(item->sku());
    if (skus.size() == 2) {
      EXPECT_EQ(fetches, 1) << "the second page waits for the first to be drained";
    }
  }
  EXPECT_EQ(skus, (std::vector<std::string>{"A", "B", "C"}));
}

TEST_F(InventoryConnectionTest, ListMovementsCarriesFiltersAndEndsOnAFailedPage) {
  EXPECT_CALL(*stub_, ListMovements(_, _, _))
      .WillOnce(Invoke([](grpc::ClientContext*, v1::ListMovementsRequest const& r, v1::ListMovementsResponse* out) {
        EXPECT_EQ(r.sku(), "MILK-1");
        EXPECT_EQ(r.reservation_id(), "r1");
        out->add_movements()->set_id("m2");
        out->add_movements()->set_id("m1");
        out->set_next_page_token("t2");
        return grpc::Status::OK;
      }))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad token")));
  v1::ListMovementsRequest request;
  request.set_sku("MILK-1");
  request.set_reservation_id("r1");
  std::vector<std::string> ids;
  Status error;
  for (auto const& movement : connection_.ListMovements(request, {})) {
    if (!movement.ok()) {
      error = movement.status();
      continue;
    }
    ids.push_back(movement->id());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"m2", "m1"}));
  EXPECT_EQ(error.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato
