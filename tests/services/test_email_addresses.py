"""One person, more than one e-mail address: add (proved by link), sign in with either, make
primary, remove; and what someone else cannot do with them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.models import Account, AccountEmail, AuditEvent, Connection, OutboundEmail
from portal_app.services import auth, connections, email_addresses, recovery, registration, sharing
from portal_app.services.auth import SignInFailed
from portal_app.services.errors import NotFound, ValidationError
from tests.factories import (
    PASSWORD,
    link_from,
    make_account,
    make_document,
    make_learner,
    registration_details,
)

COLLEGE = "tom@college.example"


def _mails(db, to: str) -> list[OutboundEmail]:
    return db.exec(
        select(OutboundEmail).where(OutboundEmail.to_address == to).order_by(OutboundEmail.id)
    ).all()


def _add_and_confirm(db, uow, account: Account, address: str = COLLEGE) -> AccountEmail:
    row = uow(email_addresses.add_address, account, address=address, password=PASSWORD)
    assert uow(email_addresses.confirm_address, _token(db, address.lower())) == address.lower()
    return db.get(AccountEmail, row.id)


def _token(db, address: str) -> str:
    """The newest link to prove `address`."""
    links = [m for m in _mails(db, address) if m.kind == "add_email"]
    return link_from(links[-1].text_body, "/verify-email")


def test_an_added_address_signs_in_only_once_its_link_is_clicked(db, uow):
    learner = make_learner(db, email="tom@home.example")
    uow(email_addresses.add_address, learner, address="Tom@College.example", password=PASSWORD)
    with pytest.raises(SignInFailed):
        uow(auth.sign_in, COLLEGE, PASSWORD)
    assert [m.kind for m in _mails(db, "tom@home.example")] == ["add_email_notice"]
    assert uow(email_addresses.confirm_address, _token(db, COLLEGE)) == COLLEGE
    assert uow(auth.sign_in, COLLEGE, PASSWORD).account_id == learner.id
    assert uow(auth.sign_in, "tom@home.example", PASSWORD).account_id == learner.id
    assert [(a.address, a.verified, a.primary) for a in uow(email_addresses.list_addresses, learner)] == [
        ("tom@home.example", True, True),
        (COLLEGE, True, False),
    ]
    assert uow(email_addresses.confirm_address, _token(db, COLLEGE)) == ""  # single use


def test_adding_needs_the_password_and_a_new_valid_address(db, uow):
    learner = make_learner(db, email="tom@home.example")
    with pytest.raises(ValidationError) as error:
        uow(email_addresses.add_address, learner, address="not an address", password="wrong password")
    assert set(error.value.fields) == {"new_address", "add_password"}
    with pytest.raises(ValidationError) as error:
        uow(email_addresses.add_address, learner, address="TOM@home.example", password=PASSWORD)
    assert error.value.fields == {"new_address": "This address is already on your account."}
    assert db.exec(select(AccountEmail)).all() == [] and db.exec(select(OutboundEmail)).all() == []


def test_making_an_address_primary_swaps_them_and_tells_both(db, uow):
    learner = make_learner(db, email="tom@home.example")
    row = uow(email_addresses.add_address, learner, address=COLLEGE, password=PASSWORD)
    with pytest.raises(ValidationError):
        uow(email_addresses.make_primary, learner, email_id=row.id)  # not proven yet
    uow(email_addresses.confirm_address, _token(db, COLLEGE))
    assert uow(email_addresses.make_primary, learner, email_id=row.id) == COLLEGE
    db.refresh(learner)
    assert learner.email == COLLEGE
    assert [(a.address, a.verified, a.primary) for a in uow(email_addresses.list_addresses, learner)] == [
        (COLLEGE, True, True),
        ("tom@home.example", True, False),
    ]
    assert _mails(db, COLLEGE)[-1].kind == _mails(db, "tom@home.example")[-1].kind == "email_made_primary"
    assert uow(auth.sign_in, "tom@home.example", PASSWORD).account_id == learner.id
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "email.made_primary")).one()


def test_removing_needs_the_password_and_tells_both(db, uow):
    learner = make_learner(db, email="tom@home.example")
    row_id = _add_and_confirm(db, uow, learner).id
    with pytest.raises(ValidationError) as error:
        uow(email_addresses.remove_address, learner, email_id=row_id, password="")
    assert error.value.fields == {"remove_password": "Enter your password."}
    with pytest.raises(ValidationError):
        uow(email_addresses.remove_address, learner, email_id=row_id, password="a wrong password")
    assert db.get(AccountEmail, row_id) is not None
    uow(email_addresses.remove_address, learner, email_id=row_id, password=PASSWORD)
    assert db.get(AccountEmail, row_id) is None
    assert _mails(db, COLLEGE)[-1].kind == _mails(db, "tom@home.example")[-1].kind == "email_removed"
    with pytest.raises(SignInFailed):
        uow(auth.sign_in, COLLEGE, PASSWORD)


def test_someone_elses_address_cannot_be_claimed_and_the_answer_is_the_same(db, uow):
    victim = make_learner(db, email="victim@example.com")
    _add_and_confirm(db, uow, victim, "victim@work.example")
    attacker = make_learner(db, email="attacker@example.com")
    for address in ("victim@example.com", "victim@work.example"):
        uow(
            email_addresses.add_address, attacker, address=address, password=PASSWORD
        )  # no error: no enumeration
        told = _mails(db, address)[-1]
        assert told.kind == "add_email_taken" and "/verify-email" not in told.text_body
    with pytest.raises(SignInFailed):
        uow(auth.sign_in, "victim@work.example", "whatever the attacker knows")
    assert all(not a.verified for a in uow(email_addresses.list_addresses, attacker)[1:])


def test_waiting_on_an_address_squats_nothing(db, uow):
    """An attacker who adds an address first (and cannot prove it) never blocks its owner."""
    attacker = make_learner(db, email="attacker@example.com")
    uow(email_addresses.add_address, attacker, address=COLLEGE, password=PASSWORD)
    attacker_link = _token(db, COLLEGE)
    owner = make_learner(db, email="tom@home.example")
    _add_and_confirm(db, uow, owner)
    assert uow(email_addresses.confirm_address, attacker_link) == ""  # proven by someone else first
    assert uow(auth.sign_in, COLLEGE, PASSWORD).account_id == owner.id
    assert [a.address for a in uow(email_addresses.list_addresses, attacker)] == ["attacker@example.com"]


def test_one_account_cannot_touch_anothers_addresses(db, uow):
    owner = make_learner(db, email="tom@home.example")
    row = _add_and_confirm(db, uow, owner)
    other = make_learner(db)
    with pytest.raises(NotFound):
        uow(email_addresses.remove_address, other, email_id=row.id, password=PASSWORD)
    with pytest.raises(NotFound):
        uow(email_addresses.make_primary, other, email_id=row.id)
    assert db.get(AccountEmail, row.id) is not None


def test_a_proven_address_counts_as_registered_and_gets_the_reset_link(db, uow):
    owner = make_learner(db, email="tom@home.example")
    _add_and_confirm(db, uow, owner)
    uow(registration.register, registration_details(email=COLLEGE))
    assert db.exec(select(Account).where(Account.email == COLLEGE)).first() is None
    assert _mails(db, COLLEGE)[-1].kind == "register_existing"
    uow(recovery.request_reset, COLLEGE)
    assert _mails(db, COLLEGE)[-1].kind == "reset"  # the mailbox that still works


def test_an_invitation_to_a_proven_address_reaches_the_same_account(db, uow):
    third_party = make_account(db, "third_party", email="ted@fleet.example", organisation="Fleet Motors")
    _add_and_confirm(db, uow, third_party, "ted@old-employer.example")
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    outcome = uow(
        connections.create_connection, learner, name="Ted Trew", email="ted@old-employer.example",
        document_ids=[document.id],
    )  # fmt: skip
    assert db.get(Connection, outcome.connection.id).third_party_account_id == third_party.id
    _add_and_confirm(db, uow, learner, "learner@old-college.example")
    other = make_account(db, "third_party", organisation="Other Ltd")
    request = uow(
        sharing.request_connection, other, learner_name="Tom", learner_email="learner@old-college.example"
    )
    assert db.get(Connection, request.connection.id).learner_account_id == learner.id


def test_a_connection_waiting_for_an_address_attaches_when_it_is_proven(db, uow):
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    outcome = uow(
        connections.create_connection, learner, name="Ted Trew", email="ted@new-job.example",
        document_ids=[document.id],
    )  # fmt: skip
    third_party = make_account(db, "third_party", email="ted@fleet.example", organisation="Fleet Motors")
    _add_and_confirm(db, uow, third_party, "ted@new-job.example")
    assert db.get(Connection, outcome.connection.id).third_party_account_id == third_party.id


def test_a_learner_cannot_share_with_their_own_extra_address(db, uow):
    learner = make_learner(db, email="tom@home.example")
    _add_and_confirm(db, uow, learner)
    document = make_document(db, learner.learner_record_id)
    with pytest.raises(ValidationError) as error:
        uow(connections.create_connection, learner, name="Me", email=COLLEGE, document_ids=[document.id])
    assert error.value.fields == {"email": "Enter the third party's address, not your own."}
