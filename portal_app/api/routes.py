"""Plain HTTP endpoints mounted beside Reflex's own (health, the Stripe webhook; later verify JSON)."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from portal_app.api.admin_exports import audit_csv
from portal_app.infra.db import call as db_call
from portal_app.infra.db import session_scope
from portal_app.infra.payments import BadSignature, StripeGateway, get_gateway
from portal_app.infra.settings import settings
from portal_app.services import payments


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


log = logging.getLogger("portal.api")
MAX_WEBHOOK_BYTES = 512 * 1024


async def stripe_webhook(request: Request) -> JSONResponse:
    """Stripe events: only a body whose signature verifies changes anything (else 400)."""
    gateway = get_gateway()
    if not isinstance(gateway, StripeGateway):
        return JSONResponse({"error": "Stripe is not configured"}, status_code=400)
    payload = await request.body()
    if len(payload) > MAX_WEBHOOK_BYTES:
        return JSONResponse({"error": "payload too large"}, status_code=413)
    try:
        event = gateway.verify_webhook(payload, request.headers.get("stripe-signature"))
    except BadSignature:
        return JSONResponse({"error": "invalid signature"}, status_code=400)
    outcome = await db_call(payments.handle_stripe_event, event)
    log.info("stripe event %s (%s): %s", event.get("id"), event.get("type"), outcome)
    return JSONResponse({"received": True, "outcome": outcome})


def _verify(reference: str) -> dict:
    from portal_app.services.verification_log import verify_and_count

    with session_scope() as db:
        return verify_and_count(db, reference).as_json()


async def verify_document(request: Request) -> JSONResponse:
    """Public JSON verification of a reference; rate-limited per client IP like the page."""
    from portal_app.infra import ratelimit

    client = ratelimit.client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        settings.trusted_proxy_hops,
    )
    limiter = ratelimit.verify_limiter
    if not await asyncio.to_thread(limiter.hit, client):
        wait = await asyncio.to_thread(limiter.retry_after, client)
        return JSONResponse(
            {
                "outcome": "rate_limited",
                "message": f"Too many requests; try again in {ratelimit.wait_in_words(wait)}.",
            },
            status_code=429,
            headers={"retry-after": str(max(1, wait))},
        )
    result = await asyncio.to_thread(_verify, request.path_params["reference"])
    status = 404 if result["outcome"] == "not_found" else 400 if result["outcome"] == "invalid" else 200
    return JSONResponse(result, status_code=status, headers={"cache-control": "no-store"})


ROUTES: list[Route] = [
    Route("/api/health", health, methods=["GET"]),
    Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
    Route("/api/verify/{reference}", verify_document, methods=["GET"]),
    Route("/api/admin/audit.csv", audit_csv, methods=["GET"]),
]

api = Starlette(routes=ROUTES)
