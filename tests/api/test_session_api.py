"""/api/session and /api/sign-out: the only places the session cookie is set or cleared.

Sign-in leaves a one-time ticket; the browser exchanges it here for an HttpOnly, SameSite=Strict
cookie (Secure behind https). Run through the production unit of work (infra.db.run_in_session).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select, update
from starlette.testclient import TestClient

from portal_app.api import routes
from portal_app.infra.clock import utcnow
from portal_app.infra.db import run_in_session
from portal_app.infra.security import SESSION_COOKIE
from portal_app.models import AuthSession
from portal_app.services import auth
from tests.factories import PASSWORD, make_learner


@pytest.fixture
def client(use_engine):
    return TestClient(routes.api, base_url="http://localhost:3000", follow_redirects=False)


@pytest.fixture
def ticket(db, use_engine) -> str:
    """A learner has just signed in: the ticket sign-in hands to the browser."""
    learner = make_learner(db)
    db.commit()
    signed_in = run_in_session(auth.sign_in, learner.email, PASSWORD)
    return run_in_session(auth.issue_ticket, signed_in.token)


def _session_cookie(response) -> str:
    return next(
        (h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")), ""
    )


def test_a_ticket_sets_an_httponly_strict_cookie_and_goes_on(client, ticket):
    response = client.get("/api/session", params={"ticket": ticket, "next": "/documents"})
    assert response.status_code == 303 and response.headers["location"] == "/documents"
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    token = response.cookies[SESSION_COOKIE]
    assert run_in_session(auth.resolve_session, token) is not None


def test_a_ticket_works_once(client, ticket):
    first = client.get("/api/session", params={"ticket": ticket, "next": "/dashboard"})
    client.cookies.clear()
    again = client.get("/api/session", params={"ticket": ticket, "next": "/dashboard"})
    assert SESSION_COOKIE in first.cookies
    assert again.status_code == 303 and again.headers["location"] == "/signin"
    assert "set-cookie" not in again.headers


def test_an_expired_ticket_sets_nothing(db, client, ticket):
    def age(db_):
        db_.exec(update(AuthSession).values(ticket_expires_at=utcnow() - timedelta(seconds=1)))

    run_in_session(age)
    response = client.get("/api/session", params={"ticket": ticket})
    assert response.headers["location"] == "/signin" and "set-cookie" not in response.headers


def test_the_token_made_at_sign_in_never_works_once_the_ticket_is_used(db, use_engine, client):
    learner = make_learner(db)
    db.commit()
    signed_in = run_in_session(auth.sign_in, learner.email, PASSWORD)
    ticket = run_in_session(auth.issue_ticket, signed_in.token)
    client.get("/api/session", params={"ticket": ticket})
    assert run_in_session(auth.resolve_session, signed_in.token) is None


def test_a_ticket_of_a_session_ended_meanwhile_sets_nothing(client, ticket):
    run_in_session(lambda db: db.exec(update(AuthSession).values(ended_at=utcnow())))
    response = client.get("/api/session", params={"ticket": ticket})
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "next_",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/%09/evil.example",
        "https://evil.example/",
        "/%5C%5Cevil.example",
        " /evil",
        "/\x00/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, ticket, next_):
    response = client.get("/api/session", params={"ticket": ticket, "next": next_})
    assert response.headers["location"] == "/"


def test_the_cookie_is_secure_behind_https(client, ticket, monkeypatch):

    monkeypatch.setattr(routes, "settings", routes.settings.model_copy(update={"secure_cookies": True}))
    response = client.get("/api/session", params={"ticket": ticket})
    assert "Secure" in _session_cookie(response)


def test_secure_cookies_follow_an_https_base_url_by_default(monkeypatch):
    from portal_app.infra.settings import Settings

    monkeypatch.delenv("PORTAL_SECURE_COOKIES", raising=False)
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example")
    assert Settings().secure_cookies is True
    monkeypatch.setenv("PORTAL_BASE_URL", "http://localhost:3000")
    assert Settings().secure_cookies is False


def test_sign_out_ends_the_session_and_clears_the_cookie(client, ticket):
    token = client.get("/api/session", params={"ticket": ticket}).cookies[SESSION_COOKIE]
    response = client.post("/api/sign-out", headers={"sec-fetch-site": "same-origin"})
    assert response.headers["location"] == "/signin"
    cleared = _session_cookie(response)
    assert "Max-Age=0" in cleared or "expires=" in cleared.lower()
    assert run_in_session(auth.resolve_session, token) is None


def test_another_site_cannot_sign_anyone_out(client, ticket):
    token = client.get("/api/session", params={"ticket": ticket}).cookies[SESSION_COOKIE]
    response = client.get("/api/sign-out", headers={"sec-fetch-site": "cross-site"})
    assert "set-cookie" not in response.headers
    assert run_in_session(auth.resolve_session, token) is not None
    assert run_in_session(lambda db: db.exec(select(AuthSession.ended_at)).all()) == [None]
