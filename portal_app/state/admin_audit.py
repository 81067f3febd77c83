"""Administrators: the audit log viewer (filters, pages) and its CSV export link."""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import urlencode

import reflex as rx

from portal_app.services import audit_log
from portal_app.services.audit_log import AuditFilter, AuditRow
from portal_app.services.errors import ValidationError
from portal_app.state.base import PortalState, portal_event
from portal_app.state.forms import FormState
from portal_app.state.paging import PagedList

EXPORT_ROUTE = "/api/admin/audit.csv"


class AuditFilterForm(TypedDict):
    search: str
    actor: str
    date_from: str
    date_to: str


class AdminAuditState(PagedList, FormState, PortalState):
    _noun: str = "event"
    rows: list[AuditRow] = []
    search: str = ""
    kind: str = "all"
    actor: str = ""
    date_from: str = ""
    date_to: str = ""

    def _field_id(self, name: str) -> str:
        return f"audit-{name}"

    def _filter(self) -> AuditFilter:
        kind = "" if self.kind == "all" else self.kind
        return AuditFilter(self.search, kind, self.actor, self.date_from, self.date_to)

    async def _reload(self) -> None:
        """Every change of filter or page re-checks the session, like a page load."""
        self.errors = {}
        try:
            found = await self._open_page(audit_log.audit_page, self._filter(), self.page)
        except ValidationError:
            self.rows = []
            raise
        self.rows = self._paged(found)

    @portal_event
    async def load(self) -> None:
        kind = str(self.router.url.query_parameters.get("kind", ""))[:20]
        if kind in audit_log.ACTION_KINDS:  # a link from the overview names a kind
            self.kind, self.page = kind, 1
        await self._reload()

    @portal_event
    async def apply(self, form: AuditFilterForm) -> None:
        self.search = form["search"][:100]
        self.actor = form["actor"][:254]
        self.date_from = form["date_from"][:20]
        self.date_to = form["date_to"][:20]
        self.page = 1
        await self._reload()

    @portal_event
    async def filter_kind(self, kind: str) -> None:
        self.kind = kind if kind in audit_log.ACTION_KINDS else "all"
        self.page = 1
        await self._reload()

    @portal_event
    async def clear(self) -> None:
        self.search = self.actor = self.date_from = self.date_to = ""
        self.kind = "all"
        self.page = 1
        await self._reload()

    @rx.var
    def can_export(self) -> bool:
        return bool(self.date_from and self.date_to and not self.errors)

    @rx.var
    def export_href(self) -> str:
        """The CSV of the chosen date range; the route checks the administrator's session itself."""
        return f"{EXPORT_ROUTE}?{urlencode({'from': self.date_from, 'to': self.date_to})}"
