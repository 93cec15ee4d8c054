"""Type stubs of the package mercato (see _mercato.pyi for the classes)."""

from mercato._errors import ConflictError as ConflictError
from mercato._errors import DeadlineExceededError as DeadlineExceededError
from mercato._errors import FailedPreconditionError as FailedPreconditionError
from mercato._errors import InvalidArgumentError as InvalidArgumentError
from mercato._errors import MercatoError as MercatoError
from mercato._errors import NotFoundError as NotFoundError
from mercato._errors import PermissionDeniedError as PermissionDeniedError
from mercato._errors import RateLimitError as RateLimitError
from mercato._errors import UnauthenticatedError as UnauthenticatedError
from mercato._errors import UnavailableError as UnavailableError
from mercato._mercato import CatalogClient as CatalogClient
from mercato._mercato import Category as Category
from mercato._mercato import CategoryIterator as CategoryIterator
from mercato._mercato import Client as Client
from mercato._mercato import InventoryClient as InventoryClient
from mercato._mercato import Money as Money
from mercato._mercato import Movement as Movement
from mercato._mercato import MovementIterator as MovementIterator
from mercato._mercato import Product as Product
from mercato._mercato import ProductIterator as ProductIterator
from mercato._mercato import ProductList as ProductList
from mercato._mercato import Reservation as Reservation
from mercato._mercato import ReservationLine as ReservationLine
from mercato._mercato import StockItem as StockItem
from mercato._mercato import StockIterator as StockIterator
from mercato._mercato import User as User
from mercato._mercato import Variant as Variant
from mercato._services import AnalyticsClient as AnalyticsClient
from mercato._services import DeliveryClient as DeliveryClient
from mercato._services import Message as Message
from mercato._services import MessageIterator as MessageIterator
from mercato._services import MessageStream as MessageStream
from mercato._services import OrderClient as OrderClient
from mercato._services import PaymentClient as PaymentClient
from mercato._services import UserClient as UserClient

NotFound = NotFoundError
InvalidArgument = InvalidArgumentError
Conflict = ConflictError

__version__: str
__all__: list[str]
