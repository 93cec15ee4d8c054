"""mercatod killed (SIGKILL) while clients write, then started again on the same backend set: no
acknowledged write is lost and no read returns anything older; every committed event reaches
Kafka and none is invented; an event reaches Kafka twice only if the kill fell between publishing
its batch and marking it; each aggregate's events keep their order. A call cut off by the kill is
settled by sending it again with its request id."""

import grpc

from event_log import unpublished, wait_until_unpublished_below
from invariants import assert_invariants
from writers import WHILE_AWAY, Writers

OK, UNAVAILABLE = grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE


def test_sigkill_mid_write_loses_no_acknowledged_write_and_no_event(backends):
    """Killed while writers run, and started again while they go on; meanwhile they see UNAVAILABLE only."""
    shops = [backends.start_mercatod()]
    products = [shops[0].new_product(f"Oats {i}") for i in range(3)]
    with Writers(shops, products) as writers:
        writers.wait_for("write", OK, 30)
        backends.kill(shops[0])
        writers.wait_for("read", UNAVAILABLE, 3)
        shops[0] = backends.start_mercatod()
        writers.wait_for("write", OK, 30)
    assert writers.errors() <= WHILE_AWAY
    assert ("read", "UNAVAILABLE") in writers.errors()
    assert_invariants(backends, writers, shops, interruptions=1)


def test_sigkill_while_draining_a_backlog_loses_no_event(backends):
    """The backlog piles up while Kafka is away; mercatod is killed once the relay has marked a
    first part of it published and before it marked the rest. Small relay batches make the drain
    take long enough for the kill to land in it."""
    shop = backends.start_mercatod("--outbox-batch-size", "5")
    products = [shop.new_product(f"Oats {i}") for i in range(3)]
    backends.services.stop_kafka()
    with Writers([shop], products, pace=0) as writers:
        writers.wait_for("write", OK, 500)
    assert writers.errors() == {("doomed write", "ABORTED")}
    backlog = unpublished(backends.database)
    backends.services.start()
    wait_until_unpublished_below(backends.database, backlog)
    backends.kill(shop)
    assert unpublished(backends.database) > 0, "the relay drained the backlog before the kill"
    shop = backends.start_mercatod()
    assert_invariants(backends, writers, [shop], interruptions=1)
