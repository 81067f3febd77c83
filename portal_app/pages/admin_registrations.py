"""Administrators: registrations to review (approve with a learner record, or reject with a
reason) and requests to delete an account."""

from __future__ import annotations

import reflex as rx

from portal_app.components.forms import form_error, form_notice
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import Column, confirm_dialog, pager, table_of
from portal_app.state.admin_accounts import AdminRegistrationsState, CandidateRow, DeletionRow, ReviewRow
from portal_app.state.base import ADMIN

INTRO = (
    "Learners whose details did not match a learner record exactly. Compare them with the closest records, then "
    "approve with the right record or reject with a reason; the learner is e-mailed either way."
)


def _mark(ok: rx.Var) -> rx.Component:
    return rx.cond(
        ok,
        rx.icon("check", color="var(--green-10)", size=16, aria_label="matches"),
        rx.icon("x", color="var(--red-9)", size=16, aria_label="differs"),
    )


def _matched(ok: rx.Var, value: rx.Var) -> rx.Component:
    return rx.hstack(_mark(ok), rx.text(value), spacing="1", align="center")


def _candidate_columns(item: ReviewRow) -> list[Column]:
    """The records closest to a registration, side by side with what the learner typed."""

    def approve(record: CandidateRow) -> rx.Component:
        return confirm_dialog(
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
            AdminRegistrationsState.approve(item.id, record.id),
        )

    return [
        Column("Name", lambda r: _matched(r.same_name, r.name)),
        Column("Date of birth", lambda r: _matched(r.same_dob, r.date_of_birth)),
        Column("Candidate number", lambda r: _matched(r.same_number, r.candidate_number)),
        Column("E-mail on record", lambda r: r.email),
        Column("", approve),
    ]


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
                item.candidates.length() > 0,
                rx.box(
                    table_of(_candidate_columns(item), item.candidates, size="1", variant="ghost"),
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
                AdminRegistrationsState.errors.get(item.id, "") != "",
                rx.text(
                    AdminRegistrationsState.errors.get(item.id, ""),
                    color="var(--red-11)",
                    size="2",
                    role="alert",
                ),
            ),
            rx.hstack(
                rx.input(
                    placeholder="Reason for rejecting (sent to the learner)",
                    value=AdminRegistrationsState.reasons.get(item.id, ""),
                    on_change=lambda v: AdminRegistrationsState.set_reason(item.id, v),
                    width="100%",
                    class_name="reject-reason",
                ),
                rx.button(
                    "Reject",
                    color_scheme="red",
                    variant="soft",
                    on_click=AdminRegistrationsState.reject(item.id),
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


def _deletion(d: DeletionRow) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(d.name, weight="bold"),
                rx.text(d.email, " · ", d.kind, " · asked ", d.requested, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete account", color_scheme="red", size="1")),
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
                                "Delete",
                                color_scheme="red",
                                on_click=AdminRegistrationsState.delete_account(d.id),
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
    )


def _deletions() -> rx.Component:
    return rx.vstack(
        rx.heading("Requests to delete an account", size="5", as_="h2"),
        rx.cond(
            AdminRegistrationsState.deletions.length() > 0,
            rx.foreach(AdminRegistrationsState.deletions, _deletion),
            rx.text("No requests.", size="2", color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


@portal_page(
    "/admin/registrations", title="Registrations · Admin", kinds=ADMIN, on_load=AdminRegistrationsState.load
)
def admin_registrations_page() -> rx.Component:
    return rx.fragment(
        page_heading("Registrations", INTRO),
        rx.vstack(
            form_notice(AdminRegistrationsState.notice),
            form_error(AdminRegistrationsState.problem),
            rx.heading("Registrations waiting for review", size="5", as_="h2"),
            rx.cond(
                AdminRegistrationsState.items.length() > 0,
                rx.fragment(
                    rx.foreach(AdminRegistrationsState.items, _review_card), pager(AdminRegistrationsState)
                ),
                rx.text("Nobody is waiting for review.", color_scheme="gray", id="review-none"),
            ),
            rx.divider(),
            _deletions(),
            spacing="4",
            width="100%",
        ),
    )
