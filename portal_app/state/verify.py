"""The public verification page: no sign-in, rate-limited per client IP."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from portal_app.infra import db as database
from portal_app.infra.ratelimit import verify_limiter
from portal_app.services import auth
from portal_app.services.verification import Verification, normalise_reference
from portal_app.services.verification_log import verify_and_count
from portal_app.state.base import PortalState

EMPTY = Verification(outcome="", message="")
RATE_LIMITED = "You have checked many references in a short time. Please wait a minute and try again."


class VerifyState(PortalState):
    query: str = ""
    result: Verification = EMPTY
    error: str = ""
    busy: bool = False

    async def _check(self, reference: str) -> None:
        self.error = ""
        self.query = normalise_reference(reference)[:40]
        if not await asyncio.to_thread(verify_limiter.hit, self._client_address()):
            self.result = EMPTY
            self.error = RATE_LIMITED
            return
        self.result = await database.call(verify_and_count, reference)

    @rx.event
    async def load(self) -> Any:
        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        self.result = EMPTY
        self.error = ""
        path = (self.router.url.path or "").rstrip("/")
        if path.count("/") >= 2 and path.rsplit("/", 1)[-1]:
            await self._check(path.rsplit("/", 1)[-1])
        else:
            self.query = ""

    @rx.event
    async def submit(self, form: dict[str, Any]) -> Any:
        reference = str(form.get("reference", ""))[:60]
        if not reference.strip():
            self.result = EMPTY
            self.error = "Enter the document reference, e.g. 29567186-01-PJPC."
            return
        self.busy = True
        yield
        await self._check(reference)
        self.busy = False
