"""Third parties as staff see them: the organisations, each organisation's accounts, and how many
connections each account holds.

There is no organisation table: an organisation is what its people typed when they registered
(`account.organisation`), so the list is of accounts, in organisation order, and the search finds
an organisation by any part of its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection
from portal_app.services.connections import live_filter
from portal_app.services.dates import day
from portal_app.services.errors import PermissionDenied
from portal_app.services.paging import Page, page_of, search_clause

PAGE_SIZE = 25
STATUS_FILTERS = ("active", "unverified", "suspended")
NO_ORGANISATION = "No organisation given"


@dataclass(frozen=True)
class ThirdPartyRow:
    """One third-party account under its organisation."""

    id: int
    organisation: str
    name: str
    email: str
    status: str
    joined_on: str
    live_connections: int  # pending or active, and not expired
    all_connections: int


def require_admin(actor: Account | None) -> Account:
    if actor is None or actor.kind != "admin" or actor.status != "active":
        raise PermissionDenied()
    return actor


def _counts(db: Session, account_ids: list[int], now: datetime) -> dict[int, tuple[int, int]]:
    """Live and all connections of each account on the page: one GROUP BY over the page's ids."""
    if not account_ids:
        return {}
    live = sa.func.sum(sa.case((live_filter(now), 1), else_=0))
    found = db.exec(
        select(Connection.third_party_account_id, live, func.count())
        .where(col(Connection.third_party_account_id).in_(account_ids))
        .group_by(col(Connection.third_party_account_id))
    ).all()
    return {
        account_id: (int(live_count or 0), int(total))
        for account_id, live_count, total in found
        if account_id is not None  # never: the WHERE keeps only the page's ids
    }


def third_parties_page(
    db: Session, actor: Account | None, *, search: str = "", status: str = "", page: int = 1
) -> Page[ThirdPartyRow]:
    """Third-party accounts by organisation (those without one last), then by name."""
    require_admin(actor)
    query = select(Account).where(Account.kind == "third_party")
    if status in STATUS_FILTERS:
        query = query.where(Account.status == status)
    match = search_clause(search, Account.organisation, Account.first_name, Account.last_name, Account.email)
    if match is not None:
        query = query.where(match)
    found = page_of(
        db,
        query,
        page,
        PAGE_SIZE,
        col(Account.organisation).is_(None),
        func.lower(func.coalesce(Account.organisation, "")),
        col(Account.last_name),
        col(Account.id),
    )
    counts = _counts(db, [a.id or 0 for a in found.rows], utcnow())
    rows = [
        ThirdPartyRow(
            id=a.id or 0,
            organisation=a.organisation or NO_ORGANISATION,
            name=a.full_name or a.email,
            email=a.email,
            status=a.status,
            joined_on=day(a.created_at),
            live_connections=counts.get(a.id or 0, (0, 0))[0],
            all_connections=counts.get(a.id or 0, (0, 0))[1],
        )
        for a in found.rows
    ]
    return Page(rows, found.number, found.size, found.total, found.more, found.has_next)
