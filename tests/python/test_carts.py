"""client.orders' carts through the Python package against a live, seeded mercatod: a customer fills
a cart from the demo catalog and reads it back priced, lines come out as a DataFrame, a stale version
raises ConflictError, and another customer's cart raises NotFoundError like a missing one."""

import itertools
import uuid

import pytest

import mercato
from conftest import signed_in_customer


def test_a_customer_fills_a_cart_priced_from_the_catalog(seeded_mercatod):
    with signed_in_customer(seeded_mercatod.address, "cart") as client:
        products = list(itertools.islice(client.catalog.list_products(page_size=2), 2))
        first, second = (product.variants[0] for product in products)
        cart = client.orders.create_cart(request_id=str(uuid.uuid4()))
        assert cart.currency_code == "GBP" and cart.version == 1 and cart.lines == []
        cart = client.orders.add_cart_line(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                           expected_version=cart.version, sku=first.sku, quantity=2)
        cart = client.orders.add_cart_line(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                           expected_version=cart.version, sku=second.sku, quantity=1)
        read = client.orders.get_cart(cart.id)
        assert [line.sku for line in read.lines] == [first.sku, second.sku]
        assert read.lines[0].line_total.amount_minor == 2 * first.price.amount_minor
        assert read.subtotal.amount_minor == 2 * first.price.amount_minor + second.price.amount_minor
        assert read.lines[0].problem == "UNSPECIFIED"

        with pytest.raises(mercato.ConflictError):
            client.orders.clear_cart(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                     expected_version=cart.version - 1)
        assert len(client.orders.get_cart(cart.id).lines) == 2

        with signed_in_customer(seeded_mercatod.address, "cart") as other:
            with pytest.raises(mercato.NotFoundError):
                other.orders.get_cart(cart.id)
            with pytest.raises(mercato.NotFoundError):
                other.orders.clear_cart(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                        expected_version=read.version)
        cleared = client.orders.clear_cart(request_id=str(uuid.uuid4()), cart_id=cart.id,
                                           expected_version=read.version)
        assert cleared.lines == [] and cleared.subtotal.amount_minor == 0
