"""The audit log viewer and its CSV export: administrators only, filters in SQL, read-only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.models import AuditEvent
from portal_app.services import audit, audit_log, auth
from portal_app.services.audit_log import AuditFilter
from portal_app.services.errors import DomainError, PermissionDenied, ValidationError
from tests.factories import make_account, make_learner


@pytest.fixture
def admin(db):
    return make_account(db, kind="admin", email="auditor@example.com")


def _event(db, actor, action, detail="", days_ago=0, address=""):
    db.add(
        AuditEvent(
            actor_account_id=actor.id if actor else None,
            action=action,
            subject_type="order",
            subject_id=7,
            detail=detail,
            client_address=address,
            created_at=utcnow() - timedelta(days=days_ago),
        )
    )
    db.commit()


def test_only_administrators_read_or_export_the_log(db, uow):
    for actor in (make_learner(db), make_account(db, kind="third_party"), None):
        with pytest.raises(PermissionDenied):
            uow(audit_log.audit_page, actor, AuditFilter())
        with pytest.raises(PermissionDenied):
            uow(audit_log.export_csv, actor, "2026-01-01", "2026-12-31")


def test_the_log_says_who_what_when_and_from_where_newest_first(db, uow, admin):
    _event(db, admin, "order.refunded", "refund note", days_ago=1, address="203.0.113.9")
    _event(db, None, "order.paid", "test pay_1")
    page = uow(audit_log.audit_page, admin, AuditFilter())
    assert [r.action for r in page.rows] == ["order.paid", "order.refunded"]
    refunded = page.rows[1]
    assert (refunded.actor, refunded.actor_kind, refunded.subject) == (
        "auditor@example.com",
        "admin",
        "order 7",
    )
    assert refunded.client_address == "203.0.113.9"
    assert refunded.when.endswith("UTC")
    assert page.rows[0].actor == "System"


def test_filters_by_kind_actor_search_and_dates(db, uow, admin):
    other = make_account(db, kind="admin", email="second@example.com")
    _event(db, admin, "sign_in.failed", days_ago=10)
    _event(db, admin, "document.revoke", "55501234-01-RVKD: awarded in error", days_ago=3)
    _event(db, other, "catalogue.product", "Certificate 12.00", days_ago=1)

    def actions(**wanted):
        return [r.action for r in uow(audit_log.audit_page, admin, AuditFilter(**wanted)).rows]

    assert actions(kind="security") == ["sign_in.failed"]
    assert actions(actor="second@") == ["catalogue.product"]
    assert actions(search="awarded in ERROR") == ["document.revoke"]
    today = utcnow().date()
    since = (today - timedelta(days=4)).isoformat()
    assert actions(date_from=since, date_to=today.isoformat()) == ["catalogue.product", "document.revoke"]
    assert actions(date_to=(today - timedelta(days=5)).isoformat()) == ["sign_in.failed"]


def test_a_kind_filter_treats_underscores_literally(db, uow, admin):
    _event(db, admin, "signXin")  # would match the LIKE pattern 'sign_in%' unescaped
    assert uow(audit_log.audit_page, admin, AuditFilter(kind="security")).rows == []


def test_bad_dates_are_a_message_next_to_the_field(db, uow, admin):
    with pytest.raises(ValidationError) as bad:
        uow(audit_log.audit_page, admin, AuditFilter(date_from="31/02/2026"))
    assert "date_from" in bad.value.fields
    with pytest.raises(ValidationError) as backwards:
        uow(audit_log.audit_page, admin, AuditFilter(date_from="2026-11-02", date_to="2026-11-01"))
    assert "date_to" in backwards.value.fields


def test_csv_export_covers_the_days_asked_for_and_is_itself_audited(db, uow, admin):
    _event(db, admin, "order.refunded", '=HYPERLINK("http://evil")', days_ago=2, address="198.51.100.4")
    _event(db, admin, "order.dispatched", "too old", days_ago=40)
    today = utcnow().date()
    body = uow(audit_log.export_csv, admin, (today - timedelta(days=7)).isoformat(), today.isoformat())
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == audit_log.CSV_HEADER
    assert [r[3] for r in rows[1:]] == ["order.refunded"]
    assert rows[1][1] == "auditor@example.com" and rows[1][7] == "198.51.100.4"
    assert rows[1][6].startswith("'=")  # a spreadsheet shows it as text, never runs it
    exported = db.exec(select(AuditEvent).where(AuditEvent.action == "audit.exported")).one()
    assert exported.actor_account_id == admin.id


def test_an_export_needs_both_dates(db, uow, admin):
    with pytest.raises(ValidationError):
        uow(audit_log.export_csv, admin, "", "2026-11-30")


def test_audit_rows_record_the_client_address_of_the_event(db, uow, admin):
    audit.from_client("192.0.2.77")
    try:
        with pytest.raises(DomainError):
            uow(auth.sign_in, admin.email, "wrong password")
    finally:
        audit.from_client("")
    failed = db.exec(select(AuditEvent).where(AuditEvent.action == "sign_in.failed")).one()
    assert failed.client_address == "192.0.2.77"


def test_nothing_in_the_viewer_writes_or_deletes_events(db, uow, admin):
    _event(db, admin, "order.paid")
    uow(audit_log.audit_page, admin, AuditFilter())
    assert len(db.exec(select(AuditEvent)).all()) == 1
    assert not any(name.startswith(("delete", "update", "edit")) for name in dir(audit_log))
