"""A request whose bytes protobuf refuses is the caller's mistake, so every method mercatod serves
answers it INVALID_ARGUMENT naming the message and field, never INTERNAL with an empty message (what
gRPC's own parse answers): a text field holding bytes that are not UTF-8 (ff fe), at whatever depth
it sits, and a truncated message. The methods come from the served descriptor pool, so a new method
is covered without a new case."""

import grpc
import pytest

from conftest import start_mercatod, stop_mercatod
from reflected import Contract

SERVED = ("CatalogService", "UserService", "InventoryService", "DeliveryService", "PaymentService", "OrderService")
STAFF_ACCOUNT = ("ops@request-bytes.example", "Staff-Passw0rd-for-request-bytes")
NOT_UTF8 = b"\xff\xfe"


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def length_delimited(field, payload):
    return varint(field.number << 3 | 2) + varint(len(payload)) + payload


def first_text_field(message, depth=0):
    """The path (field descriptors) to the first string field, searching nested messages."""
    for field in message.fields:
        if field.type == field.TYPE_STRING:
            return [field]
    for field in message.fields:
        if field.type == field.TYPE_MESSAGE and depth < 4 and not field.message_type.full_name.startswith("google."):
            inner = first_text_field(field.message_type, depth + 1)
            if inner:
                return [field, *inner]
    return None


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    email, password = STAFF_ACCOUNT
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--no-seed", "--bootstrap-staff", f"{email}:{password}")
    channel = server.channel()
    contract = Contract(channel)
    login = contract.method(channel, "UserService", "Login")
    token = login(login.request(email=email, password=password), timeout=30).session_token
    yield channel, contract, [("authorization", f"Bearer {token}")]
    stop_mercatod(server)


def served_methods(contract):
    for service in SERVED:
        yield from contract.service(service).methods


def send(channel, service, method, payload, metadata):
    """The status of `method` called with raw request bytes."""
    path = f"/mercato.v1.{service}/{method.name}"
    try:
        if method.server_streaming:
            next(channel.unary_stream(path)(payload, timeout=30, metadata=metadata))
        else:
            channel.unary_unary(path)(payload, timeout=30, metadata=metadata)
    except grpc.RpcError as error:
        return error
    pytest.fail(f"{path} accepted {payload!r}")


def error_field(contract, error):
    info = contract.message("ErrorInfo")()
    for key, value in error.trailing_metadata() or ():
        if key == "mercato-error-info-bin":
            info.ParseFromString(value)
    return info.reason, info.metadata.get("field")


def test_a_text_field_that_is_not_utf8_is_named_by_every_method(shop):
    channel, contract, staff = shop
    checked = 0
    for method in served_methods(contract):
        path = first_text_field(method.input_type)
        if path is None:
            continue
        payload = NOT_UTF8
        for field in reversed(path):
            payload = length_delimited(field, payload)
        dotted = ".".join(field.name + ("[0]" if field.label == field.LABEL_REPEATED else "") for field in path)
        error = send(channel, method.containing_service.name, method, payload, staff)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, (method.full_name, error.code(), error.details())
        assert f"{method.input_type.name}.{dotted} is not valid UTF-8" in error.details(), method.full_name
        assert error_field(contract, error) == ("FIELD_INVALID", dotted), method.full_name
        checked += 1
    # Every served method but the few whose requests hold no text at all.
    assert checked >= 30


def test_a_truncated_request_is_invalid_argument_for_every_method(shop):
    channel, contract, staff = shop
    for method in served_methods(contract):
        # Field 1, 5 bytes long, and only 2 bytes follow.
        error = send(channel, method.containing_service.name, method, b"\x0a\x05ab", staff)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, (method.full_name, error.code(), error.details())
        assert f"not a well-formed {method.input_type.full_name} protobuf message" in error.details()


def test_services_not_built_yet_answer_unimplemented_whatever_the_bytes(shop):
    channel, contract, staff = shop
    for service in ("AnalyticsService",):
        for method in contract.service(service).methods:
            for payload in (b"\x0a\x05ab", length_delimited(method.input_type.fields[0], NOT_UTF8), b""):
                error = send(channel, service, method, payload, staff)
                assert error.code() == grpc.StatusCode.UNIMPLEMENTED, (method.full_name, payload, error.details())
