"""A unary call occupies a server thread only once its request has arrived: a client that opens
calls and never sends their request message holds no thread (each such call used to hold one until
its deadline, before any rate limit ran: 10,000 of them took 10,000 threads). Thread counts are read
from /proc; nothing here measures time."""

import threading

import grpc

from conftest import start_mercatod, stop_mercatod
from reflected import Contract

STALLED = 300


def test_calls_that_never_send_their_request_hold_no_thread(tmp_path):
    server = start_mercatod(tmp_path / "data", "--no-seed")
    never = threading.Event()

    def no_request():
        never.wait()
        yield b""  # never reached while the test runs

    calls = []
    try:
        channel = server.channel()
        contract = Contract(channel)
        list_categories = contract.method(channel, "CatalogService", "ListCategories")
        list_categories(list_categories.request(), timeout=10)
        before = server.threads()
        # A streaming call on a unary method's path: headers go out, the request message never does.
        stalled = channel.stream_stream("/mercato.v1.CatalogService/ListCategories")
        calls = [stalled(no_request(), timeout=120) for _ in range(STALLED)]
        # A call made after all of them on the same connection is answered, so the server has
        # seen every stalled one.
        list_categories(list_categories.request(), timeout=10)
        during = server.threads()
        assert during - before < 50, f"{during - before} more server threads with {STALLED} stalled calls"
    finally:
        never.set()
        for call in calls:
            call.cancel()
        stop_mercatod(server)
