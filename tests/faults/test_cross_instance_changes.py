"""A change made through one instance reaches change streams on another at once: the writer's commit
wakes its own relay, which sequences the event, and PostgreSQL then notifies every instance
(LISTEN/NOTIFY) so that their streams read it. Both instances here look for events unprompted only
once an hour (--outbox-poll-interval-ms), so each delivery below can only come from those wake-ups;
before them, instance B found A's events only at its next poll (up to 200 ms)."""

from faults_support import STAFF, Shop, start_production_mercatod, stop_mercatod

WATCH = "/mercato.v1.CatalogService/WatchChanges"
HOURLY = ("--outbox-poll-interval-ms", "3600000", "--metrics-listen", "")


def test_a_change_through_one_instance_reaches_streams_on_another_without_polling(tmp_path, database, redis):
    first = start_production_mercatod(tmp_path / "a", database, redis.address, *HOURLY)
    second = start_production_mercatod(tmp_path / "b", database, redis.address, *HOURLY)
    try:
        writer = Shop(first)
        # Raw bytes: the product id appears in the serialized event.
        on_second = second.channel().unary_stream(WATCH)(b"", timeout=60, metadata=STAFF)
        on_first = first.channel().unary_stream(WATCH)(b"", timeout=60, metadata=STAFF)
        on_second.initial_metadata()
        on_first.initial_metadata()
        for round in range(5):
            product = writer.new_product(f"Oats {round}")
            for stream in (on_second, on_first):
                # new_product also created a category: skip to the product's event.
                while product.id.encode() not in next(stream):
                    pass
        on_second.cancel()
        on_first.cancel()
    finally:
        stop_mercatod(first)
        stop_mercatod(second)
