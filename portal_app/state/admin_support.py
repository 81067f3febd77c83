"""Administrators: the support view of one learner (from a learner record or an account)."""

from __future__ import annotations

from typing import Any

from portal_app.services import support
from portal_app.services.errors import NotFound
from portal_app.services.support import SupportView
from portal_app.state.base import PortalState, portal_event

NOBODY = SupportView(0, 0, "", "", "", "", False, "", "", "", [], [], [], [], [])


def id_from_path(path: str) -> int:
    """The number at the end of /admin/records/12 or /admin/accounts/12; 0 when there is none."""
    last = (path or "").rstrip("/").rsplit("/", 1)[-1][:12]
    return int(last) if last.isdigit() else 0


class AdminSupportState(PortalState):
    learner: SupportView = NOBODY
    found: bool = False
    missing: str = ""

    @portal_event
    async def load(self) -> None:
        self.found, self.learner, self.missing = False, NOBODY, ""
        path = self.router.url.path or ""
        key = id_from_path(path)
        by = {"account_id": key} if path.startswith("/admin/accounts/") else {"record_id": key}
        try:
            self.learner = await self._open_page(_view, by)
        except NotFound as error:
            self.missing = str(error)
            return
        self.found = True


def _view(db: Any, actor: Any, by: dict[str, int]) -> SupportView:
    return support.learner_support(db, actor, **by)
