"""Hand-made websocket events: a learner and a third party ask for staff's third-party list and
connection list, and try to end a connection. The server refuses every one: nothing is listed,
the connection stays active, nobody is e-mailed and nothing is audited."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import AuditEvent, Connection, OutboundEmail
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
THIRD_PARTIES = state_path(BASE, "portal_app.state.admin_third_parties.AdminThirdPartiesState")
CONNECTIONS = state_path(BASE, "portal_app.state.admin_connections.AdminConnectionsState")


def _claire_and_ted(url: str) -> Connection:
    with Session(get_engine(url)) as db:
        return db.exec(
            select(Connection).where(
                Connection.learner_email == "claire.hammond@example.com",
                Connection.third_party_email == "ted.trew@fleetmotors.example",
                Connection.status == "active",
            )
        ).first()


def _ended_or_told(url: str) -> tuple[int, int]:
    with Session(get_engine(url)) as db:
        audited = db.exec(select(AuditEvent).where(AuditEvent.action == "connection.ended_by_staff")).all()
        told = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "connection_ended")).all()
        return len(audited), len(told)


@pytest.mark.parametrize("email", ["claire.hammond@example.com", "ted.trew@fleetmotors.example"])
def test_learners_and_third_parties_cannot_list_or_end_connections_as_staff(portal, email):
    target = _claire_and_ted(portal.database_url)
    assert target is not None, "the demo's active connection between Claire and Ted"
    before = _ended_or_told(portal.database_url)

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        assert await client.sign_in(email, DEMO_PASSWORD)
        await client.send(UPDATE_VARS, {"vars": {f"{state_path(BASE)}.account_kind_rx_state_": "admin"}})
        await client.send(THIRD_PARTIES + ".load", path="/admin/third-parties")
        await client.send(THIRD_PARTIES + ".run_search", {"form": {"search": "fleet"}})
        await client.send(THIRD_PARTIES + ".filter_status", {"status": "active"})
        await client.send(
            CONNECTIONS + ".load", path=f"/admin/connections?third_party={target.third_party_account_id}"
        )
        await client.send(CONNECTIONS + ".run_search", {"form": {"search": "hammond"}})
        await client.send(CONNECTIONS + ".filter_status", {"status": "active"})
        await client.send(CONNECTIONS + ".every_third_party")
        await client.send(CONNECTIONS + ".open_end", {"connection_id": target.id})
        await client.send(CONNECTIONS + ".end", {"form": {"reason": "Forged: end it for me please"}})
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)
        await client.close()
        return client

    client = run(attack())
    everything = repr(client.frames)
    assert not client.value(THIRD_PARTIES, "rows") and not client.value(CONNECTIONS, "rows")
    assert "Northgate Logistics" not in everything  # the demo's other employers are never listed
    assert not client.value(CONNECTIONS, "third_party_label") and not client.value(CONNECTIONS, "end_open")
    with Session(get_engine(portal.database_url)) as db:
        assert db.get(Connection, target.id).status == "active"
    assert _ended_or_told(portal.database_url) == before
