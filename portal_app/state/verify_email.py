"""The page an e-mail's verification link opens (also a confirmed change of e-mail address)."""

from __future__ import annotations

from typing import TypedDict

from portal_app.infra import db as database
from portal_app.services import email_addresses, profile, registration
from portal_app.state.base import PortalState, portal_event
from portal_app.state.forms import FormState


class ResendForm(TypedDict):
    email: str


class VerifyEmailState(FormState, PortalState):
    outcome: str = ""  # active | pending_review | invalid | email_changed | email_added | checking
    account_type: str = ""
    resend_email: str = ""
    resent: bool = False

    def _field_id(self, name: str) -> str:
        return "resend-email" if name == "email" else ""

    @portal_event
    async def on_load(self) -> None:
        self.outcome = "checking"
        self.resent = False
        query = self.router.url.query_parameters
        token, change, add = (str(query.get(name, "")) for name in ("token", "change", "add"))
        if add:
            added = await database.call(email_addresses.confirm_address, add)
            self.outcome = "email_added" if added else "invalid"
            return
        if change:
            new = await database.call(profile.confirm_email_change, change)
            self.outcome = "email_changed" if new else "invalid"
            return
        result = await database.call(registration.verify_email, token)
        self.outcome = result.status
        self.account_type = result.kind

    @portal_event
    async def resend(self, form: ResendForm) -> None:
        self.resend_email = form["email"].strip()[:254]
        self.errors = {}
        await database.call(registration.resend_verification, self.resend_email)
        self.resent = True
