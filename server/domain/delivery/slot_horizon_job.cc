#include "server/domain/delivery/slot_horizon_job.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdint>

namespace mercato::domain {

Result<std::optional<int>> SlotHorizonJob::RunOnce() {
  auto lease = lock_.TryAcquire(kLockName, lease_);
  if (!lease) return lease.error();
  if (!*lease) return std::optional<int>();
  int created = 0;
  auto zones = zones_.ActiveZones();
  Status outcome = Ok();
  if (!zones) outcome = zones.error();
  for (auto const& zone : zones ? zones->zones : std::vector<v1::Zone>()) {
    if (!zone.has_slot_template()) continue;
    auto made = slots_.ExtendFromTemplate(zone, horizon_, WriteFence{kLockName, (*lease)->fencing_token});
    if (!made) {  // one zone's failure must not starve the others
      spdlog::warn("slot horizon job: zone {}: {}", zone.id(), made.error().message);
      if (made.error().reason == "STALE_FENCING_TOKEN") {
        // Tokens from before a restart with the clock set back: the next grants go above them.
        auto const& metadata = made.error().metadata;
        if (auto newest = metadata.find("newest_token"); newest != metadata.end()) {
          std::int64_t token = 0;
          auto const& text = newest->second;
          if (std::from_chars(text.data(), text.data() + text.size(), token).ec == std::errc()) {
            lock_.RaiseTokens(kLockName, token);
          }
        }
        break;
      }
      outcome = made.error();
      continue;
    }
    created += made->slots_size();
  }
  lock_.Release(**lease);
  if (!outcome) return outcome.error();
  if (created > 0) spdlog::info("slot horizon job: created {} slots", created);
  return std::optional<int>(created);
}

}  // namespace mercato::domain
