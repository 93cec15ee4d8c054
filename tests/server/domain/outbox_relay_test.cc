// The outbox relay: publishes sequenced events in position order, marks only what the sink
// accepted, and retries after a sink failure without losing or reordering anything.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "server/domain/events/outbox_relay.h"

namespace mercato::domain {
namespace {

// An in-memory outbox with the port's semantics, to drive the relay without a database.
class MemoryOutbox final : public OutboxStore {
 public:
  void Insert(std::string const& id) {
    std::lock_guard lock(mutex_);
    v1::EventEnvelope event;
    event.set_event_id(id);
    event.set_aggregate_type("product");
    rows_.push_back({event, 0, false});
  }

  Result<int> SequencePending(int limit) override {
    std::lock_guard lock(mutex_);
    int sequenced = 0;
    for (auto& row : rows_) {
      if (row.position == 0 && sequenced < limit) {
        row.position = ++last_position_;
        ++sequenced;
      }
    }
    return sequenced;
  }
  Result<int> PublishPending(int limit, Publish const& publish) override {
    std::vector<v1::EventEnvelope> events;
    {
      std::lock_guard lock(mutex_);
      for (auto const& row : rows_) {
        if (row.position != 0 && !row.published && static_cast<int>(events.size()) < limit) {
          events.push_back(row.event);
          events.back().set_position(row.position);
        }
      }
    }
    if (events.empty()) return 0;
    if (auto published = publish(events); !published) return published.error();
    std::lock_guard lock(mutex_);
    for (auto& row : rows_) {
      for (auto const& event : events) {
        if (event.event_id() == row.event.event_id()) row.published = true;
      }
    }
    return static_cast<int>(events.size());
  }
  Result<std::vector<v1::EventEnvelope>> ReadAfter(std::int64_t, std::vector<std::string> const&, int) override {
    return std::vector<v1::EventEnvelope>{};
  }
  Result<std::int64_t> LastPosition() override {
    std::lock_guard lock(mutex_);
    return last_position_;
  }

 private:
  std::mutex mutex_;
  struct Row {
    v1::EventEnvelope event;
    std::int64_t position;
    bool published;
  };
  std::vector<Row> rows_;
  std::int64_t last_position_ = 0;
};

class RecordingSink final : public EventSink {
 public:
  Status Publish(std::vector<v1::EventEnvelope> const& events) override {
    if (fail_next) {
      fail_next = false;
      return Unavailable("broker down");
    }
    for (auto const& event : events) received.push_back({event.event_id(), event.position()});
    return Ok();
  }
  bool fail_next = false;
  std::vector<std::pair<std::string, std::int64_t>> received;
};

TEST(OutboxRelay, PublishesInPositionOrderAndMarksThem) {
  MemoryOutbox outbox;
  RecordingSink sink;
  ChangeNotifier notifier;
  OutboxRelay relay(outbox, sink, notifier, {});
  outbox.Insert("a");
  outbox.Insert("b");
  outbox.Insert("c");

  auto published = relay.RunOnce();
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(*published, 3);
  EXPECT_EQ(sink.received, (std::vector<std::pair<std::string, std::int64_t>>{{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_EQ(notifier.generation(), 1u);

  auto again = relay.RunOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "published events must not be published again";
}

TEST(OutboxRelay, ASinkFailureKeepsEventsForTheNextPass) {
  MemoryOutbox outbox;
  RecordingSink sink;
  ChangeNotifier notifier;
  OutboxRelay relay(outbox, sink, notifier, {});
  outbox.Insert("a");
  sink.fail_next = true;

  auto failed = relay.RunOnce();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(sink.received.empty());

  outbox.Insert("b");
  auto retried = relay.RunOnce();
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(sink.received, (std::vector<std::pair<std::string, std::int64_t>>{{"a", 1}, {"b", 2}}));
}

TEST(OutboxRelay, BatchesRespectTheBatchSize) {
  MemoryOutbox outbox;
  RecordingSink sink;
  ChangeNotifier notifier;
  OutboxRelay::Settings settings;
  settings.batch_size = 2;
  OutboxRelay relay(outbox, sink, notifier, settings);
  for (char const* id : {"a", "b", "c", "d", "e"}) outbox.Insert(id);
  EXPECT_EQ(*relay.RunOnce(), 2);
  EXPECT_EQ(*relay.RunOnce(), 2);
  EXPECT_EQ(*relay.RunOnce(), 1);
  ASSERT_EQ(sink.received.size(), 5u);
  EXPECT_EQ(sink.received.back(), (std::pair<std::string, std::int64_t>{"e", 5}));
}

TEST(OutboxRelay, StopAndFlushPublishesWhatIsLeft) {
  MemoryOutbox outbox;
  RecordingSink sink;
  ChangeNotifier notifier;
  OutboxRelay relay(outbox, sink, notifier, {});
  outbox.Insert("a");
  relay.StopAndFlush(std::chrono::seconds(5));
  EXPECT_EQ(sink.received.size(), 1u);
}

// A sink stuck on a slow broker: the first Publish waits until the test releases it.
class StuckSink final : public EventSink {
 public:
  Status Publish(std::vector<v1::EventEnvelope> const&) override {
    if (calls++ == 0) {
      entered.set_value();
      release.get_future().wait();
    }
    return Ok();
  }
  std::atomic<int> calls{0};
  std::promise<void> entered;
  std::promise<void> release;
};

TEST(OutboxRelay, SequencingGoesOnWhileTheSinkIsStuck) {
  MemoryOutbox outbox;
  StuckSink sink;
  ChangeNotifier notifier;
  OutboxRelay::Settings settings;
  settings.idle_poll = std::chrono::milliseconds(5);
  OutboxRelay relay(outbox, sink, notifier, settings);
  outbox.Insert("a");
  relay.Start();
  sink.entered.get_future().wait();  // the publisher is now blocked on "a"

  auto const before = notifier.generation();
  outbox.Insert("b");
  notifier.WaitPast(before, std::chrono::seconds(10));
  EXPECT_EQ(*outbox.LastPosition(), 2) << "b was not sequenced while the sink was stuck";

  sink.release.set_value();
  relay.StopAndFlush(std::chrono::milliseconds(0));
}

// A sink that tells the test when an event arrives.
class SignallingSink final : public EventSink {
 public:
  Status Publish(std::vector<v1::EventEnvelope> const& events) override {
    published += static_cast<int>(events.size());
    published.notify_all();
    return Ok();
  }
  std::atomic<int> published{0};
};

TEST(OutboxRelay, AWakeUpRunsTheStepsWithoutWaitingForThePoll) {
  MemoryOutbox outbox;
  SignallingSink sink;
  ChangeNotifier notifier;
  OutboxRelay::Settings settings;
  settings.idle_poll = std::chrono::hours(1);  // a poll would never come within the test
  OutboxRelay relay(outbox, sink, notifier, settings);
  relay.Start();
  // Both loops have run once on the empty outbox and now sleep for their hour (or are about to:
  // a wake-up before they sleep still counts, it is remembered).
  outbox.Insert("a");
  relay.WakeSequencer();  // as a commit that appended "a" does; sequencing wakes the publisher
  sink.published.wait(0);
  EXPECT_EQ(sink.published.load(), 1);
  relay.StopAndFlush(std::chrono::milliseconds(0));
}

// Counts the sequencer's steps that found events.
class CountingOutbox final : public OutboxStore {
 public:
  explicit CountingOutbox(MemoryOutbox& inner) : inner_(inner) {}
  Result<int> SequencePending(int limit) override {
    auto sequenced = inner_.SequencePending(limit);
    if (sequenced && *sequenced > 0) ++busy_steps;
    return sequenced;
  }
  Result<int> PublishPending(int limit, Publish const& publish) override { return inner_.PublishPending(limit, publish); }
  Result<std::vector<v1::EventEnvelope>> ReadAfter(std::int64_t after, std::vector<std::string> const& types,
                                                   int limit) override {
    return inner_.ReadAfter(after, types, limit);
  }
  Result<std::int64_t> LastPosition() override { return inner_.LastPosition(); }
  std::atomic<int> busy_steps{0};

 private:
  MemoryOutbox& inner_;
};

TEST(OutboxRelay, WakeUpsWithinTheBusyIntervalAreTakenByOneStep) {
  MemoryOutbox memory;
  CountingOutbox outbox(memory);
  SignallingSink sink;
  ChangeNotifier notifier;
  OutboxRelay::Settings settings;
  settings.idle_poll = std::chrono::hours(1);
  settings.busy_interval = std::chrono::hours(1);  // no second step until the test stops the relay
  OutboxRelay relay(outbox, sink, notifier, settings);
  relay.Start();
  memory.Insert("a");
  relay.WakeSequencer();
  sink.published.wait(0);
  for (char const* id : {"b", "c"}) {  // two more commits, each waking the sequencer
    memory.Insert(id);
    relay.WakeSequencer();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(outbox.busy_steps.load(), 1) << "a wake-up inside the busy interval ran a step of its own";
  EXPECT_EQ(sink.published.load(), 1);
  // Stopping ends the interval's wait, and the flush takes both waiting events in one step.
  relay.StopAndFlush(std::chrono::seconds(10));
  EXPECT_EQ(outbox.busy_steps.load(), 2);
  EXPECT_EQ(sink.published.load(), 3);
}

}  // namespace
}  // namespace mercato::domain
