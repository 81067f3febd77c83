"""Forgot your password, and choose a new one from the e-mailed link (also how accounts moved
from the old portal set their first password)."""

from __future__ import annotations

from typing import Any, TypedDict

from portal_app.infra import db as database
from portal_app.services import auth, recovery
from portal_app.services.errors import DomainError, ValidationError
from portal_app.state.auth import SignInState
from portal_app.state.base import PortalState, portal_event
from portal_app.state.forms import FormState


class EmailForm(TypedDict):
    email: str


class NewPasswordForm(TypedDict):
    password: str
    confirm: str


class ForgotPasswordState(FormState, PortalState):
    email: str = ""
    sent: bool = False
    busy: bool = False

    def _field_id(self, name: str) -> str:
        return "forgot-email" if name == "email" else ""

    @portal_event
    async def on_load(self) -> None:
        self.sent = False
        self.errors = {}
        self._show_account(await database.call(auth.resolve_session, self.session_token))
        signin = await self.get_state(SignInState)  # keep what was typed on the sign-in page
        if signin.typed_email:
            self.email = signin.typed_email

    @portal_event
    async def submit(self, form: EmailForm) -> Any:
        self.email = form["email"].strip()[:254]
        self.errors = {}
        self.busy = True
        yield
        self._audit_from_here()
        try:
            await database.call(recovery.request_reset, self.email)
        finally:
            self.busy = False
        self.sent = True


class ResetPasswordState(FormState, PortalState):
    link_ok: bool = True
    done: bool = False
    busy: bool = False

    def _field_id(self, name: str) -> str:
        return f"reset-{name}"

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get("token", ""))[:200]

    @portal_event
    async def on_load(self) -> None:
        self.done = False
        self.errors = {}
        self._show_account(await database.call(auth.resolve_session, self.session_token))
        self.link_ok = await database.call(recovery.reset_link_valid, self._token())

    @portal_event
    async def submit(self, form: NewPasswordForm) -> Any:
        self.errors = {}
        self.busy = True
        yield
        self._audit_from_here()
        try:
            await database.call(
                recovery.reset_password, self._token(), form["password"][:2000], form["confirm"][:2000]
            )
        except ValidationError:
            raise
        except DomainError:
            self.link_ok = False
            return
        finally:
            self.busy = False
        self.done = True
        self._show_account(None)
