"""Redis losing data, refusing writes or being killed can only cost cache hits: after a catalog
write was acknowledged, no read (GetProduct, ListProducts) returns the product as it was before.
The catalog generation that keys cached listings lives in PostgreSQL, bumped in the write's own
transaction; before, it lived in Redis and these reads went back to the old name for up to 5 minutes."""

import shutil

import grpc
import pytest

from faults_support import (PASSWORD, Shop, create_database, drop_database, required_env, start_production_mercatod,
                            stop_mercatod, until)


def test_a_write_while_redis_refuses_writes_is_read_back_fresh(shop, redis):
    product = shop.new_product("Porridge oats")
    assert shop.customer_view(product) == ("Porridge oats", ["Porridge oats"])  # now cached

    # Out of memory with no eviction: every write command fails, reads still answer.
    assert redis.cli("CONFIG", "SET", "maxmemory-policy", "noeviction") == "OK"
    assert redis.cli("CONFIG", "SET", "maxmemory", "1") == "OK"
    renamed = shop.rename(product, "Jumbo oats")
    assert shop.customer_view(renamed) == ("Jumbo oats", ["Jumbo oats"])


def test_a_redis_restarted_from_an_older_aof_serves_nothing_older_than_a_write(shop, redis, tmp_path):
    product = shop.new_product("Porridge oats")
    assert shop.customer_view(product) == ("Porridge oats", ["Porridge oats"])  # now cached
    # Redis's persisted state at this moment, as a replica or a backup would have it.
    redis.cli("BGREWRITEAOF")
    while redis.cli("INFO", "persistence").find("aof_rewrite_in_progress:0") < 0:
        pass
    redis.stop()
    snapshot = tmp_path / "redis-snapshot"
    shutil.copytree(redis.directory, snapshot)
    redis.start()

    renamed = shop.rename(product, "Jumbo oats")
    assert shop.customer_view(renamed) == ("Jumbo oats", ["Jumbo oats"])

    # Redis comes back from the older state.
    redis.stop()
    shutil.rmtree(redis.directory)
    shutil.copytree(snapshot, redis.directory)
    redis.start()
    assert shop.customer_view(renamed) == ("Jumbo oats", ["Jumbo oats"])


def test_a_write_while_redis_is_down_is_read_back_fresh_after_it_returns(shop, redis):
    product = shop.new_product("Porridge oats")
    assert shop.customer_view(product) == ("Porridge oats", ["Porridge oats"])  # now cached
    redis.kill()
    renamed = shop.rename(product, "Jumbo oats")
    assert shop.customer_view(renamed) == ("Jumbo oats", ["Jumbo oats"])
    redis.start()  # with its AOF: the entries cached before the write are back
    assert shop.customer_view(renamed) == ("Jumbo oats", ["Jumbo oats"])


def test_while_redis_is_down_sessions_answer_unavailable_and_browsing_goes_on(shop, redis):
    """What the README promises of a Redis outage: sessions live only in Redis, so signed-in calls and
    logins answer UNAVAILABLE (never INTERNAL, never UNAUTHENTICATED: the session is not gone) while
    anonymous browsing reads PostgreSQL; once Redis is back from its AOF the same session works."""
    product = shop.new_product("Porridge oats")
    shopper = shop.sign_up()
    email = shop.call("UserService/GetMe", {}, metadata=shopper).user.email
    redis.kill()
    for call in (lambda: shop.call("UserService/GetMe", {}, metadata=shopper),
                 lambda: shop.call("UserService/Login", {"email": email, "password": PASSWORD})):
        with pytest.raises(grpc.RpcError) as refused:
            call()
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    assert shop.customer_view(product) == ("Porridge oats", ["Porridge oats"])
    redis.start()

    def session_answers():  # UNAVAILABLE until the circuit closes at the next probe
        try:
            return shop.call("UserService/GetMe", {}, metadata=shopper).user.email == email
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.UNAVAILABLE
            return False

    until(session_answers, "the session answering again")


def test_two_databases_sharing_one_redis_and_prefix_never_see_each_others_listings(tmp_path, database, redis):
    """Staging beside production on one Redis with the default key prefix, or a database created again
    while Redis keeps its keys: each database's instance lists only its own products. Keys carry the
    database's random installation id; before, the second instance listed the first one's product."""
    other = create_database(required_env("MERCATO_TEST_POSTGRES"))
    first = start_production_mercatod(tmp_path / "first", database, redis.address)
    second = start_production_mercatod(tmp_path / "second", other, redis.address)
    try:
        for shop, name in ((Shop(first), "Product of database 1"), (Shop(second), "Product of database 2")):
            product = shop.new_product(name)
            assert shop.customer_view(product) == (name, [name])
            listed = shop.call("CatalogService/ListProducts", {}).products
            assert [p.name for p in listed] == [name]
    finally:
        stop_mercatod(first)
        stop_mercatod(second)
        drop_database(required_env("MERCATO_TEST_POSTGRES"), other)
