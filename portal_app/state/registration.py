"""The registration wizard: login details -> personal details -> confirmation -> check your e-mail."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

import reflex as rx

from portal_app.infra import db as database
from portal_app.services import auth, registration
from portal_app.services.dates import day
from portal_app.services.errors import DomainError, ValidationError
from portal_app.state.base import PortalState, event, home_for, portal_event
from portal_app.state.forms import FormState

LOGIN_FIELDS = ("kind", "email", "password", "confirm")
DOB_DAY_ID = "dob-day"  # components/date_of_birth.py: the first of the three date boxes
PERSONAL_FIELDS = ("first_name", "last_name", "candidate_number", "phone", "organisation")


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


class LoginForm(TypedDict):
    email: str
    password: str
    confirm: str


class PersonalForm(TypedDict, total=False):
    """Learners give a candidate number, third parties a phone and an organisation."""

    first_name: str
    last_name: str
    candidate_number: str
    phone: str
    organisation: str


class RegistrationState(FormState, PortalState):
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

    def _field_id(self, name: str) -> str:
        return DOB_DAY_ID if name == "date_of_birth" else f"reg-{name.replace('_', '-')}"

    @portal_event
    async def on_load(self) -> Any:
        redirect = await self._refresh_account_quietly()
        if redirect:
            return redirect
        if self.step == 4:
            self.step = 1
        self.errors = {}
        return None

    async def _refresh_account_quietly(self) -> Any:

        account = await database.call(auth.resolve_session, self.session_token)
        self._show_account(account)
        return rx.redirect(home_for(account.kind)) if account else None

    @event
    def set_kind(self, kind: str) -> None:
        self.kind = kind if kind in registration.KINDS else "learner"

    @event
    def set_dob_day(self, value: str) -> None:
        self.dob_day = value[:2]

    @event
    def set_dob_month(self, value: str) -> None:
        self.dob_month = value[:2]

    @event
    def set_dob_year(self, value: str) -> None:
        self.dob_year = value[:4]

    @event
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

    @event
    def submit_login(self, form: LoginForm) -> Any:
        self.email = form["email"].strip()[:254]
        password = form["password"][:2000]
        confirm = form["confirm"][:2000]
        if password or confirm or not self.password_kept:
            self._password, self._confirm = password, confirm
        self.errors = registration.check_login(self._details())
        self.password_kept = not self.errors.get("password") and not self.errors.get("confirm")
        if self.errors:
            if not self.password_kept:
                self._password = self._confirm = ""
            return self._focus_first_error()
        self.step = 2
        return None

    def _read_personal(self, form: PersonalForm) -> None:
        for name, value in form.items():
            if name in PERSONAL_FIELDS:
                setattr(self, name, str(value).strip()[:200])

    @event
    def submit_personal(self, form: PersonalForm) -> Any:
        self._read_personal(form)
        errors = registration.check_personal(self._details())
        if self.kind == "learner":
            _, date_problem = parse_date(self.dob_day, self.dob_month, self.dob_year)
            if date_problem:
                errors["date_of_birth"] = date_problem
        self.errors = errors
        if errors:
            return self._focus_first_error()
        self.step = 3
        return None

    @event
    def keep(self, name: str, value: str) -> None:
        """Saved as each field is left, so "Back" keeps what was typed."""
        if name in PERSONAL_FIELDS:
            setattr(self, name, str(value).strip()[:200])

    @event
    def back(self) -> None:
        self.errors = {}
        self.problem = ""
        self.step = max(1, self.step - 1)

    @portal_event
    async def create_account(self) -> Any:
        self.busy = True
        yield
        self._audit_from_here()
        try:
            await database.call(registration.register, self._details(), client=self._client_address())
        except ValidationError as error:
            self.step = 1 if set(error.fields) & set(LOGIN_FIELDS) else 2
            raise
        finally:
            self.busy = False
        self._password = self._confirm = ""
        self.password_kept = False
        self.resent = False
        self.step = 4

    @event
    async def resend(self) -> None:
        try:
            await database.call(registration.resend_verification, self.email)
        except DomainError:
            return
        self.resent = True

    @event
    def start_again(self) -> None:
        self.reset()
