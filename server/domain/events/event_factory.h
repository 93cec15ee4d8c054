// Builds outbox event envelopes the same way for every domain.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/util/time_util.h>

#include <cstdint>
#include <map>
#include <string>

#include "mercato/v1/events.pb.h"

namespace mercato::domain {

struct EventContext {
  std::string event_id;    // from the IdGenerator
  std::int64_t occurred_at_us = 0;
  std::string request_id;  // the causing call's idempotency key, may be empty
  std::string actor;       // who made the change
};

inline v1::EventEnvelope MakeEvent(EventContext const& context, std::string event_type, std::string aggregate_type,
                                   std::string aggregate_id, std::int64_t sequence,
                                   google::protobuf::Message const& payload) {
  v1::EventEnvelope event;
  event.set_event_id(context.event_id);
  event.set_event_type(std::move(event_type));
  event.set_aggregate_type(std::move(aggregate_type));
  event.set_aggregate_id(std::move(aggregate_id));
  event.set_sequence(sequence);
  *event.mutable_occurred_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(context.occurred_at_us);
  event.mutable_payload()->PackFrom(payload);
  if (!context.request_id.empty()) (*event.mutable_headers())["request_id"] = context.request_id;
  if (!context.actor.empty()) (*event.mutable_headers())["actor"] = context.actor;
  return event;
}

}  // namespace mercato::domain
