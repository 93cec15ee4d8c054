"""The whole shop, from the Python package: a new shopper fills a cart from the demo catalog up to
the zone's minimum order, holds a delivery slot for it, checks out with a test card (a retry with
the same request_id returns the same order, charged once); then the shop, as its service account
(MERCATO_SERVICE_TOKEN), confirms the order, captures what was picked (a lighter pick captures
less), packs, ships and delivers it, each step at the order's version as last read; the shopper
reads the order's status history.

    MERCATO_ENDPOINT=localhost:50051 MERCATO_SERVICE_TOKEN=... python examples/python/place_order.py
"""

import os
import uuid

import mercato

ADDRESS = {"recipient_name": "Ada", "line1": "1 Horse Guards Rd", "city": "London", "postcode": "SW1A 2HQ",
           "country_code": "GB"}


def money_text(money: mercato.Money) -> str:
    return f"{money.amount_minor / 100:.2f} {money.currency}"  # GBP: hundredths


def key() -> str:
    """A fresh idempotency key; keep it to retry a step safely after a network error."""
    return str(uuid.uuid4())


def check_out(shopper: mercato.Client) -> mercato.Message:
    zone = shopper.delivery.resolve_zone(address=ADDRESS)
    cart = shopper.orders.create_cart(request_id=key())
    for product in shopper.catalog.list_products(sort="PRICE_DESC", page_size=20):
        variant = product.variants[0]
        if not variant.in_stock:
            continue
        cart = shopper.orders.add_cart_line(request_id=key(), cart_id=cart.id, expected_version=cart.version,
                                            sku=variant.sku, quantity=1)
        if cart.subtotal.amount_minor >= zone.min_order.amount_minor:
            break
    print(f"cart of {len(cart.lines)} lines, {money_text(cart.subtotal)}; {zone.name} delivers from "
          f"{money_text(zone.min_order)}")
    slot = next(iter(shopper.delivery.list_slots(address=ADDRESS, only_available=True, page_size=1)))
    shopper.delivery.hold_slot(slot_id=slot.id, cart_id=cart.id)
    checkout = dict(request_id=key(), cart_id=cart.id, expected_cart_version=cart.version, address=ADDRESS,
                    delivery_slot_id=slot.id, payment_provider="test", payment_method_token="tok_visa")
    order = shopper.orders.place_order(**checkout)
    print(f"order {order.number}: {order.status}, total {money_text(order.total)}, slot {slot.start_time:%a %H:%M}")
    again = shopper.orders.place_order(**checkout)
    print("retried with the same request_id:", "same order, charged once" if again.id == order.id else "A SECOND ORDER")
    return order


def fulfil(shop: mercato.Client, order: mercato.Message) -> mercato.Message:
    """Confirm, capture the picked amount, pack, ship, deliver: each at the version last read."""
    order = shop.orders.confirm_order(request_id=key(), order_id=order.id, expected_version=order.version)
    payment = shop.payments.get_payment(order.payment_id)
    picked = order.total.amount_minor - 40  # the loose produce weighed 0.40 less than ordered
    captured = shop.payments.capture_payment(
        request_id=key(), payment_id=payment.id, expected_version=payment.version, final_capture=True,
        amount={"amount_minor": picked, "currency_code": order.total.currency})
    print(f"captured {money_text(captured.payment.captured_amount)} of {money_text(captured.payment.amount)}")
    order = shop.orders.get_order(order.id)  # PAID: the capture moved it
    order = shop.orders.pack_order(request_id=key(), order_id=order.id, expected_version=order.version)
    shipment = shop.delivery.create_shipment(request_id=key(), order_id=order.id, slot_id=order.delivery_slot_id,
                                             carrier="own-fleet", customer_id=order.user_id)
    order = shop.orders.ship_order(request_id=key(), order_id=order.id, expected_version=order.version,
                                   shipment_id=shipment.id)
    return shop.orders.deliver_order(request_id=key(), order_id=order.id, expected_version=order.version)


def main() -> None:
    endpoint = os.environ.get("MERCATO_ENDPOINT", "localhost:50051")
    email = f"shopper-{uuid.uuid4().hex[:8]}@example.com"
    with mercato.Client(endpoint) as shopper, \
            mercato.Client(endpoint, token=os.environ["MERCATO_SERVICE_TOKEN"]) as shop:
        shopper.users.register(email=email, password="Checkout-Example-1", display_name="Ada")
        shopper.users.login(email=email, password="Checkout-Example-1")
        order = fulfil(shop, check_out(shopper))
        print(f"order {order.number}: {order.status}")
        history = shopper.orders.get_order_status_history(order.id)
        for change in history.status_history:
            print(f"  {change.changed_at:%H:%M:%S}  {change.from_status} -> {change.to_status}  by {change.actor}")


if __name__ == "__main__":
    main()
