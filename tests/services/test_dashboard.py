"""The learner dashboard's figures: what counts and what does not."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from portal_app.models import Order
from portal_app.services import dashboard
from portal_app.services.errors import PermissionDenied
from tests.factories import make_account, make_connection, make_document, make_learner


def make_order(db: Session, account_id: int, number: str) -> None:
    db.add(
        Order(
            number=number,
            account_id=account_id,
            full_name="Test Learner",
            delivery_option_name="UK",
            delivery_pence=0,
            subtotal_pence=1000,
            total_pence=1000,
            created_by_name="Test Learner",
            created_by_kind="learner",
        )
    )


def test_figures_count_current_documents_own_orders_and_live_connections(db: Session, uow) -> None:
    learner, other = make_learner(db), make_learner(db)
    make_document(db, learner.learner_record_id)
    make_document(db, learner.learner_record_id)
    make_document(db, learner.learner_record_id, status="superseded")
    make_document(db, other.learner_record_id)
    make_order(db, learner.id, "DASH-1")
    make_order(db, other.id, "DASH-2")
    make_connection(db, learner, None, "active")
    make_connection(db, learner, None, "active", days=-1)
    make_connection(db, learner, None, "pending")
    make_connection(db, learner, None, "pending")
    make_connection(db, learner, None, "declined")
    make_connection(db, other, None, "active")

    assert uow(dashboard.learner_figures, learner) == dashboard.DashboardFigures(
        documents=2, orders=1, active_connections=1, pending_connections=2
    )


def test_a_learner_without_a_record_has_no_documents(db: Session, uow) -> None:
    learner = make_account(db, "learner")
    assert uow(dashboard.learner_figures, learner) == dashboard.DashboardFigures(0, 0, 0, 0)


def test_figures_are_for_learners_only(db: Session, uow) -> None:
    with pytest.raises(PermissionDenied):
        uow(dashboard.learner_figures, make_account(db, "third_party"))
