// Checkout example: a new shopper fills a cart from the catalog, picks a delivery slot of the zone
// serving their postcode, holds it for the cart, pays with a test card and reads the order back,
// all with the C++ SDK. PlaceOrder holds the stock and the slot and authorizes the payment, or
// keeps nothing; its request_id makes a retry return the same order instead of charging again.
//
//   place_order [endpoint]   (default: $MERCATO_ENDPOINT or localhost:50051)
#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "mercato/client.h"

namespace {

using google::protobuf::util::TimeUtil;

int Fail(char const* what, mercato::Status const& status) {
  std::fprintf(stderr, "%s failed: %s (%s %s)\n", what, status.message().c_str(),
               mercato::StatusCodeToString(status.code()).c_str(), status.reason().c_str());
  return 1;
}

std::string Unique(char const* prefix) {
  std::random_device random;
  return prefix + std::to_string(random());
}

// GBP and EUR have two minor digits; the demo prices in GBP.
std::string Amount(mercato::v1::Money const& money) {
  char text[64];
  std::snprintf(text, sizeof text, "%lld.%02lld %s", static_cast<long long>(money.amount_minor() / 100),
                static_cast<long long>(money.amount_minor() % 100), money.currency_code().c_str());
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  char const* env_endpoint = std::getenv("MERCATO_ENDPOINT");
  mercato::Options options;
  options.endpoint = argc > 1 ? argv[1] : (env_endpoint != nullptr ? env_endpoint : "localhost:50051");
  mercato::Client shopper(options);
  std::string const email = Unique("shopper-") + "@example.com";
  mercato::v1::RegisterRequest signup;
  signup.set_email(email);
  signup.set_password("Checkout-Example-1");
  signup.set_display_name("Ada");
  if (auto registered = shopper.users().Register(signup); !registered.ok()) return Fail("signing up", registered.status());
  if (auto signed_in = shopper.Login(email, "Checkout-Example-1"); !signed_in.ok()) return Fail("login", signed_in);

  mercato::v1::Address address;
  address.set_recipient_name("Ada");
  address.set_line1("1 Horse Guards Rd");
  address.set_city("London");
  address.set_postcode("SW1A 2HQ");
  address.set_country_code("GB");
  mercato::v1::ResolveZoneRequest resolve;
  *resolve.mutable_address() = address;
  auto zone = shopper.delivery().ResolveZone(resolve);
  if (!zone.ok()) return Fail("finding the zone", zone.status());

  // One of each of the dearest products in stock, until the cart passes the zone's minimum order.
  mercato::v1::CreateCartRequest create;
  create.set_request_id(Unique("cart-"));
  auto cart = shopper.orders().CreateCart(create);
  if (!cart.ok()) return Fail("creating a cart", cart.status());
  mercato::v1::ListProductsRequest dearest;
  dearest.set_sort(mercato::v1::PRODUCT_SORT_PRICE_DESC);
  dearest.set_page_size(20);
  for (auto const& product : shopper.catalog().ListProducts(dearest)) {
    if (!product.ok()) return Fail("browsing", product.status());
    auto const& variant = product->variants(0);
    if (!variant.in_stock()) continue;
    mercato::v1::AddCartLineRequest add;
    add.set_request_id(Unique("line-"));
    add.set_cart_id(cart->id());
    add.set_expected_version(cart->version());
    add.set_sku(variant.sku());
    add.set_quantity(1);
    cart = shopper.orders().AddCartLine(add);
    if (!cart.ok()) return Fail("adding to the cart", cart.status());
    if (cart->subtotal().amount_minor() >= zone->min_order().amount_minor()) break;
  }
  for (auto const& line : cart->lines()) {
    std::printf("  %3lld x %-36s %s\n", static_cast<long long>(line.quantity()), line.name().c_str(),
                Amount(line.line_total()).c_str());
  }
  std::printf("cart subtotal %s; %s delivers from %s for %s\n", Amount(cart->subtotal()).c_str(),
              zone->name().c_str(), Amount(zone->min_order()).c_str(), Amount(zone->delivery_fee()).c_str());

  mercato::v1::ListSlotsRequest listing;
  *listing.mutable_address() = address;
  listing.set_only_available(true);
  listing.set_page_size(1);
  mercato::v1::Slot chosen;
  for (auto const& slot : shopper.delivery().ListSlots(listing)) {
    if (!slot.ok()) return Fail("listing slots", slot.status());
    chosen = *slot;
    break;
  }
  if (chosen.id().empty()) {
    std::fprintf(stderr, "no open slot for %s: is the demo seeded?\n", address.postcode().c_str());
    return 1;
  }
  mercato::v1::HoldSlotRequest hold;
  hold.set_slot_id(chosen.id());
  hold.set_cart_id(cart->id());
  if (auto held = shopper.delivery().HoldSlot(hold); !held.ok()) return Fail("holding the slot", held.status());
  std::printf("held the slot at %s for the cart\n", TimeUtil::ToString(chosen.start_time()).c_str());

  mercato::v1::PlaceOrderRequest checkout;
  checkout.set_request_id(Unique("checkout-"));  // keep it to retry safely after a network error
  checkout.set_cart_id(cart->id());
  checkout.set_expected_cart_version(cart->version());
  *checkout.mutable_address() = address;
  checkout.set_delivery_slot_id(chosen.id());
  checkout.set_payment_provider("test");
  checkout.set_payment_method_token("tok_visa");
  auto order = shopper.orders().PlaceOrder(checkout);
  if (!order.ok()) return Fail("placing the order", order.status());
  std::printf("order %s: %s, %d items, total %s (delivery %s)\n", order->number().c_str(),
              mercato::v1::OrderStatus_Name(order->status()).c_str(), order->items_size(),
              Amount(order->total()).c_str(), Amount(order->delivery_fee()).c_str());

  auto again = shopper.orders().PlaceOrder(checkout);
  if (!again.ok()) return Fail("retrying the checkout", again.status());
  std::printf("retried with the same request_id: %s\n", again->id() == order->id() ? "same order, charged once"
                                                                                       : "A SECOND ORDER");
  auto read = shopper.orders().GetOrder(order->id());
  if (!read.ok()) return Fail("reading the order", read.status());
  for (auto const& change : read->status_history()) {
    std::printf("  %s  -> %s by %s\n", TimeUtil::ToString(change.changed_at()).c_str(),
                mercato::v1::OrderStatus_Name(change.to_status()).c_str(),
                change.actor() == read->user_id() ? "you" : change.actor().c_str());
  }
  std::printf("order id %s (the shop fulfils it: fulfil_order)\n", order->id().c_str());
  return again->id() == order->id() ? 0 : 1;
}
