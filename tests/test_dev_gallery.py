"""The component gallery (issue 19) exists only in development and demo mode: a production
portal without demo data has no /dev/components page at all (a 404)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from portal_app.infra.settings import ROOT

ROUTES = """
import portal_app.pages
from reflex_base.registry import RegistrationContext
print(sorted(kw.get("route", "") for _, kw in RegistrationContext.ensure_context().decorated_pages))
"""


def _routes(**env: str) -> str:
    """The pages a fresh process registers (settings are read once, at import)."""
    done = subprocess.run(
        [sys.executable, "-c", ROUTES],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize(
    ("mode", "demo", "registered"),
    [("prod", "false", False), ("prod", "true", True), ("dev", "false", True)],
)
def test_the_gallery_is_registered_only_in_development_and_demo_mode(mode, demo, registered):
    routes = _routes(REFLEX_ENV_MODE=mode, PORTAL_SEED_DEMO=demo)
    assert "/documents/[doc_ref]" in routes  # the other pages are there either way
    assert ("/dev/components" in routes) is registered


def test_the_phone_frame_uses_the_stylesheets_own_phone_rules():
    from portal_app.pages.dev_components import phone_width_css

    css = phone_width_css()
    assert "@container (max-width: 640px)" in css
    assert ".stack-on-phone thead { display: none; }" in css
    assert "@media" not in css
