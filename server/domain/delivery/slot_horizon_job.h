// The scheduled job that keeps every active zone with a slot template supplied with slots a
// horizon ahead (mercatod --slot-horizon-days). Every instance schedules it; a lease lock lets one
// run at a time, and its writes carry the lease's fencing token, so a holder that stalled past its
// lease cannot write after the next one. Slots already there are skipped (the unique zone + start
// key), so even two runs at once would create each window once.
#pragma once

#include <chrono>

#include "server/domain/delivery/slots.h"
#include "server/domain/delivery/zone_store.h"
#include "server/domain/error.h"
#include "server/domain/lease_lock.h"

namespace mercato::domain {

class SlotHorizonJob {
 public:
  static constexpr char kLockName[] = "delivery.slot-horizon";

  SlotHorizonJob(ZoneStore& zones, Slots& slots, LeaseLock& lock, std::chrono::hours horizon,
                 std::chrono::milliseconds lease = std::chrono::minutes(5))
      : zones_(zones), slots_(slots), lock_(lock), horizon_(horizon), lease_(lease) {}

  // Slots created by this run; nullopt when another instance holds the lease.
  Result<std::optional<int>> RunOnce();

 private:
  ZoneStore& zones_;
  Slots& slots_;
  LeaseLock& lock_;
  std::chrono::hours horizon_;
  std::chrono::milliseconds lease_;
};

}  // namespace mercato::domain
