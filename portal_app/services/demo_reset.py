"""Put the demo story back as the README tells it, after a rehearsal has cluttered it.

A reset empties every table (except the signing keys, so documents already verified elsewhere
still check out) and seeds the demo data again. Because it deletes everything, it runs only on
a database that holds nothing but demo data:

- demo mode is on (`PORTAL_SEED_DEMO=true`) and the base URL is not https (`seed.demo_refusal`);
- the demo administrator exists, so the database was seeded with the demo story;
- every account and every learner record has an e-mail address at a domain reserved for
  examples (RFC 2606: `example.com`, `example.net`, `example.org` and any `*.example`), which no
  real person can receive mail at. Demo journeys only create such addresses (Priya registers as
  priya.patel@example.com); one real address anywhere means real people use this database.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, SQLModel, col, select

from portal_app.infra.settings import Settings, settings
from portal_app.models import Account, AuthSession, LearnerRecord, SigningKey, id_of
from portal_app.services.errors import DomainError, PermissionDenied

DEMO_ADMIN_EMAIL = "admin@awarding.example"
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org", "example"})
KEPT_TABLES = frozenset({SigningKey.__tablename__})


class DemoResetRefused(DomainError):
    """The database may hold more than demo data (or demo mode is off): nothing was changed."""


@dataclass(frozen=True)
class ResetDone:
    accounts: int
    still_signed_in: bool  # the administrator who asked keeps their session


def is_demo_address(email: str | None) -> bool:
    """At a domain reserved for examples, or the `.invalid` placeholder a deleted account keeps
    (services/accounts: nothing of the person is left, so it is no sign of real use)."""
    domain = (email or "").rpartition("@")[2].strip().lower()
    return domain in RESERVED_DOMAINS or domain.endswith((".example", ".invalid"))


def refusal(db: Session, cfg: Settings | None = None) -> str:
    """Why this database must not be reset ("" when it may)."""
    cfg = cfg or settings
    if cfg.base_url.lower().startswith("https://"):
        return f"Refusing to reset: PORTAL_BASE_URL is {cfg.base_url}, a public address. Nothing was changed."
    if not cfg.seed_demo_data:
        return "Refusing to reset: demo mode is off (set PORTAL_SEED_DEMO=true). Nothing was changed."
    if db.exec(select(Account.id).where(Account.email == DEMO_ADMIN_EMAIL)).first() is None:
        return (
            f"Refusing to reset: there is no {DEMO_ADMIN_EMAIL}, so this database was not seeded with the "
            "demo data. Nothing was changed."
        )
    for what, email in (
        ("account", next(iter(_real_addresses(db, col(Account.email))), None)),
        ("learner record", next(iter(_real_addresses(db, col(LearnerRecord.email))), None)),
    ):
        if email is not None:
            return (
                f"Refusing to reset: the {what} {email} is not a demo address, so this database holds more "
                "than demo data. Nothing was changed."
            )
    return ""


def _real_addresses(db: Session, column: Mapped[str] | Mapped[str | None]) -> list[str]:
    addresses = db.exec(select(column).where(column.is_not(None))).all()
    return [a for a in addresses if a is not None and not is_demo_address(a)]


def _empty_tables(db: Session) -> None:
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in KEPT_TABLES]
    if db.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY"))  # ids as in a fresh seed
    else:
        for table in reversed(tables):  # SQLite reuses the ids once a table is empty
            db.execute(table.delete())


def reset_demo(db: Session, actor: Account | None) -> ResetDone:
    """Empty the database and seed the demo story again. `actor` None is the command line; an
    administrator asking from the portal stays signed in (their open sessions move to the
    reseeded account with the same e-mail address); everyone else is signed out."""
    from portal_app.seed import seed_demo

    if actor is not None and actor.kind != "admin":
        raise PermissionDenied()
    if problem := refusal(db):
        raise DemoResetRefused(problem)
    email = actor.email if actor is not None else None
    kept = []
    if actor is not None:
        kept = [
            (s.token_hash, s.created_at, s.last_seen_at, s.expires_at)
            for s in db.exec(
                select(AuthSession).where(
                    col(AuthSession.account_id) == actor.id, col(AuthSession.ended_at).is_(None)
                )
            ).all()
        ]
    db.expunge_all()
    _empty_tables(db)
    seed_demo(db)
    db.flush()
    accounts = len(db.exec(select(Account.id)).all())
    again = db.exec(select(Account).where(Account.email == email)).first() if email else None
    if again is not None and again.kind == "admin":
        for token_hash, created, seen, expires in kept:
            db.add(
                AuthSession(
                    account_id=id_of(again),
                    token_hash=token_hash,
                    created_at=created,
                    last_seen_at=seen,
                    expires_at=expires,
                )
            )
    return ResetDone(accounts=accounts, still_signed_in=again is not None and bool(kept))
