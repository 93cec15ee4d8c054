// The SlotStore port over SQL (SQLite or PostgreSQL through SqlDatabase). Locks are row locks
// (SELECT ... FOR UPDATE) on PostgreSQL; SQLite runs one writer at a time.
//
// Concurrent claims on one slot are coalesced as the inventory coalesces reservations of one hot
// SKU (group commit): one transaction locks the slot once, decides each claim in arrival order
// against the running counters and commits them together. A batch that fails commits nothing and
// its claims are retried one transaction each.
#pragma once

#include <array>
#include <memory>
#include <optional>

#include "server/adapters/sql/group_commit.h"
#include "server/adapters/sql/sql_database.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/slot_store.h"

namespace mercato::adapters {

// Inside a transaction another store runs (checkout: stock, slot and order together): one claim
// decided and written as Claim does, without its own idempotency key (the caller's transaction
// keeps one); and a booking or a hold changed as ChangeBooking and ChangeHold do.
domain::Result<domain::ClaimResult> ClaimInSession(SqlSession& session, domain::SlotClaim const& claim,
                                                   domain::ClaimDecision const& decide);
domain::Result<v1::SlotBooking> ChangeBookingInSession(SqlSession& session, std::string const& id,
                                                       domain::BookingDecision const& decide);
domain::Result<v1::SlotHold> ChangeHoldInSession(SqlSession& session, std::string const& id,
                                                 domain::HoldDecision const& decide);

class SqlSlotStore final : public domain::SlotStore {
 public:
  // `clock` stamps idempotency keys; `coalesce_claims` turns group commit on.
  SqlSlotStore(SqlDatabase& db, domain::Clock& clock, bool coalesce_claims);

  domain::Result<std::optional<v1::Slot>> FindSlot(std::string const& id) override;
  domain::Result<std::vector<v1::Slot>> ListSlots(domain::SlotQuery const& query) override;
  domain::Result<std::optional<v1::SlotHold>> FindHold(std::string const& id) override;
  domain::Result<v1::BatchCreateSlotsResponse> InsertSlots(domain::SlotBatch const& batch) override;
  domain::Result<v1::Slot> EditSlot(std::string const& id, domain::IdempotencyKey const& idempotency,
                                    domain::SlotEdit const& edit) override;
  domain::Result<domain::ClaimResult> Claim(domain::SlotClaim const& claim,
                                            domain::ClaimDecision const& decide) override;
  domain::Result<v1::SlotBooking> ChangeBooking(std::string const& id, domain::IdempotencyKey const& idempotency,
                                                domain::BookingDecision const& decide) override;
  domain::Result<v1::SlotHold> ChangeHold(std::string const& id, domain::IdempotencyKey const& idempotency,
                                          domain::HoldDecision const& decide) override;
  domain::Result<bool> ChangeOneExpiredHold(std::int64_t now_us, domain::HoldDecision const& decide) override;

 private:
  struct ClaimJob {
    domain::SlotClaim const& claim;
    domain::ClaimDecision const& decide;
    std::optional<domain::Result<domain::ClaimResult>> result;
  };
  using ClaimQueue = GroupCommit<ClaimJob>;
  static constexpr std::size_t kClaimQueues = 16;

  // One transaction for every job of `batch`: each job gets its result, or nothing is committed
  // and the transaction's error is returned.
  domain::Status ClaimTogether(std::vector<ClaimJob*> const& batch);
  // ClaimTogether, and when a batch of several fails, each job alone.
  void CommitBatch(std::vector<ClaimJob*> const& batch);

  SqlDatabase& db_;
  domain::Clock& clock_;
  bool const coalesce_claims_;
  // Jobs are queued by slot, so that claims on one hot slot meet in one queue.
  std::array<std::unique_ptr<ClaimQueue>, kClaimQueues> claim_queues_;
};

}  // namespace mercato::adapters
