"""Two mercatod processes on one PostgreSQL, 32 clients reserving the last units of a hot SKU and of a
few ordinary ones, and one instance killed with SIGKILL mid-run. Once the reservations' TTL has
passed, the surviving instance's sweeper has released every orphaned hold and the books balance:
for every SKU the ledger explains the stock row, nothing was committed or held beyond what was
received, and no reservation was released twice."""

import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter, defaultdict

import grpc
import pytest

from conftest import start_mercatod, stop_mercatod
from reflected import Contract

POSTGRES = os.environ.get("MERCATO_TEST_POSTGRES", "")
TOKEN = "crash-test-staff-token"
HOLD_SECONDS = 2
SKUS = {"hot": 120, "rice": 300, "pasta": 300, "flour": 300}
CLIENTS = 32
RECEIPT, ADJUSTMENT, RESERVATION, RELEASE, COMMIT = 1, 2, 3, 4, 5
ACTIVE = 1

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs MERCATO_TEST_POSTGRES (scripts/services.sh start)")


@pytest.fixture
def scratch_database():
    """A fresh PostgreSQL database for this test only, dropped afterwards."""
    name = f"crash_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", POSTGRES, "-qc", f"CREATE DATABASE {name}"], check=True)
    yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    subprocess.run(["psql", POSTGRES, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)


def auth():
    return (("authorization", f"Bearer {TOKEN}"),)


class Inventory:
    """The InventoryService calls this test makes, on one channel."""

    def __init__(self, contract, channel):
        self.calls = {
            name: contract.method(channel, "InventoryService", name)
            for name in ("AdjustStock", "GetStock", "Reserve", "CommitReservation", "ReleaseReservation",
                         "GetReservation", "ListMovements")
        }

    def __call__(self, name, **fields):
        call = self.calls[name]
        return call(call.request(**fields), metadata=auth(), timeout=30)


def receive(inventory, sku, units):
    inventory("AdjustStock", request_id=str(uuid.uuid4()), sku=sku, location_id="dc1", delta=units, kind=RECEIPT,
              reason="opening stock", expected_version=0)


def movements(inventory):
    found, token = [], ""
    while True:
        page = inventory("ListMovements", page_size=200, page_token=token)
        found.extend(page.movements)
        token = page.next_page_token
        if not token:
            return found


def total(movements_of_one_sku, *kinds):
    return sum(m.quantity for m in movements_of_one_sku if m.kind in kinds)


def shop(inventory, seed, stop, outcomes, acknowledged):
    """Reserve the hot SKU and an ordinary one, then commit, release or abandon the hold."""
    rng = random.Random(seed)
    ordinary = ["rice", "pasta", "flour"]
    while not stop.is_set():
        lines = [{"sku": "hot", "location_id": "dc1", "quantity": 1},
                 {"sku": rng.choice(ordinary), "location_id": "dc1", "quantity": 2}]
        try:
            reservation = inventory("Reserve", request_id=str(uuid.uuid4()), lines=lines,
                                    ttl={"seconds": HOLD_SECONDS}).reservation
            outcomes["reserved"] += 1
            acknowledged.append(reservation.id)
            choice = rng.random()
            if choice < 0.4:
                inventory("CommitReservation", request_id=str(uuid.uuid4()), reservation_id=reservation.id)
            elif choice < 0.7:
                inventory("ReleaseReservation", request_id=str(uuid.uuid4()), reservation_id=reservation.id)
        except grpc.RpcError as error:
            outcomes[error.code().name] += 1
            if error.code() == grpc.StatusCode.UNAVAILABLE:
                return  # its instance is gone
            time.sleep(0.01)


def test_killed_instance_loses_nothing_and_its_holds_expire(tmp_path, scratch_database):
    flags = ("--postgres", scratch_database, "--postgres-pool-size", "4", "--no-seed", "--service-token", TOKEN,
             "--user-rate-burst", "1000000", "--reservation-sweep-interval-ms", "100", "--metrics-listen", "")
    survivor = start_mercatod(tmp_path / "a", *flags)
    victim = start_mercatod(tmp_path / "b", *flags)
    channels = []
    try:
        contract = Contract(survivor.channel())
        for _ in range(CLIENTS):
            channels.append(grpc.insecure_channel(survivor.address if len(channels) % 2 == 0 else victim.address))
        inventories = [Inventory(contract, channel) for channel in channels]
        for sku, units in SKUS.items():
            receive(inventories[0], sku, units)

        stop = threading.Event()
        outcomes, acknowledged = Counter(), []
        threads = [threading.Thread(target=shop, args=(inventories[i], i, stop, outcomes, acknowledged))
                   for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        # Kill once the hot SKU has run out at least once, so the race for its last units is on.
        deadline = time.monotonic() + 60
        while outcomes["FAILED_PRECONDITION"] == 0:
            assert time.monotonic() < deadline, f"the hot SKU never ran out: {outcomes}"
            time.sleep(0.05)
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait(timeout=10)
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert outcomes["reserved"] > 0 and outcomes["FAILED_PRECONDITION"] > 0, outcomes
        assert set(outcomes) <= {"reserved", "FAILED_PRECONDITION", "UNAVAILABLE"}, outcomes

        # Every hold, orphaned or not, is gone once its TTL has passed and the sweeper has run.
        survivor_inventory = inventories[0]
        deadline = time.monotonic() + HOLD_SECONDS + 30
        while any(survivor_inventory("GetStock", sku=sku, location_id="dc1").stock_item.reserved for sku in SKUS):
            assert time.monotonic() < deadline, "expired reservations were never released"
            time.sleep(0.2)

        ledger = movements(survivor_inventory)
        for sku, received in SKUS.items():
            item = survivor_inventory("GetStock", sku=sku, location_id="dc1").stock_item
            own = [m for m in ledger if m.sku == sku]
            assert total(own, RECEIPT, ADJUSTMENT) == received
            assert item.on_hand == received - total(own, COMMIT), sku
            assert total(own, RESERVATION) - total(own, RELEASE) - total(own, COMMIT) == item.reserved == 0, sku
            assert total(own, COMMIT) <= received, sku

        kinds_by_reservation = defaultdict(Counter)
        for movement in ledger:
            if movement.reservation_id:
                kinds_by_reservation[(movement.reservation_id, movement.sku)][movement.kind] += 1
        assert {(rid, "hot") for rid in acknowledged} <= set(kinds_by_reservation), "an acknowledged hold is lost"
        for (reservation_id, _), kinds in kinds_by_reservation.items():
            assert kinds[RESERVATION] == 1 and kinds[RELEASE] + kinds[COMMIT] == 1, (reservation_id, kinds)
            state = survivor_inventory("GetReservation", reservation_id=reservation_id).reservation.state
            assert state != ACTIVE, reservation_id
    finally:
        for channel in channels:
            channel.close()
        stop_mercatod(victim)
        stop_mercatod(survivor)
