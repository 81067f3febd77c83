"""First-load bytes of the compiled frontend, as a browser receives them (gzip on the wire).

    python -m benchmarks.frontend_weight [--mode embedded|production|both]

Starts its own portal in each mode (the bytes should not differ: the same build is served by
the backend in both; the run shows that they do not).

Loads /signin/ (a first visit) and /dashboard/ (signed in) in Debian's chromium with an empty
cache and sums the encoded (compressed) bytes of every response, via the DevTools protocol.
"""

from __future__ import annotations

import argparse
import re

from playwright.sync_api import sync_playwright

from benchmarks.harness import (
    CHROMIUM_ARGS,
    add_mode_arguments,
    portals_by_mode,
)
from portal_app.seed import DEMO_PASSWORD


def _transfer_sizes(context, page, url: str) -> tuple[dict[str, int], dict[str, str]]:
    """Encoded bytes per request and resource type of one uncached page load."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    return sizes, kinds


def measure(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, path, sign_in in [
            ("first visit /signin/", "/signin/", False),
            ("signed in /dashboard/", "/dashboard/", True),
        ]:
            context = browser.new_context()
            page = context.new_page()
            if sign_in:
                page.goto(base + "/signin/")
                page.fill("#email", "claire.hammond@example.com")
                page.fill("#password", DEMO_PASSWORD)
                page.click("#sign-in")
                page.wait_for_url(re.compile(r"/dashboard/?$"))  # Reflex serves /dashboard/
                page.close()
                page = context.new_page()
            sizes, kinds = _transfer_sizes(context, page, base + path)
            by_kind: dict[str, int] = {}
            for request_id, size in sizes.items():
                by_kind[kinds.get(request_id, "Other")] = (
                    by_kind.get(kinds.get(request_id, "Other"), 0) + size
                )
            total = sum(sizes.values())
            detail = ", ".join(
                f"{k} {v / 1024:.0f} KB" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])
            )
            print(f"{label:<24} {total / 1024:8.1f} KB over the wire in {len(sizes)} responses ({detail})")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_mode_arguments(parser)
    args = parser.parse_args()
    for setup, base in portals_by_mode(args):
        print(f"== {setup.label}")
        measure(base)


if __name__ == "__main__":
    main()
