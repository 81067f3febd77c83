"""Public verification: outcomes, minimum personal data, tampering, rate limit (badges: test_badges.py)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.infra import signing
from portal_app.models import Document
from portal_app.services import issuing, verification
from tests.factories import make_account, make_record, make_signed_document


def test_valid_document_shows_initial_surname_qualification_and_date_only(db, uow):
    record = make_record(db, first_name="Claire", last_name="Hammond")
    doc = make_signed_document(db, record, qualification_title="Level 3 Award")
    result = uow(verification.verify_reference, f"  {doc.reference.lower()} ")
    assert result.outcome == "valid"
    assert (result.holder, result.qualification_title, result.issued_on) == (
        "C. Hammond",
        "Level 3 Award",
        "2024-01-01",
    )
    shown = str(result.as_json())
    assert record.candidate_number not in shown and "1990" not in shown and "Claire" not in shown


def test_the_page_says_dates_in_words_and_the_json_keeps_iso(db, use_engine):
    from datetime import date

    from portal_app.infra.db import run_in_session

    record = make_record(db)
    doc = make_signed_document(db, record, issued_on=date(2024, 11, 13))
    result = run_in_session(verification.verify_reference, doc.reference)
    assert result.as_json()["issued_on"] == "2024-11-13"
    assert result.for_people().issued_on == "13 November 2024"
    assert result.for_people().as_json()["reference"] == doc.reference


def test_revoked_superseded_and_unknown_references(db, uow):
    admin = make_account(db, "admin")
    record = make_record(db)
    revoked = make_signed_document(db, record)
    old = make_signed_document(db, record)
    uow(issuing.revoke, admin, reference=revoked.reference, reason="Awarded in error")
    new = uow(
        issuing.correct,
        admin,
        reference=old.reference,
        form={"qualification_number": "Q1", "qualification_title": "Fixed", "issued_on": "2024-01-02"},
        reason="typo",
    )
    assert uow(verification.verify_reference, revoked.reference).outcome == "revoked"
    superseded = uow(verification.verify_reference, old.reference)
    assert (superseded.outcome, superseded.replaced_by) == ("superseded", new.reference)
    assert uow(verification.verify_reference, new.reference).outcome == "valid"
    assert uow(verification.verify_reference, "00000000-01-NONE").outcome == "not_found"
    assert uow(verification.verify_reference, "<script>").outcome == "invalid"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: setattr(d, "qualification_title", "Level 7 Doctorate"),
        lambda d: setattr(d, "content", {"grade": "Distinction", "units": []}),
        lambda d: setattr(d, "signature", ""),
        lambda d: setattr(d, "signature", d.signature[:-4] + "AAAA"),
    ],
)
def test_a_tampered_row_is_not_verifiable(db, uow, change):
    doc = make_signed_document(db, make_record(db))
    row = db.exec(select(Document).where(Document.id == doc.id)).one()
    change(row)
    db.add(row)
    db.commit()
    result = uow(verification.verify_reference, doc.reference)
    assert result.outcome == "not_verifiable" and result.holder == ""


def test_tampering_with_the_learner_record_breaks_the_signature(db, uow):
    record = make_record(db, last_name="Hammond")
    doc = make_signed_document(db, record)
    record.last_name = "Impostor"
    db.add(record)
    db.commit()
    assert uow(verification.verify_reference, doc.reference).outcome == "not_verifiable"


def test_one_signing_key_per_database(db, uow):
    first = uow(signing.org_key)
    assert uow(signing.org_key).key_id == first.key_id
    assert uow(signing.public_keys) == {first.key_id: first.public_raw()}
