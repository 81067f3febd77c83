"""Administrators: every connection (search, status filter, one third party's, pages), and ending
one after a confirm dialog that names both parties and asks why."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import staff_connections
from portal_app.services.connections import STATUS_FILTERS
from portal_app.services.errors import ValidationError
from portal_app.services.staff_connections import StaffConnectionRow
from portal_app.state.base import PortalState, guarded
from portal_app.state.paging import PagedList


def _id(value: object) -> int:
    text = str(value or "")[:12]
    return int(text) if text.isdigit() else 0


class AdminConnectionsState(PagedList, PortalState):
    _noun: str = "connection"
    rows: list[StaffConnectionRow] = []
    search: str = ""
    status: str = "all"
    third_party_id: int = 0
    third_party_label: str = ""  # "Ted Trew (Fleet Motors)" when the list is one third party's
    end_open: bool = False
    end_question: str = ""
    reason_error: str = ""
    _end_id: int = 0
    _end_parties: str = ""

    async def _reload(self) -> Any:
        redirect, found = await self._load_page(
            ("admin",),
            staff_connections.connections_page,
            search=self.search,
            status="" if self.status == "all" else self.status,
            third_party_id=self.third_party_id or None,
            page=self.page,
        )
        if redirect or found is None:
            return redirect
        self.rows = self._paged(found)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.search, self.status, self.page, self.end_open = "", "all", 1, False
        self.third_party_id = _id(self.router.url.query_parameters.get("third_party"))
        self.third_party_label = ""
        redirect = await self._reload()
        if redirect is None and self.third_party_id:
            self.third_party_label = await self._call(
                staff_connections.third_party_name, account_id=self.third_party_id
            )
        return redirect

    @rx.event
    @guarded
    async def run_search(self, form: dict[str, Any]) -> Any:
        self.search = str(form.get("search", ""))[:100]
        self.page = 1
        return await self._reload()

    @rx.event
    @guarded
    async def filter_status(self, status: str) -> Any:
        self.status = status if status in STATUS_FILTERS else "all"
        self.page = 1
        return await self._reload()

    @rx.event
    @guarded
    async def every_third_party(self) -> Any:
        """Widen a list narrowed to one third party (from the Third parties page) to everyone."""
        self.third_party_id, self.third_party_label, self.page = 0, "", 1
        return await self._reload()

    @rx.event
    def open_end(self, connection_id: int) -> None:
        """Ask about a row this tab was shown; the server checks the connection again on ending."""
        row = next((r for r in self.rows if r.id == _id(connection_id) and r.can_end), None)
        if row is None:
            return
        third_party = f"{row.third_party} ({row.organisation})" if row.organisation else row.third_party
        self._end_id, self._end_parties = row.id, f"{row.learner} and {third_party}"
        self.end_question = f"End the connection between {self._end_parties}?"
        self.reason_error, self.end_open = "", True

    @rx.event
    def set_end_open(self, open_: bool) -> None:
        self.end_open = bool(open_) and self._end_id != 0

    @rx.event
    @guarded
    async def end(self, form: dict[str, Any]) -> Any:
        self.reason_error = ""
        try:
            await self._call(
                staff_connections.end_connection,
                connection_id=self._end_id,
                reason=str(form.get("reason", ""))[:2000],
            )
        except ValidationError as error:
            if "reason" in error.fields:
                self.reason_error = error.fields["reason"]
                return None
            self.end_open = False
            raise
        self.end_open, self._end_id = False, 0
        await self._reload()
        self._alert(
            f"Ended the connection between {self._end_parties}; both have been e-mailed why.", "success"
        )
        return None
