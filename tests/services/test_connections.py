"""Connections: who may do what to which connection, expiry at read time, and the access log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import run_in_session
from portal_app.models import (
    Account,
    Connection,
    ConnectionDocument,
    Document,
    DocumentAccess,
    LearnerRecord,
    OutboundEmail,
)
from portal_app.services import accounts, connections, profile, sharing
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from tests.factories import make_account, make_connection, make_document, make_learner

TP_STATES = ("pending", "active", "expired", "declined", "revoked")


@dataclass
class World:
    learner_a: Account
    learner_b: Account
    admin: Account
    shared: Document
    unshared: Document
    other_learners_doc: Document
    third_parties: dict[str, Account]  # by the state of their connection with learner A
    links: dict[str, Connection]

    def actor(self, name: str) -> Account:
        if name.startswith("tp_"):
            return self.third_parties[name[3:]]
        return {"learner_a": self.learner_a, "learner_b": self.learner_b, "admin": self.admin}[name]


@pytest.fixture
def world(db: Session) -> World:
    a = make_learner(db, first_name="Amy", last_name="Able")
    b = make_learner(db, first_name="Ben", last_name="Baker")
    admin = make_account(db, "admin")
    shared = make_document(db, a.learner_record_id, qualification_number="603/1111/1")
    unshared = make_document(db, a.learner_record_id, kind="transcript", qualification_number="603/1111/1")
    bdoc = make_document(db, b.learner_record_id)
    tps: dict[str, Account] = {}
    links: dict[str, Connection] = {}
    for state in TP_STATES:
        tp = make_account(db, "third_party", first_name="Tp", last_name=state.title())
        status = "active" if state == "expired" else state
        days = -1 if state == "expired" else 30
        tps[state] = tp
        links[state] = make_connection(db, a, tp, status=status, documents=[shared], days=days)
    return World(a, b, admin, shared, unshared, bdoc, tps, links)


ALL_ACTORS = ["learner_a", "learner_b", "admin"] + [f"tp_{s}" for s in TP_STATES]


# --- the permission matrix --------------------------------------------------------------------


# Third-party reads of a shared document: only through an active, unexpired connection.
@pytest.mark.parametrize("who", ALL_ACTORS)
def test_only_an_active_unexpired_connection_shows_a_shared_document(db, uow, world, who):
    actor = world.actor(who)
    connection = world.links[who[3:]] if who.startswith("tp_") else world.links["active"]
    if who == "tp_active":
        view = uow(sharing.view_document, actor, connection.id, world.shared.reference)
        assert view.reference == world.shared.reference and view.status == "valid"
        return
    with pytest.raises((NotFound, PermissionDenied)):
        uow(sharing.view_document, actor, connection.id, world.shared.reference)
    assert db.exec(select(DocumentAccess)).all() == []


LEARNER_ACTIONS: dict[str, Callable[[Session, Account, World], Any]] = {
    "document_choices": lambda db, actor, w: connections.document_choices(db, actor, w.links["active"].id),
    "share_documents": lambda db, actor, w: connections.share_documents(
        db, actor, w.links["active"].id, [w.shared.id, w.unshared.id]
    ),
    "extend": lambda db, actor, w: connections.extend_connection(
        db, actor, w.links["active"].id, utcnow().date() + timedelta(days=60)
    ),
    "delete": lambda db, actor, w: connections.delete_connection(db, actor, w.links["active"].id),
    "access_log": lambda db, actor, w: connections.access_log(db, actor, w.links["active"].id),
    "summary": lambda db, actor, w: connections.connection_summary(db, actor, w.links["active"].id),
}


@pytest.mark.parametrize("action", list(LEARNER_ACTIONS))
@pytest.mark.parametrize("who", ALL_ACTORS)
def test_only_the_owning_learner_manages_a_connection(db, uow, world, who, action):
    actor = world.actor(who)
    allowed = who == "learner_a" or (who == "admin" and action == "access_log")
    if allowed:
        uow(LEARNER_ACTIONS[action], actor, world)
        return
    before = db.get(Connection, world.links["active"].id)
    snapshot = (before.status, before.expires_at)
    with pytest.raises((NotFound, PermissionDenied)):
        uow(LEARNER_ACTIONS[action], actor, world)
    after = db.get(Connection, world.links["active"].id)
    db.refresh(after)
    assert (after.status, after.expires_at) == snapshot
    shared = db.exec(
        select(ConnectionDocument.document_id).where(ConnectionDocument.connection_id == after.id)
    ).all()
    assert shared == [world.shared.id]


@pytest.mark.parametrize("who", ALL_ACTORS)
def test_listing_connections_is_for_each_side_only(db, uow, world, who):
    actor = world.actor(who)
    if who == "learner_a":
        active = uow(connections.list_connections, actor, "active")
        inactive = uow(connections.list_connections, actor, "inactive")
        assert {r.status for r in active.rows} == {"pending", "active"}
        assert {r.status for r in inactive.rows} == {"expired", "declined", "revoked"}
    elif who == "learner_b":
        assert uow(connections.list_connections, actor).total == 0
        assert uow(connections.list_connections, actor, "inactive").total == 0
    elif who.startswith("tp_"):
        state = who[3:]
        tab = "active" if state in ("pending", "active") else "inactive"
        rows = uow(sharing.list_connections, actor, tab).rows
        assert [(r.id, r.status) for r in rows] == [(world.links[state].id, state)]
        assert rows[0].other_email == world.learner_a.email
    if not who.startswith("tp_"):
        with pytest.raises(PermissionDenied):
            uow(sharing.list_connections, actor)
    if who != "learner_a" and not who.startswith("learner"):
        with pytest.raises(PermissionDenied):
            uow(connections.list_connections, actor)


@pytest.mark.parametrize("who", ALL_ACTORS)
@pytest.mark.parametrize("accept", [True, False])
def test_only_the_invited_third_party_answers_a_pending_connection(db, uow, world, who, accept):
    actor = world.actor(who)
    target = world.links["pending"]
    if who == "tp_pending":
        uow(sharing.respond, actor, target.id, accept)
        assert db.get(Connection, target.id).status == ("active" if accept else "declined")
        mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == world.learner_a.email)).one()
        assert ("accepted" if accept else "declined") in mail.subject
        return
    with pytest.raises((NotFound, PermissionDenied)):
        uow(sharing.respond, actor, target.id, accept)
    assert db.get(Connection, target.id).status == "pending"


@pytest.mark.parametrize("state", [s for s in TP_STATES if s != "pending"])
def test_a_third_party_cannot_answer_a_connection_that_is_not_pending(db, uow, world, state):
    with pytest.raises(ValidationError):
        uow(sharing.respond, world.third_parties[state], world.links[state].id, True)


@pytest.mark.parametrize("state", TP_STATES)
def test_connected_learners_lists_only_active_unexpired_connections(db, uow, world, state):
    learners = uow(sharing.connected_learners, world.third_parties[state]).rows
    if state == "active":
        assert [(x.learner_email, [d.reference for d in x.documents]) for x in learners] == [
            (world.learner_a.email, [world.shared.reference])
        ]
    else:
        assert learners == []


# --- the learner's journey --------------------------------------------------------------------


def test_adding_a_connection_validates_each_field(db, uow, world):
    today = utcnow().date()
    with pytest.raises(ValidationError) as caught:
        uow(
            connections.check_offer,
            world.learner_a,
            name="",
            email="not-an-email",
            expires_on=str(today),
            message="",
        )
    assert set(caught.value.fields) == {"name", "email", "expires_on"}
    with pytest.raises(ValidationError) as caught:
        uow(
            connections.check_offer,
            world.learner_a,
            name="Zed",
            email="zed@example.org",
            expires_on=str(today + timedelta(days=400)),
        )
    assert "one year" in caught.value.fields["expires_on"]
    with pytest.raises(ValidationError) as caught:
        uow(connections.check_offer, world.learner_a, name="Me", email=world.learner_a.email)
    assert "email" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        uow(connections.check_offer, world.learner_a, name="Amy again", email=world.learner_b.email)
    assert "not a third-party account" in caught.value.fields["email"]


def test_new_connection_defaults_to_one_month_and_invites_an_unregistered_third_party(db, uow, world):
    c = uow(
        connections.create_connection,
        world.learner_a,
        name="Hiring Manager",
        email=" HR@Example.ORG ",
        expires_on="",
        message="Hi",
        document_ids=[world.shared.id],
    ).connection
    assert c.status == "pending" and c.third_party_email == "hr@example.org"
    assert c.third_party_account_id is None
    assert timedelta(days=27) < c.expires_at - utcnow() <= timedelta(days=31)
    mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == "hr@example.org")).one()
    assert "/register?kind=third_party&email=hr%40example.org" in mail.text_body
    assert "Amy Able" in mail.subject

    # The third party registers later: the connection waits for them, then they accept.
    tp = make_account(db, "third_party", email="hr@example.org")
    assert uow(sharing.attach_pending_connections, tp) == 1
    uow(connections.share_documents, world.learner_a, c.id, [world.shared.id])
    uow(sharing.respond, tp, c.id, True)
    assert uow(sharing.view_document, tp, c.id, world.shared.reference).status == "valid"


def test_a_registered_third_party_is_linked_at_once_and_told_to_sign_in(db, uow, world):
    tp = make_account(db, "third_party", email="auditor@example.org")
    c = uow(
        connections.create_connection,
        world.learner_a,
        name="Auditor",
        email="auditor@example.org",
        expires_on=str(utcnow().date() + timedelta(days=10)),
        document_ids=[world.shared.id],
    ).connection
    assert c.third_party_account_id == tp.id
    assert c.expires_at.date() == utcnow().date() + timedelta(days=10)
    mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == tp.email)).one()
    assert "/signin?next=/third-party/connections" in mail.text_body
    assert "/register" not in mail.text_body


def test_a_learner_cannot_share_someone_elses_document(db, uow, world):
    with pytest.raises(PermissionDenied):
        uow(
            connections.share_documents,
            world.learner_a,
            world.links["active"].id,
            [world.other_learners_doc.id],
        )
    choices = uow(connections.document_choices, world.learner_a, world.links["active"].id)
    assert {c.reference: c.shared for c in choices} == {
        world.shared.reference: True,
        world.unshared.reference: False,
    }


def test_removing_a_document_or_revoking_takes_effect_at_once(db, uow, world):
    tp, link = world.third_parties["active"], world.links["active"]
    uow(connections.share_documents, world.learner_a, link.id, [world.shared.id, world.unshared.id])
    assert uow(sharing.view_document, tp, link.id, world.unshared.reference).kind == "transcript"
    uow(connections.share_documents, world.learner_a, link.id, [world.shared.id])
    with pytest.raises(NotFound):
        uow(sharing.view_document, tp, link.id, world.unshared.reference)
    uow(connections.delete_connection, world.learner_a, link.id)
    with pytest.raises(NotFound):
        uow(sharing.view_document, tp, link.id, world.shared.reference)
    assert uow(connections.list_connections, world.learner_a, "inactive", status="revoked").total == 2
    with pytest.raises(ValidationError):
        uow(connections.extend_connection, world.learner_a, link.id, utcnow().date() + timedelta(days=5))


def test_an_expired_accepted_connection_can_be_extended_back_to_life(db, uow, world):
    tp, link = world.third_parties["expired"], world.links["expired"]
    assert uow(connections.connection_summary, world.learner_a, link.id).status == "expired"
    with pytest.raises(ValidationError) as caught:
        uow(connections.extend_connection, world.learner_a, link.id, utcnow().date() - timedelta(days=1))
    assert "expires_on" in caught.value.fields
    uow(connections.extend_connection, world.learner_a, link.id, utcnow().date() + timedelta(days=7))
    assert uow(connections.connection_summary, world.learner_a, link.id).status == "active"
    assert uow(sharing.view_document, tp, link.id, world.shared.reference).reference == world.shared.reference


def test_expiry_is_enforced_at_read_time_without_any_job(db, uow, world):
    tp, link = world.third_parties["active"], world.links["active"]
    uow(sharing.view_document, tp, link.id, world.shared.reference)
    row = db.get(Connection, link.id)
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    with pytest.raises(NotFound):
        uow(sharing.view_document, tp, link.id, world.shared.reference)
    assert uow(sharing.connected_learners, tp).rows == []


def test_every_view_is_logged_and_the_learner_sees_who_viewed_what(db, uow, world):
    tp, link = world.third_parties["active"], world.links["active"]
    uow(sharing.view_document, tp, link.id, world.shared.reference)
    uow(sharing.view_document, tp, link.id, world.shared.reference)
    log = uow(connections.access_log, world.learner_a, link.id)
    assert [(r.reference, r.viewer) for r in log] == [(world.shared.reference, tp.full_name)] * 2
    assert uow(connections.access_log, world.learner_a, world.links["pending"].id) == []


def test_a_revoked_or_superseded_document_shows_its_status_to_the_third_party(db, uow, world):
    tp, link = world.third_parties["active"], world.links["active"]
    doc = db.get(Document, world.shared.id)
    doc.status, doc.status_reason = "revoked", "Issued in error"
    db.add(doc)
    db.commit()
    view = uow(sharing.view_document, tp, link.id, world.shared.reference)
    assert (view.status, view.status_reason) == ("revoked", "Issued in error")


def test_search_and_filters_run_in_sql(db, uow, world):
    rows = uow(connections.list_connections, world.learner_a, "inactive", search="DECLINED").rows
    assert [r.status for r in rows] == ["declined"]
    rows = uow(connections.list_connections, world.learner_a, "inactive", status="expired").rows
    assert [r.id for r in rows] == [world.links["expired"].id]
    assert uow(connections.list_connections, world.learner_a, initiated_by="third_party").total == 0
    assert uow(connections.list_connections, world.learner_a, search="%").total == 0  # literal


# --- a third party's request -----------------------------------------------------------------


def test_a_third_party_requests_by_candidate_number_and_the_learner_accepts_with_documents(db, uow, world):
    tp = world.third_parties["declined"]
    number = db.get(LearnerRecord, world.learner_a.learner_record_id).candidate_number
    c = uow(sharing.request_connection, tp, candidate_number=number, message="For your audit").connection
    assert c.learner_account_id == world.learner_a.id and c.status == "pending"
    mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == world.learner_a.email)).one()
    assert "asks to connect" in mail.subject and "For your audit" in mail.text_body
    row = next(r for r in uow(connections.list_connections, world.learner_a).rows if r.id == c.id)
    assert row.can_respond and row.initiated_by == "third_party"
    with pytest.raises(ValidationError):
        uow(sharing.respond, tp, c.id, True)  # the requester cannot accept their own request
    with pytest.raises(NotFound):
        uow(connections.respond_to_request, world.learner_b, c.id, True, [world.other_learners_doc.id])
    uow(connections.respond_to_request, world.learner_a, c.id, True, [world.unshared.id])
    assert uow(sharing.view_document, tp, c.id, world.unshared.reference).kind == "transcript"
    with pytest.raises(NotFound):
        uow(sharing.view_document, tp, c.id, world.shared.reference)


def test_a_request_for_an_unknown_learner_says_nothing_about_who_exists(db, uow, world):
    tp = world.third_parties["active"]
    c = uow(
        sharing.request_connection, tp, learner_name="Nobody Known", learner_email="nobody@example.net"
    ).connection
    assert c.learner_account_id is None and c.status == "pending"
    assert db.exec(select(OutboundEmail)).all() == []
    with pytest.raises(ValidationError) as caught:
        uow(sharing.request_connection, tp)
    assert set(caught.value.fields) == {"learner_name", "learner_email"}


def test_a_learner_declines_a_request(db, uow, world):
    tp = make_account(db, "third_party")
    c = uow(
        sharing.request_connection, tp, learner_name="Amy Able", learner_email=world.learner_a.email
    ).connection
    uow(connections.respond_to_request, world.learner_a, c.id, False)
    assert db.get(Connection, c.id).status == "declined"
    with pytest.raises(DomainError):
        uow(connections.respond_to_request, world.learner_a, c.id, True)


def test_the_list_is_paged_in_sql(db, uow, world):
    for n in range(connections.PAGE_SIZE + 3):
        make_connection(db, world.learner_b, None, status="pending", third_party_email=f"p{n}@example.org")
    first = uow(connections.list_connections, world.learner_b)
    last = uow(connections.list_connections, world.learner_b, page=99)
    assert (first.total, first.pages, len(first.rows)) == (
        connections.PAGE_SIZE + 3,
        2,
        connections.PAGE_SIZE,
    )
    assert (last.number, len(last.rows)) == (2, 3)
    assert not {r.id for r in first.rows} & {r.id for r in last.rows}


def test_the_third_partys_pending_figure_counts_only_what_waits_for_their_answer(db, uow, world):
    tp = make_account(db, "third_party")
    make_connection(db, world.learner_a, tp, status="pending")  # offered by a learner: theirs to answer
    make_connection(db, world.learner_b, tp, status="pending", initiated_by="third_party")  # waits for Ben
    make_connection(db, world.learner_b, tp, status="pending", days=-1)  # expired
    assert uow(sharing.pending_count, tp) == (1, False)


# --- requests reveal nothing until accepted; one live connection per pair (issues 12, 13.4) ----
# These run each call through the production unit of work (commit on success, roll back on error).


def _third_party_rows(tp: Account, tab: str = "active") -> list[connections.ConnectionRow]:
    return run_in_session(sharing.list_connections, tp, tab).rows


def _live_between(learner: Account, tp: Account) -> list[Connection]:
    return run_in_session(
        lambda db: db.exec(
            select(Connection)
            .where(Connection.learner_account_id == learner.id, Connection.third_party_account_id == tp.id)
            .where(connections.live_filter(utcnow()))
        ).all()
    )


def test_a_request_by_candidate_number_shows_only_what_was_typed_until_the_learner_accepts(
    db, world, use_engine
):
    tp = make_account(db, "third_party", organisation="Fleet Motors Ltd")
    number = db.get(LearnerRecord, world.learner_a.learner_record_id).candidate_number
    request = run_in_session(sharing.request_connection, tp, candidate_number=number).connection
    stored = run_in_session(lambda db: db.get(Connection, request.id))
    assert (stored.learner_name, stored.learner_email) == ("", "")
    [row] = _third_party_rows(tp)
    assert (row.other_name, row.other_email, row.waiting_for_learner) == (
        f"Candidate number {number}",
        "",
        True,
    )
    assert "Amy" not in repr(row) and "Able" not in repr(row)

    run_in_session(connections.respond_to_request, world.learner_a, request.id, True, [world.shared.id])
    [row] = _third_party_rows(tp)
    assert (row.other_name, row.other_email, row.status) == ("Amy Able", world.learner_a.email, "active")
    assert not row.waiting_for_learner and not row.can_withdraw


def test_a_request_that_matches_no_learner_looks_the_same_as_one_that_does(db, world, use_engine):
    tp = make_account(db, "third_party")
    number = db.get(LearnerRecord, world.learner_a.learner_record_id).candidate_number
    run_in_session(sharing.request_connection, tp, candidate_number="99999999")
    run_in_session(sharing.request_connection, tp, candidate_number=number)
    rows = {r.other_name: r for r in _third_party_rows(tp)}
    unknown, known = rows["Candidate number 99999999"], rows[f"Candidate number {number}"]
    shape = lambda r: (r.other_email, r.status, r.waiting_for_learner, r.can_withdraw, r.can_respond)  # noqa: E731
    assert shape(unknown) == shape(known) == ("", "pending", True, True, False)


def test_the_learner_sees_who_is_asking_organisation_and_message(db, world, use_engine):
    tp = make_account(db, "third_party", organisation="Fleet Motors Ltd")
    run_in_session(
        sharing.request_connection,
        tp,
        learner_name="Amy Able",
        learner_email=world.learner_a.email,
        message="For the MOT job",
    )
    row = next(r for r in run_in_session(connections.list_connections, world.learner_a).rows if r.can_respond)
    assert (row.organisation, row.message) == ("Fleet Motors Ltd", "For the MOT job")
    summary = run_in_session(connections.connection_summary, world.learner_a, row.id)
    assert (summary.organisation, summary.message) == ("Fleet Motors Ltd", "For the MOT job")
    # An offer the third party has not answered does not look up their account's organisation.
    offered = run_in_session(
        connections.create_connection,
        world.learner_b,
        name="Fleet",
        email=tp.email,
        document_ids=[world.other_learners_doc.id],
    ).connection
    [row] = [
        r for r in run_in_session(connections.list_connections, world.learner_b).rows if r.id == offered.id
    ]
    assert row.organisation == ""


def test_a_third_party_withdraws_a_request_the_learner_has_not_answered(db, world, use_engine):
    tp = make_account(db, "third_party")
    request = run_in_session(
        sharing.request_connection, tp, learner_name="Amy Able", learner_email=world.learner_a.email
    ).connection
    with pytest.raises(NotFound):
        run_in_session(sharing.withdraw_request, world.third_parties["active"], request.id)
    with pytest.raises(PermissionDenied):
        run_in_session(sharing.withdraw_request, world.learner_a, request.id)
    with pytest.raises(ValidationError):  # a learner's offer is declined, not withdrawn
        run_in_session(sharing.withdraw_request, world.third_parties["pending"], world.links["pending"].id)

    run_in_session(sharing.withdraw_request, tp, request.id)
    assert _third_party_rows(tp) == []
    [row] = _third_party_rows(tp, "inactive")
    assert (row.id, row.status, row.can_withdraw) == (request.id, "revoked", False)
    with pytest.raises(ValidationError):
        run_in_session(sharing.withdraw_request, tp, request.id)
    with pytest.raises(ValidationError):
        run_in_session(connections.respond_to_request, world.learner_a, request.id, True, [])
    assert run_in_session(lambda db: db.get(Connection, request.id)).status == "revoked"


def test_a_second_request_renews_the_first_and_a_later_offer_answers_it(db, world, use_engine):
    tp = make_account(db, "third_party")
    number = db.get(LearnerRecord, world.learner_a.learner_record_id).candidate_number
    first = run_in_session(sharing.request_connection, tp, candidate_number=number)
    again = run_in_session(
        sharing.request_connection,
        tp,
        learner_name="Amy Able",
        learner_email=world.learner_a.email,
        message="Still keen",
    )
    assert again.connection.id == first.connection.id and "already asked" in again.note
    assert [c.message for c in _live_between(world.learner_a, tp)] == ["Still keen"]
    mails = run_in_session(
        lambda db: db.exec(
            select(OutboundEmail).where(OutboundEmail.to_address == world.learner_a.email)
        ).all()
    )
    assert len(mails) == 1  # asked once, not twice

    offer = run_in_session(
        connections.create_connection,
        world.learner_a,
        name="Their HR",
        email=tp.email,
        document_ids=[world.shared.id],
    )
    assert offer.connection.id == first.connection.id and "already asked" in offer.note
    assert len(_live_between(world.learner_a, tp)) == 1


def test_a_second_offer_extends_the_first(db, world, use_engine):
    tp = world.third_parties["active"]
    later = utcnow().date() + timedelta(days=200)
    offer = run_in_session(
        connections.create_connection,
        world.learner_a,
        name="Again",
        email=tp.email,
        expires_on=later,
        document_ids=[world.unshared.id],
    )
    assert offer.connection.id == world.links["active"].id
    assert "already have a connection" in offer.note and offer.connection.expires_at.date() == later
    [live] = _live_between(world.learner_a, tp)
    assert live.expires_at.date() == later


def test_a_request_meeting_a_learners_offer_accepts_it_and_an_active_one_is_left_alone(db, world, use_engine):
    offered = world.third_parties["pending"]
    joined = run_in_session(
        sharing.request_connection, offered, learner_name="Amy", learner_email=world.learner_a.email
    )
    assert joined.connection.id == world.links["pending"].id and "offered" in joined.note
    assert [c.status for c in _live_between(world.learner_a, offered)] == ["active"]

    active = world.third_parties["active"]
    left = run_in_session(
        sharing.request_connection, active, learner_name="Amy", learner_email=world.learner_a.email
    )
    assert left.connection.id == world.links["active"].id and "already have an active" in left.note
    assert len(_live_between(world.learner_a, active)) == 1


def test_a_deleted_learners_name_and_email_are_not_shown_to_third_parties(db, world, use_engine):
    run_in_session(lambda db: profile.request_deletion(db, db.get(Account, world.learner_a.id)))
    run_in_session(accounts.complete_deletion, world.admin, world.learner_a.id)
    for state, tp in world.third_parties.items():
        for row in _third_party_rows(tp, "inactive"):
            assert "Amy" not in repr(row) and "Able" not in repr(row), state
            assert world.learner_a.email not in repr(row), state
            assert row.other_name == connections.DELETED_NAME


def test_an_expiry_typed_day_first_is_kept_and_the_invitation_says_it_in_words(db, world, use_engine):
    from portal_app.infra.db import run_in_session
    from portal_app.services.dates import day, day_in_words

    chosen = utcnow().date() + timedelta(days=40)
    c = run_in_session(
        connections.create_connection,
        world.learner_a,
        name="Hiring Manager",
        email="hr@example.org",
        expires_on=day(chosen),
        message="",
        document_ids=[world.shared.id],
    ).connection
    assert c.expires_at.date() == chosen
    mail = run_in_session(
        lambda db: db.exec(select(OutboundEmail).where(OutboundEmail.to_address == "hr@example.org")).one()
    )
    assert f"You can see these documents until {day_in_words(chosen)};" in mail.text_body
    later = chosen + timedelta(days=20)
    run_in_session(connections.extend_connection, world.learner_a, c.id, day(later))
    assert run_in_session(connections.connection_summary, world.learner_a, c.id).expires_on == later
