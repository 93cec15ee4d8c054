// Runs one step of background work on its own thread until stopped: again at once while the step
// reports more work, after `idle` when it reports none, after `idle` too when it fails (logged).
// Used for the work every instance shares through the database (expiring reservations, pruning
// idempotency keys), where each step claims its own rows.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "server/domain/error.h"

namespace mercato::domain {

class PeriodicTask {
 public:
  // `step` returns true when it did some work and there may be more.
  PeriodicTask(std::string name, std::chrono::milliseconds idle, std::function<Result<bool>()> step)
      : name_(std::move(name)), idle_(idle), step_(std::move(step)) {}
  PeriodicTask(PeriodicTask const&) = delete;
  PeriodicTask& operator=(PeriodicTask const&) = delete;
  ~PeriodicTask() { Stop(); }

  void Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
  }

  // Waits for a running step to finish; safe to call twice.
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto more = step_();
      if (!more) spdlog::warn("{}: {} (retrying in {} ms)", name_, more.error().message, idle_.count());
      lock.lock();
      if (!more || !*more) wake_.wait_for(lock, idle_, [this] { return stopping_; });
    }
  }

  std::string name_;
  std::chrono::milliseconds idle_;
  std::function<Result<bool>()> step_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mercato::domain
