// Stops calling a backend that keeps failing, so that each caller falls back (or fails) at once
// instead of waiting out the backend's timeout: a hanging Redis cost every call two 250 ms
// timeouts. The circuit pattern of Nygard's "Release It!", with the trial call taken off the
// request path: while open, the owner probes the backend in the background (`ProbeSucceeded`),
// so that no caller pays for finding out whether it is back.
//
//   closed --(failures_to_open failures within window)--> open --(a probe succeeds)--> closed
//
// Successes do not wipe out failures: a Redis that answers reads but hangs writes (CLIENT PAUSE
// WRITE, as during a failover) fails a write on every call between good reads, and must open it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace mercato::domain {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    // This many failures within `window` open the circuit; scattered ones (a timeout a minute)
    // do not.
    int failures_to_open = 3;
    std::chrono::milliseconds window{10'000};
  };
  // Told of every change of state, `open` true when the circuit opened. Runs under the breaker's
  // lock: it must not call back into the breaker.
  using Listener = std::function<void(bool open)>;

  // `backend` names it in logs and metrics ("redis").
  CircuitBreaker(std::string backend, Options options) : backend_(std::move(backend)), options_(options) {}
  explicit CircuitBreaker(std::string backend) : CircuitBreaker(std::move(backend), Options{}) {}
  CircuitBreaker(CircuitBreaker const&) = delete;
  CircuitBreaker& operator=(CircuitBreaker const&) = delete;

  // False while open: the caller must not call the backend.
  bool AllowsCalls();
  void RecordFailure(Clock::time_point now = Clock::now());
  // The owner's background probe reached the backend: close, and forget earlier failures.
  void ProbeSucceeded();

  bool open() const;
  // How many times it opened since start, and how many calls it refused while open.
  std::uint64_t times_opened() const;
  std::uint64_t calls_refused() const;

  // Replaces the listener (nullptr: none) and tells the new one the current state at once, so
  // that no change falls between reading the state and listening. Once this returns, the
  // previous listener is not running and will not run again.
  void OnChange(Listener listener);

 private:
  void SetOpen(bool open);  // with mutex_ held

  std::string const backend_;
  Options const options_;
  mutable std::mutex mutex_;
  // Written under mutex_; read without it by AllowsCalls, on every command while closed.
  std::atomic<bool> open_{false};
  std::deque<Clock::time_point> recent_failures_;  // at most failures_to_open, oldest first
  std::uint64_t times_opened_ = 0;
  std::atomic<std::uint64_t> calls_refused_{0};
  Listener listener_;
};

}  // namespace mercato::domain
