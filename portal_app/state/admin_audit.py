"""Administrators: the audit log viewer (filters, pages) and its CSV export link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from portal_app.services import audit_log
from portal_app.services.audit_log import AuditFilter, AuditRow
from portal_app.services.errors import ValidationError
from portal_app.state.base import PortalState, guarded
from portal_app.state.paging import PagedList

EXPORT_ROUTE = "/api/admin/audit.csv"


class AdminAuditState(PagedList, PortalState):
    _noun: str = "event"
    rows: list[AuditRow] = []
    search: str = ""
    kind: str = "all"
    actor: str = ""
    date_from: str = ""
    date_to: str = ""
    errors: dict[str, str] = {}

    def _filter(self) -> AuditFilter:
        kind = "" if self.kind == "all" else self.kind
        return AuditFilter(self.search, kind, self.actor, self.date_from, self.date_to)

    async def _reload(self) -> Any:
        self.errors = {}
        try:
            redirect, found = await self._load_page(
                ("admin",), audit_log.audit_page, self._filter(), self.page
            )
        except ValidationError as error:
            self.errors, self.rows = error.fields, []
            return None
        if redirect or found is None:
            return redirect
        self.rows = self._paged(found)
        return None

    @rx.event
    @guarded
    async def load(self) -> Any:
        kind = str(self.router.url.query_parameters.get("kind", ""))[:20]
        if kind in audit_log.ACTION_KINDS:  # a link from the overview names a kind
            self.kind, self.page = kind, 1
        return await self._reload()

    @rx.event
    @guarded
    async def apply(self, form: dict[str, Any]) -> Any:
        self.search = str(form.get("search", ""))[:100]
        self.actor = str(form.get("actor", ""))[:254]
        self.date_from = str(form.get("date_from", ""))[:20]
        self.date_to = str(form.get("date_to", ""))[:20]
        self.page = 1
        return await self._reload()

    @rx.event
    @guarded
    async def filter_kind(self, kind: str) -> Any:
        self.kind = kind if kind in audit_log.ACTION_KINDS else "all"
        self.page = 1
        return await self._reload()

    @rx.event
    @guarded
    async def clear(self) -> Any:
        self.search = self.actor = self.date_from = self.date_to = ""
        self.kind = "all"
        self.page = 1
        return await self._reload()

    @rx.var
    def can_export(self) -> bool:
        return bool(self.date_from and self.date_to and not self.errors)

    @rx.var
    def export_href(self) -> str:
        """The CSV of the chosen date range; the route checks the administrator's session itself."""
        return f"{EXPORT_ROUTE}?{urlencode({'from': self.date_from, 'to': self.date_to})}"
