"""Administrators: overview counts, the review queue, deletion requests and the outbox."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Address, AuthSession, OutboundEmail
from portal_app.services import accounts, auth, mail
from portal_app.services.errors import DomainError, PermissionDenied, ValidationError
from tests.factories import PASSWORD, make_account, make_learner, make_record


@pytest.fixture
def admin(db):
    return make_account(db, kind="admin", email="admin@example.com")


def _pending(db, **kw):
    return make_account(
        db,
        status="pending_review",
        first_name="Dan",
        last_name="Price",
        date_of_birth=date(2001, 1, 15),
        **kw,
    )


def test_only_administrators_see_the_queue_the_outbox_and_the_overview(db, uow):
    learner = make_learner(db)
    third = make_account(db, kind="third_party")
    for actor in (learner, third):
        for call in (
            lambda a: uow(accounts.overview, a),
            lambda a: uow(accounts.review_queue, a),
            lambda a: uow(accounts.outbox_page, a),
            lambda a: uow(accounts.approve, a, 1, 1),
            lambda a: uow(accounts.reject, a, 1, "no match at all"),
            lambda a: uow(accounts.complete_deletion, a, 1),
        ):
            with pytest.raises(PermissionDenied):
                call(actor)


def test_the_queue_shows_pending_learners_with_their_closest_records(db, uow, admin):
    record = make_record(db, first_name="Daniel", last_name="Price", date_of_birth=date(2001, 1, 15))
    pending = _pending(db)
    make_learner(db)  # active: not in the queue
    queue = uow(accounts.review_queue, admin)
    items, total = queue.rows, queue.total
    assert total == 1
    assert items[0].account.id == pending.id
    assert items[0].candidates[0].id == record.id
    assert uow(accounts.overview, admin).pending_registrations == "1"


def test_approving_links_the_record_activates_and_emails_the_learner(db, uow, admin):
    record = make_record(db)
    pending = _pending(db, email="dan@example.com")
    uow(accounts.approve, admin, pending.id, record.id)
    db.refresh(pending)
    assert (pending.status, pending.learner_record_id) == ("active", record.id)
    assert db.exec(select(OutboundEmail)).one().kind == "approved"
    assert uow(auth.sign_in, "dan@example.com", PASSWORD).kind == "learner"
    with pytest.raises(DomainError):  # already dealt with
        uow(accounts.approve, admin, pending.id, record.id)


def test_a_record_already_linked_elsewhere_cannot_be_given_to_a_second_account(db, uow, admin):
    record = make_record(db)
    make_account(db, record=record)
    pending = _pending(db)
    with pytest.raises(ValidationError) as error:
        uow(accounts.approve, admin, pending.id, record.id)
    assert "record" in error.value.fields


def test_rejecting_needs_a_reason_which_is_emailed_and_the_account_cannot_sign_in(db, uow, admin):
    pending = _pending(db, email="dan@example.com")
    with pytest.raises(ValidationError):
        uow(accounts.reject, admin, pending.id, " ")
    uow(accounts.reject, admin, pending.id, "No learner record with these details.")
    assert "No learner record with these details." in db.exec(select(OutboundEmail)).one().text_body
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "dan@example.com", PASSWORD)


def test_completing_a_deletion_request_erases_personal_details_and_sessions(db, uow, admin):
    learner = make_learner(db, email="bye@example.com", phone="0700 000000")
    db.add(Address(account_id=learner.id, full_name="A", line1="1 Road", city="Town", country="GB"))
    session = uow(auth.sign_in, "bye@example.com", PASSWORD)
    learner.deletion_requested_at = utcnow()
    db.add(learner)
    assert [a.id for a in uow(accounts.deletion_requests, admin)] == [learner.id]
    uow(accounts.complete_deletion, admin, learner.id)
    db.refresh(learner)
    assert learner.email != "bye@example.com" and learner.phone is None and learner.learner_record_id is None
    assert db.exec(select(Address)).all() == [] and db.exec(select(AuthSession)).all() == []
    assert uow(auth.resolve_session, session.token) is None
    assert db.exec(select(OutboundEmail)).one().to_address == "bye@example.com"
    assert uow(accounts.deletion_requests, admin) == []


def test_the_outbox_lists_newest_first_in_pages_and_shows_links(db, uow, admin):
    for i in range(accounts.PAGE_SIZE + 3):
        mail.queue(
            db, f"u{i}@example.com", f"Mail {i}", ["Body"], link=("Open", f"http://x/verify-email?token={i}")
        )
    first = uow(accounts.outbox_page, admin)
    assert first.total == accounts.PAGE_SIZE + 3 and len(first.rows) == accounts.PAGE_SIZE
    assert first.rows[0].subject == f"Mail {accounts.PAGE_SIZE + 2}"
    second = uow(accounts.outbox_page, admin, page=2)
    assert [m.subject for m in second.rows] == ["Mail 2", "Mail 1", "Mail 0"]
    only = uow(accounts.outbox_page, admin, search="U7@").rows
    assert [m.to_address for m in only] == ["u7@example.com"]
    row, links = uow(accounts.outbox_email, admin, only[0].id)
    assert links == ["http://x/verify-email?token=7"]
    assert db.exec(select(Account)).all()
