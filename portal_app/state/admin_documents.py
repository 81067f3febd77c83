"""Administrators: learner records (search, CSV import, issue/correct/revoke) and issue reports."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import imports, issues, issuing
from portal_app.services.errors import DomainError, ValidationError
from portal_app.services.issues import QueueItem
from portal_app.services.issuing import IssuePreview, RecordRow
from portal_app.state.base import PortalState, guarded
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


class AdminRecordsState(PagedList, PortalState):
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
    form: dict[str, str] = BLANK_FORM
    errors: dict[str, str] = {}
    # Issuing asks first: the checked form is shown back, naming the learner, before anything is issued.
    confirming: bool = False
    preview: IssuePreview = NO_PREVIEW
    _pending: dict[str, str] = {}
    # Revoking names the learner and the document and says it cannot be undone.
    revoke_what: str = ""
    # The issue report a correction was opened from (Issues, "Correct the document"), or 0.
    _report_id: int = 0
    for_report: bool = False

    async def _reload(self) -> Any:
        redirect, found = await self._load_page(("admin",), issuing.search_records, self.query, self.page)
        if redirect or found is None:
            return redirect
        self.records = self._paged(found)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.dialog = ""
        self.import_message = ""
        self.import_rejected = []
        self._report_id, self.for_report = 0, False
        asked = self.router.url.query_parameters
        if "q" in asked:
            self.query = str(asked.get("q", ""))[:100]
            self.page = 1
        redirect = await self._reload()
        if redirect is None and asked.get("correct"):  # "Correct the document" on an issue report
            await self._open_correct(str(asked.get("correct", "")))
            report = str(asked.get("report", ""))[:12]
            self._report_id = int(report) if report.isdigit() else 0
            self.for_report = self._report_id != 0
        return redirect

    @rx.event
    @guarded
    async def search(self, form: dict[str, Any]) -> Any:
        self.query = str(form.get("query", ""))[:100]
        self.page = 1
        return await self._reload()

    @rx.event
    def set_import_kind(self, value: str) -> None:
        self.import_kind = "documents" if value == "documents" else "records"

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]) -> Any:
        """An administrator's CSV import. Who is asking is checked before a byte is read, and no
        more than the limit is read (the request itself is capped in infra/http)."""
        redirect = await self._refresh_account(("admin",))
        if redirect:
            return redirect
        self.import_message = ""
        self.import_rejected = []
        if not files:
            self.import_message = "Choose a CSV file first."
            return None
        data = await files[0].read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            self.import_message = "The file is too large (5 MB at most)."
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.import_message = "The file must be CSV text in UTF-8."
            return None
        importer = imports.import_documents if self.import_kind == "documents" else imports.import_records
        try:
            report = await self._call(importer, text)
        except ValidationError as error:
            self.import_message = error.fields.get("file", str(error))
            return None
        except DomainError as error:
            self.import_message = str(error)
            return None
        if report.ok:
            self.import_message = f"Imported {report.imported} {self.import_kind}."
            await self._reload()
            self._alert(self.import_message, "success")
            return None
        self.import_rejected = report.rejected
        self.import_message = (
            f"{len(report.rejected)} rows were rejected, so nothing was imported. Fix them and upload again."
        )
        return None

    @rx.event
    def open_issue(self, record_id: int, name: str) -> None:
        self._record_id = int(record_id)
        self.target_name = str(name)[:200]
        self.form = dict(BLANK_FORM)
        self.errors = {}
        self.confirming = False
        self.dialog = "issue"

    @rx.event
    @guarded
    async def open_correct(self, reference: str) -> Any:
        self._report_id, self.for_report = 0, False
        await self._open_correct(reference)
        return None

    async def _open_correct(self, reference: str) -> None:
        self.form = await self._call(issuing.form_values, str(reference)[:40])
        self.form["reason"] = ""
        self.target_name = self.form["reference"]
        self.errors = {}
        self.dialog = "correct"

    @rx.event
    def open_revoke(self, reference: str, learner: str = "", kind: str = "") -> None:
        """`learner` and `kind` only word the question; the server acts on the reference alone."""
        self.form = {**BLANK_FORM, "reference": str(reference)[:40], "reason": ""}
        self.target_name = self.form["reference"]
        self.revoke_what = f"{str(learner)[:200]}'s {str(kind)[:40].lower()}" if learner else "this document"
        self.errors = {}
        self.dialog = "revoke"

    @rx.event
    def close_dialog(self, open_: bool = False) -> None:
        if not open_:
            self.dialog = ""
            self.confirming = False

    @rx.event
    def back_to_form(self) -> None:
        self.confirming = False

    @rx.event
    @guarded
    async def confirm_issue(self) -> Any:
        if self.dialog != "issue" or not self.confirming:
            return None
        try:
            document = await self._call(issuing.issue, self._record_id, self._pending)
        except ValidationError as error:
            self.errors, self.confirming = error.fields, False
            return None
        self.dialog, self.confirming = "", False
        await self._reload()
        self._alert(
            f"Issued {document.reference}; the learner has been told if they have an account.", "success"
        )
        return None

    @rx.event
    def set_kind(self, value: str) -> None:
        self.form = {**self.form, "kind": str(value)[:16]}

    @rx.event
    @guarded
    async def submit_dialog(self, form: dict[str, Any]) -> Any:
        values = {k: str(v)[:4000] for k, v in form.items()}
        values["kind"] = self.form.get("kind", "certificate")
        self.form = {**self.form, **values}
        self.errors = {}
        try:
            if self.dialog == "issue":  # checked, then shown back for confirm_issue
                self.preview = await self._call(issuing.preview_issue, self._record_id, values)
                self._pending, self.confirming = values, True
                return None
            if self.dialog == "correct":
                document = await self._call(
                    issuing.correct,
                    self.target_name,
                    values,
                    values.get("reason", ""),
                    report_id=self._report_id or None,
                )
                message = f"Issued corrected version {document.reference}; the old one is superseded."
                if self._report_id:
                    message += " The issue report links to it."
                    self._report_id, self.for_report = 0, False
            elif self.dialog == "revoke":
                await self._call(issuing.revoke, self.target_name, values.get("reason", ""))
                message = f"Revoked {self.target_name}; the learner has been e-mailed the reason."
            else:
                return None
        except ValidationError as error:
            self.errors = error.fields
            return None
        self.dialog = ""
        await self._reload()
        self._alert(message, "success")
        return None


class AdminIssuesState(PagedList, PortalState):
    _noun: str = "report"
    status: str = "open"
    items: list[QueueItem] = []
    answering: int = 0
    answer_text: str = ""
    answer_error: str = ""

    async def _reload(self) -> Any:
        redirect, found = await self._load_page(("admin",), issues.queue, self.status, self.page)
        if redirect or found is None:
            return redirect
        self.items = self._paged(found)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.answering = 0
        return await self._reload()

    @rx.event
    @guarded
    async def set_status(self, value: str | list[str]) -> Any:
        value = value if isinstance(value, str) else ""
        self.status = value if value in ("open", "answered", "closed", "all") else "open"
        self.page = 1
        return await self._reload()

    @rx.event
    def start_answer(self, issue_id: int, current: str) -> None:
        self.answering = int(issue_id)
        self.answer_text = str(current)[:4000]
        self.answer_error = ""

    @rx.event
    def cancel_answer(self) -> None:
        self.answering = 0

    @rx.event
    def set_answer_text(self, value: str) -> None:
        self.answer_text = str(value)[:5000]

    @rx.event
    @guarded
    async def send_answer(self, close: bool = False) -> Any:
        self.answer_error = ""
        try:
            await self._call(issues.answer, self.answering, self.answer_text, bool(close))
        except ValidationError as error:
            self.answer_error = error.fields.get("answer", str(error))
            return None
        self.answering = 0
        self.answer_text = ""
        await self._reload()
        self._alert("Answer sent; the learner has been e-mailed.", "success")
        return None
