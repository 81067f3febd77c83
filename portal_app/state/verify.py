"""The public verification page: no sign-in, rate-limited per client IP.

A result has its own address, /verify/<reference>, so an employer can bookmark or forward it:
a search goes to that address, and opening it runs the check.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict

import reflex as rx

from portal_app.infra import db as database
from portal_app.infra.ratelimit import verify_limiter
from portal_app.services import auth
from portal_app.services.errors import ValidationError
from portal_app.services.verification import (
    MAX_BADGE_CHARS,
    REFERENCE_PATTERN,
    Verification,
    normalise_reference,
    verify_badge,
)
from portal_app.services.verification_log import verify_and_count
from portal_app.state.base import PortalState, portal_event
from portal_app.state.forms import FormState

EMPTY = Verification(outcome="", message="")
RATE_LIMITED = "You have checked many references in a short time. Please wait a minute and try again."


FIELD_IDS = {"reference": "verify-reference", "badge": "badge-json"}


class ReferenceForm(TypedDict):
    reference: str


class BadgeForm(TypedDict):
    badge: str


class VerifyState(FormState, PortalState):
    query: str = ""
    result: Verification = EMPTY
    busy: bool = False

    def _field_id(self, name: str) -> str:
        return FIELD_IDS.get(name, "")

    def _reference_in_address(self) -> str:
        """The <reference> of /verify/<reference>, or "" on /verify."""
        path = (self.router.url.path or "").rstrip("/")
        return path.rsplit("/", 1)[-1] if path.count("/") >= 2 else ""

    async def _check(self, reference: str) -> None:
        self.errors = {}
        self.query = normalise_reference(reference)[:40]
        if not await asyncio.to_thread(verify_limiter.hit, self._client_address()):
            self.result = EMPTY
            raise ValidationError.single("reference", RATE_LIMITED)
        found = await database.call(verify_and_count, reference)
        self.result = found.for_people()

    @portal_event
    async def load(self) -> None:
        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        self.result = EMPTY
        self.errors = {}
        reference = self._reference_in_address()
        if reference:
            await self._check(reference)
        else:
            self.query = ""

    @portal_event
    async def submit(self, form: ReferenceForm) -> Any:
        reference = normalise_reference(form["reference"][:60])
        if not reference:
            self.result = EMPTY
            raise ValidationError.single("reference", "Enter the document reference, e.g. 29567186-01-PJPC.")
        if REFERENCE_PATTERN.match(reference) and reference != normalise_reference(
            self._reference_in_address()
        ):
            yield rx.redirect(f"/verify/{reference}")  # the result's own address; its load checks it
            return
        self.busy = True
        yield
        try:
            await self._check(reference)
        finally:
            self.busy = False

    async def _check_badge(self, badge_text: str) -> None:
        self.errors = {}
        if not await asyncio.to_thread(verify_limiter.hit, self._client_address()):
            self.result = EMPTY
            raise ValidationError.single("badge", RATE_LIMITED)
        self.result = await database.call(verify_badge, badge_text)

    @portal_event
    async def check_badge(self, form: BadgeForm) -> Any:
        """A badge's JSON pasted into the page."""
        badge_text = form["badge"][: MAX_BADGE_CHARS + 1]
        if not badge_text.strip():
            self.result = EMPTY
            raise ValidationError.single("badge", "Paste the badge's JSON, or choose its file.")
        self.busy = True
        yield
        try:
            await self._check_badge(badge_text)
        finally:
            self.busy = False

    @portal_event
    async def check_badge_file(self, files: list[rx.UploadFile]) -> None:
        """A badge file chosen or dropped: no more than a badge's worth is read."""
        if not files:
            raise ValidationError.single("badge", "Choose the badge's .json file.")
        data = await files[0].read(MAX_BADGE_CHARS + 1)
        await self._check_badge(data.decode("utf-8", errors="replace"))
