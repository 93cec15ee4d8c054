// Port: the transactional outbox. Services insert events in the same transaction as their change
// (through their own store); this port sequences, reads and marks them.
#pragma once

#include <cstdint>
#include <functional>
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

  // Hands the oldest sequenced events not yet published (position order, at most `limit`) to
  // `publish`, and marks them published when it succeeds; returns how many. Adapters let one
  // publisher at a time claim this step across every instance (PostgreSQL: an advisory lock held
  // for the step), so that each event goes out from one relay, in position order: an event is
  // published twice only when its instance dies between publishing and marking. Returns 0 without
  // calling `publish` while another instance holds the claim.
  using Publish = std::function<Status(std::vector<v1::EventEnvelope> const& events)>;
  virtual Result<int> PublishPending(int limit, Publish const& publish) = 0;

  // Sequenced events after `after_position` (exclusive), optionally of some aggregate types only.
  virtual Result<std::vector<v1::EventEnvelope>> ReadAfter(std::int64_t after_position,
                                                          std::vector<std::string> const& aggregate_types,
                                                          int limit) = 0;

  // The highest position given so far (0 when none).
  virtual Result<std::int64_t> LastPosition() = 0;
};

}  // namespace mercato::domain
