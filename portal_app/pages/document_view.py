"""One document, rendered in the page as the official digital document (never a download)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.forms import field, form_error
from portal_app.components.links import link_button
from portal_app.components.official_document import official_document, status_notice
from portal_app.components.page import portal_page
from portal_app.services.documents import IssueView
from portal_app.state.documents import DocumentViewState


def _issue(issue: IssueView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                status_badge(issue.status),
                rx.text("Reported " + issue.created_at, size="1", color_scheme="gray"),
            ),
            rx.text(issue.description, size="2", white_space="pre-wrap"),
            rx.cond(
                issue.answer != "",
                rx.callout(
                    issue.answer,
                    icon="message_circle",
                    color_scheme="blue",
                    size="1",
                    width="100%",
                    class_name="issue-answer",
                ),
                rx.text(
                    "Our team has not answered yet; we will e-mail you when we do.",
                    size="1",
                    color_scheme="gray",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="issue-report",
    )


def _report_dialog() -> rx.Component:
    """The Report Issue button is the dialog's trigger, so closing it (Escape, Cancel or sending)
    gives the focus back to the button; the dialog also opens from the list's link (?report=1).
    The button has no on_click of its own: Reflex would wrap it in a <div> that became the
    trigger, and Radix gave the focus back to that div, which cannot take it."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("flag", size=14), "Report Issue", color_scheme="amber", id="report-issue")
        ),
        rx.dialog.content(
            rx.dialog.title("Report a problem with this document"),
            rx.dialog.description(
                "Tell us what is wrong (for example a misspelt name or a wrong grade) and what it should say. "
                "Our team will check it and answer you here and by e-mail.",
                size="2",
            ),
            rx.vstack(
                field(
                    "What is wrong?",
                    rx.text_area(
                        value=DocumentViewState.report_text,
                        on_change=DocumentViewState.set_report_text,
                        rows="5",
                        id="report-description",
                        max_length=4000,
                    ),
                    DocumentViewState.errors.get("description", ""),
                    required=True,
                ),
                form_error(DocumentViewState.problem),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Send report",
                        on_click=DocumentViewState.submit_report,
                        color_scheme="amber",
                        id="send-report",
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=DocumentViewState.report_open,
        on_open_change=DocumentViewState.set_report_open,
    )


def _show_off() -> rx.Component:
    """A valid certificate or badge, shown elsewhere: on LinkedIn (its owner) or by its link."""
    row = DocumentViewState.row
    shareable = (row.kind != "transcript") & (row.status == "valid") & DocumentViewState.signature_valid
    return rx.cond(
        shareable,
        rx.fragment(
            rx.cond(
                DocumentViewState.can_report,
                link_button(
                    rx.icon("briefcase", size=14),
                    "Add to LinkedIn profile",
                    href=DocumentViewState.linkedin_url,
                    is_external=True,
                    variant="outline",
                    id="add-to-linkedin",
                ),
            ),
            rx.button(
                rx.icon("link", size=14),
                "Copy verification link",
                variant="outline",
                on_click=[rx.set_clipboard(DocumentViewState.verify_url), DocumentViewState.note_link_copied],
                id="copy-verification-link",
            ),
            rx.cond(
                DocumentViewState.link_copied,
                rx.text("Verification link copied.", size="2", role="status", align_self="center"),
            ),
        ),
    )


def _actions() -> rx.Component:
    row = DocumentViewState.row
    return rx.flex(
        link_button(rx.icon("arrow_left", size=14), "All documents", href="/documents", variant="soft"),
        rx.cond(DocumentViewState.can_report, _report_dialog()),
        rx.cond(
            (row.kind == "badge") & (row.status == "valid") & DocumentViewState.can_report,
            rx.button(
                rx.icon("award", size=14),
                "Export Open Badge (JSON)",
                variant="outline",
                on_click=DocumentViewState.export_badge,
                id="export-badge",
            ),
        ),
        rx.cond(
            (row.kind != "badge") & (row.status == "valid") & DocumentViewState.can_report,
            link_button(
                rx.icon("printer", size=14),
                "Order printed copy",
                href="/store?document=" + row.reference,
                variant="outline",
            ),
        ),
        _show_off(),
        gap="8px",
        wrap="wrap",
        class_name="no-print",
    )


@portal_page(
    "/documents/[doc_ref]",
    title="Document",
    kinds=("learner", "admin", "third_party"),
    on_load=DocumentViewState.load,
)
def document_view_page() -> rx.Component:
    return rx.cond(
        DocumentViewState.not_found,
        rx.vstack(
            rx.heading("Document not found", size="6", as_="h1"),
            rx.text("There is no document with this reference among yours."),
            rx.link("Back to your documents", href="/documents"),
        ),
        rx.cond(
            DocumentViewState.found,
            rx.vstack(
                rx.heading(
                    DocumentViewState.row.kind_label + " " + DocumentViewState.row.reference,
                    size="6",
                    as_="h1",
                    class_name="no-print",
                ),
                _actions(),
                status_notice(DocumentViewState),
                official_document(DocumentViewState),
                rx.text(
                    "By design this document is not offered as a download: it is valid here, in the portal. "
                    "To show it to someone, share it through Connections or give them the verification link.",
                    size="1",
                    color_scheme="gray",
                    class_name="no-print",
                ),
                rx.cond(
                    DocumentViewState.issues.length() > 0,
                    rx.vstack(
                        rx.heading("Reports on this document", size="4", as_="h2", id="document-reports"),
                        rx.foreach(DocumentViewState.issues, _issue),
                        width="100%",
                        class_name="no-print",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px"),
        ),
    )
