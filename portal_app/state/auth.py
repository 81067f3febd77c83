"""Sign-in page state."""

from __future__ import annotations

import time
from typing import Any, TypedDict
from urllib.parse import urlencode

import reflex as rx

from portal_app.infra import db as database
from portal_app.infra.security import safe_next
from portal_app.services import auth, mfa
from portal_app.services.errors import DomainError, ValidationError
from portal_app.state.base import PortalState, event, home_for, portal_event
from portal_app.state.forms import FormState

__all__ = ["SignInState", "safe_next"]


SECOND_FACTOR_MINUTES = 5
CODE_TRIES_PER_PASSWORD = 3  # then the password again: one password step never buys unlimited guesses
TOO_MANY_CODES = "That code was wrong too many times. Please sign in again with your password."


class SignInForm(TypedDict):
    email: str
    password: str


class CodeForm(TypedDict):
    code: str


class SignInState(FormState, PortalState):
    # What is typed in the e-mail box, so "Forgot your password?" can start from it.
    typed_email: str = ""
    busy: bool = False
    # Administrators' second step (services.mfa): "" | "code" | "enrol"
    step: str = ""
    enrol_secret: str = ""
    enrol_qr: str = ""
    # Whose password was right, and until when the code may follow: server-side only.
    _pending_id: int = 0
    _pending_until: float = 0.0
    _code_tries: int = 0

    def _field_id(self, name: str) -> str:
        return name  # the controls are "email", "password" and "code"

    def _forget_pending(self) -> None:
        self.step, self.enrol_secret, self.enrol_qr = "", "", ""
        self._pending_id, self._pending_until, self._code_tries = 0, 0.0, 0

    @portal_event
    async def on_load(self) -> Any:
        self.errors = {}
        self._forget_pending()
        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        if account is not None:
            return rx.redirect(home_for(account.kind), replace=True)
        return None

    @event
    def remember_email(self, value: str) -> None:
        self.typed_email = str(value).strip()[:254]

    @portal_event
    async def submit(self, form: SignInForm) -> Any:
        email, password = form["email"].strip(), form["password"]
        self.typed_email = email[:254]
        missing = {
            name: message
            for name, value, message in (
                ("email", email, "Enter your e-mail address."),
                ("password", password, "Enter your password."),
            )
            if not value.strip()
        }
        self.errors = missing
        if missing:
            yield self._show_problem(ValidationError(missing))
            return
        self.busy = True
        yield
        self._audit_from_here()
        try:
            signed_in = await auth.sign_in_async(email[:254], password[:1024], self._client_address())
        finally:
            self.busy = False
        if signed_in.second_factor:
            self.step = signed_in.second_factor
            self._pending_id = signed_in.account_id
            self._pending_until = time.time() + SECOND_FACTOR_MINUTES * 60
            if self.step == "enrol":
                enrolment = await database.call(mfa.start_enrolment, signed_in.account_id)
                secret = enrolment.secret
                self.enrol_secret = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
                self.enrol_qr = enrolment.qr
            return
        await self._signed_in(signed_in)

    @portal_event
    async def submit_code(self, form: CodeForm) -> Any:
        """The administrator's code after the password; nothing happens without the password step."""
        self.errors = {}
        if not self._pending_id or time.time() > self._pending_until:
            self._forget_pending()
            raise DomainError("Please sign in again: the code must follow the password within 5 minutes.")
        self._audit_from_here()
        try:
            signed_in = await database.call(mfa.finish_sign_in, self._pending_id, form["code"][:20])
        except ValidationError as error:
            self._code_tries += 1
            if self._code_tries >= CODE_TRIES_PER_PASSWORD:
                self._forget_pending()
                raise DomainError(TOO_MANY_CODES) from error
            raise ValidationError.single("code", error.fields.get("code", str(error))) from error
        except DomainError:
            self._forget_pending()
            raise
        self._forget_pending()
        await self._signed_in(signed_in)
        return None

    @event
    def cancel_code(self) -> None:
        self._forget_pending()
        self.errors, self.problem = {}, ""

    async def _signed_in(self, signed_in: auth.SignedIn) -> None:
        """Hand the new session to the browser: /api/session exchanges a one-time ticket for an
        HttpOnly cookie and goes on to the page asked for."""
        target = safe_next(self.router.url.query_parameters.get("next"), home_for(signed_in.kind))
        if signed_in.kind != "learner" and target.startswith(("/dashboard", "/documents", "/store")):
            target = home_for(signed_in.kind)
        self.typed_email = ""  # a later visitor of this tab's "forgot password" starts blank
        ticket = await database.call(auth.issue_ticket, signed_in.token)
        await self._forget_pages()
        self._leave_for("/api/session?" + urlencode({"ticket": ticket, "next": target}))
