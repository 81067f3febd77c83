"""The learner's documents list, one document's view, reporting an issue and exporting a badge."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session

from portal_app.models import Account
from portal_app.services import badges, documents, issues
from portal_app.services.documents import DocumentRow, DocumentView, IssueView, QualificationGroup
from portal_app.services.errors import DomainError, NotFound, ValidationError
from portal_app.services.issues import MyReport
from portal_app.services.verification import linkedin_add_url, qr_data_uri, verification_url
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState


@dataclass(frozen=True)
class UnitRow:
    """A unit of a transcript, as the document shows it."""

    code: str
    title: str
    grade: str

    @classmethod
    def of(cls, unit: dict[str, Any]) -> UnitRow:
        return cls(**{name: str(unit.get(name, "")) for name in ("code", "title", "grade")})


@dataclass
class ListPage:
    groups: list[QualificationGroup]
    has_record: bool
    reports: list[MyReport]


def _list_page(db: Session, actor: Account, search: str, sort: str, superseded: bool) -> ListPage:
    return ListPage(
        groups=documents.list_for_learner(db, actor, search, sort, superseded),
        has_record=actor.learner_record_id is not None,
        reports=issues.my_reports(db, actor),
    )


class DocumentsState(PortalState):
    groups: list[QualificationGroup] = []
    reports: list[MyReport] = []
    has_record: bool = True
    search: str = ""
    sort: str = "newest"
    show_superseded: bool = False
    loaded: bool = False

    async def _reload(self) -> None:
        page = await self._open_page(_list_page, self.search, self.sort, self.show_superseded)
        self.groups = page.groups
        self.has_record = page.has_record
        self.reports = page.reports
        self.loaded = True

    async def _relist(self) -> None:
        """Only the list, after a search, sort or filter: not the page's other queries (the
        service checks that the account is a learner)."""
        self.groups = await self._call(
            documents.list_for_learner, self.search, self.sort, self.show_superseded
        )

    @portal_event
    async def load(self) -> None:
        await self._reload()

    @portal_event
    async def set_search(self, value: str) -> None:
        self.search = str(value)[:100]
        await self._relist()

    @portal_event
    async def set_sort(self, value: str) -> None:
        self.sort = value if value in documents.SORTS else "newest"
        await self._relist()

    @portal_event
    async def set_show_superseded(self, value: bool) -> None:
        self.show_superseded = bool(value)
        await self._relist()

    @rx.var
    def document_count(self) -> int:
        return sum(len(g.documents) for g in self.groups)


class DocumentViewState(FormState, PortalState):
    """One document; its Report dialog is the form."""

    row: DocumentRow = DocumentRow("", "", "", "", "", "", "", "", "")
    grade: str = ""
    criteria: str = ""
    badge_image: str = ""
    status_reason: str = ""
    replaced_by: str = ""
    signature_valid: bool = True
    can_report: bool = False
    found: bool = False
    units: list[UnitRow] = []
    issues: list[IssueView] = []
    qr_code: str = ""
    verify_url: str = ""
    linkedin_url: str = ""
    link_copied: bool = False
    not_found: bool = False
    report_open: bool = False
    report_text: str = ""
    report_sent: bool = False

    def _field_id(self, name: str) -> str:
        return "report-description"

    def _show_problem(self, error: DomainError) -> Any:
        """Only the report is checked field by field: its field says why (even after a double
        click has closed the dialog); anything else is said in the page's alert."""
        if isinstance(error, ValidationError):
            return super()._show_problem(error)
        return PortalState._show_problem(self, error)

    def _reference(self) -> str:
        return (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]

    async def _reload(self) -> None:
        try:
            view = await self._open_page(documents.view, self._reference())
        except NotFound:
            self.found, self.not_found = False, True
            return
        self._show(view)

    def _show(self, view: DocumentView) -> None:
        self.row = view.row
        self.grade = str(view.content.get("grade", ""))
        self.criteria = str(view.content.get("criteria", ""))
        self.badge_image = str(view.content.get("image", "/badge-hv.svg"))
        self.status_reason = view.status_reason
        self.replaced_by = view.replaced_by
        self.signature_valid = view.signature_valid
        self.can_report = view.can_report
        self.found, self.not_found = True, False
        self.units = [UnitRow.of(u) for u in view.content.get("units", []) if isinstance(u, dict)]
        self.issues = view.issues
        self.verify_url = verification_url(view.row.reference)
        self.qr_code = qr_data_uri(self.verify_url)
        self.link_copied = False
        self.linkedin_url = linkedin_add_url(
            qualification_title=view.row.qualification_title,
            reference=view.row.reference,
            issued_on=date.fromisoformat(view.issued_on_iso),
        )

    @portal_event
    async def load(self) -> None:
        self.report_open = False
        self.report_text = ""
        self.errors = {}
        self.report_sent = False
        await self._reload()
        if self.can_report and self.router.url.query_parameters.get("report") == "1":
            self.report_open = True

    @event
    def note_link_copied(self) -> None:
        self.link_copied = True

    @event
    def set_report_open(self, value: bool) -> None:
        """The dialog opening (its Report Issue trigger) or closing (Escape, Cancel)."""
        self.report_open = bool(value)
        if self.report_open:
            self.errors = {}
            self.report_sent = False

    @event
    def set_report_text(self, value: str) -> None:
        self.report_text = str(value)[:5000]

    @portal_event
    async def submit_report(self) -> None:
        self.errors = {}
        await self._call(issues.report, self._reference(), self.report_text)
        self.report_open = False
        self.report_text = ""
        self.report_sent = True
        await self._reload()
        self._alert("Thank you: your report has been sent to our team.", "success")

    @portal_event
    async def export_badge(self) -> Any:
        credential = await self._call(badges.credential, self._reference())
        return rx.download(
            data=json.dumps(credential, indent=2, ensure_ascii=False),
            filename=f"{self._reference()}-openbadge.json",
            mime_type="application/json",
        )
