"""Kafka stopped while clients write: writes are acknowledged all along (their events wait in the
outbox), and once Kafka is back the same mercatod publishes every outbox event exactly once, each
aggregate's in order. Nothing crashed, so no event may reach Kafka twice."""

import grpc

from event_log import unpublished
from invariants import assert_invariants
from writers import Writers

OK = grpc.StatusCode.OK


def test_kafka_stopped_mid_run_delays_events_but_loses_none_and_sends_none_twice(backends):
    shop = backends.start_mercatod()
    products = [shop.new_product(f"Oats {i}") for i in range(3)]
    with Writers([shop], products) as writers:
        writers.wait_for("write", OK, 15)
        backends.services.stop_kafka()
        writers.wait_for("write", OK, 30)
        assert unpublished(backends.database) > 0  # what was acknowledged while Kafka was away
        backends.services.start()
        writers.wait_for("write", OK, 15)
    assert writers.errors() == {("doomed write", "ABORTED")}
    assert shop.server.process.poll() is None  # the same mercatod throughout
    assert_invariants(backends, writers, [shop], interruptions=0)
