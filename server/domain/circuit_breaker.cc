#include "server/domain/circuit_breaker.h"

#include <spdlog/spdlog.h>

namespace mercato::domain {

bool CircuitBreaker::AllowsCalls() {
  if (!open_.load()) return true;
  ++calls_refused_;
  return false;
}

void CircuitBreaker::RecordFailure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  recent_failures_.push_back(now);
  if (static_cast<int>(recent_failures_.size()) > options_.failures_to_open) recent_failures_.pop_front();
  bool const too_many = static_cast<int>(recent_failures_.size()) >= options_.failures_to_open &&
                        now - recent_failures_.front() <= options_.window;
  if (too_many && !open_) {
    spdlog::warn("{}: {} failures within {} ms; not calling it until a probe reaches it", backend_,
                 options_.failures_to_open, options_.window.count());
    SetOpen(true);
  }
}

void CircuitBreaker::ProbeSucceeded() {
  std::lock_guard lock(mutex_);
  recent_failures_.clear();
  if (open_) {
    spdlog::info("{}: a probe reached it; calling it again", backend_);
    SetOpen(false);
  }
}

void CircuitBreaker::SetOpen(bool open) {
  open_ = open;
  if (open) ++times_opened_;
  if (listener_) listener_(open);
}

bool CircuitBreaker::open() const { return open_.load(); }

std::uint64_t CircuitBreaker::times_opened() const {
  std::lock_guard lock(mutex_);
  return times_opened_;
}

std::uint64_t CircuitBreaker::calls_refused() const { return calls_refused_.load(); }

void CircuitBreaker::OnChange(Listener listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
  if (listener_) listener_(open_);
}

}  // namespace mercato::domain
