// SqlOutboxStore on both engines: positions follow insertion order, readers resume and filter,
// published events leave the unpublished list, and concurrent writers end up gapless.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <tuple>

#include <absl/strings/escaping.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include "server/adapters/sql/migrator.h"
#include "server/adapters/sql/proto_json.h"

#include "tests/server/sql/sql_store_test.h"

namespace mercato::sql_test {
namespace {

std::vector<std::int64_t> Positions(std::vector<v1::EventEnvelope> const& events) {
  std::vector<std::int64_t> positions;
  for (auto const& event : events) positions.push_back(event.position());
  return positions;
}

std::vector<std::string> AggregateIds(std::vector<v1::EventEnvelope> const& events) {
  std::vector<std::string> ids;
  for (auto const& event : events) ids.push_back(event.aggregate_id());
  return ids;
}

using PositionList = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

TEST_P(SqlStoreTest, SequencePendingNumbersEventsInInsertionOrder) {
  AddCategory("all", "", "all");
  for (auto const* id : {"e", "d", "c", "b"}) AddProduct(id, "all", id, {{std::string("SKU-") + id}});
  EXPECT_EQ(*outbox_->LastPosition(), 0);
  EXPECT_TRUE(AllSequencedEvents().empty());

  auto first = outbox_->SequencePending(3);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 3);
  EXPECT_EQ(*outbox_->LastPosition(), 3);
  auto rest = outbox_->SequencePending(100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, 2);
  EXPECT_EQ(*outbox_->SequencePending(100), 0);

  auto events = AllSequencedEvents();
  EXPECT_EQ(Positions(events), (PositionList{1, 2, 3, 4, 5}));
  EXPECT_EQ(AggregateIds(events), (Strings{"all", "e", "d", "c", "b"}));

  AddProduct("a", "all", "a", {{"SKU-a"}});
  EXPECT_EQ(*outbox_->SequencePending(100), 1);
  EXPECT_EQ(*outbox_->LastPosition(), 6);
  EXPECT_EQ(AggregateIds(*outbox_->ReadAfter(5, {}, 10)), (Strings{"a"}));
}

TEST_P(SqlStoreTest, ReadAfterResumesFiltersAndReturnsWholeEnvelopes) {
  AddCategory("c1", "", "c1");
  auto const write = ProductWriteOf(NewProduct("p1", "c1", "One", {{"P1"}}), "req-p1");
  ASSERT_TRUE(catalog_->InsertProduct(write));
  AddCategory("c2", "", "c2");
  AddProduct("p2", "c1", "Two", {{"P2"}});
  ASSERT_EQ(*outbox_->SequencePending(100), 4);

  EXPECT_EQ(AggregateIds(*outbox_->ReadAfter(0, {}, 100)), (Strings{"c1", "p1", "c2", "p2"}));
  EXPECT_EQ(AggregateIds(*outbox_->ReadAfter(2, {}, 100)), (Strings{"c2", "p2"}));
  EXPECT_EQ(AggregateIds(*outbox_->ReadAfter(0, {}, 3)), (Strings{"c1", "p1", "c2"}));
  EXPECT_EQ(AggregateIds(*outbox_->ReadAfter(0, {"category"}, 100)), (Strings{"c1", "c2"}));
  EXPECT_EQ(Positions(*outbox_->ReadAfter(1, {"product", "category"}, 100)), (PositionList{2, 3, 4}));
  EXPECT_EQ(Positions(*outbox_->ReadAfter(0, {"product"}, 1)), (PositionList{2}));
  EXPECT_TRUE(outbox_->ReadAfter(4, {}, 100)->empty());
  EXPECT_TRUE(outbox_->ReadAfter(0, {"order"}, 100)->empty());

  auto events = *outbox_->ReadAfter(1, {}, 1);
  ASSERT_EQ(events.size(), 1u);
  v1::EventEnvelope expected = write.event;
  expected.set_position(2);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(events[0], expected)) << events[0].DebugString();
  v1::ProductUpdated payload;
  ASSERT_TRUE(events[0].payload().UnpackTo(&payload));
  EXPECT_EQ(payload.product().id(), "p1");
}

TEST_P(SqlStoreTest, TheEnvelopeColumnDescribesEachEventWithoutItsPayload) {
  AddCategory("c1", "", "c1");
  auto const write = ProductWriteOf(NewProduct("p1", "c1", "One", {{"P1"}}), "req-p1");
  ASSERT_TRUE(catalog_->InsertProduct(write));
  ASSERT_EQ(*outbox_->SequencePending(100), 2);
  auto const event = AllSequencedEvents().at(1);
  auto rows = adapters::InRead(db(), [](adapters::SqlSession& session) {
    return session.Exec("SELECT envelope FROM outbox WHERE aggregate_type = 'product'");
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  auto const described = nlohmann::json::parse(rows->rows[0][0].value_or("null"));

  EXPECT_FALSE(described.contains("payload")) << described.dump();
  EXPECT_FALSE(described.contains("position")) << "the position column is the truth";
  EXPECT_EQ(described.value("event_id", ""), event.event_id());
  EXPECT_EQ(described.value("event_type", ""), "catalog.product.updated");
  EXPECT_EQ(described.value("aggregate_type", ""), "product");
  EXPECT_EQ(described.value("aggregate_id", ""), "p1");
  EXPECT_EQ(described.value("sequence", ""), std::to_string(event.sequence()));
  EXPECT_EQ(described.value("occurred_at", ""), google::protobuf::util::TimeUtil::ToString(event.occurred_at()));
  ASSERT_TRUE(described.contains("headers"));
  EXPECT_EQ(described["headers"].value("request_id", ""), "req-p1");
  EXPECT_TRUE(event.payload().Is<v1::ProductUpdated>()) << "the whole event is still read back";
}

TEST_P(SqlStoreTest, AnEventWrittenBeforeEnvelopeProtoIsReadFromItsJson) {
  v1::EventEnvelope event;
  event.set_event_id("e-legacy");
  event.set_event_type("catalog.product.updated");
  event.set_aggregate_type("product");
  event.set_aggregate_id("p-legacy");
  event.set_sequence(3);
  v1::ProductUpdated payload;
  payload.mutable_product()->set_id("p-legacy");
  event.mutable_payload()->PackFrom(payload);
  auto const json = adapters::ToJson(event);
  ASSERT_TRUE(json);
  auto written = db().Transaction([&](adapters::SqlSession& session) -> domain::Status {
    auto inserted = session.Exec(
        "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, occurred_at_us, position) "
        "VALUES ('e-legacy', 'product', 'p-legacy', 'catalog.product.updated', $1, 1, 1)",
        {*json});
    if (!inserted) return inserted.error();
    return domain::Ok();
  });
  ASSERT_TRUE(written) << written.error().message;

  auto events = outbox_->ReadAfter(0, {}, 10);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  event.set_position(1);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(events->at(0), event)) << events->at(0).DebugString();
}

// Hands what PublishPending offers to `published`, and answers with `status`.
domain::OutboxStore::Publish Recorder(std::vector<v1::EventEnvelope>& published, domain::Status status = domain::Ok()) {
  return [&published, status](std::vector<v1::EventEnvelope> const& events) {
    if (status) published.insert(published.end(), events.begin(), events.end());
    return status;
  };
}

TEST_P(SqlStoreTest, PublishPendingHandsOutEachSequencedEventOnceInPositionOrder) {
  AddCategory("all", "", "all");
  for (auto const* id : {"a", "b", "c"}) AddProduct(id, "all", id, {{std::string("SKU-") + id}});
  std::vector<v1::EventEnvelope> published;
  EXPECT_EQ(*outbox_->PublishPending(100, Recorder(published)), 0);  // nothing sequenced yet
  ASSERT_EQ(*outbox_->SequencePending(100), 4);

  // A sink that refuses leaves the batch for the next try.
  auto refused = outbox_->PublishPending(2, Recorder(published, domain::Unavailable("broker down")));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "broker down");
  EXPECT_EQ(*outbox_->PublishPending(2, Recorder(published)), 2);
  EXPECT_EQ(Positions(published), (PositionList{1, 2}));
  EXPECT_EQ(*outbox_->PublishPending(100, Recorder(published)), 2);
  EXPECT_EQ(*outbox_->PublishPending(100, Recorder(published)), 0);
  EXPECT_EQ(Positions(published), (PositionList{1, 2, 3, 4}));
  // Published events stay readable for WatchChanges.
  EXPECT_EQ(AllSequencedEvents().size(), 4u);
}

// A database that marked published rows one by one (before migration 11) goes on from its first
// unmarked position: nothing published twice, nothing skipped.
TEST_P(SqlStoreTest, UpgradedOutboxPublishesFromItsFirstUnmarkedEvent) {
  auto old = GetParam().open();
  ASSERT_NE(old, nullptr);
  std::vector<adapters::Migration> before_cursor;
  for (auto const& migration : adapters::EmbeddedMigrations(old->db().dialect())) {
    if (migration.version < 11) before_cursor.push_back(migration);
  }
  ASSERT_TRUE(adapters::Migrate(old->db(), before_cursor));
  auto written = old->db().Transaction([](adapters::SqlSession& session) -> domain::Status {
    // (event id, position, published): 1 and 2 published, 3 sequenced only, 4 not yet sequenced.
    for (auto const& [id, position, published] : std::vector<std::tuple<std::string, std::string, bool>>{
             {"e1", "1", true}, {"e2", "2", true}, {"e3", "3", false}, {"e4", "", false}}) {
      v1::EventEnvelope event;
      event.set_event_id(id);
      event.set_aggregate_type("product");
      auto inserted = session.Exec(
          "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, "
          "occurred_at_us, position, published_at_us) VALUES ($1, 'product', 'p', 'catalog.product.updated', '{}', $2, "
          "1, CAST(NULLIF($3, '') AS BIGINT), " + std::string(published ? "1" : "NULL") + ")",
          {id, absl::Base64Escape(event.SerializeAsString()), position});
      if (!inserted) return inserted.error();
    }
    return domain::Ok();
  });
  ASSERT_TRUE(written) << written.error().message;
  auto upgraded = adapters::Migrate(old->db());
  ASSERT_TRUE(upgraded) << upgraded.error().message;

  adapters::SqlOutboxStore outbox(old->db());
  ASSERT_EQ(*outbox.SequencePending(100), 1);
  std::vector<v1::EventEnvelope> published;
  EXPECT_EQ(*outbox.PublishPending(100, Recorder(published)), 2);
  EXPECT_EQ(Positions(published), (PositionList{3, 4}));
  std::vector<std::string> ids;
  for (auto const& event : published) ids.push_back(event.event_id());
  EXPECT_EQ(ids, (Strings{"e3", "e4"}));
}

// Two instances on one PostgreSQL: while one publishes, the other's relay gets nothing to publish
// (it used to publish the same batch too: 123 events became 227 Kafka messages).
TEST_P(SqlStoreTest, WhileOneInstancePublishesAnotherClaimsNothing) {
  if (db().dialect() != adapters::SqlDialect::kPostgres) GTEST_SKIP() << "an embedded database has one instance";
  auto other_db = database_->OpenAnother();
  adapters::SqlOutboxStore other(*other_db);
  AddCategory("all", "", "all");
  AddProduct("a", "all", "a", {{"SKU-a"}});
  ASSERT_EQ(*outbox_->SequencePending(100), 2);

  std::vector<v1::EventEnvelope> published;
  std::vector<v1::EventEnvelope> published_by_other;
  auto const first = outbox_->PublishPending(100, [&](std::vector<v1::EventEnvelope> const& events) {
    // Mid-publish: the other instance finds the step claimed.
    auto const during = other.PublishPending(100, Recorder(published_by_other));
    EXPECT_TRUE(during && *during == 0);
    published = events;
    return domain::Ok();
  });
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 2);
  EXPECT_TRUE(published_by_other.empty());
  // Afterwards there is nothing left for anyone.
  EXPECT_EQ(*other.PublishPending(100, Recorder(published_by_other)), 0);
  EXPECT_EQ(Positions(published), (PositionList{1, 2}));
}

// Writers commit concurrently while two sequencers run and a watcher resumes from the last position
// it saw: positions end unique and gapless, and the watcher misses nothing.
TEST_P(SqlStoreTest, ConcurrentWritersEndUpWithGaplessPositionsAndNoMissedEvent) {
  AddCategory("all", "", "all");
  constexpr int kWriters = 8;
  constexpr int kPerWriter = 10;
  constexpr int kEvents = 1 + kWriters * kPerWriter;
  std::vector<domain::ProductWrite> writes;
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kPerWriter; ++i) {
      std::string const id = "w" + std::to_string(w) + "-" + std::to_string(i);
      writes.push_back(ProductWriteOf(NewProduct(id, "all", id, {{"SKU-" + id}})));
    }
  }

  std::atomic<int> writers_left{kWriters};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        auto inserted = catalog_->InsertProduct(writes[static_cast<std::size_t>(w * kPerWriter + i)]);
        EXPECT_TRUE(inserted) << inserted.error().message;
      }
      --writers_left;
    });
  }
  // Two sequencers, as two mercatod instances would run, the second on its own database handle.
  auto other_instance = database_->OpenAnother();
  ASSERT_NE(other_instance, nullptr);
  adapters::SqlOutboxStore other_outbox(*other_instance);
  auto const sequence = [&](domain::OutboxStore& store) {
    while (writers_left > 0) {
      auto sequenced = store.SequencePending(7);
      EXPECT_TRUE(sequenced) << sequenced.error().message;
      if (sequenced && *sequenced == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  std::thread sequencer([&] { sequence(*outbox_); });
  std::thread other_sequencer([&] { sequence(other_outbox); });
  std::vector<v1::EventEnvelope> watched;
  std::thread watcher([&] {
    std::int64_t after = 0;
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (static_cast<int>(watched.size()) < kEvents) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "the watcher saw " << watched.size() << " of " << kEvents << " events";
        return;
      }
      auto events = outbox_->ReadAfter(after, {}, 5);
      if (!events) {
        ADD_FAILURE() << events.error().message;
        return;
      }
      for (auto& event : *events) {
        after = event.position();
        watched.push_back(std::move(event));
      }
      if (!events->empty()) continue;
      if (writers_left == 0) {
        // The sequencer has stopped: finish what is left from here.
        auto sequenced = outbox_->SequencePending(1000);
        if (!sequenced) {
          ADD_FAILURE() << sequenced.error().message;
          return;
        }
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
  });
  for (auto& thread : threads) thread.join();
  sequencer.join();
  other_sequencer.join();
  watcher.join();

  auto events = AllSequencedEvents();
  ASSERT_EQ(static_cast<int>(events.size()), kEvents);
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].position(), static_cast<std::int64_t>(i + 1));
  std::set<std::string> ids;
  for (auto const& event : events) ids.insert(event.event_id());
  EXPECT_EQ(static_cast<int>(ids.size()), kEvents);
  ASSERT_EQ(watched.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(watched[i].event_id(), events[i].event_id());
  EXPECT_EQ(*catalog_->CountProducts(), kWriters * kPerWriter);
}

}  // namespace
}  // namespace mercato::sql_test
