// The outbox table: AppendToOutbox is how every SQL store writes an event inside its own
// transaction; SqlOutboxStore is the OutboxStore port over the same table (sequence, read, move the
// published cursor).
#pragma once

#include <optional>
#include <span>

#include "server/adapters/sql/sql_database.h"
#include "server/domain/events/outbox_store.h"

namespace mercato::adapters {

// The PostgreSQL channel SequencePending notifies when it gave positions: every instance that
// listens (PostgresListener) wakes its change streams and its publisher at once.
inline constexpr char kOutboxSequencedChannel[] = "mercato_outbox_sequenced";

// Inserts `event` unsequenced (its position is given later by SequencePending).
domain::Status AppendToOutbox(SqlSession& session, v1::EventEnvelope const& event);
// Inserts `events` with one statement, in order.
domain::Status AppendToOutbox(SqlSession& session, std::span<v1::EventEnvelope const> events);
// That statement, for a pipeline (SqlSession::ExecAll); nullopt when there are no events. The
// session's commit wakes the relay as after AppendToOutbox.
domain::Result<std::optional<SqlStatement>> OutboxAppendStatement(SqlSession& session,
                                                                 std::span<v1::EventEnvelope const> events);

class SqlOutboxStore final : public domain::OutboxStore {
 public:
  explicit SqlOutboxStore(SqlDatabase& db);

  domain::Result<int> SequencePending(int limit) override;
  domain::Result<int> PublishPending(int limit, Publish const& publish) override;
  domain::Result<std::vector<v1::EventEnvelope>> ReadAfter(std::int64_t after_position,
                                                          std::vector<std::string> const& aggregate_types,
                                                          int limit) override;
  domain::Result<std::int64_t> LastPosition() override;

 private:
  SqlDatabase& db_;
};

}  // namespace mercato::adapters
