"""Staff's third parties and connections: administrators only, searched and paged in SQL, and a
connection staff end is revoked at once, both parties told, the ending audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.models import AuditEvent, Connection, OutboundEmail
from portal_app.services import documents, staff_connections, third_parties
from portal_app.services.errors import NotFound, PermissionDenied, ValidationError
from tests.factories import make_account, make_connection, make_document, make_learner


@pytest.fixture
def admin(db):
    return make_account(db, kind="admin", email="staff@example.com")


def _employer(db, organisation="Fleet Motors", **kw):
    return make_account(db, kind="third_party", organisation=organisation, **kw)


def test_only_administrators_list_or_end(db, uow):
    learner = make_learner(db)
    employer = _employer(db)
    connection = make_connection(db, learner, employer)
    for actor in (learner, employer, None):
        with pytest.raises(PermissionDenied):
            uow(third_parties.third_parties_page, actor)
        with pytest.raises(PermissionDenied):
            uow(staff_connections.connections_page, actor)
        with pytest.raises(PermissionDenied):
            uow(
                staff_connections.end_connection,
                actor,
                connection_id=connection.id,
                reason="Not allowed here",
            )
    db.refresh(connection)
    assert connection.status == "active"
    assert db.exec(select(OutboundEmail)).all() == []


def test_third_parties_are_listed_by_organisation_with_their_connections(db, uow, admin):
    learner = make_learner(db)
    ted = _employer(db, "Fleet Motors", first_name="Ted", last_name="Trew")
    _employer(db, "Acme Audit", first_name="Ann", last_name="Auditor")
    loner = _employer(db, None, first_name="Sole", last_name="Trader")
    make_account(db, kind="learner", organisation="Fleet Motors")  # not a third party
    make_connection(db, learner, ted)
    make_connection(db, learner, ted, days=-1)  # expired: not live
    make_connection(db, learner, ted, status="revoked")

    page = uow(third_parties.third_parties_page, admin)

    assert [(r.organisation, r.name) for r in page.rows] == [
        ("Acme Audit", "Ann Auditor"),
        ("Fleet Motors", "Ted Trew"),
        (third_parties.NO_ORGANISATION, "Sole Trader"),
    ]
    by_name = {r.name: r for r in page.rows}
    assert (by_name["Ted Trew"].live_connections, by_name["Ted Trew"].all_connections) == (1, 3)
    assert (by_name["Ann Auditor"].live_connections, by_name["Ann Auditor"].all_connections) == (0, 0)
    assert [r.id for r in uow(third_parties.third_parties_page, admin, search="fleet").rows] == [ted.id]
    assert uow(third_parties.third_parties_page, admin, search="trader").rows[0].id == loner.id


def test_third_parties_filter_by_status_and_page(db, uow, admin):
    for n in range(third_parties.PAGE_SIZE + 2):
        _employer(db, f"Org {n:02d}")
    suspended = _employer(db, "Zed Ltd", status="suspended")
    first = uow(third_parties.third_parties_page, admin)
    second = uow(third_parties.third_parties_page, admin, page=2)
    assert len(first.rows) == third_parties.PAGE_SIZE and first.has_next
    assert len(second.rows) == 3 and not second.has_next
    assert [r.id for r in uow(third_parties.third_parties_page, admin, status="suspended").rows] == [
        suspended.id
    ]


def test_every_connection_is_listed_with_its_status_and_can_be_searched(db, uow, admin):
    claire = make_learner(db, first_name="Claire", last_name="Hammond")
    sarah = make_learner(db, first_name="Sarah", last_name="Yeoman")
    ted = _employer(db, first_name="Ted", last_name="Trew")
    ann = _employer(db, "Acme Audit", first_name="Ann", last_name="Auditor")
    document = make_document(db, claire.learner_record_id)
    active = make_connection(db, claire, ted, documents=[document])
    expired = make_connection(db, sarah, ted, days=-2)
    declined = make_connection(db, sarah, ann, status="declined")

    everything = uow(staff_connections.connections_page, admin)
    rows = {r.id: r for r in everything.rows}
    assert (rows[active.id].status, rows[active.id].documents_shared, rows[active.id].organisation) == (
        "active",
        1,
        "Fleet Motors",
    )
    assert rows[expired.id].status == "expired" and rows[expired.id].can_end
    assert rows[declined.id].status == "declined" and not rows[declined.id].can_end

    def ids(**wanted):
        return {r.id for r in uow(staff_connections.connections_page, admin, **wanted).rows}

    assert ids(status="expired") == {expired.id}
    assert ids(status="active") == {active.id}
    assert ids(search="yeoman") == {expired.id, declined.id}
    assert ids(search="auditor") == {declined.id}
    assert ids(third_party_id=ted.id) == {active.id, expired.id}
    assert uow(staff_connections.third_party_name, admin, account_id=ann.id) == "Ann Auditor (Acme Audit)"
    with pytest.raises(NotFound):
        uow(staff_connections.third_party_name, admin, account_id=claire.id)


def test_ending_a_connection_revokes_it_and_tells_both_parties(db, uow, admin):
    claire = make_learner(db, first_name="Claire", last_name="Hammond", email="claire@example.com")
    ted = _employer(db, first_name="Ted", last_name="Trew", email="ted@fleet.example")
    document = make_document(db, claire.learner_record_id)
    connection = make_connection(db, claire, ted, documents=[document])
    assert uow(documents.find_visible, ted, document.reference)[0].id == document.id

    uow(staff_connections.end_connection, admin, connection_id=connection.id,
        reason="Fleet Motors asked us to close this account.")  # fmt: skip

    db.refresh(connection)
    assert connection.status == "revoked" and connection.ended_at is not None
    with pytest.raises(NotFound):  # the third party lost access at once
        uow(documents.find_visible, ted, document.reference)
    mails = {m.to_address: m for m in db.exec(select(OutboundEmail)).all()}
    assert set(mails) == {"claire@example.com", "ted@fleet.example"}
    assert "Ted Trew" in mails["claire@example.com"].subject
    assert "Claire Hammond" in mails["ted@fleet.example"].subject
    assert all("Fleet Motors asked us to close this account." in m.text_body for m in mails.values())
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "connection.ended_by_staff")).one()
    assert (event.actor_account_id, event.subject_id) == (admin.id, connection.id)
    assert "Claire Hammond and Ted Trew" in event.detail


def test_ending_needs_a_reason_and_a_live_connection(db, uow, admin):
    learner = make_learner(db)
    connection = make_connection(db, learner, _employer(db))
    with pytest.raises(ValidationError) as error:
        uow(staff_connections.end_connection, admin, connection_id=connection.id, reason="  ")
    assert "reason" in error.value.fields
    db.refresh(connection)
    assert connection.status == "active"
    declined = make_connection(db, learner, _employer(db), status="declined")
    with pytest.raises(ValidationError, match="already ended"):
        uow(
            staff_connections.end_connection,
            admin,
            connection_id=declined.id,
            reason="Asked to by the learner",
        )
    with pytest.raises(NotFound):
        uow(staff_connections.end_connection, admin, connection_id=999_999, reason="Asked to by the learner")
    assert db.exec(select(OutboundEmail)).all() == []
    assert db.exec(select(AuditEvent)).all() == []


def test_a_deleted_third_party_is_not_mailed(db, uow, admin):
    learner = make_learner(db, email="lee@example.com")
    connection = make_connection(
        db, learner, None, third_party_name="(deleted account)", third_party_email=""
    )
    uow(
        staff_connections.end_connection,
        admin,
        connection_id=connection.id,
        reason="Tidying up after a deletion",
    )
    assert [m.to_address for m in db.exec(select(OutboundEmail)).all()] == ["lee@example.com"]
    assert db.get(Connection, connection.id).status == "revoked"
