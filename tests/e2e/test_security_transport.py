"""Transport-level protections of the running app: headers, websocket origin, session re-checks."""

from __future__ import annotations

import urllib.request

import pytest
from websockets.exceptions import InvalidStatus

from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = state_path("portal_app.state.base.PortalState")
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
    await client.wait_for(lambda: client.value(SIGNIN, "busy") is not None)
    await client.send(
        SIGNIN + ".submit", {"form": {"email": "claire.hammond@example.com", "password": DEMO_PASSWORD}}
    )
    await client.wait_for(lambda: bool(client.value(BASE, "session_token")))
    return client


def test_a_tab_signed_out_elsewhere_can_do_nothing(portal):
    async def journey():
        tab = await _signed_in_client(portal)
        await tab.send(DASHBOARD + ".load", path="/dashboard/")
        await tab.wait_for(lambda: tab.value(DASHBOARD, "documents") == 3)

        # The same session is signed out from another tab (same cookie).
        token = tab.value(BASE, "session_token")
        other = ReflexClient(portal.base_url, storage={f"{BASE}.session_token_rx_state_": token})
        await other.connect("/dashboard/")
        assert other.value(BASE, "session_token") == token
        await other.send(BASE + ".sign_out", path="/dashboard/")
        await other.wait_for(lambda: any(e.get("name") == "_redirect" for e in other.events))

        tab.events.clear()
        await tab.send(DASHBOARD + ".load", path="/dashboard/")
        await tab.wait_for(lambda: any(e.get("name") == "_redirect" for e in tab.events))
        redirect = next(e for e in tab.events if e.get("name") == "_redirect")
        assert redirect["payload"]["path"].startswith("/signin")
        assert tab.value(BASE, "signed_in") is False
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
