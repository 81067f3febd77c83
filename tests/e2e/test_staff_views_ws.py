"""Hand-made websocket events and HTTP requests: a learner and a third party ask for the support
view, the audit log and its CSV, and the overview's charts. The server refuses every one; nothing is read or audited."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import AuditEvent, LearnerRecord
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
SUPPORT = state_path(BASE, "portal_app.state.admin_support.AdminSupportState")
AUDIT = state_path(BASE, "portal_app.state.admin_audit.AdminAuditState")
TRENDS = state_path(BASE, "portal_app.state.dashboard.AdminTrendsState")


def _looks(url: str) -> int:
    with Session(get_engine(url)) as db:
        return len(
            db.exec(
                select(AuditEvent).where(AuditEvent.action.in_(("support.viewed", "audit.exported")))
            ).all()
        )


@pytest.mark.parametrize("email", ["claire.hammond@example.com", "ted.trew@fleetmotors.example"])
def test_learners_and_third_parties_get_nothing_from_staff_views(portal, email):
    with Session(get_engine(portal.database_url)) as db:
        sarah = db.exec(select(LearnerRecord).where(LearnerRecord.candidate_number == "00034561")).one()
    before = _looks(portal.database_url)

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        assert await client.sign_in(email, DEMO_PASSWORD)
        await client.send(UPDATE_VARS, {"vars": {f"{state_path(BASE)}.account_kind_rx_state_": "admin"}})
        await client.send(SUPPORT + ".load", path=f"/admin/records/{sarah.id}")
        await client.send(AUDIT + ".load", path="/admin/audit")
        await client.send(
            AUDIT + ".apply", {"form": {"search": "", "actor": "", "date_from": "", "date_to": ""}}
        )
        await client.send(AUDIT + ".filter_kind", {"kind": "security"})
        await client.send(AUDIT + ".clear")
        await client.send(TRENDS + ".load", path="/admin")
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)
        await client.close()
        return client

    client = run(attack())
    everything = repr(client.frames)
    assert "sarah.yeoman@example.com" not in everything
    assert "Yeoman" not in everything  # no support view of Sarah
    assert not client.value(AUDIT, "rows") and "client_address" not in everything  # no audit rows
    assert not client.value(SUPPORT, "found")
    assert not client.value(TRENDS, "registrations") and not client.value(TRENDS, "orders")  # no charts
    assert _looks(portal.database_url) == before

    token = client.session
    assert token
    response = httpx.get(
        portal.url("/api/admin/audit.csv?from=2020-01-01&to=2030-01-01"), cookies={"portal_session": token}
    )
    assert response.status_code == 403 and "support.viewed" not in response.text
    assert _looks(portal.database_url) == before


def test_the_audit_csv_needs_a_session(portal):
    response = httpx.get(portal.url("/api/admin/audit.csv?from=2020-01-01&to=2030-01-01"))
    assert response.status_code == 401
    assert "," not in response.text
