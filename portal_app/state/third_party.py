"""The third party's pages: connected learners, connections and requests, a shared document."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from portal_app.services import sharing
from portal_app.services.dates import day, moment
from portal_app.services.errors import NotFound, TooManyAttempts, ValidationError
from portal_app.services.paging import Page, count_label
from portal_app.services.text import counted
from portal_app.state.base import PortalState, guarded
from portal_app.state.connections import ConnectionListState
from portal_app.state.paging import PagedList

KIND_LABELS = {"certificate": "Certificate", "transcript": "Transcript", "badge": "Badge"}


class LearnersState(PagedList, PortalState):
    _noun: str = "learner"
    rows: list[dict[str, str]] = []
    search: str = ""
    pending: str = ""  # "3 pending connections" waiting for an answer; "" for none

    async def _reload(self) -> Any:
        search, page = self.search, self.page

        def fetch(db: Any, actor: Any) -> tuple[Page[sharing.ConnectedLearner], tuple[int, bool]]:
            sharing.attach_pending_connections(db, actor)
            return sharing.connected_learners(db, actor, search, page), sharing.pending_count(db, actor)

        redirect, result = await self._load_page(("third_party",), fetch)
        if redirect or result is None:
            return redirect
        learners, pending = result
        self.pending = counted(count_label(*pending), "pending connection") if pending[0] else ""
        self.rows = [
            {
                "learner": learner.learner_name,
                "email": learner.learner_email,
                "expires": day(learner.expires_on),
                "reference": d.reference,
                "document": f"{KIND_LABELS.get(d.kind, d.kind)} - {d.qualification_number} {d.qualification_title}",
                "status": d.status,
                "href": "/third-party/document?"
                + urlencode({"connection": learner.connection_id, "reference": d.reference}),
            }
            for learner in self._paged(learners)
            for d in learner.documents
        ]
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        return await self._reload()

    @rx.event
    @guarded
    async def set_search(self, value: str) -> Any:
        self.search, self.page = str(value)[:100], 1
        return await self._reload()


class ThirdPartyConnectionsState(ConnectionListState, PortalState):
    request_open: bool = False
    learner_name_error: str = ""
    learner_email_error: str = ""
    candidate_error: str = ""
    request_message_error: str = ""
    request_problem: str = ""  # a refusal for the whole form (too many requests)

    async def _reload(self) -> None:
        self._show_page(await self._call(sharing.list_connections, *self._query()))

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect, result = await self._load_page(("third_party",), sharing.list_connections, *self._query())
        if redirect:
            return redirect
        self._show_page(result)
        return None

    @rx.event
    @guarded
    async def respond(self, connection_id: str, accept: bool) -> Any:
        await self._call(sharing.respond, int(connection_id), bool(accept))
        await self._reload()
        self._alert("Connection accepted." if accept else "Connection declined.", "success")
        return None

    def _reset_request_form(self) -> None:
        self.learner_name_error = self.learner_email_error = self.candidate_error = ""
        self.request_message_error = self.request_problem = ""
        self.request_open = True

    @rx.event
    def set_request_open(self, value: bool) -> None:
        if value:
            self._reset_request_form()
        self.request_open = value

    @rx.event
    @guarded
    async def request(self, form: dict[str, Any]) -> Any:
        self.learner_name_error = self.learner_email_error = self.candidate_error = ""
        self.request_message_error = self.request_problem = ""
        try:
            outcome = await self._call(
                sharing.request_connection,
                str(form.get("learner_name", "")),
                str(form.get("learner_email", "")),
                str(form.get("candidate_number", "")),
                str(form.get("message", "")),
            )
        except TooManyAttempts as error:
            self.request_problem = str(error)
            return None
        except ValidationError as error:
            self.learner_name_error = error.fields.get("learner_name", "")
            self.learner_email_error = error.fields.get("learner_email", "")
            self.candidate_error = error.fields.get("candidate_number", "")
            self.request_message_error = error.fields.get("message", "")
            return None
        self.request_open = False
        self.tab, self.page = "active", 1
        await self._reload()
        self._alert(
            outcome.note
            or "Request sent. If the details match a learner's account, they will be asked to accept it.",
            "success",
        )
        return None

    @rx.event
    @guarded
    async def withdraw(self, connection_id: str) -> Any:
        await self._call(sharing.withdraw_request, int(connection_id))
        await self._reload()
        self._alert("Your request was withdrawn.", "success")
        return None


class SharedDocumentState(PortalState):
    found: bool = False
    error: str = ""
    learner_name: str = ""
    reference: str = ""
    kind: str = ""
    qualification: str = ""
    issued_on: str = ""
    status: str = ""
    status_reason: str = ""
    grade: str = ""
    units: list[dict[str, str]] = []
    viewed_at: str = ""

    @rx.event
    @guarded
    async def load(self) -> Any:
        params = self.router.url.query_parameters
        raw = params.get("connection", "")
        connection_id = int(raw) if raw.isdigit() else 0
        reference = params.get("reference", "")[:32]
        self.found, self.error = False, ""
        try:
            redirect, view = await self._load_page(
                ("third_party",), sharing.view_document, connection_id, reference
            )
        except NotFound as error:
            self.error = str(error)
            return None
        if redirect or view is None:
            return redirect
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
            {
                "code": str(u.get("code", "")),
                "title": str(u.get("title", "")),
                "grade": str(u.get("grade", "")),
            }
            for u in view.content.get("units", []) or []
            if isinstance(u, dict) and view.kind == "transcript"  # units belong to the transcript only
        ]
        self.viewed_at = moment(view.viewed_at)
        return None
