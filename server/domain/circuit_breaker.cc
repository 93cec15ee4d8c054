#include "server/domain/circuit_breaker.h"

#include <spdlog/spdlog.h>

namespace mercato::domain {

bool CircuitBreaker::AllowsCalls() const {
  std::lock_guard lock(mutex_);
  if (open_) ++calls_refused_;
  return !open_;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mutex_);
  failures_in_a_row_ = 0;
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard lock(mutex_);
  if (++failures_in_a_row_ >= options_.failures_to_open && !open_) {
    spdlog::warn("{}: {} failures in a row; not calling it until a probe reaches it", backend_, failures_in_a_row_);
    SetOpen(true);
  }
}

void CircuitBreaker::ProbeSucceeded() {
  std::lock_guard lock(mutex_);
  failures_in_a_row_ = 0;
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

bool CircuitBreaker::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::uint64_t CircuitBreaker::times_opened() const {
  std::lock_guard lock(mutex_);
  return times_opened_;
}

std::uint64_t CircuitBreaker::calls_refused() const {
  std::lock_guard lock(mutex_);
  return calls_refused_;
}

void CircuitBreaker::OnChange(Listener listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
  if (listener_) listener_(open_);
}

}  // namespace mercato::domain
