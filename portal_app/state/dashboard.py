"""Learner dashboard state."""

from __future__ import annotations

from typing import Any

import reflex as rx

from portal_app.services import dashboard
from portal_app.state.base import PortalState, guarded


class DashboardState(PortalState):
    documents: int = 0
    orders: int = 0
    active_connections: int = 0
    pending_connections: int = 0

    @rx.event
    @guarded
    async def load(self) -> Any:
        redirect = await self._refresh_account(("learner",))
        if redirect:
            return redirect
        figures = await self._call(dashboard.learner_figures)
        self.documents = figures.documents
        self.orders = figures.orders
        self.active_connections = figures.active_connections
        self.pending_connections = figures.pending_connections
        return None
