// Catalog events on Kafka: every committed change arrives, a rolled-back one never does, and a
// consumer that deduplicates by event id sees each change once even when the relay publishes a
// batch twice (as it does after a crash between publishing and marking).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "mercato/v1/catalog.grpc.pb.h"
#include "server/adapters/kafka/kafka_event_sink.h"
#include "tests/server/service/service_fixture.h"
#include "tests/support/test_env.h"

namespace mercato::testing {
namespace {

struct ConsumedEvent {
  std::string header_event_id;
  std::string key;
  v1::EventEnvelope envelope;
};

// Reads the topic from the beginning until `want` messages arrived or `wait` passed.
std::vector<ConsumedEvent> Consume(std::string const& brokers, std::string const& topic, std::size_t want,
                                   std::chrono::seconds wait = std::chrono::seconds(30)) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, error);
  conf->set("group.id", topic + "-reader", error);
  conf->set("auto.offset.reset", "earliest", error);
  conf->set("enable.auto.commit", "false", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
  EXPECT_TRUE(consumer) << error;
  if (!consumer) return {};
  consumer->subscribe({topic});
  std::vector<ConsumedEvent> consumed;
  auto const deadline = std::chrono::steady_clock::now() + wait;
  while (consumed.size() < want && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(250));
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    ConsumedEvent event;
    event.key = message->key() ? *message->key() : "";
    if (auto* headers = message->headers()) {
      for (auto const& header : headers->get("event_id")) {
        event.header_event_id.assign(static_cast<char const*>(header.value()), header.value_size());
      }
    }
    EXPECT_TRUE(event.envelope.ParseFromArray(message->payload(), static_cast<int>(message->len())));
    consumed.push_back(std::move(event));
  }
  consumer->close();
  return consumed;
}

class CatalogEventsOnKafkaTest : public ServiceTest {};

TEST_P(CatalogEventsOnKafkaTest, CommittedChangesArriveOnceAfterDedupAndRolledBackOnesNever) {
  auto stub = v1::CatalogService::NewStub(Channel());
  v1::CreateCategoryRequest category_request;
  category_request.mutable_category()->set_name("Events");
  v1::CreateCategoryResponse category;
  auto category_context = StaffContext();
  ASSERT_TRUE(stub->CreateCategory(category_context.get(), category_request, &category).ok());

  auto create = [&](std::string const& name, std::string const& sku) {
    v1::CreateProductRequest request;
    request.mutable_product()->set_name(name);
    request.mutable_product()->set_category_id(category.category().id());
    auto& variant = *request.mutable_product()->add_variants();
    variant.set_sku(sku);
    variant.set_name("each");
    variant.mutable_price()->set_amount_minor(100);
    variant.mutable_price()->set_currency_code("GBP");
    v1::CreateProductResponse response;
    auto context = StaffContext();
    return stub->CreateProduct(context.get(), request, &response);
  };
  ASSERT_TRUE(create("Kafka Bread", "KB-1").ok());
  ASSERT_TRUE(create("Kafka Butter", "KBU-1").ok());
  // Rolled back inside the store (the SKU is taken): its event must never be published.
  ASSERT_EQ(create("Rolled Back Jam", "KB-1").error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // What the database committed, once the relay has sequenced it.
  std::vector<v1::EventEnvelope> committed;
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (committed.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    auto read = server().backend().outbox_store->ReadAfter(0, {}, 100);
    ASSERT_TRUE(read.ok());
    committed = *read;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(committed.size(), 3u) << "1 category + 2 products committed";

  // Publish the same batch once more, as a relay that crashed before marking would.
  adapters::KafkaEventSink replay(config().kafka_brokers, config().kafka_topic_prefix, std::chrono::seconds(10));
  ASSERT_TRUE(replay.Publish(committed).ok());

  auto const consumed = Consume(config().kafka_brokers, config().kafka_topic_prefix + "catalog", 6);
  ASSERT_EQ(consumed.size(), 6u) << "each committed event twice";

  std::map<std::string, v1::EventEnvelope> deduplicated;
  for (auto const& event : consumed) {
    EXPECT_EQ(event.header_event_id, event.envelope.event_id());
    EXPECT_EQ(event.key, event.envelope.aggregate_id());
    deduplicated.emplace(event.header_event_id, event.envelope);
    v1::ProductUpdated payload;
    if (event.envelope.payload().UnpackTo(&payload)) {
      EXPECT_NE(payload.product().name(), "Rolled Back Jam");
    }
  }
  std::set<std::string> committed_ids;
  for (auto const& event : committed) committed_ids.insert(event.event_id());
  std::set<std::string> consumed_ids;
  for (auto const& [id, envelope] : deduplicated) consumed_ids.insert(id);
  EXPECT_EQ(consumed_ids, committed_ids);
}

// Two instances on one backend set, no fault: each event goes out once. Before, each instance's
// relay published the whole outbox (123 events became 227 messages).
TEST_P(CatalogEventsOnKafkaTest, TwoInstancesPublishEveryEventOnce) {
  auto other = StartAnotherInstance();
  ASSERT_TRUE(other);
  auto const other_channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(other->port()), grpc::InsecureChannelCredentials());
  std::vector<std::unique_ptr<v1::CatalogService::Stub>> stubs;
  stubs.push_back(v1::CatalogService::NewStub(Channel()));
  stubs.push_back(v1::CatalogService::NewStub(other_channel));
  constexpr int kEvents = 40;
  for (int i = 0; i < kEvents; ++i) {
    v1::CreateCategoryRequest request;
    request.mutable_category()->set_name("Aisle " + std::to_string(i));
    v1::CreateCategoryResponse response;
    auto context = StaffContext();
    ASSERT_TRUE(stubs[static_cast<std::size_t>(i % 2)]->CreateCategory(context.get(), request, &response).ok());
  }

  // Long enough for both relays to publish everything, twice over if both did.
  auto const consumed =
      Consume(config().kafka_brokers, config().kafka_topic_prefix + "catalog", 2 * kEvents, std::chrono::seconds(5));
  std::set<std::string> ids;
  for (auto const& event : consumed) ids.insert(event.header_event_id);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kEvents)) << "an event is missing";
  EXPECT_EQ(consumed.size(), static_cast<std::size_t>(kEvents)) << "an event was published more than once";
  other->Shutdown(std::chrono::milliseconds(1000));
}

INSTANTIATE_TEST_SUITE_P(Production, CatalogEventsOnKafkaTest, ::testing::Values(BackendKind::kProduction),
                         BackendName);

}  // namespace
}  // namespace mercato::testing
