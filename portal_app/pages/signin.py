"""Sign in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, form_error
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.state.auth import SignInState


def second_factor_form() -> rx.Component:
    """After an administrator's password: the code from their app (first time: scan, then code)."""
    return rx.form(
        rx.vstack(
            rx.heading(
                rx.cond(SignInState.step == "enrol", "Set up your authenticator app", "Enter your code"),
                size="6",
                as_="h1",
            ),
            form_error(SignInState.problem),
            rx.cond(
                SignInState.step == "enrol",
                rx.vstack(
                    rx.text(
                        "Administrators sign in with a password and a code. Scan this QR code with an "
                        "authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), "
                        "then type the 6-digit code it shows.",
                        size="2",
                    ),
                    rx.image(
                        src=SignInState.enrol_qr,
                        alt="QR code for your authenticator app",
                        width="180px",
                        height="180px",
                        id="enrol-qr",
                    ),  # fmt: skip
                    rx.text(
                        "Can't scan? Type this key instead: ",
                        rx.code(SignInState.enrol_secret, id="enrol-secret"),
                        size="2",
                    ),  # fmt: skip
                    spacing="3",
                    align="center",
                ),
                rx.text("Type the 6-digit code your authenticator app shows for this portal.", size="2"),
            ),
            field(
                "Code",
                rx.input(
                    name="code",
                    auto_complete="one-time-code",
                    input_mode="numeric",
                    max_length=8,
                    id="code",
                    size="3",
                    auto_focus=True,
                ),
                SignInState.errors.get("code", ""),
            ),
            rx.button("Continue", type="submit", size="3", width="100%", id="submit-code"),
            rx.link("Sign in as someone else", href="#", on_click=SignInState.cancel_code, id="cancel-code"),
            spacing="4",
        ),
        on_submit=SignInState.submit_code,
        reset_on_submit=True,
    )


def password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Sign in", size="6", as_="h1"),
            form_error(SignInState.problem),
            field(
                "E-mail",
                rx.input(
                    name="email",
                    type="email",
                    auto_complete="username",
                    id="email",
                    size="3",
                    on_blur=SignInState.remember_email,
                ),
                SignInState.errors.get("email", ""),
            ),
            field(
                "Password",
                rx.input(
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    id="password",
                    size="3",
                ),
                SignInState.errors.get("password", ""),
            ),
            rx.button(
                "Sign in",
                type="submit",
                size="3",
                width="100%",
                loading=SignInState.busy,
                id="sign-in",
            ),
            rx.hstack(
                rx.link("Forgot your password?", href="/forgot-password"),
                rx.spacer(),
                rx.link("Register", href="/register"),
                width="100%",
            ),
            rx.callout(
                "Moved from the old portal? Your account is here, but it has no password yet: "
                "use \u201cForgot your password?\u201d to set one. Just registered? Click the "
                "link in the verification e-mail first.",
                icon="info",
                size="1",
                color_scheme="gray",
            ),
            spacing="4",
        ),
        on_submit=SignInState.submit,
    )


@portal_page("/signin", title="Sign in", on_load=SignInState.on_load)
def signin_page() -> rx.Component:
    return rx.fragment(
        rx.card(
            rx.cond(SignInState.step == "", password_form(), second_factor_form()),
            class_name="auth-card",
        ),
        rx.text(
            f"Need help? E-mail {settings.support_email} or call {settings.support_phone}.",
            size="2",
            color_scheme="gray",
            text_align="center",
        ),
    )
