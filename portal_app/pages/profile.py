"""The profile: personal details, addresses, sign-in details, and your data."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal_app.components.address_form import address_form
from portal_app.components.forms import field, form_error, form_notice
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.profile_emails import email_addresses_section
from portal_app.infra.settings import settings
from portal_app.services.passwords import MIN_LENGTH
from portal_app.services.profile import URL_EXAMPLES
from portal_app.state.base import SIGNED_IN
from portal_app.state.profile import AddressCard, ProfileState

INTRO = "Your personal details, addresses and sign-in details."


def _input(name: str, label: str, value: rx.Var | str = "", **props) -> rx.Component:
    return field(
        label,
        rx.input(name=name, id=f"profile-{name.replace('_', '-')}", default_value=value, size="3", **props),
        ProfileState.errors.get(name, ""),
    )


def _record_note() -> rx.Component:
    return rx.callout(
        "Changing your details here does NOT change your learner record, the name on your documents or what "
        f"we hold about your qualifications. To correct those, contact {settings.support_email} or call "
        f"{settings.support_phone}.",
        icon="info",
        color_scheme="amber",
        id="record-note",
    )


def _details() -> rx.Component:
    return rx.vstack(
        _record_note(),
        rx.form(
            rx.vstack(
                rx.grid(
                    _input(
                        "first_name",
                        "First name",
                        ProfileState.details.first_name,
                        auto_complete="given-name",
                    ),
                    _input(
                        "last_name",
                        "Last name",
                        ProfileState.details.last_name,
                        auto_complete="family-name",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    ProfileState.details.kind == "third_party",
                    _input("organisation", "Organisation", ProfileState.details.organisation),
                ),
                _input("phone", "Phone", ProfileState.details.phone, type="tel", auto_complete="tel"),
                _input(
                    "linkedin_url",
                    "LinkedIn",
                    ProfileState.details.linkedin_url,
                    placeholder=URL_EXAMPLES["linkedin_url"],
                ),
                _input(
                    "website_url",
                    "Website or other social link",
                    ProfileState.details.website_url,
                    placeholder=URL_EXAMPLES["website_url"],
                ),
                rx.button("Save details", type="submit", size="3", id="profile-save-details"),
                spacing="3",
                width="100%",
            ),
            on_submit=ProfileState.save_details,
            no_validate=True,
            key=ProfileState.details.email,
        ),
        spacing="4",
        width="100%",
    )


def _address_card(address: ObjectVar[AddressCard]) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(address.full_name, weight="bold"),
                rx.text(address.one_line, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.button("Edit", variant="soft", size="1", on_click=ProfileState.edit_address(address.id)),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete", variant="soft", color_scheme="red", size="1")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this address?"),
                    rx.alert_dialog.description(address.one_line),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Keep it", variant="soft")),
                        rx.alert_dialog.action(
                            rx.button(
                                "Delete", color_scheme="red", on_click=ProfileState.delete_address(address.id)
                            )
                        ),
                        justify="end",
                        spacing="3",
                        margin_top="12px",
                    ),
                ),
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        width="100%",
        class_name="address-card",
    )


def _addresses() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Addresses you keep here can be chosen as billing or delivery address when you order printed "
            "documents.",
            color_scheme="gray",
        ),
        rx.foreach(ProfileState.addresses, _address_card),
        rx.cond(ProfileState.addresses.length() == 0, rx.text("No addresses yet.", size="2")),
        rx.cond(
            ProfileState.editing_address != "",
            rx.card(
                rx.heading(
                    rx.cond(ProfileState.editing_address == "new", "New address", "Edit address"),
                    size="4",
                    as_="h3",
                    margin_bottom="8px",
                ),
                address_form(
                    ProfileState.address_values,
                    ProfileState.errors,
                    ProfileState.save_address,
                    on_cancel=ProfileState.cancel_address,
                    key=ProfileState.form_version,
                ),
                width="100%",
            ),
            rx.button(
                "Add an address", on_click=ProfileState.edit_address("new"), id="add-address", variant="soft"
            ),
        ),
        spacing="3",
        width="100%",
    )


def _security() -> rx.Component:
    password = rx.form(
        rx.vstack(
            rx.heading("Change password", size="4", as_="h3"),
            _input(
                "current",
                "Current password",
                type="password",
                auto_complete="current-password",
            ),
            field(
                "New password",
                rx.input(
                    name="new", id="profile-new", type="password", size="3", auto_complete="new-password"
                ),
                ProfileState.errors.get("new", ""),
                hint=f"At least {MIN_LENGTH} characters; any characters.",
            ),
            _input(
                "confirm",
                "Confirm new password",
                type="password",
                auto_complete="new-password",
            ),
            rx.button("Change password", type="submit", id="profile-change-password"),
            spacing="3",
            width="100%",
        ),
        on_submit=ProfileState.change_password,
        no_validate=True,
        key=ProfileState.form_version,
        reset_on_submit=False,
    )
    email = rx.vstack(
        rx.heading("Change e-mail address", size="4", as_="h3"),
        rx.text("Your e-mail address now: ", rx.text.strong(ProfileState.details.email), size="2"),
        rx.cond(
            ProfileState.email_sent_to != "",
            rx.callout(
                rx.text(
                    "We have sent a link to ",
                    rx.text.strong(ProfileState.email_sent_to),
                    ". Your address changes when you click it; until then keep using the old one.",
                ),
                icon="mail",
                color_scheme="green",
                id="email-change-sent",
            ),
            rx.form(
                rx.vstack(
                    _input("new_email", "New e-mail address", type="email", auto_complete="email"),
                    _input(
                        "email_password",
                        "Your password",
                        type="password",
                        auto_complete="current-password",
                    ),
                    rx.button("Send confirmation link", type="submit", id="profile-change-email"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ProfileState.change_email,
                no_validate=True,
            ),
        ),
        spacing="3",
        width="100%",
    )
    return rx.vstack(
        email_addresses_section(),
        rx.grid(
            rx.card(password),
            rx.card(email),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _view_notices() -> rx.Component:
    """A learner's choice: an e-mail when a third party first opens a shared document."""
    return rx.cond(
        ProfileState.details.kind == "learner",
        rx.card(
            rx.vstack(
                rx.heading("When your documents are viewed", size="4", as_="h3"),
                rx.checkbox(
                    "E-mail me when a third party first opens a document I share (at most once a day for "
                    "each connection)",
                    checked=ProfileState.notify_on_view,
                    on_change=ProfileState.set_notify_on_view,
                    id="notify-on-view",
                ),
                spacing="2",
            ),
            width="100%",
        ),
    )


def _data() -> rx.Component:
    return rx.vstack(
        _view_notices(),
        rx.card(
            rx.vstack(
                rx.heading("Your data", size="4", as_="h3"),
                rx.text("Download a copy of everything the portal holds about you (JSON).", size="2"),
                rx.button("Download my data", on_click=ProfileState.export, variant="soft", id="export-data"),
                spacing="2",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Delete my account", size="4", as_="h3"),
                rx.cond(
                    ProfileState.deletion_requested,
                    rx.vstack(
                        rx.callout(
                            "You have asked us to delete your account. An administrator will do it and "
                            "e-mail you.",
                            icon="clock",
                            color_scheme="amber",
                            id="deletion-requested",
                        ),
                        rx.button("Cancel my request", variant="soft", on_click=ProfileState.cancel_deletion),
                    ),
                    rx.vstack(
                        rx.text(
                            "An administrator deletes the account and e-mails you. Your documents stay valid "
                            "in our records; you can register again later.",
                            size="2",
                        ),
                        rx.alert_dialog.root(
                            rx.alert_dialog.trigger(
                                rx.button(
                                    "Ask to delete my account",
                                    color_scheme="red",
                                    variant="soft",
                                    id="request-deletion",
                                )
                            ),
                            rx.alert_dialog.content(
                                rx.alert_dialog.title("Delete your account?"),
                                rx.alert_dialog.description(
                                    "You will lose access to the portal, your connections and saved addresses."
                                ),
                                rx.hstack(
                                    rx.alert_dialog.cancel(rx.button("Keep my account", variant="soft")),
                                    rx.alert_dialog.action(
                                        rx.button(
                                            "Yes, ask to delete it",
                                            color_scheme="red",
                                            on_click=ProfileState.request_deletion,
                                            id="confirm-deletion",
                                        )
                                    ),
                                    justify="end",
                                    spacing="3",
                                    margin_top="12px",
                                ),
                            ),
                        ),
                    ),
                ),
                spacing="2",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@portal_page("/profile", title="Profile", kinds=SIGNED_IN, on_load=ProfileState.load)
def profile_page() -> rx.Component:
    return rx.box(
        page_heading("Profile", INTRO),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Personal details", value="details"),
                rx.tabs.trigger("Addresses", value="addresses", id="tab-addresses"),
                rx.tabs.trigger("Password and e-mail", value="security", id="tab-security"),
                rx.tabs.trigger("Your data", value="data", id="tab-data"),
            ),
            rx.box(
                rx.box(
                    form_notice(ProfileState.notice),
                    form_error(ProfileState.problem),
                    id="profile-message",
                    margin_bottom="12px",
                ),
                rx.tabs.content(_details(), value="details"),
                rx.tabs.content(_addresses(), value="addresses"),
                rx.tabs.content(_security(), value="security"),
                rx.tabs.content(_data(), value="data"),
                padding_top="16px",
            ),
            default_value="details",
            on_change=ProfileState.change_tab,  # a "saved" message belongs to the tab it was saved on
            width="100%",
        ),
        width="100%",
    )
