"""Administrators: overview, registration review queue with deletion requests, and the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from portal_app.models import Account, LearnerRecord, OutboundEmail
from portal_app.services import accounts
from portal_app.services.accounts import Overview
from portal_app.services.dates import day, moment
from portal_app.services.errors import ValidationError
from portal_app.services.names import name_key
from portal_app.services.orders import KIND_LABELS
from portal_app.services.paging import Page
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState
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


@dataclass(frozen=True)
class DeletionRow:
    """An account whose holder asked for it to be deleted."""

    id: str = ""
    name: str = ""
    email: str = ""
    kind: str = ""  # as people read it: "Learner", "Third party"
    requested: str = ""


@dataclass(frozen=True)
class MailRow:
    """An e-mail in the outbox list; `text` and `error` are filled for the one that is open."""

    id: str = ""
    to_address: str = ""
    subject: str = ""
    kind: str = ""
    created: str = ""
    status: str = ""  # sent, waiting, failed, will retry, or failed: gave up after N tries
    text: str = ""
    error: str = ""


class OutboxSearch(TypedDict):
    search: str


def _record_row(record: LearnerRecord, account: Account) -> CandidateRow:
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


NO_FIGURES = Overview(*["0"] * 8)


class AdminOverviewState(PortalState):
    figures: Overview = NO_FIGURES

    @portal_event
    async def load(self) -> None:
        self.figures = await self._open_page(accounts.overview)


class AdminRegistrationsState(PagedList, FormState, PortalState):
    """`errors` are keyed by the account a message is about (each review card shows its own)."""

    _noun: str = "registration"
    items: list[ReviewRow] = []
    reasons: dict[str, str] = {}
    deletions: list[DeletionRow] = []

    async def _reload(self) -> None:
        page = self.page

        def job(db: Any, actor: Account) -> tuple[Page[ReviewRow], list[DeletionRow]]:
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
                DeletionRow(
                    id=str(a.id),
                    name=a.full_name,
                    email=a.email,
                    kind=KIND_LABELS.get(a.kind, a.kind),
                    requested=moment(a.deletion_requested_at),
                )
                for a in accounts.deletion_requests(db, actor)
            ]
            return queue.with_rows(items), deletions

        queue, self.deletions = await self._call(job)
        self.items = self._paged(queue)

    @portal_event
    async def load(self) -> None:
        await self._open_page()
        self.errors = {}
        await self._reload()

    @portal_event
    async def approve(self, account_id: str, record_id: str) -> None:
        try:
            await self._call(accounts.approve, int(account_id), int(record_id))
        except ValidationError as error:
            self.errors = {**self.errors, account_id: error.fields.get("record", str(error))}
            return
        await self._reload()
        self._note("Approved: the learner has been e-mailed.")

    @event
    def set_reason(self, account_id: str, reason: str) -> None:
        self.reasons = {**self.reasons, account_id: reason[:1000]}

    @portal_event
    async def reject(self, account_id: str) -> None:
        try:
            await self._call(accounts.reject, int(account_id), self.reasons.get(account_id, ""))
        except ValidationError as error:
            self.errors = {**self.errors, account_id: error.fields.get("reason", str(error))}
            return
        self.reasons = {k: v for k, v in self.reasons.items() if k != account_id}
        await self._reload()
        self._note("Rejected: the learner has been e-mailed the reason.")

    @portal_event
    async def delete_account(self, account_id: str) -> None:
        await self._call(accounts.complete_deletion, int(account_id))
        await self._reload()
        self._note("The account has been deleted and its holder e-mailed.")


def _mail_status(row: OutboundEmail) -> str:
    if row.sent_at:
        return "sent"
    if row.failed_at:
        return f"failed: gave up after {row.attempts} tries"
    return "failed, will retry" if row.last_error else "waiting"


def _mail_row(row: OutboundEmail) -> MailRow:
    return MailRow(
        id=str(row.id),
        to_address=row.to_address,
        subject=row.subject,
        kind=row.kind,
        created=moment(row.created_at),
        status=_mail_status(row),
    )


class AdminOutboxState(PagedList, PortalState):
    _noun: str = "e-mail"
    rows: list[MailRow] = []
    search: str = ""
    selected: MailRow = MailRow()  # the open e-mail (none when its id is "")
    links: list[str] = []

    async def _reload(self) -> None:
        page, search = self.page, self.search

        def job(db: Any, actor: Account) -> Page[MailRow]:
            found = accounts.outbox_page(db, actor, page=page, search=search)
            return found.with_rows([_mail_row(r) for r in found.rows])

        self.rows = self._paged(await self._call(job))

    @portal_event
    async def load(self) -> None:
        await self._open_page()
        self.selected, self.links = MailRow(), []
        await self._reload()

    @portal_event
    async def find(self, form: OutboxSearch) -> None:
        self.search = form["search"][:254]
        self.page = 1
        await self._reload()

    @portal_event
    async def open_email(self, email_id: str) -> None:
        def job(db: Any, actor: Account) -> tuple[MailRow, list[str]]:
            row, links = accounts.outbox_email(db, actor, int(email_id))
            return replace(_mail_row(row), text=row.text_body, error=row.last_error or ""), links

        self.selected, self.links = await self._call(job)

    @event
    def close_email(self) -> None:
        self.selected, self.links = MailRow(), []
