"""A cancelled order's payment that the provider refuses to void: the built-in test provider keeps
its charges in memory, so after mercatod is SIGKILLed and started again it declines the void of a
payment authorized before ("resource_missing"). The cancellation itself stands (stock and slot
released); the void is tried right after it and once more by the follow-up, then the follow-up
ends (PAYMENT_NEEDS_REVIEW in the log) instead of asking the provider again and again."""

import time
import uuid

from checkout_shop import LOCATION, CheckoutShop
from faults_support import Shop, psql, start_production_mercatod, stop_mercatod, until

FAST = ("--metrics-listen", "", "--checkout-retry-after-ms", "200", "--payment-reconcile-interval-ms", "100")


def failed_voids(database, payment_id):
    [[count]] = psql(database, f"SELECT count(*) FROM payments.transactions WHERE payment_id = '{payment_id}' "
                               f"AND kind = 4 AND status = 3")
    return int(count)


def test_a_void_the_provider_refuses_is_tried_twice_then_left_for_review(tmp_path, database, redis):
    first = start_production_mercatod(tmp_path / "a", database, redis.address, *FAST)
    try:
        proof = CheckoutShop(Shop(first))
        sku = proof.product(3)
        slot = proof.slot(5)
        customer = proof.customer()
        [cart] = proof.carts(customer, sku, 1)
        order = proof.shop.call("OrderService/PlaceOrder", proof.checkout(cart, slot, str(uuid.uuid4())),
                                metadata=customer).order
    finally:
        stop_mercatod(first)  # SIGKILL: the test provider forgets the authorization

    second = start_production_mercatod(tmp_path / "b", database, redis.address, *FAST)
    try:
        shop = Shop(second)
        cancelled = shop.call("OrderService/CancelOrder", {
            "requestId": str(uuid.uuid4()), "orderId": order.id, "expectedVersion": str(order.version),
            "reason": "changed my mind"}, metadata=customer).order
        assert cancelled.status == 7  # ORDER_STATUS_CANCELLED
        [[reserved]] = psql(database, f"SELECT reserved FROM inventory.stock_items WHERE sku = '{sku}' "
                                      f"AND location_id = '{LOCATION}'")
        assert int(reserved) == 0, "the cancellation released the stock whatever the money does"

        until(lambda: failed_voids(database, order.payment_id) == 2, "the follow-up's second void", seconds=20)
        until(lambda: psql(database, f"SELECT payment_due_at_us IS NULL FROM orders.orders "
                                     f"WHERE id = '{order.id}'") == [["t"]], "the follow-up ending", seconds=10)
        time.sleep(1.5)  # many follow-up passes
        assert failed_voids(database, order.payment_id) == 2, "not asked again and again"
        [[status]] = psql(database, f"SELECT status FROM payments.payments WHERE id = '{order.payment_id}'")
        assert int(status) == 1, "still AUTHORIZED at the provider's end: a person settles it"
    finally:
        stop_mercatod(second)
