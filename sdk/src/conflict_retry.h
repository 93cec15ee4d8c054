// Re-read-and-resend after optimistic-concurrency conflicts, for the client calls that offer it
// (never by default: only the caller knows whether a change still makes sense at a newer version),
// blocking and asynchronous over one policy.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include "mercato/completion.h"
#include "mercato/options.h"
#include "mercato/status.h"
#include "sdk/src/retry_pacer.h"

namespace mercato::internal {

// Another writer changed the entity between the caller's read and its write.
inline bool IsVersionConflict(Status const& status) {
  return status.code() == StatusCode::kAborted && status.reason() == "VERSION_MISMATCH";
}

// After a round ended with `status`: the wait before the next round, or nullopt when it is the
// result (success, another failure, or the last round lost too).
inline std::optional<std::chrono::milliseconds> ConflictRetryDelay(RetryPacer& pacer, Status const& status) {
  if (!IsVersionConflict(status)) return std::nullopt;
  return pacer.NextDelay(status);
}

// Runs `round(n)` for n = 1, 2, ... (each a whole read-then-write returning a StatusOr) until one
// does not lose a version race, at most policy.max_attempts rounds, sleeping full-jitter backoff
// between them (a server retry hint wins). Returns the last round's result.
template <typename Round>
auto RetryOnVersionConflict(RetryPolicy const& policy, Sleeper const& sleeper, Round round) -> decltype(round(1)) {
  RetryPacer pacer(policy);
  for (int n = 1;; ++n) {
    auto result = round(n);
    auto const delay = ConflictRetryDelay(pacer, result.status());
    if (!delay) return result;
    sleeper(*delay);
  }
}

// The rounds of AsyncRetryOnVersionConflict, owned by the completion of the round in flight (then
// by the retry timer's callback).
template <typename T>
class ConflictRounds final : public std::enable_shared_from_this<ConflictRounds<T>> {
 public:
  using Round = std::function<void(int, Completion<T>)>;

  ConflictRounds(RetryPolicy const& policy, RetryTimer timer, Round round, Completion<T> done)
      : pacer_(policy), timer_(std::move(timer)), round_(std::move(round)), done_(std::move(done)) {}

  void Start(int n) {
    round_(n, [self = this->shared_from_this(), n](StatusOr<T> result) {
      auto const delay = ConflictRetryDelay(self->pacer_, result.status());
      if (!delay) return self->done_(std::move(result));
      self->timer_(*delay, [self, n] { self->Start(n + 1); });
    });
  }

 private:
  RetryPacer pacer_;
  RetryTimer const timer_;
  Round const round_;
  Completion<T> const done_;
};

// The same on the asynchronous path: `round(n, done)` starts round n and completes `done` with its
// result; the wait between rounds is scheduled on `timer`. `done` gets the last round's result.
template <typename T>
void AsyncRetryOnVersionConflict(RetryPolicy const& policy, RetryTimer timer,
                                 typename ConflictRounds<T>::Round round, Completion<T> done) {
  std::make_shared<ConflictRounds<T>>(policy, std::move(timer), std::move(round), std::move(done))->Start(1);
}

}  // namespace mercato::internal
