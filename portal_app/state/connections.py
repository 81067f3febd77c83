"""The learner's Connections page and the Share Documents page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import connections
from portal_app.services.connections import ConnectionRow, DocumentChoice, OfferDetails
from portal_app.services.dates import day, day_in_words, moment
from portal_app.services.errors import NotFound, TooManyAttempts, ValidationError
from portal_app.services.paging import Page
from portal_app.services.text import counted
from portal_app.state.base import PortalState, guarded
from portal_app.state.paging import PagedList

ALL = "all"
DRAFT_FIELDS = ("name", "email", "expires_on", "message")  # create_connection's detail arguments


def row_dict(row: ConnectionRow) -> dict[str, str]:
    """A connection row for the browser; flags as "yes" or ""."""
    return {
        "id": str(row.id),
        "name": row.other_name,
        "email": row.other_email,
        "status": row.status,
        "initiated_by": "Third party" if row.initiated_by == "third_party" else "Learner",
        "documents": str(row.documents_shared),
        "expires": day(row.expires_on),
        "expires_iso": row.expires_on.isoformat(),
        "message": row.message,
        "can_respond": "yes" if row.can_respond else "",
        "can_extend": "yes" if row.can_extend else "",
        "can_edit": "yes" if row.can_edit_documents else "",
        "can_delete": "yes" if row.can_delete else "",
        "can_withdraw": "yes" if row.can_withdraw else "",
        "organisation": row.organisation,
        "waiting": "yes" if row.waiting_for_learner else "",
        "viewed": moment(row.last_viewed_at),
    }


class ConnectionListState(PagedList, mixin=True):
    """Tabs, search, filters and paging shared by both sides' connection tables."""

    _noun: str = "connection"
    tab: str = "active"
    search: str = ""
    status_filter: str = ALL
    initiated_filter: str = ALL
    rows: list[dict[str, str]] = []
    _flash: str = ""

    def _show_page(self, result: Page[ConnectionRow] | None) -> None:
        if result is not None:
            self.rows = [row_dict(r) for r in self._paged(result)]

    def _query(self) -> tuple[str, str, str, str, int]:
        status = "" if self.status_filter == ALL else self.status_filter
        initiated = "" if self.initiated_filter == ALL else self.initiated_filter
        return self.tab, self.search, status, initiated, self.page

    @rx.event
    @guarded
    async def set_tab(self, tab: str) -> Any:
        self.tab = "inactive" if tab == "inactive" else "active"
        self.status_filter, self.page = ALL, 1
        await self._reload()

    @rx.event
    @guarded
    async def set_search(self, value: str) -> Any:
        self.search, self.page = str(value)[:100], 1
        await self._reload()

    @rx.event
    @guarded
    async def set_status_filter(self, value: str) -> Any:
        self.status_filter, self.page = str(value)[:16], 1
        await self._reload()

    @rx.event
    @guarded
    async def set_initiated_filter(self, value: str) -> Any:
        self.initiated_filter, self.page = str(value)[:16], 1
        await self._reload()


class ConnectionsState(ConnectionListState, PortalState):
    # Add Connection dialog
    add_open: bool = False
    name_error: str = ""
    email_error: str = ""
    expires_error: str = ""
    message_error: str = ""
    # Extend dialog
    extend_open: bool = False
    extend_id: str = ""
    extend_name: str = ""
    extend_date: str = ""
    extend_error: str = ""
    # Access log dialog
    log_open: bool = False
    log_name: str = ""
    log_rows: list[dict[str, str]] = []

    async def _reload(self) -> None:
        self._show_page(await self._call(connections.list_connections, *self._query()))

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect, result = await self._load_page(("learner",), connections.list_connections, *self._query())
        if redirect:
            return redirect
        if self._flash:
            self._alert(self._flash, "success")
            self._flash = ""
        self._show_page(result)
        return None

    def _reset_add_form(self) -> None:
        self.name_error = self.email_error = self.expires_error = self.message_error = ""
        self.add_open = True

    @rx.event
    def set_add_open(self, value: bool) -> None:
        if value:
            self._reset_add_form()
        self.add_open = value

    @rx.event
    @guarded
    async def add_connection(self, form: dict[str, Any]) -> Any:
        """Check the details and go on to choose documents; nothing is saved or sent yet."""
        self.name_error = self.email_error = self.expires_error = self.message_error = ""
        draft = {key: str(form.get(key, "")) for key in DRAFT_FIELDS}
        try:
            details = await self._call(connections.check_offer, *draft.values())
        except ValidationError as error:
            self.name_error = error.fields.get("name", "")
            self.email_error = error.fields.get("email", "")
            self.expires_error = error.fields.get("expires_on", "")
            self.message_error = error.fields.get("message", "")
            return None
        self.add_open = False
        share = await self.get_state(ShareState)
        share._start_draft(draft, details)
        return rx.redirect("/connections/share")

    @rx.event
    def open_extend(self, row: dict[str, str]) -> None:
        self.extend_id = str(row.get("id", ""))
        self.extend_name = str(row.get("name", ""))
        self.extend_date = str(row.get("expires", ""))  # dd/mm/yyyy, as the date input reads
        self.extend_error = ""
        self.extend_open = True

    @rx.event
    def set_extend_open(self, value: bool) -> None:
        self.extend_open = value

    @rx.event
    def set_extend_date(self, value: str) -> None:
        self.extend_date = str(value)[:10]

    @rx.event
    @guarded
    async def save_extend(self) -> Any:
        try:
            await self._call(connections.extend_connection, int(self.extend_id or 0), self.extend_date)
        except ValidationError as error:
            self.extend_error = error.fields.get("expires_on", str(error))
            return None
        self.extend_open = False
        await self._reload()
        self._alert(f"The connection with {self.extend_name} was extended.", "success")
        return None

    @rx.event
    @guarded
    async def delete(self, connection_id: str) -> Any:
        await self._call(connections.delete_connection, int(connection_id))
        await self._reload()
        self._alert("The connection was deleted; the third party no longer has access.", "success")
        return None

    @rx.event
    @guarded
    async def decline(self, connection_id: str) -> Any:
        await self._call(connections.respond_to_request, int(connection_id), False)
        await self._reload()
        self._alert("The request was declined.", "success")
        return None

    @rx.event
    @guarded
    async def show_log(self, row: dict[str, str]) -> Any:
        entries = await self._call(connections.access_log, int(row.get("id", 0)))
        self.log_name = str(row.get("name", ""))
        self.log_rows = [
            {
                "reference": e.reference,
                "title": f"{e.kind.capitalize()} - {e.qualification_title}",
                "viewer": e.viewer,
                "when": moment(e.viewed_at),
            }
            for e in entries
        ]
        self.log_open = True

    @rx.event
    def set_log_open(self, value: bool) -> None:
        self.log_open = value


def choice_dicts(choices: list[DocumentChoice]) -> list[dict[str, str]]:
    """Documents grouped by qualification; the first of each group carries the group heading."""
    out: list[dict[str, str]] = []
    last = None
    for c in choices:
        heading = ""
        if c.qualification_number != last:
            heading = f"{c.qualification_number} - {c.qualification_title}"
            last = c.qualification_number
        out.append(
            {
                "id": str(c.id),
                "heading": heading,
                "label": f"{c.kind.capitalize()} - {c.qualification_title} - {c.reference}",
                "reference": c.reference,
                "status": c.status,
            }
        )
    return out


class ShareState(PortalState):
    """Choose the documents a connection shares: a new one (its details wait in `_draft` until
    Share Documents creates it), an existing one, or a third party's request being accepted."""

    connection_id: str = ""
    drafting: bool = False  # a new connection: nothing saved or sent until Share Documents
    name: str = ""
    email: str = ""
    expires: str = ""
    status: str = ""
    organisation: str = ""
    message: str = ""
    accepting: bool = False
    _note: str = ""  # set by an offer that joined a live connection
    _draft: dict[str, str] = {}  # the Add Connection form, checked, until Share Documents
    choices: list[dict[str, str]] = []
    selected: list[str] = []
    documents_error: str = ""
    missing: bool = False

    def _start_draft(self, draft: dict[str, str], details: OfferDetails) -> None:
        self._draft = draft
        self._note = details.note
        self.name, self.email = details.name, details.email
        self.expires = day_in_words(details.expires_at)
        self.message = details.message

    @rx.event
    @guarded
    async def load(self) -> Any:
        raw = self.router.url.query_parameters.get("connection", "")
        connection_id = int(raw) if raw.isdigit() else None
        if connection_id is None and not self._draft:
            return rx.redirect("/connections")

        def fetch(db: Any, actor: Any) -> tuple[ConnectionRow | None, list[DocumentChoice]]:
            return (
                connections.connection_summary(db, actor, connection_id) if connection_id else None,
                connections.document_choices(db, actor, connection_id),
            )

        self.missing = False
        self.documents_error = ""
        try:
            redirect, result = await self._load_page(("learner",), fetch)
        except NotFound:
            self.missing = True
            self.choices = []
            return None
        if redirect or result is None:
            return redirect
        summary, choices = result
        if self._note:
            self._alert(self._note, "success")
            self._note = ""
        self.drafting = summary is None
        if summary is not None:
            self._draft = {}
            self.connection_id = str(summary.id)
            self.name, self.email, self.status = summary.other_name, summary.other_email, summary.status
            self.expires = day_in_words(summary.expires_on)
            self.accepting = summary.can_respond
            self.organisation, self.message = summary.organisation, summary.message
        else:
            self.connection_id, self.status, self.accepting, self.organisation = "", "", False, ""
        self.choices = choice_dicts(choices)
        self.selected = [str(c.id) for c in choices if c.shared]
        return None

    @rx.event
    def toggle(self, document_id: str, checked: bool) -> None:
        if checked and document_id not in self.selected:
            self.selected = [*self.selected, document_id]
        elif not checked:
            self.selected = [d for d in self.selected if d != document_id]

    @rx.event
    def cancel(self) -> Any:
        """Leave without sharing: a new connection's details are dropped, nothing was saved."""
        self._draft = {}
        return rx.redirect("/connections")

    @rx.event
    @guarded
    async def save(self) -> Any:
        ids = [int(d) for d in self.selected if d.isdigit()]
        self.documents_error = ""
        if self.drafting:
            return await self._share_new(ids)
        if self.accepting:
            await self._call(connections.respond_to_request, int(self.connection_id or 0), True, ids)
            message = f"You accepted {self.name}'s request and shared {counted(len(ids), 'document')}."
        else:
            await self._call(connections.share_documents, int(self.connection_id or 0), ids)
            message = f"{counted(len(ids), 'document')} shared with {self.name}."
        return await self._back_to_list(message)

    async def _share_new(self, ids: list[int]) -> Any:
        """One unit of work creates the connection with its documents and queues the invitation."""
        if not self._draft:
            return rx.redirect("/connections")
        try:
            draft = [self._draft.get(key, "") for key in DRAFT_FIELDS]
            outcome = await self._call(connections.create_connection, *draft, document_ids=ids)
        except ValidationError as error:
            self.documents_error = error.fields.get("documents", "")
            details = [m for f, m in error.fields.items() if f != "documents"]
            if details or not self.documents_error:
                self._alert(" ".join(details) or str(error))
            return None
        except TooManyAttempts as error:
            self._alert(str(error))
            return None
        self._draft = {}
        return await self._back_to_list(
            outcome.note
            or f"{counted(len(ids), 'document')} shared with {self.name}: the invitation is on its way."
        )

    async def _back_to_list(self, message: str) -> Any:
        listing = await self.get_state(ConnectionsState)
        listing._flash = message
        return rx.redirect("/connections")
