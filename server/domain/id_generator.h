// Port: new opaque identifiers (time-ordered, so that ids sort roughly by creation).
#pragma once

#include <string>

namespace mercato::domain {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual std::string NewId() = 0;
};

}  // namespace mercato::domain
