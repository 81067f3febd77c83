"""Forged websocket events against share-in-one-step: a learner cannot share another learner's
documents, nor create a connection (or send an invitation) without documents, whatever the
browser sends. Everything is refused on the server and nothing is saved or queued."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, Connection, ConnectionDocument, Document, OutboundEmail
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
CONNECTIONS = state_path(BASE, "portal_app.state.connections.ConnectionsState")
SHARE = state_path(BASE, "portal_app.state.connections.ShareState")
MALLORY = "mallory@evil.example"


def _snapshot(url: str) -> dict:
    with Session(get_engine(url)) as db:
        sarah = db.exec(select(Account).where(Account.email == "sarah.yeoman@example.com")).one()
        return {
            "connections": db.exec(select(func.count()).select_from(Connection)).one(),
            "shared": db.exec(select(func.count()).select_from(ConnectionDocument)).one(),
            "to_mallory": db.exec(select(OutboundEmail.id).where(OutboundEmail.to_address == MALLORY)).all(),
            "sarahs_documents": db.exec(
                select(Document.id).where(Document.learner_record_id == sarah.learner_record_id)
            ).all(),
        }


def test_a_forged_share_cannot_use_another_learners_documents_or_share_nothing(portal):
    before = _snapshot(portal.database_url)
    assert before["sarahs_documents"]

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        assert await client.sign_in("claire.hammond@example.com", DEMO_PASSWORD)
        form = {"name": "Mallory", "email": MALLORY, "expires_on": "", "message": "Click here"}
        await client.call(CONNECTIONS + ".add_connection", {"form": form}, done=(SHARE, "email"))
        await client.call(SHARE + ".load", path="/connections/share/", done=(SHARE, "drafting"))
        assert client.value(SHARE, "drafting") is True
        # Nothing chosen: refused.
        await client.call(SHARE + ".save", path="/connections/share/", done=(SHARE, "errors"))
        # Sarah's documents, by id, ticked by hand: refused.
        for document_id in before["sarahs_documents"]:
            await client.send(SHARE + ".toggle", {"document_id": str(document_id), "checked": True})
        await client.call(SHARE + ".save", path="/connections/share/", done=(SHARE, "problem"))
        # A forged draft is not something the browser can set (backend-only), and forging
        # "not drafting" aims the save at connection "" (none): refused as well.
        forged = {
            f"{SHARE}._draft_rx_state_": {"name": "Mallory", "email": "other@evil.example"},
            f"{SHARE}.drafting_rx_state_": False,
        }
        await client.send(UPDATE_VARS, {"vars": forged})
        await client.send(SHARE + ".save", path="/connections/share/")
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)  # every event above is done
        await client.close()
        return client

    client = run(attack())
    assert "Choose at least one document to share." in repr(client.frames)
    assert "You can only share your own valid documents." in repr(client.frames)
    assert _snapshot(portal.database_url) == before
