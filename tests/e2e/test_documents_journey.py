"""A learner views a certificate and reports a mistake; an administrator answers; the learner sees
the answer and gets an e-mail. Anyone verifies a valid and a revoked reference without signing in.

Each test makes its own learner, record and documents, so other journeys cannot disturb them.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import Account, Document, LearnerRecord
from portal_app.seed import DEMO_PASSWORD
from portal_app.services.documents import sign
from portal_app.services.names import name_key
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
PASSWORD = "a-long-journey-password-42"


def _learner_with_documents(
    portal, first: str, last: str, statuses: tuple[str, ...], kind: str = "certificate"
) -> tuple[str, list[str]]:
    """A learner account linked to a record with signed documents; returns (e-mail, references)."""
    tag = uuid.uuid4().hex[:6].upper()
    email = f"docs-{tag.lower()}@example.com"
    with Session(get_engine(portal.database_url), expire_on_commit=False) as db:
        record = LearnerRecord(
            candidate_number=f"E2E{tag}",
            first_name=first,
            last_name=last,
            last_name_key=name_key(last),
            date_of_birth=date(1992, 5, 17),
            email=email,
        )
        db.add(record)
        db.flush()
        db.add(
            Account(
                email=email,
                kind="learner",
                status="active",
                first_name=first,
                last_name=last,
                password_hash=hash_password(PASSWORD),
                learner_record_id=record.id,
            )
        )
        references = []
        for n, status in enumerate(statuses):
            document = Document(
                reference=f"E{tag}{n}-01-{tag[:4]}",
                kind=kind,
                learner_record_id=record.id,
                qualification_number="603/7777/1",
                qualification_title=f"Level 2 Award in Journey Testing {tag}",
                issued_on=date(2025, 2, 3),
                content={"criteria": "Drove the journey end to end.", "image": "/badge-hv.svg"}
                if kind == "badge"
                else {"grade": "Pass", "units": []},
                status=status,
                status_reason="Awarded in error" if status == "revoked" else None,
            )
            db.add(document)
            db.flush()
            sign(db, document, record)
            references.append(document.reference)
        db.commit()
    return email, references


CSP_VIOLATIONS: list[str] = []


def _new_page(browser, **options):
    """A page of its own browser context; Content-Security-Policy violations fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on(
        "console", lambda m: CSP_VIOLATIONS.append(m.text) if "Content Security Policy" in m.text else None
    )
    return context, page


@pytest.fixture(autouse=True)
def _no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, CSP_VIOLATIONS[:3]


def _wait_for_mail(portal, address: str, subject: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in portal.smtp.inbox.to(address):
            if message["Subject"] == subject:
                plain = [p for p in message.walk() if p.get_content_type() == "text/plain"]
                return plain[0].get_payload(decode=True).decode("utf-8")
        time.sleep(0.3)
    raise AssertionError(f"no e-mail {subject!r} to {address}")


def test_view_certificate_report_issue_admin_answers_learner_sees_answer(browser, portal):
    email, (reference,) = _learner_with_documents(portal, "Journey", "Tester", ("valid",))
    learner, page = _new_page(browser)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))

    page.goto(portal.url("/documents"))
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name="View").click()
    page.wait_for_url(re.compile(rf"/documents/{reference}/?$"))
    expect(page.get_by_text("Journey Tester", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Reference: {reference}")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code of the verification address")
    expect(qr_code).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    expect(page.get_by_role("link", name=f"/verify/{reference}")).to_be_visible()  # the address itself
    assert page.locator("a[download]").count() == 0

    page.get_by_role("button", name="Report Issue").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert").filter(has_text="at least 10 characters")).to_be_visible()
    page.get_by_label("What is wrong?").fill("My first name is misspelt; it should read Journey.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert").filter(has_text="your report has been sent")).to_be_visible()
    page.locator(".issue-report").filter(has_text="misspelt").wait_for()
    assert page.inner_text(".issue-report").startswith("Open")

    admin, admin_page = _new_page(browser)
    sign_in(admin_page, portal, "admin@awarding.example", DEMO_PASSWORD)
    admin_page.wait_for_url(re.compile(r"/admin/?$"))
    admin_page.goto(portal.url("/admin/issues"))
    item = admin_page.locator(f'.issue-item[data-reference="{reference}"]')
    item.get_by_role("button", name="Answer", exact=True).click()
    admin_page.get_by_label("Answer to the learner").fill(
        "Thank you - we have corrected your learner record."
    )
    admin_page.get_by_role("button", name="Send answer").click()
    admin_page.locator(f'.issue-item[data-reference="{reference}"]').wait_for(state="detached")
    admin.close()

    body = _wait_for_mail(portal, email, "We have answered your report")
    assert "corrected your learner record" in body and f"/documents/{reference}" in body

    page.reload()
    page.locator(".issue-answer").filter(has_text="corrected your learner record").wait_for()
    page.goto(portal.url("/documents"))
    page.locator(".my-report").filter(has_text="corrected your learner record").wait_for()
    learner.close()


def test_public_verification_of_valid_revoked_and_unknown_references(page, portal):
    _, (valid, revoked) = _learner_with_documents(portal, "Verity", "Checkley", ("valid", "revoked"))
    page.goto(portal.url(f"/verify/{valid}"))
    expect(page.get_by_role("heading", name="Valid", exact=True)).to_be_visible()
    card = page.inner_text(".verify-result")
    candidate_number = "E2E" + valid[1:7]  # the record's (its tag is in the reference too)
    assert "V. Checkley" in card and "Verity" not in card  # the holder's initial, not the name
    assert "17 May 1992" not in card and "1992-05-17" not in card  # nor the date of birth
    assert candidate_number not in card  # nor the candidate number

    page.get_by_label("Document reference").fill(revoked)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Revoked")).to_be_visible()
    expect(page.get_by_text("no longer valid")).to_be_visible()

    page.get_by_label("Document reference").fill("00000000-01-NONE")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_badge_shows_its_criteria_and_exports_a_signed_open_badge(browser, portal):
    import json
    import urllib.request

    from portal_app.services.badges import verify_credential
    from portal_app.services.issuer import multikey_raw

    email, (reference,) = _learner_with_documents(portal, "Bea", "Badger", ("valid",), kind="badge")
    context, page = _new_page(browser, accept_downloads=True)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(portal.url(f"/documents/{reference}"))
    expect(page.get_by_text("Criteria: Drove the journey end to end.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export Open Badge (JSON)").click()
    credential = json.loads(open(download.value.path(), encoding="utf-8").read())
    context.close()
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    with urllib.request.urlopen(portal.url("/.well-known/did.json")) as response:  # noqa: S310 - local
        did = json.load(response)
    keys = {m["id"]: multikey_raw(m["publicKeyMultibase"]) for m in did["verificationMethod"]}
    assert verify_credential(credential, keys)
