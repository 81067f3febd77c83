"""Administrators: the e-mail outbox (where e-mail waits without an SMTP server)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import Column, pager, search_form, table_of
from portal_app.state.admin_accounts import AdminOutboxState, MailRow
from portal_app.state.base import ADMIN

INTRO = (
    "Every e-mail the portal has written, newest first. Without an SMTP server this is where e-mail waits: open "
    "one to read it and follow its links."
)


def _email_detail() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(AdminOutboxState.selected.subject, size="4", as_="h2"),
                rx.spacer(),
                rx.button("Close", variant="soft", size="1", on_click=AdminOutboxState.close_email),
                width="100%",
            ),
            rx.text(
                "To ",
                AdminOutboxState.selected.to_address,
                " · ",
                AdminOutboxState.selected.created,
                " · ",
                AdminOutboxState.selected.status,
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                AdminOutboxState.selected.error != "",
                rx.text("Last error: ", AdminOutboxState.selected.error, size="1", color="var(--red-11)"),
            ),
            rx.cond(
                AdminOutboxState.links.length() > 0,
                rx.vstack(
                    rx.text("Links in this e-mail", weight="medium", size="2"),
                    rx.foreach(
                        AdminOutboxState.links,
                        lambda url: rx.link(url, href=url, class_name="mail-link", word_break="break-all"),
                    ),
                    spacing="1",
                ),
            ),
            rx.el.pre(AdminOutboxState.selected.text, class_name="mail-body", id="mail-body"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="mail-detail",
    )


def _status(r: MailRow) -> rx.Component:
    colour = rx.cond(r.status == "sent", "green", rx.cond(r.status.contains("gave up"), "red", "gray"))
    return rx.badge(r.status, color_scheme=colour)


COLUMNS = [
    Column("Created", lambda r: r.created, {"white_space": "nowrap"}),
    Column("To", lambda r: r.to_address),
    Column("Subject", lambda r: r.subject),
    Column("Status", _status),
    Column(
        "",
        lambda r: rx.button(
            "Open",
            size="1",
            variant="soft",
            on_click=AdminOutboxState.open_email(r.id),
            class_name="open-mail",
        ),
    ),
]


@portal_page("/admin/outbox", title="Outbox · Admin", kinds=ADMIN, on_load=AdminOutboxState.load)
def admin_outbox_page() -> rx.Component:
    return rx.fragment(
        page_heading("Outbox", INTRO),
        rx.vstack(
            search_form(
                AdminOutboxState.search,
                AdminOutboxState.find,
                "Recipient contains",
                "outbox-search",
                "Recipient contains\u2026",
            ),
            rx.cond(AdminOutboxState.selected.id != "", _email_detail()),
            rx.box(
                table_of(
                    COLUMNS,
                    AdminOutboxState.rows,
                    row_props=lambda r: {"class_name": "mail-row", "data_to": r.to_address},
                    size="1",
                    variant="ghost",
                ),
                class_name="table-scroll",
                width="100%",
            ),
            rx.cond(
                AdminOutboxState.rows.length() > 0,
                pager(AdminOutboxState),
                rx.text(
                    rx.cond(
                        AdminOutboxState.search != "",
                        "No e-mail to an address like that.",
                        "No e-mail has been sent yet.",
                    ),
                    color_scheme="gray",
                    id="outbox-none",
                ),
            ),
            spacing="4",
            width="100%",
        ),
    )
