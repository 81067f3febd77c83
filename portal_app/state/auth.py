"""Sign-in page state."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.infra import db as database
from portal_app.services import auth
from portal_app.services.errors import DomainError
from portal_app.state.base import PortalState, home_for


def safe_next(path: str | None, default: str) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default


class SignInState(PortalState):
    error: str = ""
    email_error: str = ""
    password_error: str = ""
    busy: bool = False

    @rx.event
    async def on_load(self) -> Any:
        self.error = ""
        self.email_error = ""
        self.password_error = ""
        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        if account is not None:
            return rx.redirect(home_for(account.kind))
        return None

    @rx.event
    async def submit(self, form: dict[str, Any]) -> Any:
        email = str(form.get("email", "")).strip()
        password = str(form.get("password", ""))
        self.error = ""
        self.email_error = "" if email else "Enter your e-mail address."
        self.password_error = "" if password else "Enter your password."
        if self.email_error or self.password_error:
            return
        self.busy = True
        yield
        try:
            signed_in = await auth.sign_in_async(email[:254], password[:1024])
        except DomainError as error:
            self.error = str(error)
            self.busy = False
            return
        self.busy = False
        self.session_token = signed_in.token
        target = safe_next(self.router.url.query_parameters.get("next"), home_for(signed_in.kind))
        if signed_in.kind != "learner" and target.startswith(("/dashboard", "/documents", "/store")):
            target = home_for(signed_in.kind)
        yield rx.redirect(target)
