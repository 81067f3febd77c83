"""What an outside verifier fetches: /.well-known/did.json and the status lists."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from portal_app.api import routes
from portal_app.models import LearnerRecord
from portal_app.services import badges, issuer, issuing, status_list
from tests.factories import make_account, make_learner, make_signed_document


@pytest.fixture
def client(use_engine):
    return TestClient(routes.api)


def test_did_web_document_resolves_the_key_that_signed_a_badge(db, uow, client):
    learner = make_learner(db)
    doc = make_signed_document(db, db.get(LearnerRecord, learner.learner_record_id), kind="badge")
    credential = uow(badges.credential, learner, doc.reference)
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == credential["issuer"]["id"]
    keys = {
        entry["id"]: issuer.multikey_raw(entry["publicKeyMultibase"])
        for entry in document["verificationMethod"]
        if entry["id"] in document["assertionMethod"]
    }
    assert badges.verify_credential(credential, keys)


def test_status_list_is_served_signed_and_shows_a_revocation(db, uow, client):
    learner = make_learner(db)
    doc = make_signed_document(db, db.get(LearnerRecord, learner.learner_record_id), kind="badge")
    entry = uow(badges.credential, learner, doc.reference)["credentialStatus"]
    path = "/api/status-lists/" + entry["statusListCredential"].rsplit("/", 1)[-1]
    uow(issuing.revoke, make_account(db, "admin"), reference=doc.reference, reason="Awarded in error")
    response = client.get(path)
    assert response.status_code == 200
    listed = response.json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert badges.verify_credential(listed, uow(issuer.issuer_keys))
    bits = status_list.decode(listed["credentialSubject"]["encodedList"])
    assert status_list.bit_is_set(bits, int(entry["statusListIndex"]))
    assert client.get("/api/status-lists/99999999").status_code == 404
