// Moves committed outbox events to the event sink: sequence, publish, mark. At least once: a crash
// between publish and mark republishes, and consumers deduplicate by event id. Sequencing runs on
// its own thread, so change streams (which read sequenced events) never wait for a slow sink.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/domain/events/change_notifier.h"
#include "server/domain/events/event_sink.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::domain {

class OutboxRelay {
 public:
  struct Settings {
    int batch_size = 200;
    // How often an idle step looks for work it was not woken for: events committed by an instance
    // that died before sequencing them, a wake-up lost while the listener reconnected.
    std::chrono::milliseconds idle_poll{50};
    // After a step that found work but not a full batch, the least time before the next, however
    // often it is woken: under a stream of commits each step then takes several commits' events,
    // so the relay's own transactions (each a commit and a WAL flush) stay few. An event waits at
    // most this much longer; a step woken after a quiet spell runs at once.
    std::chrono::milliseconds busy_interval{5};
    std::chrono::milliseconds error_backoff{1000};
  };

  OutboxRelay(OutboxStore& store, EventSink& sink, ChangeNotifier& notifier, Settings settings);
  OutboxRelay(OutboxRelay const&) = delete;
  OutboxRelay& operator=(OutboxRelay const&) = delete;
  ~OutboxRelay();

  // Gives positions to up to a batch of committed events; returns how many.
  Result<int> SequenceOnce();
  // Publishes up to a batch of sequenced events and marks them; returns how many.
  Result<int> PublishOnce();
  // Both, once. Returns how many events it published.
  Result<int> RunOnce();

  // The highest position this relay has published (0 before the first); with the store's last
  // position it gives the outbox lag.
  std::int64_t last_published_position() const { return last_published_position_.load(); }

  // Run the step now rather than at its next poll: the sequencer when this instance committed
  // outbox events, the publisher when events were sequenced (here or, told by PostgreSQL, by
  // another instance).
  void WakeSequencer();
  void WakePublisher();

  void Start();
  // Stops the background loop, then publishes what is left (best effort, bounded by `flush_for`).
  void StopAndFlush(std::chrono::milliseconds flush_for);

 private:
  // Runs `step` until stopped: again at once after a full batch, after busy_interval when it found
  // less and was woken meanwhile, after idle_poll when idle (sooner if woken), after error_backoff
  // on failure.
  void Loop(char const* name, Result<int> (OutboxRelay::*step)(), bool& woken);
  void Wake(bool& woken);

  OutboxStore& store_;
  EventSink& sink_;
  ChangeNotifier& notifier_;
  Settings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool sequencer_woken_ = false;
  bool publisher_woken_ = false;
  std::atomic<std::int64_t> last_published_position_{0};
  std::thread sequencer_;
  std::thread publisher_;
};

}  // namespace mercato::domain
