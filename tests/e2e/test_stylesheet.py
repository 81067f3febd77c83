"""The trimmed Radix stylesheet still styles what pages render: every responsive class
(`sm:rt-r-gtc-2`, …) on a page has its rule (see portal_app/components/theme.py)."""

from __future__ import annotations

import re

import pytest

from portal_app.seed import DEMO_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

RESPONSIVE_CLASSES_WITHOUT_RULES = """() => {
  const selectors = [];
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.selectorText) selectors.push(rule.selectorText);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  const css = selectors.join("\\n");
  const classes = new Set();
  for (const el of document.querySelectorAll("[class]")) {
    for (const name of el.classList) if (/^(xs|sm|md|lg|xl):rt-/.test(name)) classes.add(name);
  }
  const missing = [...classes].filter((name) => !css.includes("." + CSS.escape(name)));
  return { used: [...classes], missing };
}"""


def _responsive_classes(page) -> tuple[list[str], list[str]]:
    page.wait_for_load_state("networkidle")
    result = page.evaluate(RESPONSIVE_CLASSES_WITHOUT_RULES)
    return result["used"], result["missing"]


def test_responsive_classes_on_pages_have_their_rules(page, portal):
    used: list[str] = []
    page.goto(portal.url("/register"))
    page.get_by_role("radio", name=re.compile("I studied with us")).wait_for()
    found, missing = _responsive_classes(page)
    assert not missing, f"/register renders classes the stylesheet lacks: {missing}"
    used += found

    sign_in(page, portal, "claire.hammond@example.com", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))  # a whole-page load now: the server adds the slash
    page.goto(portal.url("/profile"))
    page.get_by_label("First name").wait_for()
    found, missing = _responsive_classes(page)
    assert not missing, f"/profile renders classes the stylesheet lacks: {missing}"
    used += found

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin/?$"))
    sign_in(page, portal, "admin@awarding.example", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/?$"))
    page.goto(portal.url("/admin/registrations"))
    page.get_by_text("daniel.price@example.com").first.wait_for()
    found, missing = _responsive_classes(page)
    assert not missing, f"/admin/registrations renders classes the stylesheet lacks: {missing}"
    used += found

    assert {"sm:rt-r-gtc-2", "sm:rt-r-orientation-horizontal"} <= set(used)
