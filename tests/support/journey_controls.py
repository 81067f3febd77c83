"""Which buttons and links the browser journeys click, and which the pages offer.

The e2e session installs one `ClickRecorder` on every browser context (`browser` fixture in
tests/e2e/conftest.py): a script in each page reports every button, link, tab or menu item that a
journey presses (pointer down, click, or Enter/Space on the focused control) with the page's path
and the control's role and accessible name. The last e2e test (test_zz_every_control_has_a_journey)
visits every registered route as each kind of user, lists the buttons and links each page renders
with the same script, and fails on any that no journey pressed.

Both sides compute the accessible name with the same small function (aria-labelledby, aria-label,
an input's value, the text and image alternatives inside, then title): close to the browser's own
name for the controls this app renders, and, being the same function, always comparable.

Normalising (one documented rule, applied to both sides, see `control_key`):
- a path becomes the route that serves it (`/documents/29567186-01-PJPC` -> `/documents/[doc_ref]`);
- a control in the top bar, navigation or footer belongs to every page (route `*`);
- in names, references, order numbers, e-mail addresses, dates, numbers and people's or
  organisations' names (read from the portal's database) become `<reference>`, `<order>`,
  `<email>`, `<date>`, `<n>` and `<name>`, and a plural after a number is singular;
- disabled controls (a pager's Previous on page 1) and a button inside a link (one control) are
  left out of the inventory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Shared by the recorder and the inventory, so both name a control the same way.
_DESCRIBE_JS = r"""
const CONTROL_ROLES = new Set(['button', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'tab', 'checkbox', 'radio', 'switch', 'option', 'combobox']);
const CONTROL_SELECTOR = 'a[href], button, summary, input[type=submit], input[type=button], ' +
  'input[type=reset], input[type=image], input[type=checkbox], input[type=radio], select, [role]';
function roleOf(el) {
  const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
  if (explicit) return explicit;
  const tag = el.tagName;
  if (tag === 'A' && el.hasAttribute('href')) return 'link';
  if (tag === 'BUTTON' || tag === 'SUMMARY') return 'button';
  if (tag === 'SELECT') return 'combobox';
  if (tag === 'INPUT') {
    if (['submit', 'button', 'reset', 'image'].includes(el.type)) return 'button';
    if (el.type === 'checkbox' || el.type === 'radio') return el.type;
  }
  return '';
}
function textOf(node) {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return '';
  if (node.getAttribute('aria-hidden') === 'true') return '';
  const style = getComputedStyle(node);
  if (style.display === 'none' || style.visibility === 'hidden') return '';
  const label = node.getAttribute('aria-label');
  if (label && label.trim()) return ' ' + label + ' ';
  if (node.tagName === 'IMG') return ' ' + (node.getAttribute('alt') || '') + ' ';
  let out = '';
  for (const child of node.childNodes) out += textOf(child);
  return style.display.startsWith('inline') ? out : ' ' + out + ' ';
}
function nameOf(el) {
  let name = '';
  const ids = el.getAttribute('aria-labelledby');
  if (ids) name = ids.split(/\s+/).map(id => {
    const ref = document.getElementById(id); return ref ? textOf(ref) : ''; }).join(' ');
  if (!name.trim()) name = el.getAttribute('aria-label') || '';
  if (!name.trim() && el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio')
    name = el.value || '';
  if (!name.trim() && el.labels && el.labels.length)
    name = Array.from(el.labels).map(textOf).join(' ');
  if (!name.trim()) { for (const child of el.childNodes) name += textOf(child); }
  if (!name.trim()) name = el.getAttribute('title') || '';
  return name.replace(/\s+/g, ' ').trim();
}
function isShell(el) {
  return !!el.closest('.top-bar, .footer, header, footer, nav, [role=navigation], [role=banner], ' +
    '[role=contentinfo]');
}
function describe(el) {
  return {path: location.pathname, role: roleOf(el), name: nameOf(el), shell: isShell(el)};
}
"""

RECORDER_JS = (
    "(() => {"
    + _DESCRIBE_JS
    + r"""
const seen = new Set();
function report(target) {
  for (let el = target; el && el.nodeType === 1; el = el.parentElement) {
    if (!CONTROL_ROLES.has(roleOf(el))) continue;
    const control = describe(el);
    const key = JSON.stringify(control);
    if (seen.has(key) || typeof window.__journeyControl !== 'function') continue;
    seen.add(key);
    window.__journeyControl(control);
  }
}
window.addEventListener('pointerdown', e => report(e.target), true);
window.addEventListener('click', e => report(e.target), true);
window.addEventListener('keydown', e => {
  if (e.key === 'Enter' || e.key === ' ') report(document.activeElement);
}, true);
})();"""
)

INVENTORY_JS = (
    "() => {"
    + _DESCRIBE_JS
    + r"""
function exposed(el) {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    if (n.getAttribute('aria-hidden') === 'true' || n.hidden || n.inert) return false;
  }
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && el.getClientRects().length > 0;
}
const isAction = el => ['button', 'link'].includes(roleOf(el));
function nested(el) {  // a button inside a link (or the reverse) is one control: keep the outer one
  for (let n = el.parentElement; n; n = n.parentElement) if (isAction(n)) return true;
  return false;
}
return [location.pathname, Array.from(document.querySelectorAll(CONTROL_SELECTOR))
  .filter(el => isAction(el) && exposed(el) && !nested(el) && !el.disabled &&
    el.getAttribute('aria-disabled') !== 'true')
  .map(describe)];
}"""
)

SHELL = "*"
_NAME_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b[A-Z0-9]{6,10}-\d{2}-[A-Z0-9]{4}\b"), "<reference>"),
    (re.compile(r"\bORD-\d+\b"), "<order>"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"), "<date>"),
    (
        re.compile(
            r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October"
            r"|November|December) \d{4}\b"
        ),
        "<date>",
    ),
    (re.compile(r"\d+"), "<n>"),
]


def route_pattern(route: str) -> re.Pattern[str]:
    """`/documents/[doc_ref]` matches `/documents/anything` (one path segment per parameter)."""
    parts = [r"[^/]+" if re.fullmatch(r"\[[^\]]+\]", p) else re.escape(p) for p in route.split("/")]
    return re.compile("/".join(parts) + "/?")


def route_of(path: str, routes: Iterable[str]) -> str:
    """The registered route serving `path`; static routes win over dynamic ones."""
    ordered = sorted(routes, key=lambda r: ("[" in r, r))
    for route in ordered:
        if route_pattern(route).fullmatch(path):
            return route
    return path


def name_normaliser(people: Iterable[str]) -> Callable[[str], str]:
    """References, numbers, dates, addresses and the given people's names become placeholders."""
    words = sorted(
        {w for n in people for w in re.findall(r"[^\W\d_][\w'-]{2,}", n or "")}, key=len, reverse=True
    )
    person = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b") if words else None

    def normalise(name: str) -> str:
        *fixed, (numbers, placeholder) = _NAME_PATTERNS
        for pattern, replacement in fixed:
            name = pattern.sub(replacement, name)
        if person:  # before numbers: test people's names carry random tags
            name = person.sub("<name>", name)
            name = re.sub(r"<name>(\s+<name>)+", "<name>", name)
        name = numbers.sub(placeholder, name)
        if "<n>" in name:  # "1 open report", "3 open reports": one control
            name = re.sub(r"\b(\w{3,}?)s\b", r"\1", name)
        return name

    return normalise


@dataclass(frozen=True, order=True)
class ControlKey:
    route: str
    role: str
    name: str

    def __str__(self) -> str:
        where = "every page (top bar, navigation, footer)" if self.route == SHELL else self.route
        return f"{where}: {self.role} {self.name!r}"


def control_key(
    control: dict[str, Any], routes: Iterable[str], normalise: Callable[[str], str]
) -> ControlKey:
    route = SHELL if control["shell"] else route_of(control["path"], routes)
    return ControlKey(route=route, role=control["role"], name=normalise(control["name"]))


@dataclass
class ClickRecorder:
    """Every control pressed in this test session, as the page described it."""

    pressed: list[dict[str, Any]] = field(default_factory=list)
    enabled: bool = True
    # People's names that pressed controls may carry, kept when a test empties the database
    # before the check reads it (the visual tests put the demo back): see `remember_people`.
    people: list[str] = field(default_factory=list)

    def remember_people(self, database_url: str) -> None:
        self.people += people_in(database_url)

    def install(self, context: Any) -> None:
        context.expose_binding("__journeyControl", self._record)
        context.add_init_script(RECORDER_JS)

    def _record(self, _source: Any, control: dict[str, Any]) -> None:
        self.pressed.append(control)

    def watch(self, browser: Any) -> None:
        """Install on every context `browser.new_context` creates from now on (while enabled).
        `browser.new_page` makes its context inside Playwright, unrecorded: journeys use contexts."""
        new_context = browser.new_context

        def recorded_context(*args: Any, **kwargs: Any) -> Any:
            context = new_context(*args, **kwargs)
            if self.enabled:
                self.install(context)
            return context

        browser.new_context = recorded_context


def people_in(database_url: str) -> list[str]:
    """Every person's and organisation's name the portal's database holds now."""
    from sqlmodel import Session, select

    from portal_app.infra.db import get_engine
    from portal_app.models import Account, Connection, LearnerRecord

    with Session(get_engine(database_url)) as db:
        names = [f"{a.first_name} {a.last_name} {a.organisation or ''}" for a in db.exec(select(Account))]
        names += [f"{c.third_party_name} {c.learner_name}" for c in db.exec(select(Connection))]
        names += [f"{r.first_name} {r.last_name}" for r in db.exec(select(LearnerRecord))]
    return names


RECORDER = ClickRecorder()
