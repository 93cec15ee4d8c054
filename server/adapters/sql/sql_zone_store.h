// The ZoneStore port over SQL (SQLite or PostgreSQL through SqlDatabase).
#pragma once

#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/zone_store.h"

namespace mercato::adapters {

class SqlZoneStore final : public domain::ZoneStore {
 public:
  // `clock` stamps idempotency keys.
  SqlZoneStore(SqlDatabase& db, domain::Clock& clock) : db_(db), clock_(clock) {}

  domain::Result<std::optional<v1::Zone>> FindZone(std::string const& id) override;
  domain::Result<std::vector<v1::Zone>> ListZones(domain::ZoneQuery const& query) override;
  domain::Result<std::int64_t> ZoneGeneration() override;
  domain::Result<domain::ZoneSnapshot> ActiveZones() override;
  domain::Result<v1::Zone> InsertZone(domain::ZoneWrite const& write) override;
  domain::Result<v1::Zone> UpdateZone(domain::ZoneWrite const& write, std::int64_t expected_version) override;
  domain::Status DeleteZone(std::string const& id, domain::IdempotencyKey const& idempotency,
                            std::int64_t expected_version, std::int64_t now_us) override;

 private:
  SqlDatabase& db_;
  domain::Clock& clock_;
};

}  // namespace mercato::adapters
