"""The one mail sender: delivers outbox rows over SMTP, retrying with back-off, never losing one.

With no SMTP host configured, e-mail stays in the outbox (administrators read it in the portal)
and is printed to the log.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlmodel import Session, col, or_, select

from portal_app.infra.clock import utcnow
from portal_app.infra.settings import Settings, settings
from portal_app.models import OutboundEmail

log = logging.getLogger("portal.mail")
MAX_BACKOFF_MINUTES = 60


def build_message(row: OutboundEmail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}")
    msg.set_content(row.text_body)
    msg.add_alternative(row.html_body, subtype="html")
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
        .where(or_(col(OutboundEmail.next_attempt_at).is_(None), col(OutboundEmail.next_attempt_at) <= now))
        .order_by(col(OutboundEmail.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def deliver_pending(db: Session, cfg: Settings = settings, limit: int = 50) -> int:
    """Send due outbox rows one at a time and return how many were sent.

    Each row is claimed under a row lock and marked sent in the same transaction right after
    the SMTP server accepted it, so several workers never send one e-mail twice, and a crash
    between rows never re-sends the ones already delivered.
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
        except (OSError, smtplib.SMTPException) as error:
            row.attempts += 1
            row.last_error = str(error)[:1000]
            backoff_minutes = min(2 ** min(row.attempts, 6), MAX_BACKOFF_MINUTES)
            row.next_attempt_at = utcnow() + timedelta(seconds=backoff_minutes * 5)
            db.add(row)
            db.commit()
            log.warning("mail to %s failed (attempt %s): %s", row.to_address, row.attempts, error)
            break  # the server is likely down: try the rest on the next round
        row.sent_at = utcnow()
        row.attempts += 1
        row.last_error = None
        db.add(row)
        db.commit()
        sent += 1
    return sent
