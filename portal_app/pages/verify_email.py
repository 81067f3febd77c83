"""Where the verification (and change-of-address) link lands."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.state.verify_email import VerifyEmailState


def _result(icon: str, color: str, title: str, text: str, action: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon(icon, color=f"var(--{color}-10)"), rx.heading(title, size="5", as_="h1"), align="center"
        ),
        rx.text(text),
        action,
        spacing="3",
        id="verify-result",
    )


def _resend_form() -> rx.Component:
    return rx.cond(
        VerifyEmailState.resent,
        rx.callout(
            "If that address has a registration waiting for confirmation, a new link is on its way.",
            icon="mail",
            color_scheme="green",
        ),
        rx.form(
            rx.vstack(
                field(
                    "E-mail",
                    rx.input(
                        name="email",
                        type="email",
                        default_value=VerifyEmailState.resend_email,
                        id="resend-email",
                    ),
                    VerifyEmailState.errors.get("email", ""),
                ),
                rx.button("Send a new link", type="submit", id="resend"),
                spacing="3",
            ),
            on_submit=VerifyEmailState.resend,
            no_validate=True,
        ),
    )


@portal_page("/verify-email", title="Confirm your e-mail", on_load=VerifyEmailState.on_load)
def verify_email_page() -> rx.Component:
    sign_in = link_button("Sign in", href="/signin", size="3")
    return rx.card(
        rx.match(
            VerifyEmailState.outcome,
            (
                "active",
                _result(
                    "circle-check",
                    "green",
                    "Your account is ready",
                    "Thank you for confirming your e-mail address. " + "You can now sign in.",
                    sign_in,
                ),
            ),
            (
                "pending_review",
                _result(
                    "clock",
                    "amber",
                    "E-mail confirmed: we are checking your details",
                    "We approve a registration at once only when every detail matches your learner record "
                    "and you registered with the e-mail address we hold for you. That was not the case here, "
                    "so a member of staff will check your registration. We have e-mailed you about it and "
                    "will e-mail again when it has been checked. Questions: "
                    f"{settings.support_email}, {settings.support_phone}.",
                    sign_in,
                ),
            ),
            (
                "email_changed",
                _result(
                    "circle-check",
                    "green",
                    "Your new e-mail address is confirmed",
                    "Use it from now on to sign in.",
                    sign_in,
                ),
            ),
            (
                "email_added",
                _result(
                    "circle-check",
                    "green",
                    "Your extra e-mail address is confirmed",
                    "You can now sign in with it, and invitations sent to it reach your account.",
                    sign_in,
                ),
            ),
            (
                "invalid",
                _result(
                    "circle-alert",
                    "red",
                    "This link has expired or has already been used",
                    "If you already confirmed your address, just sign in. Otherwise ask for a new link.",
                    rx.vstack(sign_in, _resend_form(), spacing="4"),
                ),
            ),
            rx.hstack(rx.spinner(), rx.text("Checking your link\u2026"), align="center"),
        ),
        class_name="auth-card",
    )
