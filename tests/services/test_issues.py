"""Issue reports: the learner reports, the administrators answer, the learner is told."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.infra.db import run_in_session
from portal_app.models import AuditEvent, IssueReport, LearnerRecord, OutboundEmail
from portal_app.services import documents, issues, issuing
from portal_app.services.errors import DomainError, NotFound, PermissionDenied, ValidationError
from tests.factories import make_account, make_learner, make_signed_document


def _doc(db, learner):
    return make_signed_document(db, db.get(LearnerRecord, learner.learner_record_id))


def test_report_answer_and_learner_sees_it_and_is_emailed(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    doc = _doc(db, learner)
    report = uow(issues.report, learner, doc.reference, "My surname is misspelt: it should be Hammond.")
    found = uow(issues.queue, admin)
    queue, total = found.rows, found.total
    assert total == 1 and queue[0].reference == doc.reference and queue[0].learner_email == learner.email
    uow(issues.answer, admin, report.id, "Thank you, we have issued a corrected certificate.")
    assert uow(issues.queue, admin).total == 0
    mine = uow(issues.my_reports, learner)
    assert (mine[0].issue.status, mine[0].issue.answer) == (
        "answered",
        "Thank you, we have issued a corrected certificate.",
    )
    assert uow(documents.view, learner, doc.reference).issues[0].status == "answered"
    mail = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == learner.email)).one()
    assert "corrected certificate" in mail.text_body


def test_report_needs_a_real_description(db, uow):
    learner = make_learner(db)
    doc = _doc(db, learner)
    for text in ("", "   wrong  ", "x" * 4001):
        with pytest.raises(ValidationError) as error:
            uow(issues.report, learner, doc.reference, text)
        assert "description" in error.value.fields


def test_cannot_report_on_someone_elses_document_or_flood(db, uow):
    learner, other = make_learner(db), make_learner(db)
    doc = _doc(db, learner)
    with pytest.raises(NotFound):
        uow(issues.report, other, doc.reference, "This is not my certificate at all.")
    with pytest.raises(PermissionDenied):
        uow(issues.report, make_account(db, "third_party"), doc.reference, "Looks wrong to me, please check.")
    for n in range(issues.MAX_OPEN_PER_DOCUMENT):
        uow(issues.report, learner, doc.reference, f"The date of issue is wrong on this one ({n}).")
    with pytest.raises(DomainError):
        uow(issues.report, learner, doc.reference, "And the grade is wrong on this one too.")


def test_only_admins_see_the_queue_and_answer(db, uow):
    learner = make_learner(db)
    report = uow(issues.report, learner, _doc(db, learner).reference, "The grade should be Merit.")
    with pytest.raises(PermissionDenied):
        uow(issues.queue, learner)
    with pytest.raises(PermissionDenied):
        uow(issues.answer, learner, report.id, "Answering my own report")
    with pytest.raises(ValidationError):
        uow(issues.answer, make_account(db, "admin"), report.id, " ")
    with pytest.raises(NotFound):
        uow(issues.answer, make_account(db, "admin"), 999999, "Hello")


def test_learner_sees_only_their_own_reports(db, uow):
    learner, other = make_learner(db), make_learner(db)
    uow(issues.report, learner, _doc(db, learner).reference, "The grade should be Merit.")
    assert uow(issues.my_reports, other) == []
    assert len(uow(issues.my_reports, learner)) == 1


def _reports_on(document_id: int) -> list[IssueReport]:
    return run_in_session(
        lambda db: list(db.exec(select(IssueReport).where(IssueReport.document_id == document_id)).all())
    )


def test_the_same_report_filed_twice_is_kept_once_and_a_different_one_is_added(db, use_engine):
    learner = make_learner(db)
    doc = _doc(db, learner)
    text = "My surname is misspelt: it should be Hammond."
    first = run_in_session(issues.report, learner, doc.reference, text)
    again = run_in_session(
        issues.report, learner, doc.reference, "  my surname is misspelt:\n it should be Hammond. "
    )
    assert again.id == first.id
    assert [r.description for r in _reports_on(doc.id)] == [text]
    run_in_session(issues.report, learner, doc.reference, "The grade should read Merit, not Pass.")
    assert len(_reports_on(doc.id)) == 2


def test_a_double_click_reaching_two_workers_at_once_files_one_report(db, use_engine):
    from concurrent.futures import ThreadPoolExecutor

    if use_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time; the row lock is what PostgreSQL needs")
    learner = make_learner(db)
    doc = _doc(db, learner)
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(
                run_in_session, issues.report, learner, doc.reference, "The date of issue is wrong here."
            )
            for _ in range(2)
        ]
        ids = {job.result().id for job in jobs}
    assert len(ids) == 1 and len(_reports_on(doc.id)) == 1


def _correction(uow, admin, reference):
    return {**uow(issuing.form_values, admin, reference), "qualification_title": "Corrected title"}


def test_a_report_shows_its_document_and_who_answered_and_when(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin", email="answers@example.com")
    doc = _doc(db, learner)
    report = uow(issues.report, learner, doc.reference, "My surname is misspelt: it should be Hammond.")
    waiting = uow(issues.queue, admin).rows[0]
    assert (waiting.document_status, waiting.answered, waiting.corrected_reference) == ("valid", "", "")
    uow(issues.answer, admin, report.id, "We are correcting it now.")
    answered = uow(issues.queue, admin, "answered").rows[0]
    assert answered.answered.startswith("by answers@example.com on ") and answered.answered.endswith(" UTC")


def test_correcting_the_document_from_a_report_links_the_new_version_to_it(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    doc = _doc(db, learner)
    report = uow(issues.report, learner, doc.reference, "The title of my qualification is wrong.")

    new = uow(issuing.correct, admin, reference=doc.reference, form=_correction(uow, admin, doc.reference),
              reason="Title fixed", report_id=report.id)  # fmt: skip

    assert db.get(IssueReport, report.id).corrected_document_id == new.id
    item = uow(issues.queue, admin).rows[0]
    assert (item.document_status, item.corrected_reference) == ("superseded", new.reference)
    assert (
        f"(report {report.id})"
        in db.exec(select(AuditEvent).where(AuditEvent.action == "document.correct")).one().detail
    )


def test_a_correction_cannot_be_linked_to_a_report_about_another_document(db, uow):
    learner = make_learner(db)
    admin = make_account(db, "admin")
    doc, other = _doc(db, learner), _doc(db, learner)
    report = uow(issues.report, learner, other.reference, "This other document has a wrong grade.")
    with pytest.raises(NotFound):
        uow(issuing.correct, admin, reference=doc.reference, form=_correction(uow, admin, doc.reference),
            reason="Title fixed", report_id=report.id)  # fmt: skip
    db.refresh(doc)
    assert doc.status == "valid" and db.get(IssueReport, report.id).corrected_document_id is None
