"""The learner dashboard's figures, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, Document, DocumentAccess, Order
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
    c = Connection.__table__.c
    return _count(
        Connection.__table__,
        c.learner_account_id == sa.bindparam("account_id"),
        c.status == status,
        c.expires_at > sa.bindparam("now"),
    )


# Built once, as Core on the tables: it runs on every dashboard load. A learner without a
# learner record has record_id NULL, which matches no document.
_FIGURES = sa.select(
    _count(
        Document.__table__,
        Document.__table__.c.learner_record_id == sa.bindparam("record_id"),
        Document.__table__.c.status != "superseded",
    ),
    _count(Order.__table__, Order.__table__.c.account_id == sa.bindparam("account_id")),
    _connections("active"),
    _connections("pending"),
)


def learner_figures(db: Session, actor: Account) -> DashboardFigures:
    if actor.kind != "learner":
        raise PermissionDenied()
    documents, orders, active, pending = db.execute(
        _FIGURES, {"record_id": actor.learner_record_id, "account_id": actor.id, "now": utcnow()}
    ).one()
    last = db.exec(
        select(Connection.third_party_name, DocumentAccess.viewed_at)
        .join(Connection, col(Connection.id) == DocumentAccess.connection_id)
        .where(Connection.learner_account_id == actor.id)
        .order_by(col(DocumentAccess.viewed_at).desc())
        .limit(1)
    ).first()
    return DashboardFigures(
        documents=int(documents),
        orders=int(orders),
        active_connections=int(active),
        pending_connections=int(pending),
        last_viewer=last[0] if last else "",
        last_viewed_at=last[1] if last else None,
    )
