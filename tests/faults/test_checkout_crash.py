"""Checkout's crash proof: checkouts sent through two mercatod instances on one backend set
(PostgreSQL, Redis, Kafka) while one instance is killed with SIGKILL five times and started again,
and the payment provider (Stripe's API in front of stripe-mock, stripe_front.py) loses a fifth of
its first answers. A client whose instance went away sends the same request to the other one, as a
load balancer would. Read back from the database and from the provider's own ledger:

- no lost order: every checkout answered with its order, each order placed and authorized;
- no double charge: one intent holding money per order, and none for anything else;
- every reservation and booking belongs to a placed order, and stock and slot count exactly those.

MERCATO_PROOF_CRASH_CHECKOUTS sets how many checkouts (the issue's figure: 2,000)."""

import collections
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc

from checkout_shop import CARTS_PER_CUSTOMER, LOCATION, CheckoutShop
from faults_support import psql, required_env, until
from stripe_front import StripeFront

CHECKOUTS = int(os.environ.get("MERCATO_PROOF_CRASH_CHECKOUTS", "2000"))
KILLS = 5
RETRYABLE = {grpc.StatusCode.UNAVAILABLE}


def scalar(database, sql):
    [[value]] = psql(database, sql)
    return int(value)


class Clients:
    """Checkouts placed through two instances: each starts on its own instance and goes to the
    other one while the answer is UNAVAILABLE, with the same request."""

    def __init__(self, shops):
        self.shops = shops
        self.lock = threading.Lock()
        self.answered = 0
        self.failovers = 0

    def place(self, index, customer, request):
        target = index % 2
        give_up = time.monotonic() + 120
        while True:
            try:
                order = self.shops[target].call("OrderService/PlaceOrder", request, metadata=customer, timeout=30)
                answer = order.order.id, None
                break
            except grpc.RpcError as error:
                if error.code() not in RETRYABLE or time.monotonic() > give_up:
                    answer = None, error
                    break
            with self.lock:
                self.failovers += 1
            target = 1 - target
            time.sleep(0.05)
        with self.lock:
            self.answered += 1
        return answer


def test_checkouts_through_killed_instances_and_lost_answers_lose_nothing_and_charge_once(backends):
    front = StripeFront(required_env("MERCATO_TEST_STRIPE"), lost_percent=20)
    provider = ("--stripe-api-base", front.url, "--stripe-secret-key", "sk_test_mercato", "--payment-provider",
                "stripe", "--checkout-retry-after-ms", "1000")
    try:
        shops = [backends.start_mercatod(*provider), backends.start_mercatod(*provider)]
        proof = CheckoutShop(shops[1])
        sku = proof.product(CHECKOUTS)
        slot = proof.slot(CHECKOUTS)
        customers = [proof.customer() for _ in range(-(-CHECKOUTS // CARTS_PER_CUSTOMER))]
        with ThreadPoolExecutor(max_workers=4) as pool:
            carts = list(pool.map(lambda customer: (customer, proof.carts(customer, sku, CARTS_PER_CUSTOMER)),
                                  customers))
        checkouts = [(customer, proof.checkout(cart, slot, str(uuid.uuid4()), card="pm_card_visa",
                                               provider="stripe"))
                     for customer, its_carts in carts for cart in its_carts][:CHECKOUTS]

        clients = Clients(shops)

        def kill_and_restart():
            for kill in range(1, KILLS + 1):
                until(lambda: clients.answered >= kill * CHECKOUTS // (KILLS + 1), f"kill {kill}'s turn", 600)
                backends.kill(shops[0])
                time.sleep(0.5)
                shops[0] = backends.start_mercatod(*provider)

        with ThreadPoolExecutor(max_workers=16) as pool:
            killer = pool.submit(kill_and_restart)
            answers = list(pool.map(lambda entry: clients.place(entry[0], *entry[1]), enumerate(checkouts)))
            killer.result()

        errors = collections.Counter(error.code().name for _, error in answers if error is not None)
        assert not errors, errors
        assert clients.failovers > 0 and front.lost > 0, "neither a kill nor a lost answer reached a checkout"
        print(f"{CHECKOUTS} checkouts, {KILLS} kills, {clients.failovers} calls sent again to the other instance, "
              f"{front.lost} provider answers lost, {len(front.intents)} intents created")
        orders = {order for order, _ in answers}
        assert len(orders) == CHECKOUTS, "one order per checkout"

        database = backends.database
        until(lambda: scalar(database, "SELECT count(*) FROM orders.orders WHERE placement <> 2") == 0 and
              scalar(database, "SELECT count(*) FROM payments.transactions WHERE status = 1") == 0,
              "recovery settling every checkout", 120, pause=0.5)

        placed = {order for [order] in psql(database, "SELECT id FROM orders.orders WHERE placement = 2")}
        assert placed == orders, "every answered order placed, and no other"
        authorized = dict(psql(database, "SELECT id, order_id FROM payments.payments WHERE status = 1"))
        assert sorted(authorized.values()) == sorted(orders), "one authorized payment per order"
        assert scalar(database, "SELECT count(*) FROM payments.payments") == CHECKOUTS

        live = front.live_intents()
        assert sorted(intent.payment_id for intent in live.values()) == sorted(authorized), \
            "one intent holding money per authorized payment, none for anything else"
        amounts = dict(psql(database, "SELECT id, amount_minor FROM payments.payments"))
        assert all(intent.amount == int(amounts[intent.payment_id]) for intent in live.values())
        assert all(intent.captured == 0 for intent in front.intents.values()), "checkout captures nothing"

        assert scalar(database, f"SELECT reserved FROM inventory.stock_items WHERE sku = '{sku}' "
                                f"AND location_id = '{LOCATION}'") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM inventory.reservations WHERE state = 1") == CHECKOUTS
        assert scalar(database, "SELECT count(DISTINCT r.order_id) FROM inventory.reservations r JOIN orders.orders o "
                                "ON o.id = r.order_id WHERE r.state = 1 AND o.placement = 2") == CHECKOUTS
        assert scalar(database, f"SELECT booked FROM delivery.slots WHERE id = '{slot.id}'") == CHECKOUTS
        assert scalar(database, "SELECT count(*) FROM delivery.slot_bookings WHERE state = 1") == CHECKOUTS
        assert scalar(database, "SELECT count(DISTINCT b.order_id) FROM delivery.slot_bookings b JOIN orders.orders o "
                                "ON o.id = b.order_id WHERE b.state = 1 AND o.placement = 2") == CHECKOUTS
    finally:
        front.close()
