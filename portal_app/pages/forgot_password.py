"""Forgot your password: ask for a link to choose a new one (also how accounts moved from the old
portal set their first password)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.page import portal_page
from portal_app.state.password_reset import ForgotPasswordState


@portal_page("/forgot-password", title="Forgot your password", on_load=ForgotPasswordState.on_load)
def forgot_password_page() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Forgot your password?", size="6", as_="h1"),
            rx.cond(
                ForgotPasswordState.sent,
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
                                # The address typed on the sign-in page, when the state brings it.
                                # No `key`: a new key remounted the field over what the user had
                                # typed meanwhile; a new default shows only in a field nobody has
                                # typed in (the browser keeps an edited value).
                                default_value=ForgotPasswordState.email,
                                id="forgot-email",
                                size="3",
                                auto_complete="email",
                            ),
                            ForgotPasswordState.errors.get("email", ""),
                        ),
                        rx.button(
                            "Send me a link",
                            type="submit",
                            size="3",
                            loading=ForgotPasswordState.busy,
                            id="forgot-send",
                        ),
                        spacing="4",
                    ),
                    on_submit=ForgotPasswordState.submit,
                    no_validate=True,
                ),
            ),
            rx.link("Back to sign in", href="/signin"),
            spacing="4",
        ),
        class_name="auth-card",
    )
