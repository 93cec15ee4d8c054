// Port: where orders live (PostgreSQL schema `orders`, SQLite), and the two transactions of a
// checkout that change several domains at once.
//
// A checkout is a saga of three steps (checkout.h). Step 1 (BeginPlacement) holds everything in
// one transaction: the cart checked at its version, the stock reservation, the slot booking, the
// order row PLACING with its number, and their outbox events. Step 2 asks the payment provider,
// outside any transaction. Step 3 (EndPlacement) settles the order PENDING and empties the cart,
// or releases the holds and records the failure, again in one transaction. An order PLACING is
// the recovery worker's once its next attempt is due.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mercato/v1/events.pb.h"
#include "mercato/v1/orders.pb.h"
#include "mercato/v1/payments.pb.h"
#include "server/domain/delivery/slot_store.h"
#include "server/domain/error.h"
#include "server/domain/idempotency.h"
#include "server/domain/inventory/inventory_store.h"
#include "server/domain/page_token.h"

namespace mercato::domain {

enum class Placement { kPlacing = 1, kPlaced = 2, kFailed = 3 };

// BeginPlacement's ALREADY_EXISTS reason when the customer has a placement with the request_id.
inline constexpr char kPlacementExists[] = "PLACEMENT_EXISTS";
// BeginPlacement's FAILED_PRECONDITION reason when the cart is in another checkout still PLACING.
inline constexpr char kCheckoutInProgress[] = "CHECKOUT_IN_PROGRESS";

// An order as the store keeps it, with how its checkout stands. Only placed orders are shown to
// anyone; the others exist so that a retried checkout finds its first attempt.
struct StoredOrder {
  v1::Order order;  // status UNSPECIFIED until placed
  Placement placement = Placement::kPlacing;
  std::string request_id;  // PlaceOrder's, unique per customer
  std::string request_fingerprint;
  std::string cart_id;
  std::int64_t cart_version = 0;     // the cart as it was checked out
  v1::PaymentMethod payment_method;  // what step 2 authorizes; cleared when the placement ends
  std::optional<Error> failure;      // kFailed: what PlaceOrder answers
  std::int64_t next_attempt_at_us = 0;  // kPlacing: when the recovery worker may take it
};

// Step 1's holds, decided on the rows the transaction locks.
struct PlacementHolds {
  std::vector<v1::StockKey> stock_keys;  // the reservation's lines, in line order
  StockDecision reserve;
  SlotClaim slot_claim;
  ClaimDecision book;
};

// How step 3 ends a placement: placed (`order` as it now stands; the ordered units leave the cart,
// whatever the customer added since), or failed (`failure`, the holds released by these
// decisions, and the cart's slot hold given back by `restore_hold` when the booking came from it).
struct PlacementEnd {
  v1::Order order;
  std::optional<Error> failure;
  ReservationDecision release_stock;
  BookingDecision release_slot;
  HoldDecision restore_hold;
  std::vector<v1::EventEnvelope> events;
  std::int64_t now_us = 0;
};

// What a lifecycle move writes on a locked, placed order: the order after it, the changes to its
// slot booking and stock reservation (if any), its events, and whether its payment now needs a
// follow-up (a cancelled order's void or refund: due at `payment_due_at_us`).
struct OrderChange {
  v1::Order order;
  std::optional<BookingDecision> booking;
  std::optional<ReservationDecision> reservation;
  std::vector<v1::EventEnvelope> events;
  std::optional<std::int64_t> payment_due_at_us;
};

// ListOrders over placed orders, newest first: (created_at_us, id) descending; `after` holds
// (created_at_us, "", id).
struct OrderQuery {
  std::optional<std::string> user_id;
  std::vector<v1::OrderStatus> statuses;  // empty: all
  std::optional<std::int64_t> created_from_us;  // inclusive
  std::optional<std::int64_t> created_to_us;    // exclusive
  std::optional<SortKey> after;
  int limit = 50;
};

class OrderStore {
 public:
  // Given the locked, placed order: the change to write, nullopt to write nothing (the order
  // stands where the caller wants it), or an error that leaves everything as it was.
  using OrderDecision = std::function<Result<std::optional<OrderChange>>(v1::Order const& locked)>;

  virtual ~OrderStore() = default;

  virtual Result<std::optional<StoredOrder>> FindOrder(std::string const& id) = 0;
  virtual Result<std::optional<StoredOrder>> FindPlacement(std::string const& user_id,
                                                           std::string const& request_id) = 0;
  virtual Result<std::vector<v1::Order>> ListOrders(OrderQuery const& query) = 0;

  // Step 1, one transaction: locks the cart (NOT_FOUND unless the order's customer's, ABORTED
  // unless at cart_version), books the slot, reserves the stock, numbers the order (OrderNumber)
  // and inserts it PLACING, with every event the decisions made. ALREADY_EXISTS kPlacementExists
  // when the customer has a placement with this request_id already (a concurrent retry): read it.
  // FAILED_PRECONDITION kCheckoutInProgress when another placement of the cart is still PLACING.
  virtual Result<StoredOrder> BeginPlacement(StoredOrder const& placing, PlacementHolds const& holds) = 0;
  // Step 3, one transaction on the locked order; a placement that is no longer PLACING (another
  // instance ended it) comes back as it is, unchanged.
  virtual Result<StoredOrder> EndPlacement(std::string const& order_id, PlacementEnd const& end) = 0;
  // Up to `limit` placements still PLACING whose next attempt is due at `now_us`, each put back by
  // `retry_after_us` so that another pass (or instance) does not take it at once.
  virtual Result<std::vector<StoredOrder>> ClaimDuePlacements(std::int64_t now_us, std::int64_t retry_after_us,
                                                              int limit) = 0;

  // One transaction: claims `idempotency` (a replay returns the order the first call wrote), locks
  // placed order `id` (NOT_FOUND if there is none), decides, and writes the booking change, then
  // the reservation change (the order checkout locks them in), the order and its events. Returns
  // the order as it stands afterwards.
  virtual Result<v1::Order> ChangeOrder(std::string const& id, IdempotencyKey const& idempotency,
                                        std::int64_t now_us, OrderDecision const& decide) = 0;
  // Up to `limit` orders whose payment follow-up is due at `now_us`, each put back by
  // `retry_after_us` so that another pass (or instance) does not take it at once.
  virtual Result<std::vector<v1::Order>> ClaimDuePaymentFollowUps(std::int64_t now_us, std::int64_t retry_after_us,
                                                                  int limit) = 0;
  // The follow-up of order `id` is done.
  virtual Status EndPaymentFollowUp(std::string const& id) = 0;
  // Ids of up to `limit` CONFIRMED orders whose payment is captured in full (or finally): the
  // orders to move to PAID.
  virtual Result<std::vector<std::string>> ListCapturedConfirmed(int limit) = 0;
};

}  // namespace mercato::domain
