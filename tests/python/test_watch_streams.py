"""WatchChanges streams as a resource: an idle stream holds no server thread (gRPC's callback API),
one caller and the whole instance have a stream limit answered RESOURCE_EXHAUSTED with a message a
person can act on, and shutdown ends open streams with UNAVAILABLE instead of waiting for them.
Thread counts are read from /proc; nothing here measures time."""


import grpc
import pytest

from conftest import start_mercatod, stop_mercatod
from reflected import Contract

WATCH = "/mercato.v1.CatalogService/WatchChanges"
TOKEN = "watch-suite-staff-token"
STAFF = [("authorization", f"Bearer {TOKEN}")]


def open_stream(channel, metadata=()):
    """An open WatchChanges call (raw bytes): returns once the server has accepted it."""
    call = channel.unary_stream(WATCH)(b"", timeout=300, metadata=metadata)
    call.initial_metadata()
    return call


def refusal(call):
    """The status a refused stream ends with."""
    with pytest.raises(grpc.RpcError) as refused:
        next(call)
    return refused.value


def create_category(server, name):
    channel = server.channel()
    contract = Contract(channel)
    rpc = contract.method(channel, "CatalogService", "CreateCategory")
    request = rpc.request()
    request.category.name = name
    return rpc(request, timeout=30, metadata=STAFF).category


def test_thousands_of_idle_streams_hold_no_threads_and_all_receive_a_change(tmp_path):
    server = start_mercatod(
        tmp_path / "data", "--no-seed", "--service-token", TOKEN,
        "--max-watch-streams-per-caller", "3000", "--max-watch-streams-per-address", "3000",
        "--anonymous-rate-burst", "100000",
    )
    try:
        channel = server.channel()
        open_stream(channel).cancel()  # the server's first stream starts gRPC's callback threads
        before = server.threads()
        streams = [open_stream(channel) for _ in range(2000)]
        during = server.threads()
        # The sync API held one thread per open stream: 2000 streams meant 2000 more threads.
        assert during - before < 50, f"{during - before} more server threads with 2000 idle streams open"

        # Unary calls are still answered, and one change reaches every stream.
        category = create_category(server, "Fan-out")
        for stream in streams:
            response = next(stream)
            assert category.id.encode() in response, "a stream missed the change"
        assert server.threads() - before < 50
        for stream in streams:
            stream.cancel()
    finally:
        stop_mercatod(server)


def test_a_caller_and_the_instance_have_a_stream_limit(tmp_path):
    server = start_mercatod(
        tmp_path / "data", "--no-seed", "--service-token", TOKEN,
        "--max-watch-streams-per-caller", "3", "--max-watch-streams", "5",
    )
    try:
        channel = server.channel()
        anonymous = [open_stream(channel) for _ in range(3)]
        error = refusal(channel.unary_stream(WATCH)(b"", timeout=30))
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "you already hold 3 change streams, the most one caller may" in error.details()

        # Another caller has a budget of their own, until the instance is full.
        staff = [open_stream(channel, STAFF) for _ in range(2)]
        error = refusal(channel.unary_stream(WATCH)(b"", timeout=30, metadata=STAFF))
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "already serves its limit of 5 change streams" in error.details()

        # A closed stream gives its place back.
        anonymous.pop().cancel()
        for _ in range(50):
            try:
                anonymous.append(open_stream(channel))
                break
            except grpc.RpcError as refused:
                assert refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        else:
            pytest.fail("a cancelled stream never gave its place back")
        for stream in anonymous + staff:
            stream.cancel()
    finally:
        stop_mercatod(server)


def test_shutdown_ends_open_streams_with_unavailable(tmp_path):
    server = start_mercatod(tmp_path / "data", "--no-seed")
    streams = [open_stream(server.channel()) for _ in range(3)]
    assert server.stop() == 0
    for stream in streams:
        error = refusal(stream)
        assert error.code() == grpc.StatusCode.UNAVAILABLE
        assert "shutting down; reconnect and resume" in error.details()


def sign_in(channel, email):
    contract = Contract(channel)
    register = contract.method(channel, "UserService", "Register")
    register(register.request(email=email, password="Watch-Passw0rd-42", display_name="Watcher"), timeout=30)
    login = contract.method(channel, "UserService", "Login")
    token = login(login.request(email=email, password="Watch-Passw0rd-42"), timeout=30).session_token
    return [("authorization", f"Bearer {token}")]


def test_one_address_is_limited_whatever_accounts_it_signs_in_with(tmp_path):
    server = start_mercatod(
        tmp_path / "data", "--no-seed", "--service-token", TOKEN,
        "--max-watch-streams-per-caller", "3", "--max-watch-streams-per-address", "5",
    )
    try:
        channel = server.channel()
        alice, bob = sign_in(channel, "alice@watch.example"), sign_in(channel, "bob@watch.example")
        streams = [open_stream(channel, alice) for _ in range(3)]
        streams += [open_stream(channel, bob) for _ in range(2)]
        error = refusal(channel.unary_stream(WATCH)(b"", timeout=30, metadata=bob))
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "your network address already holds 5 change streams" in error.details()
        for stream in streams:
            stream.cancel()
    finally:
        stop_mercatod(server)


def test_a_service_account_fleet_is_not_held_to_one_callers_limit(tmp_path):
    server = start_mercatod(
        tmp_path / "data", "--no-seed", "--service-token", TOKEN, "--max-watch-streams-per-caller", "3",
    )
    try:
        channel = server.channel()
        create_category(server, "Fleet")
        from_start = Contract(channel).message("WatchChangesRequest")(after_position=0).SerializeToString()
        streams = [channel.unary_stream(WATCH)(from_start, timeout=300, metadata=STAFF) for _ in range(10)]
        for stream in streams:
            next(stream)  # open: the change arrives (a refused stream raises here)
            stream.cancel()
    finally:
        stop_mercatod(server)
