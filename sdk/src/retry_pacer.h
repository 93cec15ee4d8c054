// RetryPacer: how many attempts a call may still make and how long to wait before each, shared by
// every retry loop (unary calls, blocking and asynchronous, and the version-conflict rounds).
#pragma once

#include <chrono>
#include <optional>

#include "mercato/options.h"
#include "mercato/status.h"
#include "sdk/src/backoff.h"

namespace mercato::internal {

class RetryPacer {
 public:
  explicit RetryPacer(RetryPolicy const& policy);

  // After a failed attempt that may be retried: the wait before the next one, the server's retry
  // hint when `failure` carries one (it wins over the policy), else full-jitter backoff; nullopt
  // once policy.max_attempts attempts have been made.
  std::optional<std::chrono::milliseconds> NextDelay(Status const& failure);

 private:
  int max_attempts_;
  int attempts_ = 1;
  FullJitterBackoff backoff_;
};

}  // namespace mercato::internal
