"""Cart holds on delivery slots outlive the instance that took them: mercatod SIGKILLed right
after five holds, the other instance on the same PostgreSQL gives their capacity back once their
TTL is up, each hold exactly once (one delivery.hold.expired event per hold), and the slot's
counter agrees with its rows."""

import datetime

from faults_support import psql, start_production_mercatod, stop_mercatod, Shop, until

HOLDS = 5


def future(hours):
    moment = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(hours=hours)
    return moment.isoformat().replace("+00:00", "Z")


def test_a_killed_instances_holds_come_back_after_their_ttl(tmp_path, database, redis):
    fast_sweep = ("--reservation-sweep-interval-ms", "100", "--metrics-listen", "")
    doomed = start_production_mercatod(tmp_path / "a", database, redis.address, *fast_sweep)
    survivor = start_production_mercatod(tmp_path / "b", database, redis.address, *fast_sweep)
    try:
        shop = Shop(doomed)
        zone = shop.staff("DeliveryService/CreateZone", {"zone": {
            "name": "Faults", "postcodes": ["N1*"], "deliveryFee": {"amountMinor": "399", "currencyCode": "GBP"},
            "active": True, "stockLocationId": "dc1"}}).zone
        slot = shop.staff("DeliveryService/BatchCreateSlots", {"slots": [
            {"zoneId": zone.id, "startTime": future(24), "endTime": future(26), "capacity": 10}]}).slots[0]
        customer = shop.sign_up()
        for _ in range(HOLDS):
            cart = shop.call("OrderService/CreateCart", {}, metadata=customer).cart
            shop.call("DeliveryService/HoldSlot", {"slotId": slot.id, "cartId": cart.id, "ttl": "2s"},
                      metadata=customer)
        stop_mercatod(doomed)  # SIGKILL: nothing flushed, nothing finished

        other = Shop(survivor)
        held = lambda: other.call("DeliveryService/GetSlot", {"slotId": slot.id}).slot.held  # noqa: E731
        assert held() == HOLDS, "the holds were committed before the kill"
        until(lambda: held() == 0, "the surviving instance releasing the expired holds", seconds=20)

        [[expired]] = psql(database, "SELECT count(*) FROM mercato.outbox WHERE event_type = 'delivery.hold.expired'")
        assert int(expired) == HOLDS, "each hold expired exactly once"
        [[rows, counter]] = psql(database, f"SELECT (SELECT count(*) FROM delivery.slot_holds WHERE state = 1), held "
                                           f"FROM delivery.slots WHERE id = '{slot.id}'")
        assert (int(rows), int(counter)) == (0, 0)
    finally:
        stop_mercatod(survivor)
