"""Idempotency as the contract promises it, for every mutating RPC the descriptor pool names (a request
with `request_id`): the same request again replays the first response, even when the first changed
what a fresh request would find (a delete replayed after its reply was lost); the same request_id
with any parameter changed, secrets included, is ALREADY_EXISTS IDEMPOTENCY_KEY_REUSED.

A mutating RPC mercatod serves must have a case here or a documented exception, so a new one cannot
ship unchecked; the services not built yet must answer UNIMPLEMENTED.
"""

import datetime
import itertools
import uuid

import grpc
import pytest
from google.protobuf import json_format

from conftest import start_mercatod, stop_mercatod
from reflected import Contract

STAFF = "staff"  # stands for the session of the staff account the fixture bootstraps
STAFF_ACCOUNT = ("ops@idempotency.example", "Staff-Passw0rd-for-idempotency")
PASSWORD = "Correct-Horse-42-battery"
counter = itertools.count()


def unique(prefix):
    return f"{prefix}-{next(counter)}-{uuid.uuid4().hex[:8]}"


class Shop:
    """One mercatod; `call` sends a dict as any grpcio client of the contract would."""

    def __init__(self, server):
        self.channel = server.channel()
        self.contract = Contract(self.channel)
        email, password = STAFF_ACCOUNT
        self.staff = self.call("UserService/Login", {"email": email, "password": password}, token=None).session_token

    def call(self, method, fields, token=STAFF):
        service, name = method.split("/")
        rpc = self.contract.method(self.channel, service, name)
        request = json_format.ParseDict(fields, rpc.request())
        token = self.staff if token == STAFF else token
        metadata = [("authorization", f"Bearer {token}")] if token else []
        return rpc(request, timeout=30, metadata=metadata)

    def outcome(self, method, fields, token=STAFF):
        """(response as a dict, None) or (None, (code, ErrorInfo reason))."""
        try:
            return json_format.MessageToDict(self.call(method, fields, token)), None
        except grpc.RpcError as error:
            info = self.contract.message("ErrorInfo")()
            for key, value in error.trailing_metadata() or ():
                if key == "mercato-error-info-bin":
                    info.ParseFromString(value)
            return None, (error.code(), info.reason)

    def customer(self):
        """A new customer's (user id, session token)."""
        email = f"{unique('c')}@example.com"
        user = self.call("UserService/Register", {"email": email, "password": PASSWORD}, token=None)
        login = self.call("UserService/Login", {"email": email, "password": PASSWORD}, token=None)
        return user.user.id, login.session_token

    def category(self):
        return self.call("CatalogService/CreateCategory", {"category": {"name": unique("Aisle")}}).category

    def product(self):
        category = self.category()
        variant = {"sku": unique("SKU"), "name": "1 kg", "price": {"amountMinor": "250", "currencyCode": "GBP"}}
        return self.call("CatalogService/CreateProduct", {
            "product": {"name": unique("Oats"), "categoryId": category.id, "variants": [variant]}}).product

    def stocked_sku(self):
        sku = unique("SKU")
        self.call("InventoryService/AdjustStock",
                  {"sku": sku, "locationId": "dc1", "delta": "50", "kind": "MOVEMENT_KIND_RECEIPT"})
        return sku

    def reservation(self):
        lines = [{"sku": self.stocked_sku(), "locationId": "dc1", "quantity": "2"}]
        return self.call("InventoryService/Reserve", {"lines": lines}).reservation

    def zone(self):
        return self.call("DeliveryService/CreateZone", {"zone": zone_shape()}).zone

    def slot(self, hours_ahead=24):
        return self.call("DeliveryService/BatchCreateSlots", {"slots": [slot_shape(self.zone().id, hours_ahead)]}).slots[0]

    def booking(self):
        return self.call("DeliveryService/BookSlot", {"slotId": self.slot().id, "orderId": unique("order")}).booking

    def hold(self, token):
        return self.call("DeliveryService/HoldSlot", {"slotId": self.slot().id, "cartId": self.cart(token).id}, token).hold

    def payment(self, captured=False):
        payment = self.call("PaymentService/AuthorizePayment", {
            "orderId": unique("order"), "amount": gbp(1200), "method": {"provider": "test", "providerToken": "tok_visa"},
            "requestId": unique("auth")}).payment
        if captured:
            payment = self.call("PaymentService/CapturePayment", {
                "paymentId": payment.id, "expectedVersion": str(payment.version), "requestId": unique("cap")}).payment
        return payment

    def cart(self, token, lines=0, stocked=False):
        """A new cart of the customer with `token`, with `lines` lines of new SKUs (stocked at dc1 if asked)."""
        cart = self.call("OrderService/CreateCart", {"requestId": unique("cart")}, token).cart
        for _ in range(lines):
            sku = self.product().variants[0].sku
            if stocked:
                self.call("InventoryService/AdjustStock",
                          {"sku": sku, "locationId": "dc1", "delta": "50", "kind": "MOVEMENT_KIND_RECEIPT"})
            cart = self.call("OrderService/AddCartLine", {
                "requestId": unique("line"), "cartId": cart.id, "expectedVersion": str(cart.version),
                "sku": sku, "quantity": "1"}, token).cart
        return cart

    def delivery(self):
        """(a slot, a postcode its zone serves) of a new zone fulfilled from dc1."""
        zone = self.call("DeliveryService/CreateZone", {"zone": zone_shape()}).zone
        slot = self.call("DeliveryService/BatchCreateSlots", {"slots": [slot_shape(zone.id)]}).slots[0]
        return slot, zone.postcodes[0].rstrip("*")

    def placed_order(self):
        """A PENDING order of one shopper the lifecycle cases share (logins are rate limited), and
        the shopper's token."""
        if not hasattr(self, "shopper"):
            _, self.shopper = self.customer()
        token = self.shopper
        checkout = place_order(self.cart(token, 1, stocked=True), self.delivery(), "tok_visa")
        return self.call("OrderService/PlaceOrder", {**checkout, "requestId": unique("checkout")}, token).order, token

    def order_at(self, status):
        """A new order, taken by staff to `status` (CONFIRMED, PAID, PACKED or SHIPPED)."""
        order, _ = self.placed_order()
        order = self.call("OrderService/ConfirmOrder", lifecycle_move(order)).order
        if status in ("PAID", "PACKED", "SHIPPED"):
            payment = self.call("PaymentService/GetPayment", {"paymentId": order.payment_id}).payment
            self.call("PaymentService/CapturePayment", {"paymentId": payment.id, "expectedVersion": str(payment.version),
                                                        "requestId": unique("cap"), "finalCapture": True})
            order = self.call("OrderService/GetOrder", {"orderId": order.id}).order
        if status in ("PACKED", "SHIPPED"):
            order = self.call("OrderService/PackOrder", lifecycle_move(order)).order
        if status == "SHIPPED":
            shipment = self.call("DeliveryService/CreateShipment",
                                 {"orderId": order.id, "slotId": order.delivery_slot_id}).shipment
            order = self.call("OrderService/ShipOrder", {**lifecycle_move(order), "shipmentId": shipment.id}).order
        return order

    def shipment(self):
        order, _ = self.placed_order()
        return self.call("DeliveryService/CreateShipment",
                         {"orderId": order.id, "slotId": order.delivery_slot_id}).shipment


def address(label):
    return {"label": label, "address": {"recipientName": "Ada", "line1": "1 High St", "city": "London",
                                        "postcode": "SW1A 1AA", "countryCode": "GB"}}


def place_order(cart, delivery, card):
    slot, postcode = delivery
    return {"cartId": cart.id, "expectedCartVersion": str(cart.version),
            "address": {**address("Home")["address"], "postcode": postcode}, "deliverySlotId": slot.id,
            "paymentProvider": "test", "paymentMethodToken": card}


def lifecycle_move(order, version_ahead=0):
    """The fields of a lifecycle move of `order` (at its version, or a later one)."""
    return {"orderId": order.id, "expectedVersion": str(order.version + version_ahead), "requestId": unique("move")}


def gbp(minor):
    return {"amountMinor": str(minor), "currencyCode": "GBP"}


def zone_shape(name="Zone"):
    return {"name": name, "postcodes": [unique("N").upper().replace("-", "")[:14] + "*"],
            "deliveryFee": {"amountMinor": "399", "currencyCode": "GBP"}, "active": True, "stockLocationId": "dc1"}


def slot_shape(zone_id, hours_ahead=24, capacity=5):
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(hours=hours_ahead)
    return {"zoneId": zone_id, "startTime": start.isoformat().replace("+00:00", "Z"),
            "endTime": (start + datetime.timedelta(hours=2)).isoformat().replace("+00:00", "Z"), "capacity": capacity}


# method -> builder(shop) returning (first request, the same with one parameter changed, token).
CASES = {
    "CatalogService/CreateCategory": lambda shop: (
        {"category": {"name": "Dairy"}}, {"category": {"name": "Bakery"}}, STAFF),
    "CatalogService/UpdateCategory": lambda shop: (lambda c: (
        {"category": {"id": c.id, "name": "Renamed"}, "updateMask": "name", "expectedVersion": str(c.version)},
        {"category": {"id": c.id, "name": "Other"}, "updateMask": "name", "expectedVersion": str(c.version)},
        STAFF))(shop.category()),
    "CatalogService/DeleteCategory": lambda shop: (lambda c: (
        {"categoryId": c.id, "expectedVersion": str(c.version)},
        {"categoryId": c.id, "expectedVersion": str(c.version + 1)}, STAFF))(shop.category()),
    "CatalogService/CreateProduct": lambda shop: (lambda c: (
        {"product": {"name": "Oats", "categoryId": c.id, "variants": [
            {"sku": "OATS-IDEM", "name": "1 kg", "price": {"amountMinor": "250", "currencyCode": "GBP"}}]}},
        {"product": {"name": "Oats", "categoryId": c.id, "variants": [
            {"sku": "OATS-IDEM", "name": "1 kg", "price": {"amountMinor": "260", "currencyCode": "GBP"}}]}},
        STAFF))(shop.category()),
    "CatalogService/UpdateProduct": lambda shop: (lambda p: (
        {"product": {"id": p.id, "brand": "Acme"}, "updateMask": "brand", "expectedVersion": str(p.version)},
        {"product": {"id": p.id, "brand": "Other"}, "updateMask": "brand", "expectedVersion": str(p.version)},
        STAFF))(shop.product()),
    "CatalogService/ArchiveProduct": lambda shop: (lambda p: (
        {"productId": p.id, "expectedVersion": str(p.version)},
        {"productId": p.id, "expectedVersion": str(p.version + 1)}, STAFF))(shop.product()),
    "UserService/Register": lambda shop: (lambda email: (
        {"email": email, "password": PASSWORD},
        {"email": email, "password": PASSWORD + "-but-another"}, None))(f"{unique('r')}@example.com"),
    "UserService/UpdateMe": lambda shop: (lambda uid, token: (
        {"user": {"displayName": "Ada"}, "updateMask": "displayName", "expectedVersion": "1"},
        {"user": {"displayName": "Grace"}, "updateMask": "displayName", "expectedVersion": "1"},
        token))(*shop.customer()),
    "UserService/CreateAddress": lambda shop: (lambda uid, token: (
        {"address": address("Home")}, {"address": address("Work")}, token))(*shop.customer()),
    "UserService/UpdateAddress": lambda shop: (lambda uid, token: (lambda a: (
        {"address": {**address("Flat"), "id": a.id}, "updateMask": "label", "expectedVersion": str(a.version)},
        {"address": {**address("Office"), "id": a.id}, "updateMask": "label", "expectedVersion": str(a.version)},
        token))(shop.call("UserService/CreateAddress", {"address": address("Home")}, token).address))(
        *shop.customer()),
    "UserService/DeleteAddress": lambda shop: (lambda uid, token: (lambda a: (
        {"addressId": a.id, "expectedVersion": str(a.version)},
        {"addressId": a.id, "expectedVersion": str(a.version + 1)}, token))(
        shop.call("UserService/CreateAddress", {"address": address("Home")}, token).address))(*shop.customer()),
    "UserService/SetUserRoles": lambda shop: (lambda uid, token: (
        {"userId": uid, "roles": ["ROLE_CUSTOMER", "ROLE_STAFF"], "expectedVersion": "1"},
        {"userId": uid, "roles": ["ROLE_CUSTOMER", "ROLE_SERVICE"], "expectedVersion": "1"},
        STAFF))(*shop.customer()),
    "UserService/SetUserStatus": lambda shop: (lambda uid, token: (
        {"userId": uid, "status": "USER_STATUS_DISABLED", "expectedVersion": "1"},
        {"userId": uid, "status": "USER_STATUS_ACTIVE", "expectedVersion": "1"}, STAFF))(*shop.customer()),
    "InventoryService/AdjustStock": lambda shop: (lambda sku: (
        {"sku": sku, "locationId": "dc1", "delta": "5", "kind": "MOVEMENT_KIND_RECEIPT"},
        {"sku": sku, "locationId": "dc1", "delta": "6", "kind": "MOVEMENT_KIND_RECEIPT"}, STAFF))(unique("SKU")),
    "InventoryService/Reserve": lambda shop: (lambda sku: (
        {"lines": [{"sku": sku, "locationId": "dc1", "quantity": "2"}]},
        {"lines": [{"sku": sku, "locationId": "dc1", "quantity": "3"}]}, STAFF))(shop.stocked_sku()),
    "InventoryService/ExtendReservation": lambda shop: (lambda r: (
        {"reservationId": r.id, "ttl": "600s"}, {"reservationId": r.id, "ttl": "700s"}, STAFF))(shop.reservation()),
    "InventoryService/CommitReservation": lambda shop: (lambda r, other: (
        {"reservationId": r.id}, {"reservationId": other.id}, STAFF))(shop.reservation(), shop.reservation()),
    "InventoryService/ReleaseReservation": lambda shop: (lambda r, other: (
        {"reservationId": r.id}, {"reservationId": other.id}, STAFF))(shop.reservation(), shop.reservation()),
    "DeliveryService/CreateZone": lambda shop: (lambda zone: (
        {"zone": zone}, {"zone": {**zone, "name": "Outer"}}, STAFF))(zone_shape("Central")),
    "DeliveryService/UpdateZone": lambda shop: (lambda z: (
        {"zone": {"id": z.id, "name": "Renamed"}, "updateMask": "name", "expectedVersion": str(z.version)},
        {"zone": {"id": z.id, "name": "Other"}, "updateMask": "name", "expectedVersion": str(z.version)},
        STAFF))(shop.zone()),
    "DeliveryService/DeleteZone": lambda shop: (lambda z: (
        {"zoneId": z.id, "expectedVersion": str(z.version)},
        {"zoneId": z.id, "expectedVersion": str(z.version + 1)}, STAFF))(shop.zone()),
    "DeliveryService/BatchCreateSlots": lambda shop: (lambda z: (
        {"slots": [slot_shape(z.id, 30, 5)]}, {"slots": [slot_shape(z.id, 30, 6)]}, STAFF))(shop.zone()),
    "DeliveryService/UpdateSlot": lambda shop: (lambda s: (
        {"slot": {"id": s.id, "capacity": 7}, "updateMask": "capacity", "expectedVersion": str(s.version)},
        {"slot": {"id": s.id, "capacity": 8}, "updateMask": "capacity", "expectedVersion": str(s.version)},
        STAFF))(shop.slot()),
    "DeliveryService/BookSlot": lambda shop: (lambda s: (
        {"slotId": s.id, "orderId": "order-a"}, {"slotId": s.id, "orderId": "order-b"}, STAFF))(shop.slot()),
    "DeliveryService/ReleaseSlot": lambda shop: (lambda b, other: (
        {"bookingId": b.id}, {"bookingId": other.id}, STAFF))(shop.booking(), shop.booking()),
    "DeliveryService/HoldSlot": lambda shop: (lambda s, token: (
        {"slotId": s.id, "cartId": shop.cart(token).id}, {"slotId": s.id, "cartId": shop.cart(token).id}, token))(
        shop.slot(), shop.customer()[1]),
    "DeliveryService/ReleaseSlotHold": lambda shop: (lambda token: (lambda h, other: (
        {"holdId": h.id}, {"holdId": other.id}, token))(shop.hold(token), shop.hold(token)))(shop.customer()[1]),
    "DeliveryService/CreateShipment": lambda shop: (lambda o, other: (
        {"orderId": o.id, "slotId": o.delivery_slot_id}, {"orderId": other.id, "slotId": other.delivery_slot_id},
        STAFF))(shop.placed_order()[0], shop.placed_order()[0]),
    "DeliveryService/AddTrackingEvent": lambda shop: (lambda sh: (
        {"shipmentId": sh.id, "event": {"status": "SHIPMENT_STATUS_PICKED_UP", "location": "Depot"}},
        {"shipmentId": sh.id, "event": {"status": "SHIPMENT_STATUS_PICKED_UP", "location": "Other depot"}},
        STAFF))(shop.shipment()),
    "OrderService/CreateCart": lambda shop: (lambda uid, token: (
        {"currencyCode": "GBP"}, {"currencyCode": "EUR"}, token))(*shop.customer()),
    "OrderService/AddCartLine": lambda shop: (lambda token: (lambda c, sku: (
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": sku, "quantity": "1"},
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": sku, "quantity": "2"}, token))(
        shop.cart(token), shop.product().variants[0].sku))(shop.customer()[1]),
    "OrderService/UpdateCartLine": lambda shop: (lambda token: (lambda c: (
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": c.lines[0].sku, "quantity": "3"},
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": c.lines[0].sku, "quantity": "4"}, token))(
        shop.cart(token, 1)))(shop.customer()[1]),
    "OrderService/RemoveCartLine": lambda shop: (lambda token: (lambda c: (
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": c.lines[0].sku},
        {"cartId": c.id, "expectedVersion": str(c.version), "sku": c.lines[1].sku}, token))(
        shop.cart(token, 2)))(shop.customer()[1]),
    "OrderService/ClearCart": lambda shop: (lambda token: (lambda c, other: (
        {"cartId": c.id, "expectedVersion": str(c.version)},
        {"cartId": other.id, "expectedVersion": str(other.version)}, token))(
        shop.cart(token, 1), shop.cart(token, 1)))(shop.customer()[1]),
    "OrderService/PlaceOrder": lambda shop: (lambda token: (lambda c, where: (
        place_order(c, where, "tok_visa"), place_order(c, where, "tok_mastercard"), token))(
        shop.cart(token, 1, stocked=True), shop.delivery()))(shop.customer()[1]),
    "OrderService/ConfirmOrder": lambda shop: (lambda o: (
        lifecycle_move(o), lifecycle_move(o, 1), STAFF))(shop.placed_order()[0]),
    "OrderService/PackOrder": lambda shop: (lambda o: (
        lifecycle_move(o), lifecycle_move(o, 1), STAFF))(shop.order_at("PAID")),
    "OrderService/ShipOrder": lambda shop: (lambda o: (
        {**lifecycle_move(o), "shipmentId": shop.call("DeliveryService/CreateShipment", {
            "orderId": o.id, "slotId": o.delivery_slot_id}).shipment.id},
        {**lifecycle_move(o), "shipmentId": "another-shipment"}, STAFF))(shop.order_at("PACKED")),
    "OrderService/DeliverOrder": lambda shop: (lambda o: (
        lifecycle_move(o), lifecycle_move(o, 1), STAFF))(shop.order_at("SHIPPED")),
    "OrderService/CancelOrder": lambda shop: (lambda o, token: (
        {**lifecycle_move(o), "reason": "changed my mind"}, {**lifecycle_move(o), "reason": "found it cheaper"},
        token))(*shop.placed_order()),
    "PaymentService/AuthorizePayment": lambda shop: (lambda order: (
        {"orderId": order, "amount": gbp(1200), "method": {"provider": "test", "providerToken": "tok_visa"}},
        {"orderId": order, "amount": gbp(1300), "method": {"provider": "test", "providerToken": "tok_visa"}},
        STAFF))(unique("order")),
    "PaymentService/CapturePayment": lambda shop: (lambda p: (
        {"paymentId": p.id, "expectedVersion": str(p.version)},
        {"paymentId": p.id, "expectedVersion": str(p.version), "amount": gbp(1000)}, STAFF))(shop.payment()),
    "PaymentService/RefundPayment": lambda shop: (lambda p: (
        {"paymentId": p.id, "expectedVersion": str(p.version), "amount": gbp(200)},
        {"paymentId": p.id, "expectedVersion": str(p.version), "amount": gbp(300)}, STAFF))(shop.payment(True)),
    "PaymentService/VoidPayment": lambda shop: (lambda p, other: (
        {"paymentId": p.id, "expectedVersion": str(p.version)},
        {"paymentId": other.id, "expectedVersion": str(other.version)}, STAFF))(shop.payment(), shop.payment()),
}

# Mutations whose request_id cannot replay a first result, and what they promise instead
# (users.proto documents each).
EXCEPTIONS = {
    # Session tokens are stored only as hashes, so the first token cannot be handed out again.
    "UserService/Login": "every successful call opens a new session",
    # The replay's token names the session the first call ended.
    "UserService/Logout": "a replay is UNAUTHENTICATED: the session is gone",
    # Passwords leave no trace in the idempotency table; a retry is recognised by the new password.
    "UserService/ChangePassword": "a retry with the same passwords answers OK",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    server = start_mercatod(tmp_path_factory.mktemp("idempotency"), "--no-seed", "--bootstrap-staff",
                            ":".join(STAFF_ACCOUNT), "--metrics-listen", "", "--anonymous-rate-burst", "100000",
                            "--user-rate-burst", "100000")
    yield Shop(server)
    stop_mercatod(server)


def mutating_methods(shop):
    pool = shop.contract._pool
    for service in ("CatalogService", "UserService", "InventoryService", "OrderService", "PaymentService",
                    "DeliveryService", "AnalyticsService"):
        for method in pool.FindServiceByName(f"mercato.v1.{service}").methods:
            if "request_id" in method.input_type.fields_by_name:
                yield f"{service}/{method.name}"


def test_every_mutating_rpc_served_has_a_case(shop):
    methods = list(mutating_methods(shop))
    assert len(methods) > 40, "the walk found the contract's mutations"
    unchecked = []
    for method in methods:
        if method in CASES or method in EXCEPTIONS:
            continue
        _, refused = shop.outcome(method, {"requestId": unique("probe")})
        if refused is None or refused[0] != grpc.StatusCode.UNIMPLEMENTED:
            unchecked.append(method)
    assert not unchecked, f"served mutations without an idempotency case: {unchecked}"


@pytest.mark.parametrize("method", sorted(CASES))
def test_a_replay_returns_the_first_result_and_another_request_is_refused(shop, method):
    first, changed, token = CASES[method](shop)
    key = unique("key")
    response, refused = shop.outcome(method, {**first, "requestId": key}, token)
    assert refused is None, f"the first call failed: {refused}"
    replayed, refused = shop.outcome(method, {**first, "requestId": key}, token)
    assert refused is None, f"the replay failed: {refused}"
    assert replayed == response
    _, refused = shop.outcome(method, {**changed, "requestId": key}, token)
    assert refused == (grpc.StatusCode.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED")


def test_login_opens_a_new_session_each_time(shop):
    email = f"{unique('l')}@example.com"
    shop.call("UserService/Register", {"email": email, "password": PASSWORD}, token=None)
    login = {"email": email, "password": PASSWORD, "requestId": unique("key")}
    first = shop.call("UserService/Login", login, token=None).session_token
    second = shop.call("UserService/Login", login, token=None).session_token
    assert first != second
    for token in (first, second):
        assert shop.call("UserService/GetMe", {}, token=token).user.email == email


def test_a_replayed_logout_meets_the_ended_session(shop):
    _, token = shop.customer()
    key = unique("key")
    shop.call("UserService/Logout", {"requestId": key}, token=token)
    _, refused = shop.outcome("UserService/Logout", {"requestId": key}, token)
    assert refused is not None and refused[0] == grpc.StatusCode.UNAUTHENTICATED


def test_a_retried_password_change_answers_ok(shop):
    _, token = shop.customer()
    change = {"currentPassword": PASSWORD, "newPassword": PASSWORD + "-new", "requestId": unique("key")}
    shop.call("UserService/ChangePassword", change, token=token)
    _, refused = shop.outcome("UserService/ChangePassword", change, token)
    assert refused is None
