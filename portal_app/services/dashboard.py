"""The learner dashboard's figures, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, Document, Order
from portal_app.services.errors import PermissionDenied


@dataclass(frozen=True)
class DashboardFigures:
    documents: int
    orders: int
    active_connections: int
    pending_connections: int


def learner_figures(db: Session, actor: Account) -> DashboardFigures:
    if actor.kind != "learner":
        raise PermissionDenied()
    documents = 0
    if actor.learner_record_id is not None:
        documents = db.exec(
            select(func.count())
            .select_from(Document)
            .where(Document.learner_record_id == actor.learner_record_id)
            .where(col(Document.status) != "superseded")
        ).one()
    orders = db.exec(select(func.count()).select_from(Order).where(Order.account_id == actor.id)).one()
    now = utcnow()
    rows = db.exec(
        select(Connection.status, func.count())
        .where(Connection.learner_account_id == actor.id)
        .where(col(Connection.status).in_(("active", "pending")))
        .where(Connection.expires_at > now)
        .group_by(Connection.status)
    ).all()
    by_status = dict(rows)
    return DashboardFigures(
        documents=int(documents),
        orders=int(orders),
        active_connections=int(by_status.get("active", 0)),
        pending_connections=int(by_status.get("pending", 0)),
    )
