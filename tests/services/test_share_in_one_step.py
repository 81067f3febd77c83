"""Share in one step (issue 16, part 2): the details are only checked until Share Documents, which
creates the connection with its documents and queues the invitation in one unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, ConnectionDocument, Document, OutboundEmail
from portal_app.services import connections, sharing
from portal_app.services.errors import PermissionDenied, ValidationError
from tests.factories import make_account, make_connection, make_document, make_learner

pytestmark = pytest.mark.usefixtures("use_engine")


def _saved(uow) -> tuple[list[Connection], list[ConnectionDocument], list[OutboundEmail]]:
    return uow(
        lambda db: (
            db.exec(select(Connection)).all(),
            db.exec(select(ConnectionDocument)).all(),
            db.exec(select(OutboundEmail).where(OutboundEmail.kind == "connection_invite")).all(),
        )
    )


@pytest.fixture
def amy(db: Session) -> Account:
    return make_learner(db, first_name="Amy", last_name="Able", email="amy@example.com")


@pytest.fixture
def amys_documents(db: Session, amy: Account) -> list[Document]:
    certificate = make_document(
        db, amy.learner_record_id, qualification_title="Level 3 Diploma in Motor Vehicle Maintenance"
    )
    transcript = make_document(db, amy.learner_record_id, kind="transcript")
    return [certificate, transcript]


def test_the_details_step_saves_and_sends_nothing(uow, amy):
    details = uow(
        connections.check_offer,
        amy,
        name="Ted Trew",
        email=" Ted@Fleet.example ",
        expires_on="",
        message="For the job",
    )
    assert (details.name, details.email, details.note) == ("Ted Trew", "ted@fleet.example", "")
    assert _saved(uow) == ([], [], [])


def test_share_documents_creates_the_connection_with_its_documents_and_one_invitation(
    uow, amy, amys_documents
):
    certificate, transcript = amys_documents
    until = utcnow().date() + timedelta(days=30)
    outcome = uow(
        connections.create_connection,
        amy,
        name="Ted Trew",
        email="ted@fleet.example",
        expires_on=until.isoformat(),
        message="For the job",
        document_ids=[certificate.id],
    )
    [connection], [shared], [invite] = _saved(uow)
    assert (connection.id, connection.status, shared.document_id) == (
        outcome.connection.id,
        "pending",
        certificate.id,
    )
    assert invite.to_address == "ted@fleet.example"
    assert invite.subject == "Amy Able shares 1 document with you"
    body = " ".join(invite.text_body.split())
    assert "Amy Able (amy@example.com) shares 1 document with you" in body
    assert f"- Certificate: Level 3 Diploma in Motor Vehicle Maintenance ({certificate.reference})" in body
    assert transcript.reference not in body
    words = f"{until.day} {until.strftime('%B %Y')}"
    assert f"You can see these documents until {words}; the certificates themselves do not expire." in body
    assert "Their message: For the job" in body


def test_mixed_documents_are_called_documents_in_the_invitation(uow, amy, amys_documents):
    uow(
        connections.create_connection,
        amy,
        name="Ted",
        email="ted@fleet.example",
        document_ids=[d.id for d in amys_documents],
    )
    [invite] = _saved(uow)[2]
    assert "; the documents themselves do not expire." in " ".join(invite.text_body.split())
    assert "shares 2 documents with you" in invite.subject


def test_a_connection_without_documents_is_refused_and_nothing_is_sent(uow, amy, amys_documents):
    with pytest.raises(ValidationError) as refused:
        uow(connections.create_connection, amy, name="Ted Trew", email="ted@fleet.example", document_ids=[])
    assert refused.value.fields == {"documents": "Choose at least one document to share."}
    assert _saved(uow) == ([], [], [])


def test_bad_details_and_no_documents_are_reported_together(uow, amy):
    with pytest.raises(ValidationError) as refused:
        uow(connections.create_connection, amy, name="", email="not-an-address", document_ids=[])
    assert set(refused.value.fields) == {"name", "email", "documents"}


@pytest.mark.parametrize("whose", ["another learner's", "a revoked", "a missing"])
def test_only_the_learners_own_valid_documents_can_be_shared_and_a_refusal_leaves_nothing(
    db, uow, amy, amys_documents, whose
):
    if whose == "another learner's":
        foreign = make_document(db, make_learner(db).learner_record_id).id
    elif whose == "a revoked":
        foreign = make_document(db, amy.learner_record_id, status="revoked", status_reason="Error").id
    else:
        foreign = 999_999
    with pytest.raises(PermissionDenied):
        uow(
            connections.create_connection,
            amy,
            name="Ted Trew",
            email="ted@fleet.example",
            document_ids=[amys_documents[0].id, foreign],
        )
    assert _saved(uow) == ([], [], [])


def test_a_third_party_or_admin_cannot_create_a_connection(db, uow, amys_documents):
    for kind in ("third_party", "admin"):
        with pytest.raises(PermissionDenied):
            uow(
                connections.create_connection,
                make_account(db, kind),
                name="Ted",
                email="ted@fleet.example",
                document_ids=[amys_documents[0].id],
            )
    assert _saved(uow) == ([], [], [])


def test_a_second_offer_adds_its_documents_to_the_live_connection_without_a_second_invitation(
    db, uow, amy, amys_documents
):
    certificate, transcript = amys_documents
    ted = make_account(db, "third_party", first_name="Ted", last_name="Trew", email="ted@fleet.example")
    live = make_connection(db, amy, ted, documents=[certificate])
    assert "added to it" in uow(connections.check_offer, amy, name="Ted", email="ted@fleet.example").note
    outcome = uow(
        connections.create_connection,
        amy,
        name="Ted",
        email="ted@fleet.example",
        document_ids=[transcript.id],
    )
    assert outcome.connection.id == live.id
    assert "now shares 2 documents" in outcome.note
    connections_, shared, invites = _saved(uow)
    assert len(connections_) == 1 and {s.document_id for s in shared} == {certificate.id, transcript.id}
    assert invites == []


def test_an_offer_meeting_the_third_partys_request_accepts_it_with_the_documents(
    db, uow, amy, amys_documents
):
    ted = make_account(db, "third_party", email="ted@fleet.example")
    request = uow(
        sharing.request_connection, ted, learner_name="Amy Able", learner_email=amy.email
    ).connection
    assert "sharing documents accepts" in uow(connections.check_offer, amy, name="Ted", email=ted.email).note
    outcome = uow(
        connections.create_connection, amy, name="Ted", email=ted.email, document_ids=[amys_documents[0].id]
    )
    assert outcome.connection.id == request.id and "accepted their request" in outcome.note
    [connection], [shared], _ = _saved(uow)
    assert (connection.status, shared.document_id) == ("active", amys_documents[0].id)
