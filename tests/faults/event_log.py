"""The events of a test's backend set on both sides of the relay: the outbox (mercato.outbox, what the
writes committed) and Kafka (what the relay published), and the invariants between them.

Kafka carries each event with its aggregate id as key and its event id and type as headers
(server/adapters/kafka/kafka_event_sink.cc); the relay publishes in outbox position order, in
batches of at most RELAY_BATCH (server/domain/events/outbox_relay.h), marking a batch published
only after Kafka acknowledged all of it."""

import collections
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from faults_support import psql, until

REPO = Path(__file__).resolve().parents[2]
KAFKA_DUMP = Path(__file__).resolve().parent / "KafkaDump.java"
RELAY_BATCH = 200


@dataclass(frozen=True)
class OutboxEvent:
    event_id: str
    position: int
    aggregate_id: str
    event_type: str
    sequence: int  # the aggregate's version after the change
    request_id: str  # of the call that caused it ("" for calls sent without one)


@dataclass(frozen=True)
class KafkaMessage:
    topic: str
    partition: int
    offset: int
    key: str
    event_id: str
    event_type: str


# The relay has published every event up to this position (migration 0011's cursor).
PUBLISHED_THROUGH = "SELECT position FROM mercato.outbox_cursors WHERE name = 'published'"


def wait_until_published(database_url, seconds=60):
    """The outbox in position order once the relay has sequenced and published every row in it."""
    until(lambda: psql(database_url, "SELECT count(*) FROM mercato.outbox WHERE position IS NULL OR position > "
                                     f"({PUBLISHED_THROUGH})")[0][0] == "0",
          "publishing every outbox event", seconds, pause=0.2)
    rows = psql(database_url, "SELECT event_id, position, aggregate_id, event_type, envelope->>'sequence', "
                              "coalesce(envelope->'headers'->>'request_id', '') FROM mercato.outbox ORDER BY position")
    return [OutboxEvent(event_id, int(position), aggregate_id, event_type, int(sequence), request_id)
            for event_id, position, aggregate_id, event_type, sequence, request_id in rows]


def unpublished(database_url):
    """How many outbox events the relay has not published."""
    return int(psql(database_url, "SELECT count(*) FROM mercato.outbox WHERE position IS NULL OR position > "
                                  f"({PUBLISHED_THROUGH})")[0][0])


def wait_until_unpublished_below(database_url, count, seconds=60):
    """Returns as soon as fewer than `count` outbox events are unpublished: it asks again as fast as
    psql answers, so that a kill that follows lands while the relay is still draining."""
    until(lambda: unpublished(database_url) < count, f"the relay publishing any of {count} events", seconds, pause=0)


def read_kafka(brokers, topic_prefix):
    """Every message of the topics named `topic_prefix`..., in (topic, partition, offset) order."""
    libs = os.environ.get("MERCATO_KAFKA_LIBS", str(REPO / "build" / "kafka-libs"))
    done = subprocess.run(["java", "-cp", f"{libs}/*", str(KAFKA_DUMP), brokers, topic_prefix],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"KafkaDump failed: {done.stderr}"
    messages = []
    for line in done.stdout.splitlines():
        topic, partition, offset, key, event_id, event_type = line.split("\t")
        messages.append(KafkaMessage(topic, int(partition), int(offset), key, event_id, event_type))
    return sorted(messages, key=lambda m: (m.topic, m.partition, m.offset))


def outbox_matches_calls(outbox, calls):
    """What contradicts "each acknowledged call has exactly its one event, at the version it
    acknowledged, and a failed call none", as {problem: [request ids]} (empty when all holds).
    `calls` are writers.Call whose outcome is settled."""
    by_request = collections.defaultdict(list)
    for event in outbox:
        by_request[event.request_id].append(event)
    problems = collections.defaultdict(list)
    for call in calls:
        events = by_request.pop(call.request_id, [])
        if call.acknowledged_version is None:
            if events:
                problems["event of a failed call"].append(call.request_id)
        elif [(e.aggregate_id, e.sequence) for e in events] != [(call.product_id, call.acknowledged_version)]:
            problems["acknowledged call without exactly its event"].append(call.request_id)
    by_request.pop("", None)  # set-up calls sent without a request id
    if by_request:
        problems["event of no call"] = sorted(by_request)
    return dict(problems)


def out_of_order_aggregates(outbox):
    """Aggregates whose outbox events, in position order, do not have increasing versions."""
    versions = collections.defaultdict(list)
    for event in outbox:
        versions[event.aggregate_id].append(event.sequence)
    return sorted(aggregate for aggregate, seen in versions.items() if seen != sorted(set(seen)))


def kafka_against_outbox(outbox, kafka, interruptions):
    """What contradicts "Kafka holds the outbox, by event id, in each aggregate's order", as
    {problem: details} (empty when all holds).

    An event may reach Kafka more than once only where the relay was interrupted between publishing
    a batch and marking it (mercatod killed, or PostgreSQL gone before the mark committed): a batch
    is at most RELAY_BATCH consecutive positions, so after `interruptions` such interruptions each
    event has at most 1 + interruptions copies and the re-published events fit in `interruptions`
    spans of RELAY_BATCH positions. Re-deliveries aside, each aggregate's events come in outbox order."""
    problems = {}
    in_outbox = {event.event_id: event for event in outbox}
    copies = collections.Counter(message.event_id for message in kafka)
    if missing := sorted(set(in_outbox) - set(copies)):
        problems["missing from kafka"] = missing
    if invented := sorted(set(copies) - set(in_outbox)):
        problems["invented by kafka"] = invented
    if mislabelled := [m for m in kafka if m.event_id in in_outbox and
                       (m.key, m.event_type) != (in_outbox[m.event_id].aggregate_id,
                                                 in_outbox[m.event_id].event_type)]:
        problems["key or type unlike the outbox's"] = mislabelled

    repeated = sorted(in_outbox[event_id].position for event_id, n in copies.items() if n > 1 and event_id in in_outbox)
    spans = batch_spans(repeated)
    if max(copies.values(), default=1) > 1 + interruptions or len(spans) > interruptions:
        problems["re-delivered beyond the crash window"] = {
            "interruptions": interruptions, "copies": {e: n for e, n in copies.items() if n > 1},
            "spans of positions": spans}

    partitions = collections.defaultdict(set)
    kafka_order = collections.defaultdict(list)
    for message in kafka:  # in partition order
        partitions[message.key].add((message.topic, message.partition))
        if message.event_id not in kafka_order[message.key]:
            kafka_order[message.key].append(message.event_id)
    outbox_order = collections.defaultdict(list)
    for event in outbox:
        outbox_order[event.aggregate_id].append(event.event_id)
    if split := sorted(key for key, where in partitions.items() if len(where) > 1):
        problems["aggregate spread over partitions"] = split
    if reordered := sorted(key for key in kafka_order if kafka_order[key] != outbox_order.get(key)):
        problems["aggregate order unlike the outbox's"] = reordered
    return problems


def batch_spans(positions):
    """The fewest spans of RELAY_BATCH consecutive positions that hold `positions` (sorted), as
    (first, last) pairs: [1, 5, 300] -> [(1, 5), (300, 300)]."""
    spans = []
    for position in positions:
        if spans and position < spans[-1][0] + RELAY_BATCH:
            spans[-1] = (spans[-1][0], position)
        else:
            spans.append((position, position))
    return spans
