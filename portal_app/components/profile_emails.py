"""The profile's "E-mail addresses" section (on the Password and e-mail tab of pages/profile.py):
every address with Verified or Waiting, Make primary, Remove (password asked), and Add."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.badges import status_badge
from portal_app.components.forms import field
from portal_app.components.table import row_action, row_actions
from portal_app.services.email_addresses import EmailAddress
from portal_app.state.profile import ProfileState


def _password(name: str, label: str) -> rx.Component:
    control_id = f"profile-{name.replace('_', '-')}"
    control = rx.input(name=name, id=control_id, type="password", size="3", auto_complete="current-password")
    return field(label, control, ProfileState.errors.get(name, ""))


def _address_row(email: ObjectVar[EmailAddress]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(email.address, weight="medium", overflow_wrap="anywhere"),
            rx.hstack(
                status_badge(rx.cond(email.verified, "verified", "waiting")),
                rx.cond(email.primary, rx.text("Receives your e-mail", size="1", color_scheme="gray")),
                spacing="2",
                align="center",
            ),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(
            ~email.primary,
            row_actions(
                rx.cond(
                    email.verified,
                    row_action(
                        "star",
                        "Make primary",
                        f"Make {email.address} primary",
                        on_click=ProfileState.make_primary(email.id),
                    ),
                ),
                row_action(
                    "trash-2",
                    "Remove",
                    f"Remove {email.address}",
                    color_scheme="red",
                    on_click=ProfileState.ask_to_remove(email.id),
                ),
            ),
        ),
        align="center",
        width="100%",
        wrap="wrap",
        role="listitem",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a5)",
    )


def _remove_form() -> rx.Component:
    return rx.cond(
        ProfileState.removing_email != "",
        rx.form(
            rx.vstack(
                rx.heading("Remove ", ProfileState.removing_email, "?", size="3", as_="h4"),
                rx.text("It will no longer sign in, and we will tell it and your primary address.", size="2"),
                _password("remove_password", "Your password, to remove it"),
                rx.hstack(
                    rx.button("Remove address", type="submit", color_scheme="red"),
                    rx.button("Keep it", type="button", variant="soft", on_click=ProfileState.keep_email),
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=ProfileState.remove_email,
            no_validate=True,
            key=ProfileState.removing_email,
            width="100%",
        ),
    )


def _add_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Add an e-mail address", size="3", as_="h4"),
            field(
                "E-mail address to add",
                rx.input(
                    name="new_address",
                    id="profile-new-address",
                    type="email",
                    size="3",
                    auto_complete="email",
                ),
                ProfileState.errors.get("new_address", ""),
                hint="We send it a link; it is added when you click it.",
            ),
            _password("add_password", "Your password, to add it"),
            rx.button("Add address", type="submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=ProfileState.add_email,
        no_validate=True,
        key=ProfileState.form_version,
        width="100%",
    )


def email_addresses_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("E-mail addresses", size="4", as_="h3"),
            rx.text(
                "Sign in with any address you have confirmed. Your primary address receives our e-mail; "
                "add a personal address so you never lose your records when a college or work address stops.",
                size="2",
                color_scheme="gray",
            ),
            rx.box(
                rx.foreach(ProfileState.email_addresses, _address_row),
                role="list",
                aria_label="Your e-mail addresses",
                width="100%",
            ),
            _remove_form(),
            _add_form(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
