"""The public verification page: no sign-in, rate-limited per client IP.

A result has its own address, /verify/<reference>, so an employer can bookmark or forward it:
a search goes to that address, and opening it runs the check.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from portal_app.infra import db as database
from portal_app.infra.ratelimit import verify_limiter
from portal_app.services import auth
from portal_app.services.verification import (
    MAX_BADGE_CHARS,
    REFERENCE_PATTERN,
    Verification,
    normalise_reference,
    verify_badge,
)
from portal_app.services.verification_log import verify_and_count
from portal_app.state.base import PortalState

EMPTY = Verification(outcome="", message="")
RATE_LIMITED = "You have checked many references in a short time. Please wait a minute and try again."


class VerifyState(PortalState):
    query: str = ""
    result: Verification = EMPTY
    error: str = ""
    busy: bool = False
    badge_error: str = ""

    def _reference_in_address(self) -> str:
        """The <reference> of /verify/<reference>, or "" on /verify."""
        path = (self.router.url.path or "").rstrip("/")
        return path.rsplit("/", 1)[-1] if path.count("/") >= 2 else ""

    async def _check(self, reference: str) -> None:
        self.error = ""
        self.query = normalise_reference(reference)[:40]
        if not await asyncio.to_thread(verify_limiter.hit, self._client_address()):
            self.result = EMPTY
            self.error = RATE_LIMITED
            return
        found = await database.call(verify_and_count, reference)
        self.result = found.for_people()

    @rx.event
    async def load(self) -> Any:
        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        self.result = EMPTY
        self.error = ""
        self.badge_error = ""
        reference = self._reference_in_address()
        if reference:
            await self._check(reference)
        else:
            self.query = ""

    @rx.event
    async def submit(self, form: dict[str, Any]) -> Any:
        reference = normalise_reference(str(form.get("reference", ""))[:60])
        if not reference:
            self.result = EMPTY
            self.error = "Enter the document reference, e.g. 29567186-01-PJPC."
            return
        if REFERENCE_PATTERN.match(reference) and reference != normalise_reference(
            self._reference_in_address()
        ):
            yield rx.redirect(f"/verify/{reference}")  # the result's own address; its load checks it
            return
        self.busy = True
        yield
        await self._check(reference)
        self.busy = False

    async def _check_badge(self, badge_text: str) -> None:
        self.badge_error = ""
        if not await asyncio.to_thread(verify_limiter.hit, self._client_address()):
            self.result = EMPTY
            self.badge_error = RATE_LIMITED
            return
        self.result = await database.call(verify_badge, badge_text)

    @rx.event
    async def check_badge(self, form: dict[str, Any]) -> Any:
        """A badge's JSON pasted into the page."""
        badge_text = str(form.get("badge", ""))[: MAX_BADGE_CHARS + 1]
        if not badge_text.strip():
            self.result = EMPTY
            self.badge_error = "Paste the badge's JSON, or choose its file."
            return
        self.busy = True
        yield
        await self._check_badge(badge_text)
        self.busy = False

    @rx.event
    async def check_badge_file(self, files: list[rx.UploadFile]) -> Any:
        """A badge file chosen or dropped: no more than a badge's worth is read."""
        if not files:
            self.badge_error = "Choose the badge's .json file."
            return
        data = await files[0].read(MAX_BADGE_CHARS + 1)
        await self._check_badge(data.decode("utf-8", errors="replace"))
