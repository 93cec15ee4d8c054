// Lets the change feed sleep until there is work: the outbox relay sequenced new events on this
// instance, or a stream drained its writes. The timeout lets events sequenced by other instances
// still be found by polling.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace mercato::domain {

class ChangeNotifier {
 public:
  void Notify() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    changed_.notify_all();
  }

  std::uint64_t generation() {
    std::lock_guard lock(mutex_);
    return generation_;
  }

  // Returns once the generation moved past `seen` or the timeout passed.
  void WaitPast(std::uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t generation_ = 0;
};

}  // namespace mercato::domain
