"""Everything the server sends a browser during a learner's journey, scanned for secrets and
for other people's data."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import AuthSession, EmailToken
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
PAGES = [
    # (state, handler, path, route query)
    (state_path(BASE, "portal_app.state.dashboard.DashboardState"), "load", "/dashboard/", None),
    (state_path(BASE, "portal_app.state.documents.DocumentsState"), "load", "/documents/", None),
    (
        state_path(BASE, "portal_app.state.documents.DocumentViewState"),
        "load",
        "/documents/29567186-01-PJPC/",
        {"doc_ref": "29567186-01-PJPC"},
    ),
    (state_path(BASE, "portal_app.state.store.StoreState"), "load", "/store/", None),
    (state_path(BASE, "portal_app.state.basket.BasketState"), "load", "/basket/", None),
    (
        state_path(BASE, "portal_app.state.orders.OrdersState"),
        "load",
        "/orders/",
        None,
    ),
    (state_path(BASE, "portal_app.state.profile.ProfileState"), "load", "/profile/", None),
]
OTHER_PEOPLE = [
    "sarah.yeoman@example.com",
    "Yeoman",
    "00034561",
    "1988-11-02",
    "graham.oakes",
    "00011873",
    "ted.trew@fleetmotors.example",
    "12 Station Road",
    "1994-03-12T",
]


def test_a_learner_journey_sends_no_secrets_and_nobody_elses_data(portal):
    async def journey() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.sign_in("claire.hammond@example.com", DEMO_PASSWORD)
        for state, handler, path, query in PAGES:
            client.path = path
            await client.call(
                f"{state}.{handler}", path=path, query=query, done=(state_path(BASE), "signed_in")
            )
        await client.close()
        return client

    client = run(journey())
    everything = repr(client.frames)
    assert "Hammond" in everything  # the journey really showed Claire's own pages

    assert "$2b$" not in everything  # no password hash
    with Session(get_engine(portal.database_url)) as db:
        hashes = list(db.exec(select(AuthSession.token_hash)).all())
        hashes += list(db.exec(select(EmailToken.token_hash)).all())
    assert hashes and not [h for h in hashes if h in everything]  # no stored token hash
    assert (
        client.session and client.session not in everything
    )  # the session lives in its HttpOnly cookie only
    for other in OTHER_PEOPLE:
        assert other not in everything, other
