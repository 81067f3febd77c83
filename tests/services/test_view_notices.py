"""The learner knows when a share is opened (issue 16, part 3): the first view of each shared
document e-mails the learner, at most once a day for each connection, unless they turned it off;
the connections table and the dashboard show the latest view."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.models import Account, Connection, Document, DocumentAccess, OutboundEmail
from portal_app.services import connections, dashboard, documents, profile, sharing
from portal_app.services.errors import NotFound, PermissionDenied
from tests.factories import make_account, make_connection, make_document, make_learner

pytestmark = pytest.mark.usefixtures("use_engine")


@dataclass
class Share:
    claire: Account
    ted: Account
    connection: Connection
    certificate: Document
    transcript: Document
    badge: Document


@pytest.fixture
def share(db: Session) -> Share:
    claire = make_learner(db, first_name="Claire", last_name="Hammond", email="claire@example.com")
    ted = make_account(
        db,
        "third_party",
        first_name="Ted",
        last_name="Trew",
        organisation="Fleet Motors",
        email="ted@fleet.example",
    )
    certificate = make_document(db, claire.learner_record_id, qualification_title="Level 3 Diploma")
    transcript = make_document(db, claire.learner_record_id, kind="transcript")
    badge = make_document(db, claire.learner_record_id, kind="badge")
    connection = make_connection(db, claire, ted, documents=[certificate, transcript, badge])
    return Share(claire, ted, connection, certificate, transcript, badge)


def _notices(uow) -> list[OutboundEmail]:
    return uow(
        lambda db: db.exec(
            select(OutboundEmail).where(OutboundEmail.kind == "connection_viewed").order_by(OutboundEmail.id)
        ).all()
    )


def _views(uow) -> int:
    return len(uow(lambda db: db.exec(select(DocumentAccess)).all()))


def test_the_first_view_tells_the_learner_who_viewed_what(uow, share):
    uow(sharing.view_document, share.ted, share.connection.id, share.certificate.reference)
    [notice] = _notices(uow)
    assert notice.to_address == "claire@example.com"
    assert notice.subject == "Ted Trew of Fleet Motors viewed your certificate"
    body = " ".join(notice.text_body.split())
    assert f"viewed your certificate Level 3 Diploma ({share.certificate.reference})" in body
    assert "turn them off in your profile" in body


def test_never_more_than_one_notice_per_connection_per_day(db, uow, share):
    uow(sharing.view_document, share.ted, share.connection.id, share.certificate.reference)
    uow(sharing.view_document, share.ted, share.connection.id, share.certificate.reference)  # seen before
    uow(sharing.view_document, share.ted, share.connection.id, share.transcript.reference)  # same day
    assert len(_notices(uow)) == 1 and _views(uow) == 3

    # A day later the first view of another document tells the learner again; a repeat does not.
    uow(
        lambda db: db.get(Connection, share.connection.id).__setattr__(
            "view_notice_at", utcnow() - timedelta(hours=24, minutes=1)
        )
    )
    uow(sharing.view_document, share.ted, share.connection.id, share.transcript.reference)
    assert len(_notices(uow)) == 1
    uow(sharing.view_document, share.ted, share.connection.id, share.badge.reference)
    assert [n.subject for n in _notices(uow)][-1] == "Ted Trew of Fleet Motors viewed your badge"


def test_the_document_page_path_tells_the_learner_too(uow, share):
    uow(documents.view, share.ted, share.certificate.reference)
    assert [n.subject for n in _notices(uow)] == ["Ted Trew of Fleet Motors viewed your certificate"]


def test_a_learner_who_turned_notices_off_gets_none_but_every_view_is_still_logged(uow, share):
    uow(profile.set_view_notices, share.claire, False)
    uow(sharing.view_document, share.ted, share.connection.id, share.certificate.reference)
    assert _notices(uow) == [] and _views(uow) == 1
    uow(profile.set_view_notices, share.claire, True)
    uow(sharing.view_document, share.ted, share.connection.id, share.transcript.reference)
    assert len(_notices(uow)) == 1


def test_only_a_learner_sets_the_preference(db, uow, share):
    for actor in (share.ted, make_account(db, "admin")):
        with pytest.raises(PermissionDenied):
            uow(profile.set_view_notices, actor, False)
    assert uow(lambda db: db.get(Account, share.ted.id).notify_on_view) is True


def test_a_refused_view_neither_logs_nor_tells(db, uow, share):
    stranger = make_account(db, "third_party")
    with pytest.raises(NotFound):
        uow(sharing.view_document, stranger, share.connection.id, share.certificate.reference)
    assert _notices(uow) == [] and _views(uow) == 0


def test_the_table_and_dashboard_show_the_latest_view(db, uow, share):
    [row] = uow(connections.list_connections, share.claire).rows
    assert row.last_viewed_at is None
    assert uow(dashboard.learner_figures, share.claire).last_viewed_at is None
    before = utcnow()
    uow(sharing.view_document, share.ted, share.connection.id, share.certificate.reference)
    [row] = uow(connections.list_connections, share.claire).rows
    assert row.last_viewed_at is not None and row.last_viewed_at >= before - timedelta(seconds=1)
    figures = uow(dashboard.learner_figures, share.claire)
    assert figures.last_viewer == "Ted Trew" and figures.last_viewed_at == row.last_viewed_at
    # another learner sees nothing of it
    other = make_learner(db)
    assert uow(dashboard.learner_figures, other).last_viewed_at is None


def test_two_first_views_at_the_same_moment_send_one_notice(db, use_engine, share):
    """The second view's UPDATE waits for the first one's row lock, then finds the day claimed."""
    if use_engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time anyway")
    first, second = Session(use_engine), Session(use_engine)
    try:
        sharing.view_document(
            first, first.get(Account, share.ted.id), share.connection.id, share.certificate.reference
        )
        first.flush()  # the first view holds the connection's row, not committed yet
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting = pool.submit(
                lambda: (
                    sharing.view_document(
                        second,
                        second.get(Account, share.ted.id),
                        share.connection.id,
                        share.transcript.reference,
                    ),
                    second.commit(),
                )
            )
            time.sleep(0.5)
            assert not waiting.done()  # blocked on the row lock
            first.commit()
            waiting.result(timeout=10)
    finally:
        first.close()
        second.close()
    assert len(_notices_now(use_engine)) == 1


def _notices_now(engine) -> list[OutboundEmail]:
    with Session(engine) as session:
        return session.exec(select(OutboundEmail).where(OutboundEmail.kind == "connection_viewed")).all()
