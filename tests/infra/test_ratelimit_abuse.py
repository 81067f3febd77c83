"""Abuse limits where each attempt costs us bcrypt or an e-mail from our address, called the way
production calls them: each attempt in its own unit of work (commit on success, roll back on
error). The numbers are the settings' defaults."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import run_in_session
from portal_app.models import Account, Connection, OutboundEmail
from portal_app.services import connections, registration, sharing
from portal_app.services.errors import TooManyAttempts, ValidationError
from tests.factories import make_account, make_document, make_learner, registration_details

pytestmark = pytest.mark.usefixtures("use_engine")


def _mails(db: Session, kind: str) -> int:
    db.expire_all()
    return len(db.exec(select(OutboundEmail).where(OutboundEmail.kind == kind)).all())


def _attempts(fn, *args, **kwargs) -> str:
    """Run one attempt in its own unit of work: "ok", or the refusal's text."""
    try:
        run_in_session(fn, *args, **kwargs)
    except TooManyAttempts as refused:
        return str(refused)
    return "ok"


def test_registrations_from_one_address_are_limited_and_others_carry_on(db):
    outcomes = [
        _attempts(registration.register, registration_details(), client="203.0.113.9") for _ in range(11)
    ]
    assert outcomes[:10] == ["ok"] * 10
    assert outcomes[10] == "Too many attempts from this address. Try again in 10 minutes."
    assert len(db.exec(select(Account)).all()) == 10 and _mails(db, "verify") == 10
    assert _attempts(registration.register, registration_details(), client="198.51.100.4") == "ok"


def test_someone_registering_with_your_address_sends_you_three_mails_an_hour_at_most(db):
    owner = make_account(db, "learner", email="owner@example.com")
    outcomes = [
        _attempts(
            registration.register, registration_details(email="Owner@Example.com"), client=f"198.51.100.{n}"
        )
        for n in range(5)
    ]
    assert outcomes[:3] == ["ok"] * 3
    assert outcomes[3].startswith("Too many registrations with this e-mail address. Try again in ")
    assert _mails(db, "register_existing") == 3 and owner.id


def test_a_learners_invitations_are_limited(db):
    learner = make_learner(db)
    shared = [make_document(db, learner.learner_record_id).id]
    outcomes = [
        _attempts(
            connections.create_connection,
            learner,
            name="Recruiter",
            email=f"hr{n}@fleet.example",
            expires_on=None,
            message="Hi",
            document_ids=shared,
        )
        for n in range(11)
    ]
    assert outcomes[:10] == ["ok"] * 10
    assert outcomes[10].startswith("You have sent many invitations in a short time. Try again in ")
    assert _mails(db, "connection_invite") == 10
    assert len(db.exec(select(Connection)).all()) == 10


def test_one_address_gets_five_invitations_a_day_from_everyone_together(db):
    learners = [make_learner(db) for _ in range(6)]
    shared = {learner.id: [make_document(db, learner.learner_record_id).id] for learner in learners}
    outcomes = [
        _attempts(
            connections.create_connection,
            learner,
            name="Target",
            email="target@victim.example",
            expires_on=None,
            message="",
            document_ids=shared[learner.id],
        )
        for learner in learners
    ]
    assert outcomes[:5] == ["ok"] * 5
    assert outcomes[5].startswith("This address has had many invitations today.")
    assert _mails(db, "connection_invite") == 5


def test_a_third_partys_requests_are_limited(db):
    third_party = make_account(db, "third_party", organisation="Fleet Motors")
    outcomes = [
        _attempts(
            sharing.request_connection,
            third_party,
            learner_name=f"Learner {n}",
            learner_email=f"l{n}@example.com",
            message="Hello",
        )
        for n in range(11)
    ]
    assert outcomes[:10] == ["ok"] * 10
    assert outcomes[10].startswith("You have sent many requests in a short time. Try again in ")
    assert len(db.exec(select(Connection)).all()) == 10


def test_sender_text_from_our_address_is_capped_at_500_characters(db):
    learner = make_learner(db)
    shared = [make_document(db, learner.learner_record_id).id]
    third_party = make_account(db, "third_party")
    for call in (
        lambda text: run_in_session(
            connections.create_connection,
            learner,
            name="Recruiter",
            email="hr@fleet.example",
            expires_on=None,
            message=text,
            document_ids=shared,
        ),
        lambda text: run_in_session(
            sharing.request_connection, third_party, candidate_number="00030001", message=text
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            call("Dear customer, your account is locked: https://evil.example " * 10)
        assert refused.value.fields["message"] == "Keep the message under 500 characters."
        call("x" * 500)


def test_a_refused_attempt_still_counts_after_its_unit_of_work_rolls_back(db):
    """The counts live outside the database: an error does not undo them."""
    learner = make_learner(db)
    for n in range(10):
        with pytest.raises(ValidationError):
            run_in_session(
                connections.create_connection,
                learner,
                name="",
                email=f"not-an-address-{n}",
                expires_on=None,
                message="",
            )
    assert _attempts(
        connections.create_connection,
        learner,
        name="Recruiter",
        email="hr@fleet.example",
        expires_on=None,
        message="",
    ).startswith("You have sent many invitations")
