// Re-read-and-resend after optimistic-concurrency conflicts, for the client calls that offer it
// (never by default: only the caller knows whether a change still makes sense at a newer version).
#pragma once

#include "mercato/options.h"
#include "mercato/status.h"
#include "sdk/src/backoff.h"

namespace mercato::internal {

// Another writer changed the entity between the caller's read and its write.
inline bool IsVersionConflict(Status const& status) {
  return status.code() == StatusCode::kAborted && status.reason() == "VERSION_MISMATCH";
}

// Runs `round(n)` for n = 1, 2, ... (each a whole read-then-write returning a StatusOr) until one
// does not lose a version race, at most policy.max_attempts rounds, sleeping full-jitter backoff
// between them (a server retry hint wins). Returns the last round's result.
template <typename Round>
auto RetryOnVersionConflict(RetryPolicy const& policy, Sleeper const& sleeper, Round round) -> decltype(round(1)) {
  FullJitterBackoff backoff(policy);
  for (int n = 1;; ++n) {
    auto result = round(n);
    if (result.ok() || !IsVersionConflict(result.status()) || n >= policy.max_attempts) return result;
    auto const hint = result.status().retry_after();
    sleeper(hint ? *hint : backoff.NextDelay());
  }
}

}  // namespace mercato::internal
