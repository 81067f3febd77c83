"""One document a learner shares with the third party, with its verification status."""

from __future__ import annotations

import reflex as rx
from reflex_components_radix.themes.base import LiteralAccentColor

from portal_app.components.badges import status_badge
from portal_app.components.official_document import units_table
from portal_app.components.page import portal_page
from portal_app.state.base import THIRD_PARTY
from portal_app.state.third_party import SharedDocumentState

STATUS_TEXT = {
    "valid": "Verified: this document is valid.",
    "revoked": "This document has been revoked by the awarding body and is no longer valid.",
    "superseded": "This document has been replaced by a newer version and is no longer current.",
}


def _status_callout(status: str, icon: str, colour: LiteralAccentColor) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon(icon)),
        rx.callout.text(
            STATUS_TEXT[status],
            rx.cond(
                SharedDocumentState.status_reason != "",
                rx.text.span(" Reason: ", SharedDocumentState.status_reason),
            ),
        ),
        color_scheme=colour,
        width="100%",
    )


def _details() -> rx.Component:
    s = SharedDocumentState
    return rx.card(
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label("Learner"), rx.data_list.value(s.learner_name)),
            rx.data_list.item(
                rx.data_list.label("Reference"), rx.data_list.value(s.reference, id="doc-reference")
            ),
            rx.data_list.item(rx.data_list.label("Issued"), rx.data_list.value(s.issued_on)),
            rx.data_list.item(rx.data_list.label("Status"), rx.data_list.value(status_badge(s.status))),
            rx.cond(
                s.grade != "", rx.data_list.item(rx.data_list.label("Grade"), rx.data_list.value(s.grade))
            ),
        ),
        width="100%",
    )


def _document() -> rx.Component:
    s = SharedDocumentState
    return rx.vstack(
        rx.link("\u2190 Learners", href="/third-party"),
        rx.heading(s.kind, ": ", s.qualification, size="5", as_="h1"),
        rx.box(
            rx.match(
                s.status,
                ("valid", _status_callout("valid", "badge_check", "green")),
                ("revoked", _status_callout("revoked", "octagon_x", "red")),
                _status_callout("superseded", "triangle_alert", "amber"),
            ),
            id="verification-status",
            width="100%",
        ),
        _details(),
        units_table(s.units),
        rx.text(
            "Viewed ",
            s.viewed_at,
            ". The learner can see that you viewed this document.",
            size="1",
            color_scheme="gray",
        ),
        spacing="4",
        width="100%",
    )


def _not_shown() -> rx.Component:
    """While the document loads, or when it is not shared: the page still says where it is."""
    return rx.vstack(
        rx.heading("Shared document", size="6", as_="h1"),
        rx.cond(
            SharedDocumentState.error != "",
            rx.fragment(
                rx.callout(
                    SharedDocumentState.error, icon="lock", color_scheme="red", role="alert", id="not-shared"
                ),
                rx.link("Back to learners", href="/third-party"),
            ),
            rx.spinner(),
        ),
        spacing="3",
    )


@portal_page(
    "/third-party/document", title="Shared document", kinds=THIRD_PARTY, on_load=SharedDocumentState.load
)
def shared_document_page() -> rx.Component:
    return rx.cond(SharedDocumentState.found, _document(), _not_shown())
