"""Two mercatod instances on one backend set (one database, one Redis, one Kafka), written through
both at once: each event reaches Kafka exactly once (one relay publishes at a time), each
aggregate's in order, and a read through either instance is never older than a write acknowledged
by the other."""

import grpc

from invariants import assert_invariants
from writers import Writers


def test_two_instances_publish_each_event_once(backends):
    shops = [backends.start_mercatod(), backends.start_mercatod()]
    products = [shops[i % 2].new_product(f"Oats {i}") for i in range(4)]
    with Writers(shops, products) as writers:
        writers.wait_for("write", grpc.StatusCode.OK, 100)
    assert writers.errors() == {("doomed write", "ABORTED")}
    assert_invariants(backends, writers, shops, interruptions=0)
