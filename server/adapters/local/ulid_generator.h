// ULIDs (26 Crockford base-32 characters: 48-bit milliseconds then 80 random bits): unique
// without coordination between instances, and sortable by creation time.
#pragma once

#include "server/domain/clock.h"
#include "server/domain/id_generator.h"

namespace mercato::adapters {

class UlidGenerator final : public domain::IdGenerator {
 public:
  explicit UlidGenerator(domain::Clock& clock) : clock_(clock) {}
  std::string NewId() override;

 private:
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
