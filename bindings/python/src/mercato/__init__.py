"""Mercato for Python: every service of a Mercato server through the C++ SDK: the catalog, read
through its local cache; inventory (stock, reservations, the movements ledger); and users, orders,
payments, delivery and analytics, one method per RPC of the contract.

    import mercato

    with mercato.Client("localhost:50051") as client:
        product = client.catalog.get_product("01H...")
        frame = client.catalog.list_products(query="milk").to_pandas()
        ledger = client.inventory.list_movements(sku="MILK-1L").to_pandas()
        client.login("ada@example.com", "...")
        home = client.users.create_address(address={"label": "Home", "address": {"postcode": "N1 9GU"}})
        addresses = client.users.list_addresses().to_pandas()

Every failed call raises a subclass of ``mercato.MercatoError``.
"""

from importlib.metadata import version as _version

from mercato._errors import (
    ConflictError,
    DeadlineExceededError,
    FailedPreconditionError,
    InvalidArgumentError,
    MercatoError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnauthenticatedError,
    UnavailableError,
)
from mercato._mercato import (
    CatalogClient,
    Category,
    CategoryIterator,
    Client,
    InventoryClient,
    Money,
    Movement,
    MovementIterator,
    Product,
    ProductIterator,
    ProductList,
    Reservation,
    ReservationLine,
    StockItem,
    StockIterator,
    User,
    Variant,
)
from mercato._services import (
    AnalyticsClient,
    DeliveryClient,
    Message,
    MessageIterator,
    MessageStream,
    OrderClient,
    PaymentClient,
    UserClient,
)

# Short names for the errors callers catch most.
NotFound = NotFoundError
InvalidArgument = InvalidArgumentError
Conflict = ConflictError

__version__ = _version("mercato")

__all__ = [
    "AnalyticsClient",
    "CatalogClient",
    "Category",
    "CategoryIterator",
    "Client",
    "Conflict",
    "ConflictError",
    "DeadlineExceededError",
    "DeliveryClient",
    "FailedPreconditionError",
    "InvalidArgument",
    "InvalidArgumentError",
    "InventoryClient",
    "MercatoError",
    "Message",
    "MessageIterator",
    "MessageStream",
    "Money",
    "Movement",
    "MovementIterator",
    "NotFound",
    "NotFoundError",
    "OrderClient",
    "PaymentClient",
    "PermissionDeniedError",
    "Product",
    "ProductIterator",
    "ProductList",
    "RateLimitError",
    "Reservation",
    "ReservationLine",
    "StockItem",
    "StockIterator",
    "UnauthenticatedError",
    "UnavailableError",
    "User",
    "UserClient",
    "Variant",
]
