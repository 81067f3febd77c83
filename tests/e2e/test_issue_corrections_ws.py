"""Hand-made websocket events: a learner and a third party open the Records page's correction
from an issue report and submit it, with the dialog's public vars forged to "correct". The
server refuses: the document stays valid, no new version exists and the report links to nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import Document, IssueReport
from portal_app.seed import DEMO_PASSWORD
from tests.factories import make_account, make_record, make_signed_document
from tests.support.reflex_client import UPDATE_VARS, ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
RECORDS = state_path(BASE, "portal_app.state.admin_documents.AdminRecordsState")


def _reported_document(url: str) -> tuple[str, int]:
    """A learner's certificate with an open issue report (not the demo's, which other tests read)."""
    tag = uuid.uuid4().hex[:8]
    with Session(get_engine(url), expire_on_commit=False) as db:
        record = make_record(db, candidate_number=f"F{tag}", first_name="Fay", last_name=f"Forged{tag}")
        learner = make_account(db, "learner", record=record, email=f"fay-{tag}@example.com")
        document = make_signed_document(
            db,
            record,
            reference=f"{int(tag, 16) % 10**8:08d}-01-FRGD",
            qualification_title=f"Certificate in Secrecy {tag}",
        )
        report = IssueReport(document_id=document.id or 0, account_id=learner.id or 0,
                             description="The grade on this certificate is wrong.")  # fmt: skip
        db.add(report)
        db.commit()
        return document.reference, report.id or 0


@pytest.mark.parametrize("email", ["claire.hammond@example.com", "ted.trew@fleetmotors.example"])
def test_learners_and_third_parties_cannot_correct_a_document_from_a_report(portal, email):
    reference, report_id = _reported_document(portal.database_url)
    form = {"qualification_number": "603/0000/0", "qualification_title": "Forged title", "issued_on": "2024-01-01",
            "grade": "Distinction", "units": "", "criteria": "", "image": "", "reason": "Forged correction"}  # fmt: skip

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        assert await client.sign_in(email, DEMO_PASSWORD)
        await client.send(
            RECORDS + ".load", path=f"/admin/records?q={reference}&correct={reference}&report={report_id}"
        )
        await client.send(UPDATE_VARS, {"vars": {f"{RECORDS}.dialog_rx_state_": "correct",
                                                 f"{RECORDS}.target_name_rx_state_": reference}})  # fmt: skip
        await client.send(RECORDS + ".submit_dialog", {"form": form})
        await client.call(UPDATE_VARS, {"vars": {}}, timeout=30)
        await client.close()
        return client

    client = run(attack())
    assert "Certificate in Secrecy" not in repr(client.frames)  # the document's fields were never read
    with Session(get_engine(portal.database_url)) as db:
        assert db.exec(select(Document).where(Document.reference == reference)).one().status == "valid"
        assert not db.exec(select(Document).where(Document.qualification_title == "Forged title")).all()
        assert db.get(IssueReport, report_id).corrected_document_id is None
