// Checkout example: find the delivery slots for an address and book one with the C++ SDK. The
// shopper (a new customer account) lists the open windows of the zone serving their postcode and
// holds one for their cart; the checkout service (a service token) turns the hold into the order's
// booking, so the unit is never given back in between. The order is made up, so the booking is
// released at the end (a real checkout books through PlaceOrder).
//
//   book_delivery_slot [endpoint]   (default: $MERCATO_ENDPOINT or localhost:50051; the service
//                                    token comes from $MERCATO_SERVICE_TOKEN)
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

}  // namespace

int main(int argc, char** argv) {
  char const* env_endpoint = std::getenv("MERCATO_ENDPOINT");
  char const* service_token = std::getenv("MERCATO_SERVICE_TOKEN");
  mercato::Options options;
  options.endpoint = argc > 1 ? argv[1] : (env_endpoint != nullptr ? env_endpoint : "localhost:50051");
  if (service_token == nullptr) {
    std::fprintf(stderr, "set MERCATO_SERVICE_TOKEN to the token mercatod was started with (--service-token)\n");
    return 2;
  }
  mercato::Client shopper(options);
  std::string const email = Unique("shopper-") + "@example.com";
  mercato::v1::RegisterRequest signup;
  signup.set_email(email);
  signup.set_password("Slot-Booking-Example-1");
  signup.set_display_name("Ada");
  if (auto registered = shopper.users().Register(signup); !registered.ok()) return Fail("signing up", registered.status());
  if (auto signed_in = shopper.Login(email, "Slot-Booking-Example-1"); !signed_in.ok()) return Fail("login", signed_in);

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
  std::printf("%s is in %s (delivery %lld minor units of %s)\n", address.postcode().c_str(), zone->name().c_str(),
              static_cast<long long>(zone->delivery_fee().amount_minor()), zone->delivery_fee().currency_code().c_str());

  mercato::v1::ListSlotsRequest listing;
  *listing.mutable_address() = address;
  listing.set_only_available(true);
  listing.set_page_size(5);
  mercato::v1::Slot chosen;
  int shown = 0;
  for (auto const& slot : shopper.delivery().ListSlots(listing)) {
    if (!slot.ok()) return Fail("listing slots", slot.status());
    std::printf("  %s  %d of %d left\n", TimeUtil::ToString(slot->start_time()).c_str(), slot->remaining(),
                slot->capacity());
    if (shown++ == 0) chosen = *slot;
    if (shown == 5) break;
  }
  if (shown == 0) {
    std::fprintf(stderr, "no open slot for %s: is the demo seeded?\n", address.postcode().c_str());
    return 1;
  }

  mercato::v1::CreateCartRequest create;
  create.set_request_id(Unique("cart-"));
  auto cart = shopper.orders().CreateCart(create);
  if (!cart.ok()) return Fail("creating a cart", cart.status());
  mercato::v1::HoldSlotRequest hold;
  hold.set_slot_id(chosen.id());
  hold.set_cart_id(cart->id());
  auto held = shopper.delivery().HoldSlot(hold);
  if (!held.ok()) return Fail("holding the slot", held.status());
  std::printf("held %s for cart %s until %s\n", TimeUtil::ToString(chosen.start_time()).c_str(), hold.cart_id().c_str(),
              TimeUtil::ToString(held->hold().expires_at()).c_str());

  mercato::Options checkout_options = options;
  checkout_options.bearer_token = service_token;
  mercato::Client checkout(checkout_options);
  mercato::v1::BookSlotRequest book;
  book.set_slot_id(chosen.id());
  book.set_order_id(Unique("order-"));
  book.set_hold_id(held->hold().id());
  auto booked = checkout.delivery().BookSlot(book);
  if (!booked.ok()) return Fail("booking the slot", booked.status());
  std::printf("booked for %s: booking %s, %d left in the slot\n", book.order_id().c_str(),
              booked->booking().id().c_str(), booked->slot().remaining());
  // The order here is made up (a real checkout books through PlaceOrder), so the unit goes back.
  mercato::v1::ReleaseSlotRequest release;
  release.set_booking_id(booked->booking().id());
  auto released = checkout.delivery().ReleaseSlot(release);
  if (!released.ok()) return Fail("releasing the booking", released.status());
  std::printf("released booking %s: the example's order is not real\n", released->id().c_str());
  return 0;
}
