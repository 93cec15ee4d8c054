"""Mercato for Python: the catalog of a Mercato server, read through the C++ SDK's local cache.

    import mercato

    with mercato.Client("localhost:50051") as client:
        product = client.catalog.get_product("01H...")
        frame = client.catalog.list_products(query="milk").to_pandas()

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
    Money,
    Product,
    ProductIterator,
    ProductList,
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
    "MercatoError",
    "Money",
    "NotFound",
    "NotFoundError",
    "PermissionDeniedError",
    "Product",
    "ProductIterator",
    "ProductList",
    "RateLimitError",
    "UnauthenticatedError",
    "UnavailableError",
    "User",
    "Variant",
]
