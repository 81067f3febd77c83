"""Browser tests find controls as people do, by role and accessible name (issue 14): no tests/e2e
file hands Playwright an `#id` CSS selector. A control a test cannot find by its name is a bug
in the page, so fix the page rather than add to the allow-list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent / "e2e"
# Playwright methods whose first argument is a selector.
TAKES_SELECTOR = {
    "check", "click", "dblclick", "dispatch_event", "eval_on_selector", "eval_on_selector_all", "fill",
    "focus", "frame_locator", "get_attribute", "hover", "inner_html", "inner_text", "input_value",
    "is_checked", "is_disabled", "is_editable", "is_enabled", "is_hidden", "is_visible", "locator", "press",
    "query_selector", "query_selector_all", "select_option", "set_checked", "set_input_files", "tap",
    "text_content", "type", "uncheck", "wait_for_selector",
}  # fmt: skip
ID_SELECTOR = re.compile(r"(?:^|[\s>+~,(])#[A-Za-z_][\w-]*")
# (file name, selector) -> why that element truly has no role and name to find it by.
ALLOWED: dict[tuple[str, str], str] = {}


def _selector(node: ast.expr) -> str | None:
    """The selector text of a string or f-string argument (interpolated parts become `X`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    return None


def id_selectors(source: str) -> list[tuple[int, str]]:
    """(line, selector) for each `#id` CSS selector handed to a Playwright method in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in TAKES_SELECTOR
            and node.args
            and (selector := _selector(node.args[0])) is not None
            and ID_SELECTOR.search(selector)
        ):
            found.append((node.lineno, selector))
    return found


@pytest.mark.parametrize(
    "line",
    [
        'page.fill("#email", "a@example.com")',
        'page.locator("#order-status")',
        'page.click(f"#doc-{reference}")',
        'dialog.locator("form #tp-name").fill("x")',
        'page.wait_for_selector("#add-to-basket")',
    ],
)
def test_an_id_selector_is_caught(line):
    assert id_selectors(line), line


@pytest.mark.parametrize(
    "line",
    [
        'page.get_by_label("E-mail").fill("a@example.com")',
        'page.get_by_role("button", name="#1 in the queue").click()',
        "html = '<a href=\"#home\">Home</a>'",
        'page.keyboard.press("Enter")',
    ],
)
def test_finding_by_role_name_or_text_is_not(line):
    assert id_selectors(line) == []


def test_no_browser_test_finds_an_element_by_its_id():
    used = {
        (path.name, selector): line
        for path in sorted(E2E.glob("*.py"))
        for line, selector in id_selectors(path.read_text())
    }
    unexplained = sorted(
        f"{name}:{line}: {selector}"
        for (name, selector), line in used.items()
        if (name, selector) not in ALLOWED
    )
    assert not unexplained, (
        "find these by role and accessible name (fix the page if it has none):\n" + "\n".join(unexplained)
    )
    stale = sorted(key for key in ALLOWED if key not in used)
    assert not stale, f"allow-list entries no test uses any more: {stale}"
