"""axe-core over every page the app registers, as each kind of user, at desktop and phone width,
with each page's dialogs opened in turn; in the same visits, reflow at 320 px and at 200% zoom,
the heading outline and the page titles.

The routes come from the app's own page registry, so a new page is scanned without anyone
adding it here; only a dynamic route needs a sample value (`SAMPLES`), and a dynamic route
without one fails the scan. `python -m tests.e2e.axe_scan URL DATABASE_URL` prints the
findings against a running portal (the figures in docs/ACCESSIBILITY.md).

Each role signs in once and visits each route once: the page is scanned at 1280 px, then the
same page is narrowed to 375 px (scanned again), 320 px and 640 px (reflow only), without
reloading it. 640 px is browser zoom at 200% of a 1280 px window: zooming divides the CSS
viewport by the zoom factor, so the page lays out (media queries included) exactly as in a
640 px viewport; CSS `zoom` on the page would not move its media queries, so it would not model
what a user who zooms sees. A route that sends a role elsewhere (a redirect) is not scanned as
that role: the page it lands on is. The page counts as loaded when Reflex's own `is_hydrated`
flag comes back true over the websocket (after the page's on_load handlers) and the socket has
been quiet briefly, rather than after fixed waits.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

from axe_playwright_python.base import AXE_SCRIPT

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP, PHONE = 1280, 375
WIDTHS = (DESKTOP, PHONE)  # axe-core runs at both
# reflow (WCAG 1.4.10): no sideways scrolling at 320 px, nor at 200% zoom of the desktop window
REFLOW_WIDTHS = {320: "320 px", DESKTOP // 2: "200% zoom"}
HEIGHT = 900

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
    return _one(
        database_url,
        'SELECT o.number FROM "order" o JOIN account a ON a.id = o.account_id WHERE a.email = :email',
    )


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


def registered_titles() -> dict[str, str]:
    """Each route's title as its `@rx.page` gives it (before any suffix the shell adds)."""
    from reflex_base.registry import RegistrationContext

    import portal_app.pages  # noqa: F401  (registers every page)

    return {
        kwargs["route"]: str(kwargs.get("title") or "")
        for _fn, kwargs in RegistrationContext.ensure_context().decorated_pages
        if not kwargs["route"].startswith(DEVELOPMENT_ONLY)
    }


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


@dataclass(frozen=True)
class PageTitle:
    route: str
    title: str
    h1: str  # the page's own heading, to compare with the title
    where: str = ""  # who saw it, at which address


@dataclass
class ScanResult:
    """What the visits found: axe-core's violations, and the portal's own layout checks."""

    violations: list[Violation] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)  # "where: what sticks out, by how much"
    outline: list[str] = field(default_factory=list)  # "where: the heading problem"
    motion: list[str] = field(default_factory=list)  # "where: what moves" (prefers-reduced-motion is on)
    titles: dict[str, PageTitle] = field(default_factory=dict)  # by route, where a role landed on it
    scanned: list[str] = field(default_factory=list)  # each page state axe-core saw: page or dialog, width
    visits: int = 0  # routes loaded
    seconds: Counter[str] = field(default_factory=Counter)  # where the time went

    @contextmanager
    def timing(self, phase: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[phase] += time.monotonic() - started

    def axe(self, page, where: str, within: str | None = None) -> None:
        with self.timing("axe-core"):
            self.violations += axe(page, where, within)
        self.scanned.append(where)


# --- waiting for a page -------------------------------------------------------------------------

_HYDRATED = re.compile(r'"is_hydrated_rx_state_"\s*:\s*(true|false)')
_REDIRECT = re.compile(r'"name"\s*:\s*"_redirect".*?"path"\s*:\s*"([^"]*)"')
QUIET_SECONDS = 0.12  # no websocket traffic for this long after hydration: the page has settled
LOAD_TIMEOUT = 20.0


class PageLoads:
    """Tells when a Reflex page has loaded, from its websocket and its requests: the state
    arrives with `is_hydrated` false, the page's on_load handlers run, then `is_hydrated` turns
    true. An on_load that redirects sends `_redirect`; the client then starts the next page's
    load (`on_load_internal`), which must hydrate in its turn. Meanwhile the route's own code may
    still be on its way (a dynamic route's chunk), so no request may be open either."""

    def __init__(self, page) -> None:
        self.page = page
        self.hydrated = False
        self.redirecting = False
        self.redirect_to = ""  # the path of the last redirect
        self.requests = 0  # open HTTP requests
        self.last_traffic = time.monotonic()
        page.on("websocket", self._watch)
        page.on("request", self._request_opened)
        page.on("requestfinished", self._request_closed)
        page.on("requestfailed", self._request_closed)

    def _watch(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _request_opened(self, _request) -> None:
        self.requests += 1
        self.last_traffic = time.monotonic()

    def _request_closed(self, _request) -> None:
        self.requests = max(0, self.requests - 1)
        self.last_traffic = time.monotonic()

    @staticmethod
    def _text(payload: str | bytes) -> str:
        return payload if isinstance(payload, str) else payload.decode("utf-8", "replace")

    def _sent(self, payload: str | bytes) -> None:
        self.last_traffic = time.monotonic()
        if "on_load_internal" in self._text(payload):
            self.redirecting = False
            self.hydrated = False

    def _received(self, payload: str | bytes) -> None:
        self.last_traffic = time.monotonic()
        text = self._text(payload)
        if redirect := _REDIRECT.search(text):
            self.redirecting = True
            self.redirect_to = _landed(redirect.group(1))
        for flag in _HYDRATED.findall(text):
            self.hydrated = flag == "true"

    def goto(self, url: str, known: set[str] | frozenset[str] = frozenset()) -> str:
        """Load the page; the path it lands on. A redirect to a path in `known` is not followed
        to the end: the caller has seen that page already."""
        self.hydrated = self.redirecting = False
        self.redirect_to = ""
        self.page.goto(url)
        if self.settle(need_hydration=True, known=known):
            return self.redirect_to
        # the document's own address: Playwright's page.url can lag behind a client-side redirect
        return _landed(self.page.evaluate("location.pathname"))

    def settle(self, need_hydration: bool = False, known: set[str] | frozenset[str] = frozenset()) -> bool:
        """Until the page is hydrated (if asked), no request is open and nothing has moved on the
        websocket for a moment; or until it redirects to a `known` path (then True)."""
        deadline = time.monotonic() + LOAD_TIMEOUT
        while time.monotonic() < deadline:
            if self.redirecting and self.redirect_to in known:
                return True
            loaded = not need_hydration or (self.hydrated and not self.redirecting)
            if loaded and self.requests == 0 and time.monotonic() - self.last_traffic >= QUIET_SECONDS:
                return False
            self.page.wait_for_timeout(20)
        raise TimeoutError(f"{self.page.url} did not finish loading in {LOAD_TIMEOUT:.0f}s")


# --- what is checked on a page ------------------------------------------------------------------


def axe(page, where: str, within: str | None = None) -> list[Violation]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now (or on the part of it
    that `within` selects: an open modal dialog, since the page behind it is inert and dimmed).
    axe-core is put into each loaded document once, not before every run."""
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("([within, options]) => axe.run(within || document, options)", [within, options])
    return [
        Violation(v["id"], v.get("impact") or "", v["help"], where, " ".join(map(str, node["target"])))
        for v in results["violations"]
        for node in v["nodes"]
    ]


# One look at the laid-out page: how far it scrolls sideways and what sticks out (the outermost
# element past the right edge that no scroll container of its own clips), and its headings as a
# screen reader lists them (dialogs are checked by axe-core, not as part of the page's outline).
_LOOK_JS = r"""
async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const root = document.scrollingElement;
  const edge = root.clientWidth + 1;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    const text = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}" (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
  };
  const sticking = [];
  if (root.scrollWidth > root.clientWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= edge || clipped(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > edge) continue;
      sticking.push(describe(el));
      if (sticking.length === 3) break;
    }
  }
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
    .filter((h) => h.checkVisibility() && !h.closest('[aria-hidden=true], [role=dialog], [role=alertdialog]'))
    .map((h) => [Number(h.getAttribute('aria-level') || (/^H[1-6]$/.test(h.tagName) ? h.tagName[1] : 2)),
                 (h.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 60)]);
  return { scroll: root.scrollWidth - root.clientWidth, sticking, headings, title: document.title };
}
"""

# Animations and transitions still running for longer than a blink although the browser asks for
# reduced motion (the scan's pages do): the page's opening, or a dialog's.
_MOVING_JS = r"""
() => document.getAnimations()
  .filter((a) => a.playState === 'running' && a.effect && a.effect.getComputedTiming().duration > 50)
  .slice(0, 3)
  .map((a) => `${a.animationName || a.transitionProperty || 'animation'} on ${a.effect.target?.tagName?.toLowerCase()}`)
"""


@dataclass(frozen=True)
class Look:
    scroll: int  # px the page scrolls sideways
    sticking: list[str]
    headings: list[tuple[int, str]]
    title: str

    def outline_problems(self) -> list[str]:
        """One h1, and no heading more than one level below the one before it (h1 first)."""
        h1s = [text for level, text in self.headings if level == 1]
        problems = [] if len(h1s) == 1 else [f"{len(h1s)} h1 headings {h1s}"]
        previous = 0
        for level, text in self.headings:
            if level > previous + 1:
                problems.append(
                    f"h{level} '{text}' follows h{previous}" if previous else f"h{level} '{text}' comes first"
                )
            previous = level
        return problems


def look(page) -> Look:
    found = page.evaluate(_LOOK_JS)
    return Look(found["scroll"], found["sticking"], [tuple(h) for h in found["headings"]], found["title"])


OPEN_DIALOG = "[role='dialog'], [role='alertdialog']"
DIALOG_TRIGGERS = "main [aria-haspopup='dialog']:visible"


def _trigger_name(trigger) -> str:
    return (trigger.get_attribute("aria-label") or trigger.inner_text() or "").strip()[:40]


def scan_dialogs(
    page, loads: PageLoads, where: str, widths: tuple[int, ...], done: set[str], found: ScanResult
) -> None:
    """Open each dialog the page's content offers (not those in `done`), scan it at each width,
    close it with Escape."""
    triggers = page.locator(DIALOG_TRIGGERS)
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        name = _trigger_name(trigger)
        if name in done:
            continue
        done.add(name)
        with found.timing("opening and closing dialogs"):
            try:
                trigger.click(timeout=3_000)
                page.locator(OPEN_DIALOG).first.wait_for(timeout=3_000)
            except Exception:  # noqa: BLE001 - a trigger that opens nothing is reported by the journeys
                continue
            moving = page.evaluate(_MOVING_JS)
            found.motion += [f"{where} opening dialog '{name}': {what}" for what in moving]
            loads.settle()
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            found.axe(page, f"{where} at {width}px with dialog '{name}'", within=OPEN_DIALOG)
        with found.timing("opening and closing dialogs"):
            page.keyboard.press("Escape")
            try:
                page.locator(OPEN_DIALOG).first.wait_for(state="hidden", timeout=3_000)
            except Exception:  # noqa: BLE001 - the next scan shows what stayed open
                pass
        page.set_viewport_size({"width": widths[0], "height": HEIGHT})


def scan_page(page, loads: PageLoads, where: str, found: ScanResult) -> Look:
    """Everything on the page just loaded at desktop width; the page is left at desktop width."""
    with found.timing("layout checks"):
        found.motion += [f"{where} opening: {moving}" for moving in page.evaluate(_MOVING_JS)]
        desktop = look(page)
    found.outline += [f"{where} at {DESKTOP}px: {problem}" for problem in desktop.outline_problems()]
    found.axe(page, f"{where} at {DESKTOP}px")
    opened: set[str] = set()
    scan_dialogs(page, loads, where, WIDTHS, opened, found)
    page.set_viewport_size({"width": PHONE, "height": HEIGHT})
    with found.timing("layout checks"):
        phone = look(page)
    if phone.headings != desktop.headings:
        found.outline += [f"{where} at {PHONE}px: {problem}" for problem in phone.outline_problems()]
    found.axe(page, f"{where} at {PHONE}px")
    scan_dialogs(page, loads, where, (PHONE,), opened, found)  # any that only a phone shows
    for width, name in {PHONE: f"{PHONE} px", **REFLOW_WIDTHS}.items():
        with found.timing("layout checks"):
            page.set_viewport_size({"width": width, "height": HEIGHT})
            narrow = phone if width == PHONE else look(page)
        if narrow.scroll > 0:
            found.reflow.append(
                f"{where} at {name}: scrolls {narrow.scroll} px sideways; {'; '.join(narrow.sticking)}"
            )
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    return desktop


def sign_in(page, loads: PageLoads, base_url: str, email: str, database_url: str) -> None:
    from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

    loads.goto(base_url + "/signin")
    form = page.get_by_role("main")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Password").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Sign in", exact=True).click()
    if email == DEMO_ADMIN:
        form.get_by_label("Code").fill(demo_admin_code(database_url))
        form.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/signin" not in url)


def _landed(url: str) -> str:
    return urlparse(url).path.rstrip("/") or "/"


def scan_everything(
    browser, base_url: str, database_url: str, roles: dict[str, str | None] = ROLES
) -> ScanResult:
    found = ScanResult()
    routes = registered_routes()
    for role, email in roles.items():
        # new_page makes a context the journey recorder does not watch: the scan opening a
        # dialog is not a journey (tests/support/journey_controls.py)
        page = browser.new_page(viewport={"width": DESKTOP, "height": HEIGHT}, reduced_motion="reduce")
        page.context.set_default_timeout(15_000)
        loads = PageLoads(page)
        if email:
            with found.timing("signing in"):
                sign_in(page, loads, base_url, email, database_url)
        paths = {route: concrete(route, role, database_url) for route in routes}
        route_at = {path: route for route, path in paths.items() if path is not None}
        seen: set[str] = set()
        for route, path in paths.items():
            if path is None:
                continue
            with found.timing("loading pages"):
                landed = loads.goto(base_url + path, known=seen)
            found.visits += 1
            if landed in seen:
                continue  # redirected to a page this role already scanned
            seen.add(landed)
            desktop = scan_page(page, loads, f"{landed} as {role}", found)
            served_by = route_at.get(landed)
            if served_by and served_by not in found.titles:
                h1 = next((text for level, text in desktop.headings if level == 1), "")
                found.titles[served_by] = PageTitle(served_by, desktop.title, h1, f"{page.url} as {role}")
        page.context.close()
    return found


def by_rule(violations: list[Violation]) -> Counter[tuple[str, str]]:
    return Counter((v.rule, v.impact) for v in violations)


def main(base_url: str, database_url: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        found = scan_everything(browser, base_url, database_url)
        browser.close()
    for (rule, impact), count in sorted(by_rule(found.violations).items(), key=lambda kv: -kv[1]):
        print(f"{count:4d}  {impact:9s} {rule}")
    print(
        f"{len(found.violations):4d}  in all ({found.visits} visits, {len(found.scanned)} page states scanned)"
    )
    print(f"reflow: {len(found.reflow)}, outline: {len(found.outline)}, motion: {len(found.motion)}")
    for line in found.reflow + found.outline + found.motion:
        print("  " + line)
    for title in sorted(found.titles.values(), key=lambda t: t.route):
        print(f"  {title.route:32s} {title.title!r:50s} h1 {title.h1!r} ({title.where})")
    if "-v" in sys.argv:
        print("\n".join(found.scanned))
        for v in found.violations:
            print(v)
    print(
        f"{time.monotonic() - started:.1f} s: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in found.seconds.most_common())
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
