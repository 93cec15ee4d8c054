// Zones as JSON documents with their name, state and version in columns; postcode patterns one
// row each, keyed by pattern; a generation bumped by every zone write.
#include "server/adapters/sql/sql_zone_store.h"

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_values.h"

namespace mercato::adapters {
namespace {

using domain::Result;
using domain::Status;

Result<v1::Zone> ZoneFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Zone>(*document);
}

domain::Error PostcodeTaken(std::string const& pattern) {
  return {domain::ErrorKind::kAlreadyExists,
          "POSTCODE_TAKEN",
          pattern.empty() ? "another zone took one of these postcode patterns meanwhile; read the zones and retry"
                          : "postcode pattern \"" + domain::Echo(pattern) +
                                "\" belongs to another zone; remove it there first (a pattern serves one zone)",
          {{"pattern", domain::Echo(pattern)}}};
}

Status BumpGeneration(SqlSession& session) {
  auto bumped = session.Exec("UPDATE zone_generation SET generation = generation + 1 WHERE id = 1");
  if (!bumped) return bumped.error();
  return domain::Ok();
}

// Gives `zone_id` exactly `keys` as its patterns; one another zone holds is POSTCODE_TAKEN.
Status WritePatterns(SqlSession& session, std::string const& zone_id, std::vector<std::string> const& keys) {
  auto cleared = session.Exec("DELETE FROM zone_postcodes WHERE zone_id = $1", {zone_id});
  if (!cleared) return cleared.error();
  if (keys.empty()) return domain::Ok();
  SqlParamList taken_params;
  std::string in;
  for (auto const& key : keys) in += (in.empty() ? "" : ", ") + taken_params.Add(key);
  auto taken = session.Exec("SELECT pattern FROM zone_postcodes WHERE pattern IN (" + in + ") ORDER BY pattern LIMIT 1",
                            taken_params.params());
  if (!taken) return taken.error();
  if (!taken->empty()) {
    auto pattern = GetText(*taken, 0, "pattern");
    return PostcodeTaken(pattern ? *pattern : "");
  }
  SqlParamList params;
  std::string values;
  for (auto const& key : keys) {
    values += (values.empty() ? "(" : ", (") + params.Add(key) + ", " + params.Add(zone_id) + ")";
  }
  auto inserted = session.Exec("INSERT INTO zone_postcodes (pattern, zone_id) VALUES " + values, params.params());
  if (!inserted) {
    if (IsUniqueViolation(inserted.error(), "zone_postcodes", "pattern")) return PostcodeTaken("");
    return inserted.error();
  }
  return domain::Ok();
}

// The zone's version when it exists and is not deleted, locked for the rest of the transaction.
Result<std::optional<std::int64_t>> LockZone(SqlSession& session, std::string const& id) {
  auto rows = session.Exec("SELECT version FROM zones WHERE id = $1 AND NOT deleted" + RowLock(session, "FOR UPDATE"),
                           {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::int64_t>();
  auto version = GetInt64(*rows, 0, "version");
  if (!version) return version.error();
  return std::optional<std::int64_t>(*version);
}

}  // namespace

Result<std::optional<v1::Zone>> SqlZoneStore::FindZone(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec("SELECT document FROM zones WHERE id = $1 AND NOT deleted", {id}), &ZoneFromRow);
  });
}

Result<std::vector<v1::Zone>> SqlZoneStore::ListZones(domain::ZoneQuery const& query) {
  SqlParamList params;
  std::string sql = "SELECT document FROM zones WHERE NOT deleted";
  if (query.active_only) sql += " AND active";
  if (query.after) {
    auto const name = params.Add(query.after->text);
    auto const id = params.Add(query.after->id);
    sql += " AND (name > " + name + " OR (name = " + name + " AND id > " + id + "))";
  }
  sql += " ORDER BY name, id LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &ZoneFromRow); });
}

Result<std::int64_t> SqlZoneStore::ZoneGeneration() {
  return InRead(db_, [&](SqlSession& session) -> Result<std::int64_t> {
    auto rows = session.Exec("SELECT generation FROM zone_generation WHERE id = 1");
    if (!rows) return rows.error();
    return GetInt64(*rows, 0, "generation");
  });
}

Result<domain::ZoneSnapshot> SqlZoneStore::ActiveZones() {
  // One transaction, so that the generation matches the zones read with it.
  return InTransaction(db_, [&](SqlSession& session) -> Result<domain::ZoneSnapshot> {
    auto rows = session.Exec("SELECT generation FROM zone_generation WHERE id = 1");
    if (!rows) return rows.error();
    auto generation = GetInt64(*rows, 0, "generation");
    if (!generation) return generation.error();
    auto zones = AllRows(session.Exec("SELECT document FROM zones WHERE active AND NOT deleted ORDER BY id"), &ZoneFromRow);
    if (!zones) return zones.error();
    return domain::ZoneSnapshot{*generation, *std::move(zones)};
  });
}

Result<v1::Zone> SqlZoneStore::InsertZone(domain::ZoneWrite const& write) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Zone>(session, write.idempotency, now_us, [&]() -> Result<v1::Zone> {
      auto document = ToJson(write.zone);
      if (!document) return document.error();
      auto inserted = session.Exec(
          "INSERT INTO zones (id, name, active, version, document) VALUES ($1, $2, $3, CAST($4 AS BIGINT), $5)",
          {write.zone.id(), write.zone.name(), write.zone.active() ? "1" : "0", std::to_string(write.zone.version()),
           *document});
      if (!inserted) return inserted.error();
      if (auto patterns = WritePatterns(session, write.zone.id(), write.postcode_keys); !patterns) return patterns.error();
      if (auto bumped = BumpGeneration(session); !bumped) return bumped.error();
      return write.zone;
    });
  });
}

Result<v1::Zone> SqlZoneStore::UpdateZone(domain::ZoneWrite const& write, std::int64_t expected_version) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Zone>(session, write.idempotency, now_us, [&]() -> Result<v1::Zone> {
      auto version = LockZone(session, write.zone.id());
      if (!version) return version.error();
      if (!*version) return domain::NotFound("zone", write.zone.id());
      if (**version != expected_version) {
        return domain::VersionMismatch("zone", write.zone.id(), expected_version, **version);
      }
      auto document = ToJson(write.zone);
      if (!document) return document.error();
      auto updated = session.Exec(
          "UPDATE zones SET name = $2, active = $3, version = CAST($4 AS BIGINT), document = $5 WHERE id = $1",
          {write.zone.id(), write.zone.name(), write.zone.active() ? "1" : "0", std::to_string(write.zone.version()),
           *document});
      if (!updated) return updated.error();
      if (auto patterns = WritePatterns(session, write.zone.id(), write.postcode_keys); !patterns) return patterns.error();
      if (auto bumped = BumpGeneration(session); !bumped) return bumped.error();
      return write.zone;
    });
  });
}

Status SqlZoneStore::DeleteZone(std::string const& id, domain::IdempotencyKey const& idempotency,
                                std::int64_t expected_version, std::int64_t now_us) {
  auto deleted = InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::DeleteZoneResponse>(
        session, idempotency, clock_.NowMicros(), [&]() -> Result<v1::DeleteZoneResponse> {
          auto version = LockZone(session, id);
          if (!version) return version.error();
          if (!*version) return domain::NotFound("zone", id);
          if (**version != expected_version) return domain::VersionMismatch("zone", id, expected_version, **version);
          SqlParamList params;
          auto const zone = params.Add(id);
          auto const now = params.AddInt(now_us);
          // Every future slot locked, so that no claim can land on one between the check and the delete.
          auto future = session.Exec("SELECT id, booked, held FROM slots WHERE zone_id = " + zone + " AND start_us > " +
                                         now + " ORDER BY id" + RowLock(session, "FOR UPDATE"),
                                     params.params());
          if (!future) return future.error();
          bool in_use = false;
          for (std::size_t i = 0; i < future->size(); ++i) {
            SqlRowReader row(*future, i);
            in_use = in_use || row.Int64("booked") > 0 || row.Int64("held") > 0;
            if (row.error()) return *row.error();
          }
          if (in_use) {
            return domain::Error{domain::ErrorKind::kFailedPrecondition, "ZONE_IN_USE",
                                 "zone '" + id + "' has future slots with bookings or holds; release them or let them "
                                 "pass, or set the zone inactive to stop new orders",
                                 {}};
          }
          auto unused = session.Exec(
              "DELETE FROM slots WHERE zone_id = " + zone + " AND start_us > " + now +
                  " AND NOT EXISTS (SELECT 1 FROM slot_bookings b WHERE b.slot_id = slots.id)"
                  " AND NOT EXISTS (SELECT 1 FROM slot_holds h WHERE h.slot_id = slots.id)"
                  " AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.slot_id = slots.id)",
              params.params());
          if (!unused) return unused.error();
          if (auto patterns = WritePatterns(session, id, {}); !patterns) return patterns.error();
          auto marked = session.Exec("UPDATE zones SET deleted = $2, active = $3, version = version + 1 WHERE id = $1",
                                     {id, "1", "0"});
          if (!marked) return marked.error();
          if (auto bumped = BumpGeneration(session); !bumped) return bumped.error();
          return v1::DeleteZoneResponse();
        });
  });
  if (!deleted) return deleted.error();
  return domain::Ok();
}

}  // namespace mercato::adapters
