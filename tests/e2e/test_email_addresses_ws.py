"""Hand-made websocket events against someone else's e-mail address: a signed-in learner names
another account's address by its id, even in the backend-only var, and nothing changes."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account, AccountEmail
from tests.factories import PASSWORD, make_learner
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e
PROFILE = state_path("portal_app.state.base.PortalState", "portal_app.state.profile.ProfileState")


def test_a_forged_event_cannot_remove_or_take_another_accounts_address(portal):
    tag = uuid.uuid4().hex[:8]
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        victim = make_learner(db, email=f"victim-{tag}@example.com")
        row = AccountEmail(
            account_id=victim.id, address=f"victim-{tag}@college.example", verified_at=utcnow()
        )
        db.add(row)
        db.commit()
        attacker = make_learner(db, email=f"attacker-{tag}@example.com")

    async def attack() -> None:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.sign_in(attacker.email, PASSWORD)
        await client.reconnect("/profile/")
        await client.call(f"{PROFILE}.make_primary", {"email_id": row.id})
        await client.call(f"{PROFILE}.ask_to_remove", {"email_id": row.id})
        await client.send(UPDATE_VARS, {"vars": {f"{PROFILE}._removing_email_id_rx_state_": row.id}})
        await client.call(f"{PROFILE}.remove_email", {"form": {"remove_password": PASSWORD}})
        await client.close()

    run(attack())
    with Session(get_engine(portal.database_url)) as db:
        kept = db.get(AccountEmail, row.id)
        assert kept is not None and kept.account_id == victim.id and kept.address.startswith("victim-")
        assert db.exec(select(Account.email).where(Account.id == victim.id)).one() == victim.email
        assert db.exec(select(Account.email).where(Account.id == attacker.id)).one() == attacker.email
