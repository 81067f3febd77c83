"""Call a service as production does: in `infra.db.run_in_session` (commit on success, roll back on
error), with the acting account loaded inside that same unit of work (as `PortalState._call` does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from portal_app.infra.db import run_in_session
from portal_app.models import Account

T = TypeVar("T")


def as_actor(actor: Account | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(db, actor, *args)` in its own unit of work; `actor=None` is the command line."""

    def job(db: Session) -> T:
        return fn(db, db.get(Account, actor.id) if actor is not None else None, *args, **kwargs)

    return run_in_session(job)
