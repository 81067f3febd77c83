"""Administrators: third-party organisations and their accounts (search, status filter, pages)."""

from __future__ import annotations

from typing import TypedDict

from portal_app.services import third_parties
from portal_app.services.third_parties import ThirdPartyRow
from portal_app.state.base import PortalState, portal_event
from portal_app.state.paging import PagedList


class SearchForm(TypedDict):
    search: str


class AdminThirdPartiesState(PagedList, PortalState):
    _noun: str = "third-party account"
    rows: list[ThirdPartyRow] = []
    search: str = ""
    status: str = "all"

    async def _reload(self) -> None:
        status = "" if self.status == "all" else self.status
        found = await self._open_page(
            third_parties.third_parties_page, search=self.search, status=status, page=self.page
        )
        self.rows = self._paged(found)

    @portal_event
    async def load(self) -> None:
        self.search, self.status, self.page = "", "all", 1
        await self._reload()

    @portal_event
    async def run_search(self, form: SearchForm) -> None:
        self.search = form["search"][:100]
        self.page = 1
        await self._reload()

    @portal_event
    async def filter_status(self, status: str) -> None:
        self.status = status if status in third_parties.STATUS_FILTERS else "all"
        self.page = 1
        await self._reload()
