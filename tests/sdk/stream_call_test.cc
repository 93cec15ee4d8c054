// AsyncStream over gRPC's callback API (StreamCall), through CatalogClient::WatchChanges against
// an in-process server: messages arrive in order, one per read, blocking or asynchronously; the
// server's end is std::nullopt and its error status comes through once; a second Next() while one
// is pending is refused; dropping the stream cancels the call on the server.
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <optional>

#include "mercato/catalog_client.h"
#include "sdk/src/catalog_connection_impl.h"
#include "tests/sdk/test_catalog_service.h"

namespace mercato {
namespace {

v1::EventEnvelope Event(std::int64_t position) {
  v1::EventEnvelope event;
  event.set_position(position);
  event.set_aggregate_type("product");
  return event;
}

class StreamCallTest : public ::testing::Test {
 protected:
  CatalogClient Client() {
    auto stub = v1::CatalogService::NewStub(grpc::CreateChannel(server_.address(), grpc::InsecureChannelCredentials()));
    return CatalogClient(std::make_shared<internal::CatalogConnectionImpl>(std::move(stub), Options()));
  }

  testing::TestCatalogService service_;
  testing::InProcessServer server_{&service_};
};

TEST_F(StreamCallTest, ReadsMessagesInOrderThenTheEnd) {
  service_.PushEvent(Event(1));
  service_.PushEvent(Event(2));
  v1::WatchChangesRequest request;
  request.set_after_position(0);
  auto stream = Client().WatchChanges(request);

  auto first = stream.Read();
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->event().position(), 1);

  std::promise<StatusOr<std::optional<v1::WatchChangesResponse>>> second;
  stream.Next([&](auto message) { second.set_value(std::move(message)); });
  auto const read = second.get_future().get();
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->event().position(), 2);
  ASSERT_EQ(service_.WaitForWatchRequests(1).at(0).after_position(), 0);

  service_.EndStream(grpc::Status::OK);
  auto const end = stream.Read();
  ASSERT_TRUE(end.ok()) << end.status().message();
  EXPECT_FALSE(end->has_value());
}

TEST_F(StreamCallTest, AnErrorEndsTheStreamOnceThenItIsOver) {
  auto stream = Client().WatchChanges();
  service_.WaitForWatchRequests(1);
  service_.EndStream(grpc::Status(grpc::StatusCode::OUT_OF_RANGE, "position expired"));
  auto const failed = stream.Read();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(failed.status().message(), "position expired");
  auto const after = stream.Read();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->has_value());
}

TEST_F(StreamCallTest, ASecondNextWhileOneIsPendingIsRefused) {
  {
    auto stream = Client().WatchChanges();
    std::promise<StatusOr<std::optional<v1::WatchChangesResponse>>> first;
    stream.Next([&](auto message) { first.set_value(std::move(message)); });
    auto const second = stream.Read();
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    service_.PushEvent(Event(7));
    auto const read = first.get_future().get();
    ASSERT_TRUE(read.ok() && read->has_value());
    EXPECT_EQ((*read)->event().position(), 7);
  }
  // The server's handler ends with the cancelled stream, before the server shuts down.
  EXPECT_TRUE(service_.WaitForCancelledStreams(1));
}

TEST_F(StreamCallTest, DroppingTheStreamCancelsTheCall) {
  {
    auto stream = Client().WatchChanges();
    service_.WaitForWatchRequests(1);
  }
  EXPECT_TRUE(service_.WaitForCancelledStreams(1));
}

}  // namespace
}  // namespace mercato
