"""Administrators: learner records (search, CSV import, issue/correct/revoke) and issue reports."""

from __future__ import annotations

from functools import partial
from typing import NotRequired, TypedDict

import reflex as rx

from portal_app.services import imports, issues, issuing
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.issues import QueueItem
from portal_app.services.issuing import IssuePreview, RecordRow
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList

BLANK_FORM = {
    "reference": "",
    "kind": "certificate",
    "qualification_number": "",
    "qualification_title": "",
    "issued_on": "",
    "grade": "",
    "units": "",
    "criteria": "",
    "image": "",
}
MAX_UPLOAD = imports.MAX_BYTES
NO_PREVIEW = IssuePreview("", "", "", "", "")


class RecordSearch(TypedDict):
    query: str


class DocumentForm(TypedDict):
    """The issue / correct / revoke dialog: which fields it has depends on what it does."""

    qualification_number: NotRequired[str]
    qualification_title: NotRequired[str]
    issued_on: NotRequired[str]
    grade: NotRequired[str]
    units: NotRequired[str]
    criteria: NotRequired[str]
    image: NotRequired[str]
    reason: NotRequired[str]


class AdminRecordsState(PagedList, FormState, PortalState):
    _noun: str = "learner record"
    query: str = ""
    records: list[RecordRow] = []
    import_kind: str = "records"
    import_message: str = ""
    import_rejected: list[tuple[int, str]] = []
    # The issue / correct dialog
    dialog: str = ""  # "" | issue | correct | revoke
    _record_id: int = 0
    target_name: str = ""
    form: dict[str, str] = BLANK_FORM  # what the dialog's fields start from
    # Issuing asks first: the checked form is shown back, naming the learner, before anything is issued.
    confirming: bool = False
    preview: IssuePreview = NO_PREVIEW
    _pending: dict[str, str] = {}
    # Revoking names the learner and the document and says it cannot be undone.
    revoke_what: str = ""
    # The issue report a correction was opened from (Issues, "Correct the document"), or 0.
    _report_id: int = 0
    for_report: bool = False

    def _field_id(self, name: str) -> str:
        return f"doc-{name}"

    async def _reload(self) -> None:
        search = partial(issuing.search_records, query=self.query, page=self.page)
        self.records = self._paged(await self._open_page(search))

    @portal_event
    async def load(self) -> None:
        self.dialog = ""
        self.import_message = ""
        self.import_rejected = []
        self._report_id, self.for_report = 0, False
        asked = self.router.url.query_parameters
        if "q" in asked:
            self.query = str(asked.get("q", ""))[:100]
            self.page = 1
        await self._reload()
        if asked.get("correct"):  # "Correct the document" on an issue report
            await self._open_correct(str(asked.get("correct", "")))
            report = str(asked.get("report", ""))[:12]
            self._report_id = int(report) if report.isdigit() else 0
            self.for_report = self._report_id != 0

    @portal_event
    async def search(self, form: RecordSearch) -> None:
        self.query = form["query"][:100]
        self.page = 1
        await self._reload()

    @event
    def set_import_kind(self, value: str) -> None:
        self.import_kind = "documents" if value == "documents" else "records"

    @portal_event
    async def handle_upload(self, files: list[rx.UploadFile]) -> None:
        """An administrator's CSV import. Who is asking is checked before a byte is read, and no
        more than the limit is read (the request itself is capped in infra/http)."""
        await self._open_page()
        self.import_message = ""
        self.import_rejected = []
        if not files:
            self.import_message = "Choose a CSV file first."
            return
        data = await files[0].read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            self.import_message = "The file is too large (5 MB at most)."
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.import_message = "The file must be CSV text in UTF-8."
            return
        importer = imports.import_documents if self.import_kind == "documents" else imports.import_records
        try:
            report = await self._call(importer, text)
        except ValidationError as error:
            self.import_message = error.fields.get("file", str(error))
            return
        except DomainError as error:
            self.import_message = str(error)
            return
        if report.ok:
            self.import_message = f"Imported {report.imported} {self.import_kind}."
            await self._reload()
            self._alert(self.import_message, "success")
            return
        self.import_rejected = report.rejected
        self.import_message = (
            f"{len(report.rejected)} rows were rejected, so nothing was imported. Fix them and upload again."
        )

    @event
    def open_issue(self, record_id: int, name: str) -> None:
        self._record_id = int(record_id)
        self.target_name = str(name)[:200]
        self.form = dict(BLANK_FORM)
        self.errors = {}
        self.confirming = False
        self.dialog = "issue"

    @portal_event
    async def open_correct(self, reference: str) -> None:
        self._report_id, self.for_report = 0, False
        await self._open_correct(reference)

    async def _open_correct(self, reference: str) -> None:
        self.form = {**await self._call(issuing.form_values, str(reference)[:40]), "reason": ""}
        self.target_name = self.form["reference"]
        self.errors = {}
        self.dialog = "correct"

    @event
    def open_revoke(self, reference: str, learner: str = "", kind: str = "") -> None:
        """`learner` and `kind` only word the question; the server acts on the reference alone."""
        self.form = {**BLANK_FORM, "reference": str(reference)[:40], "reason": ""}
        self.target_name = self.form["reference"]
        self.revoke_what = f"{str(learner)[:200]}'s {str(kind)[:40].lower()}" if learner else "this document"
        self.errors = {}
        self.dialog = "revoke"

    @event
    def close_dialog(self, open_: bool = False) -> None:
        if not open_:
            self.dialog = ""
            self.confirming = False

    @event
    def back_to_form(self) -> None:
        self.confirming = False

    @portal_event
    async def confirm_issue(self) -> None:
        if self.dialog != "issue" or not self.confirming:
            return
        try:
            document = await self._call(issuing.issue, record_id=self._record_id, form=self._pending)
        except ValidationError:
            self.confirming = False  # back to the form, each message by its field
            raise
        self.dialog, self.confirming = "", False
        await self._reload()
        self._alert(
            f"Issued {document.reference}; the learner has been told if they have an account.", "success"
        )

    @event
    def set_kind(self, value: str) -> None:
        self.form = {**self.form, "kind": str(value)[:16]}

    @portal_event
    async def submit_dialog(self, form: DocumentForm) -> None:
        # only the dialog's own fields: the browser also sends each control's value by its id
        values = {
            name: str(value)[:4000] for name, value in form.items() if name in DocumentForm.__annotations__
        }
        values["kind"] = self.form.get("kind", "certificate")
        self.form = {**self.form, **values}
        self.errors = {}
        reason = values.get("reason", "")
        if self.dialog == "issue":  # checked, then shown back for confirm_issue
            self.preview = await self._call(issuing.preview_issue, record_id=self._record_id, form=values)
            self._pending, self.confirming = values, True
            return
        if self.dialog == "correct":
            document = await self._call(
                issuing.correct,
                reference=self.target_name,
                form=values,
                reason=reason,
                report_id=self._report_id or None,
            )
            message = f"Issued corrected version {document.reference}; the old one is superseded."
            if self._report_id:
                message += " The issue report links to it."
                self._report_id, self.for_report = 0, False
        elif self.dialog == "revoke":
            await self._call(issuing.revoke, reference=self.target_name, reason=reason)
            message = f"Revoked {self.target_name}; the learner has been e-mailed the reason."
        else:
            return
        self.dialog = ""
        await self._reload()
        self._alert(message, "success")


class AdminIssuesState(PagedList, FormState, PortalState):
    _noun: str = "report"
    status: str = "open"
    items: list[QueueItem] = []
    answering: int = 0
    answer_text: str = ""

    def _field_id(self, name: str) -> str:
        return "answer-text" if name == "answer" else ""

    async def _reload(self) -> None:
        self.items = self._paged(await self._open_page(issues.queue, self.status, self.page))

    @portal_event
    async def load(self) -> None:
        self.answering = 0
        await self._reload()

    @portal_event
    async def set_status(self, value: str | list[str]) -> None:
        value = value if isinstance(value, str) else ""
        self.status = value if value in ("open", "answered", "closed", "all") else "open"
        self.page = 1
        await self._reload()

    @event
    def start_answer(self, issue_id: int, current: str) -> None:
        self.answering = int(issue_id)
        self.answer_text = str(current)[:4000]
        self.errors = {}

    @event
    def cancel_answer(self) -> None:
        self.answering = 0

    @event
    def set_answer_text(self, value: str) -> None:
        self.answer_text = str(value)[:5000]

    @portal_event
    async def send_answer(self, close: bool = False) -> None:
        self.errors = {}
        await self._call(issues.answer, self.answering, self.answer_text, bool(close))
        self.answering = 0
        self.answer_text = ""
        await self._reload()
        self._alert("Answer sent; the learner has been e-mailed.", "success")
