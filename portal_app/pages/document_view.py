"""One document, rendered in the page as the official digital document (never a download)."""

from __future__ import annotations

import reflex as rx

from portal_app.components.documents import status_badge
from portal_app.components.forms import field
from portal_app.components.layout import page_shell
from portal_app.infra.settings import settings
from portal_app.services.documents import IssueView
from portal_app.state.documents import DocumentViewState as S


def _status_notice() -> rx.Component:
    return rx.fragment(
        rx.cond(
            ~S.signature_valid,
            rx.callout(
                "This document failed its integrity check. Do not rely on it; our team has been told.",
                icon="shield_alert",
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.match(
            S.row.status,
            (
                "revoked",
                rx.callout(
                    "This document has been revoked and is no longer valid. Reason: " + S.status_reason,
                    icon="ban",
                    color_scheme="red",
                    width="100%",
                    id="status-notice",
                ),
            ),
            (
                "superseded",
                rx.callout.root(
                    rx.callout.icon(rx.icon("history")),
                    rx.callout.text(
                        "This version was replaced by a corrected one (" + S.status_reason + "). ",
                        rx.link("View the current version", href="/documents/" + S.replaced_by),
                    ),
                    color_scheme="gray",
                    width="100%",
                    id="status-notice",
                ),
            ),
            rx.fragment(),
        ),
    )


def _unit_row(unit: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(unit["code"]), rx.table.cell(unit["title"]), rx.table.cell(unit["grade"])
    )


def _units() -> rx.Component:
    return rx.cond(
        S.units.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Unit"),
                        rx.table.column_header_cell("Title"),
                        rx.table.column_header_cell("Grade"),
                    )
                ),
                rx.table.body(rx.foreach(S.units, _unit_row)),
                size="1",
                width="100%",
            ),
            class_name="table-scroll",
            width="100%",
        ),
        rx.fragment(),
    )


def _badge_body() -> rx.Component:
    return rx.vstack(
        rx.image(src=S.badge_image, alt="Badge: " + S.row.qualification_title, width="160px", height="160px"),
        rx.heading(S.row.qualification_title, size="6", as_="h2", text_align="center"),
        rx.text("awarded to", color_scheme="gray"),
        rx.heading(S.row.full_name, size="5", as_="p"),
        rx.text(rx.text.strong("Criteria: "), S.criteria, size="2", text_align="center", id="badge-criteria"),
        align="center",
        spacing="2",
        width="100%",
    )


def _certificate_body() -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.cond(S.row.kind == "transcript", "Transcript of results for", "This is to certify that"),
            color_scheme="gray",
        ),
        rx.heading(S.row.full_name, size="7", as_="p", id="learner-name"),
        rx.text(rx.cond(S.row.kind == "transcript", "in", "has been awarded"), color_scheme="gray"),
        rx.heading(
            S.row.qualification_title, size="5", as_="h2", text_align="center", id="qualification-title"
        ),
        rx.text("Qualification number " + S.row.qualification_number, size="2"),
        rx.cond(S.grade != "", rx.text("Grade: ", rx.text.strong(S.grade), size="3"), rx.fragment()),
        rx.cond(S.row.kind == "transcript", _units(), rx.fragment()),
        align="center",
        spacing="2",
        width="100%",
    )


def _document() -> rx.Component:
    return rx.box(
        rx.box("Digital copy - valid only in the Achievement Portal", class_name="digital-copy-ribbon"),
        rx.box(
            "PRINTED COPY - NOT VALID. This document is valid only when viewed in the "
            f"{settings.org_name} Achievement Portal. Verify it at the address below.",
            class_name="print-only print-warning",
        ),
        rx.vstack(
            rx.hstack(
                rx.image(src=settings.org_logo, alt=f"{settings.org_name} logo", width="56px", height="56px"),
                rx.vstack(
                    rx.heading(settings.org_name, size="5", as_="p"),
                    rx.text(S.row.kind_label, size="2", color_scheme="gray", text_transform="uppercase"),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            ),
            rx.divider(),
            rx.cond(S.row.kind == "badge", _badge_body(), _certificate_body()),
            rx.divider(),
            rx.flex(
                rx.vstack(
                    rx.text("Candidate number: ", S.row.candidate_number, size="2"),
                    rx.text("Date of issue: ", S.row.issued_on, size="2", id="issued-on"),
                    rx.text("Reference: ", rx.code(S.row.reference, id="document-reference"), size="2"),
                    rx.text("Status: ", status_badge(S.row.status), size="2"),
                    rx.text(
                        "Verify at ",
                        rx.link(S.verify_url, href=S.verify_url, id="verify-url"),
                        size="1",
                        word_break="break-all",
                    ),
                    spacing="1",
                    align="start",
                ),
                rx.image(
                    src=S.qr_code,
                    alt="QR code of the verification address",
                    width="120px",
                    height="120px",
                    id="qr-code",
                ),
                justify="between",
                align="end",
                gap="16px",
                wrap="wrap",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        class_name="official-document",
        data_status=S.row.status,
        id="official-document",
    )


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
    return rx.dialog.root(
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
                        value=S.report_text,
                        on_change=S.set_report_text,
                        rows="5",
                        id="report-description",
                        max_length=4000,
                    ),
                    S.report_error,
                    required=True,
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Send report", on_click=S.submit_report, color_scheme="amber", id="send-report"
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=S.report_open,
        on_open_change=S.set_report_open,
    )


def _show_off() -> rx.Component:
    """A valid certificate or badge, shown elsewhere: on LinkedIn (its owner) or by its link."""
    shareable = (S.row.kind != "transcript") & (S.row.status == "valid") & S.signature_valid
    return rx.cond(
        shareable,
        rx.fragment(
            rx.cond(
                S.can_report,
                rx.button(
                    rx.link(
                        rx.icon("briefcase", size=14),
                        "Add to LinkedIn profile",
                        href=S.linkedin_url,
                        is_external=True,
                        id="add-to-linkedin",
                    ),
                    as_child=True,
                    variant="outline",
                ),
            ),
            rx.button(
                rx.icon("link", size=14),
                "Copy verification link",
                variant="outline",
                on_click=[rx.set_clipboard(S.verify_url), S.note_link_copied],
                id="copy-verification-link",
            ),
            rx.cond(
                S.link_copied,
                rx.text("Verification link copied.", size="2", role="status", align_self="center"),
            ),
        ),
    )


def _actions() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.button(rx.icon("arrow_left", size=14), "All documents", variant="soft"), href="/documents"
        ),
        rx.cond(
            S.can_report,
            rx.button(
                rx.icon("flag", size=14),
                "Report Issue",
                color_scheme="amber",
                on_click=S.open_report,
                id="report-issue",
            ),
            rx.fragment(),
        ),
        rx.cond(
            (S.row.kind == "badge") & (S.row.status == "valid") & S.can_report,
            rx.button(
                rx.icon("award", size=14),
                "Export Open Badge (JSON)",
                variant="outline",
                on_click=S.export_badge,
                id="export-badge",
            ),
            rx.fragment(),
        ),
        rx.cond(
            (S.row.kind != "badge") & (S.row.status == "valid") & S.can_report,
            rx.link(
                rx.button(rx.icon("printer", size=14), "Order printed copy", variant="outline"),
                href="/store?document=" + S.row.reference,
            ),
            rx.fragment(),
        ),
        _show_off(),
        gap="8px",
        wrap="wrap",
        class_name="no-print",
    )


@rx.page(route="/documents/[doc_ref]", title="Document", on_load=S.load)
def document_view_page() -> rx.Component:
    return page_shell(
        rx.cond(
            S.not_found,
            rx.vstack(
                rx.heading("Document not found", size="6", as_="h1"),
                rx.text("There is no document with this reference among yours."),
                rx.link("Back to your documents", href="/documents"),
            ),
            rx.cond(
                S.found,
                rx.vstack(
                    rx.heading(
                        S.row.kind_label + " " + S.row.reference, size="6", as_="h1", class_name="no-print"
                    ),
                    _actions(),
                    _status_notice(),
                    _document(),
                    rx.text(
                        "By design this document is not offered as a download: it is valid here, in the portal. "
                        "To show it to someone, share it through Connections or give them the verification link.",
                        size="1",
                        color_scheme="gray",
                        class_name="no-print",
                    ),
                    rx.cond(
                        S.issues.length() > 0,
                        rx.vstack(
                            rx.heading("Reports on this document", size="4", as_="h2", id="document-reports"),
                            rx.foreach(S.issues, _issue),
                            width="100%",
                            class_name="no-print",
                        ),
                        rx.fragment(),
                    ),
                    _report_dialog(),
                    spacing="4",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), padding="48px"),
            ),
        ),
    )
