"""The learner's Connections page and the Share Documents page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

import reflex as rx

from portal_app.services import connections
from portal_app.services.connections import AccessRow, ConnectionRow, DocumentChoice, OfferDetails
from portal_app.services.dates import day, day_in_words, moment
from portal_app.services.errors import DomainError, NotFound, ValidationError
from portal_app.services.paging import Page
from portal_app.services.text import counted
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList

ALL = "all"
# The Add Connection form's controls, by field (the Extend dialog's date is "extend-date").
ADD_FIELD_IDS = {"name": "tp-name", "email": "tp-email", "expires_on": "tp-expires", "message": "tp-message"}


class OfferForm(TypedDict):
    """The Add Connection form: `connections.check_offer`'s and `create_connection`'s details."""

    name: str
    email: str
    expires_on: str
    message: str


@dataclass(frozen=True)
class ConnectionItem:
    """A connection row as either side's table shows it (dates already written out)."""

    id: str
    name: str
    email: str
    status: str
    initiated_by: str
    documents: str
    expires: str
    message: str
    organisation: str
    viewed: str
    can_respond: bool
    can_extend: bool
    can_edit: bool
    can_delete: bool
    can_withdraw: bool
    waiting: bool

    @classmethod
    def of(cls, row: ConnectionRow) -> ConnectionItem:
        return cls(
            id=str(row.id),
            name=row.other_name,
            email=row.other_email,
            status=row.status,
            initiated_by="Third party" if row.initiated_by == "third_party" else "Learner",
            documents=str(row.documents_shared),
            expires=day(row.expires_on),
            message=row.message,
            organisation=row.organisation,
            viewed=moment(row.last_viewed_at),
            can_respond=row.can_respond,
            can_extend=row.can_extend,
            can_edit=row.can_edit_documents,
            can_delete=row.can_delete,
            can_withdraw=row.can_withdraw,
            waiting=row.waiting_for_learner,
        )


@dataclass(frozen=True)
class AccessItem:
    """One view of a shared document, for the access log."""

    reference: str
    title: str
    viewer: str
    when: str

    @classmethod
    def of(cls, entry: AccessRow) -> AccessItem:
        return cls(
            reference=entry.reference,
            title=f"{entry.kind.capitalize()} - {entry.qualification_title}",
            viewer=entry.viewer,
            when=moment(entry.viewed_at),
        )


@dataclass(frozen=True)
class ShareChoice:
    """A document to tick; the first of each qualification carries the group heading."""

    id: str
    heading: str
    label: str
    reference: str
    status: str


def share_choices(choices: list[DocumentChoice]) -> list[ShareChoice]:
    out: list[ShareChoice] = []
    last = None
    for c in choices:
        heading = ""
        if c.qualification_number != last:
            heading = f"{c.qualification_number} - {c.qualification_title}"
            last = c.qualification_number
        label = f"{c.kind.capitalize()} - {c.qualification_title} - {c.reference}"
        out.append(
            ShareChoice(id=str(c.id), heading=heading, label=label, reference=c.reference, status=c.status)
        )
    return out


class ConnectionListState(PagedList, mixin=True):
    """Tabs, search, filters and paging shared by both sides' connection tables."""

    _noun: str = "connection"
    tab: str = "active"
    search: str = ""
    status_filter: str = ALL
    initiated_filter: str = ALL
    rows: list[ConnectionItem] = []
    _flash: str = ""

    def _show_page(self, result: Page[ConnectionRow] | None) -> None:
        if result is not None:
            self.rows = [ConnectionItem.of(r) for r in self._paged(result)]

    def _query(self) -> tuple[str, str, str, str, int]:
        status = "" if self.status_filter == ALL else self.status_filter
        initiated = "" if self.initiated_filter == ALL else self.initiated_filter
        return self.tab, self.search, status, initiated, self.page

    @portal_event
    async def set_tab(self, tab: str) -> None:
        self.tab = "inactive" if tab == "inactive" else "active"
        self.status_filter, self.page = ALL, 1
        await self._reload()

    @portal_event
    async def set_search(self, value: str) -> None:
        self.search, self.page = str(value)[:100], 1
        await self._reload()

    @portal_event
    async def set_status_filter(self, value: str) -> None:
        self.status_filter, self.page = str(value)[:16], 1
        await self._reload()

    @portal_event
    async def set_initiated_filter(self, value: str) -> None:
        self.initiated_filter, self.page = str(value)[:16], 1
        await self._reload()


class ConnectionsState(FormState, ConnectionListState, PortalState):
    """The list, and its two dialogs with a form (Add Connection, Extend): their fields' errors
    show in the dialog; anything else (a refused delete, say) in the page's alert."""

    add_open: bool = False
    # Extend dialog
    extend_open: bool = False
    extend_id: str = ""
    extend_name: str = ""
    extend_date: str = ""
    # Access log dialog
    log_open: bool = False
    log_name: str = ""
    log_rows: list[AccessItem] = []

    def _field_id(self, name: str) -> str:
        return "extend-date" if self.extend_open else ADD_FIELD_IDS.get(name, "")

    def _show_problem(self, error: DomainError) -> Any:
        if not isinstance(error, ValidationError):
            return PortalState._show_problem(self, error)
        if self.extend_open:
            # the dialog has one field: a refused extension is said by it
            return super()._show_problem(
                ValidationError.single("expires_on", error.fields.get("expires_on", str(error)))
            )
        if self.add_open or error.fields:
            return super()._show_problem(error)
        return PortalState._show_problem(self, error)  # e.g. "This connection has already ended."

    async def _reload(self) -> None:
        self._show_page(await self._call(connections.list_connections, *self._query()))

    def _row(self, connection_id: str) -> ConnectionItem | None:
        return next((r for r in self.rows if r.id == connection_id), None)

    @portal_event
    async def load(self) -> None:
        self._show_page(await self._open_page(connections.list_connections, *self._query()))
        if self._flash:
            self._alert(self._flash, "success")
            self._flash = ""

    @event
    def set_add_open(self, value: bool) -> None:
        if value:
            self.errors = {}
        self.add_open = value

    @portal_event
    async def add_connection(self, form: OfferForm) -> Any:
        """Check the details and go on to choose documents; nothing is saved or sent yet."""
        self.errors = {}
        draft = OfferForm(
            name=form["name"], email=form["email"], expires_on=form["expires_on"], message=form["message"]
        )
        details = await self._call(connections.check_offer, **draft)
        self.add_open = False
        share = await self.get_state(ShareState)
        share._start_draft(draft, details)
        return rx.redirect("/connections/share")

    @event
    def open_extend(self, connection_id: str) -> None:
        row = self._row(str(connection_id))
        if row is None:
            return
        self.extend_id, self.extend_name = row.id, row.name
        self.extend_date = row.expires  # dd/mm/yyyy, as the date input reads
        self.errors = {}
        self.extend_open = True

    @event
    def set_extend_open(self, value: bool) -> None:
        self.extend_open = value

    @event
    def set_extend_date(self, value: str) -> None:
        self.extend_date = str(value)[:10]

    @portal_event
    async def save_extend(self) -> None:
        await self._call(connections.extend_connection, int(self.extend_id or 0), self.extend_date)
        self.extend_open = False
        await self._reload()
        self._alert(f"The connection with {self.extend_name} was extended.", "success")

    @portal_event
    async def delete(self, connection_id: str) -> None:
        await self._call(connections.delete_connection, int(connection_id))
        await self._reload()
        self._alert("The connection was deleted; the third party no longer has access.", "success")

    @portal_event
    async def decline(self, connection_id: str) -> None:
        await self._call(connections.respond_to_request, int(connection_id), False)
        await self._reload()
        self._alert("The request was declined.", "success")

    @portal_event
    async def show_log(self, connection_id: str) -> None:
        row = self._row(str(connection_id))
        entries = await self._call(connections.access_log, int(connection_id))
        self.log_name = row.name if row else ""
        self.log_rows = [AccessItem.of(e) for e in entries]
        self.log_open = True

    @event
    def set_log_open(self, value: bool) -> None:
        self.log_open = value


class ShareState(FormState, PortalState):
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
    _joined: str = ""  # set by an offer that joined a live connection
    _draft: OfferForm | None = None  # the Add Connection form, checked, until Share Documents
    choices: list[ShareChoice] = []
    selected: list[str] = []
    missing: bool = False

    def _start_draft(self, draft: OfferForm, details: OfferDetails) -> None:
        self._draft = draft
        self._joined = details.note
        self.name, self.email = details.name, details.email
        self.expires = day_in_words(details.expires_at)
        self.message = details.message

    def _show_problem(self, error: DomainError) -> Any:
        """Only the documents are a field here: the other fields' messages are said in one line."""
        focus = super()._show_problem(error)
        fields = error.fields if isinstance(error, ValidationError) else {}
        if others := [message for name, message in fields.items() if name != "documents"]:
            self.problem = " ".join(others)
            self.errors = {name: message for name, message in fields.items() if name == "documents"}
        return focus

    @portal_event
    async def load(self) -> Any:
        raw = self.router.url.query_parameters.get("connection", "")
        connection_id = int(raw) if raw.isdigit() else None
        if connection_id is None and not self._draft:
            await self._open_page()  # another kind of account goes to its own home, not to Connections
            return rx.redirect("/connections")

        def fetch(db: Any, actor: Any) -> tuple[ConnectionRow | None, list[DocumentChoice]]:
            return (
                connections.connection_summary(db, actor, connection_id) if connection_id else None,
                connections.document_choices(db, actor, connection_id),
            )

        self.missing = False
        self.errors = {}
        try:
            summary, choices = await self._open_page(fetch)
        except NotFound:
            self.missing = True
            self.choices = []
            return None
        if self._joined:
            self._alert(self._joined, "success")
            self._joined = ""
        self.drafting = summary is None
        if summary is not None:
            self._draft = None
            self.connection_id = str(summary.id)
            self.name, self.email, self.status = summary.other_name, summary.other_email, summary.status
            self.expires = day_in_words(summary.expires_on)
            self.accepting = summary.can_respond
            self.organisation, self.message = summary.organisation, summary.message
        else:
            self.connection_id, self.status, self.accepting, self.organisation = "", "", False, ""
        self.choices = share_choices(choices)
        self.selected = [str(c.id) for c in choices if c.shared]
        return None

    @event
    def toggle(self, document_id: str, checked: bool) -> None:
        if checked and document_id not in self.selected:
            self.selected = [*self.selected, document_id]
        elif not checked:
            self.selected = [d for d in self.selected if d != document_id]

    @event
    def cancel(self) -> Any:
        """Leave without sharing: a new connection's details are dropped, nothing was saved."""
        self._draft = None
        return rx.redirect("/connections")

    @portal_event
    async def save(self) -> Any:
        ids = [int(d) for d in self.selected if d.isdigit()]
        self.errors = {}
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
        draft = self._draft
        outcome = await self._call(
            connections.create_connection,
            name=draft.get("name", ""),
            email=draft.get("email", ""),
            expires_on=draft.get("expires_on", ""),
            message=draft.get("message", ""),
            document_ids=ids,
        )
        self._draft = None
        return await self._back_to_list(
            outcome.note
            or f"{counted(len(ids), 'document')} shared with {self.name}: the invitation is on its way."
        )

    async def _back_to_list(self, message: str) -> Any:
        listing = await self.get_state(ConnectionsState)
        listing._flash = message
        return rx.redirect("/connections")
