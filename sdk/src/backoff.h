// Exponential backoff with full jitter: the n-th delay is uniform in [0, cap_n] where
// cap_n = min(max_backoff, initial_backoff * multiplier^(n-1)).
#pragma once

#include <chrono>

#include "mercato/options.h"

namespace mercato::internal {

class FullJitterBackoff {
 public:
  explicit FullJitterBackoff(RetryPolicy const& policy);

  // The next delay; each call raises the cap.
  std::chrono::milliseconds NextDelay();
  // Back to the first cap (after progress, e.g. a stream that delivered events).
  void Reset();

 private:
  RetryPolicy policy_;
  double cap_ms_;
};

}  // namespace mercato::internal
