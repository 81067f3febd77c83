"""Append-only audit trail."""

from __future__ import annotations

from sqlmodel import Session

from portal_app.models import Account, AuditEvent


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
        )
    )
