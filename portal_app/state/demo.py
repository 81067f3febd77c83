"""Demo mode: an administrator puts the demo data back as the README tells it (services/demo_reset)."""

from __future__ import annotations

from typing import Any

from portal_app.services import demo_reset
from portal_app.state.admin_accounts import AdminOverviewState
from portal_app.state.base import PortalState, portal_event
from portal_app.state.forms import FormState


class DemoResetState(FormState, PortalState):
    @portal_event
    async def reset_demo(self) -> Any:
        done = await self._call(demo_reset.reset_demo)
        if not done.still_signed_in:
            return self._signin_redirect()
        self._note(
            f"Demo data reset: the {done.accounts} demo accounts are back as the README describes. "
            "Everyone else was signed out."
        )
        return AdminOverviewState.load
