// A Clock that only moves when a test says so, for TTL tests that take no wall time.
#pragma once

#include <atomic>
#include <chrono>

#include "mercato/clock.h"

namespace mercato::testing {

class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(now_ns_.load()));
  }
  void Advance(std::chrono::nanoseconds d) { now_ns_ += d.count(); }

 private:
  std::atomic<std::chrono::nanoseconds::rep> now_ns_{1'000'000'000};
};

}  // namespace mercato::testing
