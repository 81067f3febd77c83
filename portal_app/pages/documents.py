"""The Documents tab: the learner's certificates, transcripts and badges, grouped by qualification."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.documents import report_button
from portal_app.components.layout import page_heading
from portal_app.components.links import link_button
from portal_app.components.page import portal_page
from portal_app.infra.settings import settings
from portal_app.services.documents import DocumentRow, QualificationGroup
from portal_app.services.issues import MyReport
from portal_app.state.base import LEARNER
from portal_app.state.documents import DocumentsState

COLUMNS = [
    "Reference",
    "Candidate Number",
    "Candidate Full Name",
    "Qualification Title",
    "Date",
    "Status",
    "",
]


def _no_record_notice() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("info")),
        rx.callout.text(
            rx.text.strong("We cannot show you any documents yet. "),
            "This can be for one of two reasons: you created the wrong type of account (for example a "
            "third-party account instead of a learner account), or some details in your account do not match "
            f"our records. Either way, please contact us at {settings.support_email} or call "
            f"{settings.support_phone}.",
        ),
        color_scheme="amber",
        id="no-record",
        width="100%",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Search by reference, title or number",
            value=DocumentsState.search,
            on_change=DocumentsState.set_search.debounce(300),
            aria_label="Search documents",
            id="document-search",
            flex="1",
            # the toolbar wraps before the box cuts its hint short (200% zoom)
            min_width="min(100%, 340px)",
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Sort by", id="document-sort"),
            rx.select.content(
                rx.select.item("Newest first", value="newest"),
                rx.select.item("Oldest first", value="oldest"),
                rx.select.item("Qualification title", value="title"),
                rx.select.item("Reference", value="reference"),
            ),
            value=DocumentsState.sort,
            on_change=DocumentsState.set_sort,
        ),
        rx.text(
            rx.flex(
                rx.checkbox(
                    checked=DocumentsState.show_superseded,
                    on_change=DocumentsState.set_show_superseded,
                    id="show-superseded",
                    aria_label="Show replaced versions",
                ),
                "Show replaced versions",
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        gap="12px",
        wrap="wrap",
        align="center",
        width="100%",
    )


def _cell(label: str, *children: rx.Component | rx.Var | str, **props) -> rx.Component:
    """A cell that, on a phone, shows its column name above its value (see portal.css)."""
    return rx.table.cell(*children, data_label=label, **props)


def _row(doc: DocumentRow) -> rx.Component:
    view_href = "/documents/" + doc.reference
    return rx.table.row(
        _cell("Reference", rx.text(doc.reference, font_family="monospace", size="2"), white_space="nowrap"),
        _cell("Candidate Number", doc.candidate_number),
        _cell("Candidate Full Name", doc.full_name),
        _cell(
            "Qualification Title",
            rx.vstack(
                rx.text(doc.qualification_title, size="2"),
                rx.badge(doc.kind_label, variant="outline"),
                spacing="1",
            ),
        ),
        _cell("Date", doc.issued_on, white_space="nowrap"),
        _cell("Status", status_badge(doc.status)),
        _cell(
            "",
            rx.flex(
                link_button(rx.icon("eye", size=14), "View", href=view_href, size="1"),
                report_button(view_href + "?report=1"),
                rx.cond(
                    (doc.kind != "badge") & (doc.status == "valid"),
                    link_button(
                        rx.icon("printer", size=14),
                        "Order",
                        href="/store?document=" + doc.reference,
                        size="1",
                        variant="soft",
                    ),
                ),
                gap="6px",
                wrap="wrap",
            ),
        ),
        class_name="document-row",
        data_reference=doc.reference,
    )


def _group(group: QualificationGroup) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(group.qualification_title, size="4", as_="h2"),
                rx.badge(group.qualification_number, variant="soft", color_scheme="gray"),
                wrap="wrap",
                align="center",
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
                    rx.table.body(rx.foreach(group.documents, _row)),
                    size="1",
                    width="100%",
                    class_name="stack-on-phone",
                ),
                class_name="table-scroll",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _report(report: MyReport) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(report.reference, href="/documents/" + report.reference, font_family="monospace"),
                status_badge(report.issue.status),
                rx.text("Reported " + report.issue.created_at, size="1", color_scheme="gray"),
                wrap="wrap",
                align="center",
            ),
            rx.text(report.issue.description, size="2", white_space="pre-wrap"),
            rx.cond(
                report.issue.answer != "",
                rx.callout(
                    report.issue.answer, icon="message_circle", color_scheme="blue", size="1", width="100%"
                ),
                rx.text("We have not answered yet.", size="1", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="my-report",
    )


def _empty() -> rx.Component:
    return rx.cond(
        DocumentsState.search != "",
        rx.text("No documents match your search.", color_scheme="gray", id="no-documents"),
        rx.callout.root(
            rx.callout.icon(rx.icon("info")),
            rx.callout.text(
                rx.text.strong("No documents have been issued to you yet. "),
                "When one is, we will e-mail you and it will appear here. If nothing appears after a while, "
                "you may have created the wrong type of account (for example a third-party account instead of "
                "a learner account), or some details in your account may not match our records: please "
                f"contact us at {settings.support_email} or call {settings.support_phone}.",
            ),
            color_scheme="blue",
            id="no-documents",
            width="100%",
        ),
    )


@portal_page("/documents", title="Documents", kinds=LEARNER, on_load=DocumentsState.load)
def documents_page() -> rx.Component:
    return rx.vstack(
        rx.box(
            page_heading("Documents"),
            rx.text(
                "Your official digital documents. They are as valid as printed ones, here in the portal: "
                "share them through Connections, or order a printed copy.",
                color_scheme="gray",
            ),
        ),
        rx.cond(
            DocumentsState.has_record,
            rx.vstack(
                _toolbar(),
                rx.cond(
                    DocumentsState.loaded & (DocumentsState.document_count == 0),
                    _empty(),
                    rx.foreach(DocumentsState.groups, _group),
                ),
                spacing="4",
                width="100%",
            ),
            _no_record_notice(),
        ),
        rx.cond(
            DocumentsState.reports.length() > 0,
            rx.vstack(
                rx.heading("My reports", size="4", as_="h2", id="my-reports"),
                rx.foreach(DocumentsState.reports, _report),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="5",
        width="100%",
    )
