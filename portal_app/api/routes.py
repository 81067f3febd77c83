"""Plain HTTP endpoints mounted beside Reflex's own: health, the Stripe webhook, verify JSON, and
the session cookie (set and cleared here only, HttpOnly, so page scripts never read it)."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from portal_app.api.admin_exports import audit_csv
from portal_app.infra.db import call as db_call
from portal_app.infra.db import session_scope
from portal_app.infra.payments import BadSignature, StripeGateway, get_gateway
from portal_app.infra.security import SESSION_COOKIE, safe_next
from portal_app.infra.settings import settings
from portal_app.services import auth, payments


def _db_ok() -> bool:
    with session_scope() as db:
        db.connection().execute(text("SELECT 1"))
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
        ratelimit.forwarded_for(request.headers),
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


def _did_document() -> dict:
    from portal_app.services.issuer import did_document

    with session_scope() as db:
        return did_document(db)


async def did_json(_request: Request) -> JSONResponse:
    """did:web resolution: the organisation's DID document, every signing key ever used."""
    document = await asyncio.to_thread(_did_document)
    return JSONResponse(document, media_type="application/did+json", headers={"cache-control": "max-age=300"})


MAX_STATUS_LIST = 10_000  # ids up to 1.3 billion; a bigger number is a probe, not a badge


def _status_list(number: int) -> dict:
    from portal_app.services.status_list import status_list_credential

    with session_scope() as db:
        return status_list_credential(db, number)


async def status_list(request: Request) -> JSONResponse:
    """A signed BitstringStatusListCredential: how revocation reaches exported badges."""
    number = request.path_params["number"]
    if number > MAX_STATUS_LIST:
        return JSONResponse({"error": "no such status list"}, status_code=404)
    credential = await asyncio.to_thread(_status_list, number)
    return JSONResponse(
        credential, media_type="application/vc+ld+json", headers={"cache-control": "max-age=60"}
    )


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers={"cache-control": "no-store"})


async def open_session(request: Request) -> Response:
    """Exchange sign-in's one-time ticket for the HttpOnly session cookie, then go to `next`
    (a same-site path only). A used, expired or unknown ticket sets nothing."""
    token = await db_call(auth.redeem_ticket, request.query_params.get("ticket", "")[:100])
    if token is None:
        return _see_other("/signin")
    response = _see_other(safe_next(request.query_params.get("next"), "/"))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_absolute_hours * 3600,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )
    return response


async def sign_out(request: Request) -> Response:
    """End the session the cookie names and clear the cookie. Another site's link carries no
    cookie (SameSite=Strict) and is told to go away, so it cannot sign anyone out."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return _see_other("/signin")
    await db_call(auth.sign_out, request.cookies.get(SESSION_COOKIE))
    response = _see_other("/signin")
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=settings.secure_cookies, httponly=True, samesite="strict"
    )
    return response


ROUTES: list[Route] = [
    Route("/api/session", open_session, methods=["GET"]),
    Route("/api/sign-out", sign_out, methods=["GET", "POST"]),
    Route("/api/health", health, methods=["GET"]),
    Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
    Route("/api/verify/{reference}", verify_document, methods=["GET"]),
    Route("/.well-known/did.json", did_json, methods=["GET"]),
    Route("/api/status-lists/{number:int}", status_list, methods=["GET"]),
    Route("/api/admin/audit.csv", audit_csv, methods=["GET"]),
]

api = Starlette(routes=ROUTES)
