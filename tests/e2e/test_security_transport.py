"""Transport-level protections of the running app: headers, websocket origin, the HttpOnly
session cookie and its re-check on every event, sign-out, and where sign-in may send you."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect
from websockets.exceptions import InvalidStatus

from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.support.reflex_client import SESSION_COOKIE, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = state_path("portal_app.state.base.PortalState")
PORTAL_EVENTS = state_path("portal_app.state.base.PortalState", "portal_app.state.base.PortalEvents")
SIGNIN = state_path("portal_app.state.base.PortalState", "portal_app.state.auth.SignInState")
DASHBOARD = state_path("portal_app.state.base.PortalState", "portal_app.state.dashboard.DashboardState")


@pytest.mark.parametrize("path", ["/", "/signin/", "/dashboard/", "/api/health", "/logo.svg"])
def test_every_response_carries_security_headers(portal, path):
    with urllib.request.urlopen(portal.url(path), timeout=10) as response:  # noqa: S310 - local app
        headers = {k.lower(): v for k, v in response.headers.items()}
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "default-src 'self'" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'sha256-" in script_src  # the build's own inline scripts, by hash
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_websocket_from_a_foreign_origin_is_refused(portal):
    async def attempt():
        client = ReflexClient(portal.base_url, origin="https://evil.example")
        with pytest.raises(InvalidStatus) as refused:
            await client.connect("/signin/")
        assert refused.value.response.status_code == 403

    run(attempt())


async def _signed_in_client(portal) -> ReflexClient:
    client = await ReflexClient(portal.base_url).connect("/signin/")
    await client.sign_in("claire.hammond@example.com", DEMO_PASSWORD)
    return client


def test_a_tab_signed_out_elsewhere_can_do_nothing(portal):
    async def journey():
        tab = await _signed_in_client(portal)
        await tab.send(DASHBOARD + ".load", path="/dashboard/")
        await tab.wait_for(lambda: tab.value(DASHBOARD, "documents") == 3)

        # The same session is signed out from another tab (same cookie): at once, before that
        # tab's browser has even loaded /api/sign-out.
        other = await ReflexClient(portal.base_url, cookies={SESSION_COOKIE: tab.session}).connect(
            "/dashboard/"
        )
        await other.send(PORTAL_EVENTS + ".sign_out", path="/dashboard/")
        await other.wait_for(lambda: bool(other.value(BASE, "leaving_to")))

        tab.events.clear()
        await tab.send(DASHBOARD + ".load", path="/dashboard/")
        await tab.wait_for(lambda: any(e.get("name") == "_redirect" for e in tab.events))
        redirect = next(e for e in tab.events if e.get("name") == "_redirect")
        assert redirect["payload"]["path"].startswith("/signin")
        assert tab.value(BASE, "signed_in") is False

        assert await other.follow_leaving() == "/signin"
        assert not other.session  # /api/sign-out cleared the cookie
        await tab.close()
        await other.close()

    run(journey())


def test_client_set_vars_grant_nothing(portal):
    """A client may set its own state vars (Reflex allows it); the server never trusts them."""

    async def journey():
        client = await ReflexClient(portal.base_url).connect("/dashboard/")
        await client.send(
            "reflex___state____state.reflex___state____update_vars_internal_state.update_vars_internal",
            {"vars": {f"{BASE}.signed_in_rx_state_": True, f"{BASE}.account_kind_rx_state_": "learner"}},
        )
        await client.send(DASHBOARD + ".load", path="/dashboard/")
        await client.wait_for(lambda: any(e.get("name") == "_redirect" for e in client.events))
        assert client.value(DASHBOARD, "documents") in (None, 0)
        await client.close()

    run(journey())


def test_malformed_events_get_a_plain_message_not_a_stack_trace(portal):
    async def journey():
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.send(SIGNIN + ".submit", {"form": "not a form at all"})
        await client.wait_for(lambda: bool(client.value(BASE, "alert_message")))
        assert "Something went wrong on our side" in client.value(BASE, "alert_message")
        everything = repr(client.frames)
        assert "Traceback" not in everything and "AttributeError" not in everything
        await client.close()

    run(journey())


async def _dashboard_documents(portal, **client_options) -> tuple[ReflexClient, object]:
    """A forged dashboard load from a fresh tab: what it gets back."""
    client = await ReflexClient(portal.base_url, **client_options).connect("/dashboard/")
    await client.send(DASHBOARD + ".load", path="/dashboard/")
    await client.wait_for(lambda: any(e.get("name") == "_redirect" for e in client.events))
    return client, client.value(DASHBOARD, "documents")


def test_events_without_the_cookie_or_with_a_signed_out_one_do_nothing(portal):
    async def attack():
        victim = await _signed_in_client(portal)
        stolen = victim.session
        # The session token offered the old way, as a browser-held state var: not a session.
        forged, documents = await _dashboard_documents(
            portal, storage={f"{BASE}.session_token_rx_state_": stolen}
        )
        assert documents in (None, 0) and forged.value(BASE, "signed_in") is not True
        # No cookie at all.
        _, documents = await _dashboard_documents(portal)
        assert documents in (None, 0)
        # A stolen cookie works only until its owner signs out.
        await victim.send(PORTAL_EVENTS + ".sign_out", path="/dashboard/")
        await victim.follow_leaving()
        _, documents = await _dashboard_documents(portal, cookies={SESSION_COOKIE: stolen})
        assert documents in (None, 0)

    run(attack())


def test_page_scripts_cannot_read_the_session_cookie(page, portal):
    sign_in(page, portal, "claire.hammond@example.com", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.get_by_text("You have 3 documents")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.evaluate("document.cookie")
    assert SESSION_COOKIE not in page.evaluate("document.cookie")
    # Signing out clears it.
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin/?$"))
    assert SESSION_COOKIE not in {c["name"] for c in page.context.cookies()}


def test_a_ticket_works_once(portal):
    async def journey():
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.send(
            SIGNIN + ".submit",
            {"form": {"email": "sarah.yeoman@example.com", "password": DEMO_PASSWORD}},
            path="/signin/",
        )
        await client.wait_for(lambda: bool(client.value(BASE, "leaving_to")))
        ticket_url = portal.url(client.value(BASE, "leaving_to"))
        await client.close()
        return ticket_url

    ticket_url = run(journey())
    assert ticket_url.startswith(portal.url("/api/session?ticket="))
    with urllib.request.urlopen(ticket_url, timeout=10) as first:  # noqa: S310 - local app
        assert first.url.rstrip("/").endswith("/dashboard")
    with urllib.request.urlopen(ticket_url, timeout=10) as again:  # noqa: S310
        assert again.url.rstrip("/").endswith("/signin")


@pytest.mark.parametrize("trick", ["/%09/evil.example", "/%0a/evil.example", "/%5C/evil.example"])
def test_sign_in_never_leaves_the_site_whatever_next_says(page, portal, trick):
    page.goto(portal.url(f"/signin?next={trick}"))
    page.get_by_label("E-mail").fill("claire.hammond@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    assert page.url.startswith(portal.base_url)


def test_the_next_person_in_the_tab_sees_nothing_of_the_last(page, portal):
    """Claire opens pages with her data and signs out; Sarah signs in in the same tab. Nothing
    of Claire's reaches Sarah's screen or the state deltas her tab receives (a hydrate sends
    the tab's whole state tree)."""
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    sign_in(page, portal, "claire.hammond@example.com", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    for path, shown in (("/documents", "29567186-01-PJPC"), ("/connections", "Ted Trew")):
        page.goto(portal.url(path))
        expect(page.get_by_text(shown).first).to_be_visible()
    assert any("29567186-01-PJPC" in f for f in frames)  # Claire's data did reach her tab

    page.get_by_role("button", name="Account menu").click()
    frames.clear()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin/?$"))
    page.get_by_label("E-mail").fill("sarah.yeoman@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    for path in ("/documents", "/connections"):
        page.goto(portal.url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    received = json.dumps(frames)
    for claires in ("29567186-01-PJPC", "98077739-01-KVHT", "Hammond", "claire.hammond"):
        assert claires not in received, claires
