// The SlotStore over SQL shared by SQLite and PostgreSQL: slots created and edited, bookings and
// holds changed, and claims queued by slot for group commit (sql_slot_claims.h decides them).
#include "server/adapters/sql/sql_slot_store.h"

#include <google/protobuf/util/time_util.h>

#include <set>
#include <utility>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/sql_error.h"
#include "server/adapters/sql/sql_outbox_store.h"
#include "server/adapters/sql/sql_slot_claims.h"
#include "server/adapters/sql/sql_slot_rows.h"
#include "server/adapters/sql/sql_values.h"
#include "server/domain/delivery/slot_rules.h"
#include "server/domain/timestamp_micros.h"

namespace mercato::adapters {
namespace {

using domain::Result;
using domain::Status;

// Rows per INSERT: 500 slots of 9 values stay far below SQLite's 32766 parameters.
constexpr std::size_t kInsertChunk = 500;

domain::Error SlotExists(std::string const& zone_id) {
  return {domain::ErrorKind::kAlreadyExists, "SLOT_EXISTS",
          "zone '" + zone_id + "' already has a slot starting at one of these times; leave it out, or create the "
          "week from a template, which skips existing windows",
          {}};
}

Status InsertSlotRows(SqlSession& session, std::vector<v1::Slot const*> const& slots, bool skip_existing,
                      std::vector<std::string>& inserted_ids) {
  for (std::size_t begin = 0; begin < slots.size(); begin += kInsertChunk) {
    SqlParamList params;
    std::string values;
    for (std::size_t i = begin; i < std::min(slots.size(), begin + kInsertChunk); ++i) {
      auto const& slot = *slots[i];
      values += std::string(values.empty() ? "(" : ", (") + params.Add(slot.id()) + ", " + params.Add(slot.zone_id()) +
                ", " + params.Add(Micros(slot.start_time())) + ", " + params.Add(Micros(slot.end_time())) + ", " +
                params.Add(Micros(slot.order_cutoff_time())) + ", " + params.AddInt(slot.capacity()) + ", 0, 0, " +
                params.AddInt(slot.version()) + ")";
    }
    auto inserted = session.Exec(std::string("INSERT INTO slots (") + kSlotColumns + ") VALUES " + values +
                                     (skip_existing ? " ON CONFLICT (zone_id, start_us) DO NOTHING" : "") + " RETURNING id",
                                 params.params());
    if (!inserted) {
      if (IsUniqueViolation(inserted.error(), "slots", "zone_id,start_us")) return SlotExists(slots.front()->zone_id());
      return inserted.error();
    }
    for (std::size_t r = 0; r < inserted->size(); ++r) {
      auto id = GetText(*inserted, r, "id");
      if (!id) return id.error();
      inserted_ids.push_back(*id);
    }
  }
  return domain::Ok();
}

// Records `fence` as the newest token of its name, or refuses it when a newer one has written.
Status CheckFence(SqlSession& session, domain::WriteFence const& fence) {
  auto newest = session.Exec(
      "INSERT INTO fencing_tokens (name, token) VALUES ($1, CAST($2 AS BIGINT)) ON CONFLICT (name) DO UPDATE "
      "SET token = excluded.token WHERE fencing_tokens.token <= excluded.token RETURNING token",
      {fence.name, std::to_string(fence.token)});
  if (!newest) return newest.error();
  if (newest->empty()) {
    auto stored = session.Exec("SELECT token FROM fencing_tokens WHERE name = $1", {fence.name});
    if (!stored) return stored.error();
    auto token = GetInt64(*stored, 0, "token");
    if (!token) return token.error();
    return domain::Error{domain::ErrorKind::kFailedPrecondition, "STALE_FENCING_TOKEN",
                         "lock '" + fence.name + "': a write with a newer fencing token than " +
                             std::to_string(fence.token) +
                             " came first (another holder's after this lease ran out, or one made before a restart "
                             "with the clock set back); this write is refused",
                         {{"newest_token", std::to_string(*token)}}};
  }
  return domain::Ok();
}

Status UpdateSlotRows(SqlSession& session, std::vector<v1::Slot> const& slots) {
  for (auto const& slot : slots) {
    auto updated = session.Exec(
        "UPDATE slots SET start_us = CAST($2 AS BIGINT), end_us = CAST($3 AS BIGINT), cutoff_us = CAST($4 AS BIGINT), "
        "capacity = CAST($5 AS BIGINT), booked = CAST($6 AS BIGINT), held = CAST($7 AS BIGINT), "
        "version = CAST($8 AS BIGINT) WHERE id = $1",
        {slot.id(), Micros(slot.start_time()), Micros(slot.end_time()), Micros(slot.order_cutoff_time()),
         std::to_string(slot.capacity()), std::to_string(slot.booked()), std::to_string(slot.held()),
         std::to_string(slot.version())});
    if (!updated) {
      if (IsUniqueViolation(updated.error(), "slots", "zone_id,start_us")) return SlotExists(slot.zone_id());
      return updated.error();
    }
    if (updated->affected != 1) return domain::Internal("slot '" + slot.id() + "' vanished while locked");
  }
  return domain::Ok();
}

// Writes a change to rows that exist (a booking or holds moved, not created), the counters of its
// slot (`locked` before the change) and its events.
Status WriteExistingChange(SqlSession& session, v1::Slot const& locked, domain::SlotChange const& change) {
  SlotWrites writes;
  if (change.booking) writes.UpdateBooking(*change.booking);
  for (auto const& hold : change.holds) writes.UpdateHold(hold);
  for (auto const& slot : change.slots) {
    if (slot.id() != locked.id()) return domain::Internal("a booking or hold change moved another slot");
    writes.MoveSlotCounters(locked, slot);
  }
  auto outbox = OutboxAppendStatement(session, change.events);
  if (!outbox) return outbox.error();
  writes.Add(*std::move(outbox));
  return writes.Run(session);
}

// A locked row and its slot, decided and written: the shape of ChangeBooking, ChangeHold and the sweeper.
template <typename Row, typename Decide>
Result<Row> DecideOnLocked(SqlSession& session, Row const& row, Decide const& decide) {
  auto slots = LockSlots(session, {row.slot_id()});
  if (!slots) return slots.error();
  if (slots->empty()) return domain::Internal("slot '" + row.slot_id() + "' of '" + row.id() + "' is missing");
  auto change = decide(row, slots->front());
  if (!change) return change.error();
  if (!*change) return row;
  if (auto written = WriteExistingChange(session, slots->front(), **change); !written) return written.error();
  if constexpr (std::is_same_v<Row, v1::SlotBooking>) {
    return (*change)->booking ? *(*change)->booking : row;
  } else {
    return (*change)->holds.empty() ? row : (*change)->holds.front();
  }
}

}  // namespace

Result<v1::SlotBooking> ChangeBookingInSession(SqlSession& session, std::string const& id,
                                               domain::BookingDecision const& decide) {
  auto booking = FirstRow(session.Exec(std::string("SELECT ") + kBookingColumns + " FROM slot_bookings WHERE id = $1" +
                                           RowLock(session, "FOR UPDATE"),
                                       {id}),
                          &BookingFromRow);
  if (!booking) return booking.error();
  if (!*booking) return domain::NotFound("booking", id);
  return DecideOnLocked(session, **booking, decide);
}

Result<v1::SlotHold> ChangeHoldInSession(SqlSession& session, std::string const& id,
                                         domain::HoldDecision const& decide) {
  auto hold = FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE id = $1" +
                                        RowLock(session, "FOR UPDATE"),
                                    {id}),
                       &HoldFromRow);
  if (!hold) return hold.error();
  if (!*hold) return domain::NotFound("hold", id);
  return DecideOnLocked(session, **hold, decide);
}

SqlSlotStore::SqlSlotStore(SqlDatabase& db, domain::Clock& clock, bool coalesce_claims)
    : db_(db), clock_(clock), coalesce_claims_(coalesce_claims) {
  constexpr std::size_t kMaxBatch = 64;
  for (auto& queue : claim_queues_) {
    queue = std::make_unique<ClaimQueue>(
        kMaxBatch,
        [this](std::vector<ClaimJob*> const& batch) { CommitBatch(batch); },
        // A key twice in one transaction would find its own unsaved claim: the repeat waits a batch.
        [](std::vector<ClaimJob*> const& batch, ClaimJob const& job) {
          if (!job.claim.idempotency.requested()) return true;
          return std::none_of(batch.begin(), batch.end(), [&](ClaimJob const* other) {
            return other->claim.idempotency.operation == job.claim.idempotency.operation &&
                   other->claim.idempotency.key == job.claim.idempotency.key;
          });
        });
  }
}

Result<std::optional<v1::Slot>> SqlSlotStore::FindSlot(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kSlotColumns + " FROM slots WHERE id = $1", {id}), &SlotFromRow);
  });
}

Result<std::vector<v1::Slot>> SqlSlotStore::ListSlots(domain::SlotQuery const& query) {
  SqlParamList params;
  std::string sql = std::string("SELECT ") + kSlotColumns + " FROM slots WHERE zone_id = " + params.Add(query.zone_id) +
                    " AND start_us >= " + params.AddInt(query.from_us);
  if (query.to_us) sql += " AND start_us < " + params.AddInt(*query.to_us);
  if (query.open_at_us) sql += " AND cutoff_us > " + params.AddInt(*query.open_at_us);
  if (query.only_available) sql += " AND booked + held < capacity";
  if (query.after) {
    auto const start = params.AddInt(query.after->number);
    auto const id = params.Add(query.after->id);
    sql += " AND (start_us > " + start + " OR (start_us = " + start + " AND id > " + id + "))";
  }
  sql += " ORDER BY start_us, id LIMIT " + params.AddInt(query.limit);
  return InRead(db_, [&](SqlSession& session) { return AllRows(session.Exec(sql, params.params()), &SlotFromRow); });
}

Result<std::optional<v1::SlotHold>> SqlSlotStore::FindHold(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) {
    return FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE id = $1", {id}),
                    &HoldFromRow);
  });
}

Result<v1::BatchCreateSlotsResponse> SqlSlotStore::InsertSlots(domain::SlotBatch const& batch) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::BatchCreateSlotsResponse>(
        session, batch.idempotency, now_us, [&]() -> Result<v1::BatchCreateSlotsResponse> {
          // Shared: a zone being deleted waits for this batch, or this batch sees it gone.
          auto zone = session.Exec("SELECT id FROM zones WHERE id = $1 AND NOT deleted" + RowLock(session, "FOR SHARE"),
                                   {batch.zone_id});
          if (!zone) return zone.error();
          if (zone->empty()) return domain::NotFound("zone", batch.zone_id);
          if (batch.fence) {
            if (auto fenced = CheckFence(session, *batch.fence); !fenced) return fenced.error();
          }
          std::vector<v1::Slot const*> slots;
          for (auto const& slot : batch.slots) slots.push_back(&slot);
          std::vector<std::string> inserted_ids;
          if (auto inserted = InsertSlotRows(session, slots, batch.skip_existing, inserted_ids); !inserted) {
            return inserted.error();
          }
          std::set<std::string> const inserted_set(inserted_ids.begin(), inserted_ids.end());
          v1::BatchCreateSlotsResponse response;
          for (auto const& slot : batch.slots) {
            if (inserted_set.contains(slot.id())) *response.add_slots() = slot;
          }
          response.set_skipped_count(static_cast<int>(batch.slots.size() - inserted_set.size()));
          return response;
        });
  });
}

Result<v1::Slot> SqlSlotStore::EditSlot(std::string const& id, domain::IdempotencyKey const& idempotency,
                                        domain::SlotEdit const& edit) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Slot>(session, idempotency, now_us, [&]() -> Result<v1::Slot> {
      auto slots = LockSlots(session, {id});
      if (!slots) return slots.error();
      if (slots->empty()) return domain::NotFound("slot", id);
      auto edited = edit(slots->front());
      if (!edited) return edited.error();
      if (auto written = UpdateSlotRows(session, {*edited}); !written) return written.error();
      return edited;
    });
  });
}

Result<domain::ClaimResult> SqlSlotStore::Claim(domain::SlotClaim const& claim, domain::ClaimDecision const& decide) {
  ClaimJob job{claim, decide, std::nullopt};
  if (!coalesce_claims_) {
    CommitBatch({&job});
  } else {
    claim_queues_[std::hash<std::string>{}(claim.slot_id) % kClaimQueues]->Run(job);
  }
  return *std::move(job.result);
}

void SqlSlotStore::CommitBatch(std::vector<ClaimJob*> const& batch) {
  CommitOrSplit(batch, [this](auto const& jobs) { return ClaimTogether(jobs); },
                [this](ClaimJob& job, domain::Error const& error) {
                  // A unique key met another transaction's claim of the same order or cart, which
                  // the unique check waited for: that claim has committed, and a second run sees it.
                  if (error.reason == kUniqueViolation) {
                    if (auto again = ClaimTogether({&job}); again) return;
                  }
                  job.result = error;
                });
}

Status SqlSlotStore::ClaimTogether(std::vector<ClaimJob*> const& batch) {
  auto const now_us = clock_.NowMicros();
  std::vector<std::optional<Result<domain::ClaimResult>>> results;
  auto const committed = db_.Transaction([&](SqlSession& session) -> Status {
    results.assign(batch.size(), std::nullopt);
    // Keys first, as every other write does, so that all take their locks in one order; sent with
    // the batch's reads, which a replayed claim's rows join harmlessly.
    std::vector<domain::IdempotencyKey const*> keys;
    std::vector<domain::SlotClaim const*> claimed;
    for (auto const* job : batch) {
      keys.push_back(&job->claim.idempotency);
      claimed.push_back(&job->claim);
    }
    ClaimRows rows;
    auto loaded = LoadClaimRows(session, claimed, rows, ClaimKeysStatement(keys, now_us));
    if (!loaded) return loaded.error();
    auto claims = ClaimsFrom(session, keys, loaded->value_or(SqlRows{}));
    if (!claims) return claims.error();
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& claim = (*claims)[i];
      if (!claim) {
        results[i] = claim.error();
      } else if (*claim) {
        results[i] = ParseClaimResponse(batch[i]->claim, **claim);
      } else {
        fresh.push_back(i);
      }
    }
    if (fresh.empty()) return domain::Ok();
    std::vector<v1::EventEnvelope> events;
    std::vector<SavedResponse> responses;
    std::vector<domain::IdempotencyKey const*> refused;
    for (auto const i : fresh) {
      auto const& job = *batch[i];
      auto state = StateFor(job.claim, rows);
      if (!state) {
        results[i] = domain::NotFound("slot", job.claim.slot_id);
        refused.push_back(&job.claim.idempotency);
        continue;
      }
      auto change = job.decide(*state);
      if (!change) {
        results[i] = change.error();
        refused.push_back(&job.claim.idempotency);
        continue;
      }
      domain::ClaimResult result = Unchanged(job.claim, *state);
      if (*change) {
        std::move((*change)->events.begin(), (*change)->events.end(), std::back_inserter(events));
        result = Apply(job.claim, **std::move(change), rows);
        if (job.claim.kind == domain::SlotClaim::Kind::kBook && !result.booking) result.booking = state->order_booking;
      }
      if (job.claim.idempotency.requested()) {
        responses.emplace_back(&job.claim.idempotency, SavedClaimResponse(job.claim, result));
      }
      results[i] = std::move(result);
    }
    SlotWrites writes;
    writes.Add(ReleaseKeysStatement(refused));
    WriteClaimRows(rows, writes);
    auto outbox = OutboxAppendStatement(session, events);
    if (!outbox) return outbox.error();
    writes.Add(*std::move(outbox));
    writes.Add(SaveResponsesStatement(responses));
    return writes.Run(session);
  });
  if (!committed) return committed;
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
  return domain::Ok();
}

Result<v1::SlotBooking> SqlSlotStore::ChangeBooking(std::string const& id, domain::IdempotencyKey const& idempotency,
                                                    domain::BookingDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::SlotBooking>(session, idempotency, now_us,
                                            [&] { return ChangeBookingInSession(session, id, decide); });
  });
}

Result<v1::SlotHold> SqlSlotStore::ChangeHold(std::string const& id, domain::IdempotencyKey const& idempotency,
                                              domain::HoldDecision const& decide) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::SlotHold>(session, idempotency, now_us,
                                         [&] { return ChangeHoldInSession(session, id, decide); });
  });
}

Result<bool> SqlSlotStore::ChangeOneExpiredHold(std::int64_t now_us, domain::HoldDecision const& decide) {
  return InTransaction(db_, [&](SqlSession& session) -> Result<bool> {
    SqlParamList params;
    auto hold = FirstRow(session.Exec(std::string("SELECT ") + kHoldColumns + " FROM slot_holds WHERE state = " +
                                          std::to_string(v1::SLOT_HOLD_STATE_ACTIVE) + " AND expires_at_us <= " +
                                          params.AddInt(now_us) + " ORDER BY expires_at_us LIMIT 1" +
                                          RowLock(session, "FOR UPDATE SKIP LOCKED"),
                                      params.params()),
                         &HoldFromRow);
    if (!hold) return hold.error();
    if (!*hold) return false;
    auto changed = DecideOnLocked(session, **hold, decide);
    if (!changed) return changed.error();
    return changed->version() != (*hold)->version();
  });
}

}  // namespace mercato::adapters
