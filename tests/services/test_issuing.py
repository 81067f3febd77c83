"""Revoking a document tells the learner, with the reason, as issuing and correcting do."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.models import Document, LearnerRecord, OutboundEmail
from portal_app.services import issuing
from portal_app.services.errors import DomainError
from tests.factories import make_account, make_learner, make_signed_document
from tests.support.unit_of_work import as_actor


def test_revoking_emails_the_learner_the_reason_once(db, use_engine):
    learner = make_learner(db, first_name="Claire")
    admin = make_account(db, "admin")
    document = make_signed_document(db, db.get(LearnerRecord, learner.learner_record_id))
    as_actor(admin, issuing.revoke, reference=document.reference, reason="Awarded in error")
    with pytest.raises(DomainError):  # a second click: already revoked, nothing more is sent
        as_actor(admin, issuing.revoke, reference=document.reference, reason="Awarded in error")
    [email] = db.exec(select(OutboundEmail).where(OutboundEmail.kind == "document_revoked")).all()
    assert email.to_address == learner.email and document.reference in email.subject
    assert "Reason: Awarded in error" in email.text_body and "Hello Claire" in email.text_body
    db.expire_all()
    assert db.get(Document, document.id).status == "revoked"
