"""client.delivery through the Python package against a live, seeded mercatod: the demo zones
resolve, slots and shipments come back as DataFrames with their derived columns (a slot's
utilisation, a shipment's last position), and a full slot or another user's hold raise typed
errors."""

import datetime
import uuid

import pytest

import mercato

from conftest import SERVICE_TOKEN, signed_in_customer
from test_checkout import checkout, filled_cart, first_open_slot


def future(hours):
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(hours=hours)


@pytest.fixture
def staff(seeded_mercatod):
    with mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN, cache=False) as client:
        yield client.delivery


def new_slot(staff, capacity):
    zone = staff.create_zone(zone={"name": "Py zone", "postcodes": [f"PY{uuid.uuid4().hex[:8].upper()}*"],
                                   "delivery_fee": {"amount_minor": 399, "currency_code": "GBP"}, "active": True,
                                   "stock_location_id": "dc1"})
    start = future(30)
    [slot] = staff.batch_create_slots(slots=[{"zone_id": zone.id, "start_time": start,
                                              "end_time": start + datetime.timedelta(hours=2), "capacity": capacity}]).slots
    return zone, slot


def test_the_demo_zones_resolve_and_offer_two_weeks_of_slots(seeded_mercatod):
    with mercato.Client(seeded_mercatod.address, cache=False) as client:
        zone = client.delivery.resolve_zone(address={"postcode": "sw1a 2hq"})
        assert zone.name == "Central London"
        assert zone.delivery_fee.amount_minor == 399
        frame = client.delivery.list_slots(zone_id=zone.id, only_available=True, page_size=200).to_pandas()
    assert len(frame) >= 7 * 13
    assert (frame["capacity"] == 12).all()
    assert frame["start_time"].max() - frame["start_time"].min() > datetime.timedelta(days=13)
    with pytest.raises(mercato.NotFoundError) as missing:
        client_address = {"postcode": "ZZ9 9ZZ"}
        with mercato.Client(seeded_mercatod.address, cache=False) as again:
            again.delivery.resolve_zone(address=client_address)
    assert missing.value.reason == "ADDRESS_NOT_SERVED"


def test_slot_utilisation_counts_bookings_and_holds(seeded_mercatod, staff):
    zone, slot = new_slot(staff, capacity=4)
    staff.book_slot(slot_id=slot.id, order_id=f"order-{uuid.uuid4().hex[:8]}")
    shopper = signed_in_customer(seeded_mercatod.address, "py")
    cart = shopper.orders.create_cart(request_id=str(uuid.uuid4()))
    held = shopper.delivery.hold_slot(slot_id=slot.id, cart_id=cart.id)
    assert held.slot.held == 1 and held.slot.remaining == 2
    frame = staff.list_slots(zone_id=zone.id).to_pandas()
    assert list(frame["utilisation"]) == [0.5]
    assert frame["utilisation"].dtype == "float64"

    eve = signed_in_customer(seeded_mercatod.address, "py")
    with pytest.raises(mercato.NotFoundError):
        eve.delivery.get_slot_hold(held.hold.id)
    shopper.close()
    eve.close()


def test_a_full_slot_raises_with_its_reason(staff):
    _, slot = new_slot(staff, capacity=1)
    staff.book_slot(slot_id=slot.id, order_id="order-a")
    with pytest.raises(mercato.FailedPreconditionError) as full:
        staff.book_slot(slot_id=slot.id, order_id="order-b")
    assert full.value.reason == "SLOT_FULL"


def test_shipments_frame_has_the_last_position(staff, seeded_mercatod):
    with signed_in_customer(seeded_mercatod.address, "shipment") as shopper:
        zone, slot = first_open_slot(shopper)
        order = checkout(shopper, filled_cart(shopper, zone.min_order.amount_minor), slot, "tok_visa",
                         str(uuid.uuid4()))
    with pytest.raises(mercato.NotFoundError):
        staff.create_shipment(order_id=f"order-{uuid.uuid4().hex[:8]}", slot_id=slot.id)
    shipment = staff.create_shipment(order_id=order.id, slot_id=order.delivery_slot_id)
    assert shipment.customer_id == order.user_id
    staff.add_tracking_event(shipment_id=shipment.id, event={"status": "SHIPMENT_STATUS_PICKED_UP"})
    staff.add_tracking_event(shipment_id=shipment.id, event={"status": "SHIPMENT_STATUS_IN_TRANSIT",
                                                             "position": {"latitude": 51.5, "longitude": -0.12}})
    frame = staff.list_shipments(order_id=order.id).to_pandas()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["status"] == "IN_TRANSIT"
    assert row["event_count"] == 2
    assert (row["latitude"], row["longitude"]) == (51.5, -0.12)
