"""Issue 14, "Keyboard only": the main journeys with nothing but Tab, Shift+Tab, Enter, Space,
Escape, the arrow keys and typing; no click and no fill.

`tab_to` presses Tab until the focused element is the control with a given role and name and
fails after a few presses, so a control the keyboard cannot reach fails its journey; each stop
must show a focus indicator. Dialogs take the focus when they open, keep it while open and hand it
back to what opened them when they close.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from portal_app.infra.clock import utcnow
from portal_app.seed import DEMO_PASSWORD
from portal_app.state.date_picker import PLAUSIBLE_AGE
from tests.e2e.test_accounts_journey import PASSWORD as REGISTER_PASSWORD
from tests.e2e.test_accounts_journey import _record_with_documents
from tests.e2e.test_share_journey import PASSWORD as SHARE_PASSWORD
from tests.e2e.test_share_journey import _make_people
from tests.e2e.test_store_journey import PASSWORD as STORE_PASSWORD
from tests.e2e.test_store_journey import _learner_with_certificate

pytestmark = pytest.mark.e2e

Name = str | re.Pattern[str]

# True when the focused element shows an outline: on itself, on its ::before or ::after ring (Radix
# checkboxes and radios), or on a wrapper that holds the focus (a Radix text field's box). Only
# outlines count: box shadows also draw the borders of buttons that are not focused.
_FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  const drawn = s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
    s.outlineColor !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(s.outlineColor);
  if ([null, '::before', '::after'].some(part => drawn(getComputedStyle(el, part)))) return true;
  for (let n = el.parentElement, depth = 0; n && depth < 3; n = n.parentElement, depth++)
    if (n.matches(':focus-within') && drawn(getComputedStyle(n))) return true;
  return false;
}"""
_HAS_FOCUS_JS = "els => els.some(el => el === document.activeElement)"
_FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '(nothing: the page body)';
  return `<${el.tagName.toLowerCase()}> ${el.getAttribute('aria-label') || el.innerText || el.id || ''}`
    .slice(0, 80);
}"""


def _control(scope: Page | Locator, role: str, name: Name) -> Locator:
    return scope.get_by_role(role, name=name, exact=isinstance(name, str))  # type: ignore[arg-type]


def focused(page: Page) -> str:
    """What has the focus, for failure messages."""
    return page.evaluate(_FOCUSED_JS)


def shows_focus_ring(page: Page) -> bool:
    return page.evaluate(_FOCUS_RING_JS)


def has_focus(control: Locator) -> bool:
    return control.evaluate_all(_HAS_FOCUS_JS)


def expect_focus_on(page: Page, control: Locator, what: str) -> None:
    """The focus is on `control` (waiting briefly: a dialog takes it when it has rendered)."""
    for _ in range(20):
        if has_focus(control):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"focus should be on {what}, but is on {focused(page)}")


def expect_focus_inside(page: Page, region: Locator, what: str) -> None:
    for _ in range(20):
        if region.evaluate("el => el.contains(document.activeElement)"):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"focus should be inside {what}, but is on {focused(page)}")


def tab_to(
    page: Page,
    role: str,
    name: Name,
    *,
    presses: int = 25,
    back: bool = False,
    scope: Page | Locator | None = None,
) -> Locator:
    """Press Tab (Shift+Tab with `back`) until the control has the focus; fail after `presses`.
    The control must show that it has the focus."""
    control = _control(scope or page, role, name)
    trail = []
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if has_focus(control):
            assert shows_focus_ring(page), f"{role} {name!r} has the focus but shows no focus indicator"
            return control
        trail.append(focused(page))
    raise AssertionError(
        f"{role} {name!r} not reached in {presses} presses of {'Shift+Tab' if back else 'Tab'}; "
        f"the focus went through: {trail}"
    )


def next_stops(
    page: Page, stops: list[tuple[str, Name]], scope: Page | Locator | None = None, back: bool = False
) -> None:
    """Reading order: each press of Tab (Shift+Tab with `back`) lands on the next of `stops`."""
    for role, name in stops:
        tab_to(page, role, name, presses=1, scope=scope, back=back)


def press(page: Page, control: Locator, key: str = "Enter") -> None:
    """Press a key on a control the keyboard has already reached."""
    assert has_focus(control), f"expected the focus on the control to press, it is on {focused(page)}"
    page.keyboard.press(key)


def keyboard_sign_in(page: Page, portal, email: str, password: str) -> None:
    page.goto(portal.url("/signin"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    tab_to(page, "textbox", "E-mail")
    page.keyboard.type(email)
    next_stops(page, [("textbox", "Password")])
    page.keyboard.type(password)
    press(page, tab_to(page, "button", "Sign in", presses=1))
    page.wait_for_url(lambda url: "/signin" not in url)


def open_section(page: Page, label: str, path: str) -> None:
    """The main navigation, from the keyboard."""
    press(page, tab_to(page, "link", label, scope=page.get_by_role("navigation", name="Main"), presses=30))
    page.wait_for_url(re.compile(rf"{re.escape(path)}/?(\?.*)?$"))


def test_skip_link_and_sign_in_from_the_keyboard(page, portal):
    page.goto(portal.url("/signin"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # The first Tab reaches "Skip to main content", shown only while focused; Enter goes past the
    # top bar, so the next Tab is the form's first field.
    skip = tab_to(page, "link", "Skip to main content", presses=1)
    expect(skip).to_be_in_viewport()
    press(page, skip)
    expect_focus_on(page, page.get_by_role("main"), "the main content")
    assert not shows_focus_ring(page)  # main is no control (and the ring check can say no)
    next_stops(page, [("textbox", "E-mail")])
    page.keyboard.type("claire.hammond@example.com")
    next_stops(page, [("textbox", "Password")])
    page.keyboard.type(DEMO_PASSWORD)
    next_stops(
        page,
        [("button", "Sign in"), ("link", "Forgot your password?"), ("link", "Register")],
        scope=page.get_by_role("main"),
    )
    # Back up to the button and press it
    press(page, tab_to(page, "button", "Sign in", back=True, presses=2, scope=page.get_by_role("main")))
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    # Sign out through the account menu: Enter opens it on its first item, arrows move.
    menu_button = tab_to(page, "button", re.compile(r"Account menu|Hi, Claire"))
    press(page, menu_button)
    menu = page.get_by_role("menu")
    expect(menu).to_be_visible()
    expect_focus_inside(page, menu, "the account menu")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect_focus_on(page, menu_button, "the account menu button, after Escape")
    press(page, menu_button)
    expect(menu).to_be_visible()
    sign_out = _control(menu, "menuitem", "Sign out")
    for _ in range(4):
        if has_focus(sign_out):
            break
        page.keyboard.press("ArrowDown")
    press(page, sign_out)
    page.wait_for_url(re.compile(r"/signin/?$"))


def test_a_link_that_looks_like_a_button_is_one_stop(page, portal):
    """A link drawn as a button is one control: one Tab stop, announced as the link it is (a
    button inside a link was two stops for one control, read as "link, button")."""
    page.goto(portal.url("/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, "link", re.compile("Achievement Portal"), presses=2)  # the brand, after the skip link
    next_stops(page, [("link", "Sign in"), ("link", "Register")], scope=page.get_by_role("banner"))
    main = page.get_by_role("main")
    next_stops(page, [("link", "Sign in"), ("link", "Register"), ("link", "Verify a document")], scope=main)
    as_buttons = page.get_by_role("button", name=re.compile("^(Sign in|Register|Verify a document)$"))
    expect(as_buttons).to_have_count(0)

    # A document's row: View, Report Issue and Order, one stop each.
    email, reference = _learner_with_certificate(portal.database_url)
    keyboard_sign_in(page, portal, email, STORE_PASSWORD)
    open_section(page, "Documents", "/documents")
    row = page.get_by_role("row").filter(has_text=reference)
    tab_to(page, "link", "View", presses=40, scope=row)
    next_stops(page, [("link", "Report Issue"), ("link", "Order")], scope=row)
    expect(row.get_by_role("button")).to_have_count(0)


def heading_name(decade_start: int) -> str:
    """The calendar's heading in its years view, e.g. "1990 \u2013 1999"."""
    return f"{decade_start} \u2013 {decade_start + 9}"


def arrow(page: Page, calendar: Locator, keys: list[str], lands_on: str) -> None:
    """Press the arrow keys in a calendar view; the focus must end on the button `lands_on`."""
    for key in keys:
        page.keyboard.press(key)
    expect_focus_on(page, _control(calendar, "button", lands_on), f"{lands_on} in the calendar after {keys}")
    assert shows_focus_ring(page), f"{lands_on} has the focus but shows no focus indicator"


def test_the_registration_wizard_with_its_date_picker(page, portal):
    tag = uuid.uuid4().hex[:8]
    plausible = utcnow().year - PLAUSIBLE_AGE  # where the calendar opens with nothing typed
    born = date(plausible - 1, 4, 9)
    record = _record_with_documents(portal, "Kit", f"Keys{tag}", born, documents=1)
    page.goto(portal.url("/register"))
    expect(page.get_by_role("heading", name="Register")).to_be_visible()

    # Step 1: the account kind is a radio group (Tab into it, arrows between, Space chooses).
    learner = tab_to(page, "radio", re.compile("^I studied with us"), presses=30)
    press(page, learner, " ")
    expect(learner).to_be_checked()
    # An arrow moves and chooses. Radix chooses only while the key is still down when the focus
    # has moved (a person's press, not an instant one).
    page.keyboard.press("ArrowRight", delay=60)
    third_party = _control(page, "radio", re.compile("^I check other people"))
    expect_focus_on(page, third_party, "the third-party choice")
    expect(third_party).to_be_checked()
    expect(page.get_by_text("Learners: use the e-mail address")).to_be_hidden()
    page.keyboard.press("ArrowLeft", delay=60)
    expect_focus_on(page, learner, "the learner choice")
    expect(learner).to_be_checked()
    expect(page.get_by_text("Learners: use the e-mail address")).to_be_visible()
    next_stops(page, [("textbox", "E-mail")])
    page.keyboard.type(f"kit.{tag}@example.com")
    next_stops(page, [("textbox", "Password")])
    page.keyboard.type(REGISTER_PASSWORD)
    next_stops(page, [("textbox", "Confirm password")])
    page.keyboard.type(REGISTER_PASSWORD)
    press(page, tab_to(page, "button", "Next", presses=1))

    # Step 2: names, then the date of birth from the calendar: decade -> year -> month -> day.
    expect(page.get_by_role("textbox", name="First name")).to_be_visible()
    tab_to(page, "textbox", "First name", presses=2)
    page.keyboard.type("Kit")
    next_stops(page, [("textbox", "Last name")])
    page.keyboard.type(f"Keys{tag}")
    next_stops(page, [("textbox", "Day"), ("textbox", "Month"), ("textbox", "Year")])
    opener = tab_to(page, "button", "Pick the date from a calendar", presses=1)
    press(page, opener)
    calendar = page.get_by_role("dialog")
    expect(calendar).to_be_visible()
    # Nothing typed: it opens on the years of a plausible decade with that year focused, the
    # view's one Tab stop; Shift+Tab goes back through Next, the heading and Previous.
    start = plausible - plausible % 10
    expect_focus_on(page, _control(calendar, "button", str(plausible)), f"{plausible}, the plausible year")
    heading = _control(calendar, "button", heading_name(start))
    next_stops(
        page,
        [("button", "Next"), ("button", heading_name(start)), ("button", "Previous")],
        calendar,
        back=True,
    )
    page.keyboard.press("Enter")
    expect(_control(calendar, "button", heading_name(start - 10))).to_be_visible()
    expect_focus_on(page, _control(calendar, "button", "Previous"), "Previous, after paging")
    next_stops(page, [("button", heading_name(start - 10)), ("button", "Next")], scope=calendar)
    page.keyboard.press("Enter")
    expect(heading).to_be_visible()
    next_stops(page, [("button", str(plausible))], scope=calendar)  # Tab enters on the current year
    arrow(page, calendar, ["ArrowLeft"], str(born.year))
    page.keyboard.press("Enter")
    # The months of that year, January focused; rows of four (up and down move by four).
    arrow(page, calendar, [], "Jan")
    arrow(page, calendar, ["ArrowDown", "ArrowDown", "ArrowUp", "ArrowLeft"], "Apr")
    page.keyboard.press("Enter")
    # The days of April, the 1st focused; the heading zooms back out to the months.
    arrow(page, calendar, [], f"{born.year}-04-01")
    next_stops(page, [("button", "Next"), ("button", f"April {born.year}")], calendar, back=True)
    page.keyboard.press("Enter")
    arrow(page, calendar, [], "Apr")
    page.keyboard.press("Enter")
    arrow(page, calendar, [], f"{born.year}-04-01")
    arrow(page, calendar, ["ArrowDown", "ArrowRight"], born.isoformat())
    page.keyboard.press("Enter")
    expect(calendar).to_be_hidden()
    expect_focus_on(page, opener, "the calendar button, after picking")
    expect(page.get_by_role("textbox", name="Day")).to_have_value("09")
    expect(page.get_by_role("textbox", name="Month")).to_have_value("04")
    expect(page.get_by_role("textbox", name="Year")).to_have_value(str(born.year))
    # Opened again, it starts at the typed month; Escape closes it and gives the focus back too.
    press(page, opener)
    expect(_control(calendar, "button", f"April {born.year}")).to_be_visible()
    expect_focus_inside(page, calendar, "the calendar")
    page.keyboard.press("Escape")
    expect(calendar).to_be_hidden()
    expect_focus_on(page, opener, "the calendar button, after Escape")
    next_stops(page, [("textbox", "Candidate number")])
    page.keyboard.type(record.candidate_number)
    next_stops(page, [("textbox", "Phone (optional)"), ("button", "Back"), ("button", "Next")])
    page.keyboard.press("Enter")

    # Step 3: check and create
    expect(page.get_by_text(born.strftime("%d/%m/%Y"))).to_be_visible()
    press(page, tab_to(page, "button", "Create account", presses=2))
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()


def test_add_a_connection_choose_documents_and_share(page, portal):
    people = _make_people(portal.database_url)
    keyboard_sign_in(page, portal, people["learner"], SHARE_PASSWORD)
    open_section(page, "Connections", "/connections")
    expect(page.get_by_role("heading", name="Connections")).to_be_visible()

    # The dialog takes the focus, keeps it (Tab wraps) and gives it back on Escape.
    add = tab_to(page, "button", "Add Connection", presses=30)
    press(page, add)
    dialog = page.get_by_role("dialog", name="Add Connection")
    expect(dialog).to_be_visible()
    expect_focus_on(page, _control(dialog, "textbox", "Name"), "the dialog's first field")
    stops = [
        ("textbox", "E-mail"),
        ("textbox", "Expiry date (dd/mm/yyyy)"),
        ("textbox", "Message"),
        ("button", "Cancel"),
        ("button", "Next: choose documents"),
        ("textbox", "Name"),  # round again: the focus stays in the dialog
    ]
    next_stops(page, stops, scope=dialog)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_focus_on(page, add, "Add Connection, after Escape")

    press(page, add)
    expect(dialog).to_be_visible()
    expect_focus_on(page, _control(dialog, "textbox", "Name"), "the dialog's first field")
    page.keyboard.type("Hana Recruiter")
    next_stops(page, [("textbox", "E-mail")], scope=dialog)
    page.keyboard.type(people["third_party"])
    next_stops(page, [("textbox", "Expiry date (dd/mm/yyyy)"), ("textbox", "Message")], scope=dialog)
    page.keyboard.type("For the workshop job")
    press(page, tab_to(page, "button", "Next: choose documents", scope=dialog, presses=2))
    page.wait_for_url(re.compile(r"/connections/share/?$"))

    expect(page.get_by_role("heading", name="Share Documents")).to_be_visible()
    certificate = tab_to(page, "checkbox", re.compile(people["cert"]), presses=30)
    press(page, certificate, " ")
    expect(certificate).to_be_checked()
    press(page, tab_to(page, "button", "Share Documents", presses=6))
    page.wait_for_url(re.compile(r"/connections/?$"))
    expect(page.get_by_role("alert").filter(has_text="1 document shared with Hana Recruiter")).to_be_visible()
    expect(page.get_by_role("cell", name=people["third_party"])).to_be_visible()


def test_add_to_basket_check_out_and_pay_in_test_mode(page, portal):
    email, reference = _learner_with_certificate(portal.database_url)
    keyboard_sign_in(page, portal, email, STORE_PASSWORD)
    open_section(page, "Store", "/store")

    # The certificate product, the document from a list (arrows), then Add to Basket.
    product = page.get_by_role("heading", name="Qualifications")
    expect(product).to_be_visible()
    select = tab_to(page, "button", re.compile("^Select"), presses=30)
    press(page, select)
    expect(_control(page, "button", "Selected")).to_have_attribute("aria-pressed", "true")
    document = tab_to(page, "combobox", "Document", presses=10)
    press(page, document)
    option = page.get_by_role("option", name=re.compile(reference))
    expect(option).to_be_visible()
    expect_focus_inside(page, page.get_by_role("listbox"), "the document list")
    for _ in range(4):
        if has_focus(option):
            break
        page.keyboard.press("ArrowDown")
    press(page, option)
    expect(document).to_contain_text(reference)
    expect_focus_on(page, document, "the document list's button, after choosing")
    press(page, tab_to(page, "button", "Add to Basket", presses=6))
    basket = page.get_by_role("link", name=re.compile("^Basket"))
    expect(basket).to_contain_text("1")

    # The basket link in the top bar, then Proceed to checkout.
    press(page, tab_to(page, "link", re.compile("^Basket"), back=True, presses=40))
    page.wait_for_url(re.compile(r"/basket/?$"))
    press(page, tab_to(page, "link", "Proceed to checkout", presses=40))
    page.wait_for_url(re.compile(r"/checkout/?$"))

    # A new address, for delivery and billing, typed field by field.
    press(page, tab_to(page, "button", re.compile("^Add a new address for"), presses=40))
    expect(page.get_by_role("textbox", name="Full name")).to_be_visible()
    tab_to(page, "textbox", "Full name", presses=1)  # the form opens where the button was
    page.keyboard.type("Rohan Mehta")
    next_stops(page, [("textbox", "Address line 1")])
    page.keyboard.type("1 High Street")
    next_stops(page, [("textbox", "Address line 2"), ("textbox", "Town or city")])
    page.keyboard.type("Hertford")
    next_stops(page, [("textbox", "County, state or region"), ("textbox", "Postcode")])
    page.keyboard.type("SG13 8AB")
    country = tab_to(page, "combobox", "Country", presses=1)
    page.keyboard.type("United Kingdom")  # a native select chooses by typing
    expect(country).to_have_value("GB")
    next_stops(page, [("textbox", "Phone (optional)"), ("checkbox", "Delivery"), ("checkbox", "Billing")])
    expect(page.get_by_role("checkbox", name="Delivery")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Billing")).to_be_checked()
    next_stops(page, [("button", "Cancel"), ("button", "Save address")])
    page.keyboard.press("Enter")

    # Delivery: a radio group (Tab enters on its first option, Space chooses, arrows move and
    # choose), then pay.
    royal_mail = page.get_by_role("radio", name=re.compile("^Royal Mail Signed"))
    expect(royal_mail).to_be_visible()  # priced for the saved address
    press(page, tab_to(page, "radio", re.compile("^Royal Mail Signed"), presses=20), " ")
    expect(royal_mail).to_be_checked()
    page.keyboard.press("ArrowDown", delay=60)
    next_day = page.get_by_role("radio", name=re.compile("^UK Courier - Next Day"))
    expect_focus_on(page, next_day, "the next-day courier")
    expect(next_day).to_be_checked()
    expect(page.get_by_text("£39.45", exact=True)).to_be_visible()  # £30.50 and £8.95
    press(page, tab_to(page, "button", "Pay (TEST MODE)", presses=20))
    page.wait_for_url(re.compile(r"/pay/test/ORD-\d+/?$"))

    expect(page.get_by_role("heading", name=re.compile("^Pay"))).to_be_visible()
    tab_to(page, "textbox", "Card number", presses=30)
    page.keyboard.type("4242 4242 4242 4242")
    next_stops(page, [("textbox", "Expiry (MM/YY)")])
    page.keyboard.type("12/39")
    next_stops(page, [("textbox", "CVC")])
    page.keyboard.type("123")
    press(page, tab_to(page, "button", "Pay (TEST MODE)", presses=1))
    page.wait_for_url(re.compile(r"/orders/ORD-\d+"))
    expect(page.get_by_text("Thank you: your order is paid.")).to_be_visible()
    expect(page.get_by_text("UK Courier - Next Day").first).to_be_visible()


def test_report_an_issue_on_a_document(page, portal):
    email, reference = _learner_with_certificate(portal.database_url)
    keyboard_sign_in(page, portal, email, STORE_PASSWORD)
    open_section(page, "Documents", "/documents")
    press(page, tab_to(page, "link", "View", presses=40))
    page.wait_for_url(re.compile(rf"/documents/{reference}/?$"))
    expect(page.get_by_role("heading", name=f"Certificate {reference}")).to_be_visible()

    # Open and leave with Escape: the focus comes back to Report Issue.
    report = tab_to(page, "button", "Report Issue", presses=30)
    press(page, report)
    dialog = page.get_by_role("dialog", name="Report a problem with this document")
    expect(dialog).to_be_visible()
    expect_focus_on(page, _control(dialog, "textbox", "What is wrong?"), "the report's text box")
    next_stops(
        page, [("button", "Cancel"), ("button", "Send report"), ("textbox", "What is wrong?")], scope=dialog
    )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_focus_on(page, report, "Report Issue, after Escape")

    # Too short: refused beside the box, the dialog stays open with the focus in it.
    press(page, report)
    expect(dialog).to_be_visible()
    expect_focus_on(page, _control(dialog, "textbox", "What is wrong?"), "the report's text box")
    page.keyboard.type("Wrong")
    press(page, tab_to(page, "button", "Send report", scope=dialog, presses=2))
    expect(dialog.get_by_text("at least 10 characters")).to_be_visible()
    expect_focus_inside(page, dialog, "the report dialog")
    tab_to(page, "textbox", "What is wrong?", scope=dialog, presses=3, back=True)
    page.keyboard.type(" surname: it should read Mehta-Rao.")
    press(page, tab_to(page, "button", "Send report", scope=dialog, presses=2))
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("alert").filter(has_text="your report has been sent")).to_be_visible()
    expect_focus_on(page, report, "Report Issue, after sending")
