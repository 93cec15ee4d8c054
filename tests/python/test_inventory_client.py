"""client.inventory through the Python package: argument checks that need no server, then a live,
seeded mercatod: receipts, reservations committed and released, short stock as a typed error with
per-item availability, version conflicts, and the movements ledger as a DataFrame."""

import datetime
import uuid

import pytest

import mercato

LOCATION = "py-wh-1"


def new_sku(name):
    """A SKU no other test (or earlier run on the module's server) has touched."""
    return f"PY-{name}-{uuid.uuid4().hex[:8]}".upper()


@pytest.fixture
def offline():
    """An inventory client of an endpoint nothing listens on: only calls that fail before the
    network may be made with it."""
    with mercato.Client("127.0.0.1:1", retries=0, cache=False) as client:
        yield client.inventory


def test_expected_version_and_conflict_retries_exclude_each_other(offline):
    with pytest.raises(ValueError, match="not both"):
        offline.adjust_stock("A", LOCATION, 1, expected_version=3, conflict_retries=2)
    with pytest.raises(ValueError, match="must not be negative"):
        offline.adjust_stock("A", LOCATION, 1, conflict_retries=-1)


def test_unknown_kind_names_the_accepted_ones(offline):
    with pytest.raises(ValueError, match="RECEIPT, ADJUSTMENT"):
        offline.adjust_stock("A", LOCATION, 1, kind="gift")


def test_reservation_lines_are_dicts_or_triples(offline):
    with pytest.raises(TypeError, match="reservation line"):
        offline.reserve([{"sku": "A"}])
    with pytest.raises(ValueError, match="ttl"):
        offline.reserve([("A", LOCATION, 1)], ttl=0)


def test_the_inventory_of_a_closed_client_is_refused():
    client = mercato.Client("127.0.0.1:1")
    inventory = client.inventory
    assert client.inventory is inventory
    client.close()
    with pytest.raises(ValueError, match="closed"):
        client.inventory
    with pytest.raises(ValueError, match="closed"):
        inventory.get_stock("A", LOCATION)


def test_receipt_reserve_commit_and_release(staff_inventory):
    sku = new_sku("OATS")
    assert staff_inventory.get_stock(sku, LOCATION).version == 0

    item, movement = staff_inventory.adjust_stock(sku, LOCATION, 10, reason="delivery note 1")
    assert (item.on_hand, item.reserved, item.available) == (10, 0, 10)
    assert (movement.kind, movement.quantity, movement.reason) == ("RECEIPT", 10, "delivery note 1")

    committed = staff_inventory.reserve([{"sku": sku, "location_id": LOCATION, "quantity": 3}], ttl=600)
    released = staff_inventory.reserve([(sku, LOCATION, 2)], order_id="py-order-1")
    assert committed.state == "ACTIVE" and committed.lines[0].quantity == 3
    assert released.order_id == "py-order-1"
    assert staff_inventory.get_stock(sku, LOCATION).reserved == 5

    assert staff_inventory.commit_reservation(committed.id).state == "COMMITTED"
    assert staff_inventory.release_reservation(released.id).state == "RELEASED"
    assert staff_inventory.get_reservation(committed.id).state == "COMMITTED"

    stock = staff_inventory.get_stock(sku, LOCATION)
    assert (stock.on_hand, stock.reserved, stock.available) == (7, 0, 7)


def test_short_stock_raises_with_what_each_item_has(staff_inventory):
    plenty, scarce = new_sku("RICE"), new_sku("SAFFRON")
    staff_inventory.adjust_stock(plenty, LOCATION, 50)
    staff_inventory.adjust_stock(scarce, LOCATION, 2)

    with pytest.raises(mercato.FailedPreconditionError) as raised:
        staff_inventory.reserve([(plenty, LOCATION, 5), (scarce, LOCATION, 3)])

    assert raised.value.reason == "OUT_OF_STOCK"
    assert raised.value.metadata == {f"{scarce}@{LOCATION}": "2"}
    assert staff_inventory.get_stock(plenty, LOCATION).reserved == 0, "all lines or none"


def test_a_stale_version_is_a_conflict_unless_retries_were_asked_for(staff_inventory):
    sku = new_sku("FLOUR")
    first, _ = staff_inventory.adjust_stock(sku, LOCATION, 5, expected_version=0)

    with pytest.raises(mercato.ConflictError) as raised:
        staff_inventory.adjust_stock(sku, LOCATION, 5, expected_version=0)
    assert raised.value.reason == "VERSION_MISMATCH"
    assert raised.value.current_version == first.version

    item, _ = staff_inventory.adjust_stock(sku, LOCATION, -1, kind="adjustment", reason="damaged",
                                           conflict_retries=3)
    assert (item.on_hand, item.version) == (4, first.version + 1)


def test_movements_to_pandas_has_one_row_per_movement(staff_inventory):
    sku = new_sku("EGGS")
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    staff_inventory.adjust_stock(sku, LOCATION, 12, reason="delivery")
    staff_inventory.adjust_stock(sku, LOCATION, -2, kind="ADJUSTMENT", reason="broken")
    reservation = staff_inventory.reserve([(sku, LOCATION, 4)])
    staff_inventory.commit_reservation(reservation.id)

    frame = staff_inventory.list_movements(sku=sku, created_after=before, page_size=2).to_pandas()

    assert list(frame.columns) == ["id", "sku", "location_id", "kind", "quantity", "reason", "actor",
                                   "reservation_id", "created_at"]
    assert len(frame) == 4 and frame["id"].is_unique
    assert (frame["sku"] == sku).all()
    assert sorted(frame["kind"]) == ["ADJUSTMENT", "COMMIT", "RECEIPT", "RESERVATION"]
    sums = frame.groupby("kind")["quantity"].sum().to_dict()
    assert sums == {"RECEIPT": 12, "ADJUSTMENT": -2, "RESERVATION": 4, "COMMIT": 4}
    assert frame["quantity"].dtype == "int64"
    assert str(frame["created_at"].dtype) == "datetime64[ns]"
    assert frame["created_at"].is_monotonic_decreasing, "newest first"
    on_reservation = frame[frame["reservation_id"] == reservation.id]
    assert sorted(on_reservation["kind"]) == ["COMMIT", "RESERVATION"]


def test_list_stock_pages_lazily_and_filters_low_stock(staff_inventory):
    location = f"py-shop-{uuid.uuid4().hex[:6]}"
    skus = sorted(new_sku(f"LOW{i}") for i in range(5))
    for quantity, sku in enumerate(skus, start=1):
        staff_inventory.adjust_stock(sku, location, quantity)

    everything = staff_inventory.list_stock(location_id=location, page_size=2)
    first = next(everything)
    rest = everything.to_list()
    low = staff_inventory.list_stock(location_id=location, low_stock_threshold=2).to_pandas()

    assert [first.sku] + [item.sku for item in rest] == skus
    assert list(low["sku"]) == skus[:2]
    assert list(low["available"]) == [1, 2]
    assert [item.sku for item in staff_inventory.batch_get_stock([(skus[1], location), (skus[0], location)])] == \
        [skus[1], skus[0]]
