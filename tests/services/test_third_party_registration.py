"""A third party who registers after a learner shared with them finds the connection waiting."""

from __future__ import annotations

from portal_app.services import registration
from tests.factories import make_account, make_connection, make_document, make_learner


def test_verifying_a_third_party_attaches_connections_addressed_to_them(db):
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    connection = make_connection(
        db,
        learner,
        None,
        status="pending",
        documents=[document],
        third_party_email="recruiter@newco.example",
        third_party_name="Recruiter",
    )
    other = make_connection(db, learner, None, status="pending", third_party_email="someone.else@example.com")
    recruiter = make_account(db, "third_party", status="unverified", email="recruiter@newco.example")

    assert registration.after_email_verified(db, recruiter) == "active"
    db.commit()
    db.refresh(connection)
    db.refresh(other)
    assert connection.third_party_account_id == recruiter.id
    assert other.third_party_account_id is None
