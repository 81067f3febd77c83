"""The support view of a learner: administrators only, read-only, every look audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.models import AuditEvent, DocumentAccess, IssueReport, Order
from portal_app.services import mail, support
from portal_app.services.errors import NotFound, PermissionDenied
from tests.factories import make_account, make_connection, make_document, make_learner, make_record


@pytest.fixture
def admin(db):
    return make_account(db, kind="admin", email="support@example.com")


def _order(db, learner, number="ORD-00000042"):
    db.add(
        Order(
            number=number, account_id=learner.id, status="dispatched", full_name=learner.full_name,
            delivery_option_name="Royal Mail Tracked", delivery_pence=300, subtotal_pence=1200,
            total_pence=1500, created_by_name=learner.full_name, created_by_kind="learner",
            tracking_reference="RM123456785GB",
        )
    )  # fmt: skip
    db.commit()


def test_only_administrators_see_a_learner(db, uow):
    learner = make_learner(db)
    for actor in (learner, make_account(db, kind="third_party"), None):
        with pytest.raises(PermissionDenied):
            uow(support.learner_support, actor, record_id=learner.learner_record_id)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "support.viewed")).all() == []


def test_the_view_shows_everything_support_needs(db, uow, admin):
    learner = make_learner(db, email="claire@example.com")
    employer = make_account(db, kind="third_party", first_name="Ted", last_name="Trew")
    valid = make_document(db, learner.learner_record_id)
    revoked = make_document(db, learner.learner_record_id, status="revoked", status_reason="awarded in error")
    shared = make_connection(db, learner, employer, documents=[valid])
    make_connection(db, learner, employer, days=-1)  # expired
    db.add(DocumentAccess(connection_id=shared.id, document_id=valid.id, viewer_account_id=employer.id))
    db.add(IssueReport(document_id=valid.id, account_id=learner.id, description="Surname misspelt",
                       status="answered", answer="Corrected", answered_by_id=admin.id, answered_at=utcnow()))  # fmt: skip
    _order(db, learner)
    mail.queue(db, learner.email, "Your document is ready", ["Hello"], kind="issued")
    db.commit()

    view = uow(support.learner_support, admin, record_id=learner.learner_record_id)

    assert view.has_account and view.account_email == "claire@example.com" and view.account_status == "Active"
    assert {(d.reference, d.status, d.reason) for d in view.documents} == {
        (valid.reference, "valid", ""),
        (revoked.reference, "revoked", "awarded in error"),
    }
    by_status = {c.status: c for c in view.connections}
    assert set(by_status) == {"active", "expired"}
    assert by_status["active"].documents == [valid.reference] and by_status["active"].views == 1
    assert by_status["active"].recent_views[0].startswith(valid.reference + " on ")
    assert by_status["active"].third_party == "Ted Trew"
    assert [(o.number, o.status_label, o.total, o.tracking) for o in view.orders] == [
        ("ORD-00000042", "Dispatched", "£15.00", "RM123456785GB")
    ]
    report = view.reports[0]
    assert (report.reference, report.document_status, report.status) == (valid.reference, "valid", "answered")
    assert report.answered.startswith("by support@example.com on ")
    assert [e.subject for e in view.emails] == ["Your document is ready"]


def test_each_look_is_written_to_the_audit_log(db, uow, admin):
    learner = make_learner(db)
    uow(support.learner_support, admin, record_id=learner.learner_record_id)
    uow(support.learner_support, admin, account_id=learner.id)
    looks = db.exec(select(AuditEvent).where(AuditEvent.action == "support.viewed")).all()
    assert [(e.actor_account_id, e.subject_type) for e in looks] == [
        (admin.id, "learner_record"),
        (admin.id, "learner_record"),
    ]


def test_a_record_without_an_account_says_so(db, uow, admin):
    record = make_record(db, email="priya@example.com")
    view = uow(support.learner_support, admin, record_id=record.id)
    assert not view.has_account and view.orders == [] and view.connections == []


def test_an_account_waiting_for_review_can_be_looked_at_before_it_has_a_record(db, uow, admin):
    pending = make_account(
        db, status="pending_review", email="dan@example.net", first_name="Dan", last_name="Price"
    )
    view = uow(support.learner_support, admin, account_id=pending.id)
    assert (view.full_name, view.account_status, view.record_id) == ("Dan Price", "Waiting for review", 0)
    look = db.exec(select(AuditEvent).where(AuditEvent.action == "support.viewed")).one()
    assert (look.subject_type, look.subject_id) == ("account", pending.id)


def test_unknown_records_and_non_learner_accounts_are_not_found(db, uow, admin):
    with pytest.raises(NotFound):
        uow(support.learner_support, admin, record_id=999_999)
    with pytest.raises(NotFound):
        uow(support.learner_support, admin, account_id=make_account(db, kind="third_party").id)
    with pytest.raises(NotFound):
        uow(support.learner_support, admin, account_id=admin.id)


def test_views_listed_are_the_latest_few_but_all_are_counted(db, uow, admin):
    learner = make_learner(db)
    employer = make_account(db, kind="third_party")
    document = make_document(db, learner.learner_record_id)
    connection = make_connection(db, learner, employer, documents=[document])
    for minutes in range(support.VIEWS_SHOWN + 3):
        db.add(DocumentAccess(connection_id=connection.id, document_id=document.id, viewer_account_id=employer.id,
                              viewed_at=utcnow() - timedelta(minutes=minutes)))  # fmt: skip
    db.commit()
    shown = uow(support.learner_support, admin, record_id=learner.learner_record_id).connections[0]
    assert shown.views == support.VIEWS_SHOWN + 3 and len(shown.recent_views) == support.VIEWS_SHOWN


def test_support_sees_the_accounts_other_addresses_proven_or_waiting(db, uow, admin):
    """An extra address signs in and finds the account as the primary does: support must see it."""
    from portal_app.models import AccountEmail

    learner = make_learner(db)
    assert uow(support.learner_support, admin, account_id=learner.id).other_emails == ""
    db.add(AccountEmail(account_id=learner.id, address="claire@college.example", verified_at=utcnow()))
    db.add(AccountEmail(account_id=learner.id, address="c.h@home.example"))
    someone_else = make_learner(db)
    db.add(AccountEmail(account_id=someone_else.id, address="not.hers@example.com", verified_at=utcnow()))
    db.commit()

    view = uow(support.learner_support, admin, record_id=learner.learner_record_id)
    assert view.other_emails == "c.h@home.example (waiting for its link), claire@college.example (verified)"
