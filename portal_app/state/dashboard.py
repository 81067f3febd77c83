"""Learner dashboard state; the administrators' overview charts."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.infra.settings import settings
from portal_app.services import dashboard
from portal_app.services.dates import moment
from portal_app.services.money import format_money
from portal_app.state.base import PortalState, portal_event


class DashboardState(PortalState):
    documents: int = 0
    orders: int = 0
    active_connections: int = 0
    pending_connections: int = 0
    last_viewer: str = ""
    last_viewed: str = ""  # when, as services.dates.moment writes it

    @portal_event
    async def load(self) -> None:
        figures = await self._open_page(dashboard.learner_figures)
        self.documents = figures.documents
        self.orders = figures.orders
        self.active_connections = figures.active_connections
        self.pending_connections = figures.pending_connections
        self.last_viewer, self.last_viewed = figures.last_viewer, moment(figures.last_viewed_at)


class AdminTrendsState(PortalState):
    """The overview's twelve-week charts (services.dashboard.admin_trends)."""

    registrations: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    verifications: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    delivery_names: list[str] = ["", "", "", "Other"]

    @portal_event
    async def load(self) -> None:
        trends = await self._open_page(dashboard.admin_trends)
        self.registrations, self.documents = trends.registrations, trends.documents
        self.shares, self.orders, self.verifications = trends.shares, trends.orders, trends.verifications
        self.delivery_names = (trends.delivery_names[:-1] + ["", "", ""])[:3] + ["Other"]

    @rx.var
    def totals(self) -> dict[str, str]:
        """Each series' twelve-week total, said beside its chart (for readers who cannot see it)."""
        sums: dict[str, float] = {}
        for series in (self.registrations, self.documents, self.shares, self.verifications, self.orders):
            for point in series:
                for key, value in point.items():
                    if key != "week":
                        sums[key] = sums.get(key, 0) + float(value)
        out = {k: f"{int(v):,}" for k, v in sums.items()}
        out["orders"] = f"{int(sum(sums.get(f'n{i}', 0) for i in range(4))):,}"
        out["revenue"] = format_money(
            round(sum(sums.get(f"r{i}", 0) for i in range(4)) * 100), settings.currency
        )
        return out
