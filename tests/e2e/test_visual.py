"""Visual regression of the component gallery (issue 19): each section of /dev/components at
1280 and 375 px, compared pixel by pixel with the committed baselines in
tests/e2e/baselines/. A change that moves what people see (one status colour, a table rule, a
field's spacing) fails here until its new look is accepted on purpose:

    PORTAL_ACCEPT_SCREENSHOTS=1 .venv/bin/python -m pytest tests/e2e/test_visual.py

then review the changed PNGs in the diff like any other change. A failure leaves the screenshot
and a mask of the differing pixels in var/visual/ to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

BASELINES = Path(__file__).parent / "baselines"
FAILURES = ROOT / "var" / "visual"
ACCEPT = os.environ.get("PORTAL_ACCEPT_SCREENSHOTS") == "1"
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
# A pixel differs when one of its channels moves by more than this (of 255); a screenshot may
# have this share of differing pixels (text anti-aliasing), and not one pixel more.
CHANNEL_TOLERANCE = 8
PIXEL_TOLERANCE = 0.0002


def differing_pixels(expected: Image.Image, actual: Image.Image) -> tuple[float, Image.Image | None]:
    """The share of pixels that differ beyond the tolerance, and a mask of them."""
    if expected.size != actual.size:
        return 1.0, None
    difference = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    red, green, blue = (
        band.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0) for band in difference.split()
    )
    mask = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return mask.histogram()[255] / (mask.width * mask.height), mask


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


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
    name = f"gallery-{_slug(section)}-{width}.png"
    baseline = BASELINES / name
    if ACCEPT:
        BASELINES.mkdir(exist_ok=True)
        baseline.write_bytes(shot)
        return ""
    if not baseline.exists():
        return (
            f"{name}: no baseline yet (accept it: PORTAL_ACCEPT_SCREENSHOTS=1, see this module's docstring)"
        )
    FAILURES.mkdir(parents=True, exist_ok=True)
    actual_path = FAILURES / name
    actual_path.write_bytes(shot)
    with Image.open(baseline) as expected, Image.open(actual_path) as actual:
        share, mask = differing_pixels(expected, actual)
        sizes = f"{expected.size} -> {actual.size}"
    if share <= PIXEL_TOLERANCE:
        actual_path.unlink()
        return ""
    if mask is not None:
        mask.save(FAILURES / name.replace(".png", "-diff.png"))
    return f"{name}: {share:.3%} of pixels differ ({sizes}); see {actual_path}"
