// The real wall clock, for production wiring.
#pragma once

#include "server/domain/clock.h"

namespace mercato::adapters {

class SystemClock final : public domain::Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return std::chrono::system_clock::now(); }
};

}  // namespace mercato::adapters
