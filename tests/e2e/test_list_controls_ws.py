"""The connections table's search, tabs and filters work from the page's own events
(they are shared by the learner's and the third party's tables)."""

from __future__ import annotations

import pytest

from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run, state_path
from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
CONNECTIONS = state_path(BASE, "portal_app.state.connections.ConnectionsState")
THIRD_PARTY = state_path(BASE, "portal_app.state.third_party.ThirdPartyConnectionsState")


async def _signed_in(portal, email: str) -> ReflexClient:
    client = await ReflexClient(portal.base_url).connect("/signin/")
    code = (lambda: demo_admin_code(portal.database_url)) if email == DEMO_ADMIN else None
    await client.sign_in(email, DEMO_PASSWORD, code)
    return client


def _emails(client: ReflexClient, state: str) -> list[str]:
    return sorted(row.get("email", "") for row in client.value(state, "rows") or [])


def test_learner_and_third_party_tables_search_switch_tabs_and_filter(portal):
    async def journey():
        claire = await _signed_in(portal, "claire.hammond@example.com")
        await claire.call(CONNECTIONS + ".load", done=(CONNECTIONS, "rows"), path="/connections/")
        assert "ted.trew@fleetmotors.example" in _emails(claire, CONNECTIONS)
        await claire.call(
            CONNECTIONS + ".set_search",
            {"value": "nobody-matches-this"},
            done=(CONNECTIONS, "search"),
            path="/connections/",
        )
        assert _emails(claire, CONNECTIONS) == []
        await claire.call(
            CONNECTIONS + ".set_search", {"value": ""}, done=(CONNECTIONS, "search"), path="/connections/"
        )
        await claire.call(
            CONNECTIONS + ".set_tab", {"tab": "inactive"}, done=(CONNECTIONS, "tab"), path="/connections/"
        )
        assert "admissions@cardiffcity.example" in _emails(claire, CONNECTIONS)  # the expired one
        assert not claire.value(state_path(BASE), "alert_message")

        ted = await _signed_in(portal, "ted.trew@fleetmotors.example")
        await ted.call(THIRD_PARTY + ".load", done=(THIRD_PARTY, "rows"), path="/third-party/connections/")
        await ted.call(
            THIRD_PARTY + ".set_search",
            {"value": "zzz-none"},
            done=(THIRD_PARTY, "search"),
            path="/third-party/connections/",
        )
        assert ted.value(THIRD_PARTY, "rows") == []
        assert not ted.value(state_path(BASE), "alert_message")
        await claire.close()
        await ted.close()

    run(journey())


ORDERS = state_path(BASE, "portal_app.state.orders.OrdersState")
ADMIN_ORDERS = state_path(BASE, "portal_app.state.admin_orders.AdminOrdersState")


def _numbers(client: ReflexClient, state: str) -> list[str]:
    return sorted(row.get("number", "") for row in client.value(state, "rows") or [])


def test_order_lists_search_and_filter_for_learners_and_administrators(portal):
    async def journey():
        admin = await _signed_in(portal, "admin@awarding.example")
        await admin.call(ADMIN_ORDERS + ".load", done=(ADMIN_ORDERS, "rows"), path="/admin/orders/")
        await admin.call(
            ADMIN_ORDERS + ".run_search",
            {"form": {"search": "Yeoman"}},
            done=(ADMIN_ORDERS, "search"),
            path="/admin/orders/",
        )
        assert "ORD-100001" in _numbers(admin, ADMIN_ORDERS)
        await admin.call(
            ADMIN_ORDERS + ".run_search",
            {"form": {"search": "no such order"}},
            done=(ADMIN_ORDERS, "search"),
            path="/admin/orders/",
        )
        assert _numbers(admin, ADMIN_ORDERS) == []
        assert not admin.value(state_path(BASE), "alert_message")

        sarah = await _signed_in(portal, "sarah.yeoman@example.com")
        await sarah.call(ORDERS + ".load", done=(ORDERS, "rows"), path="/orders/")
        await sarah.call(
            ORDERS + ".filter_status", {"status": "paid"}, done=(ORDERS, "status"), path="/orders/"
        )
        assert "ORD-100001" in _numbers(sarah, ORDERS)
        assert not sarah.value(state_path(BASE), "alert_message")
        await admin.close()
        await sarah.close()

    run(journey())
