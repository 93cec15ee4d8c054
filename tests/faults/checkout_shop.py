"""A shop for the checkout proofs, set up through the contract as staff would: one product stocked
at the zone's stock location, a zone delivering N1 with that location, slots; and customers with
carts of one line each, ready to check out."""

import datetime
import uuid

from faults_support import Shop

POSTCODE = "N1 9GU"
LOCATION = "dc-proof"
ADDRESS = {"recipientName": "Proof Shopper", "line1": "1 Proof Street", "city": "London", "postcode": POSTCODE,
           "countryCode": "GB"}
CARTS_PER_CUSTOMER = 20  # an account's cart limit


def future(hours):
    moment = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(hours=hours)
    return moment.isoformat().replace("+00:00", "Z")


class CheckoutShop:
    def __init__(self, shop: Shop):
        self.shop = shop
        category = shop.staff("CatalogService/CreateCategory", {"category": {"name": f"Aisle {uuid.uuid4().hex[:6]}"}})
        self.category_id = category.category.id
        self.zone = shop.staff("DeliveryService/CreateZone", {"zone": {
            "name": f"Proof {uuid.uuid4().hex[:6]}", "postcodes": ["N1*"], "active": True,
            "deliveryFee": {"amountMinor": "399", "currencyCode": "GBP"},
            "minOrder": {"amountMinor": "100", "currencyCode": "GBP"}, "stockLocationId": LOCATION}}).zone
        self.slots = 0

    def customer(self):
        """A new signed-in customer's call metadata (Shop.sign_up)."""
        return self.shop.sign_up()

    def product(self, units):
        """A new ACTIVE product's SKU with `units` received at the zone's stock location."""
        sku = f"PROOF-{uuid.uuid4().hex[:8].upper()}"
        variant = {"sku": sku, "name": "1 kg", "price": {"amountMinor": "250", "currencyCode": "GBP"}}
        self.shop.staff("CatalogService/CreateProduct", {"product": {
            "name": f"Proof oats {sku}", "categoryId": self.category_id, "variants": [variant],
            "status": "PRODUCT_STATUS_ACTIVE"}})
        self.shop.staff("InventoryService/AdjustStock", {
            "sku": sku, "locationId": LOCATION, "delta": str(units), "kind": "MOVEMENT_KIND_RECEIPT",
            "reason": "proof stock", "expectedVersion": "0"})
        return sku

    def slot(self, capacity):
        """A new slot of the zone, a day or more ahead (each at its own hour)."""
        self.slots += 1
        start = 24 + 3 * self.slots
        return self.shop.staff("DeliveryService/BatchCreateSlots", {"slots": [{
            "zoneId": self.zone.id, "startTime": future(start), "endTime": future(start + 2),
            "capacity": capacity}]}).slots[0]

    def carts(self, customer, sku, count):
        """`count` carts of `customer`'s, each holding one unit of `sku`."""
        carts = []
        for _ in range(count):
            cart = self.shop.call("OrderService/CreateCart", {}, metadata=customer).cart
            cart = self.shop.call("OrderService/AddCartLine", {
                "cartId": cart.id, "expectedVersion": str(cart.version), "sku": sku, "quantity": "1"},
                metadata=customer).cart
            carts.append(cart)
        return carts

    def reason(self, error):
        """The ErrorInfo reason a failed call carries."""
        info = self.shop.contract.message("ErrorInfo")()
        for key, value in error.trailing_metadata() or ():
            if key == "mercato-error-info-bin":
                info.ParseFromString(value)
        return info.reason

    @staticmethod
    def checkout(cart, slot, request_id, card="tok_visa", provider="test"):
        return {"requestId": request_id, "cartId": cart.id, "expectedCartVersion": str(cart.version),
                "address": ADDRESS, "deliverySlotId": slot.id, "paymentProvider": provider,
                "paymentMethodToken": card}
