// Port: a named lock held by one instance at a time for a lease, granted with a fencing token that
// grows with every grant (Redis when configured, in process when embedded). A token is never below
// the clock's microseconds since the epoch, so that it still grows when the lock forgot its tokens
// (the process restarted, Redis lost its data): the store keeps the highest token it took, and
// would otherwise refuse every write until the new tokens caught up. A holder that stalls
// past its lease and wakes up carries an older token than the next holder, and a store that checks
// tokens refuses its writes. The lock only saves duplicate work; the database stays the truth.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "server/domain/error.h"

namespace mercato::domain {

struct Lease {
  std::string name;
  std::string owner;  // random per grant, so that only this grant's holder releases it
  std::int64_t fencing_token = 0;
};

class LeaseLock {
 public:
  virtual ~LeaseLock() = default;
  // The lease, or nullopt while another holder has it. UNAVAILABLE when the lock's backend is away.
  virtual Result<std::optional<Lease>> TryAcquire(std::string const& name, std::chrono::milliseconds lease) = 0;
  // Lets go early; a lease that already ran out (and maybe went to another holder) is left alone.
  virtual void Release(Lease const& lease) = 0;
  // A store refused this lock's token because it has taken `token` (granted before a restart with
  // the clock set back): later grants of `name` are above it. Best effort, like Release.
  virtual void RaiseTokens(std::string const& name, std::int64_t token) = 0;
};

}  // namespace mercato::domain
