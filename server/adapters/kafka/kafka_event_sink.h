// The production event sink: an idempotent Kafka producer. Topic "<prefix><family>" where the
// family is the event type's first segment (catalog, order, payment, inventory, user); key = the
// aggregate id so each aggregate's events stay in order; the event id and type ride as headers.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "server/domain/events/event_sink.h"

namespace RdKafka {
class Producer;
}

namespace mercato::adapters {

class KafkaEventSink final : public domain::EventSink {
 public:
  // Throws std::runtime_error when the producer cannot be configured.
  KafkaEventSink(std::string const& brokers, std::string topic_prefix, std::chrono::milliseconds delivery_timeout);
  ~KafkaEventSink() override;

  domain::Status Publish(std::vector<v1::EventEnvelope> const& events) override;

  // Asks the brokers for cluster metadata: "" when one answers within `timeout`, else why not.
  // Start-up uses it so that a wrong --kafka is refused at once rather than found in the outbox lag.
  std::string Probe(std::chrono::milliseconds timeout);

  static std::string TopicFor(std::string const& prefix, std::string const& event_type);

 private:
  class DeliveryTracker;

  std::string topic_prefix_;
  std::chrono::milliseconds delivery_timeout_;
  std::unique_ptr<DeliveryTracker> tracker_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::mutex publish_mutex_;  // one batch in flight, so its delivery count is its own
};

}  // namespace mercato::adapters
