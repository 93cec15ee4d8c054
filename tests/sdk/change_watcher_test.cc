// The cache's change watcher against an in-process WatchChanges stream: events reach the cache,
// the stream resumes after the last position, OUT_OF_RANGE drops the cache and restarts from
// now, and destruction cancels the stream. Waits are bounded polls (5 s), not timing assertions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "mercato/mocks/mock_catalog_connection.h"
#include "sdk/src/caching_catalog_connection.h"
#include "tests/sdk/share.h"
#include "tests/sdk/test_catalog_service.h"

namespace mercato {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Return;
using mercato::testing::Share;

bool Eventually(std::function<bool()> const& condition) {
  auto const deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

v1::Product MakeProduct(std::string id, std::int64_t version) {
  v1::Product product;
  product.set_id(std::move(id));
  product.set_version(version);
  return product;
}

v1::EventEnvelope ProductEvent(v1::Product const& product, std::int64_t position) {
  v1::ProductUpdated payload;
  *payload.mutable_product() = product;
  payload.set_change_kind(v1::CATALOG_CHANGE_KIND_UPDATED);
  v1::EventEnvelope event;
  event.set_event_type("catalog.product.updated");
  event.set_aggregate_type("product");
  event.set_aggregate_id(product.id());
  event.set_sequence(product.version());
  event.set_position(position);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

v1::GetProductRequest GetRequest(std::string id) {
  v1::GetProductRequest request;
  request.set_product_id(std::move(id));
  return request;
}

class ChangeWatcherTest : public ::testing::Test {
 protected:
  std::unique_ptr<internal::CachingCatalogConnection> Connect() {
    Options options;
    options.retry.initial_backoff = 1ms;
    options.retry.max_backoff = 10ms;
    auto stub = v1::CatalogService::NewStub(grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials()));
    return std::make_unique<internal::CachingCatalogConnection>(inner_, options, std::move(stub));
  }

  // Pushes an event for a product nobody reads and waits until the cache holds it: from then on
  // the watcher is subscribed and past its start-up drop.
  void WaitUntilFollowing(internal::CachingCatalogConnection& cache, std::int64_t position) {
    service_.PushEvent(ProductEvent(MakeProduct("warm-up", position), position));
    ASSERT_TRUE(Eventually([&] { return cache.cache_stats().size > 0; }));
  }

  testing::TestCatalogService service_;
  testing::InProcessServer server_{&service_};
  std::shared_ptr<MockCatalogConnection> inner_ = std::make_shared<MockCatalogConnection>();
};

TEST_F(ChangeWatcherTest, AnotherClientsChangeReachesTheCache) {
  auto cache = Connect();
  auto const requests = service_.WaitForWatchRequests(1);
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_FALSE(requests[0].has_after_position());  // the first start is from now
  EXPECT_THAT(requests[0].aggregate_types(), ElementsAre("product", "category"));
  WaitUntilFollowing(*cache, 1);

  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));
  ASSERT_EQ((*cache->GetProduct(GetRequest("p1"), {}))->version(), 1);

  service_.PushEvent(ProductEvent(MakeProduct("p1", 2), 2));
  EXPECT_TRUE(Eventually([&] {
    auto product = cache->GetProduct(GetRequest("p1"), {});
    return product.ok() && (*product)->version() == 2;
  }));
}

TEST_F(ChangeWatcherTest, AReconnectResumesAfterTheLastPositionWithoutDroppingTheCache) {
  auto cache = Connect();
  WaitUntilFollowing(*cache, 7);
  EXPECT_CALL(*inner_, GetProduct(_, _)).WillOnce(Return(Share(MakeProduct("p1", 1))));
  cache->GetProduct(GetRequest("p1"), {});

  service_.EndStream(grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting"));
  auto const requests = service_.WaitForWatchRequests(2);
  ASSERT_EQ(requests.size(), 2U);
  ASSERT_TRUE(requests[1].has_after_position());
  EXPECT_EQ(requests[1].after_position(), 7);
  service_.PushEvent(ProductEvent(MakeProduct("p2", 1), 8));
  ASSERT_TRUE(Eventually([&] { return cache->cache_stats().size >= 3; }));
  EXPECT_EQ((*cache->GetProduct(GetRequest("p1"), {}))->version(), 1);  // still cached: no second inner call
}

TEST_F(ChangeWatcherTest, OutOfRangeDropsTheCacheAndRestartsFromNow) {
  auto cache = Connect();
  WaitUntilFollowing(*cache, 3);

  service_.EndStream(grpc::Status(grpc::StatusCode::OUT_OF_RANGE, "position expired"));
  auto const requests = service_.WaitForWatchRequests(2);
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_FALSE(requests[1].has_after_position());
  EXPECT_TRUE(Eventually([&] { return cache->cache_stats().size == 0; }));
}

TEST_F(ChangeWatcherTest, DestructionCancelsTheStream) {
  auto cache = Connect();
  WaitUntilFollowing(*cache, 1);
  cache.reset();
  EXPECT_TRUE(service_.WaitForCancelledStreams(1));
}

}  // namespace
}  // namespace mercato
