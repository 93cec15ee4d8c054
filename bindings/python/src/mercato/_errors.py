"""The exceptions every mercato call raises: one tree under MercatoError, one class per kind of
failure a caller handles differently. The extension raises them from a failed SDK status."""

from __future__ import annotations

from typing import Any, Mapping, Optional


class MercatoError(Exception):
    """A call to mercatod failed.

    ``code`` is the canonical gRPC code ("NOT_FOUND", "ABORTED", ...), ``reason`` the server's
    stable machine-readable reason ("VERSION_MISMATCH", ...), ``metadata`` its structured context,
    ``request_id`` the server's id of the call (quote it in support requests) and ``retry_after``
    the seconds the server asked to wait before retrying, if it said.
    """

    def __init__(
        self,
        text: str,
        *,
        message: Optional[str] = None,
        code: str = "UNKNOWN",
        reason: str = "",
        domain: str = "",
        metadata: Optional[Mapping[str, str]] = None,
        request_id: str = "",
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(text)
        self.message = text if message is None else message
        self.code = code
        self.reason = reason
        self.domain = domain
        self.metadata = dict(metadata or {})
        self.request_id = request_id
        self.retry_after = retry_after

    def __reduce__(self) -> Any:
        details = dict(
            message=self.message,
            code=self.code,
            reason=self.reason,
            domain=self.domain,
            metadata=self.metadata,
            request_id=self.request_id,
            retry_after=self.retry_after,
        )
        return (_rebuild, (type(self), str(self), details))


def _rebuild(cls: type, text: str, details: Mapping[str, Any]) -> MercatoError:
    return cls(text, **details)


class InvalidArgumentError(MercatoError):
    """The request was malformed (INVALID_ARGUMENT, OUT_OF_RANGE); ``metadata["field"]`` names the field."""


class NotFoundError(MercatoError):
    """The entity does not exist, or is not visible to the caller (NOT_FOUND)."""


class ConflictError(MercatoError):
    """The entity changed since it was read (ABORTED) or the key is taken (ALREADY_EXISTS)."""

    @property
    def current_version(self) -> Optional[int]:
        """The entity's version on the server, when the server said (re-read, then retry)."""
        value = self.metadata.get("current_version")
        return int(value) if value is not None else None


class PermissionDeniedError(MercatoError):
    """The caller lacks the role the call needs (PERMISSION_DENIED)."""


class UnauthenticatedError(MercatoError):
    """No valid credentials were sent (UNAUTHENTICATED)."""


class RateLimitError(MercatoError):
    """Too many requests (RESOURCE_EXHAUSTED); wait ``retry_after`` seconds when it is set."""


class UnavailableError(MercatoError):
    """mercatod or one of its backends could not be reached (UNAVAILABLE), after the SDK's retries."""


class FailedPreconditionError(MercatoError):
    """The entity is not in a state that allows the call (FAILED_PRECONDITION)."""


class DeadlineExceededError(MercatoError):
    """The call did not finish within its deadline (DEADLINE_EXCEEDED), after the SDK's retries."""
