// The embedded event sink: hands each published event to in-process subscribers, synchronously
// and in order (the outbox relay is their single caller).
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "server/domain/events/event_sink.h"

namespace mercato::adapters {

class InProcessEventBus final : public domain::EventSink {
 public:
  using Subscriber = std::function<void(v1::EventEnvelope const&)>;

  void Subscribe(Subscriber subscriber);
  domain::Status Publish(std::vector<v1::EventEnvelope> const& events) override;

 private:
  std::mutex mutex_;
  std::vector<Subscriber> subscribers_;
};

}  // namespace mercato::adapters
