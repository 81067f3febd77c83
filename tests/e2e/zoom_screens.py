"""Screenshots of sign-in, documents, connections and checkout as learner Claire Hammond, on a
phone (375 px) and at 200% browser zoom, for a person to look at (issue 14).

200% zoom of a 1280 x 900 window lays the page out in 640 x 450 CSS pixels, each drawn as 2 x 2
screen pixels: a 640 x 450 viewport at device scale factor 2, so the media queries see what
they see when a user zooms. `python -m tests.e2e.zoom_screens URL DATABASE_URL` writes
var/screens/zoom-*.png; it puts one printed copy in Claire's basket to reach the checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.e2e.axe_scan import HEIGHT, PageLoads, sign_in

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screens"
CLAIRE = "claire.hammond@example.com"
CLAIRE_CERTIFICATE = "29567186-01-PJPC"
VIEWS = {
    "375px": ({"width": 375, "height": 812}, 1),
    "zoom200": ({"width": 1280 // 2, "height": HEIGHT // 2}, 2),
}
PAGES = ("/signin", "/documents", "/connections", "/checkout")


def shoot(browser, base_url: str, database_url: str) -> list[Path]:
    SCREENS.mkdir(parents=True, exist_ok=True)
    written = []
    for view, (viewport, scale) in VIEWS.items():
        page = browser.new_page(viewport=viewport, device_scale_factor=scale, reduced_motion="reduce")
        loads = PageLoads(page)
        loads.goto(base_url + "/signin")
        written.append(_save(page, f"zoom-{view}-signin"))
        sign_in(page, loads, base_url, CLAIRE, database_url)
        if view == next(iter(VIEWS)):
            loads.goto(f"{base_url}/store?document={CLAIRE_CERTIFICATE}")
            page.get_by_role("main").get_by_role("button", name="Add to Basket").click()
            page.get_by_role("link", name="Basket").filter(has_text="1").wait_for()
        for path in PAGES[1:]:
            loads.goto(base_url + path)
            written.append(_save(page, f"zoom-{view}-{path.strip('/')}"))
        page.context.close()
    return written


def _save(page, name: str) -> Path:
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for written in shoot(chromium, sys.argv[1], sys.argv[2]):
            print(written)
        chromium.close()
