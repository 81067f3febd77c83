"""The profile: personal details, addresses, sign-in details, and your data."""

from __future__ import annotations

import reflex as rx

from portal_app.components.address_form import address_form
from portal_app.components.forms import field, form_error, form_notice
from portal_app.components.layout import page_shell
from portal_app.infra.settings import settings
from portal_app.services.passwords import MIN_LENGTH
from portal_app.services.profile import URL_EXAMPLES
from portal_app.state.profile import ProfileState as P


def _input(name: str, label: str, errors: rx.Var, value: rx.Var | str = "", **props) -> rx.Component:
    return field(
        label,
        rx.input(name=name, id=f"profile-{name.replace('_', '-')}", default_value=value, size="3", **props),
        errors.get(name, ""),
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
                        P.detail_errors,
                        P.details["first_name"],
                        auto_complete="given-name",
                    ),
                    _input(
                        "last_name",
                        "Last name",
                        P.detail_errors,
                        P.details["last_name"],
                        auto_complete="family-name",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    P.details["kind"] == "third_party",
                    _input("organisation", "Organisation", P.detail_errors, P.details["organisation"]),
                    rx.fragment(),
                ),
                _input(
                    "phone", "Phone", P.detail_errors, P.details["phone"], type="tel", auto_complete="tel"
                ),
                _input(
                    "linkedin_url",
                    "LinkedIn",
                    P.detail_errors,
                    P.details["linkedin_url"],
                    placeholder=URL_EXAMPLES["linkedin_url"],
                ),
                _input(
                    "website_url",
                    "Website or other social link",
                    P.detail_errors,
                    P.details["website_url"],
                    placeholder=URL_EXAMPLES["website_url"],
                ),
                rx.button("Save details", type="submit", size="3", id="profile-save-details"),
                spacing="3",
                width="100%",
            ),
            on_submit=P.save_details,
            no_validate=True,
            key=P.details["email"],
        ),
        spacing="4",
        width="100%",
    )


def _address_card(address: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(address["full_name"], weight="bold"),
                rx.text(address["one_line"], size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.button("Edit", variant="soft", size="1", on_click=P.edit_address(address["id"])),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete", variant="soft", color_scheme="red", size="1")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this address?"),
                    rx.alert_dialog.description(address["one_line"]),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Keep it", variant="soft")),
                        rx.alert_dialog.action(
                            rx.button("Delete", color_scheme="red", on_click=P.delete_address(address["id"]))
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
        rx.foreach(P.addresses, _address_card),
        rx.cond(P.addresses.length() == 0, rx.text("No addresses yet.", size="2"), rx.fragment()),  # type: ignore[attr-defined]
        rx.cond(
            P.editing_address != "",
            rx.card(
                rx.heading(
                    rx.cond(P.editing_address == "new", "New address", "Edit address"),
                    size="4",
                    as_="h3",
                    margin_bottom="8px",
                ),
                address_form(
                    P.address_values,
                    P.address_errors,
                    P.save_address,
                    on_cancel=P.cancel_address,
                    key=P.form_version,
                ),
                width="100%",
            ),
            rx.button("Add an address", on_click=P.edit_address("new"), id="add-address", variant="soft"),
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
                P.password_errors,
                type="password",
                auto_complete="current-password",
            ),
            field(
                "New password",
                rx.input(
                    name="new", id="profile-new", type="password", size="3", auto_complete="new-password"
                ),
                P.password_errors.get("new", ""),
                hint=f"At least {MIN_LENGTH} characters; any characters.",
            ),
            _input(
                "confirm",
                "Confirm new password",
                P.password_errors,
                type="password",
                auto_complete="new-password",
            ),
            rx.button("Change password", type="submit", id="profile-change-password"),
            spacing="3",
            width="100%",
        ),
        on_submit=P.change_password,
        no_validate=True,
        key=P.form_version,
        reset_on_submit=False,
    )
    email = rx.vstack(
        rx.heading("Change e-mail address", size="4", as_="h3"),
        rx.text("Your e-mail address now: ", rx.text.strong(P.details["email"]), size="2"),
        rx.cond(
            P.email_sent_to != "",
            rx.callout(
                rx.text(
                    "We have sent a link to ",
                    rx.text.strong(P.email_sent_to),
                    ". Your address changes when you click it; until then keep using the old one.",
                ),
                icon="mail",
                color_scheme="green",
                id="email-change-sent",
            ),
            rx.form(
                rx.vstack(
                    _input(
                        "new_email", "New e-mail address", P.email_errors, type="email", auto_complete="email"
                    ),
                    _input(
                        "email_password",
                        "Your password",
                        P.email_errors,
                        type="password",
                        auto_complete="current-password",
                    ),
                    rx.button("Send confirmation link", type="submit", id="profile-change-email"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=P.change_email,
                no_validate=True,
            ),
        ),
        spacing="3",
        width="100%",
    )
    return rx.grid(
        rx.card(password),
        rx.card(email),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def _data() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.heading("Your data", size="4", as_="h3"),
                rx.text("Download a copy of everything the portal holds about you (JSON).", size="2"),
                rx.button("Download my data", on_click=P.export, variant="soft", id="export-data"),
                spacing="2",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Delete my account", size="4", as_="h3"),
                rx.cond(
                    P.deletion_requested,
                    rx.vstack(
                        rx.callout(
                            "You have asked us to delete your account. An administrator will do it and "
                            "e-mail you.",
                            icon="clock",
                            color_scheme="amber",
                            id="deletion-requested",
                        ),
                        rx.button("Cancel my request", variant="soft", on_click=P.cancel_deletion),
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
                                            on_click=P.request_deletion,
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


@rx.page(route="/profile", title="Profile", on_load=P.load)
def profile_page() -> rx.Component:
    return page_shell(
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Personal details", value="details"),
                rx.tabs.trigger("Addresses", value="addresses", id="tab-addresses"),
                rx.tabs.trigger("Password and e-mail", value="security", id="tab-security"),
                rx.tabs.trigger("Your data", value="data", id="tab-data"),
                class_name="wrap-tabs",
            ),
            rx.box(
                rx.box(
                    form_notice(P.notice), form_error(P.problem), id="profile-message", margin_bottom="12px"
                ),
                rx.tabs.content(_details(), value="details"),
                rx.tabs.content(_addresses(), value="addresses"),
                rx.tabs.content(_security(), value="security"),
                rx.tabs.content(_data(), value="data"),
                padding_top="16px",
            ),
            default_value="details",
            on_change=P.change_tab,  # a "saved" message belongs to the tab it was saved on
            width="100%",
        ),
        title="Profile",
        intro="Your personal details, addresses and sign-in details.",
    )
