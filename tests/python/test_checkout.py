"""Checkout through the Python package against a live, seeded mercatod: a customer fills a cart from
the demo catalog, picks a slot of the zone that serves their postcode, pays with a test card and
reads the PENDING order back; a retry returns the same order; a declined card raises
FailedPreconditionError PAYMENT_DECLINED with nothing kept; another customer's order raises
NotFoundError like a missing one; orders list as a DataFrame; a capture racing the order's
cancellation never leaves the cancelled order's money taken."""

import itertools
import math
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

import mercato
from conftest import SERVICE_TOKEN, signed_in_customer

ADDRESS = {"recipient_name": "Ada", "line1": "1 Parliament St", "city": "London", "postcode": "SW1A 2AA",
           "country_code": "GB"}


def filled_cart(client, minimum_minor):
    """A cart of two demo products worth at least `minimum_minor`."""
    products = list(itertools.islice(client.catalog.list_products(page_size=2), 2))
    cart = client.orders.create_cart(request_id=str(uuid.uuid4()))
    for product in products:
        variant = product.variants[0]
        units = max(1, math.ceil(minimum_minor / 2 / variant.price.amount_minor))
        cart = client.orders.add_cart_line(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                           expected_version=cart.version, sku=variant.sku, quantity=units)
    return cart


def checkout(client, cart, slot, card, request_id):
    return client.orders.place_order(request_id=request_id, cart_id=cart.id, expected_cart_version=cart.version,
                                     address=ADDRESS, delivery_slot_id=slot.id, payment_provider="test",
                                     payment_method_token=card)


def first_open_slot(client):
    zone = client.delivery.resolve_zone(address={"postcode": ADDRESS["postcode"]})
    return zone, next(iter(client.delivery.list_slots(zone_id=zone.id, only_available=True, page_size=5)))


def test_a_customer_checks_out_and_reads_the_order(seeded_mercatod):
    with signed_in_customer(seeded_mercatod.address, "checkout") as client:
        zone, slot = first_open_slot(client)
        cart = filled_cart(client, zone.min_order.amount_minor)
        key = str(uuid.uuid4())
        order = checkout(client, cart, slot, "tok_visa", key)
        assert order.status == "PENDING"
        assert order.number.startswith("M-")
        assert order.total.amount_minor == cart.subtotal.amount_minor + zone.delivery_fee.amount_minor
        assert [item.sku for item in order.items] == [line.sku for line in cart.lines]
        assert client.orders.get_cart(cart.id).lines == []

        assert checkout(client, cart, slot, "tok_visa", key).id == order.id, "a retry returns the same order"
        assert client.orders.get_order(order.id).number == order.number
        frame = client.orders.list_orders().to_pandas()
        assert list(frame["id"]) == [order.id]
        history = client.orders.get_order_status_history(order.id)
        assert [change.to_status for change in history.status_history] == ["PENDING"]

        with signed_in_customer(seeded_mercatod.address, "checkout") as other:
            with pytest.raises(mercato.NotFoundError):
                other.orders.get_order(order.id)
            assert other.orders.list_orders().to_list() == []


def test_a_declined_card_keeps_nothing(seeded_mercatod):
    with signed_in_customer(seeded_mercatod.address, "declined") as client:
        zone, slot = first_open_slot(client)
        cart = filled_cart(client, zone.min_order.amount_minor)
        before = client.delivery.get_slot(slot.id)
        with pytest.raises(mercato.FailedPreconditionError) as declined:
            checkout(client, cart, slot, "tok_chargeDeclined", str(uuid.uuid4()))
        assert declined.value.reason == "PAYMENT_DECLINED"
        assert client.delivery.get_slot(slot.id).booked == before.booked
        assert len(client.orders.get_cart(cart.id).lines) == 2
        assert client.orders.list_orders().to_list() == []


def test_a_capture_racing_a_cancellation_leaves_no_money_taken(seeded_mercatod):
    """The customer cancels a confirmed order while staff capture its payment, at once, several
    times: whichever wins, once both calls have answered a cancelled order's payment holds nothing
    (VOIDED, or REFUNDED at once when the capture got in first), and a capture that answered OK
    on an order cancelled before it was refused never happened."""
    with signed_in_customer(seeded_mercatod.address, "race") as customer, \
            mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN, cache=False) as staff:
        zone, slot = first_open_slot(customer)
        outcomes = []
        for _ in range(20):
            cart = filled_cart(customer, zone.min_order.amount_minor)
            # An order whose capture won keeps its stock: receive what each one takes, so that the
            # demo's stock, shared with the module's other tests, never runs out mid-race.
            for line in cart.lines:
                staff.inventory.adjust_stock(line.sku, "dc1", line.quantity, reason="race test delivery")
            order = checkout(customer, cart, slot, "tok_visa", str(uuid.uuid4()))
            confirmed = staff.orders.confirm_order(request_id=str(uuid.uuid4()), order_id=order.id,
                                                   expected_version=order.version)
            payment = staff.payments.get_payment(order.payment_id)

            def cancel():
                return customer.orders.cancel_order(request_id=str(uuid.uuid4()), order_id=order.id,
                                                    expected_version=confirmed.version, reason="race")

            def capture():
                return staff.payments.capture_payment(request_id=str(uuid.uuid4()), payment_id=payment.id,
                                                      expected_version=payment.version, final_capture=True)

            with ThreadPoolExecutor(max_workers=2) as pool:
                calls = [pool.submit(cancel), pool.submit(capture)]
                answered = [call.exception() is None for call in calls]
            status = staff.orders.get_order(order.id).status
            settled = staff.payments.get_payment(payment.id)
            outcomes.append((answered, status, settled.status))
            if status == "CANCELLED":
                assert settled.status in ("VOIDED", "REFUNDED"), outcomes
                assert settled.refunded_amount.amount_minor == settled.captured_amount.amount_minor, outcomes
            else:
                assert answered == [False, True] and status == "PAID", outcomes
