"""Background work that runs inside each backend worker: delivering the outbox."""

from __future__ import annotations

import asyncio
import logging

from portal_app.infra import mail
from portal_app.infra.db import run_in_session
from portal_app.infra.settings import settings

log = logging.getLogger("portal.tasks")
MAIL_INTERVAL_SECONDS = 3.0


async def background_tasks() -> None:
    if not settings.smtp_host:
        log.info("no SMTP_HOST: e-mail stays in the outbox (Admin > Outbox)")
        return
    while True:
        try:
            await asyncio.to_thread(run_in_session, mail.deliver_pending)
        except Exception:  # noqa: BLE001 - keep the loop alive; rows stay in the outbox
            log.exception("outbox delivery round failed")
        await asyncio.sleep(MAIL_INTERVAL_SECONDS)
