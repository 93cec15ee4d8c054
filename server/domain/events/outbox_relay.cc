// The relay loop: poll while idle, drain while busy, back off on errors.
#include "server/domain/events/outbox_relay.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mercato::domain {

OutboxRelay::OutboxRelay(OutboxStore& store, EventSink& sink, ChangeNotifier& notifier, Settings settings)
    : store_(store), sink_(sink), notifier_(notifier), settings_(settings) {}

OutboxRelay::~OutboxRelay() { StopAndFlush(std::chrono::milliseconds(0)); }

Result<int> OutboxRelay::SequenceOnce() {
  auto sequenced = store_.SequencePending(settings_.batch_size);
  if (sequenced && *sequenced > 0) {
    notifier_.Notify();
    WakePublisher();
  }
  return sequenced;
}

Result<int> OutboxRelay::PublishOnce() {
  std::int64_t last_position = 0;
  auto published = store_.PublishPending(settings_.batch_size, [&](std::vector<v1::EventEnvelope> const& events) {
    auto sent = sink_.Publish(events);
    if (sent && !events.empty()) last_position = events.back().position();
    return sent;
  });
  if (published && last_position > 0) {
    last_published_position_ = std::max(last_published_position_.load(), last_position);
  }
  return published;
}

Result<int> OutboxRelay::RunOnce() {
  if (auto sequenced = SequenceOnce(); !sequenced) return sequenced.error();
  return PublishOnce();
}

void OutboxRelay::Start() {
  std::lock_guard lock(mutex_);
  if (sequencer_.joinable()) return;
  stopping_ = false;
  sequencer_ = std::thread([this] { Loop("sequencer", &OutboxRelay::SequenceOnce, sequencer_woken_); });
  publisher_ = std::thread([this] { Loop("publisher", &OutboxRelay::PublishOnce, publisher_woken_); });
}

void OutboxRelay::StopAndFlush(std::chrono::milliseconds flush_for) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
  if (publisher_.joinable()) publisher_.join();
  auto const deadline = std::chrono::steady_clock::now() + flush_for;
  while (std::chrono::steady_clock::now() < deadline) {
    auto published = RunOnce();
    if (!published || *published == 0) break;
  }
}

void OutboxRelay::WakeSequencer() { Wake(sequencer_woken_); }
void OutboxRelay::WakePublisher() { Wake(publisher_woken_); }

void OutboxRelay::Wake(bool& woken) {
  {
    std::lock_guard lock(mutex_);
    woken = true;
  }
  wake_.notify_all();
}

void OutboxRelay::Loop(char const* name, Result<int> (OutboxRelay::*step)(), bool& woken) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken = false;
    lock.unlock();
    auto done = (this->*step)();
    lock.lock();
    if (done && *done == settings_.batch_size) continue;  // more may be waiting
    if (!done) {
      // A backend that fails is given its backoff, however often the step is woken.
      spdlog::warn("outbox {}: {} (retrying)", name, done.error().message);
      wake_.wait_for(lock, settings_.error_backoff, [this] { return stopping_; });
    } else {
      if (*done > 0) wake_.wait_for(lock, settings_.busy_interval, [this] { return stopping_; });
      wake_.wait_for(lock, settings_.idle_poll, [&] { return stopping_ || woken; });
    }
  }
}

}  // namespace mercato::domain
