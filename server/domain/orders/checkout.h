// Checkout (PlaceOrder): a customer's cart becomes an order with its stock reserved, its slot
// booked and its payment authorized, or nothing is kept. A saga of three steps (order_store.h):
//   1. one transaction holds the stock and the slot and writes the order PLACING;
//   2. the payment is authorized, outside any transaction, with a provider idempotency key
//      derived from the order ("order-<order id>"), so that asking again never charges twice;
//   3. one transaction settles the order PENDING and empties the cart, or, on a decline, releases
//      the holds and records why.
// A crash or a lost provider answer between the steps leaves the order PLACING; the same request
// again, or RecoverDue on any instance, takes it on from step 2. No order without its holds, no
// hold without its order, no charge without an order.
#pragma once

#include <chrono>

#include "mercato/v1/orders.pb.h"
#include "server/domain/clock.h"
#include "server/domain/delivery/slot_claims.h"
#include "server/domain/delivery/slots.h"
#include "server/domain/delivery/zones.h"
#include "server/domain/error.h"
#include "server/domain/id_generator.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/principal.h"
#include "server/domain/inventory/reservations.h"
#include "server/domain/orders/carts.h"
#include "server/domain/orders/order_store.h"
#include "server/domain/payments/payments.h"

namespace mercato::domain {

struct CheckoutSettings {
  // A placement not ended this long after step 1 (a crash, a provider that did not answer) is the
  // recovery worker's; also how long the worker waits between two attempts on one placement.
  std::chrono::microseconds retry_after{std::chrono::seconds(30)};
  int recovery_batch = 20;
  // How long after its slot ends an order's reservation lasts if the order is never packed.
  std::chrono::microseconds reservation_after_slot{std::chrono::hours(24)};
};

struct CheckoutContext {
  OrderStore& orders;
  Carts& carts;
  AddressBook& addresses;
  Zones& zones;
  Slots& slots;
  Reservations& reservations;
  SlotClaims& slot_claims;
  Payments& payments;
  Clock& clock;
  IdGenerator& ids;
  CheckoutSettings settings;
};

class Checkout {
 public:
  explicit Checkout(CheckoutContext context) : context_(context) {}

  // The PENDING order. Refusals, with nothing kept: the cart's (NOT_FOUND, ABORTED
  // VERSION_MISMATCH, CART_EMPTY, CART_HAS_PROBLEMS), ABORTED PRICE_CHANGED, NOT_FOUND ADDRESS_NOT_SERVED,
  // BELOW_MINIMUM_ORDER, SLOT_NOT_IN_ZONE, SLOT_FULL, SLOT_CLOSED, OUT_OF_STOCK (one metadata
  // entry per short line), PAYMENT_DECLINED. UNAVAILABLE while the provider's answer is unknown:
  // the holds stay and the same request_id again (or the recovery worker) finishes the checkout.
  Result<v1::Order> Place(v1::PlaceOrderRequest const& request, Principal const& caller);

  // Takes on up to a batch of placements whose step 2 or 3 never ended; returns how many it ended.
  Result<int> RecoverDue();

 private:
  // The checks and step 1 of a new placement: the placement PLACING with its holds, or why not.
  Result<StoredOrder> Begin(v1::PlaceOrderRequest const& request, Principal const& caller,
                            std::string const& fingerprint);
  // Steps 2 and 3 for a placement still PLACING; `actor` is recorded on what they change.
  Result<StoredOrder> Continue(StoredOrder placing, std::string const& actor);
  Result<StoredOrder> End(StoredOrder const& placing, std::optional<Error> failure, std::string const& payment_id,
                          std::string const& actor);

  CheckoutContext context_;
};

}  // namespace mercato::domain
