// Reservations: all-or-nothing holds on stock with an expiry, then committed (the goods leave),
// released (given back) or expired (given back by the sweeper). Every transition moves the
// stock, writes one ledger entry per line and one event, atomically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/inventory.pb.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/inventory/inventory_context.h"

namespace mercato::domain {

class Reservations {
 public:
  explicit Reservations(InventoryContext context) : context_(context) {}

  // Holds every line or none: short stock is FAILED_PRECONDITION OUT_OF_STOCK naming each short
  // item and what it has available.
  Result<v1::Reservation> Reserve(v1::ReserveRequest const& request, Principal const& caller);
  Result<v1::Reservation> Extend(v1::ExtendReservationRequest const& request, Principal const& caller);
  // Idempotent once COMMITTED; RELEASED, EXPIRED or past its expiry is FAILED_PRECONDITION.
  Result<v1::Reservation> Commit(v1::CommitReservationRequest const& request, Principal const& caller);
  // Idempotent: RELEASED and EXPIRED reservations come back unchanged; COMMITTED is FAILED_PRECONDITION.
  Result<v1::Reservation> Release(v1::ReleaseReservationRequest const& request, Principal const& caller);
  Result<v1::Reservation> Get(std::string const& reservation_id);

  // Expires one ACTIVE reservation past its expiry, if any, giving its stock back. Safe to run
  // from every instance at once: each reservation is expired by exactly one of them.
  Result<bool> ExpireOne();

  // The decisions Reserve, Commit and Release take, for a write that runs them inside a larger
  // transaction (checkout: stock, slot and order together). `reservation` is new: ACTIVE, version
  // 1, with its id, lines, expiry and order set; short stock is OUT_OF_STOCK as in Reserve.
  StockDecision ReserveDecision(v1::Reservation const& reservation, std::string const& request_id,
                                std::string const& actor);
  ReservationDecision CommitDecision(std::string const& request_id, std::string const& actor);
  ReservationDecision ReleaseDecision(std::string const& request_id, std::string const& actor);

 private:
  struct Transition;
  // `transition` as a decision for a write inside a larger transaction.
  ReservationDecision DecisionFor(Transition const& transition);
  // Runs `transition` on the reservation an Extend, Commit or Release request names, keyed by its
  // request_id and checked against its expected_version when set.
  template <typename Request>
  Result<v1::Reservation> Move(Request const& request, std::string const& operation, Principal const& caller,
                               Transition const& transition);
  // The state machine: what `transition` does to `reservation` and its lines' stock `current`.
  Result<std::optional<InventoryChange>> Decide(Transition const& transition,
                                                std::optional<std::int64_t> expected_version,
                                                v1::Reservation const& reservation,
                                                std::vector<v1::StockItem> const& current);

  InventoryContext context_;
};

}  // namespace mercato::domain
