"""The invariants every fault test asserts once the fault is over and the writers stopped:

data: each product reads (GetProduct and its category's listing, through every running instance)
  as its last acknowledged rename, no read during the run was older than a rename acknowledged
  before it, and each doomed rename failed ABORTED;
events: each acknowledged call has exactly its one event in the outbox, at the version it
  acknowledged, a failed call none; versions increase along each aggregate's outbox order; Kafka
  holds the outbox by event id (0 missing, 0 invented), each aggregate's events in outbox order,
  and more than once only within the crash window of each of `interruptions`."""

import grpc

from event_log import (kafka_against_outbox, out_of_order_aggregates, outbox_matches_calls, read_kafka,
                       wait_until_published)


def assert_invariants(backends, writers, shops, interruptions):
    """`writers` stopped, the backends back; `shops` the running instances."""
    writers.settle()
    for shop in shops:
        views = {p.id: (shop.call("CatalogService/GetProduct", {"productId": p.id}).product.version,
                        shop.customer_view(p)) for p in writers.products}
        assert views == {pid: (version, (name, [name])) for pid, (name, version) in writers.latest().items()}
    assert writers.stale_reads == []
    assert {call.codes[-1] for call in writers.calls if call.doomed} == {grpc.StatusCode.ABORTED}

    outbox = wait_until_published(backends.database)
    assert outbox_matches_calls(outbox, writers.calls) == {}
    assert out_of_order_aggregates(outbox) == []
    kafka = read_kafka(backends.services.kafka, backends.topic_prefix)
    assert kafka_against_outbox(outbox, kafka, interruptions) == {}
