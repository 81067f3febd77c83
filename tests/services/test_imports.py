"""CSV imports: every bad row reported by line number, and nothing imported unless all are good."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from portal_app.models import Document, LearnerRecord, OutboundEmail
from portal_app.services import documents, imports
from portal_app.services.errors import PermissionDenied, ValidationError
from tests.factories import make_account, make_record

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _count(db, table):
    return db.exec(select(func.count()).select_from(table)).one()


def test_sample_files_import_and_documents_are_signed(db, uow):
    admin = make_account(db, "admin")
    records = uow(imports.import_records, admin, (SAMPLES / "records.csv").read_text())
    docs = uow(imports.import_documents, admin, (SAMPLES / "documents.csv").read_text())
    assert (records.imported, records.rejected, docs.imported, docs.rejected) == (3, [], 3, [])
    for document in db.exec(select(Document)).all():
        assert uow(documents.signature_ok, document, db.get(LearnerRecord, document.learner_record_id))


def test_bad_rows_are_each_reported_and_nothing_is_imported(db, uow):
    admin = make_account(db, "admin")
    make_record(db, candidate_number="00050000")
    text = (
        "candidate_number,first_name,last_name,date_of_birth,email\n"
        "00050001,Good,Row,1990-01-01,good@example.com\n"
        "00050000,Taken,Number,1990-01-01,\n"
        "00050002,,NoFirst,1990-01-01,\n"
        "00050003,Bad,Date,01/02/1990,\n"
        "00050004,Bad,Email,1990-01-01,not-an-email\n"
        "00050001,Twice,Row,1990-01-01,\n"
    )
    report = uow(imports.import_records, admin, text)
    assert report.imported == 0
    assert [line for line, _ in report.rejected] == [3, 4, 5, 6, 7]
    reasons = dict(report.rejected)
    assert "already exists" in reasons[3] and "name" in reasons[4] and "YYYY-MM-DD" in reasons[5]
    assert "e-mail" in reasons[6] and "twice" in reasons[7]
    assert _count(db, LearnerRecord) == 1


def test_document_rows_need_a_known_learner_and_valid_fields(db, uow):
    admin = make_account(db, "admin")
    make_record(db, candidate_number="00060001")
    text = (
        "candidate_number,kind,qualification_number,qualification_title,issued_on\n"
        "00060001,certificate,Q1,Good title,2024-01-01\n"
        "99999999,certificate,Q1,Nobody,2024-01-01\n"
        "00060001,diploma,Q1,Bad kind,2024-13-01\n"
    )
    report = uow(imports.import_documents, admin, text)
    assert report.imported == 0 and [line for line, _ in report.rejected] == [3, 4]
    assert "no learner record" in report.rejected[0][1]
    assert (
        "certificate, transcript or badge" in report.rejected[1][1] and "YYYY-MM-DD" in report.rejected[1][1]
    )
    assert _count(db, Document) == 0 and _count(db, OutboundEmail) == 0


def test_missing_columns_and_permission(db, uow):
    admin = make_account(db, "admin")
    with pytest.raises(ValidationError) as error:
        uow(imports.import_records, admin, "name,dob\nA,B\n")
    assert "candidate_number" in error.value.fields["file"]
    with pytest.raises(PermissionDenied):
        uow(imports.import_records, make_account(db, "learner"), (SAMPLES / "records.csv").read_text())


def test_command_line_imports_all_or_nothing(db, use_engine, tmp_path, capsys):
    from portal_app import cli

    good = tmp_path / "good.csv"
    good.write_text((SAMPLES / "records.csv").read_text())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "candidate_number,first_name,last_name,date_of_birth,email\n00070001,A,B,1990-01-01,\nX,,,,\n"
    )
    assert cli.main(["import-records", str(bad)]) == 1
    assert "line 3" in capsys.readouterr().out
    assert cli.main(["import-records", str(good)]) == 0
    assert "3 imported" in capsys.readouterr().out
    assert _count(db, LearnerRecord) == 3


def test_importing_the_same_documents_twice_issues_nothing_the_second_time(db, use_engine):
    from tests.support.unit_of_work import as_actor

    admin = make_account(db, "admin")
    as_actor(admin, imports.import_records, (SAMPLES / "records.csv").read_text())
    first = as_actor(admin, imports.import_documents, (SAMPLES / "documents.csv").read_text())
    emails = _count(db, OutboundEmail)
    again = as_actor(None, imports.import_documents, (SAMPLES / "documents.csv").read_text())  # the CLI
    assert (first.imported, first.rejected) == (3, [])
    assert again.imported == 0 and [line for line, _ in again.rejected] == [2, 3, 4]
    assert all("already holds this" in reason for _, reason in again.rejected)
    assert _count(db, Document) == 3
    assert _count(db, OutboundEmail) == emails  # nobody is told twice


def test_one_award_twice_in_a_file_is_refused_with_both_lines_and_a_revoked_one_may_be_reissued(
    db, use_engine
):
    from tests.support.unit_of_work import as_actor

    admin = make_account(db, "admin")
    record = make_record(db, candidate_number="00070001")
    db.commit()
    header = "candidate_number,kind,qualification_number,qualification_title,issued_on\n"
    row = "00070001,certificate,Q7,Seven,2024-05-01\n"
    twice = as_actor(admin, imports.import_documents, header + row + row)
    assert twice.rejected == [(3, "the same certificate is already on line 2")]
    assert _count(db, Document) == 0
    assert as_actor(admin, imports.import_documents, header + row).imported == 1
    [document] = db.exec(select(Document).where(Document.learner_record_id == record.id)).all()
    from portal_app.services import issuing

    as_actor(admin, issuing.revoke, reference=document.reference, reason="Issued to the wrong record")
    assert (
        as_actor(admin, imports.import_documents, header + row).imported == 1
    )  # awarded in error, then again
