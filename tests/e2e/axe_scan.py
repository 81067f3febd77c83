"""axe-core over every page the app registers, as each kind of user, at desktop and phone width,
with each page's dialogs opened in turn.

The routes come from the app's own page registry, so a new page is scanned without anyone
adding it here; only a dynamic route needs a sample value (`SAMPLES`), and a dynamic route
without one fails the scan. `python -m tests.e2e.axe_scan URL DATABASE_URL` prints the
violations by rule against a running portal (the figures in docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = (1280, 375)

DEMO_PASSWORD = "portal-demo-2026"  # noqa: S105 - the README's demo password
ROLES: dict[str, str | None] = {
    "visitor": None,
    "learner": "claire.hammond@example.com",
    "buyer": "sarah.yeoman@example.com",
    "third party": "ted.trew@fleetmotors.example",
    "administrator": "admin@awarding.example",
}

# A value for each dynamic segment, per role where it differs: the demo data of the README.
SAMPLES: dict[str, Callable[[str, str], str | None]] = {}


def _sample(name: str) -> Callable[[Callable[[str, str], str | None]], Callable[[str, str], str | None]]:
    def register(fn: Callable[[str, str], str | None]) -> Callable[[str, str], str | None]:
        SAMPLES[name] = fn
        return fn

    return register


@_sample("doc_ref")
def _document(role: str, database_url: str) -> str | None:
    return "29567186-01-PJPC" if role in ("learner", "administrator") else None


@_sample("verify_ref")
def _verify(role: str, database_url: str) -> str | None:
    return "29567186-01-PJPC"


def _one(database_url: str, sql: str) -> str | None:
    import sqlalchemy as sa

    from portal_app.infra.db import get_engine

    with get_engine(database_url).connect() as conn:
        value = conn.execute(sa.text(sql), {"email": ROLES["buyer"]}).scalar()
    return None if value is None else str(value)


@_sample("record_id")
def _record(role: str, database_url: str) -> str | None:
    """Sarah's support view (administrators only; others are turned away)."""
    return _one(database_url, "SELECT learner_record_id FROM account WHERE email = :email")


@_sample("account_id")
def _account(role: str, database_url: str) -> str | None:
    return _one(database_url, "SELECT id FROM account WHERE email = :email")


@_sample("order_number")
def _order(role: str, database_url: str) -> str | None:
    if role not in ("buyer", "administrator"):
        return None
    import sqlalchemy as sa

    from portal_app.infra.db import get_engine

    with get_engine(database_url).connect() as conn:
        return conn.execute(
            sa.text('SELECT o.number FROM "order" o JOIN account a ON a.id = o.account_id WHERE a.email = :email'),
            {"email": ROLES["buyer"]},
        ).scalar()


# The component gallery (/dev/..., development and demo mode only) shows components in made-up
# states for the people who build the portal; tests/e2e/test_gallery.py and test_visual.py cover it.
DEVELOPMENT_ONLY = "/dev/"


def registered_routes() -> list[str]:
    """Every route the app registers with `@rx.page` that users reach (not the gallery)."""
    from reflex_base.registry import RegistrationContext

    import portal_app.pages  # noqa: F401  (registers every page)

    return sorted(
        {
            kwargs["route"]
            for _fn, kwargs in RegistrationContext.ensure_context().decorated_pages
            if not kwargs["route"].startswith(DEVELOPMENT_ONLY)
        }
    )


def concrete(route: str, role: str, database_url: str) -> str | None:
    """The route with its dynamic segments filled in for this role, or None to skip it."""
    path = route
    for name in re.findall(r"\[(\w+)\]", route):
        if name not in SAMPLES:
            raise LookupError(f"{route}: add a sample value for [{name}] to tests/e2e/axe_scan.SAMPLES")
        value = SAMPLES[name](role, database_url)
        if value is None:
            return None
        path = path.replace(f"[{name}]", value)
    return path


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    where: str  # route, role, width, and which dialog was open
    target: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.where}: {self.target} - {self.help}"


AXE = Axe()


def scan(page, where: str, within: str | None = None) -> list[Violation]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now (or on the part of it
    that `within` selects: an open modal dialog, since the page behind it is inert and dimmed)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
    results = AXE.run(page, context=within, options=options)
    return [
        Violation(v["id"], v.get("impact") or "", v["help"], where, " ".join(n["target"][0] for n in v["nodes"][:1]))
        for v in results.response["violations"]
        for _node in v["nodes"]
    ]


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


OPEN_DIALOG = "[role='dialog'], [role='alertdialog']"


def scan_page_and_dialogs(page, where: str) -> list[Violation]:
    found = scan(page, where)
    triggers = page.locator("main [aria-haspopup='dialog']:visible")
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        name = (trigger.get_attribute("aria-label") or trigger.inner_text() or "").strip()[:40]
        try:
            trigger.click(timeout=3_000)
            page.locator(OPEN_DIALOG).first.wait_for(timeout=3_000)
        except Exception:  # noqa: BLE001 - a trigger that opens nothing is reported by the journeys
            continue
        page.wait_for_timeout(300)
        found += scan(page, f"{where} with dialog '{name}'", within=OPEN_DIALOG)
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    return found


def sign_in(page, base_url: str, email: str, database_url: str) -> None:
    from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

    page.goto(base_url + "/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    if email == DEMO_ADMIN:
        page.get_by_label("Code").fill(demo_admin_code(database_url))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/signin" not in url)


def scan_everything(browser, base_url: str, database_url: str, roles: dict[str, str | None] = ROLES) -> Iterator[Violation]:
    routes = registered_routes()
    for width in WIDTHS:
        for role, email in roles.items():
            # new_page makes a context the journey recorder does not watch: the scan opening a
            # dialog is not a journey (tests/support/journey_controls.py)
            page = browser.new_page(viewport={"width": width, "height": 900})
            context = page.context
            context.set_default_timeout(15_000)
            if email:
                sign_in(page, base_url, email, database_url)
            seen: set[str] = set()
            for route in routes:
                path = concrete(route, role, database_url)
                if path is None:
                    continue
                page.goto(base_url + path)
                _settle(page)
                landed = urlparse(page.url).path.rstrip("/") or "/"
                if landed in seen:
                    continue  # redirected to a page this role already scanned
                seen.add(landed)
                yield from scan_page_and_dialogs(page, f"{landed} as {role} at {width}px")
            context.close()


def by_rule(violations: list[Violation]) -> Counter[tuple[str, str]]:
    return Counter((v.rule, v.impact) for v in violations)


def main(base_url: str, database_url: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        found = list(scan_everything(browser, base_url, database_url))
        browser.close()
    for (rule, impact), count in sorted(by_rule(found).items(), key=lambda kv: -kv[1]):
        print(f"{count:4d}  {impact:9s} {rule}")
    print(f"{len(found):4d}  in all")
    if "-v" in sys.argv:
        for v in found:
            print(v)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
