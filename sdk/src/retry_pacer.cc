// Attempt counting and the choice between the server's retry hint and backoff.
#include "sdk/src/retry_pacer.h"

namespace mercato::internal {

RetryPacer::RetryPacer(RetryPolicy const& policy) : max_attempts_(policy.max_attempts), backoff_(policy) {}

std::optional<std::chrono::milliseconds> RetryPacer::NextDelay(Status const& failure) {
  if (attempts_ >= max_attempts_) return std::nullopt;
  ++attempts_;
  if (auto const hint = failure.retry_after()) {
    // A server asking for more than a minute is not retried: the caller gets the error, with its
    // retry_after, and decides (a call that slept an hour on a hint would outlive its caller).
    constexpr std::chrono::minutes kLongestHonouredHint{1};
    if (*hint > kLongestHonouredHint) return std::nullopt;
    return *hint;
  }
  return backoff_.NextDelay();
}

}  // namespace mercato::internal
