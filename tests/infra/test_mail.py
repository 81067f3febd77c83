"""The outbox is delivered over real SMTP, survives the server being down, and never sends twice."""

from __future__ import annotations

import pytest
from sqlmodel import select, update

from portal_app.infra import mail
from portal_app.infra.clock import utcnow
from portal_app.infra.db import run_in_session
from portal_app.infra.settings import Settings
from portal_app.models import Account, AuditEvent, OutboundEmail
from portal_app.services import accounts, recovery
from portal_app.services import mail as outbox
from tests.factories import link_from, make_account
from tests.smtp import Inbox, SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def _cfg(port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port)


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
    assert mail.deliver_pending(db, Settings(smtp_host="")) == 0
    assert db.exec(select(OutboundEmail)).one().sent_at is None


def test_a_rolled_back_change_sends_no_email(db):
    outbox.queue(db, "learner@example.com", "Subject", ["Body"])
    db.rollback()
    assert db.exec(select(OutboundEmail)).all() == []


# --- through the production unit of work (infra.db.run_in_session), as the background sender runs


class RefusingInbox(Inbox):
    """A server that refuses mail to bounce@... (as a real one refuses an unknown mailbox)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd API
        if address.startswith("bounce@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _queue(to: str, subject: str, link: tuple[str, str] | None = None) -> int:
    def job(db):
        row = outbox.queue(db, to, subject, ["Body"], link=link)
        db.flush()
        return row.id

    return run_in_session(job)


def _row(email_id: int) -> OutboundEmail:
    return run_in_session(lambda db: db.get(OutboundEmail, email_id))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\n", "\r\n", "\x0b"])
def test_a_name_with_a_line_separator_in_a_subject_cannot_stop_the_queue(use_engine, smtp, separator):
    _queue("before@example.com", "Message before")
    _queue("ted@example.com", f"Eve{separator}Bcc: victim@example.org wants to share documents with you")
    _queue("after@example.com", "Message after")
    assert run_in_session(mail.deliver_pending, _cfg(smtp.port)) == 3
    [poisoned] = smtp.inbox.to("ted@example.com")
    assert poisoned["Subject"] == "Eve Bcc: victim@example.org wants to share documents with you"
    assert poisoned["Bcc"] is None
    assert [m["Subject"] for m in smtp.inbox.to("after@example.com")] == ["Message after"]


def test_a_message_the_server_refuses_fails_alone_and_is_given_up_after_max_attempts(use_engine):
    server = SmtpServer()
    server.inbox = RefusingInbox()
    server.start()
    try:
        refused = _queue("bounce@example.com", "Refused")
        good = [_queue(f"good{i}@example.com", f"Good {i}") for i in range(2)]
        assert run_in_session(mail.deliver_pending, _cfg(server.port)) == 2
        assert sorted(m["To"] for m in server.inbox.messages) == ["good0@example.com", "good1@example.com"]
        assert all(_row(i).sent_at for i in good)
        row = _row(refused)
        assert (row.attempts, row.failed_at) == (1, None) and "550" in row.last_error
        for _ in range(mail.MAX_ATTEMPTS + 2):  # every retry due at once
            run_in_session(lambda db: db.execute(update(OutboundEmail).values(next_attempt_at=None)))
            run_in_session(mail.deliver_pending, _cfg(server.port))
        row = _row(refused)
        assert row.attempts == mail.MAX_ATTEMPTS and row.failed_at is not None and row.sent_at is None
    finally:
        server.stop()


def test_any_other_failure_of_one_row_is_that_rows_alone(use_engine, smtp, monkeypatch):
    build = mail.build_message

    def build_or_break(row, sender):
        if row.subject == "Broken":
            raise LookupError("unknown charset")  # whatever a future header or body may raise
        return build(row, sender)

    monkeypatch.setattr(mail, "build_message", build_or_break)
    broken, good = _queue("a@example.com", "Broken"), _queue("b@example.com", "Fine")
    assert run_in_session(mail.deliver_pending, _cfg(smtp.port)) == 1
    assert _row(good).sent_at and "LookupError" in _row(broken).last_error


def test_the_outbox_page_shows_a_given_up_email_as_failed_with_its_reason(use_engine, smtp):
    from portal_app.state.admin_accounts import _mail_row

    email_id = _queue("bounce@example.com", "Refused")
    run_in_session(lambda db: db.execute(update(OutboundEmail).values(
        attempts=mail.MAX_ATTEMPTS, failed_at=utcnow(), last_error="SMTPRecipientsRefused: 550")))  # fmt: skip
    assert _mail_row(_row(email_id)).status == f"failed: gave up after {mail.MAX_ATTEMPTS} tries"
    assert run_in_session(mail.deliver_pending, _cfg(smtp.port)) == 0  # never retried


# --- finding 6: the outbox administrators read holds no usable reset or verification link


def _text_part(message, kind: str = "text/plain") -> str:
    [text] = [p for p in message.walk() if p.get_content_type() == kind]
    return text.get_payload(decode=True).decode()


def _reset_mail(db, smtp_configured: Settings | None, monkeypatch) -> tuple[Account, Account, OutboundEmail]:
    if smtp_configured:
        monkeypatch.setattr(outbox, "settings", smtp_configured)
    learner, admin = make_account(db), make_account(db, "admin")
    run_in_session(recovery.request_reset, learner.email)
    return learner, admin, run_in_session(lambda db: db.exec(select(OutboundEmail)).one())


def test_with_smtp_the_outbox_never_shows_a_usable_reset_link_and_audits_who_opened_it(
    db, use_engine, smtp, monkeypatch
):
    learner, admin, row = _reset_mail(db, _cfg(smtp.port), monkeypatch)
    assert "/reset-password?token=withheld" in row.text_body and "token=withheld" in row.html_body
    shown, links = run_in_session(accounts.outbox_email, admin, row.id)
    assert "/reset-password" not in " ".join(links) and "token=withheld" in shown.text_body
    [opened] = run_in_session(
        lambda db: db.exec(select(AuditEvent).where(AuditEvent.action == "outbox.email_opened")).all()
    )
    assert (opened.actor_account_id, opened.subject_id) == (admin.id, row.id)

    assert run_in_session(mail.deliver_pending, _cfg(smtp.port)) == 1
    [message] = smtp.inbox.to(learner.email)
    token = link_from(_text_part(message), "/reset-password")
    assert token != "withheld" and token in _text_part(message, "text/html")
    assert run_in_session(recovery.reset_link_valid, token)
    sent = _row(row.id)
    assert sent.secret_link is None and token not in sent.text_body + sent.html_body


def test_without_smtp_the_demo_outbox_shows_the_link_and_forgets_it_once_sent(
    db, use_engine, smtp, monkeypatch
):
    learner, admin, row = _reset_mail(db, None, monkeypatch)
    _, links = run_in_session(accounts.outbox_email, admin, row.id)
    token = link_from(" ".join(links), "/reset-password")  # the outbox is the inbox
    assert run_in_session(recovery.reset_link_valid, token)

    assert run_in_session(mail.deliver_pending, _cfg(smtp.port)) == 1  # SMTP configured later
    assert token in _text_part(smtp.inbox.to(learner.email)[0])
    sent = _row(row.id)
    assert token not in sent.text_body + sent.html_body
    assert run_in_session(accounts.outbox_email, admin, row.id)[1] == []
