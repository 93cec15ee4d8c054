"""Checkout's proofs on PostgreSQL and Redis, read back from the database itself:

- every checkout sent five times at once with one request_id, while the payment provider loses a
  fifth of its first answers (the clients retry what came back UNAVAILABLE, as the contract says):
  exactly one order per checkout, one payment with one authorization each, the stock reserved and
  the slot booked once per order, nothing left PLACING;
- shoppers racing for the last units and for the last places of a slot: no oversell, no
  overbooking, every loser told why (OUT_OF_STOCK or SLOT_FULL), and nothing of a lost checkout
  kept (no reservation, no booking, the cart as it was).

MERCATO_PROOF_CHECKOUTS sets how many checkouts the first proof makes (the issue's figure: 500)."""

import collections
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc

from checkout_shop import CARTS_PER_CUSTOMER, LOCATION, CheckoutShop
from faults_support import Shop, psql, start_production_mercatod, stop_mercatod

CHECKOUTS = int(os.environ.get("MERCATO_PROOF_CHECKOUTS", "500"))
COPIES = 5
RETRYABLE = {grpc.StatusCode.UNAVAILABLE}


def start(tmp_path, database, redis, *args):
    return start_production_mercatod(tmp_path, database, redis.address, "--metrics-listen", "",
                                     "--user-rate-burst", "1000000", "--checkout-retry-after-ms", "1000", *args)


def place_until_answered(shop, customer, request, deadline_s=120):
    """PlaceOrder sent again with the same request while the answer is UNAVAILABLE; the final answer."""
    give_up = time.monotonic() + deadline_s
    while True:
        try:
            return shop.call("OrderService/PlaceOrder", request, metadata=customer, timeout=30).order.id, None
        except grpc.RpcError as error:
            if error.code() not in RETRYABLE or time.monotonic() > give_up:
                return None, error
        time.sleep(0.05)


def scalar(database, sql):
    [[value]] = psql(database, sql)
    return int(value)


def test_each_checkout_sent_five_times_at_once_places_one_order(tmp_path, database, redis):
    server = start(tmp_path, database, redis, "--test-provider-lost-answer-percent", "20")
    try:
        proof = CheckoutShop(Shop(server))
        sku = proof.product(CHECKOUTS)
        slot = proof.slot(CHECKOUTS)
        checkouts = []
        while len(checkouts) < CHECKOUTS:
            customer = proof.customer()
            count = min(CARTS_PER_CUSTOMER, CHECKOUTS - len(checkouts))
            checkouts += [(customer, proof.checkout(cart, slot, str(uuid.uuid4())))
                          for cart in proof.carts(customer, sku, count)]

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda sent: place_until_answered(proof.shop, *sent),
                                    [sent for sent in checkouts for _ in range(COPIES)]))

        errors = collections.Counter(error.code().name for _, error in answers if error is not None)
        assert not errors, errors
        orders_per_checkout = [{order for order, _ in answers[i * COPIES:(i + 1) * COPIES]} for i in range(CHECKOUTS)]
        assert all(len(orders) == 1 for orders in orders_per_checkout), "five copies, one order"
        assert len(set.union(*orders_per_checkout)) == CHECKOUTS

        assert scalar(database, "SELECT count(*) FROM orders.orders WHERE placement = 2") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM orders.orders WHERE placement <> 2") == 0, "none left PLACING"
        assert scalar(database, "SELECT count(*) FROM payments.payments WHERE status = 1") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM payments.payments") == CHECKOUTS, "one payment per order"
        assert scalar(database, "SELECT count(*) FROM payments.transactions WHERE kind = 1") == CHECKOUTS
        assert scalar(database, "SELECT count(DISTINCT p.order_id) FROM payments.payments p "
                                "JOIN orders.orders o ON o.id = p.order_id") == CHECKOUTS
        assert scalar(database, f"SELECT reserved FROM inventory.stock_items WHERE sku = '{sku}' "
                                f"AND location_id = '{LOCATION}'") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM inventory.reservations WHERE state = 1") == CHECKOUTS
        assert scalar(database, f"SELECT booked FROM delivery.slots WHERE id = '{slot.id}'") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM delivery.slot_bookings WHERE state = 1") == CHECKOUTS
    finally:
        stop_mercatod(server)


def race(proof, shoppers, sku, slot):
    """Each shopper (one cart of one unit) checks out at once; (order id or None, error reason) each."""
    entries = [(customer, proof.carts(customer, sku, 1)[0]) for customer in shoppers]

    def check_out(entry):
        customer, cart = entry
        order, error = place_until_answered(proof.shop, customer, proof.checkout(cart, slot, str(uuid.uuid4())))
        if error is None:
            return order, None, None, customer, cart
        return order, error.code().name, proof.reason(error), customer, cart

    with ThreadPoolExecutor(max_workers=len(entries)) as pool:
        return list(pool.map(check_out, entries))


def test_shoppers_racing_for_the_last_units_and_places_oversell_nothing_and_keep_nothing(tmp_path, database, redis):
    server = start(tmp_path, database, redis)
    try:
        proof = CheckoutShop(Shop(server))
        shoppers = [proof.customer() for _ in range(12)]

        # Five units for twelve shoppers, in a slot with room for all.
        scarce = proof.product(5)
        roomy = proof.slot(50)
        results = race(proof, shoppers, scarce, roomy)
        won = [result for result in results if result[0] is not None]
        assert len(won) == 5, [result[1:3] for result in results]
        assert {code for _, code, _, _, _ in results if code} == {"FAILED_PRECONDITION"}
        assert {reason for _, _, reason, _, _ in results if reason} == {"OUT_OF_STOCK"}

        # Plenty of stock, a slot with three places left for twelve shoppers.
        plenty = proof.product(100)
        tight = proof.slot(3)
        results = race(proof, shoppers, plenty, tight)
        won = [result for result in results if result[0] is not None]
        assert len(won) == 3, [result[1:3] for result in results]
        assert {code for _, code, _, _, _ in results if code} == {"FAILED_PRECONDITION"}
        assert {reason for _, _, reason, _, _ in results if reason} == {"SLOT_FULL"}

        for sku, units in ((scarce, 5), (plenty, 3)):
            [[on_hand, reserved]] = psql(database, f"SELECT on_hand, reserved FROM inventory.stock_items "
                                                   f"WHERE sku = '{sku}' AND location_id = '{LOCATION}'")
            assert int(reserved) == units, f"{sku}: reserved only for the winners"
        assert scalar(database, f"SELECT booked FROM delivery.slots WHERE id = '{tight.id}'") == 3
        assert scalar(database, f"SELECT booked FROM delivery.slots WHERE id = '{roomy.id}'") == 5
        assert scalar(database, "SELECT count(*) FROM orders.orders WHERE placement = 2") == 8
        assert scalar(database, "SELECT count(*) FROM orders.orders WHERE placement <> 2") == 0
        assert scalar(database, "SELECT count(*) FROM inventory.reservations WHERE state = 1") == 8
        assert scalar(database, "SELECT count(*) FROM payments.payments") == 8, "no loser was charged"
        for _, code, _, customer, cart in results:
            if code:
                kept = proof.shop.call("OrderService/GetCart", {"cartId": cart.id}, metadata=customer).cart
                assert [(line.sku, line.quantity) for line in kept.lines] == [(plenty, 1)], "the loser's cart stays"
    finally:
        stop_mercatod(server)
