"""The third party's home: the learners sharing documents with them, and what each shares."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.page import portal_page
from portal_app.components.table import Column, data_table, pager, row_action, search_box
from portal_app.state.base import THIRD_PARTY
from portal_app.state.third_party import LearnersState

INTRO = (
    "The documents learners share with you, while their connection is active. "
    "Each document shows whether it is still valid."
)


def _with_note(main: rx.Var, note: rx.Var) -> tuple[rx.Component, rx.Component]:
    return rx.text(main), rx.text(note, size="1", color_scheme="gray")


COLUMNS = [
    Column("Learner", lambda row: _with_note(row.learner, row.email)),
    Column("Document", lambda row: _with_note(row.document, row.reference)),
    Column("Status", lambda row: status_badge(row.status)),
    Column("Access until", lambda row: row.expires),
    Column(
        "",
        lambda row: row_action(
            "eye",
            "View",
            "View " + row.document + " of " + row.learner,
            href=row.href,
            class_name="view-document",
        ),
    ),
]


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
            COLUMNS,
            LearnersState.rows,
            rx.cond(
                LearnersState.search != "",
                "No learner matches your search.",
                "No learner is sharing documents with you right now.",
            ),
            toolbar=[
                search_box(LearnersState.search, LearnersState.set_search, "Search by learner name or e-mail")
            ],
            footer=pager(LearnersState),
            row_props=lambda row: {"class_name": "shared-row", "data_reference": row.reference},
            id="shared-documents",
        ),
        spacing="4",
        width="100%",
    )
