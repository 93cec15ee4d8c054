"""The generated service clients (users, orders, payments, delivery, analytics) against a live
mercatod: UserService end to end with mercato.Message results, keyword and dict requests, lists as
iterators and DataFrames, another customer's address answering like a missing one, the services
mercatod does not serve yet raising UNIMPLEMENTED, and malformed requests raising TypeError or
ValueError that name the field."""

import datetime
import decimal
import os

import pytest

import mercato
from conftest import start_mercatod, stop_mercatod

STAFF_EMAIL = "ops@mercato.example"
STAFF_PASSWORD = "Staff-Passw0rd-for-tests"
PASSWORD = "Customer-Passw0rd-1"
HOME = {
    "label": "Home",
    "is_default": True,
    "address": {"recipient_name": "Ada", "line1": "1 Main St", "city": "London", "postcode": "N1 9GU",
                "country_code": "GB", "location": {"latitude": 51.5, "longitude": -0.1}},
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--no-seed",
                            "--bootstrap-staff", f"{STAFF_EMAIL}:{STAFF_PASSWORD}")
    yield server
    stop_mercatod(server)


_serial = iter(range(1_000_000))


def customer(server, name):
    """A client logged in as a new customer account, and that account."""
    client = mercato.Client(server.address, cache=False)
    email = f"{name}-{os.getpid()}-{next(_serial)}@example.com"
    user = client.users.register(email=email, password=PASSWORD, display_name=name)
    client.login(email, PASSWORD)
    return client, user


def test_register_and_addresses_read_as_messages(server):
    client, user = customer(server, "ada")
    with client:
        assert isinstance(user, mercato.Message)
        assert user.type_name == "mercato.v1.User"
        assert user.display_name == "ada"
        assert user.roles == ["CUSTOMER"]
        assert user.status == "ACTIVE"
        assert isinstance(user.created_at, datetime.datetime) and user.created_at.tzinfo is not None

        saved = client.users.create_address(address=HOME)
        assert saved.user_id == user.id
        assert saved.address.postcode == "N1 9GU"
        assert saved.address.location.latitude == pytest.approx(51.5)
        assert saved.is_default is True
        assert "postcode='N1 9GU'" in repr(saved)
        assert saved.to_dict()["address"]["city"] == "London"

        assert client.users.get_address({"address_id": saved.id}) == saved
        listed = client.users.list_addresses()
        assert isinstance(listed, mercato.MessageIterator)
        assert [a.id for a in listed] == [saved.id]
        frame = client.users.list_addresses().to_pandas()
        assert list(frame["id"]) == [saved.id]
        assert str(frame["created_at"].dtype) == "datetime64[ns, UTC]"


def test_a_signature_takes_its_fields_positionally(server):
    client, _ = customer(server, "mary")
    with client:
        saved = client.users.create_address(address=HOME)
        assert client.users.get_address(saved.id) == client.users.get_address(address_id=saved.id) == saved
        with pytest.raises(TypeError, match="multiple values for address_id"):
            client.users.get_address(saved.id, address_id=saved.id)
        with pytest.raises(TypeError, match=r"takes a request or 1 positional argument\(s\) \(address_id\), 2 given"):
            client.users.get_address(saved.id, "extra")
        with pytest.raises(TypeError, match=r"2 positional argument\(s\) \(address_id, expected_version\), 1 given"):
            client.users.delete_address(saved.id)
        with pytest.raises(ValueError, match=r"address_id: not valid text"):
            client.users.get_address("\ud800")
        with pytest.raises(mercato.ConflictError):
            client.users.delete_address(saved.id, saved.version + 1)  # a stale version deletes nothing
        assert client.users.get_address(saved.id) == saved
        client.users.delete_address(saved.id, saved.version)
        with pytest.raises(mercato.NotFoundError):
            client.users.get_address(saved.id)
        with pytest.raises(mercato.NotFoundError):
            client.delivery.get_zone("zone-1")
        assert "get_address(address_id, /, **fields)" in client.users.get_address.__doc__


def test_the_generated_login_and_logout_change_the_clients_session(server):
    client = mercato.Client(server.address, cache=False)
    email = f"session-{os.getpid()}-{next(_serial)}@example.com"
    with client:
        client.users.register(email=email, password=PASSWORD, display_name="sam")
        client.users.login(email=email, password=PASSWORD)
        assert client.logged_in
        assert client.me().email == email
        client.users.logout()
        assert not client.logged_in
        with pytest.raises(mercato.UnauthenticatedError):
            client.users.get_me()


def test_partial_update_with_a_field_mask_and_a_stale_version(server):
    client, _ = customer(server, "grace")
    with client:
        me = client.users.get_me()
        renamed = client.users.update_me(user={"display_name": "Grace H."}, update_mask={"paths": ["display_name"]},
                                         expected_version=me.version)
        assert renamed.display_name == "Grace H."
        assert renamed.version == me.version + 1
        with pytest.raises(mercato.ConflictError):
            client.users.update_me(user={"display_name": "stale"}, update_mask={"paths": ["display_name"]},
                                   expected_version=me.version)
        # A view of one call's result is a request of the next.
        assert client.users.update_me(user=renamed, update_mask={"paths": ["display_name"]},
                                      expected_version=renamed.version).version == renamed.version + 1


def test_another_customers_address_answers_exactly_like_a_missing_one(server):
    owner, _ = customer(server, "owner")
    eve, _ = customer(server, "eve")
    with owner, eve:
        saved = owner.users.create_address(address=HOME)
        with pytest.raises(mercato.NotFoundError) as theirs:
            eve.users.get_address(address_id=saved.id)
        with pytest.raises(mercato.NotFoundError) as missing:
            eve.users.get_address(address_id="no-such-address")
        assert theirs.value.reason == missing.value.reason
        assert eve.users.list_addresses().to_list() == []
        with pytest.raises(mercato.PermissionDeniedError):
            eve.users.list_users().to_list()


def test_services_not_served_yet_raise_unimplemented(server):
    with mercato.Client(server.address, cache=False) as client:
        calls = [
            lambda: client.analytics.get_sales_report(granularity="DAY"),
            lambda: client.analytics.get_inventory_forecast(location_id="dc1", horizon_days=7),
        ]
        for call in calls:
            with pytest.raises(mercato.MercatoError) as raised:
                call()
            assert raised.value.code == "UNIMPLEMENTED"


def test_malformed_requests_raise_and_name_the_field(server):
    with mercato.Client(server.address, cache=False) as client:
        with pytest.raises(TypeError, match="adress_id"):
            client.users.get_address(adress_id="x")
        with pytest.raises(TypeError, match="address_id"):
            client.users.get_address(address_id=7)
        with pytest.raises(ValueError, match="FORTNIGHT"):
            client.analytics.get_sales_report(granularity="FORTNIGHT")
        with pytest.raises(ValueError, match="page_size"):
            client.users.list_addresses(page_size=2**40)
        with pytest.raises(TypeError, match=r"address\.address\.line1"):
            client.users.create_address(address={"address": {"line1": 1}})
        with pytest.raises(TypeError, match="expected a UserAddress, got a User"):
            client.users.create_address(address=client.users.register(
                email=f"x-{os.getpid()}@example.com", password=PASSWORD))
        client.close()
        with pytest.raises(ValueError, match="closed"):
            client.users.get_me()


def test_money_reads_as_a_decimal_amount_with_its_currency():
    price = mercato.Money(1999, "GBP")
    assert str(price.amount) == "19.99" and repr(price) == "<Money 19.99 GBP>"
    assert str(mercato.Money(1999, "JPY")) == "1999 JPY"
    assert str(mercato.Money(-5, "BHD")) == "-0.005 BHD"
    assert price.amount_minor == 1999


def test_server_streams_read_as_message_streams(server):
    with mercato.Client(server.address, cache=False) as staff, mercato.Client(server.address, cache=False) as reader:
        staff.login(STAFF_EMAIL, STAFF_PASSWORD)
        created = staff.catalog.create_category("Bakery", f"bakery-{os.getpid()}")
        with reader.catalog.watch_changes(after_position=0, aggregate_types=["category"]) as changes:
            assert isinstance(changes, mercato.MessageStream)
            first = next(changes)
            assert first.type_name == "mercato.v1.WatchChangesResponse"
            assert first.event.aggregate_type == "category"
            assert first.event.aggregate_id == created.id
        with pytest.raises(StopIteration):
            next(changes)  # closed: the call is cancelled and iteration is over

        export = reader.analytics.export_orders()
        with pytest.raises(mercato.MercatoError) as raised:
            next(export)
        assert raised.value.code == "UNIMPLEMENTED"
        with pytest.raises(StopIteration):
            next(export)


def test_a_stream_is_read_by_one_thread_and_close_ends_a_waiting_read(server):
    import threading
    import time

    with mercato.Client(server.address, cache=False) as client:
        stream = client.catalog.watch_changes()  # from now on: nothing arrives
        outcomes = []

        def read():
            try:
                next(stream)
                outcomes.append("message")
            except StopIteration:
                outcomes.append("ended")
            except ValueError as error:  # the other thread is waiting in next()
                outcomes.append("refused" if "another thread" in str(error) else repr(error))

        readers = [threading.Thread(target=read) for _ in range(2)]
        for reader in readers:
            reader.start()
        deadline = time.monotonic() + 10
        while not outcomes and time.monotonic() < deadline:
            time.sleep(0.01)
        assert outcomes == ["refused"]
        stream.close()  # cancels the call: the waiting reader's iteration ends
        for reader in readers:
            reader.join(timeout=10)
        assert sorted(outcomes) == ["ended", "refused"]


def unimplemented(call):
    """The call reached the server (which does not serve it yet): the request was accepted."""
    with pytest.raises(mercato.MercatoError) as raised:
        call()
    assert raised.value.code == "UNIMPLEMENTED", raised.value


def test_requests_take_what_results_and_frames_give_back(server):
    import numpy

    client, _ = customer(server, "frames")
    with client:
        client.users.create_address(address=HOME)
        frame = client.users.list_addresses().to_pandas()
        row = frame.iloc[0]
        assert isinstance(row["version"], numpy.int64) and isinstance(row["is_default"], numpy.bool_)
        updated = client.users.update_address(address={"id": row["id"], "is_default": row["is_default"]},
                                              update_mask={"paths": ["is_default"]}, expected_version=row["version"])
        assert updated.version == row["version"] + 1
        price = mercato.Money(1999, "GBP")
        assert price.currency_code == "GBP"
        with pytest.raises(mercato.PermissionDeniedError):
            client.payments.capture_payment(payment_id="p-1", request_id="r-1", amount=price.to_dict())
        unimplemented(lambda: client.analytics.get_sales_report(granularity="day", group_by="UNSPECIFIED"))


def test_requests_that_cannot_mean_one_thing_are_refused(server):
    with mercato.Client(server.address, cache=False) as client:
        with pytest.raises(TypeError, match="address_id or address|address or address_id"):
            client.orders.place_order(cart_id="c", address_id="a1", address={"line1": "x"})
        with pytest.raises(ValueError, match=r"address\.address\.location\.latitude"):
            client.users.create_address(address={"address": {"location": {"latitude": 2**2000}}})
        with pytest.raises(TypeError, match="request"):
            client.users.get_address(["x"])
        with pytest.raises(TypeError, match="amount_minor"):
            mercato.Money(decimal.Decimal("1.50"), "GBP")
        with pytest.raises(TypeError, match="amount_minor"):
            mercato.Money(True, "GBP")


def test_a_daemon_thread_waiting_on_a_stream_does_not_abort_the_interpreter_at_exit(server):
    import subprocess
    import sys

    script = f"""
import threading, time, mercato
client = mercato.Client({server.address!r}, cache=False)
stream = client.catalog.watch_changes()
threading.Thread(target=lambda: next(stream), daemon=True).start()
time.sleep(0.3)
"""
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr


def test_the_clients_close_ends_its_open_streams_a_waiting_read_too(server):
    import threading

    client = mercato.Client(server.address, cache=False)
    idle = client.catalog.watch_changes()      # nobody reads it
    waited = client.catalog.watch_changes()    # a thread waits on it
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(next(waited, "ended")))
    reader.start()
    reader.join(timeout=0.3)
    assert reader.is_alive()  # nothing arrives: it waits
    client.close()
    reader.join(timeout=10)
    assert outcome == ["ended"]
    with pytest.raises(StopIteration):
        next(idle)
