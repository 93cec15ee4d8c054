// Port: where the outbox relay delivers committed events (Kafka in production, in-process
// subscribers in embedded mode). Publish returns only once the sink has them durably.
#pragma once

#include <vector>

#include "mercato/v1/events.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual Status Publish(std::vector<v1::EventEnvelope> const& events) = 0;
};

}  // namespace mercato::domain
