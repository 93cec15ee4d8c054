// CallDrain: counts the calls in flight and, once draining, turns new ones away, so that a
// shutting-down server waits for the calls it accepted and for nothing else. gRPC's own
// Shutdown(deadline) also waits for every client connection to close, and an idle client keeps
// its connection open: the whole grace period passed whenever one was connected.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace mercato::api {

class CallDrain {
 public:
  // Counts a call in; false once draining (the call must be refused, and not Leave()).
  bool Enter() {
    std::lock_guard lock(mutex_);
    if (draining_) return false;
    ++in_flight_;
    return true;
  }

  void Leave() {
    std::lock_guard lock(mutex_);
    if (--in_flight_ == 0) idle_.notify_all();
  }

  void StartDraining() {
    std::lock_guard lock(mutex_);
    draining_ = true;
  }

  // Returns once no call is in flight, or at `deadline`; the number still in flight.
  int WaitUntilIdle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    idle_.wait_until(lock, deadline, [this] { return in_flight_ == 0; });
    return in_flight_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
  bool draining_ = false;
};

}  // namespace mercato::api
