"""Finds the delivery slots for an address and books one, the way a storefront's checkout does:
the shopper (a new customer account) sees the open windows of the zone serving their postcode and
holds one for their cart; the checkout service (MERCATO_SERVICE_TOKEN) then turns the hold into
the order's booking, released at the end since the order is made up (a real checkout books
through PlaceOrder). With pandas, the zone's next days as a table of slot utilisation.

    MERCATO_ENDPOINT=localhost:50051 MERCATO_SERVICE_TOKEN=... python examples/python/book_delivery_slot.py
"""

import os
import uuid

import mercato

ADDRESS = {"recipient_name": "Ada", "line1": "1 Horse Guards Rd", "city": "London", "postcode": "SW1A 2HQ",
           "country_code": "GB"}


def money_text(money: mercato.Money) -> str:
    return f"{money.amount_minor / 100:.2f} {money.currency}"  # GBP: hundredths


def main() -> None:
    endpoint = os.environ.get("MERCATO_ENDPOINT", "localhost:50051")
    shopper = mercato.Client(endpoint)
    email = f"shopper-{uuid.uuid4().hex[:8]}@example.com"
    shopper.users.register(email=email, password="Slot-Booking-Example-1", display_name="Ada")
    shopper.users.login(email=email, password="Slot-Booking-Example-1")

    zone = shopper.delivery.resolve_zone(address=ADDRESS)
    print(f"{ADDRESS['postcode']} is in {zone.name}: delivery {money_text(zone.delivery_fee)}, "
          f"minimum order {money_text(zone.min_order)}")
    slots = shopper.delivery.list_slots(address=ADDRESS, only_available=True, page_size=5)
    first_five = [slot for _, slot in zip(range(5), slots)]
    for slot in first_five:
        print(f"  {slot.start_time:%a %d %b %H:%M}-{slot.end_time:%H:%M}  {slot.remaining} of {slot.capacity} left")
    chosen = first_five[0]
    cart_id = shopper.orders.create_cart(request_id=str(uuid.uuid4())).id
    held = shopper.delivery.hold_slot(slot_id=chosen.id, cart_id=cart_id)
    print(f"held {chosen.start_time:%a %H:%M} for cart {cart_id} until {held.hold.expires_at:%H:%M:%S} UTC")

    with mercato.Client(endpoint, token=os.environ["MERCATO_SERVICE_TOKEN"]) as checkout:
        order_id = f"order-{uuid.uuid4().hex[:8]}"
        booked = checkout.delivery.book_slot(slot_id=chosen.id, order_id=order_id, hold_id=held.hold.id)
        print(f"booked for {order_id}: booking {booked.booking.id}, {booked.slot.remaining} left in the slot")
        # The order here is made up (a real checkout books through PlaceOrder), so the unit goes back.
        released = checkout.delivery.release_slot(booking_id=booked.booking.id)
        print(f"released booking {released.id}: the example's order is not real")

    try:
        import pandas  # noqa: F401  (only to know whether to_pandas() can work)
    except ImportError:
        print("(install pandas for the utilisation table)")
    else:
        frame = shopper.delivery.list_slots(zone_id=zone.id, page_size=200).to_pandas()
        frame["day"] = frame["start_time"].dt.tz_convert("Europe/London").dt.strftime("%a %d %b")
        by_day = frame.groupby("day", sort=False).agg(slots=("id", "count"), utilisation=("utilisation", "mean"))
        print(by_day.head(3).round(3).to_string())
    shopper.close()


if __name__ == "__main__":
    main()
