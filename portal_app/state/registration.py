"""The registration wizard (login details -> personal details -> confirmation -> check your e-mail)
and the pages reached from e-mail links: verify e-mail, forgot and reset password."""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from portal_app.infra import db as database
from portal_app.services import auth, profile, recovery, registration
from portal_app.services.dates import day
from portal_app.services.errors import DomainError, TooManyAttempts, ValidationError
from portal_app.state.auth import SignInState
from portal_app.state.base import PortalState, home_for

LOGIN_FIELDS = ("kind", "email", "password", "confirm")


def parse_date(day: str, month: str, year: str) -> tuple[date | None, str]:
    """A typed date, or a message saying what is wrong with it."""
    day, month, year = day.strip(), month.strip(), year.strip()
    if not (day or month or year):
        return None, ""
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None, "Enter the day, month and year as numbers, for example 21 07 1999."
    if len(year) != 4:
        return None, "Enter the year with four digits, for example 1999."
    try:
        return date(int(year), int(month), int(day)), ""
    except ValueError:
        return None, "This date does not exist. Check the day and the month."


class RegistrationState(PortalState):
    step: int = 1  # 1 login details, 2 personal details, 3 confirmation, 4 check your e-mail
    kind: str = "learner"
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    dob_day: str = ""
    dob_month: str = ""
    dob_year: str = ""
    candidate_number: str = ""
    phone: str = ""
    organisation: str = ""
    errors: dict[str, str] = {}
    problem: str = ""  # a refusal for the whole form (too many attempts)
    password_kept: bool = False
    busy: bool = False
    resent: bool = False
    _password: str = ""
    _confirm: str = ""

    @rx.var
    def dob_display(self) -> str:
        parsed, _ = parse_date(self.dob_day, self.dob_month, self.dob_year)
        return day(parsed)

    @rx.var
    def is_learner(self) -> bool:
        return self.kind == "learner"

    def _details(self) -> registration.Details:
        parsed, _ = parse_date(self.dob_day, self.dob_month, self.dob_year)
        return registration.Details(
            kind=self.kind,
            email=self.email,
            password=self._password,
            confirm=self._confirm,
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=parsed,
            candidate_number=self.candidate_number,
            phone=self.phone,
            organisation=self.organisation,
        )

    @rx.event
    async def on_load(self) -> Any:
        redirect = await self._refresh_account_quietly()
        if redirect:
            return redirect
        if self.step == 4:
            self.step = 1
        self.errors = {}
        return None

    async def _refresh_account_quietly(self) -> Any:
        from portal_app.services import auth

        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        return rx.redirect(home_for(account.kind)) if account else None

    @rx.event
    def set_kind(self, kind: str) -> None:
        self.kind = kind if kind in registration.KINDS else "learner"

    @rx.event
    def set_dob_day(self, value: str) -> None:
        self.dob_day = value[:2]

    @rx.event
    def set_dob_month(self, value: str) -> None:
        self.dob_month = value[:2]

    @rx.event
    def set_dob_year(self, value: str) -> None:
        self.dob_year = value[:4]

    @rx.event
    def pick_dob(self, iso: str) -> None:
        try:
            picked = date.fromisoformat(iso)
        except ValueError:
            return
        self.dob_day, self.dob_month, self.dob_year = (
            f"{picked.day:02d}",
            f"{picked.month:02d}",
            str(picked.year),
        )
        self.errors = {k: v for k, v in self.errors.items() if k != "date_of_birth"}

    @rx.event
    def submit_login(self, form: dict[str, Any]) -> None:
        self.email = str(form.get("email", "")).strip()[:254]
        password = str(form.get("password", ""))[:2000]
        confirm = str(form.get("confirm", ""))[:2000]
        if password or confirm or not self.password_kept:
            self._password, self._confirm = password, confirm
        self.errors = registration.check_login(self._details())
        self.password_kept = not self.errors.get("password") and not self.errors.get("confirm")
        if self.errors:
            if not self.password_kept:
                self._password = self._confirm = ""
            return
        self.step = 2

    def _read_personal(self, form: dict[str, Any]) -> None:
        for name in ("first_name", "last_name", "candidate_number", "phone", "organisation"):
            if name in form:
                setattr(self, name, str(form.get(name, "")).strip()[:200])

    @rx.event
    def submit_personal(self, form: dict[str, Any]) -> None:
        self._read_personal(form)
        errors = registration.check_personal(self._details())
        if self.kind == "learner":
            _, date_problem = parse_date(self.dob_day, self.dob_month, self.dob_year)
            if date_problem:
                errors["date_of_birth"] = date_problem
        self.errors = errors
        if not errors:
            self.step = 3

    @rx.event
    def keep(self, name: str, value: str) -> None:
        """Saved as each field is left, so "Back" keeps what was typed."""
        if name in ("first_name", "last_name", "candidate_number", "phone", "organisation"):
            setattr(self, name, str(value).strip()[:200])

    @rx.event
    def back(self) -> None:
        self.errors = {}
        self.problem = ""
        self.step = max(1, self.step - 1)

    @rx.event
    async def create_account(self) -> Any:
        self.busy = True
        self.problem = ""
        yield
        self._audit_from_here()
        try:
            await database.call(registration.register, self._details(), client=self._client_address())
        except TooManyAttempts as error:
            self.problem = str(error)
            self.busy = False
            return
        except ValidationError as error:
            self.errors = error.fields
            self.step = 1 if set(error.fields) & set(LOGIN_FIELDS) else 2
            self.busy = False
            return
        self.busy = False
        self._password = self._confirm = ""
        self.password_kept = False
        self.resent = False
        self.step = 4

    @rx.event
    async def resend(self) -> None:
        try:
            await database.call(registration.resend_verification, self.email)
        except DomainError:
            return
        self.resent = True

    @rx.event
    def start_again(self) -> None:
        self.reset()


class VerifyEmailState(PortalState):
    outcome: str = ""  # active | pending_review | invalid | email_changed | checking
    account_type: str = ""
    resend_email: str = ""
    resend_error: str = ""
    resent: bool = False

    @rx.event
    async def on_load(self) -> None:
        self.outcome = "checking"
        self.resent = False
        query = self.router.url.query_parameters
        token, change = str(query.get("token", "")), str(query.get("change", ""))
        if change:
            new = await database.call(profile.confirm_email_change, change)
            self.outcome = "email_changed" if new else "invalid"
            return
        result = await database.call(registration.verify_email, token)
        self.outcome = result.status
        self.account_type = result.kind

    @rx.event
    async def resend(self, form: dict[str, Any]) -> None:
        self.resend_email = str(form.get("email", "")).strip()[:254]
        self.resend_error = ""
        try:
            await database.call(registration.resend_verification, self.resend_email)
        except ValidationError as error:
            self.resend_error = error.fields.get("email", str(error))
            return
        self.resent = True


class ForgotPasswordState(PortalState):
    email: str = ""
    email_error: str = ""
    sent: bool = False
    busy: bool = False

    @rx.event
    async def on_load(self) -> None:
        self.sent = False
        self.email_error = ""
        self._show_account(await database.call(auth.resolve_session, self.session_token))
        signin = await self.get_state(SignInState)  # keep what was typed on the sign-in page
        if signin.typed_email:
            self.email = signin.typed_email

    @rx.event
    async def submit(self, form: dict[str, Any]) -> Any:
        self.email = str(form.get("email", "")).strip()[:254]
        self.email_error = ""
        self.busy = True
        yield
        self._audit_from_here()
        try:
            await database.call(recovery.request_reset, self.email)
        except ValidationError as error:
            self.email_error = error.fields.get("email", str(error))
            self.busy = False
            return
        self.busy = False
        self.sent = True


class ResetPasswordState(PortalState):
    link_ok: bool = True
    done: bool = False
    errors: dict[str, str] = {}
    busy: bool = False

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get("token", ""))[:200]

    @rx.event
    async def on_load(self) -> None:
        self.done = False
        self.errors = {}
        self._show_account(await database.call(auth.resolve_session, self.session_token))
        self.link_ok = await database.call(recovery.reset_link_valid, self._token())

    @rx.event
    async def submit(self, form: dict[str, Any]) -> Any:
        self.errors = {}
        self.busy = True
        yield
        self._audit_from_here()
        try:
            await database.call(
                recovery.reset_password,
                self._token(),
                str(form.get("password", ""))[:2000],
                str(form.get("confirm", ""))[:2000],
            )
        except ValidationError as error:
            self.errors = error.fields
            self.busy = False
            return
        except DomainError:
            self.link_ok = False
            self.busy = False
            return
        self.busy = False
        self.done = True
        self._show_account(None)
