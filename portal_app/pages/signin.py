"""Sign in."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import field, form_error
from portal_app.components.layout import page_shell
from portal_app.infra.settings import settings
from portal_app.state.auth import SignInState


@rx.page(route="/signin", title="Sign in", on_load=SignInState.on_load)
def signin_page() -> rx.Component:
    return page_shell(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Sign in", size="6", as_="h1"),
                    form_error(SignInState.error),
                    field(
                        "E-mail",
                        rx.input(name="email", type="email", auto_complete="username", id="email", size="3"),
                        SignInState.email_error,
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
                        SignInState.password_error,
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
            ),
            class_name="auth-card",
        ),
        rx.text(
            f"Need help? E-mail {settings.support_email} or call {settings.support_phone}.",
            size="2",
            color_scheme="gray",
            text_align="center",
        ),
    )
