"""Forgot password and reset password (also how accounts from the old portal set a password)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.services.passwords import MIN_LENGTH
from portal_app.state.registration import ForgotPasswordState as F
from portal_app.state.registration import ResetPasswordState as R


@rx.page(route="/forgot-password", title="Forgot your password", on_load=F.on_load)
def forgot_password_page() -> rx.Component:
    return page_shell(
        rx.card(
            rx.vstack(
                rx.heading("Forgot your password?", size="6", as_="h1"),
                rx.cond(
                    F.sent,
                    rx.callout(
                        "If an account uses that address, we have e-mailed it a link to choose a new password. "
                        "The link works once, for one hour. Check your spam folder if it does not arrive.",
                        icon="mail",
                        color_scheme="green",
                        id="forgot-sent",
                    ),
                    rx.form(
                        rx.vstack(
                            rx.text(
                                "Enter the e-mail address of your account and we will send you a link to set a "
                                "new password. Moved from the old portal? This is how you set your first one.",
                                color_scheme="gray",
                            ),
                            field(
                                "E-mail",
                                rx.input(
                                    name="email",
                                    type="email",
                                    default_value=F.email,
                                    key=F.email,  # shows the address typed on the sign-in page
                                    id="forgot-email",
                                    size="3",
                                    auto_complete="email",
                                ),
                                F.email_error,
                            ),
                            rx.button(
                                "Send me a link", type="submit", size="3", loading=F.busy, id="forgot-send"
                            ),
                            spacing="4",
                        ),
                        on_submit=F.submit,
                        no_validate=True,
                    ),
                ),
                rx.link("Back to sign in", href="/signin"),
                spacing="4",
            ),
            class_name="auth-card",
        )
    )


@rx.page(route="/reset-password", title="Choose a new password", on_load=R.on_load)
def reset_password_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field(
                "New password",
                rx.input(
                    name="password",
                    type="password",
                    id="reset-password",
                    size="3",
                    auto_complete="new-password",
                ),
                R.errors.get("password", ""),
                hint=f"At least {MIN_LENGTH} characters; any characters. A few words with spaces work well.",
            ),
            field(
                "Confirm new password",
                rx.input(
                    name="confirm",
                    type="password",
                    id="reset-confirm",
                    size="3",
                    auto_complete="new-password",
                ),
                R.errors.get("confirm", ""),
            ),
            rx.button("Save my new password", type="submit", size="3", loading=R.busy, id="reset-save"),
            rx.text(
                "Every device signed in to your account will be signed out.", size="1", color_scheme="gray"
            ),
            spacing="4",
        ),
        on_submit=R.submit,
        no_validate=True,
    )
    return page_shell(
        rx.card(
            rx.vstack(
                rx.heading("Choose a new password", size="6", as_="h1"),
                rx.cond(
                    R.done,
                    rx.vstack(
                        rx.callout(
                            "Your password has been changed.",
                            icon="circle-check",
                            color_scheme="green",
                            id="reset-done",
                        ),
                        rx.link(rx.button("Sign in", size="3"), href="/signin"),
                    ),
                    rx.cond(
                        R.link_ok,
                        form,
                        rx.vstack(
                            rx.callout(
                                "This link has expired or has already been used.",
                                icon="circle-alert",
                                color_scheme="red",
                                id="reset-invalid",
                            ),
                            rx.link("Ask for a new link", href="/forgot-password"),
                        ),
                    ),
                ),
                spacing="4",
            ),
            class_name="auth-card",
        )
    )
