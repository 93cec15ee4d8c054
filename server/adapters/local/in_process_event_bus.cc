// Delivery to subscribers; a subscriber that throws does not stop the others.
#include "server/adapters/local/in_process_event_bus.h"

#include <spdlog/spdlog.h>

namespace mercato::adapters {

void InProcessEventBus::Subscribe(Subscriber subscriber) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(std::move(subscriber));
}

domain::Status InProcessEventBus::Publish(std::vector<v1::EventEnvelope> const& events) {
  std::lock_guard lock(mutex_);
  for (auto const& event : events) {
    for (auto const& subscriber : subscribers_) {
      try {
        subscriber(event);
      } catch (std::exception const& e) {
        spdlog::error("event subscriber failed on {} {}: {}", event.event_type(), event.event_id(), e.what());
      }
    }
  }
  return domain::Ok();
}

}  // namespace mercato::adapters
