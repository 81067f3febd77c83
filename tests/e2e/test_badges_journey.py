"""A learner downloads an Open Badge; anyone checks it on /verify by pasting or uploading it:
valid, tampered, and revoked once the body revokes it. A valid certificate offers "Add to
LinkedIn profile" and "Copy verification link"; a revoked one offers neither.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import Document
from tests.e2e.conftest import sign_in
from tests.e2e.test_documents_journey import PASSWORD, _learner_with_documents, _new_page

pytestmark = pytest.mark.e2e


def _export_badge(browser, portal, email: str, reference: str, folder) -> tuple[str, dict]:
    context, page = _new_page(browser, accept_downloads=True)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(portal.url(f"/documents/{reference}"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Export Open Badge (JSON)").click()
    path = folder / f"{reference}-openbadge.json"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    context.close()
    return str(path), json.loads(text)


def _check_pasted(page, text: str, outcome: str) -> None:
    page.get_by_label("Badge JSON").fill(text)
    page.get_by_role("button", name="Check badge").click()
    expect(page.get_by_role("heading", name=outcome, exact=True)).to_be_visible()


def _revoke(portal, reference: str) -> None:
    with Session(get_engine(portal.database_url)) as db:
        document = db.exec(select(Document).where(Document.reference == reference)).one()
        document.status = "revoked"
        db.add(document)
        db.commit()


def test_a_downloaded_badge_checks_valid_tampered_and_revoked_on_the_verify_page(browser, portal, tmp_path):
    email, (reference,) = _learner_with_documents(portal, "Bea", "Checker", ("valid",), kind="badge")
    path, credential = _export_badge(browser, portal, email, reference, tmp_path)
    context, page = _new_page(browser)
    page.goto(portal.url("/verify"))
    _check_pasted(page, json.dumps(credential), "Valid")
    expect(page.get_by_text("B. Checker")).to_be_visible()
    forged = {**credential, "name": "Master Technician"}
    _check_pasted(page, json.dumps(forged), "Tampered")
    expect(page.get_by_text("has been changed since")).to_be_visible()
    _check_pasted(page, "this is not a badge", "Not a badge file")
    _choose_file(page, path, "Valid")

    # The same form under a reference's own result (the link a verifier follows).
    page.goto(portal.url(f"/verify/{reference}"))
    expect(page.get_by_role("heading", name="Valid", exact=True)).to_be_visible()  # the reference, loaded
    _check_pasted(page, json.dumps(forged), "Tampered")
    _revoke(portal, reference)
    _choose_file(page, path, "Revoked")
    context.close()


def _choose_file(page, path: str, outcome: str) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose a badge file").click()
    chooser.value.set_files(path)
    expect(page.get_by_role("heading", name=outcome, exact=True)).to_be_visible()


def test_a_valid_certificate_goes_to_linkedin_or_the_clipboard_and_a_revoked_one_does_not(browser, portal):
    email, (valid, revoked) = _learner_with_documents(portal, "Lin", "Kedin", ("valid", "revoked"))
    context, page = _new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portal.base_url)
    sign_in(page, portal, email, PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(portal.url(f"/documents/{valid}"))

    linkedin = page.get_by_role("link", name="Add to LinkedIn profile")
    expect(linkedin).to_be_visible()
    href = linkedin.get_attribute("href") or ""
    assert href.startswith("https://www.linkedin.com/profile/add?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"].startswith("Level 2 Award in Journey Testing")
    assert (query["issueYear"], query["issueMonth"], query["certId"]) == ("2025", "2", valid)
    assert query["certUrl"].endswith(f"/verify/{valid}") and query["organizationName"]

    page.get_by_role("button", name="Copy verification link").click()
    expect(page.get_by_role("status").filter(has_text="Verification link copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == query["certUrl"]

    page.goto(portal.url(f"/documents/{revoked}"))
    expect(page.get_by_text("has been revoked")).to_be_visible()
    expect(page.get_by_role("link", name="Add to LinkedIn profile")).to_have_count(0)
    expect(page.get_by_role("button", name="Copy verification link")).to_have_count(0)
    context.close()
