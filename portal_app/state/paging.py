"""Paging shared by every list page: the page number, what the pager says, and moving."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services.paging import Page
from portal_app.state.base import portal_event


class PagedList(rx.State, mixin=True):
    """Mixed into a list's state (before PortalState), which defines `_reload` for `self.page`."""

    page: int = 1
    page_summary: str = ""
    has_next: bool = False
    _noun: str = ""  # what the list counts, for the pager ("order": "37 orders · page 2 of 4")

    async def _reload(self) -> Any:
        raise NotImplementedError

    def _paged(self, result: Page[Any]) -> list[Any]:
        """Remember where `result` sits and give its rows."""
        self.page, self.page_summary, self.has_next = (
            result.number,
            result.describe(self._noun),
            result.has_next,
        )
        return result.rows

    @portal_event
    async def go_to(self, page: int) -> None:
        self.page = max(1, int(page))
        await self._reload()
