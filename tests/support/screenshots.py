"""Compare a screenshot with its committed baseline in tests/e2e/baselines/ (issue 19).

A pixel differs when one of its channels moves by more than CHANNEL_TOLERANCE (of 255); a
screenshot may have PIXEL_TOLERANCE of differing pixels (text anti-aliasing), and not one more.
With PORTAL_ACCEPT_SCREENSHOTS=1 (`make accept-screenshots`) a screenshot that differs (or has no
baseline yet) becomes the new baseline instead. A failure leaves the new screenshot and a mask of what moved in var/visual/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
BASELINES = ROOT / "tests" / "e2e" / "baselines"
FAILURES = ROOT / "var" / "visual"
ACCEPT = os.environ.get("PORTAL_ACCEPT_SCREENSHOTS") == "1"
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


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def compare(name: str, shot: bytes) -> str:
    """ "" when `shot` matches baseline `name` (or was accepted as it); else what differs."""
    baseline = BASELINES / name
    if not baseline.exists():
        if ACCEPT:
            BASELINES.mkdir(exist_ok=True)
            baseline.write_bytes(shot)
            return ""
        return f"{name}: no baseline yet (accept it with `make accept-screenshots`, then look at it)"
    FAILURES.mkdir(parents=True, exist_ok=True)
    actual_path, mask_path = FAILURES / name, FAILURES / name.replace(".png", "-diff.png")
    mask_path.unlink(missing_ok=True)  # an earlier failure's mask would mislead
    actual_path.write_bytes(shot)
    with Image.open(baseline) as expected, Image.open(actual_path) as actual:
        share, mask = differing_pixels(expected, actual)
        sizes = f"{expected.size} -> {actual.size}"
    if share <= PIXEL_TOLERANCE or ACCEPT:
        # Accepting rewrites only what moved, so the diff under review holds only real changes.
        if share > PIXEL_TOLERANCE:
            baseline.write_bytes(shot)
        actual_path.unlink()
        return ""
    if mask is not None:
        mask.save(mask_path)
    return f"{name}: {share:.3%} of pixels differ ({sizes}); see {actual_path}"
