"""Hand-made websocket events: a signed-in learner calls administrators' handlers and acts on
other learners' ids. Every one is refused on the server and changes nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, Address, AuthSession, Document, LearnerRecord, Order
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path
from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
REGISTRATIONS = state_path(BASE, "portal_app.state.admin_accounts.AdminRegistrationsState")
RECORDS = state_path(BASE, "portal_app.state.admin_documents.AdminRecordsState")
PROFILE = state_path(BASE, "portal_app.state.profile.ProfileState")


def _snapshot(url: str) -> dict:
    with Session(get_engine(url)) as db:
        dan = db.exec(select(Account).where(Account.email == "dan.price@example.net")).one()
        sarah = db.exec(select(Account).where(Account.email == "sarah.yeoman@example.com")).one()
        record = db.exec(select(LearnerRecord).where(LearnerRecord.candidate_number == "00030002")).one()
        return {
            "dan": (dan.id, dan.status, dan.learner_record_id),
            "record": record.id,
            "sarah": sarah.id,
            "sarah_addresses": sorted(
                a.id for a in db.exec(select(Address).where(Address.account_id == sarah.id))
            ),
            "sarah_order": db.exec(
                select(Order.number, Order.status).where(Order.account_id == sarah.id)
            ).all(),
            "claire_certificate": db.exec(
                select(Document.status).where(Document.reference == "29567186-01-PJPC")
            ).one(),
        }


def test_a_learner_cannot_use_admin_handlers_or_other_learners_ids(portal):
    before = _snapshot(portal.database_url)
    dan_id, _, _ = before["dan"]

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.sign_in("claire.hammond@example.com", DEMO_PASSWORD)
        # Pretend to be an administrator in every client-settable way...
        await client.send(UPDATE_VARS, {"vars": {f"{state_path(BASE)}.account_kind_rx_state_": "admin"}})
        # ...then call their handlers directly, with real ids.
        await client.send(
            REGISTRATIONS + ".approve", {"account_id": str(dan_id), "record_id": str(before["record"])}
        )
        await client.send(REGISTRATIONS + ".delete_account", {"account_id": str(before["sarah"])})
        await client.send(RECORDS + ".open_revoke", {"reference": "29567186-01-PJPC"})
        await client.send(RECORDS + ".submit_dialog", {"form": {"reason": "hostile revoke"}})
        for address_id in before["sarah_addresses"]:
            await client.send(PROFILE + ".delete_address", {"address_id": str(address_id)})
        # A final round trip so every event above has been processed.
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)
        await client.call(RECORDS + ".open_revoke", {"reference": "x"}, done=(RECORDS, "dialog"))
        await client.close()
        return client

    client = run(attack())
    assert _snapshot(portal.database_url) == before
    # and nothing of another learner's leaked into the state deltas the attacker received
    everything = repr(client.frames)
    assert "sarah.yeoman@example.com" not in everything
    assert "12 Station Road" not in everything


def test_the_administrators_code_cannot_be_sent_without_the_password(portal):
    def admin_sessions() -> list[int]:
        with Session(get_engine(portal.database_url)) as db:
            return db.exec(select(AuthSession.id).join(Account).where(Account.email == DEMO_ADMIN)).all()

    with Session(get_engine(portal.database_url)) as db:
        admin_id = db.exec(select(Account.id).where(Account.email == DEMO_ADMIN)).one()
    before = admin_sessions()

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        # the right code, but no password step: refused
        await client.call(
            SIGNIN + ".submit_code",
            {"form": {"code": demo_admin_code(portal.database_url)}},
            done=(SIGNIN, "problem"),
        )
        # nor can the pending account be set from the browser before sending a code
        forged = {f"{SIGNIN}._pending_id_rx_state_": admin_id, f"{SIGNIN}.step_rx_state_": "code"}
        await client.send(UPDATE_VARS, {"vars": forged})
        await client.send(SIGNIN + ".submit_code", {"form": {"code": demo_admin_code(portal.database_url)}})
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)  # every event above is done
        await client.close()
        return client

    client = run(attack())
    assert "Please sign in again" in repr(client.frames)
    assert not client.session and not client.value(state_path(BASE), "leaving_to")
    assert admin_sessions() == before
