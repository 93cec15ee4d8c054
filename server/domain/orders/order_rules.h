// An order's pure rules: its readable number, what a priced cart and a zone make of it, and the
// reasons a checkout is refused (the contract's PlaceOrder reasons).
#pragma once

#include <cstdint>
#include <string>

#include "mercato/v1/delivery.pb.h"
#include "mercato/v1/orders.pb.h"
#include "mercato/v1/payments.pb.h"
#include "server/domain/error.h"

namespace mercato::domain {

// "M-<UTC year of placed_at_us>-<sequence>", the sequence zero-padded to 6 digits (more once it
// outgrows them), e.g. M-2026-000123. The sequence never repeats, so neither does the number.
std::string OrderNumber(std::int64_t placed_at_us, std::int64_t sequence);

// request_id (a checkout must be safe to retry), cart_id, expected_cart_version >= 1, one
// shipping address (address_id or address), delivery_slot_id, payment_provider and
// payment_method_token present, expected_total (when set) valid Money; INVALID_ARGUMENT naming
// the first field that is not.
Status CheckPlaceOrder(v1::PlaceOrderRequest const& request);

// A priced cart that can be checked out: FAILED_PRECONDITION CART_EMPTY, or CART_HAS_PROBLEMS
// naming each line that cannot be bought (metadata "<sku>" -> its CartLineProblem).
Status CheckCartForCheckout(v1::Cart const& cart);

// Whether `zone` delivers this cart: FAILED_PRECONDITION CURRENCY_MISMATCH when the zone charges
// in another currency, BELOW_MINIMUM_ORDER when the subtotal is under the zone's min_order
// (metadata min_order_minor, subtotal_minor).
Status CheckZoneTakesCart(v1::Zone const& zone, v1::Cart const& cart);

// The order a priced cart makes in `zone`: every line priced as it is now, the subtotal, the
// zone's delivery fee, no discount, total = subtotal + fee. Tax is left unset: prices include it,
// and the catalog holds no rates to tell how much. Status UNSPECIFIED: not placed yet.
v1::Order DraftOrder(v1::Cart const& cart, v1::Zone const& zone, v1::Address const& address,
                     std::string const& delivery_slot_id);

// ABORTED PRICE_CHANGED (metadata total_minor, expected_total_minor) when the request names an
// expected_total and `draft` (DraftOrder's, priced now) costs anything else.
Status CheckExpectedTotal(v1::PlaceOrderRequest const& request, v1::Order const& draft);

// FAILED_PRECONDITION SLOT_NOT_IN_ZONE: the slot belongs to a zone that does not serve the address.
Error SlotNotInZone(v1::Slot const& slot, v1::Zone const& zone);

// FAILED_PRECONDITION PAYMENT_DECLINED with the provider's failure_reason and the payment id.
Error PaymentDeclined(v1::Payment const& payment);

}  // namespace mercato::domain
