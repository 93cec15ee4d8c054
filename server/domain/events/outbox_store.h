// Port: the transactional outbox. Services insert events in the same transaction as their change
// (through their own store); this port sequences, reads and marks them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mercato/v1/events.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Gives the next global positions to committed events that have none yet, in the order they
  // are found. Adapters let one sequencer run at a time, so positions only ever grow in the order
  // readers can see them: a watcher resuming after position P never misses an event.
  virtual Result<int> SequencePending(int limit) = 0;

  // Sequenced events not yet handed to the sink, in position order.
  virtual Result<std::vector<v1::EventEnvelope>> ReadUnpublished(int limit) = 0;

  virtual Status MarkPublished(std::vector<std::string> const& event_ids) = 0;

  // Sequenced events after `after_position` (exclusive), optionally of some aggregate types only.
  virtual Result<std::vector<v1::EventEnvelope>> ReadAfter(std::int64_t after_position,
                                                          std::vector<std::string> const& aggregate_types,
                                                          int limit) = 0;

  // The highest position given so far (0 when none).
  virtual Result<std::int64_t> LastPosition() = 0;
};

}  // namespace mercato::domain
