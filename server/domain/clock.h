// Port: the current time, injectable so that expiry and ordering rules are testable.
#pragma once

#include <chrono>
#include <cstdint>

namespace mercato::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() = 0;

  std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Now().time_since_epoch()).count();
  }
};

}  // namespace mercato::domain
