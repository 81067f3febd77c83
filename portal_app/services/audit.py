"""Append-only audit trail: who did what to whom, and from which address.

The address comes from the event being handled: `PortalState` sets it with `from_client` before
it calls a service, and `infra.db.call` carries it into the worker thread (a context variable),
so no service has to pass it along. Nothing in the portal edits or deletes an audit row.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlmodel import Session

from portal_app.models import Account, AuditEvent

_client_address: ContextVar[str] = ContextVar("audit_client_address", default="")


def from_client(address: str) -> None:
    """Record `address` on every audit row the current event writes."""
    _client_address.set(str(address or "")[:64])


def record(
    db: Session,
    actor: Account | None,
    action: str,
    subject_type: str = "",
    subject_id: int | None = None,
    detail: str = "",
) -> None:
    db.add(
        AuditEvent(
            actor_account_id=actor.id if actor else None,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=detail[:2000],
            client_address=_client_address.get(),
        )
    )
