"""Administrators: every connection (search, status filter, one third party's, pages), and ending
one after a confirm dialog that names both parties and asks why."""

from __future__ import annotations

from typing import TypedDict

from portal_app.services import staff_connections
from portal_app.services.connections import STATUS_FILTERS
from portal_app.services.errors import ValidationError
from portal_app.services.staff_connections import StaffConnectionRow
from portal_app.state.base import PortalState, event, portal_event
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList


def _id(value: object) -> int:
    text = str(value or "")[:12]
    return int(text) if text.isdigit() else 0


class SearchForm(TypedDict):
    search: str


class EndForm(TypedDict):
    reason: str


class AdminConnectionsState(FormState, PagedList, PortalState):
    _noun: str = "connection"
    rows: list[StaffConnectionRow] = []
    search: str = ""
    status: str = "all"
    third_party_id: int = 0
    third_party_label: str = ""  # "Ted Trew (Fleet Motors)" when the list is one third party's
    end_open: bool = False
    end_question: str = ""
    _end_id: int = 0
    _end_parties: str = ""

    def _field_id(self, name: str) -> str:
        return "end-reason" if name == "reason" else ""

    async def _reload(self) -> None:
        found = await self._open_page(
            staff_connections.connections_page,
            search=self.search,
            status="" if self.status == "all" else self.status,
            third_party_id=self.third_party_id or None,
            page=self.page,
        )
        self.rows = self._paged(found)

    @portal_event
    async def load(self) -> None:
        self.search, self.status, self.page, self.end_open = "", "all", 1, False
        self.third_party_id = _id(self.router.url.query_parameters.get("third_party"))
        self.third_party_label = ""
        await self._reload()
        if self.third_party_id:
            self.third_party_label = await self._call(
                staff_connections.third_party_name, account_id=self.third_party_id
            )

    @portal_event
    async def run_search(self, form: SearchForm) -> None:
        self.search = form["search"][:100]
        self.page = 1
        await self._reload()

    @portal_event
    async def filter_status(self, status: str) -> None:
        self.status = status if status in STATUS_FILTERS else "all"
        self.page = 1
        await self._reload()

    @portal_event
    async def every_third_party(self) -> None:
        """Widen a list narrowed to one third party (from the Third parties page) to everyone."""
        self.third_party_id, self.third_party_label, self.page = 0, "", 1
        await self._reload()

    @event
    def open_end(self, connection_id: int) -> None:
        """Ask about a row this tab was shown; the server checks the connection again on ending."""
        row = next((r for r in self.rows if r.id == _id(connection_id) and r.can_end), None)
        if row is None:
            return
        third_party = f"{row.third_party} ({row.organisation})" if row.organisation else row.third_party
        self._end_id, self._end_parties = row.id, f"{row.learner} and {third_party}"
        self.end_question = f"End the connection between {self._end_parties}?"
        self.errors, self.end_open = {}, True

    @event
    def set_end_open(self, open_: bool) -> None:
        self.end_open = bool(open_) and self._end_id != 0

    @portal_event
    async def end(self, form: EndForm) -> None:
        self.errors = {}
        try:
            await self._call(
                staff_connections.end_connection, connection_id=self._end_id, reason=form["reason"][:2000]
            )
        except ValidationError as error:
            if "reason" not in error.fields:
                self.end_open = False
            raise
        self.end_open, self._end_id = False, 0
        await self._reload()
        self._alert(
            f"Ended the connection between {self._end_parties}; both have been e-mailed why.", "success"
        )
