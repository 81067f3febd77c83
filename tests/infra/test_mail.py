"""The outbox is delivered over real SMTP, survives the server being down, and never sends twice."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from portal_app.infra import mail
from portal_app.infra.settings import Settings
from portal_app.models import OutboundEmail
from portal_app.services import mail as outbox
from tests.smtp import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def _cfg(port: int) -> Settings:
    return dataclasses.replace(Settings(), smtp_host="127.0.0.1", smtp_port=port)


def test_outbox_rows_are_sent_once_with_text_and_html_parts(db, smtp):
    outbox.queue(
        db, "learner@example.com", "Verify your e-mail", ["Hello."], link=("Verify", "http://x/verify?t=1")
    )
    db.commit()
    assert mail.deliver_pending(db, _cfg(smtp.port)) == 1
    assert mail.deliver_pending(db, _cfg(smtp.port)) == 0
    [message] = smtp.inbox.to("learner@example.com")
    assert message["Subject"] == "Verify your e-mail"
    types = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= types
    assert db.exec(select(OutboundEmail)).one().sent_at is not None


def test_smtp_down_then_up_delivers_every_email_exactly_once(db):
    server = SmtpServer()
    for i in range(3):
        outbox.queue(db, f"user{i}@example.com", f"Message {i}", ["Body"])
    db.commit()
    assert mail.deliver_pending(db, _cfg(server.port)) == 0  # nobody listening
    failed = db.exec(select(OutboundEmail).where(OutboundEmail.attempts > 0)).all()
    assert failed and all(row.last_error for row in failed)
    for row in db.exec(select(OutboundEmail)).all():  # the retry is due now
        row.next_attempt_at = None
        db.add(row)
    db.commit()
    server.start()
    try:
        assert mail.deliver_pending(db, _cfg(server.port)) == 3
        assert mail.deliver_pending(db, _cfg(server.port)) == 0
        assert sorted(m["To"] for m in server.inbox.messages) == [f"user{i}@example.com" for i in range(3)]
    finally:
        server.stop()


def test_without_smtp_host_mail_stays_in_the_outbox(db):
    outbox.queue(db, "learner@example.com", "Subject", ["Body"])
    db.commit()
    assert mail.deliver_pending(db, dataclasses.replace(Settings(), smtp_host="")) == 0
    assert db.exec(select(OutboundEmail)).one().sent_at is None


def test_a_rolled_back_change_sends_no_email(db):
    outbox.queue(db, "learner@example.com", "Subject", ["Body"])
    db.rollback()
    assert db.exec(select(OutboundEmail)).all() == []
