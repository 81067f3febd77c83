"""The learner dashboard's figures, in one query; the administrators' twelve-week trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from time import monotonic
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from portal_app.infra.clock import utcnow
from portal_app.models import Account, AuditEvent, Connection, Document, DocumentAccess, Order, table_of
from portal_app.models.audit import VerificationCheck
from portal_app.services.errors import PermissionDenied


@dataclass(frozen=True)
class DashboardFigures:
    documents: int
    orders: int
    active_connections: int
    pending_connections: int
    last_viewer: str = ""  # who last opened a document the learner shares, and when
    last_viewed_at: datetime | None = None


def _count(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(table).where(*where).scalar_subquery()


def _connections(status: str) -> sa.ScalarSelect[int]:
    c = table_of(Connection).c
    return _count(
        table_of(Connection),
        c.learner_account_id == sa.bindparam("account_id"),
        c.status == status,
        c.expires_at > sa.bindparam("now"),
    )


# Built once, as Core on the tables: it runs on every dashboard load. A learner without a
# learner record has record_id NULL, which matches no document.
_FIGURES = sa.select(
    _count(
        table_of(Document),
        table_of(Document).c.learner_record_id == sa.bindparam("record_id"),
        table_of(Document).c.status != "superseded",
    ),
    _count(table_of(Order), table_of(Order).c.account_id == sa.bindparam("account_id")),
    _connections("active"),
    _connections("pending"),
)
# Who last opened a document the learner shares, and when (built once, as _FIGURES).
_LAST_VIEW = (
    sa.select(table_of(Connection).c.third_party_name, table_of(DocumentAccess).c.viewed_at)
    .join(table_of(Connection), table_of(Connection).c.id == table_of(DocumentAccess).c.connection_id)
    .where(table_of(Connection).c.learner_account_id == sa.bindparam("account_id"))
    .order_by(table_of(DocumentAccess).c.viewed_at.desc())
    .limit(1)
)


def learner_figures(db: Session, actor: Account) -> DashboardFigures:
    if actor.kind != "learner":
        raise PermissionDenied()
    documents, orders, active, pending = db.execute(
        _FIGURES, {"record_id": actor.learner_record_id, "account_id": actor.id, "now": utcnow()}
    ).one()
    last = db.execute(_LAST_VIEW, {"account_id": actor.id}).first()
    return DashboardFigures(
        documents=int(documents),
        orders=int(orders),
        active_connections=int(active),
        pending_connections=int(pending),
        last_viewer=last[0] if last else "",
        last_viewed_at=last[1] if last else None,
    )


# --- The administrators' overview: twelve weeks of trends -------------------------------------

WEEKS = 12
# The charts move by the week: a worker keeps its last answer this long, so a busy overview does
# not recount the weeks on every load (at full size the current week can hold millions of rows).
TRENDS_TTL_SECONDS = 300
_trends_cache: dict[str, tuple[float, Trends]] = {}
DELIVERY_SERIES = 3  # the busiest delivery options get a series each; the rest are "Other"
PAID = ("paid", "processing", "dispatched")  # orders that brought revenue (refunded/cancelled did not)


@dataclass(frozen=True)
class Trends:
    """Weekly points for the overview's charts: one dict per week, {"week": "16/11", key: n, ...}.

    `orders` has n0..n3 (orders) and r0..r3 (revenue in pounds) per delivery option, named by
    `delivery_names` (the fourth is "Other")."""

    registrations: list[dict[str, Any]]  # matched, reviewed
    documents: list[dict[str, Any]]  # issued, revoked
    shares: list[dict[str, Any]]  # created, opened
    verifications: list[dict[str, Any]]  # valid, other (revoked, superseded, not found, malformed)
    orders: list[dict[str, Any]]
    delivery_names: list[str]


def week_starts(now: datetime, weeks: int = WEEKS) -> list[datetime]:
    """Mondays 00:00 UTC starting each of the last `weeks` weeks (this one last), and the next Monday."""
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time(), UTC)
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks + 1)]


def _weekly(
    db: Session, column: Any, starts: list[datetime], *where: Any, group: Any = None, total: Any = None
) -> dict[tuple[int, Any], tuple[int, float]]:
    """{(week index, group value): (rows, sum of `total`)} for rows whose `column` falls in the weeks.

    The week is a CASE over the boundaries (portable SQL), taken in a subquery so that GROUP BY
    names a plain column; the WHERE on `column` is a range an index on it serves."""
    week = sa.case(*[(column < start, i) for i, start in enumerate(starts[1:])], else_=len(starts) - 1)
    inner = (
        sa.select(
            week.label("week"),
            (group if group is not None else sa.literal(None)).label("grp"),
            (total if total is not None else sa.literal(1)).label("amount"),
        )
        .where(column >= starts[0], column < starts[-1], *where)
        .subquery()
    )
    rows = db.execute(
        sa.select(inner.c.week, inner.c.grp, sa.func.count(), sa.func.sum(inner.c.amount)).group_by(
            inner.c.week, inner.c.grp
        )
    ).all()
    return {(int(w), g): (int(n), float(amount or 0)) for w, g, n, amount in rows}


def _rows(weekly: dict[tuple[int, Any], tuple[int, float]], only: Any = None) -> dict[int, int]:
    """{week index: rows}, of one group value when `only` is given."""
    out: dict[int, int] = {}
    for (week, group), (n, _) in weekly.items():
        if only is None or group == only:
            out[week] = out.get(week, 0) + n
    return out


def _series(starts: list[datetime], **counts: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {"week": start.strftime("%d/%m"), **{name: values.get(i, 0) for name, values in counts.items()}}
        for i, start in enumerate(starts[:-1])
    ]


def admin_trends(db: Session, actor: Account | None) -> Trends:
    """Twelve weeks of registrations, documents, shares, public verifications and orders, each one
    GROUP BY query."""
    if actor is None or actor.kind != "admin":
        raise PermissionDenied()
    key = f"{db.get_bind().engine.url}"
    cached = _trends_cache.get(key)
    if cached and monotonic() - cached[0] < TRENDS_TTL_SECONDS:
        return cached[1]
    trends = _count_trends(db, week_starts(utcnow()))
    _trends_cache[key] = (monotonic(), trends)
    return trends


def _count_trends(db: Session, starts: list[datetime]) -> Trends:
    audit_at = table_of(AuditEvent).c.created_at
    action = table_of(AuditEvent).c.action
    documents = table_of(Document).c
    kinds = ("registration.matched", "registration.pending_review")
    registered = _weekly(db, audit_at, starts, action.in_(kinds), group=action)
    registrations = _series(starts, matched=_rows(registered, kinds[0]), reviewed=_rows(registered, kinds[1]))
    document_points = _series(
        starts,
        issued=_rows(_weekly(db, documents.created_at, starts)),
        revoked=_rows(_weekly(db, documents.status_changed_at, starts, documents.status == "revoked")),
    )
    shares = _series(
        starts,
        created=_rows(_weekly(db, table_of(Connection).c.created_at, starts)),
        opened=_rows(_weekly(db, table_of(DocumentAccess).c.viewed_at, starts)),
    )
    checked = _weekly(db, table_of(VerificationCheck).c.created_at, starts,
                      group=table_of(VerificationCheck).c.outcome == "valid")  # fmt: skip
    verifications = _series(starts, valid=_rows(checked, True), other=_rows(checked, False))
    orders = table_of(Order).c
    placed = _weekly(
        db, orders.created_at, starts, orders.status.in_(PAID), group=orders.delivery_option_name,
        total=orders.total_pence,
    )  # fmt: skip
    by_option: dict[str, int] = {}
    for (_, name), (n, _) in placed.items():
        by_option[name] = by_option.get(name, 0) + n
    names = [n for n, _ in sorted(by_option.items(), key=lambda kv: (-kv[1], kv[0]))][:DELIVERY_SERIES]
    order_points = []
    for i, start in enumerate(starts[:-1]):
        count, pence = [0] * (DELIVERY_SERIES + 1), [0.0] * (DELIVERY_SERIES + 1)
        for (week, name), (n, amount) in placed.items():
            if week == i:
                slot = names.index(name) if name in names else DELIVERY_SERIES
                count[slot] += n
                pence[slot] += amount
        point: dict[str, Any] = {"week": start.strftime("%d/%m")}
        point.update({f"n{slot}": n for slot, n in enumerate(count)})
        point.update({f"r{slot}": round(p / 100, 2) for slot, p in enumerate(pence)})
        order_points.append(point)
    return Trends(registrations, document_points, shares, verifications, order_points, [*names, "Other"])
