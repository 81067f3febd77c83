"""Administrators: third-party organisations and their accounts (search, status filter, pages)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import third_parties
from portal_app.services.third_parties import ThirdPartyRow
from portal_app.state.base import PortalState, guarded
from portal_app.state.paging import PagedList


class AdminThirdPartiesState(PagedList, PortalState):
    _noun: str = "third-party account"
    rows: list[ThirdPartyRow] = []
    search: str = ""
    status: str = "all"

    async def _reload(self) -> Any:
        status = "" if self.status == "all" else self.status
        redirect, found = await self._load_page(
            ("admin",), third_parties.third_parties_page, search=self.search, status=status, page=self.page
        )
        if redirect or found is None:
            return redirect
        self.rows = self._paged(found)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        self.search, self.status, self.page = "", "all", 1
        return await self._reload()

    @rx.event
    @guarded
    async def run_search(self, form: dict[str, Any]) -> Any:
        self.search = str(form.get("search", ""))[:100]
        self.page = 1
        return await self._reload()

    @rx.event
    @guarded
    async def filter_status(self, status: str) -> Any:
        self.status = status if status in third_parties.STATUS_FILTERS else "all"
        self.page = 1
        return await self._reload()
