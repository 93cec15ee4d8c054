"""PostgreSQL stopped (pg_ctl -m fast, and -m immediate as a crash) while clients call: every call
that fails while it is away fails UNAVAILABLE, never INTERNAL or another code; once it is back the
same mercatod serves again (its pool reconnects), no acknowledged write is lost, and the events
invariants hold. PostgreSQL going away between the relay's publishing a batch and committing its
mark is the one way an event reaches Kafka twice here. A call whose commit the stop cut off is
settled by sending it again with its request id."""

import grpc
import pytest

from invariants import assert_invariants
from writers import WHILE_AWAY, Writers

OK, UNAVAILABLE = grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_postgres_stopped_clients_see_only_unavailable_and_mercatod_recovers(backends, mode):
    shop = backends.start_mercatod()
    products = [shop.new_product(f"Oats {i}") for i in range(3)]
    with Writers([shop], products) as writers:
        writers.wait_for("write", OK, 20)
        backends.services.stop_postgres(mode)
        writers.wait_for("read", UNAVAILABLE, 10)
        writers.wait_for("doomed write", UNAVAILABLE, 10)
        backends.services.start()
        writers.wait_for("write", OK, 20)
    assert writers.errors() <= WHILE_AWAY
    assert shop.server.process.poll() is None  # the same mercatod throughout
    assert_invariants(backends, writers, [shop], interruptions=1)
