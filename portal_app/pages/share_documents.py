"""The Share Documents page: choose what a connection shares (a new one, an existing one, or a
third party's request being accepted)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.forms import form_error
from portal_app.components.page import portal_page
from portal_app.state.base import LEARNER
from portal_app.state.connections import ShareState


def _choice(choice: Any) -> rx.Component:
    return rx.vstack(
        rx.cond(
            choice.heading != "",
            rx.text(choice.heading, weight="bold", size="2", margin_top="12px"),
        ),
        rx.hstack(
            rx.checkbox(
                checked=ShareState.selected.contains(choice.id),
                on_change=lambda checked: ShareState.toggle(choice.id, checked),
                id="doc-" + choice.reference,
                aria_label=choice.label,
            ),
            rx.text(choice.label, as_="label", html_for="doc-" + choice.reference, size="2"),
            rx.cond(choice.status != "valid", status_badge(choice.status)),
            align="center",
            padding_left="12px",
        ),
        spacing="1",
        width="100%",
    )


@portal_page("/connections/share", title="Share Documents", kinds=LEARNER, on_load=ShareState.load)
def share_page() -> rx.Component:
    return rx.cond(
        ShareState.missing,
        rx.callout(
            "That connection could not be found.", icon="triangle_alert", color_scheme="red", role="alert"
        ),
        rx.vstack(
            rx.hstack(
                rx.link("Connections", href="/connections"),
                rx.text("/", color_scheme="gray"),
                rx.text("Share Documents"),
                spacing="2",
            ),
            rx.heading("Share Documents", size="6", as_="h1"),
            rx.cond(
                ShareState.drafting,
                rx.vstack(
                    rx.text(
                        "Choose the documents to share with ",
                        rx.text.strong(ShareState.name),
                        " (",
                        ShareState.email,
                        "). They can see them until ",
                        ShareState.expires,
                        ".",
                        size="2",
                    ),
                    rx.text(
                        "Nothing is saved or sent until you click Share Documents: then ",
                        ShareState.name,
                        " gets an e-mail that lists these documents.",
                        size="2",
                        color_scheme="gray",
                    ),
                    spacing="1",
                ),
                rx.text(
                    "Control the documents you wish to share with ",
                    rx.text.strong(ShareState.name),
                    " (",
                    ShareState.email,
                    ") by selecting the specific documents you wish to share below:",
                    size="2",
                ),
            ),
            rx.cond(
                ShareState.accepting,
                rx.callout.root(
                    rx.callout.icon(rx.icon("info")),
                    rx.callout.text("Sharing documents accepts this connection request."),
                    rx.cond(
                        ShareState.organisation != "",
                        rx.callout.text(rx.text.strong("Organisation: "), ShareState.organisation),
                    ),
                    rx.cond(
                        ShareState.message != "",
                        rx.callout.text(
                            rx.text.strong("Their message: "), ShareState.message, white_space="pre-line"
                        ),
                    ),
                    color_scheme="blue",
                    id="request-details",
                ),
            ),
            rx.card(
                rx.text("Records", weight="bold", id="records-heading"),
                rx.foreach(ShareState.choices, _choice),
                rx.cond(
                    ShareState.choices.length() == 0,
                    rx.text("You have no documents to share yet.", color_scheme="gray", size="2"),
                ),
                rx.cond(
                    ShareState.errors.contains("documents"),
                    rx.text(
                        ShareState.errors["documents"],
                        size="2",
                        color="var(--red-11)",
                        role="alert",
                        class_name="field-error",
                        margin_top="8px",
                    ),
                ),
                width="100%",
                role="group",
                aria_labelledby="records-heading",
            ),
            form_error(ShareState.problem),
            rx.hstack(
                rx.button("Cancel", variant="soft", color_scheme="gray", on_click=ShareState.cancel),
                rx.button("Share Documents", on_click=ShareState.save, id="share-documents"),
                justify="end",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
