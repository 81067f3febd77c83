"""Visual regression of the component gallery (issue 19): each section of /dev/components at
1280 and 375 px, compared pixel by pixel with the committed baselines in
tests/e2e/baselines/ (tests/support/screenshots.py). A change that moves what people see (one
status colour, a table rule, a field's spacing) fails here until its new look is accepted on purpose:

    make accept-screenshots

then review the changed PNGs in the diff like any other change. A failure leaves the screenshot
and a mask of the differing pixels in var/visual/ to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.screenshots import compare, slug

pytestmark = pytest.mark.e2e

SECTIONS = [
    "Status badges",
    "Data table",
    "Pager",
    "Form fields",
    "Dialogs",
    "Alerts",
    "Official documents",
    "Cards, buttons and summaries",
]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_gallery_looks_as_accepted(browser, portal, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(portal.url("/dev/components"))
        expect(page.get_by_role("heading", name="Component gallery", level=1)).to_be_visible()
        page.evaluate("document.fonts.ready")
        expect(page.get_by_role("img", name="Badge: High-Voltage Technician")).to_be_visible()
        page.wait_for_function("[...document.images].every(image => image.complete)")
        problems = [problem for name in SECTIONS if (problem := _compare(page, name, width))]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _compare(page, section: str, width: int) -> str:
    """Screenshot one section; "" when it matches its baseline (or was accepted)."""
    heading = page.get_by_role("heading", name=section, level=2, exact=True)
    shot = (
        page.locator(".gallery-section").filter(has=heading).screenshot(animations="disabled", caret="hide")
    )
    return compare(f"gallery-{slug(section)}-{width}.png", shot)
