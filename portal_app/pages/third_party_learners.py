"""The third party's home: the learners sharing documents with them, and what each shares."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.page import portal_page
from portal_app.components.table import data_table, pager, row_action, search_box
from portal_app.state.base import THIRD_PARTY
from portal_app.state.third_party import LearnersState, SharedRow

INTRO = (
    "The documents learners share with you, while their connection is active. "
    "Each document shows whether it is still valid."
)


def _learner_row(row: rx.Var[SharedRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.learner), rx.text(row.email, size="1", color_scheme="gray")),
        rx.table.cell(rx.text(row.document), rx.text(row.reference, size="1", color_scheme="gray")),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(row.expires),
        rx.table.cell(
            row_action(
                "eye",
                "View",
                "View " + row.document + " of " + row.learner,
                href=row.href,
                class_name="view-document",
            )
        ),
        class_name="shared-row",
        data_reference=row.reference,
    )


def _pending_notice() -> rx.Component:
    return rx.callout(
        rx.text(
            "You have ",
            LearnersState.pending,
            ". ",
            rx.link("Answer on your Connections page", href="/third-party/connections"),
            ".",
        ),
        icon="bell",
        color_scheme="amber",
        id="pending-notice",
    )


@portal_page("/third-party", title="Learners", kinds=THIRD_PARTY, on_load=LearnersState.load)
def learners_page() -> rx.Component:
    return rx.vstack(
        rx.heading("Learners", size="6", as_="h1"),
        rx.text(INTRO, color_scheme="gray", size="2"),
        rx.cond(LearnersState.pending != "", _pending_notice()),
        data_table(
            ["Learner", "Document", "Status", "Access until", ""],
            LearnersState.rows,
            _learner_row,
            rx.cond(
                LearnersState.search != "",
                "No learner matches your search.",
                "No learner is sharing documents with you right now.",
            ),
            toolbar=[
                search_box(LearnersState.search, LearnersState.set_search, "Search by learner name or e-mail")
            ],
            footer=pager(LearnersState),
            id="shared-documents",
        ),
        spacing="4",
        width="100%",
    )
