"""The control check's two halves agree: what the inventory lists is what the recorder notes when a
journey presses it, by mouse, Enter or Space (tests/support/journey_controls.py).

A page of its own (no portal), at a path no route serves, so these presses cannot stand in for a
real journey's.
"""

from __future__ import annotations

import pytest

from tests.support.journey_controls import (
    INVENTORY_JS,
    RECORDER,
    SHELL,
    ClickRecorder,
    ControlKey,
    control_key,
    name_normaliser,
    route_of,
)

pytestmark = pytest.mark.e2e
ADDRESS = "http://recorder.test/recorder-fixture"
FIXTURE = """<!doctype html><html><body>
<div class="top-bar"><a href="#home">Home</a></div>
<button id="bin" aria-label="Remove the fixture row"><svg></svg></button>
<a href="#view"><button>Open fixture</button></a>
<button disabled>Next fixture page</button>
<span role="button" tabindex="0">Extend fixture <span aria-hidden="true">(clock)</span></span>
<button style="display:none">Hidden fixture</button>
</body></html>"""


@pytest.fixture
def fixture_page(browser):
    RECORDER.enabled = False  # a recorder of this test's own, not the session's
    try:
        context = browser.new_context()
    finally:
        RECORDER.enabled = True
    recorder = ClickRecorder()
    recorder.install(context)
    page = context.new_page()
    page.route(ADDRESS, lambda route: route.fulfill(body=FIXTURE, content_type="text/html"))
    page.goto(ADDRESS)
    yield page, recorder
    context.close()


def test_the_inventory_lists_enabled_visible_controls_once_by_role_and_name(fixture_page):
    page, _ = fixture_page
    path, controls = page.evaluate(INVENTORY_JS)
    assert path == "/recorder-fixture"
    assert [(c["role"], c["name"], c["shell"]) for c in controls] == [
        ("link", "Home", True),
        ("button", "Remove the fixture row", False),
        ("link", "Open fixture", False),  # the button inside the link is the same control
        ("button", "Extend fixture", False),  # aria-hidden text is no part of the name
    ]


def test_a_press_by_mouse_enter_or_space_is_recorded_as_the_inventory_names_it(fixture_page):
    page, recorder = fixture_page
    page.get_by_role("button", name="Remove the fixture row").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Extend fixture").focus()
    page.keyboard.press(" ")
    page.get_by_role("button", name="Open fixture").click()
    page.wait_for_timeout(200)
    pressed = {(c["role"], c["name"]) for c in recorder.pressed}
    assert pressed == {
        ("button", "Remove the fixture row"),
        ("button", "Extend fixture"),
        ("button", "Open fixture"),
        ("link", "Open fixture"),
    }


def test_paths_become_routes_and_names_lose_what_changes_between_runs():
    routes = ["/documents", "/documents/[doc_ref]", "/verify", "/verify/[verify_ref]"]
    assert route_of("/documents/29567186-01-PJPC", routes) == "/documents/[doc_ref]"
    assert route_of("/documents/", routes) == "/documents"
    normalise = name_normaliser(["Ted Trew Fleet Motors Ltd", "Journey Learner8f3a2b1c"])
    assert normalise("Extend the connection with Ted Trew") == "Extend the connection with <name>"
    assert normalise("Journey Learner8f3a2b1c") == "<name>"
    assert (
        normalise("http://localhost:3127/verify/29567186-01-PJPC")
        == "http://localhost:<n>/verify/<reference>"
    )
    assert normalise("ORD-00123456 of 13/11/2024 for a@b.example") == "<order> of <date> for <email>"
    assert normalise("1 open issue report") == normalise("12 open issue reports")
    key = control_key({"path": "/verify/X", "role": "link", "name": "Home", "shell": True}, routes, normalise)
    assert key == ControlKey(SHELL, "link", "Home")
