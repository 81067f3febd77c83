"""Domain errors that pages turn into messages; never a stack trace."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: `str(error)` is safe to show to the user."""


class NotSignedIn(DomainError):
    def __init__(self, message: str = "Please sign in to continue.") -> None:
        super().__init__(message)


class PermissionDenied(DomainError):
    def __init__(self, message: str = "You do not have access to that.") -> None:
        super().__init__(message)


class NotFound(DomainError):
    def __init__(self, message: str = "That item could not be found.") -> None:
        super().__init__(message)


class ValidationError(DomainError):
    """Bad input, with a message per form field (field name -> message)."""

    def __init__(self, fields: dict[str, str] | None = None, message: str = "") -> None:
        self.fields = dict(fields or {})
        super().__init__(message or "Please correct the highlighted fields.")

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls({field: message}, message)


class TooManyAttempts(DomainError):
    """A rate limit refused the attempt (services.abuse); the text says how long to wait."""
