"""Mercato for Python: the catalog of a Mercato server, read through the C++ SDK's local cache,
and its inventory (stock, reservations, the movements ledger).

    import mercato

    with mercato.Client("localhost:50051") as client:
        product = client.catalog.get_product("01H...")
        frame = client.catalog.list_products(query="milk").to_pandas()
        ledger = client.inventory.list_movements(sku="MILK-1L").to_pandas()

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

# Short names for the errors callers catch most.
NotFound = NotFoundError
InvalidArgument = InvalidArgumentError
Conflict = ConflictError

__version__ = _version("mercato")

__all__ = [
    "CatalogClient",
    "Category",
    "CategoryIterator",
    "Client",
    "Conflict",
    "ConflictError",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "InvalidArgument",
    "InvalidArgumentError",
    "InventoryClient",
    "MercatoError",
    "Money",
    "Movement",
    "MovementIterator",
    "NotFound",
    "NotFoundError",
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
    "Variant",
]
