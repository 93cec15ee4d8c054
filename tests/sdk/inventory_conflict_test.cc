// Client::inventory() against an in-process InventoryService that loses some responses and races
// other writers: the conflict-retrying AdjustStock decodes VERSION_MISMATCH from the real trailers,
// re-reads, and sends each round under a new key that the round's transient retries reuse.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "mercato/client.h"
#include "mercato/v1/errors.pb.h"
#include "mercato/v1/inventory.grpc.pb.h"
#include "tests/sdk/test_catalog_service.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;

// One stock item. Each new request_id's first attempt is "lost" (UNAVAILABLE, not applied); the
// first `races` reads are each followed by another writer's change, so the write after them loses.
class RacyInventoryService final : public v1::InventoryService::Service {
 public:
  explicit RacyInventoryService(int races) : races_(races) {}

  grpc::Status GetStock(grpc::ServerContext*, v1::GetStockRequest const*, v1::GetStockResponse* response) override {
    std::lock_guard lock(mu_);
    *response->mutable_stock_item() = item_;
    if (races_ > 0) {
      --races_;
      item_.set_on_hand(item_.on_hand() + 1);
      item_.set_version(item_.version() + 1);
    }
    return grpc::Status::OK;
  }

  grpc::Status AdjustStock(grpc::ServerContext* context, v1::AdjustStockRequest const* request,
                           v1::AdjustStockResponse* response) override {
    std::lock_guard lock(mu_);
    attempts.push_back({request->request_id(), request->expected_version()});
    if (seen_keys_.insert(request->request_id()).second) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "lost");
    if (request->expected_version() != item_.version()) {
      v1::ErrorInfo info;
      info.set_reason("VERSION_MISMATCH");
      info.set_domain("inventory");
      (*info.mutable_metadata())["current_version"] = std::to_string(item_.version());
      context->AddTrailingMetadata("mercato-error-info-bin", info.SerializeAsString());
      return grpc::Status(grpc::StatusCode::ABORTED, "stale");
    }
    item_.set_on_hand(item_.on_hand() + request->delta());
    item_.set_version(item_.version() + 1);
    *response->mutable_stock_item() = item_;
    return grpc::Status::OK;
  }

  struct Attempt {
    std::string request_id;
    std::int64_t expected_version;
  };
  std::vector<Attempt> attempts;  // guarded by mu_ while the server runs

 private:
  std::mutex mu_;
  int races_;
  v1::StockItem item_;
  std::set<std::string> seen_keys_;
};

class InventoryConflictTest : public ::testing::Test {
 protected:
  Client MakeClient(std::string const& address) {
    Options options;
    options.endpoint = address;
    options.cache.enabled = false;
    options.sleeper = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return Client(options);
  }

  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(InventoryConflictTest, EachRoundHasItsOwnKeyReusedByItsTransientRetry) {
  RacyInventoryService service(2);
  std::vector<RacyInventoryService::Attempt> attempts;
  {
    testing::InProcessServer server(&service);
    auto inventory = MakeClient(server.address()).inventory();
    auto adjusted = inventory.AdjustStock("MILK-1", "wh-1", 10, v1::MOVEMENT_KIND_RECEIPT, "delivery",
                                          RetryPolicy{3, 50ms, 50ms, 1.0});
    ASSERT_TRUE(adjusted.ok()) << adjusted.status();
    EXPECT_EQ(adjusted->stock_item().on_hand(), 12) << "two racing writers added 1 each, this call 10, once";
    EXPECT_EQ(adjusted->stock_item().version(), 3);
  }
  attempts = service.attempts;
  ASSERT_EQ(attempts.size(), 6U);
  for (std::size_t round = 0; round < 3; ++round) {
    auto const& first = attempts[2 * round];
    auto const& retry = attempts[2 * round + 1];
    EXPECT_EQ(first.request_id, retry.request_id) << "round " << round;
    EXPECT_EQ(first.expected_version, static_cast<std::int64_t>(round));
    EXPECT_EQ(retry.expected_version, first.expected_version);
  }
  EXPECT_NE(attempts[0].request_id, attempts[2].request_id);
  EXPECT_NE(attempts[2].request_id, attempts[4].request_id);
  // Three transient waits (one per round) and two conflict waits.
  EXPECT_EQ(sleeps_.size(), 5U);
}

TEST_F(InventoryConflictTest, TheConflictComesBackWithTheCurrentVersionWhenRetryIsNotAsked) {
  RacyInventoryService service(1);
  testing::InProcessServer server(&service);
  auto inventory = MakeClient(server.address()).inventory();
  auto read = inventory.GetStock("MILK-1", "wh-1");
  ASSERT_TRUE(read.ok()) << read.status();
  auto adjusted =
      inventory.AdjustStock("MILK-1", "wh-1", 10, v1::MOVEMENT_KIND_RECEIPT, "delivery", read->version());
  ASSERT_FALSE(adjusted.ok());
  EXPECT_EQ(adjusted.status().code(), StatusCode::kAborted);
  EXPECT_EQ(adjusted.status().reason(), "VERSION_MISMATCH");
  EXPECT_EQ(adjusted.status().metadata().at("current_version"), "1");
}

}  // namespace
}  // namespace mercato
