"""Administrators: overview, registration review queue with deletion requests, and the outbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

import reflex as rx

from portal_app.models import Account, LearnerRecord, OutboundEmail
from portal_app.services import accounts
from portal_app.services.dates import day, moment
from portal_app.services.errors import ValidationError
from portal_app.services.orders import KIND_LABELS
from portal_app.services.paging import Page
from portal_app.state.base import PortalState
from portal_app.state.notices import noting
from portal_app.state.paging import PagedList


@dataclass
class CandidateRow:
    id: str = ""
    name: str = ""
    date_of_birth: str = ""
    candidate_number: str = ""
    email: str = ""
    same_name: bool = False
    same_dob: bool = False
    same_number: bool = False


@dataclass
class ReviewRow:
    id: str = ""
    name: str = ""
    email: str = ""
    date_of_birth: str = ""
    candidate_number: str = ""
    phone: str = ""
    registered: str = ""
    candidates: list[CandidateRow] = field(default_factory=list)


def _record_row(record: LearnerRecord, account: Account) -> CandidateRow:
    from portal_app.services.names import name_key

    return CandidateRow(
        id=str(record.id),
        name=f"{record.first_name} {record.last_name}",
        date_of_birth=day(record.date_of_birth),
        candidate_number=record.candidate_number,
        email=record.email or "",
        same_name=name_key(record.first_name + record.last_name) == name_key(account.full_name),
        same_dob=record.date_of_birth == account.date_of_birth,
        same_number=record.candidate_number == (account.candidate_number or ""),
    )


class AdminOverviewState(PortalState):
    notice: str = ""
    problem: str = ""
    counts: dict[str, str] = {}

    @rx.event
    @noting
    async def load(self) -> Any:
        redirect = await self._refresh_account(("admin",))
        if redirect:
            return redirect
        figures = await self._call(accounts.overview)
        self.counts = asdict(figures)
        return None


class AdminRegistrationsState(PagedList, PortalState):
    _noun: str = "registration"
    notice: str = ""
    problem: str = ""
    items: list[ReviewRow] = []
    reasons: dict[str, str] = {}
    errors: dict[str, str] = {}
    deletions: list[dict[str, str]] = []

    async def _reload(self) -> None:
        page = self.page

        def job(db: Any, actor: Account) -> tuple[Page[ReviewRow], list[dict[str, str]]]:
            queue = accounts.review_queue(db, actor, page)
            items = [
                ReviewRow(
                    id=str(item.account.id),
                    name=item.account.full_name,
                    email=item.account.email,
                    date_of_birth=day(item.account.date_of_birth),
                    candidate_number=item.account.candidate_number or "",
                    phone=item.account.phone or "",
                    registered=moment(item.account.created_at),
                    candidates=[_record_row(r, item.account) for r in item.candidates],
                )
                for item in queue.rows
            ]
            deletions = [
                {
                    "id": str(a.id),
                    "name": a.full_name,
                    "email": a.email,
                    "kind": KIND_LABELS.get(a.kind, a.kind),
                    "requested": moment(a.deletion_requested_at),
                }
                for a in accounts.deletion_requests(db, actor)
            ]
            return replace(queue, rows=items), deletions

        queue, self.deletions = await self._call(job)
        self.items = self._paged(queue)

    @rx.event
    @noting
    async def load(self) -> Any:
        redirect = await self._refresh_account(("admin",))
        if redirect:
            return redirect
        self.errors = {}
        await self._reload()
        return None

    @rx.event
    @noting
    async def approve(self, account_id: str, record_id: str) -> Any:
        try:
            await self._call(accounts.approve, int(account_id), int(record_id))
        except ValidationError as error:
            self.errors = {**self.errors, account_id: error.fields.get("record", str(error))}
            return None
        await self._reload()
        self.notice = "Approved: the learner has been e-mailed."
        return None

    @rx.event
    def set_reason(self, account_id: str, reason: str) -> None:
        self.reasons = {**self.reasons, account_id: reason[:1000]}

    @rx.event
    @noting
    async def reject(self, account_id: str) -> Any:
        try:
            await self._call(accounts.reject, int(account_id), self.reasons.get(account_id, ""))
        except ValidationError as error:
            self.errors = {**self.errors, account_id: error.fields.get("reason", str(error))}
            return None
        self.reasons = {k: v for k, v in self.reasons.items() if k != account_id}
        await self._reload()
        self.notice = "Rejected: the learner has been e-mailed the reason."
        return None

    @rx.event
    @noting
    async def delete_account(self, account_id: str) -> Any:
        await self._call(accounts.complete_deletion, int(account_id))
        await self._reload()
        self.notice = "The account has been deleted and its holder e-mailed."
        return None


def _mail_status(row: OutboundEmail) -> str:
    if row.sent_at:
        return "sent"
    if row.failed_at:
        return f"failed: gave up after {row.attempts} tries"
    return "failed, will retry" if row.last_error else "waiting"


def _mail_row(row: OutboundEmail) -> dict[str, str]:
    return {
        "id": str(row.id),
        "to": row.to_address,
        "subject": row.subject,
        "kind": row.kind,
        "created": moment(row.created_at),
        "status": _mail_status(row),
    }


class AdminOutboxState(PagedList, PortalState):
    _noun: str = "e-mail"
    notice: str = ""
    problem: str = ""
    rows: list[dict[str, str]] = []
    search: str = ""
    selected: dict[str, str] = {}
    links: list[str] = []

    async def _reload(self) -> None:
        page, search = self.page, self.search

        def job(db: Any, actor: Account) -> Page[dict[str, str]]:
            found = accounts.outbox_page(db, actor, page, search)
            return replace(found, rows=[_mail_row(r) for r in found.rows])

        self.rows = self._paged(await self._call(job))

    @rx.event
    @noting
    async def load(self) -> Any:
        redirect = await self._refresh_account(("admin",))
        if redirect:
            return redirect
        self.selected, self.links = {}, []
        await self._reload()
        return None

    @rx.event
    @noting
    async def find(self, form: dict[str, Any]) -> None:
        self.search = str(form.get("search", ""))[:254]
        self.page = 1
        await self._reload()

    @rx.event
    @noting
    async def open_email(self, email_id: str) -> None:
        def job(db: Any, actor: Account) -> tuple[dict[str, str], list[str]]:
            row, links = accounts.outbox_email(db, actor, int(email_id))
            return {**_mail_row(row), "text": row.text_body, "error": row.last_error or ""}, links

        self.selected, self.links = await self._call(job)

    @rx.event
    def close_email(self) -> None:
        self.selected, self.links = {}, []
