"""Who may open a page is decided on the server: a learner or a third party who sends another
kind's page load straight down the websocket, claiming to be on a public page, is sent to their
own home and receives none of that page's data."""

from __future__ import annotations

import re

import pytest

import portal_app.pages  # noqa: F401  (registers every page)
from portal_app.components.page import PAGES
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run

pytestmark = pytest.mark.e2e

HOMES = {"learner": "/dashboard", "third_party": "/third-party"}
ACCOUNTS = {"learner": "claire.hammond@example.com", "third_party": "ted.trew@fleetmotors.example"}


def _forbidden_loads(kind: str) -> list[tuple[str, str, dict[str, str]]]:
    """(route, full event name, dynamic arguments) of every page load `kind` may not open."""
    loads = []
    for spec in PAGES.values():
        if not spec.kinds or kind in spec.kinds:
            continue
        query = {name: "x" for name in re.findall(r"\[(\w+)\]", spec.route)}
        for handler in spec.loads:
            loads.append((spec.route, f"{handler.state.get_full_name()}.{handler.fn.__name__}", query))
    return loads


@pytest.mark.parametrize("kind", ["learner", "third_party"])
def test_another_kinds_page_load_sends_the_account_home(portal, kind):
    forbidden = _forbidden_loads(kind)
    assert len(forbidden) >= 5, "the staff pages (at least) are closed to this kind"

    async def attack() -> list[tuple[str, list[str]]]:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await client.sign_in(ACCOUNTS[kind], DEMO_PASSWORD)
        answers = []
        for route, event, query in forbidden:
            seen = len(client.events)
            await client.call(event, path="/", query=query, timeout=30)  # "I am on the home page"
            await client.wait_for(lambda seen=seen: len(client.events) > seen, timeout=30)
            answers.append((route, [str(e.get("payload", {}).get("path")) for e in client.events[seen:]]))
        await client.close()
        return answers

    for route, redirects in run(attack()):
        assert HOMES[kind] in redirects, f"{route}: a {kind} was not sent home ({redirects})"
