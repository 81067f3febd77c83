"""Administrators: learner records and their documents; CSV import; issue, correct, revoke."""

from __future__ import annotations

import reflex as rx

from portal_app.components.badges import status_badge
from portal_app.components.forms import dialog_actions, field, form_error, form_notice, named_file_input
from portal_app.components.layout import page_heading
from portal_app.components.page import portal_page
from portal_app.components.table import Column, pager, row_action, table_of
from portal_app.services.documents import DocumentRow
from portal_app.services.issuing import RecordRow
from portal_app.state.admin_documents import AdminRecordsState
from portal_app.state.base import ADMIN

UPLOAD_ID = "records-csv"


def _import_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Import from CSV", size="4", as_="h2"),
            rx.text(
                "Every row is checked first; if any row is wrong nothing is imported and each problem is listed "
                "with its line number. Formats: docs/samples/records.csv and documents.csv.",
                size="2",
                color_scheme="gray",
            ),
            rx.flex(
                rx.select.root(
                    rx.select.trigger(aria_label="What to import", id="import-kind"),
                    rx.select.content(
                        rx.select.item("Learner records", value="records"),
                        rx.select.item("Documents", value="documents"),
                    ),
                    value=AdminRecordsState.import_kind,
                    on_change=AdminRecordsState.set_import_kind,
                ),
                named_file_input(
                    rx.upload.root(
                        rx.button(
                            rx.icon("file_up", size=14), "Choose CSV file", variant="soft", type="button"
                        ),
                        id=UPLOAD_ID,
                        accept={"text/csv": [".csv"]},
                        max_files=1,
                        multiple=False,
                        no_drag=True,
                    ),
                    "Documents CSV file",
                ),
                rx.text(rx.selected_files(UPLOAD_ID), size="2", color_scheme="gray"),
                rx.button(
                    "Import",
                    on_click=AdminRecordsState.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
                    id="import-submit",
                ),
                gap="10px",
                wrap="wrap",
                align="center",
            ),
            form_notice(AdminRecordsState.import_message),
            rx.cond(
                AdminRecordsState.import_rejected.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell("Line"), rx.table.column_header_cell("Reason")
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                AdminRecordsState.import_rejected,
                                lambda r: rx.table.row(rx.table.cell(r[0]), rx.table.cell(r[1])),
                            )
                        ),
                        size="1",
                    ),
                    class_name="table-scroll",
                    id="import-rejected",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _doc_columns(record: RecordRow) -> list[Column]:
    """A record's documents, each with what staff can do to it (no header: the card is the context)."""

    def actions(doc: DocumentRow) -> rx.Component:
        return rx.cond(
            doc.status == "valid",
            rx.flex(
                rx.button(
                    "Correct",
                    size="1",
                    variant="soft",
                    on_click=AdminRecordsState.open_correct(doc.reference),
                ),
                rx.button(
                    "Revoke",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=AdminRecordsState.open_revoke(doc.reference, record.full_name, doc.kind_label),
                ),
                gap="6px",
            ),
        )

    return [
        Column(
            "Reference",
            lambda doc: rx.link(doc.reference, href="/documents/" + doc.reference, font_family="monospace"),
            {"white_space": "nowrap"},
        ),
        Column("Kind", lambda doc: doc.kind_label),
        Column("Qualification", lambda doc: doc.qualification_title),
        Column("Issued", lambda doc: doc.issued_on, {"white_space": "nowrap"}),
        Column("Status", lambda doc: status_badge(doc.status)),
        Column("", actions),
    ]


def _record(record: RecordRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(record.full_name, size="4", as_="h2"),
                rx.badge(record.candidate_number, variant="soft", color_scheme="gray"),
                rx.text("Born " + record.date_of_birth + " · " + record.email, size="2", color_scheme="gray"),
                rx.spacer(),
                row_action(
                    "eye",
                    "Open",
                    "Open the record of " + record.full_name,
                    href="/admin/records/" + record.id.to_string(),
                ),  # fmt: skip
                rx.button(
                    rx.icon("file_plus", size=14),
                    "Issue document",
                    size="1",
                    on_click=AdminRecordsState.open_issue(record.id, record.full_name),
                ),
                gap="10px",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.cond(
                record.documents.length() > 0,
                rx.box(
                    table_of(_doc_columns(record), record.documents, header=False, size="1", variant="ghost"),
                    class_name="table-scroll",
                ),
                rx.text("No documents yet.", size="2", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="record-card",
    )


def _input(name: str, label: str, **props) -> rx.Component:
    return field(
        label,
        rx.input(name=name, default_value=AdminRecordsState.form[name], id=f"doc-{name}", **props),
        AdminRecordsState.errors.get(name, ""),
    )


def _document_fields() -> rx.Component:
    return rx.vstack(
        rx.cond(
            AdminRecordsState.dialog == "issue",
            field(
                "Kind",
                rx.select.root(
                    rx.select.trigger(id="doc-kind"),
                    rx.select.content(
                        rx.select.item("Certificate", value="certificate"),
                        rx.select.item("Transcript", value="transcript"),
                        rx.select.item("Badge", value="badge"),
                    ),
                    value=AdminRecordsState.form["kind"],
                    on_change=AdminRecordsState.set_kind,
                ),
                AdminRecordsState.errors.get("kind", ""),
            ),
        ),
        _input("qualification_number", "Qualification number"),
        _input("qualification_title", "Qualification title (badge name for a badge)"),
        _input("issued_on", "Issue date", type="date"),
        rx.cond(
            AdminRecordsState.form["kind"] == "badge",
            rx.fragment(
                _input("criteria", "Criteria"), _input("image", "Image path", placeholder="/badge-hv.svg")
            ),
            rx.fragment(
                _input("grade", "Overall grade"),
                field(
                    "Units (one a line: CODE | Title | Grade)",
                    rx.text_area(
                        name="units", default_value=AdminRecordsState.form["units"], rows="4", id="doc-units"
                    ),
                    AdminRecordsState.errors.get("units", ""),
                ),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _issue_confirmation() -> rx.Component:
    """Step two of issuing: the checked document shown back, naming the learner, before it exists."""
    preview = AdminRecordsState.preview
    return rx.vstack(
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label("Learner"), rx.data_list.value(preview.learner)),
            rx.data_list.item(rx.data_list.label("Document"), rx.data_list.value(preview.kind)),
            rx.data_list.item(rx.data_list.label("Qualification"), rx.data_list.value(preview.qualification)),
            rx.data_list.item(rx.data_list.label("Issued on"), rx.data_list.value(preview.issued_on)),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
        rx.text(
            preview.tells, " It is signed and can be verified at once; a mistake later needs a correction.",
            size="2", color_scheme="gray",
        ),
        rx.hstack(
            rx.button("Back", variant="soft", color_scheme="gray", type="button", on_click=AdminRecordsState.back_to_form),
            rx.button("Issue " + preview.kind, type="button", on_click=AdminRecordsState.confirm_issue, id="doc-confirm"),
            justify="end",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )  # fmt: skip


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(
                    AdminRecordsState.confirming,
                    "Issue this "
                    + AdminRecordsState.preview.kind
                    + " to "
                    + AdminRecordsState.preview.learner
                    + "?",
                    rx.match(
                        AdminRecordsState.dialog,
                        ("issue", "Issue a document to " + AdminRecordsState.target_name),
                        ("correct", "Correct " + AdminRecordsState.target_name),
                        (
                            "revoke",
                            "Revoke "
                            + AdminRecordsState.revoke_what
                            + " "
                            + AdminRecordsState.target_name
                            + "?",
                        ),
                        "",
                    ),
                )
            ),
            rx.cond(
                (AdminRecordsState.dialog == "correct") & AdminRecordsState.for_report,
                rx.dialog.description(
                    "This correction answers the learner's issue report: the report will link to the new "
                    "version. Answer the report on the Issues page to tell the learner.",
                    size="2",
                    margin_bottom="12px",
                ),
            ),
            rx.cond(
                AdminRecordsState.dialog == "revoke",
                rx.dialog.description(
                    "Anyone who checks this document will see that it is revoked, and the learner is e-mailed "
                    "the reason. This cannot be undone.",
                    size="2",
                    color_scheme="red",
                    margin_bottom="12px",
                ),
            ),
            rx.cond(
                AdminRecordsState.confirming,
                _issue_confirmation(),
                rx.form(
                    rx.vstack(
                        rx.cond(AdminRecordsState.dialog != "revoke", _document_fields()),
                        rx.cond(
                            AdminRecordsState.dialog != "issue",
                            field(
                                rx.cond(
                                    AdminRecordsState.dialog == "revoke",
                                    "Reason for revoking",
                                    "What was corrected",
                                ),
                                rx.input(name="reason", id="doc-reason"),  # named by its visible label
                                AdminRecordsState.errors.get("reason", ""),
                            ),
                        ),
                        form_error(AdminRecordsState.problem),
                        dialog_actions(
                            rx.button(
                                rx.match(
                                    AdminRecordsState.dialog,
                                    ("revoke", "Revoke document"),
                                    ("correct", "Issue corrected version"),
                                    "Continue",
                                ),
                                type="submit",
                                color_scheme=rx.cond(AdminRecordsState.dialog == "revoke", "red", "indigo"),
                                id="doc-submit",
                            )
                        ),
                        spacing="3",
                    ),
                    on_submit=AdminRecordsState.submit_dialog,
                    key=AdminRecordsState.dialog + AdminRecordsState.target_name,
                ),
            ),
            max_width="560px",
        ),
        open=AdminRecordsState.dialog != "",
        on_open_change=AdminRecordsState.close_dialog,
    )


@portal_page("/admin/records", title="Learner records · Admin", kinds=ADMIN, on_load=AdminRecordsState.load)
def admin_records_page() -> rx.Component:
    return rx.fragment(
        page_heading("Learner records"),
        rx.vstack(
            rx.form(
                rx.flex(
                    rx.input(
                        name="query",
                        default_value=AdminRecordsState.query,
                        placeholder="Candidate number, name, e-mail or document reference",
                        id="record-search",
                        flex="1",
                        min_width="240px",
                    ),
                    rx.button("Search", type="submit"),
                    gap="8px",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=AdminRecordsState.search,
                width="100%",
            ),
            # a problem while no dialog is open (e.g. a document to correct that is gone)
            rx.cond(AdminRecordsState.dialog == "", form_error(AdminRecordsState.problem)),
            rx.foreach(AdminRecordsState.records, _record),
            rx.cond(
                AdminRecordsState.records.length() > 0,
                pager(AdminRecordsState),
                rx.text("No learner record matches.", color_scheme="gray", id="records-none"),
            ),
            _import_panel(),
            _dialog(),
            spacing="4",
            width="100%",
        ),
    )
