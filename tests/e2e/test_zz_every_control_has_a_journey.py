"""No page offers a button or link that no browser journey presses.

Runs last in the e2e session and only when the whole e2e suite ran (tests/e2e/conftest.py moves
it to the end, or marks it skipped with the reason). It builds a small world in which every kind
of row has something to show (a learner with documents, an active connection, a request to
answer and an offer waiting, a basket, an unpaid and a paid order, an open issue report; a third
party with an offer to answer and a request of their own; a registration to review and an
account to delete), then visits every route the app registers as a visitor, a learner, a third
party and an administrator, lists the buttons and links each page renders, and fails naming
every one that no journey pressed in this session (see tests/support/journey_controls.py for
how controls are named and normalised).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Error as PlaywrightError
from reflex_base.registry import RegistrationContext
from sqlmodel import Session, select

import portal_app.pages  # noqa: F401  (registers every page)
from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import (
    Account,
    BasketItem,
    Connection,
    ConnectionDocument,
    Document,
    IssueReport,
    LearnerRecord,
    Order,
    OrderLine,
    Product,
)
from portal_app.seed import DEMO_PASSWORD, HEV_TITLE
from portal_app.services.documents import sign
from portal_app.services.names import name_key
from tests.e2e.conftest import sign_in
from tests.support.journey_controls import (
    INVENTORY_JS,
    RECORDER,
    ControlKey,
    control_key,
    name_normaliser,
    people_in,
    route_of,
)
from tests.support.second_factor import DEMO_ADMIN

pytestmark = pytest.mark.e2e
PASSWORD = "every-control-has-a-journey"

# Controls that are not actions a journey should perform, each with its reason; every other button
# and link the pages render does something a person may want, even the logo.
NOT_ACTIONS: dict[ControlKey, str] = {
    ControlKey("/documents/[doc_ref]", "link", "Add to LinkedIn profile"): (
        "leaves for linkedin.com in a new tab, which a test browser must not visit; "
        "test_badges_journey checks every part of its href instead"
    ),
}


@dataclass
class World:
    learner: str
    third_party: str
    document: str
    connection_id: int
    paid_order: str
    unpaid_order: str
    record_id: int
    learner_id: int


def _build_world(database_url: str) -> World:
    tag = uuid.uuid4().hex[:6].upper()
    now = utcnow()
    with Session(get_engine(database_url), expire_on_commit=False) as db:

        def account(email: str, kind: str, first: str, last: str, **extra) -> Account:
            row = Account(email=email, kind=kind, first_name=first, last_name=last, email_verified_at=now,
                          password_hash=hash_password(PASSWORD), **{"status": "active", **extra})  # fmt: skip
            db.add(row)
            db.flush()
            return row

        record = LearnerRecord(candidate_number=f"W{tag}", first_name="Wendy", last_name="Worldwide",
                               last_name_key=name_key("Worldwide"), date_of_birth=date(1990, 1, 2))  # fmt: skip
        db.add(record)
        db.flush()
        learner = account(f"world-{tag.lower()}@example.com", "learner", "Wendy", "Worldwide",
                          learner_record_id=record.id)  # fmt: skip
        third_party = account(f"checker-{tag.lower()}@employer.example", "third_party", "Quentin", "Checker",
                              organisation="Checker Ltd")  # fmt: skip
        asker = account(f"asker-{tag.lower()}@employer.example", "third_party", "Astrid", "Asker",
                        organisation="Asker Ltd")  # fmt: skip
        account(f"review-{tag.lower()}@example.com", "learner", "Rory", "Review", status="pending_review")
        account(
            f"leaving-{tag.lower()}@example.com", "third_party", "Lea", "Leaving", deletion_requested_at=now
        )
        documents = []
        for n, kind in enumerate(("certificate", "transcript", "badge")):
            document = Document(
                reference=f"W{tag}{n}-01-WRLD", kind=kind, learner_record_id=record.id or 0,
                # The demo's title, so a third party's "View <document> of <learner>" link names
                # the same control as the one the navigation journey presses on Ted's documents.
                qualification_number="603/5555/5", qualification_title=HEV_TITLE,
                issued_on=date(2024, 6, 1),
                content={"criteria": "Built a world.", "image": "/badge-hv.svg"} if kind == "badge"
                else {"grade": "Pass", "units": []},
            )  # fmt: skip
            db.add(document)
            db.flush()
            sign(db, document, record)
            documents.append(document)
        certificate = documents[0]
        db.add(IssueReport(document_id=certificate.id or 0, account_id=learner.id or 0,
                           description="My surname is spelt wrongly on this certificate."))  # fmt: skip
        common = {
            "learner_account_id": learner.id,
            "learner_name": "Wendy Worldwide",
            "learner_email": learner.email,
        }
        active = Connection(third_party_account_id=third_party.id, third_party_name="Quentin Checker",
                            third_party_email=third_party.email, initiated_by="learner", status="active",
                            expires_at=now + timedelta(days=20), accepted_at=now, **common)  # fmt: skip
        request = Connection(third_party_account_id=asker.id, third_party_name="Astrid Asker",
                             third_party_email=asker.email, initiated_by="third_party", status="pending",
                             message="Asker Ltd would like to verify your award.",
                             expires_at=now + timedelta(days=30), **common)  # fmt: skip
        offer = Connection(third_party_name="Nadia Nobody", third_party_email=f"nobody-{tag.lower()}@example.com",
                           initiated_by="learner", status="pending", expires_at=now + timedelta(days=30),
                           **common)  # fmt: skip
        db.add_all([active, request, offer])
        db.flush()
        # The third party's side: an offer from a learner to answer, and a request of their own.
        for first, last, initiated_by in (("Oscar", "Offer", "learner"), ("Petra", "Pending", "third_party")):
            other = account(f"{first.lower()}-{tag.lower()}@example.com", "learner", first, last)
            db.add(Connection(learner_account_id=other.id, learner_name=f"{first} {last}", learner_email=other.email,
                              third_party_account_id=third_party.id, third_party_name="Quentin Checker",
                              third_party_email=third_party.email, initiated_by=initiated_by, status="pending",
                              expires_at=now + timedelta(days=30)))  # fmt: skip
        db.add(ConnectionDocument(connection_id=active.id or 0, document_id=certificate.id or 0))
        product = db.exec(select(Product).where(Product.document_kind == "certificate")).first()
        assert product, "the seed's catalogue has a certificate product"
        db.add(
            BasketItem(
                account_id=learner.id or 0, product_id=product.id or 0, document_id=certificate.id or 0
            )
        )
        address = {"full_name": "Wendy Worldwide", "line1": "1 World Way", "line2": "", "city": "Leeds",
                   "region": "", "postcode": "LS1 1AA", "country": "GB", "phone": ""}  # fmt: skip
        numbers = []
        for status in ("paid", "pending_payment"):
            number = f"ORD-{uuid.uuid4().int % 10**8:08d}"
            order = Order(number=number, account_id=learner.id or 0, status=status, full_name="Wendy Worldwide",
                          billing_address=address, delivery_address=address, delivery_option_name="Royal Mail Signed",
                          delivery_pence=0, subtotal_pence=3050, total_pence=3050, created_by_name="Wendy Worldwide",
                          created_by_kind="learner", paid_at=now if status == "paid" else None)  # fmt: skip
            db.add(order)
            db.flush()
            db.add(OrderLine(order_id=order.id or 0, product_name=product.name, document_id=certificate.id,
                             document_reference=certificate.reference, unit_price_pence=3050, quantity=1,
                             line_total_pence=3050))  # fmt: skip
            numbers.append(number)
        db.commit()
    return World(learner=learner.email, third_party=third_party.email, document=certificate.reference,
                 connection_id=active.id or 0, paid_order=numbers[0], unpaid_order=numbers[1],
                 record_id=record.id or 0, learner_id=learner.id or 0)  # fmt: skip


def _addresses(world: World) -> dict[str, str]:
    """The address to visit for each route that needs a parameter (a new one needs a line here)."""
    return {
        "/documents/[doc_ref]": f"/documents/{world.document}",
        "/orders/[order_number]": f"/orders/{world.paid_order}",
        "/pay/test/[order_number]": f"/pay/test/{world.unpaid_order}",
        "/admin/orders/[order_number]": f"/admin/orders/{world.paid_order}",
        "/admin/records/[record_id]": f"/admin/records/{world.record_id}",
        "/admin/accounts/[account_id]": f"/admin/accounts/{world.learner_id}",
        "/verify/[verify_ref]": f"/verify/{world.document}",
        "/connections/share": f"/connections/share?connection={world.connection_id}",
        "/third-party/document": f"/third-party/document?connection={world.connection_id}&reference={world.document}",
    }


def _settled_controls(pages: list) -> list[tuple[str, list[dict]]]:
    """Each page's path and controls once they have stopped changing (its load has answered)."""
    latest: list = [None] * len(pages)
    steady = [0] * len(pages)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and min(steady) < 3:
        pages[0].wait_for_timeout(250)
        for i, page in enumerate(pages):
            try:
                now = page.evaluate(INVENTORY_JS)
            except PlaywrightError:  # navigating (a redirect): not settled yet
                now = None
            steady[i] = steady[i] + 1 if now is not None and now == latest[i] else 0
            latest[i] = now
    return [tuple(result) if result else ("", []) for result in latest]


def test_every_control_on_every_page_is_pressed_by_some_journey(browser, portal):
    routes = list(
        dict.fromkeys(
            kw["route"]
            for _, kw in RegistrationContext.ensure_context().decorated_pages
            if not kw["route"].startswith("/dev/")  # the gallery's samples (tests/e2e/test_gallery.py)
        )
    )
    world = _build_world(portal.database_url)
    addresses = _addresses(world)
    unaddressed = [r for r in routes if "[" in r and r not in addresses]
    assert not unaddressed, f"add an address to visit for {unaddressed} in _addresses"

    RECORDER.enabled = False  # the inventory's own sign-ins are not journeys (it is the last test)
    normalise = name_normaliser(people_in(portal.database_url) + RECORDER.people)
    viewers = {
        "visitor": None,
        "learner": world.learner,
        "third party": world.third_party,
        "administrator": DEMO_ADMIN,
    }
    pages = {}
    for role, email in viewers.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        pages[role] = context.new_page()
        if email:
            sign_in(pages[role], portal, email, DEMO_PASSWORD if email == DEMO_ADMIN else PASSWORD)
            pages[role].wait_for_url(lambda url: "/signin" not in url)

    rendered: dict[ControlKey, set[str]] = {}
    for route in routes:
        for page in pages.values():  # the four load side by side
            page.goto(portal.url(addresses.get(route, route)), wait_until="commit")
        for role, (path, controls) in zip(pages, _settled_controls(list(pages.values())), strict=True):
            if route_of(path, routes) != route:
                continue  # not this role's page: it was sent elsewhere
            for control in controls:
                rendered.setdefault(control_key(control, routes, normalise), set()).add(role)
    for page in pages.values():
        page.context.close()

    pressed = {control_key(c, routes, normalise) for c in RECORDER.pressed}
    unpressed = sorted(key for key in rendered if key not in pressed and key not in NOT_ACTIONS)
    report = "\n".join(f"  {key} (as {', '.join(sorted(rendered[key]))})" for key in unpressed)
    assert not unpressed, f"{len(unpressed)} rendered controls that no journey pressed:\n{report}"
