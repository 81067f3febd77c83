"""Administrators: overview, registrations to review (and deletion requests), the e-mail outbox."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import form_error, form_notice
from portal_app.components.layout import page_shell
from portal_app.components.table import confirm_dialog, labelled, pager
from portal_app.infra.settings import settings
from portal_app.pages.dashboard import admin_trends
from portal_app.state.admin_accounts import AdminOutboxState as O
from portal_app.state.admin_accounts import AdminOverviewState as V
from portal_app.state.admin_accounts import AdminRegistrationsState as R
from portal_app.state.admin_accounts import CandidateRow, ReviewRow
from portal_app.state.dashboard import AdminTrendsState
from portal_app.state.demo import DemoResetState

CANDIDATE_COLUMNS = ["Name", "Date of birth", "Candidate number", "E-mail on record", ""]


def _count_card(label: str, key: str, href: str, icon: str) -> rx.Component:
    """A figure and what it counts; `label` is "singular|plural" where the noun must agree."""
    one, _, many = label.partition("|")
    count = V.counts.get(key, "0")
    return rx.link(
        rx.card(
            rx.hstack(
                rx.icon(icon, size=22),
                rx.vstack(
                    rx.text(count, size="6", weight="bold", id=f"count-{key.replace('_', '-')}"),
                    rx.text(rx.cond(count == "1", one, many or one), size="2", color_scheme="gray"),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            ),
            width="100%",
        ),
        href=href,
        underline="none",
        color="inherit",
    )


def _demo_reset() -> rx.Component:
    """Demo mode only (PORTAL_SEED_DEMO=true): back to the README's story after a rehearsal."""
    return rx.card(
        rx.vstack(
            rx.heading("Demo data", size="4", as_="h2"),
            rx.text(
                "After a rehearsal, put every demo account back as the README describes.",
                size="2",
                color_scheme="gray",
            ),
            form_notice(DemoResetState.notice),
            form_error(DemoResetState.problem),
            confirm_dialog(
                rx.button(rx.icon("rotate-ccw", size=16), "Reset demo data", variant="soft", color_scheme="red"),
                "Reset demo data?",
                "Everything done since the demo data was seeded is deleted (connections, baskets, orders, "
                "reports, registrations, e-mails) and every demo account goes back to the README's story. "
                "Everyone else is signed out.",
                "Reset demo data",
                DemoResetState.reset_demo,
            ),
            spacing="3",
            align="start",
        ),
        margin_top="24px",
    )


@rx.page(route="/admin", title="Overview · Admin", on_load=[V.load, AdminTrendsState.load])
def admin_overview_page() -> rx.Component:
    return page_shell(
        form_error(V.problem),
        rx.box(
            _count_card(
                "registration to review|registrations to review",
                "pending_registrations",
                "/admin/registrations",
                "user-check",
            ),
            _count_card(
                "request to delete an account|requests to delete an account",
                "deletion_requests",
                "/admin/registrations",
                "user-x",
            ),
            _count_card(
                "registration waiting for e-mail confirmation|registrations waiting for e-mail confirmation",
                "unverified_accounts",
                "/admin/outbox",
                "mail-question",
            ),
            _count_card(
                "open issue report|open issue reports",
                "open_issues",
                "/admin/issues",
                "message-circle-warning",
            ),
            _count_card("order to fulfil|orders to fulfil", "orders_to_fulfil", "/admin/orders", "package"),
            _count_card("e-mail not sent yet|e-mails not sent yet", "unsent_emails", "/admin/outbox", "mail"),
            _count_card(
                "active learner account|active learner accounts",
                "learners",
                "/admin/records",
                "graduation-cap",
            ),
            _count_card(
                "active third-party account|active third-party accounts",
                "third_parties",
                "/admin/records",
                "building-2",
            ),
            class_name="card-grid",
        ),
        _demo_reset() if settings.seed_demo_data else rx.fragment(),
        admin_trends(),
        title="Overview",
        intro="What needs attention.",
    )


def _mark(ok: rx.Var) -> rx.Component:
    return rx.cond(
        ok,
        rx.icon("check", color="var(--green-10)", size=16, aria_label="matches"),
        rx.icon("x", color="var(--red-9)", size=16, aria_label="differs"),
    )


def _candidate(item: ReviewRow, record: CandidateRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(_mark(record.same_name), rx.text(record.name), spacing="1", align="center")),
        rx.table.cell(
            rx.hstack(_mark(record.same_dob), rx.text(record.date_of_birth), spacing="1", align="center")
        ),
        rx.table.cell(
            rx.hstack(
                _mark(record.same_number), rx.text(record.candidate_number), spacing="1", align="center"
            )
        ),
        rx.table.cell(record.email),
        rx.table.cell(
            confirm_dialog(
                rx.button("Approve with this record", size="1", class_name="approve-record"),
                "Approve " + item.name + "?",
                item.name
                + " ("
                + item.email
                + ") will be linked to the learner record of "
                + record.name
                + ", candidate number "
                + record.candidate_number
                + ", born "
                + record.date_of_birth
                + ". They are e-mailed and will see that record's documents.",
                "Approve",
                R.approve(item.id, record.id),
            )
        ),
    )


def _review_card(item: ReviewRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(item.name, size="4", as_="h2"),
                rx.badge("waiting for review", color_scheme="amber"),
                rx.spacer(),
                rx.text("Registered ", item.registered, size="1", color_scheme="gray"),
                wrap="wrap",
                width="100%",
                align="center",
            ),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("E-mail"), rx.data_list.value(item.email)),
                rx.data_list.item(
                    rx.data_list.label("Date of birth"), rx.data_list.value(item.date_of_birth)
                ),
                rx.data_list.item(
                    rx.data_list.label("Candidate number"), rx.data_list.value(item.candidate_number)
                ),
                rx.data_list.item(
                    rx.data_list.label("Phone"),
                    rx.data_list.value(rx.cond(item.phone != "", item.phone, "(none)")),
                ),
                orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
            ),
            rx.text("Closest learner records", weight="medium", size="2"),
            rx.cond(
                item.candidates.length() > 0,  # type: ignore[attr-defined]
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(*[rx.table.column_header_cell(h) for h in CANDIDATE_COLUMNS])
                        ),
                        rx.table.body(
                            rx.foreach(
                                item.candidates, lambda r: labelled(_candidate(item, r), CANDIDATE_COLUMNS)
                            )
                        ),
                        size="1",
                        class_name="stack-on-phone",
                    ),
                    class_name="table-scroll",
                    width="100%",
                ),
                rx.text(
                    "No record shares the name, date of birth or candidate number.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            rx.cond(
                R.errors.get(item.id, "") != "",
                rx.text(R.errors.get(item.id, ""), color="var(--red-11)", size="2", role="alert"),
                rx.fragment(),
            ),
            rx.hstack(
                rx.input(
                    placeholder="Reason for rejecting (sent to the learner)",
                    value=R.reasons.get(item.id, ""),
                    on_change=lambda v: R.set_reason(item.id, v),
                    width="100%",
                    class_name="reject-reason",
                ),
                rx.button(
                    "Reject",
                    color_scheme="red",
                    variant="soft",
                    on_click=R.reject(item.id),
                    class_name="reject",
                ),
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="review-item",
        data_email=item.email,
    )


def _deletions() -> rx.Component:
    return rx.vstack(
        rx.heading("Requests to delete an account", size="5", as_="h2"),
        rx.cond(
            R.deletions.length() > 0,  # type: ignore[attr-defined]
            rx.foreach(
                R.deletions,
                lambda d: rx.card(
                    rx.hstack(
                        rx.vstack(
                            rx.text(d["name"], weight="bold"),
                            rx.text(
                                d["email"],
                                " · ",
                                d["kind"],
                                " · asked ",
                                d["requested"],
                                size="2",
                                color_scheme="gray",
                            ),
                            spacing="1",
                        ),
                        rx.spacer(),
                        rx.alert_dialog.root(
                            rx.alert_dialog.trigger(
                                rx.button("Delete account", color_scheme="red", size="1")
                            ),
                            rx.alert_dialog.content(
                                rx.alert_dialog.title("Delete this account?"),
                                rx.alert_dialog.description(
                                    "Personal details, addresses and sessions are erased and connections ended. "
                                    "Orders keep their own copies. This cannot be undone."
                                ),
                                rx.hstack(
                                    rx.alert_dialog.cancel(rx.button("Cancel", variant="soft")),
                                    rx.alert_dialog.action(
                                        rx.button(
                                            "Delete", color_scheme="red", on_click=R.delete_account(d["id"])
                                        )
                                    ),
                                    justify="end",
                                    spacing="3",
                                    margin_top="12px",
                                ),
                            ),
                        ),
                        align="center",
                        wrap="wrap",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            rx.text("No requests.", size="2", color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(route="/admin/registrations", title="Registrations · Admin", on_load=R.load)
def admin_registrations_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            form_notice(R.notice),
            form_error(R.problem),
            rx.heading("Registrations waiting for review", size="5", as_="h2"),
            rx.cond(
                R.items.length() > 0,  # type: ignore[attr-defined]
                rx.fragment(rx.foreach(R.items, _review_card), pager(R)),
                rx.text("Nobody is waiting for review.", color_scheme="gray", id="review-none"),
            ),
            rx.divider(),
            _deletions(),
            spacing="4",
            width="100%",
        ),
        title="Registrations",
        intro="Learners whose details did not match a learner record exactly. Compare them with the closest "
        "records, then approve with the right record or reject with a reason; the learner is e-mailed either way.",
    )


def _email_detail() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(O.selected["subject"], size="4", as_="h2"),
                rx.spacer(),
                rx.button("Close", variant="soft", size="1", on_click=O.close_email),
                width="100%",
            ),
            rx.text(
                "To ",
                O.selected["to"],
                " · ",
                O.selected["created"],
                " · ",
                O.selected["status"],
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                O.selected["error"] != "",
                rx.text("Last error: ", O.selected["error"], size="1", color="var(--red-11)"),
                rx.fragment(),
            ),
            rx.cond(
                O.links.length() > 0,  # type: ignore[attr-defined]
                rx.vstack(
                    rx.text("Links in this e-mail", weight="medium", size="2"),
                    rx.foreach(
                        O.links,
                        lambda url: rx.link(url, href=url, class_name="mail-link", word_break="break-all"),
                    ),
                    spacing="1",
                ),
                rx.fragment(),
            ),
            rx.el.pre(O.selected["text"], class_name="mail-body", id="mail-body"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="mail-detail",
    )


@rx.page(route="/admin/outbox", title="Outbox · Admin", on_load=O.load)
def admin_outbox_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.form(
                rx.hstack(
                    rx.input(
                        name="search",
                        placeholder="Recipient contains\u2026",
                        default_value=O.search,
                        id="outbox-search",
                    ),
                    rx.button("Search", type="submit", variant="soft"),
                ),
                on_submit=O.find,
                no_validate=True,
            ),
            rx.cond(O.selected.length() > 0, _email_detail(), rx.fragment()),  # type: ignore[attr-defined]
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Created", "To", "Subject", "Status", "")
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            O.rows,
                            lambda r: rx.table.row(
                                rx.table.cell(r["created"], white_space="nowrap"),
                                rx.table.cell(r["to"]),
                                rx.table.cell(r["subject"]),
                                rx.table.cell(
                                    rx.badge(
                                        r["status"],
                                        color_scheme=rx.cond(
                                            r["status"] == "sent",
                                            "green",
                                            rx.cond(r["status"].contains("gave up"), "red", "gray"),  # type: ignore[attr-defined]
                                        ),
                                    )
                                ),
                                rx.table.cell(
                                    rx.button(
                                        "Open",
                                        size="1",
                                        variant="soft",
                                        on_click=O.open_email(r["id"]),
                                        class_name="open-mail",
                                    )
                                ),
                                class_name="mail-row",
                                data_to=r["to"],
                            ),
                        )
                    ),
                    size="1",
                    width="100%",
                ),
                class_name="table-scroll",
                width="100%",
            ),
            rx.cond(
                O.rows.length() > 0,  # type: ignore[attr-defined]
                pager(O),
                rx.text(
                    rx.cond(
                        O.search != "", "No e-mail to an address like that.", "No e-mail has been sent yet."
                    ),
                    color_scheme="gray",
                    id="outbox-none",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        title="Outbox",
        intro="Every e-mail the portal has written, newest first. Without an SMTP server this is where e-mail "
        "waits: open one to read it and follow its links.",
    )
