// Port: where delivery zones live (SQLite embedded, PostgreSQL schema `delivery` in production).
// A zone's postcode patterns are also kept one per row with the pattern as key, so that two zones
// can never both claim one pattern, whichever instances write them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/delivery.pb.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

// ListZones: by (name, id); `after` holds (0, name, id).
struct ZoneQuery {
  bool active_only = false;
  std::optional<SortKey> after;
  int limit = 50;
};

// A zone to save with its postcode keys (PostcodeKey of each pattern).
struct ZoneWrite {
  v1::Zone zone;
  std::vector<std::string> postcode_keys;
  IdempotencyKey idempotency;
};

// Every active zone and the generation they were read at.
struct ZoneSnapshot {
  std::int64_t generation = 0;
  std::vector<v1::Zone> zones;
};

class ZoneStore {
 public:
  virtual ~ZoneStore() = default;

  // nullopt for a zone that never existed or was deleted.
  virtual Result<std::optional<v1::Zone>> FindZone(std::string const& id) = 0;
  virtual Result<std::vector<v1::Zone>> ListZones(ZoneQuery const& query) = 0;
  // A number every zone write moves, read first so that a cached index is rebuilt only on change.
  virtual Result<std::int64_t> ZoneGeneration() = 0;
  virtual Result<ZoneSnapshot> ActiveZones() = 0;

  // A pattern another zone holds: ALREADY_EXISTS POSTCODE_TAKEN naming it. Writes bump the
  // generation. A replay of `idempotency` returns the first response.
  virtual Result<v1::Zone> InsertZone(ZoneWrite const& write) = 0;
  // NOT_FOUND when missing or deleted; ABORTED VERSION_MISMATCH when not at `expected_version`.
  virtual Result<v1::Zone> UpdateZone(ZoneWrite const& write, std::int64_t expected_version) = 0;
  // Marks the zone deleted, frees its patterns and deletes its slots that start after `now_us`
  // and were never booked or held. FAILED_PRECONDITION ZONE_IN_USE when such a slot has active
  // bookings or holds (nothing changes then).
  virtual Status DeleteZone(std::string const& id, IdempotencyKey const& idempotency, std::int64_t expected_version,
                            std::int64_t now_us) = 0;
};

}  // namespace mercato::domain
