"""Registration: a three-step wizard, then "check your e-mail"."""

from __future__ import annotations

import reflex as rx

from portal_app.components.date_of_birth import date_of_birth_field
from portal_app.components.forms import field, form_error
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.services.passwords import MIN_LENGTH
from portal_app.state.registration import RegistrationState

STEPS = ["Login details", "Personal details", "Confirmation"]


def _err(name: str) -> rx.Var:
    return RegistrationState.errors.get(name, "")


def _steps() -> rx.Component:
    return rx.hstack(
        *[
            rx.badge(
                f"{i}) {label}",
                size="2",
                variant=rx.cond(RegistrationState.step == i, "solid", "soft"),
                color_scheme=rx.cond(RegistrationState.step > i, "green", "indigo"),
                aria_current=rx.cond(RegistrationState.step == i, "step", ""),
            )
            for i, label in enumerate(STEPS, start=1)
        ],
        wrap="wrap",
        spacing="2",
        aria_label="Registration steps",
    )


def _kind_choice() -> rx.Component:
    def card(value: str, title: str, text: str) -> rx.Component:
        return rx.radio_cards.item(
            rx.vstack(
                rx.text(title, weight="bold"), rx.text(text, size="2", color_scheme="gray"), spacing="1"
            ),
            value=value,
            id=f"kind-{value}",
        )

    return rx.vstack(
        rx.text("What kind of account do you need?", weight="medium", size="2", as_="label"),
        rx.radio_cards.root(
            card(
                "learner",
                "I studied with us (learner)",
                "To see your own certificates, transcripts and badges, share them and order printed copies. "
                "Most people need this one.",
            ),
            card(
                "third_party",
                "I check other people's qualifications (third party)",
                "For employers, universities and auditors who verify documents a learner shares with them. "
                "A third-party account never shows documents of your own.",
            ),
            value=RegistrationState.kind,
            on_value_change=RegistrationState.set_kind,
            columns=rx.breakpoints(initial="1", sm="2"),
            width="100%",
        ),
        rx.cond(_err("kind") != "", rx.text(_err("kind"), color="var(--red-11)", size="1")),
        width="100%",
        spacing="2",
    )


def _login_step() -> rx.Component:
    return rx.form(
        rx.vstack(
            _kind_choice(),
            field(
                "E-mail",
                rx.input(
                    name="email",
                    type="email",
                    default_value=RegistrationState.email,
                    id="reg-email",
                    size="3",
                    auto_complete="email",
                ),
                _err("email"),
                required=True,
            ),
            rx.cond(
                RegistrationState.is_learner,
                rx.text(
                    "Learners: use the e-mail address you gave us when you studied. With it, and details that "
                    "match your learner record, your account is ready as soon as you confirm the address; "
                    "with another address a member of staff checks your registration first.",
                    size="1",
                    color_scheme="gray",
                    id="reg-email-note",
                ),
            ),
            field(
                "Password",
                rx.input(
                    name="password",
                    type="password",
                    id="reg-password",
                    size="3",
                    auto_complete="new-password",
                    placeholder=rx.cond(
                        RegistrationState.password_kept, "Kept from before (type to change)", ""
                    ),
                ),
                _err("password"),
                hint=f"At least {MIN_LENGTH} characters. Any characters; a few words with spaces are easy to "
                "remember and hard to guess.",
                required=True,
            ),
            field(
                "Confirm password",
                rx.input(
                    name="confirm",
                    type="password",
                    id="reg-confirm",
                    size="3",
                    auto_complete="new-password",
                    placeholder=rx.cond(RegistrationState.password_kept, "Kept from before", ""),
                ),
                _err("confirm"),
                required=True,
            ),
            rx.hstack(rx.spacer(), rx.button("Next", type="submit", size="3", id="reg-next"), width="100%"),
            spacing="4",
        ),
        on_submit=RegistrationState.submit_login,
        no_validate=True,
    )


def _text(name: str, label: str, required: bool = True, hint: str = "", **props) -> rx.Component:
    return field(
        label,
        rx.input(
            name=name,
            id=f"reg-{name.replace('_', '-')}",
            default_value=getattr(RegistrationState, name),
            on_blur=lambda value: RegistrationState.keep(name, value),
            size="3",
            **props,
        ),
        _err(name),
        hint=hint,
        required=required,
    )


def _personal_step() -> rx.Component:
    learner_fields = rx.vstack(
        date_of_birth_field(
            RegistrationState.dob_day,
            RegistrationState.dob_month,
            RegistrationState.dob_year,
            RegistrationState.set_dob_day,
            RegistrationState.set_dob_month,
            RegistrationState.set_dob_year,
            RegistrationState.pick_dob,
            _err("date_of_birth"),
        ),
        _text(
            "candidate_number",
            "Candidate number",
            hint="It is on your results slip and certificates. Cannot find it? E-mail "
            f"{settings.support_email} with your full name as it was when you studied, your date of birth "
            "and the course.",
        ),
        spacing="4",
        width="100%",
    )
    return rx.form(
        rx.vstack(
            rx.cond(
                RegistrationState.is_learner,
                rx.callout(
                    "Give your name as it was when you studied with us, so we can find your records.",
                    icon="info",
                    size="1",
                    color_scheme="blue",
                ),
            ),
            rx.grid(
                _text("first_name", "First name", auto_complete="given-name"),
                _text("last_name", "Last name", auto_complete="family-name"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                RegistrationState.is_learner,
                learner_fields,
                _text("organisation", "Organisation", auto_complete="organization"),
            ),
            _text("phone", "Phone (optional)", required=False, type="tel", auto_complete="tel"),
            rx.hstack(
                rx.button(
                    "Back",
                    type="button",
                    variant="soft",
                    size="3",
                    on_click=RegistrationState.back,
                    id="reg-back",
                ),
                rx.spacer(),
                rx.button("Next", type="submit", size="3", id="reg-next"),
                width="100%",
            ),
            spacing="4",
        ),
        on_submit=RegistrationState.submit_personal,
        no_validate=True,
    )


def _row(label: str, value: rx.Var | str) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(value))


def _confirm_step() -> rx.Component:
    return rx.vstack(
        rx.text("Please check what will be sent. You can go back to change anything.", color_scheme="gray"),
        rx.data_list.root(
            _row("Account type", rx.cond(RegistrationState.is_learner, "Learner", "Third party")),
            _row("E-mail", RegistrationState.email),
            _row("Password", "(hidden)"),
            _row("Name", RegistrationState.first_name + " " + RegistrationState.last_name),
            rx.cond(
                RegistrationState.is_learner,
                _row("Date of birth", RegistrationState.dob_display),
                _row("Organisation", RegistrationState.organisation),
            ),
            rx.cond(
                RegistrationState.is_learner,
                _row("Candidate number", RegistrationState.candidate_number),
            ),
            _row("Phone", rx.cond(RegistrationState.phone != "", RegistrationState.phone, "(none)")),
            id="reg-summary",
        ),
        rx.text(
            "We will e-mail you a link to confirm your address. When you click it, a learner's details are "
            "compared with our records: if they match you can sign in at once, otherwise a member of staff "
            "checks them first.",
            size="2",
            color_scheme="gray",
        ),
        form_error(RegistrationState.problem),
        rx.hstack(
            rx.button(
                "Back",
                type="button",
                variant="soft",
                size="3",
                on_click=RegistrationState.back,
                id="reg-back",
            ),
            rx.spacer(),
            rx.button(
                "Create account",
                size="3",
                on_click=RegistrationState.create_account,
                loading=RegistrationState.busy,
                id="reg-create",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _sent_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Check your e-mail", size="5", as_="h2", id="reg-sent"),
        rx.text(
            "We have sent a link to ",
            rx.text.strong(RegistrationState.email),
            ". Click it to confirm your address; it works once and expires in 48 hours.",
        ),
        rx.text(
            "Nothing arrived after a few minutes? Check your spam or junk folder, as your e-mail provider may "
            "not recognise us yet. You can also ask for a new link.",
            color_scheme="gray",
        ),
        rx.button(
            "Send the link again",
            variant="soft",
            on_click=RegistrationState.resend,
            id="reg-resend",
            disabled=RegistrationState.resent,
        ),
        rx.text(
            f"Still nothing? Contact {settings.support_email} or call {settings.support_phone} with your "
            "name, date of birth and candidate number.",
            size="2",
            color_scheme="gray",
        ),
        rx.link("Register a different account", on_click=RegistrationState.start_again, href="/register"),
        spacing="3",
    )


@portal_page("/register", title="Register", on_load=RegistrationState.on_load)
def register_page() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Register", size="6", as_="h1"),
            rx.cond(RegistrationState.step < 4, _steps()),
            rx.cond(
                (RegistrationState.errors.length() > 0) & (RegistrationState.step < 4),
                form_error("Please correct the fields marked below."),
            ),
            rx.match(
                RegistrationState.step,
                (1, _login_step()),
                (2, _personal_step()),
                (3, _confirm_step()),
                _sent_step(),
            ),
            rx.cond(
                RegistrationState.step < 4,
                rx.text("Already registered? ", rx.link("Sign in", href="/signin"), size="2"),
            ),
            spacing="4",
            width="100%",
        ),
        class_name="wizard-card",
    )
