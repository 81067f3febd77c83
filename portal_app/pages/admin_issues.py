"""Administrators: the queue of issue reports, oldest first; answer (and correct in Records)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.documents import status_badge
from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.components.table import pager
from portal_app.services.issues import QueueItem
from portal_app.state.admin_documents import AdminIssuesState as S


def _answer_form(item: QueueItem) -> rx.Component:
    return rx.vstack(
        field(
            "Answer to the learner",
            rx.text_area(value=S.answer_text, on_change=S.set_answer_text, rows="4", id="answer-text"),
            S.answer_error,
        ),
        rx.flex(
            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel_answer),
            rx.button("Send answer", on_click=S.send_answer(False), id="send-answer"),
            rx.button("Send and close", variant="outline", on_click=S.send_answer(True)),
            gap="8px",
            wrap="wrap",
        ),
        width="100%",
    )


def _item(item: QueueItem) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                status_badge(item.status),
                rx.link(item.reference, href="/documents/" + item.reference, font_family="monospace"),
                rx.text(item.qualification_title, size="2"),
                rx.spacer(),
                rx.text("Reported " + item.created_at, size="1", color_scheme="gray"),
                gap="8px",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.text(
                item.learner_name + " · " + item.candidate_number + " · " + item.learner_email,
                size="2",
                color_scheme="gray",
            ),
            rx.blockquote(item.description, size="2", white_space="pre-wrap"),
            rx.cond(
                item.answer != "",
                rx.callout(item.answer, icon="message_circle", color_scheme="blue", size="1", width="100%"),
                rx.fragment(),
            ),
            rx.cond(
                S.answering == item.id,
                _answer_form(item),
                rx.flex(
                    rx.button(
                        rx.cond(item.answer != "", "Answer again", "Answer"),
                        size="1",
                        on_click=S.start_answer(item.id, item.answer),
                        class_name="answer-button",
                    ),
                    rx.link(
                        rx.button("Correct the document", size="1", variant="soft"),
                        href="/admin/records?q=" + item.reference,
                    ),
                    gap="8px",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="issue-item",
        data_reference=item.reference,
    )


@rx.page(route="/admin/issues", title="Issue reports · Admin", on_load=S.load)
def admin_issues_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.segmented_control.root(
                rx.segmented_control.item("Open", value="open"),
                rx.segmented_control.item("Answered", value="answered"),
                rx.segmented_control.item("Closed", value="closed"),
                rx.segmented_control.item("All", value="all"),
                value=S.status,
                on_change=S.set_status,
                size=rx.breakpoints(initial="1", sm="2"),
            ),
            rx.foreach(S.items, _item),
            rx.cond(
                S.items.length() > 0,  # type: ignore[attr-defined]
                pager(S),
                rx.text("Nothing waiting. Well done.", color_scheme="gray"),
            ),
            spacing="4",
            width="100%",
        ),
        title="Issue reports",
        intro="Learners' reports of mistakes on their documents, oldest first. Your answer is e-mailed to them.",
    )
