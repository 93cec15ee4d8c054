"""Checkout through the Python package against a live, seeded mercatod: a customer fills a cart from
the demo catalog, picks a slot of the zone that serves their postcode, pays with a test card and
reads the PENDING order back; a retry returns the same order; a declined card raises
FailedPreconditionError PAYMENT_DECLINED with nothing kept; another customer's order raises
NotFoundError like a missing one; orders list as a DataFrame."""

import itertools
import math
import uuid

import pytest

import mercato
from conftest import signed_in_customer

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
