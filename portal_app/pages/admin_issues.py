"""Administrators: the queue of issue reports, oldest first; answer (and correct in Records)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.forms import field, form_error
from portal_app.components.layout import page_heading
from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.components.table import pager
from portal_app.services.issues import QueueItem
from portal_app.state.admin_documents import AdminIssuesState
from portal_app.state.base import ADMIN

INTRO = "Learners' reports of mistakes on their documents, oldest first. Your answer is e-mailed to them."


def _answer_form(item: QueueItem) -> rx.Component:
    return rx.vstack(
        field(
            "Answer to the learner",
            rx.text_area(
                value=AdminIssuesState.answer_text,
                on_change=AdminIssuesState.set_answer_text,
                rows="4",
                id="answer-text",
            ),
            AdminIssuesState.errors.get("answer", ""),
        ),
        form_error(AdminIssuesState.problem),
        rx.flex(
            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=AdminIssuesState.cancel_answer),
            rx.button("Send answer", on_click=AdminIssuesState.send_answer(False), id="send-answer"),
            rx.button("Send and close", variant="outline", on_click=AdminIssuesState.send_answer(True)),
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
            rx.flex(
                rx.text("Document:", size="2", color_scheme="gray"),
                status_badge(item.document_status),
                rx.cond(
                    item.corrected_reference != "",
                    rx.text(
                        "Corrected from this report as ",
                        rx.link(
                            item.corrected_reference,
                            href="/documents/" + item.corrected_reference,
                            font_family="monospace",
                        ),
                        size="2",
                    ),
                ),
                gap="8px",
                wrap="wrap",
                align="center",
                class_name="issue-document",
            ),
            rx.cond(
                item.answer != "",
                rx.vstack(
                    rx.callout(
                        item.answer, icon="message_circle", color_scheme="blue", size="1", width="100%"
                    ),
                    rx.text(
                        "Answered " + item.answered,
                        size="1",
                        color_scheme="gray",
                        class_name="issue-answered",
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.cond(
                AdminIssuesState.answering == item.id,
                _answer_form(item),
                rx.flex(
                    rx.button(
                        rx.cond(item.answer != "", "Answer again", "Answer"),
                        size="1",
                        on_click=AdminIssuesState.start_answer(item.id, item.answer),
                        class_name="answer-button",
                    ),
                    rx.cond(
                        item.document_status == "valid",
                        link_button(
                            "Correct the document",
                            href="/admin/records?q="
                            + item.reference
                            + "&correct="
                            + item.reference
                            + "&report="
                            + item.id.to_string(),
                            size="1",
                            variant="soft",
                        ),
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


@portal_page("/admin/issues", title="Issue reports · Admin", kinds=ADMIN, on_load=AdminIssuesState.load)
def admin_issues_page() -> rx.Component:
    return rx.fragment(
        page_heading("Issue reports", INTRO),
        rx.vstack(
            rx.segmented_control.root(
                rx.segmented_control.item("Open", value="open"),
                rx.segmented_control.item("Answered", value="answered"),
                rx.segmented_control.item("Closed", value="closed"),
                rx.segmented_control.item("All", value="all"),
                value=AdminIssuesState.status,
                on_change=AdminIssuesState.set_status,
                size=rx.breakpoints(initial="1", sm="2"),
            ),
            rx.foreach(AdminIssuesState.items, _item),
            rx.cond(
                AdminIssuesState.items.length() > 0,
                pager(AdminIssuesState),
                rx.text("Nothing waiting. Well done.", color_scheme="gray"),
            ),
            spacing="4",
            width="100%",
        ),
    )
