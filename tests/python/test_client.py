"""mercato.Client against a live, seeded mercatod: the SDK's local cache (hits, invalidation by
another client's write through the server's change stream, switched off), closing, and the GIL
being released during network calls."""

import os
import signal
import sys
import threading
import time

import pytest

import mercato
from conftest import SERVICE_TOKEN


def poll(read, until, seconds=5.0):
    """Calls read() until until(value) holds or `seconds` pass; returns the last value."""
    deadline = time.monotonic() + seconds
    value = read()
    while not until(value) and time.monotonic() < deadline:
        time.sleep(0.05)
        value = read()
    return value


def test_another_clients_write_reaches_a_cached_reader(seeded_mercatod):
    with mercato.Client(seeded_mercatod.address) as reader, \
            mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN) as writer:
        product = next(reader.catalog.list_products(query="Sourdough"))
        reader.catalog.get_product(product.id)
        # The first reads may race the cache's subscription to the change stream, which empties it.
        stats = poll(lambda: (reader.catalog.get_product(product.id), reader.catalog.cache_stats())[1],
                     lambda s: s["hits"] > 0)
        assert stats["hits"] > 0
        assert reader.catalog.get_product(product.id).name == product.name

        renamed = writer.catalog.update_product(product.id, product.version, name=product.name + " (renamed)")
        seen = poll(lambda: reader.catalog.get_product(product.id).name, lambda name: name == renamed.name)

    assert seen == renamed.name


def test_a_cache_hit_is_the_cached_object_itself_read_only(seeded_mercatod):
    with mercato.Client(seeded_mercatod.address) as reader:
        product = next(reader.catalog.list_products(query="Sourdough"))
        # The cache drops everything once its change stream is up: read until two reads in a row
        # are hits. The SDK hands out the cached value and pybind11 finds the Python object
        # already wrapping it, so no copy is made on the way.
        first, again = poll(lambda: (reader.catalog.get_product(product.id),
                                     reader.catalog.get_product(product.id)),
                            lambda pair: pair[0] is pair[1])
        assert again is first
        assert reader.catalog.cache_stats()["hits"] > 0

        sku = again.variants[0].sku
        by_sku, variant_id = reader.catalog.get_product_by_sku(sku)
        assert by_sku.id == product.id and variant_id == again.variants[0].id
        with pytest.raises(AttributeError):
            again.name = "changed"
        with pytest.raises(TypeError):
            again.__class__ = mercato.Category  # would make every later hit read a Product as a Category
        assert type(reader.catalog.get_product(product.id)) is mercato.Product
        assert reader.catalog.get_product(product.id).name == product.name


def test_a_cached_read_takes_any_argument_form_and_refuses_bad_ones_as_a_miss_does(seeded_mercatod):
    client = mercato.Client(seeded_mercatod.address)
    catalog = client.catalog
    product = next(catalog.list_products(query="Sourdough"))
    sku = product.variants[0].sku
    poll(lambda: catalog.get_product(product.id), lambda _: catalog.cache_stats()["hits"] > 0)
    hits = catalog.cache_stats()["hits"]

    assert catalog.get_product(product_id=product.id).id == product.id
    assert catalog.get_product_by_sku(sku=sku)[0].id == product.id
    assert catalog.get_product(product.id).id == product.id
    assert catalog.cache_stats()["hits"] > hits
    with pytest.raises(TypeError):
        catalog.get_product(42)
    with pytest.raises(TypeError):
        catalog.get_product()
    with pytest.raises(TypeError):
        catalog.get_product(product.id, product.id)
    with pytest.raises(mercato.NotFoundError):
        catalog.get_product("no-such-product")

    client.close()
    with pytest.raises(ValueError, match="closed"):
        catalog.get_product(product.id)  # cached, but the client is closed
    with pytest.raises(ValueError, match="closed"):
        catalog.get_product_by_sku(sku)


def test_a_listing_stops_fetching_once_its_client_is_closed(seeded_mercatod):
    client = mercato.Client(seeded_mercatod.address)
    products = client.catalog.list_products(page_size=2)
    categories = client.catalog.list_categories(page_size=2)
    zones = client.delivery.list_zones()
    next(products)
    next(categories)

    client.close()

    for listing in (products, categories, zones):
        with pytest.raises(ValueError, match="closed"):
            next(listing)
        with pytest.raises(ValueError, match="closed"):
            listing.to_list()


def test_without_the_cache_every_read_asks_the_server(seeded_mercatod, staff):
    with mercato.Client(seeded_mercatod.address, cache=False) as reader:
        product = next(reader.catalog.list_products(query="Croissants"))
        before = reader.catalog.get_product(product.id)
        staff.update_product(product.id, before.version, description="changed behind the reader's back")

        after = reader.catalog.get_product(product.id)

        assert after.description == "changed behind the reader's back"
        assert reader.catalog.cache_stats() == {"hits": 0, "misses": 0, "evictions": 0, "expirations": 0, "size": 0}


def test_close_is_idempotent_and_later_calls_raise(seeded_mercatod):
    client = mercato.Client(seeded_mercatod.address)
    catalog = client.catalog
    assert client.catalog is catalog
    product = next(catalog.list_products(page_size=1))

    client.close()
    client.close()

    assert client.closed
    assert "closed" in repr(client)
    with pytest.raises(ValueError, match="closed"):
        catalog.get_product(product.id)
    with pytest.raises(ValueError, match="closed"):
        client.catalog


def test_context_manager_closes_the_client(seeded_mercatod):
    with mercato.Client(seeded_mercatod.address) as client:
        assert not client.closed
        assert client.endpoint == seeded_mercatod.address
    assert client.closed


def test_client_options_are_checked():
    with pytest.raises(ValueError, match="timeout"):
        mercato.Client("127.0.0.1:1", timeout=0)
    with pytest.raises(ValueError, match="retries"):
        mercato.Client("127.0.0.1:1", retries=-1)


def test_unreachable_server_raises_unavailable_after_the_retries():
    with mercato.Client("127.0.0.1:1", timeout=1.0, retries=1, cache=False) as client:
        with pytest.raises(mercato.UnavailableError) as raised:
            client.catalog.get_product("any")
    assert raised.value.code == "UNAVAILABLE"


def test_the_gil_is_released_while_the_sdk_waits_for_the_network(catalog, categories):
    counter = 0
    stop = threading.Event()

    def count():
        nonlocal counter
        while not stop.is_set():
            counter += 1
            time.sleep(0)  # lets the main thread back in as soon as its call returns

    # A long switch interval: the main thread never hands the GIL over by itself, so the counter
    # can only move while the main thread's call has released it.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(30)
    thread = threading.Thread(target=count, daemon=True)
    try:
        thread.start()
        before = counter
        products = catalog.list_products(category_id=categories["Dairy & Eggs"].id, page_size=1).to_list()
        during = counter - before
    finally:
        stop.set()
        sys.setswitchinterval(interval)
        thread.join()

    assert len(products) > 10
    assert during > 0


class Interrupted(Exception):
    pass


def test_a_signal_interrupts_to_list_between_pages(catalog, categories):
    def interrupt(signum, frame):
        raise Interrupted()

    products = catalog.list_products(category_id=categories["Dairy & Eggs"].id, page_size=1)
    calling = threading.Event()
    # With a long switch interval the thread gets the GIL back only once the main thread's call
    # releases it to wait for a page, so the signal arrives during to_list().
    sender = threading.Thread(target=lambda: (calling.wait(), os.kill(os.getpid(), signal.SIGUSR1)))
    previous_handler = signal.signal(signal.SIGUSR1, interrupt)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(30)
    try:
        sender.start()
        calling.set()
        with pytest.raises(Interrupted):
            products.to_list()
    finally:
        sys.setswitchinterval(interval)
        signal.signal(signal.SIGUSR1, previous_handler)
        sender.join()

    remaining = list(products)  # the interrupted call stopped early: the rest is still there
    assert 10 < len(remaining) < len(catalog.list_products(category_id=categories["Dairy & Eggs"].id).to_list())


@pytest.mark.parametrize("token", ["service-token\n", "with space", "caf\u00e9"])
def test_a_token_no_http_header_can_carry_is_refused_at_once(token):
    # gRPC aborts the process on such a header; a token file's trailing newline is the usual cause.
    with pytest.raises(ValueError, match="HTTP header"):
        mercato.Client("127.0.0.1:1", token=token)
