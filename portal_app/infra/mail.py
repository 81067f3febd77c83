"""The one mail sender: delivers outbox rows over SMTP, retrying with back-off, never losing one.

With no SMTP host configured, e-mail stays in the outbox (administrators read it in the portal)
and is printed to the log. A row that cannot be sent (a header that will not encode, an address
the server refuses) is that row's failure alone: it backs off, is given up after MAX_ATTEMPTS
and shown as failed in the outbox, while the rows behind it go out.
"""

from __future__ import annotations

import logging
import re
import smtplib
import unicodedata
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from html import escape

from sqlmodel import Session, col, or_, select

from portal_app.infra.clock import utcnow
from portal_app.infra.settings import Settings, settings
from portal_app.models import OutboundEmail

log = logging.getLogger("portal.mail")
MAX_BACKOFF_MINUTES = 60
MAX_ATTEMPTS = 8
WITHHELD = "withheld"  # what a stored link shows in place of its token
_TOKEN = re.compile(r"([?&](?:token|change|add)=)[A-Za-z0-9_\-.~%]+")
_NOT_IN_A_HEADER = {"Cc", "Cs", "Zl", "Zp"}
# The server cannot be reached or will not talk to us: every row would fail alike, so stop the round.
_SERVER_TROUBLE = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
)


def header_text(value: str) -> str:
    """A header value on one line: separators and control characters become single spaces.

    `EmailMessage` refuses any value a mail reader could split into two lines (\\n, U+0085,
    U+2028, ...); names and subjects written by people must never make a message unsendable.
    """
    spaced = "".join(" " if unicodedata.category(c) in _NOT_IN_A_HEADER else c for c in value)
    return " ".join(spaced.split())


def withhold_tokens(text: str) -> str:
    """The text with the value of every `token=` / `change=` / `add=` link parameter replaced."""
    return _TOKEN.sub(rf"\g<1>{WITHHELD}", text)


def _with_link(body: str, row: OutboundEmail) -> str:
    if not row.secret_link:
        return body
    withheld = withhold_tokens(row.secret_link)
    return body.replace(escape(withheld), escape(row.secret_link)).replace(withheld, row.secret_link)


def build_message(row: OutboundEmail, sender: str) -> EmailMessage:
    """The message as it goes out: the withheld link put back at send time."""
    msg = EmailMessage()
    msg["From"] = header_text(sender)
    msg["To"] = header_text(row.to_address)
    msg["Subject"] = header_text(row.subject)
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}")
    msg.set_content(_with_link(row.text_body, row))
    msg.add_alternative(_with_link(row.html_body, row), subtype="html")
    return msg


def _send(msg: EmailMessage, cfg: Settings) -> None:
    with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=15) as smtp:
        if cfg.smtp_starttls:
            smtp.starttls()
        if cfg.smtp_user:
            smtp.login(cfg.smtp_user, cfg.smtp_password)
        smtp.send_message(msg)


def _claim_next(db: Session) -> OutboundEmail | None:
    """Lock the oldest due row; other workers skip it (PostgreSQL), SQLite has one writer anyway."""
    now = utcnow()
    return db.exec(
        select(OutboundEmail)
        .where(col(OutboundEmail.sent_at).is_(None))
        .where(col(OutboundEmail.failed_at).is_(None))
        .where(or_(col(OutboundEmail.next_attempt_at).is_(None), col(OutboundEmail.next_attempt_at) <= now))
        .order_by(col(OutboundEmail.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _forget_token(row: OutboundEmail) -> None:
    """Once sent or given up, nothing stored can be used to follow the link."""
    row.secret_link = None
    row.text_body = withhold_tokens(row.text_body)
    row.html_body = withhold_tokens(row.html_body)


def _failed(db: Session, row: OutboundEmail, error: BaseException) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    if row.attempts >= MAX_ATTEMPTS:
        row.failed_at = utcnow()
        _forget_token(row)
        log.error("mail %s to %s given up after %s attempts: %s", row.id, row.to_address, row.attempts, error)
    else:
        backoff_minutes = min(2 ** min(row.attempts, 6), MAX_BACKOFF_MINUTES)
        row.next_attempt_at = utcnow() + timedelta(seconds=backoff_minutes * 5)
        log.warning("mail %s to %s failed (attempt %s): %s", row.id, row.to_address, row.attempts, error)
    db.add(row)
    db.commit()


def deliver_pending(db: Session, cfg: Settings = settings, limit: int = 50) -> int:
    """Send due outbox rows one at a time and return how many were sent.

    Each row is claimed under a row lock and marked sent in the same transaction right after
    the SMTP server accepted it, so several workers never send one e-mail twice, and a crash
    between rows never re-sends the ones already delivered. A failure that belongs to the row
    is recorded on it and the next row is tried; a connection failure ends the round.
    """
    if not cfg.smtp_host:
        return 0
    sent = 0
    for _ in range(limit):
        row = _claim_next(db)
        if row is None:
            break
        try:
            _send(build_message(row, cfg.mail_from), cfg)
        except Exception as error:  # noqa: BLE001 - any failure is this row's, recorded on it
            _failed(db, row, error)
            if isinstance(error, _SERVER_TROUBLE) or (
                isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)
            ):
                break  # the server is likely down: try the rest on the next round
            continue
        row.sent_at = utcnow()
        row.attempts += 1
        row.last_error = None
        _forget_token(row)
        db.add(row)
        db.commit()
        sent += 1
    return sent
