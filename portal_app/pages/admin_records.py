"""Administrators: learner records and their documents; CSV import; issue, correct, revoke."""

from __future__ import annotations

import reflex as rx

from portal_app.components.documents import status_badge
from portal_app.components.forms import dialog_actions, field, form_notice, named_file_input
from portal_app.components.layout import page_shell
from portal_app.components.table import labelled, pager, row_action
from portal_app.services.documents import DocumentRow
from portal_app.services.issuing import RecordRow
from portal_app.state.admin_documents import AdminRecordsState as S

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
                    value=S.import_kind,
                    on_change=S.set_import_kind,
                ),
                named_file_input(
                    rx.upload.root(
                        rx.button(rx.icon("file_up", size=14), "Choose CSV file", variant="soft", type="button"),
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
                    on_click=S.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
                    id="import-submit",
                ),
                gap="10px",
                wrap="wrap",
                align="center",
            ),
            form_notice(S.import_message),
            rx.cond(
                S.import_rejected.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell("Line"), rx.table.column_header_cell("Reason")
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.import_rejected,
                                lambda r: rx.table.row(rx.table.cell(r[0]), rx.table.cell(r[1])),
                            )
                        ),
                        size="1",
                    ),
                    class_name="table-scroll",
                    id="import-rejected",
                ),
                rx.fragment(),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


DOC_COLUMNS = ["Reference", "Kind", "Qualification", "Issued", "Status", ""]


def _doc_row(doc: DocumentRow, record: RecordRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(doc.reference, href="/documents/" + doc.reference, font_family="monospace"),
            white_space="nowrap",
        ),
        rx.table.cell(doc.kind_label),
        rx.table.cell(doc.qualification_title),
        rx.table.cell(doc.issued_on, white_space="nowrap"),
        rx.table.cell(status_badge(doc.status)),
        rx.table.cell(
            rx.cond(
                doc.status == "valid",
                rx.flex(
                    rx.button("Correct", size="1", variant="soft", on_click=S.open_correct(doc.reference)),
                    rx.button(
                        "Revoke",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.open_revoke(doc.reference, record.full_name, doc.kind_label),
                    ),
                    gap="6px",
                ),
                rx.fragment(),
            )
        ),
    )


def _record(record: RecordRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(record.full_name, size="4", as_="h2"),
                rx.badge(record.candidate_number, variant="soft", color_scheme="gray"),
                rx.text("Born " + record.date_of_birth + " · " + record.email, size="2", color_scheme="gray"),
                rx.spacer(),
                row_action("eye", "Open", "Open the record of " + record.full_name,
                           href="/admin/records/" + record.id.to_string()),  # fmt: skip
                rx.button(
                    rx.icon("file_plus", size=14),
                    "Issue document",
                    size="1",
                    on_click=S.open_issue(record.id, record.full_name),
                ),
                gap="10px",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.cond(
                record.documents.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.body(
                            rx.foreach(record.documents, lambda d: labelled(_doc_row(d, record), DOC_COLUMNS))
                        ),
                        size="1",
                        width="100%",
                        class_name="stack-on-phone",
                    ),
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
        rx.input(name=name, default_value=S.form[name], id=f"doc-{name}", **props),
        S.errors.get(name, ""),
    )


def _document_fields() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.dialog == "issue",
            field(
                "Kind",
                rx.select.root(
                    rx.select.trigger(id="doc-kind"),
                    rx.select.content(
                        rx.select.item("Certificate", value="certificate"),
                        rx.select.item("Transcript", value="transcript"),
                        rx.select.item("Badge", value="badge"),
                    ),
                    value=S.form["kind"],
                    on_change=S.set_kind,
                ),
                S.errors.get("kind", ""),
            ),
            rx.fragment(),
        ),
        _input("qualification_number", "Qualification number"),
        _input("qualification_title", "Qualification title (badge name for a badge)"),
        _input("issued_on", "Issue date", type="date"),
        rx.cond(
            S.form["kind"] == "badge",
            rx.fragment(
                _input("criteria", "Criteria"), _input("image", "Image path", placeholder="/badge-hv.svg")
            ),
            rx.fragment(
                _input("grade", "Overall grade"),
                field(
                    "Units (one a line: CODE | Title | Grade)",
                    rx.text_area(name="units", default_value=S.form["units"], rows="4", id="doc-units"),
                    S.errors.get("units", ""),
                ),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _issue_confirmation() -> rx.Component:
    """Step two of issuing: the checked document shown back, naming the learner, before it exists."""
    preview = S.preview
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
            rx.button("Back", variant="soft", color_scheme="gray", type="button", on_click=S.back_to_form),
            rx.button("Issue " + preview.kind, type="button", on_click=S.confirm_issue, id="doc-confirm"),
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
                    S.confirming,
                    "Issue this " + S.preview.kind + " to " + S.preview.learner + "?",
                    rx.match(
                        S.dialog,
                        ("issue", "Issue a document to " + S.target_name),
                        ("correct", "Correct " + S.target_name),
                        ("revoke", "Revoke " + S.revoke_what + " " + S.target_name + "?"),
                        "",
                    ),
                )
            ),
            rx.cond(
                S.dialog == "revoke",
                rx.dialog.description(
                    "Anyone who checks this document will see that it is revoked, and the learner is e-mailed "
                    "the reason. This cannot be undone.",
                    size="2",
                    color_scheme="red",
                    margin_bottom="12px",
                ),
            ),
            rx.cond(
                S.confirming,
                _issue_confirmation(),
                rx.form(
                    rx.vstack(
                        rx.cond(S.dialog != "revoke", _document_fields(), rx.fragment()),
                        rx.cond(
                            S.dialog != "issue",
                            field(
                                rx.cond(S.dialog == "revoke", "Reason for revoking", "What was corrected"),
                                rx.input(name="reason", id="doc-reason", aria_label="Reason"),
                                S.errors.get("reason", ""),
                            ),
                            rx.fragment(),
                        ),
                        dialog_actions(
                            rx.button(
                                rx.match(
                                    S.dialog,
                                    ("revoke", "Revoke document"),
                                    ("correct", "Issue corrected version"),
                                    "Continue",
                                ),
                                type="submit",
                                color_scheme=rx.cond(S.dialog == "revoke", "red", "indigo"),
                                id="doc-submit",
                            )
                        ),
                        spacing="3",
                    ),
                    on_submit=S.submit_dialog,
                    key=S.dialog + S.target_name,
                ),
            ),
            max_width="560px",
        ),
        open=S.dialog != "",
        on_open_change=S.close_dialog,
    )


@rx.page(route="/admin/records", title="Learner records · Admin", on_load=S.load)
def admin_records_page() -> rx.Component:
    return page_shell(
        rx.vstack(
            rx.form(
                rx.flex(
                    rx.input(
                        name="query",
                        default_value=S.query,
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
                on_submit=S.search,
                width="100%",
            ),
            rx.foreach(S.records, _record),
            rx.cond(
                S.records.length() > 0,  # type: ignore[attr-defined]
                pager(S),
                rx.text("No learner record matches.", color_scheme="gray", id="records-none"),
            ),
            _import_panel(),
            _dialog(),
            spacing="4",
            width="100%",
        ),
        title="Learner records",
    )
