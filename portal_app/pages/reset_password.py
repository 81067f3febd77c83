"""Choose a new password from the e-mailed link."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field
from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.services.passwords import MIN_LENGTH
from portal_app.state.password_reset import ResetPasswordState


@portal_page("/reset-password", title="Choose a new password", on_load=ResetPasswordState.on_load)
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
                ResetPasswordState.errors.get("password", ""),
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
                ResetPasswordState.errors.get("confirm", ""),
            ),
            rx.button(
                "Save my new password",
                type="submit",
                size="3",
                loading=ResetPasswordState.busy,
                id="reset-save",
            ),
            rx.text(
                "Every device signed in to your account will be signed out.", size="1", color_scheme="gray"
            ),
            spacing="4",
        ),
        on_submit=ResetPasswordState.submit,
        no_validate=True,
    )
    return rx.card(
        rx.vstack(
            rx.heading("Choose a new password", size="6", as_="h1"),
            rx.cond(
                ResetPasswordState.done,
                rx.vstack(
                    rx.callout(
                        "Your password has been changed.",
                        icon="circle-check",
                        color_scheme="green",
                        id="reset-done",
                    ),
                    link_button("Sign in", href="/signin", size="3"),
                ),
                rx.cond(
                    ResetPasswordState.link_ok,
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
