"""Learner dashboard state."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import dashboard
from portal_app.services.dates import moment
from portal_app.state.base import PortalState, guarded


class DashboardState(PortalState):
    documents: int = 0
    orders: int = 0
    active_connections: int = 0
    pending_connections: int = 0
    last_viewer: str = ""
    last_viewed: str = ""  # when, as services.dates.moment writes it

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect, figures = await self._load_page(("learner",), dashboard.learner_figures)
        if redirect or figures is None:
            return redirect
        self.documents = figures.documents
        self.orders = figures.orders
        self.active_connections = figures.active_connections
        self.pending_connections = figures.pending_connections
        self.last_viewer, self.last_viewed = figures.last_viewer, moment(figures.last_viewed_at)
        return None
