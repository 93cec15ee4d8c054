// Publish waits for every message of the batch to be acknowledged (acks=all) before the relay
// marks the batch sent; a failure leaves the rows unsent and the relay retries them.
#include "server/adapters/kafka/kafka_event_sink.h"

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <stdexcept>

namespace mercato::adapters {

class KafkaEventSink::DeliveryTracker final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      std::lock_guard lock(mutex_);
      last_error_ = message.errstr();
      ++failed_;
    }
    ++settled_;
  }

  void Reset() {
    std::lock_guard lock(mutex_);
    settled_ = 0;
    failed_ = 0;
    last_error_.clear();
  }
  int settled() const { return settled_.load(); }
  int failed() const { return failed_.load(); }
  std::string last_error() {
    std::lock_guard lock(mutex_);
    return last_error_;
  }

 private:
  std::atomic<int> settled_{0};
  std::atomic<int> failed_{0};
  std::mutex mutex_;
  std::string last_error_;
};

KafkaEventSink::KafkaEventSink(std::string const& brokers, std::string topic_prefix,
                               std::chrono::milliseconds delivery_timeout)
    : topic_prefix_(std::move(topic_prefix)),
      delivery_timeout_(delivery_timeout),
      tracker_(std::make_unique<DeliveryTracker>()) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  auto set = [&](std::string const& name, std::string const& value) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      throw std::runtime_error("kafka setting " + name + ": " + error);
    }
  };
  set("bootstrap.servers", brokers);
  set("enable.idempotence", "true");
  set("acks", "all");
  set("linger.ms", "5");
  set("message.timeout.ms", std::to_string(delivery_timeout_.count()));
  if (conf->set("dr_cb", tracker_.get(), error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka delivery callback: " + error);
  }
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw std::runtime_error("kafka producer for " + brokers + ": " + error);
}

KafkaEventSink::~KafkaEventSink() {
  if (producer_) producer_->flush(static_cast<int>(delivery_timeout_.count()));
}

std::string KafkaEventSink::Probe(std::chrono::milliseconds timeout) {
  RdKafka::Metadata* raw = nullptr;
  auto const code = producer_->metadata(true, nullptr, &raw, static_cast<int>(timeout.count()));
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (code != RdKafka::ERR_NO_ERROR) return RdKafka::err2str(code);
  return metadata->brokers()->empty() ? "the cluster names no broker" : "";
}

std::string KafkaEventSink::TopicFor(std::string const& prefix, std::string const& event_type) {
  return prefix + event_type.substr(0, event_type.find('.'));
}

domain::Status KafkaEventSink::Publish(std::vector<v1::EventEnvelope> const& events) {
  std::lock_guard lock(publish_mutex_);
  tracker_->Reset();
  int queued = 0;
  for (auto const& event : events) {
    std::string const value = event.SerializeAsString();
    RdKafka::Headers* headers = RdKafka::Headers::create();
    headers->add("event_id", event.event_id());
    headers->add("event_type", event.event_type());
    auto const code = producer_->produce(TopicFor(topic_prefix_, event.event_type()), RdKafka::Topic::PARTITION_UA,
                                         RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(value.data()),
                                         value.size(), event.aggregate_id().data(), event.aggregate_id().size(), 0,
                                         headers, nullptr);
    if (code != RdKafka::ERR_NO_ERROR) {
      delete headers;  // ownership passes to librdkafka only on success
      producer_->flush(static_cast<int>(delivery_timeout_.count()));
      return domain::Unavailable("kafka refused event " + event.event_id() + ": " + RdKafka::err2str(code));
    }
    ++queued;
  }
  auto const deadline = std::chrono::steady_clock::now() + delivery_timeout_ + std::chrono::seconds(1);
  while (tracker_->settled() < queued && std::chrono::steady_clock::now() < deadline) producer_->poll(50);
  if (tracker_->settled() < queued) return domain::Unavailable("kafka did not acknowledge the batch in time");
  if (tracker_->failed() > 0) {
    return domain::Unavailable("kafka failed to store " + std::to_string(tracker_->failed()) +
                               " event(s): " + tracker_->last_error());
  }
  return domain::Ok();
}

}  // namespace mercato::adapters
