"""Forgotten passwords: same answer for everyone, single-use expiring links, sessions ended; every
call through the production unit of work (`uow`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.models import Account, EmailToken, OutboundEmail
from portal_app.services import auth, recovery
from portal_app.services.errors import DomainError, ValidationError
from tests.factories import GOOD_PASSWORD, PASSWORD, link_from, make_account, make_learner

NEW = "a brand new passphrase"


def _reset_link(db, email):
    mails = db.exec(
        select(OutboundEmail).where(OutboundEmail.to_address == email).where(OutboundEmail.kind == "reset")
    ).all()
    return link_from(mails[-1].text_body, "/reset-password")


def test_unknown_and_known_addresses_get_the_same_answer_but_only_owners_get_mail(db, uow):
    make_learner(db, email="known@example.com")
    assert uow(recovery.request_reset, "known@example.com") is None
    assert uow(recovery.request_reset, "unknown@example.com") is None
    assert [m.to_address for m in db.exec(select(OutboundEmail)).all()] == ["known@example.com"]


def test_reset_sets_the_password_ends_every_session_clears_lockout_and_notifies(db, uow):
    learner = make_learner(db, email="me@example.com", failed_signins=3)
    old_session = uow(auth.sign_in, "me@example.com", PASSWORD)
    learner.locked_until = utcnow() + timedelta(minutes=10)
    db.add(learner)
    uow(recovery.request_reset, "me@example.com")
    token = _reset_link(db, "me@example.com")
    assert uow(recovery.reset_link_valid, token)
    uow(recovery.reset_password, token, NEW, NEW)
    assert uow(auth.resolve_session, old_session.token) is None
    assert uow(auth.sign_in, "me@example.com", NEW).account_id == learner.id
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "me@example.com", PASSWORD)
    kinds = [m.kind for m in db.exec(select(OutboundEmail)).all()]
    assert kinds == ["reset", "password_changed"]
    with pytest.raises(DomainError):  # single use
        uow(recovery.reset_password, token, "another new passphrase", "another new passphrase")


def test_legacy_accounts_without_a_password_set_their_first_one_and_count_as_verified(db, uow):
    legacy = make_learner(db, email="legacy@example.com", password=None, email_verified_at=None)
    uow(recovery.request_reset, "legacy@example.com")
    uow(recovery.reset_password, _reset_link(db, "legacy@example.com"), NEW, NEW)
    db.refresh(legacy)
    assert legacy.email_verified_at is not None
    assert uow(auth.sign_in, "legacy@example.com", NEW).kind == "learner"


def test_an_unverified_registration_that_resets_is_verified_and_matched(db, uow):
    account = make_account(db, email="late@example.com", status="unverified", email_verified_at=None)
    uow(recovery.request_reset, "late@example.com")
    uow(recovery.reset_password, _reset_link(db, "late@example.com"), NEW, NEW)
    db.refresh(account)
    assert account.status == "pending_review"  # no record matches it


def test_expired_links_and_weak_passwords_are_refused(db, uow):
    make_learner(db, email="me@example.com")
    uow(recovery.request_reset, "me@example.com")
    token = _reset_link(db, "me@example.com")
    with pytest.raises(ValidationError) as error:
        uow(recovery.reset_password, token, "password1234", "password1234")
    assert "password" in error.value.fields
    with pytest.raises(ValidationError) as error:
        uow(recovery.reset_password, token, NEW, NEW + "x")
    assert "confirm" in error.value.fields
    assert uow(recovery.reset_link_valid, token)  # a refused attempt does not use the link up
    row = db.exec(select(EmailToken).where(EmailToken.token_hash == security.hash_token(token))).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    assert not uow(recovery.reset_link_valid, token)
    with pytest.raises(DomainError):
        uow(recovery.reset_password, token, GOOD_PASSWORD, GOOD_PASSWORD)


def test_suspended_accounts_get_no_reset_mail_and_requests_are_limited(db, uow):
    make_learner(db, email="gone@example.com", status="suspended")
    make_learner(db, email="busy@example.com")
    for _ in range(8):
        uow(recovery.request_reset, "gone@example.com")
        uow(recovery.request_reset, "busy@example.com")
    sent = [m.to_address for m in db.exec(select(OutboundEmail)).all()]
    assert sent == ["busy@example.com"] * recovery.RESET_LIMIT_PER_HOUR


def test_a_new_reset_link_cancels_the_previous_one(db, uow):
    make_learner(db, email="me@example.com")
    uow(recovery.request_reset, "me@example.com")
    first = _reset_link(db, "me@example.com")
    uow(recovery.request_reset, "me@example.com")
    assert not uow(recovery.reset_link_valid, first)
    assert db.exec(select(Account).where(Account.email == "me@example.com")).one()
