"""Plain HTTP endpoints mounted beside Reflex's own (health; later webhooks and verify JSON)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from portal_app.infra.db import session_scope


def _db_ok() -> bool:
    with session_scope() as db:
        db.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return True


async def health(_request: Request) -> JSONResponse:
    try:
        await asyncio.to_thread(_db_ok)
    except Exception:  # noqa: BLE001 - report, do not crash the probe
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


ROUTES: list[Route] = [Route("/api/health", health, methods=["GET"])]

api = Starlette(routes=ROUTES)
