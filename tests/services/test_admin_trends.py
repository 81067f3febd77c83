"""The administrators' overview charts: twelve weeks of SQL aggregates, administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.models import AuditEvent, DocumentAccess, Order
from portal_app.models.audit import VerificationCheck
from portal_app.services import dashboard, verification_log
from portal_app.services.errors import PermissionDenied
from tests.factories import make_account, make_connection, make_document, make_learner


def _order(db, learner, option, pence, status="paid", days_ago=0, n=[0]):  # noqa: B006 - a counter
    n[0] += 1
    db.add(
        Order(
            number=f"ORD-T{n[0]:07d}", account_id=learner.id, status=status, full_name="T",
            delivery_option_name=option, delivery_pence=0, subtotal_pence=pence, total_pence=pence,
            created_by_name="T", created_by_kind="learner", created_at=utcnow() - timedelta(days=days_ago),
        )
    )  # fmt: skip
    db.commit()


@pytest.fixture(autouse=True)
def counted_afresh():
    dashboard._trends_cache.clear()
    yield
    dashboard._trends_cache.clear()


def test_only_administrators_see_the_trends(db, uow):
    uow(dashboard.admin_trends, make_account(db, kind="admin"))  # even with an answer kept
    for actor in (make_learner(db), make_account(db, kind="third_party"), None):
        with pytest.raises(PermissionDenied):
            uow(dashboard.admin_trends, actor)


def test_weeks_start_on_mondays_and_end_with_this_one():
    starts = dashboard.week_starts(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))  # a Monday
    assert len(starts) == 13
    assert starts[-2] == datetime(2026, 11, 30, tzinfo=UTC) and starts[-1] == datetime(
        2026, 12, 7, tzinfo=UTC
    )
    assert starts[0] == datetime(2026, 9, 14, tzinfo=UTC)


def test_each_chart_counts_its_weeks(db, uow):
    admin = make_account(db, kind="admin")
    learner = make_learner(db)
    now = utcnow()
    for action, days in (
        ("registration.matched", 0),
        ("registration.matched", 7),
        ("registration.pending_review", 0),
    ):
        db.add(AuditEvent(action=action, created_at=now - timedelta(days=days)))
    db.add(AuditEvent(action="registration.matched", created_at=now - timedelta(weeks=20)))  # too old
    document = make_document(db, learner.learner_record_id)
    make_document(db, learner.learner_record_id, status="revoked", status_changed_at=now)
    connection = make_connection(db, learner, make_account(db, kind="third_party"), documents=[document])
    db.add(DocumentAccess(connection_id=connection.id, document_id=document.id, viewer_account_id=admin.id))
    db.commit()
    _order(db, learner, "Royal Mail Signed", 3050)
    _order(db, learner, "Royal Mail Signed", 3050)
    _order(db, learner, "UK Courier - Next Day", 3945)
    _order(db, learner, "UK Courier - Next Day", 3945, status="refunded")  # no revenue
    _order(db, learner, "Royal Mail Signed", 3050, status="pending_payment")  # not paid

    trends = uow(dashboard.admin_trends, admin)

    assert all(
        len(series) == 12 for series in (trends.registrations, trends.documents, trends.shares, trends.orders)
    )
    this_week, last_week = trends.registrations[-1], trends.registrations[-2]
    assert (this_week["matched"], this_week["reviewed"]) == (1, 1)
    assert sum(p["matched"] for p in trends.registrations) == 2  # not the one 20 weeks ago
    assert last_week["matched"] + this_week["matched"] == 2
    assert trends.documents[-1] == {"week": trends.documents[-1]["week"], "issued": 2, "revoked": 1}
    assert (trends.shares[-1]["created"], trends.shares[-1]["opened"]) == (1, 1)
    assert trends.delivery_names == ["Royal Mail Signed", "UK Courier - Next Day", "Other"]
    week = trends.orders[-1]
    assert (week["n0"], week["n1"], week["r0"], week["r1"]) == (2, 1, 61.0, 39.45)


def test_a_worker_keeps_its_answer_for_a_few_minutes(db, uow, monkeypatch):
    admin = make_account(db, kind="admin")
    first = uow(dashboard.admin_trends, admin)
    make_document(db, make_learner(db).learner_record_id)
    assert uow(dashboard.admin_trends, admin) is first
    monkeypatch.setattr(dashboard, "TRENDS_TTL_SECONDS", 0)
    assert uow(dashboard.admin_trends, admin).documents[-1]["issued"] == first.documents[-1]["issued"] + 1


def test_public_verifications_are_counted_valid_or_not(db, uow):
    admin = make_account(db, kind="admin")
    assert uow(verification_log.verify_and_count, "00000000-01-NONE").outcome == "not_found"
    uow(verification_log.verify_and_count, "not a reference")
    db.add(VerificationCheck(outcome="valid", created_at=utcnow() - timedelta(weeks=1)))
    db.commit()
    assert len(db.exec(select(VerificationCheck)).all()) == 3  # outcome and time only
    trends = uow(dashboard.admin_trends, admin)
    assert (trends.verifications[-1]["valid"], trends.verifications[-1]["other"]) == (0, 2)
    assert (trends.verifications[-2]["valid"], trends.verifications[-2]["other"]) == (1, 0)
