"""Administrators' downloads as plain HTTP (a CSV can be large; it does not belong in UI state).

The session cookie is the same one the pages use (SameSite=Strict, so another site cannot make
the browser send it); the service checks that its account is an administrator.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from portal_app.infra import ratelimit
from portal_app.infra.db import call as db_call
from portal_app.infra.security import SESSION_COOKIE
from portal_app.infra.settings import settings
from portal_app.services import audit, audit_log, auth
from portal_app.services.errors import DomainError, NotSignedIn, PermissionDenied, ValidationError


def _client(request: Request) -> str:
    peer = request.client.host if request.client else None
    return ratelimit.client_address(
        peer, ratelimit.forwarded_for(request.headers), settings.trusted_proxy_hops
    )


async def audit_csv(request: Request) -> Response:
    """GET /api/admin/audit.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the audit log for those days."""
    token = request.cookies.get(SESSION_COOKIE, "")
    date_from = request.query_params.get("from", "")[:20]
    date_to = request.query_params.get("to", "")[:20]

    def job(db: Session) -> str:
        return audit_log.export_csv(db, auth.require_account(db, token), date_from, date_to)

    audit.from_client(_client(request))
    try:
        body = await db_call(job)
    except NotSignedIn:
        return PlainTextResponse("Please sign in as an administrator.", status_code=401)
    except PermissionDenied:
        return PlainTextResponse("You do not have access to that.", status_code=403)
    except ValidationError as error:
        return PlainTextResponse(str(error), status_code=400)
    except DomainError:
        return PlainTextResponse("That export could not be made.", status_code=400)
    name = f"audit-{date.fromisoformat(date_from)}-to-{date.fromisoformat(date_to)}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"},
    )
