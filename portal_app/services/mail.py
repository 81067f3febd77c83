"""Writing e-mail into the outbox, in the caller's transaction, with text and HTML parts.

With an SMTP server configured, a link that carries a token (reset, verification) is stored
apart from the bodies, which hold it withheld, so administrators reading the outbox never see
a usable link; the sender puts it back at send time and then drops it. Without SMTP the outbox
is the inbox, so the bodies keep their links.
"""

from __future__ import annotations

import html
import logging

from sqlmodel import Session

from portal_app.infra.mail import withhold_tokens
from portal_app.infra.settings import settings
from portal_app.models import OutboundEmail

log = logging.getLogger("portal.mail")


def _html(paragraphs: list[str], link: tuple[str, str] | None) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if link:
        label, url = link
        body += (
            f'<p><a href="{html.escape(url, quote=True)}" '
            'style="background:#1f4e8c;color:#fff;padding:10px 16px;border-radius:6px;'
            f'text-decoration:none">{html.escape(label)}</a></p>'
            f'<p style="font-size:12px;color:#555">Or paste this address into your browser: '
            f"{html.escape(url)}</p>"
        )
    footer = (
        f"{html.escape(settings.org_name)} · {html.escape(settings.support_email)} · "
        f"{html.escape(settings.support_phone)}"
    )
    return (
        '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#1a1a1a">'
        f'<h2 style="color:#1f4e8c">{html.escape(settings.org_name)}</h2>{body}'
        f'<hr><p style="font-size:12px;color:#555">{footer}</p></body></html>'
    )


def queue(
    db: Session,
    to: str,
    subject: str,
    paragraphs: list[str],
    link: tuple[str, str] | None = None,
    kind: str = "",
) -> OutboundEmail:
    """Add an e-mail to the outbox; it is sent only if the surrounding transaction commits."""
    text = "\n\n".join(paragraphs)
    if link:
        text += f"\n\n{link[0]}: {link[1]}"
    text += f"\n\n--\n{settings.org_name}\n{settings.support_email} · {settings.support_phone}\n"
    html_body = _html(paragraphs, link)
    secret_link = None
    if settings.smtp_host and link and withhold_tokens(link[1]) != link[1]:
        secret_link = link[1]
        text, html_body = withhold_tokens(text), withhold_tokens(html_body)
    row = OutboundEmail(
        to_address=to,
        subject=subject,
        text_body=text,
        html_body=html_body,
        kind=kind,
        secret_link=secret_link,
    )
    db.add(row)
    if not settings.smtp_host:
        log.info("outbox e-mail to %s: %s", to, subject)
    return row


def absolute_url(path: str) -> str:
    return settings.base_url.rstrip("/") + path
