"""Who sees which document, the learner's list, issuing, correcting and revoking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from portal_app.models import Document, DocumentAccess, OutboundEmail
from portal_app.services import documents, issuing
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from tests.factories import (
    make_account,
    make_connection,
    make_learner,
    make_record,
    make_signed_document,
)


def _record_of(db, learner):
    from portal_app.models import LearnerRecord

    return db.get(LearnerRecord, learner.learner_record_id)


def _refs(groups):
    return [d.reference for g in groups for d in g.documents]


def test_learner_sees_only_their_own_records_documents(db, uow):
    claire, sarah = make_learner(db), make_learner(db)
    mine = make_signed_document(db, _record_of(db, claire))
    theirs = make_signed_document(db, _record_of(db, sarah))
    assert _refs(uow(documents.list_for_learner, claire)) == [mine.reference]
    with pytest.raises(NotFound):
        uow(documents.view, claire, theirs.reference)
    assert uow(documents.view, claire, mine.reference).row.reference == mine.reference


def test_learner_without_a_record_sees_nothing_and_admin_has_no_learner_list(db, uow):
    unmatched = make_account(db, "learner")
    admin = make_account(db, "admin")
    assert uow(documents.list_for_learner, unmatched) == []
    with pytest.raises(PermissionDenied):
        uow(documents.list_for_learner, admin)


def test_admin_sees_any_document(db, uow):
    learner = make_learner(db)
    doc = make_signed_document(db, _record_of(db, learner))
    admin = make_account(db, "admin")
    assert uow(documents.view, admin, doc.reference).signature_valid


def test_third_party_sees_a_document_only_while_it_is_shared(db, uow):
    learner = make_learner(db)
    record = _record_of(db, learner)
    shared = make_signed_document(db, record)
    unshared = make_signed_document(db, record)
    ted = make_account(db, "third_party")
    stranger = make_account(db, "third_party")
    make_connection(db, learner, ted, documents=[shared])
    assert uow(documents.view, ted, shared.reference).row.reference == shared.reference
    assert db.exec(select(DocumentAccess).where(DocumentAccess.viewer_account_id == ted.id)).first()
    for who, ref in ((ted, unshared.reference), (stranger, shared.reference)):
        with pytest.raises(NotFound):
            uow(documents.view, who, ref)


def test_expired_connection_shows_nothing(db, uow):
    learner = make_learner(db)
    doc = make_signed_document(db, _record_of(db, learner))
    ted = make_account(db, "third_party")
    make_connection(db, learner, ted, documents=[doc], days=-1)
    with pytest.raises(NotFound):
        uow(documents.view, ted, doc.reference)


def test_list_searches_sorts_groups_and_hides_superseded(db, uow):
    learner = make_learner(db)
    record = _record_of(db, learner)
    old = make_signed_document(db, record, issued_on=date(2020, 1, 1), qualification_title="Brakes Level 2")
    new = make_signed_document(
        db,
        record,
        issued_on=date(2023, 1, 1),
        qualification_title="Engines Level 3",
        qualification_number="Q2",
    )
    gone = make_signed_document(db, record, status="superseded", qualification_title="Brakes Level 2")
    assert _refs(uow(documents.list_for_learner, learner, sort="oldest")) == [old.reference, new.reference]
    assert _refs(uow(documents.list_for_learner, learner, sort="newest")) == [new.reference, old.reference]
    assert _refs(uow(documents.list_for_learner, learner, search="engines")) == [new.reference]
    assert _refs(uow(documents.list_for_learner, learner, search=new.reference.lower())) == [new.reference]
    assert [g.qualification_number for g in uow(documents.list_for_learner, learner)] == ["Q2", "603/0000/1"]
    assert gone.reference in _refs(uow(documents.list_for_learner, learner, include_superseded=True))


def test_search_text_is_not_sql(db, uow):
    learner = make_learner(db)
    make_signed_document(db, _record_of(db, learner))
    assert uow(documents.list_for_learner, learner, search="' OR 1=1 --") == []


FIELDS = {
    "kind": "certificate",
    "qualification_number": "603/9999/9",
    "qualification_title": "Level 3 Diploma in Testing",
    "issued_on": "2024-05-01",
    "grade": "Merit",
    "units": "U1 | Safety | Pass; U2 | Diagnostics | Merit",
}


def test_issue_signs_the_document_and_emails_the_linked_learner(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    doc = uow(issuing.issue, admin, record_id=learner.learner_record_id, form=FIELDS)
    assert doc.content["units"][1] == {"code": "U2", "title": "Diagnostics", "grade": "Merit"}
    assert uow(documents.signature_ok, doc, _record_of(db, learner))
    mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == learner.email)).one()
    assert doc.reference in mail.text_body


def test_issue_validates_each_field_and_only_admins_may_issue(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    bad = dict(FIELDS, kind="diploma", issued_on=(date.today() + timedelta(days=2)).isoformat(), units="x")
    with pytest.raises(ValidationError) as error:
        uow(issuing.issue, admin, record_id=learner.learner_record_id, form=bad)
    assert set(error.value.fields) == {"kind", "issued_on", "units"}
    with pytest.raises(PermissionDenied):
        uow(issuing.issue, learner, record_id=learner.learner_record_id, form=FIELDS)


def test_correct_supersedes_and_links_the_old_version(db, uow):
    learner = make_learner(db)
    record = _record_of(db, learner)
    admin = make_account(db, "admin")
    old = make_signed_document(db, record, reference="29567186-01-PJPC")
    new = uow(
        issuing.correct,
        admin,
        reference=old.reference,
        form=dict(FIELDS, qualification_title="Fixed title"),
        reason="title typo",
    )
    db.refresh(old)
    assert new.reference == "29567186-02-PJPC" and new.version == 2
    assert (old.status, old.superseded_by_id, old.status_reason) == ("superseded", new.id, "title typo")
    assert uow(documents.view, learner, old.reference).replaced_by == new.reference
    assert _refs(uow(documents.list_for_learner, learner)) == [new.reference]
    with pytest.raises(DomainError):
        uow(issuing.correct, admin, reference=old.reference, form=FIELDS, reason="again")


def test_revoke_needs_a_reason_and_an_admin(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    doc = make_signed_document(db, _record_of(db, learner))
    with pytest.raises(ValidationError):
        uow(issuing.revoke, admin, reference=doc.reference, reason="  ")
    with pytest.raises(PermissionDenied):
        uow(issuing.revoke, learner, reference=doc.reference, reason="I do not like it")
    uow(issuing.revoke, admin, reference=doc.reference, reason="Awarded in error")
    assert db.exec(select(Document.status).where(Document.id == doc.id)).one() == "revoked"


def test_admin_record_search_finds_by_reference_name_and_number(db, uow):
    admin = make_account(db, "admin")
    record = make_record(db, first_name="Claire", last_name="Hammond")
    make_record(db)
    doc = make_signed_document(db, record)
    for term in ("hammond", "claire ham", record.candidate_number, doc.reference.lower()):
        found = uow(issuing.search_records, admin, query=term)
        rows, total = found.rows, found.total
        assert total == 1 and rows[0].id == record.id and rows[0].documents[0].reference == doc.reference
    with pytest.raises(PermissionDenied):
        uow(issuing.search_records, make_learner(db))
