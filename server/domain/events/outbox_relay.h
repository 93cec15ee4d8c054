// Moves committed outbox events to the event sink: sequence, publish, mark. At least once: a crash
// between publish and mark republishes, and consumers deduplicate by event id.
#pragma once

#include <chrono>
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
    std::chrono::milliseconds idle_poll{50};
    std::chrono::milliseconds error_backoff{1000};
  };

  OutboxRelay(OutboxStore& store, EventSink& sink, ChangeNotifier& notifier, Settings settings);
  OutboxRelay(OutboxRelay const&) = delete;
  OutboxRelay& operator=(OutboxRelay const&) = delete;
  ~OutboxRelay();

  // One pass: sequences and publishes up to a batch. Returns how many events it published.
  Result<int> RunOnce();

  void Start();
  // Stops the background loop, then publishes what is left (best effort, bounded by `flush_for`).
  void StopAndFlush(std::chrono::milliseconds flush_for);

 private:
  void Loop();

  OutboxStore& store_;
  EventSink& sink_;
  ChangeNotifier& notifier_;
  Settings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mercato::domain
