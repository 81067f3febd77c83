"""How many events a learner's visit sends: the load model of docs/DEPLOY.md ("Capacity for
results day") counts events, and this counts them in a real browser.

    python -m benchmarks.visit_events [--mode embedded|production|both]

In Debian's chromium, a demo learner signs in and opens five pages through the navigation, as
people do (client-side navigation, one websocket). Every event the page sends over the
websocket is counted by handler, a new websocket's hydrate included, for the sign-in and for each
page. On the server, `on_load_internal` then runs the page's own load as one more event.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter

from playwright.sync_api import sync_playwright

from benchmarks.harness import (
    CHROMIUM_ARGS,
    add_mode_arguments,
    portals_by_mode,
)
from portal_app.seed import DEMO_PASSWORD

LEARNER = "claire.hammond@example.com"
PAGES = ["Documents", "Connections", "Store", "Dashboard", "Documents"]  # the learner's tabs


def _handler(frame: str) -> str | None:
    """The handler an event frame calls: "40/_event,{auth}" is a new websocket's hydrate (a
    whole page load), "42/_event,[...]" any other event; None for socket.io's own frames."""
    if frame.startswith("40/_event,"):
        return "hydrate (a page load's new websocket)"
    if not frame.startswith("42/_event,"):
        return None
    return json.loads(frame[len("42/_event,") :])[1]["name"].rsplit(".", 1)[-1]


def count_visit(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sent: list[str] = []

        def note(payload: str | bytes) -> None:
            handler = _handler(payload) if isinstance(payload, str) else None
            if handler:
                sent.append(handler)

        page.on("websocket", lambda ws: ws.on("framesent", note))

        def settle() -> None:
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)

        page.goto(base + "/signin")
        page.get_by_label("E-mail").fill(LEARNER)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/dashboard/?$"))
        settle()
        print(f"  sign in (sign-in page to dashboard): {len(sent)} events {dict(Counter(sent))}")
        for name in PAGES:
            before = len(sent)
            page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()
            settle()
            print(f"  open {name:<12} {len(sent) - before} events {dict(Counter(sent[before:]))}")
        total = len(sent)
        print(f"  a visit of sign-in and {len(PAGES)} pages: {total} events")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_mode_arguments(parser)
    args = parser.parse_args()
    for setup, base in portals_by_mode(args):
        print(f"== {setup.label}")
        count_visit(base)


if __name__ == "__main__":
    main()
