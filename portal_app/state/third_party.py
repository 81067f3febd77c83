"""The third party's pages: connected learners, connections and requests, a shared document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import urlencode

from sqlmodel import Session

from portal_app.models import Account
from portal_app.services import sharing
from portal_app.services.dates import day, moment
from portal_app.services.errors import DomainError, NotFound
from portal_app.services.paging import Page, count_label
from portal_app.services.text import counted
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.connections import ConnectionListState
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList

KIND_LABELS = {"certificate": "Certificate", "transcript": "Transcript", "badge": "Badge"}
# The Request Connection form's controls, by field.
REQUEST_FIELD_IDS = {
    "learner_name": "learner-name",
    "learner_email": "learner-email",
    "candidate_number": "candidate-number",
    "message": "request-message",
}


@dataclass(frozen=True)
class SharedRow:
    """A document a connected learner shares, with the link that opens it."""

    learner: str
    email: str
    expires: str
    reference: str
    document: str
    status: str
    href: str


@dataclass(frozen=True)
class UnitRow:
    """A unit of a transcript."""

    code: str
    title: str
    grade: str


class RequestForm(TypedDict):
    """The Request Connection form: `sharing.request_connection`'s inputs."""

    learner_name: str
    learner_email: str
    candidate_number: str
    message: str


Learners = tuple[Page[sharing.ConnectedLearner], tuple[int, bool]]


def _learners(db: Session, actor: Account, search: str, page: int) -> Learners:
    """The learners sharing with the actor (after attaching requests their details now match),
    and how many connections wait for the actor's answer."""
    sharing.attach_pending_connections(db, actor)
    return sharing.connected_learners(db, actor, search, page), sharing.pending_count(db, actor)


class LearnersState(PagedList, PortalState):
    _noun: str = "learner"
    rows: list[SharedRow] = []
    search: str = ""
    pending: str = ""  # "3 pending connections" waiting for an answer; "" for none

    def _show(self, result: Learners) -> None:
        learners, pending = result
        self.pending = counted(count_label(*pending), "pending connection") if pending[0] else ""
        self.rows = [
            SharedRow(
                learner=learner.learner_name,
                email=learner.learner_email,
                expires=day(learner.expires_on),
                reference=d.reference,
                document=f"{KIND_LABELS.get(d.kind, d.kind)} - {d.qualification_number} {d.qualification_title}",
                status=d.status,
                href="/third-party/document?"
                + urlencode({"connection": learner.connection_id, "reference": d.reference}),
            )
            for learner in self._paged(learners)
            for d in learner.documents
        ]

    async def _reload(self) -> None:
        self._show(await self._call(_learners, self.search, self.page))

    @portal_event
    async def load(self) -> None:
        self._show(await self._open_page(_learners, self.search, self.page))

    @portal_event
    async def set_search(self, value: str) -> None:
        self.search, self.page = str(value)[:100], 1
        await self._reload()


class ThirdPartyConnectionsState(FormState, ConnectionListState, PortalState):
    """The list and the Request Connection dialog: its refusals show in the open dialog;
    anything else (a refused answer, say) in the page's alert."""

    request_open: bool = False

    def _field_id(self, name: str) -> str:
        return REQUEST_FIELD_IDS.get(name, "")

    def _show_problem(self, error: DomainError) -> Any:
        if self.request_open:
            return super()._show_problem(error)
        return PortalState._show_problem(self, error)

    async def _reload(self) -> None:
        self._show_page(await self._call(sharing.list_connections, *self._query()))

    @portal_event
    async def load(self) -> None:
        self._show_page(await self._open_page(sharing.list_connections, *self._query()))

    @portal_event
    async def respond(self, connection_id: str, accept: bool) -> None:
        await self._call(sharing.respond, int(connection_id), bool(accept))
        await self._reload()
        self._alert("Connection accepted." if accept else "Connection declined.", "success")

    @event
    def set_request_open(self, value: bool) -> None:
        if value:
            self.errors, self.problem = {}, ""
        self.request_open = value

    @portal_event
    async def request(self, form: RequestForm) -> None:
        self.errors = {}
        outcome = await self._call(
            sharing.request_connection,
            learner_name=form["learner_name"],
            learner_email=form["learner_email"],
            candidate_number=form["candidate_number"],
            message=form["message"],
        )
        self.request_open = False
        self.tab, self.page = "active", 1
        await self._reload()
        self._alert(
            outcome.note
            or "Request sent. If the details match a learner's account, they will be asked to accept it.",
            "success",
        )

    @portal_event
    async def withdraw(self, connection_id: str) -> None:
        await self._call(sharing.withdraw_request, int(connection_id))
        await self._reload()
        self._alert("Your request was withdrawn.", "success")


class SharedDocumentState(PortalState):
    found: bool = False
    error: str = ""  # why the document cannot be shown (not shared, or no longer)
    learner_name: str = ""
    reference: str = ""
    kind: str = ""
    qualification: str = ""
    issued_on: str = ""
    status: str = ""
    status_reason: str = ""
    grade: str = ""
    units: list[UnitRow] = []
    viewed_at: str = ""

    def _show(self, view: sharing.DocumentView) -> None:
        self.found = True
        self.learner_name = view.learner_name
        self.reference = view.reference
        self.kind = KIND_LABELS.get(view.kind, view.kind)
        self.qualification = f"{view.qualification_number} {view.qualification_title}"
        self.issued_on = day(view.issued_on)
        self.status = view.status
        self.status_reason = view.status_reason
        self.grade = str(view.content.get("grade", ""))
        self.units = [
            UnitRow(code=str(u.get("code", "")), title=str(u.get("title", "")), grade=str(u.get("grade", "")))
            for u in view.content.get("units", []) or []
            if isinstance(u, dict) and view.kind == "transcript"  # units belong to the transcript only
        ]
        self.viewed_at = moment(view.viewed_at)

    @portal_event
    async def load(self) -> None:
        params = self.router.url.query_parameters
        raw = params.get("connection", "")
        connection_id = int(raw) if raw.isdigit() else 0
        reference = params.get("reference", "")[:32]
        self.found, self.error = False, ""
        try:
            view = await self._open_page(sharing.view_document, connection_id, reference)
        except NotFound as error:
            self.error = str(error)
            return
        self._show(view)
