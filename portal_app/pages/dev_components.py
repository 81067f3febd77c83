"""The component gallery at /dev/components: every shared component in `components/` in each of
its states, with fixed sample data (`state/gallery.py`), so a change to one shows everywhere at
once. Registered only in development and demo mode (`pages/__init__.py`); elsewhere a 404.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import reflex as rx

from portal_app.components import badges, table
from portal_app.components import documents as document_pieces
from portal_app.components import store as store_pieces
from portal_app.components.address_form import address_form, country_select
from portal_app.components.date_of_birth import date_of_birth_field
from portal_app.components.forms import dialog_actions, field, form_error, form_notice
from portal_app.components.layout import page_heading, stat_card
from portal_app.components.official_document import official_document, status_notice
from portal_app.components.orders_table import orders_table
from portal_app.components.page import portal_page
from portal_app.infra.settings import ROOT
from portal_app.state.gallery import GalleryOrdersState, GalleryPagedState, GalleryState

ROUTE = "/dev/components"


def phone_width_css() -> str:
    """portal.css's phone rules (`@media (max-width: 640px)`) as container queries, so a 375 px
    frame in this page shows the phone layout on any screen. Derived, never copied by hand."""
    css = (ROOT / "assets" / "portal.css").read_text()
    blocks = []
    for match in re.finditer(r"@media \(max-width: 640px\) \{", css):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        blocks.append("@container (max-width: 640px) {" + css[match.end() : end])
    return (
        "\n".join(blocks) + "\n.gallery-phone { container-type: inline-size; width: 375px; max-width: 100%; }"
    )


def _section(title: str, *children: rx.Component, intro: str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="5", as_="h2"),
        rx.text(intro, size="2", color_scheme="gray") if intro else rx.fragment(),
        *children,
        spacing="3",
        width="100%",
        margin_bottom="32px",
        class_name="gallery-section",
    )


def _sample(caption: str, *children: rx.Component) -> rx.Component:
    """One state of a component, under its caption (a group named by it, for tests and readers)."""
    return rx.vstack(
        rx.heading(caption, size="2", as_="h3", color_scheme="gray"), *children,
        spacing="2", width="100%", role="group", aria_label=caption,
    )  # fmt: skip


def _badges() -> rx.Component:
    def row(caption: str, badges: list[rx.Component]) -> rx.Component:
        return _sample(caption, rx.flex(*badges, gap="8px", wrap="wrap"))

    return _section(
        "Status badges",
        row("Every status (components/badges.py)", [
            badges.status_badge(s) for s in [*badges.STATUSES, "unknown"]
        ]),
    )  # fmt: skip


COLUMNS = [
    table.Column("Third party name", lambda row: row.name),
    table.Column("Third party e-mail", lambda row: row.email),
    table.Column("Status", lambda row: badges.status_badge(row.status)),
    table.Column("Initiated by", lambda row: row.initiated_by),
    table.Column("Documents shared", lambda row: row.documents),
    table.Column("Expires", lambda row: row.expires),
    table.Column(
        "Actions",
        lambda row: table.row_actions(
            table.row_action("eye", "View", "View the connection with " + row.name),
            table.row_action(
                "trash-2", "Delete", "Delete the connection with " + row.name, color_scheme="red"
            ),
        ),
    ),
]


def _tables() -> rx.Component:
    loaded = table.data_table(COLUMNS, GalleryState.connections, "No connections yet.", id="gallery-loaded")
    return _section(
        "Data table",
        _sample("Loaded", loaded),
        _sample(
            "Searched",
            table.data_table(
                COLUMNS, GalleryState.searched, "No connections match your search.",
                toolbar=[
                    table.search_box(GalleryState.search, GalleryState.set_search),
                    table.filter_select([("all", "All statuses"), ("active", "Active")], "all", GalleryState.pick,
                                        "Filter by status", "gallery-status"),
                ],
                id="gallery-searched",
            ),
        ),
        _sample("Empty", table.data_table(
            COLUMNS, GalleryState.no_connections, "No connections yet.", id="gallery-empty"
        )),
        _sample("Paged", table.data_table(
            COLUMNS, GalleryPagedState.rows, "No connections yet.",
            footer=table.pager(GalleryPagedState), id="gallery-paged",
        )),
        _sample("Stacked at phone width (375 px)", rx.box(
            table.data_table(COLUMNS, GalleryState.phone_connections, "No connections yet.",
                             id="gallery-phone"),
            class_name="gallery-phone",
        )),
        _sample("Orders table (components/orders_table.py)", orders_table(GalleryOrdersState, "#", "No orders yet.")),
    )  # fmt: skip


def _forms() -> rx.Component:
    return _section(
        "Form fields",
        _sample("With a hint", field("Full name", rx.input(default_value="Claire Hammond", size="3"),
                                     hint="As it is printed on your certificate.", required=True)),
        _sample("With an error", field("E-mail address", rx.input(default_value="claire.hammond@", size="3"),
                                       "Enter an e-mail address like name@example.com.", required=True)),
        _sample("Date of birth, with an error", date_of_birth_field(
            GalleryState.dob_day, GalleryState.dob_month, GalleryState.dob_year, GalleryState.set_dob_day,
            GalleryState.set_dob_month, GalleryState.set_dob_year, GalleryState.pick,
            "The month must be between 1 and 12.",
        )),
        _sample("Address, with an error", address_form(
            GalleryState.address, GalleryState.address_errors, GalleryState.pick, prefix="gallery-address"
        )),
        _sample("Country", country_select("GB", id_="gallery-country")),
        _sample("Form messages", form_error("Please correct the highlighted fields."),
                form_notice("Your changes were saved.")),
    )  # fmt: skip


def _dialogs() -> rx.Component:
    form_dialog = rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), "Add Connection")),
        rx.dialog.content(
            rx.dialog.title("Add a connection"),
            rx.vstack(
                field("Name", rx.input(size="3"), required=True),
                dialog_actions(rx.dialog.close(rx.button("Save", type="button"))),
                spacing="3",
            ),
        ),
    )
    return _section(
        "Dialogs",
        _sample("Triggers", rx.flex(
            table.confirm_dialog(
                table.row_action("trash-2", "Delete", "Delete the connection with Ted Trew", color_scheme="red"),
                "Delete this connection?", "Ted Trew will no longer see your documents.", "Delete",
                GalleryState.confirmed,
            ),
            table.confirm_dialog(
                table.icon_action("x", "Decline the request from Ted Trew"),
                "Decline this request?", "Ted Trew is told you declined.", "Decline", GalleryState.confirmed,
            ),
            form_dialog,
            gap="12px",
            wrap="wrap",
            align="center",
        )),
        intro="Each trigger opens its dialog; confirming does nothing here.",
    )  # fmt: skip


def _alerts() -> rx.Component:
    return _section(
        "Alerts",
        rx.flex(
            rx.button("Show the page alert (error)", variant="soft", on_click=GalleryState.show_alert("error")),
            rx.button("Show the page alert (done)", variant="soft", on_click=GalleryState.show_alert("done")),
            gap="8px", wrap="wrap",
        ),
        store_pieces.test_mode_banner(),
        store_pieces.accuracy_notice(),
        form_error("This connection can no longer be answered."),
        form_notice("Demo data reset: the 7 demo accounts are back as the README describes."),
        intro="The page alert shows at the top of every page (state/base.py `_alert`).",
    )  # fmt: skip


def _documents() -> rx.Component:
    samples = [
        ("Certificate", GalleryState.certificate),
        ("Transcript", GalleryState.transcript),
        ("Badge", GalleryState.badge),
        ("Revoked", GalleryState.revoked),
        ("Superseded", GalleryState.superseded),
        ("Failed integrity check", GalleryState.tampered),
    ]
    return _section(
        "Official documents",
        *[_sample(caption, status_notice(view, ids=False), official_document(view, ids=False)) for caption, view in samples],
        intro="components/official_document.py, as on a learner's document page.",
    )  # fmt: skip


def _still_pager(summary: str, page: int, has_next: bool) -> rx.Component:
    """A pager that stays where it is: the sample's buttons lead nowhere."""
    sample = SimpleNamespace(
        page_summary=rx.Var.create(summary), page=rx.Var.create(page), has_next=rx.Var.create(has_next),
        go_to=GalleryState.pick,
    )  # fmt: skip
    return table.pager(sample)


def _pagers() -> rx.Component:
    return _section(
        "Pager",
        _sample("First page (moves the paged table above)", table.pager(GalleryPagedState)),
        _sample("A middle page", _still_pager("37 orders · page 2 of 4", 2, True)),
        _sample("The last page", _still_pager("37 orders · page 4 of 4", 4, False)),
        _sample("Only one page", _still_pager("3 connections · page 1 of 1", 1, False)),
        _sample("Over a thousand", _still_pager("1,000+ orders · page 3", 3, True)),
    )


def _pieces() -> rx.Component:
    return _section(
        "Cards, buttons and summaries",
        rx.box(
            stat_card("Documents", "3 documents, 1 badge", "View documents", "#", "file-text"),
            stat_card("Connections", "1 active, 1 pending", "View connections", "#", "share-2"),
            class_name="card-grid",
        ),
        rx.flex(
            document_pieces.report_button("#"),
            table.row_actions(
                table.row_action("eye", "View", "View the sample"),
                table.row_action("share-2", "Share", "Share the sample", href="#"),
            ),
            gap="12px", wrap="wrap", align="center", width="100%",
        ),
        rx.box(
            store_pieces.summary_row("Subtotal", "£61.00"),
            store_pieces.summary_row("Delivery", "Free"),
            store_pieces.summary_row("Total", "£61.00", strong=True),
            max_width="360px", width="100%",
        ),
    )  # fmt: skip


@portal_page(ROUTE, title="Component gallery", on_load=GalleryState.show_samples)
def gallery_page() -> rx.Component:
    return rx.fragment(
        page_heading("Component gallery"),
        rx.text(
            "Every shared component in each of its states, with fixed sample data. Development and demo mode only.",
            color_scheme="gray",
            margin_bottom="16px",
        ),
        rx.el.style(phone_width_css()),
        _badges(),
        _tables(),
        _pagers(),
        _forms(),
        _dialogs(),
        _alerts(),
        _documents(),
        _pieces(),
    )
