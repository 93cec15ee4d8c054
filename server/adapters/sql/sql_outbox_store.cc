// Outbox rows: inserted unsequenced by writers, given positions by one sequencer at a time, read
// in position order by the relay and by WatchChanges.
#include "server/adapters/sql/sql_outbox_store.h"

#include <absl/strings/escaping.h>
#include <google/protobuf/util/time_util.h>

#include <nlohmann/json.hpp>

#include "mercato/v1/catalog.pb.h"
#include "server/adapters/sql/proto_json.h"

namespace mercato::adapters {
namespace {

// Arbitrary constants shared by every mercatod: the keys of the sequencer's and the publisher's
// advisory locks.
constexpr char kLockSequencer[] = "SELECT pg_advisory_xact_lock(7236010402)";
constexpr char kTryClaimPublisher[] =
    "SELECT CASE WHEN pg_try_advisory_xact_lock(7236010403) THEN 1 ELSE 0 END AS claimed";

// Numbers the oldest unsequenced rows after the highest position, in insertion (id) order.
constexpr char kSequence[] = R"sql(
UPDATE outbox SET position = numbered.next_position
FROM (SELECT id,
             (SELECT COALESCE(MAX(position), 0) FROM outbox) + row_number() OVER (ORDER BY id) AS next_position
      FROM outbox WHERE position IS NULL ORDER BY id LIMIT CAST($1 AS BIGINT)) AS numbered
WHERE outbox.id = numbered.id)sql";

// What Envelopes reads. The JSON copy only for a row written before envelope_proto existed:
// PostgreSQL prints jsonb back as text for every row it returns.
constexpr char kEnvelopeColumns[] =
    "position, CASE WHEN envelope_proto IS NULL THEN envelope END AS envelope, envelope_proto";

domain::Result<std::vector<v1::EventEnvelope>> Envelopes(SqlRows const& rows) {
  std::vector<v1::EventEnvelope> events;
  events.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto position = GetInt64(rows, i, "position");
    if (!position) return position.error();
    auto encoded = GetText(rows, i, "envelope_proto");
    if (!encoded) return encoded.error();
    v1::EventEnvelope event;
    if (!encoded->empty()) {
      std::string bytes;
      if (!absl::Base64Unescape(*encoded, &bytes) || !event.ParseFromString(bytes)) {
        return domain::Internal("outbox event at position " + std::to_string(*position) + " does not parse");
      }
    } else {  // written before envelope_proto existed
      auto json = GetText(rows, i, "envelope");
      if (!json) return json.error();
      auto parsed = ParseJson<v1::EventEnvelope>(*json);
      if (!parsed) return parsed.error();
      event = *std::move(parsed);
    }
    event.set_position(*position);
    events.push_back(std::move(event));
  }
  return events;
}

// The `envelope` column: the envelope without its payload, in protobuf JSON's field names and
// forms (int64 and timestamps as strings), for people and queries in psql. Built with nlohmann
// rather than protobuf's JSON printer, which cost a fifth of mercatod's CPU per hot-slot booking
// (protobuf 3.21 resolves every message type anew per call, the payload's included).
std::string DescribedEnvelope(v1::EventEnvelope const& event) {
  nlohmann::json headers = nlohmann::json::object();
  for (auto const& [name, value] : event.headers()) headers[name] = value;
  nlohmann::json const described = {
      {"event_id", event.event_id()},
      {"event_type", event.event_type()},
      {"aggregate_type", event.aggregate_type()},
      {"aggregate_id", event.aggregate_id()},
      {"sequence", std::to_string(event.sequence())},
      {"occurred_at", google::protobuf::util::TimeUtil::ToString(event.occurred_at())},
      {"headers", std::move(headers)},
  };
  return described.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Placeholders(SqlParamList& params, std::vector<std::string> const& values, std::size_t begin,
                         std::size_t end) {
  std::string list;
  for (std::size_t i = begin; i < end; ++i) list += (list.empty() ? "" : ", ") + params.Add(values[i]);
  return list;
}

// The sequenced events after the published cursor, oldest first.
domain::Result<std::vector<v1::EventEnvelope>> ReadUnpublished(SqlSession& session, int limit) {
  auto rows = session.Exec(
      std::string("SELECT ") + kEnvelopeColumns +
          " FROM outbox WHERE position > (SELECT position FROM outbox_cursors WHERE name = 'published') ORDER BY position LIMIT CAST($1 AS BIGINT)",
      {std::to_string(limit)});
  if (!rows) return rows.error();
  return Envelopes(*rows);
}

domain::Status MarkPublishedThrough(SqlSession& session, std::int64_t position) {
  auto marked = session.Exec(
      "UPDATE outbox_cursors SET position = CAST($1 AS BIGINT) WHERE name = 'published' AND position < CAST($1 AS BIGINT)",
      {std::to_string(position)});
  if (!marked) return marked.error();
  return domain::Ok();
}

// Publishes `pending` and, when the sink took it, moves the published cursor with `mark(last position)`.
template <typename Mark>
domain::Result<int> PublishAndMark(std::vector<v1::EventEnvelope> const& pending,
                                   domain::OutboxStore::Publish const& publish, Mark&& mark) {
  if (pending.empty()) return 0;
  if (auto published = publish(pending); !published) return published.error();
  if (auto marked = mark(pending.back().position()); !marked) return marked.error();
  return static_cast<int>(pending.size());
}

}  // namespace

domain::Result<std::optional<SqlStatement>> OutboxAppendStatement(SqlSession& session,
                                                                 std::span<v1::EventEnvelope const> events) {
  if (events.empty()) return std::optional<SqlStatement>();
  SqlParamList params;
  std::string values;
  for (auto const& event : events) {
    // The position column is the truth; the stored envelope never carries one.
    v1::EventEnvelope stored = event;
    stored.clear_position();
    if (!values.empty()) values += ", ";
    values += "(" + params.Add(event.event_id()) + ", " + params.Add(event.aggregate_type()) + ", " +
              params.Add(event.aggregate_id()) + ", " + params.Add(event.event_type()) + ", " + params.Add(DescribedEnvelope(stored)) +
              ", " + params.Add(absl::Base64Escape(stored.SerializeAsString())) + ", " +
              params.AddInt(google::protobuf::util::TimeUtil::TimestampToMicroseconds(event.occurred_at())) + ")";
  }
  session.NoteOutboxAppend();
  return std::optional<SqlStatement>(SqlStatement{"INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, envelope, envelope_proto, "
                      "occurred_at_us) VALUES " + values,
                      params.params()});
}

domain::Status AppendToOutbox(SqlSession& session, std::span<v1::EventEnvelope const> events) {
  auto statement = OutboxAppendStatement(session, events);
  if (!statement) return statement.error();
  if (!*statement) return domain::Ok();
  if (auto inserted = session.Exec(**statement); !inserted) return inserted.error();
  return domain::Ok();
}

domain::Status AppendToOutbox(SqlSession& session, v1::EventEnvelope const& event) {
  return AppendToOutbox(session, std::span(&event, 1));
}

SqlOutboxStore::SqlOutboxStore(SqlDatabase& db) : db_(db) {
  // Catalog payloads (ProductUpdated, CategoryUpdated) are catalog.proto types that events.proto
  // does not import: naming one links their descriptors in, so that their JSON parses here too.
  (void)v1::ProductUpdated::descriptor();
}

domain::Result<int> SqlOutboxStore::SequencePending(int limit) {
  return InTransaction(db_, [&](SqlSession& session) -> domain::Result<int> {
    // SQLite: BEGIN IMMEDIATE already holds the only write lock.
    if (session.dialect() == SqlDialect::kPostgres) {
      if (auto locked = session.Exec(kLockSequencer); !locked) return locked.error();
    }
    auto sequenced = session.Exec(kSequence, {std::to_string(limit)});
    if (!sequenced) return sequenced.error();
    if (sequenced->affected > 0 && session.dialect() == SqlDialect::kPostgres) {
      // Delivered at commit to every instance that LISTENs: their change streams read now.
      auto notified = session.Exec(std::string("SELECT pg_notify('") + kOutboxSequencedChannel + "', '')");
      if (!notified) return notified.error();
    }
    return static_cast<int>(sequenced->affected);
  });
}

domain::Result<int> SqlOutboxStore::PublishPending(int limit, Publish const& publish) {
  if (db_.dialect() == SqlDialect::kSqlite) {
    // One instance per database file (the data-dir lock), so nothing to claim; and no write lock
    // is held while the sink publishes, which may wait on a broker.
    auto pending = InRead(db_, [&](SqlSession& session) { return ReadUnpublished(session, limit); });
    if (!pending) return pending.error();
    return PublishAndMark(*pending, publish, [&](std::int64_t position) {
      return db_.Transaction([&](SqlSession& session) { return MarkPublishedThrough(session, position); });
    });
  }
  // The claim is the advisory lock, held until this transaction ends: a relay that dies while
  // publishing releases it with its connection, and the next claimant publishes the batch again.
  return InTransaction(db_, [&](SqlSession& session) -> domain::Result<int> {
    auto claimed = session.Exec(kTryClaimPublisher);
    if (!claimed) return claimed.error();
    auto holds = GetInt64(*claimed, 0, "claimed");
    if (!holds) return holds.error();
    if (*holds == 0) return 0;
    auto pending = ReadUnpublished(session, limit);
    if (!pending) return pending.error();
    return PublishAndMark(*pending, publish,
                          [&](std::int64_t position) { return MarkPublishedThrough(session, position); });
  });
}

domain::Result<std::vector<v1::EventEnvelope>> SqlOutboxStore::ReadAfter(
    std::int64_t after_position, std::vector<std::string> const& aggregate_types, int limit) {
  SqlParamList params;
  std::string sql =
      std::string("SELECT ") + kEnvelopeColumns + " FROM outbox WHERE position > " + params.AddInt(after_position);
  if (!aggregate_types.empty()) {
    sql += " AND aggregate_type IN (" + Placeholders(params, aggregate_types, 0, aggregate_types.size()) + ")";
  }
  sql += " ORDER BY position LIMIT " + params.AddInt(limit);
  return InRead(db_, [&](SqlSession& session) -> domain::Result<std::vector<v1::EventEnvelope>> {
    auto rows = session.Exec(sql, params.params());
    if (!rows) return rows.error();
    return Envelopes(*rows);
  });
}

domain::Result<std::int64_t> SqlOutboxStore::LastPosition() {
  return InRead(db_, [&](SqlSession& session) -> domain::Result<std::int64_t> {
    auto rows = session.Exec("SELECT COALESCE(MAX(position), 0) AS last_position FROM outbox");
    if (!rows) return rows.error();
    return GetInt64(*rows, 0, "last_position");
  });
}

}  // namespace mercato::adapters

