"""A third party who registers after a learner shared with them finds the connection waiting, but
only once the owner of the address confirmed the registration that set the password."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.models import Connection, OutboundEmail
from portal_app.services import auth, connections, registration
from tests.factories import (
    GOOD_PASSWORD,
    link_from,
    make_account,
    make_connection,
    make_document,
    make_learner,
    registration_details,
)

MALLORYS = "mallory's own passphrase"


def _links(db, to):
    mails = db.exec(
        select(OutboundEmail)
        .where(OutboundEmail.to_address == to, OutboundEmail.kind == "verify")
        .order_by(OutboundEmail.id)
    ).all()
    return [link_from(m.text_body, "/verify-email") for m in mails]


def _third_party(email, first_name, password=GOOD_PASSWORD):
    return registration_details(
        kind="third_party",
        email=email,
        first_name=first_name,
        organisation="NewCo",
        password=password,
        confirm=password,
        date_of_birth=None,
        candidate_number="",
    )


def test_verifying_a_third_party_attaches_connections_addressed_to_them(db, uow):
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    connection = make_connection(
        db,
        learner,
        None,
        status="pending",
        documents=[document],
        third_party_email="recruiter@newco.example",
        third_party_name="Recruiter",
    )
    other = make_connection(db, learner, None, status="pending", third_party_email="someone.else@example.com")
    recruiter = make_account(db, "third_party", status="unverified", email="recruiter@newco.example")

    assert uow(registration.after_email_verified, recruiter) == "active"
    db.refresh(connection)
    db.refresh(other)
    assert connection.third_party_account_id == recruiter.id
    assert other.third_party_account_id is None


def test_shares_wait_for_the_owner_not_for_whoever_registered_the_address_first(db, uow):
    learner = make_learner(db)
    connection = make_connection(
        db, learner, None, status="pending", third_party_email="recruiter@newco.example"
    )
    uow(registration.register, _third_party("recruiter@newco.example", "Mallory", MALLORYS))
    [lying_in_wait] = _links(db, "recruiter@newco.example")
    uow(registration.register, _third_party("recruiter@newco.example", "Rita"))
    assert uow(registration.verify_email, lying_in_wait).status == "invalid"
    db.refresh(connection)
    assert connection.third_party_account_id is None
    assert uow(registration.verify_email, _links(db, "recruiter@newco.example")[-1]).status == "active"
    db.refresh(connection)
    assert connection.third_party_account_id is not None
    # the account the share attached to opens with the owner's password, not the first registrant's
    assert (
        uow(auth.sign_in, "recruiter@newco.example", GOOD_PASSWORD).account_id
        == connection.third_party_account_id
    )
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "recruiter@newco.example", MALLORYS)


def test_a_connection_to_an_address_nobody_confirmed_waits_for_its_owner(db, uow):
    learner = make_learner(db)
    uow(registration.register, _third_party("hr@newco.example", "Mallory", MALLORYS))
    document = make_document(db, learner.learner_record_id)
    connection = uow(
        connections.create_connection,
        learner,
        name="HR",
        email="hr@newco.example",
        document_ids=[document.id],
    ).connection
    assert connection.third_party_account_id is None
    uow(registration.register, _third_party("hr@newco.example", "Rita"))
    assert uow(registration.verify_email, _links(db, "hr@newco.example")[-1]).status == "active"
    owner = uow(auth.sign_in, "hr@newco.example", GOOD_PASSWORD)
    assert db.get(Connection, connection.id).third_party_account_id == owner.account_id
