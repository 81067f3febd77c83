"""Open Badges 3.0 exports: the 1EdTech schema, eddsa-rdfc-2022 proofs, did:web, revocation.

Every export is made through the production unit of work (`uow`), as the export button does.
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from jsonschema import Draft201909Validator

from portal_app.infra import linked_data, signing
from portal_app.models import LearnerRecord
from portal_app.services import badges, issuer, issuing, status_list, verification
from portal_app.services.errors import DomainError, NotFound
from tests.factories import make_account, make_learner, make_signed_document

SCHEMA = json.loads(
    (Path(__file__).with_name("data") / "ob3" / "ob_v3p0_achievementcredential_schema.json").read_text()
)


def _badge(db, **kw):
    learner = make_learner(db)
    record = db.get(LearnerRecord, learner.learner_record_id)
    values = {
        "kind": "badge",
        "qualification_title": "HV Technician",
        "content": {"criteria": "Passed HV units."},
    }
    return learner, make_signed_document(db, record, **{**values, **kw})


def _export(uow, learner, doc):
    return uow(badges.credential, learner, doc.reference)


def _check(uow, credential):
    return uow(verification.verify_badge, json.dumps(credential)).outcome


def test_every_export_validates_against_the_1edtech_schema(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    errors = sorted(Draft201909Validator(SCHEMA).iter_errors(credential), key=str)
    assert errors == []
    assert isinstance(credential["proof"], list) and len(credential["proof"]) == 1
    proof = credential["proof"][0]
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-rdfc-2022")
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["criteria"]["narrative"] == "Passed HV units."


def test_the_issuer_is_the_portals_did_web_and_its_document_lists_the_key(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    assert credential["issuer"]["id"] == "did:web:localhost%3A3000"
    document = uow(issuer.did_document)
    method = credential["proof"][0]["verificationMethod"]
    assert method in document["assertionMethod"]
    listed = {entry["id"]: entry["publicKeyMultibase"] for entry in document["verificationMethod"]}
    raw = signing.base58_decode(listed[method][1:])
    assert raw[:2] == b"\xed\x01" and len(raw) == 34


def test_the_recipient_is_a_salted_hash_of_their_email_never_their_name(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    record = db.get(LearnerRecord, learner.learner_record_id)
    (identity,) = credential["credentialSubject"]["identifier"]
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert identity["identityHash"] == badges.identity_hash(learner.email, identity["salt"])
    assert identity["identityHash"].startswith("sha256$")
    text = json.dumps(credential)
    assert record.last_name not in text and learner.email not in text
    again = _export(uow, learner, doc)["credentialSubject"]["identifier"][0]
    assert again["salt"] != identity["salt"]  # two exports cannot be linked by their hash


def test_the_badge_verifies_and_any_change_to_body_or_proof_options_does_not(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    keys = uow(issuer.issuer_keys)
    assert badges.verify_credential(credential, keys)
    changes = {
        "created": "2020-01-01T00:00:00Z",
        "proofPurpose": "authentication",
        "cryptosuite": "eddsa-jcs-2022",
    }
    for field, value in changes.items():
        altered = copy.deepcopy(credential)
        altered["proof"][0][field] = value
        assert not badges.verify_credential(altered, keys), field
    altered = copy.deepcopy(credential)
    altered["credentialSubject"]["achievement"]["name"] = "Master Technician"
    assert not badges.verify_credential(altered, keys)
    altered = copy.deepcopy(credential)
    altered["credentialStatus"]["statusListIndex"] = "0"
    assert not badges.verify_credential(altered, keys)
    single = {**credential, "proof": credential["proof"][0]}
    assert not badges.verify_credential(single, keys)  # the schema wants an array
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert not badges.verify_credential(credential, dict.fromkeys(keys, other))


def test_the_verify_page_service_says_valid_tampered_foreign_unreadable(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    result = uow(verification.verify_badge, json.dumps(credential))
    assert (result.outcome, result.reference, result.kind) == ("valid", doc.reference, "Badge")
    altered = copy.deepcopy(credential)
    altered["name"] = "Master Technician"
    assert _check(uow, altered) == "tampered"
    foreign = copy.deepcopy(credential)
    foreign["issuer"]["id"] = "did:web:badges.example"
    assert _check(uow, foreign) == "foreign"
    assert uow(verification.verify_badge, "{not json").outcome == "unreadable"
    assert uow(verification.verify_badge, "x" * 200_000).outcome == "unreadable"


def test_revoking_reaches_an_exported_badge_through_the_status_list(db, uow):
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    number = int(entry["statusListCredential"].rsplit("/", 1)[-1])
    index = int(entry["statusListIndex"])

    def bit() -> bool:
        listed = uow(status_list.status_list_credential, number)
        assert badges.verify_credential(listed, uow(issuer.issuer_keys))
        bits = status_list.decode(listed["credentialSubject"]["encodedList"])
        assert len(bits) * 8 >= 131_072
        return status_list.bit_is_set(bits, index)

    assert not bit()
    admin = make_account(db, "admin")
    uow(issuing.revoke, admin, reference=doc.reference, reason="Awarded in error")
    assert bit()
    assert _check(uow, credential) == "revoked"


def test_badges_signed_with_an_old_key_keep_verifying_after_a_key_change(db, uow, monkeypatch):
    def configure_new_key() -> None:
        raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        configured = signing.settings.model_copy(update={"badge_signing_key": base64.b64encode(raw).decode()})
        monkeypatch.setattr(signing, "settings", configured)

    configure_new_key()
    learner, doc = _badge(db)
    old = _export(uow, learner, doc)
    configure_new_key()
    new = _export(uow, learner, doc)
    assert old["proof"][0]["verificationMethod"] != new["proof"][0]["verificationMethod"]
    listed = uow(issuer.did_document)["assertionMethod"]
    assert {old["proof"][0]["verificationMethod"], new["proof"][0]["verificationMethod"]} <= set(listed)
    assert _check(uow, old) == "valid" and _check(uow, new) == "valid"


def test_only_someone_who_may_see_a_valid_badge_exports_it(db, uow):
    learner, doc = _badge(db)
    with pytest.raises(NotFound):
        _export(uow, make_learner(db), doc)
    record = db.get(LearnerRecord, learner.learner_record_id)
    with pytest.raises(DomainError):
        _export(uow, learner, make_signed_document(db, record))
    with pytest.raises(DomainError):
        _export(uow, learner, make_signed_document(db, record, kind="badge", status="revoked"))


def test_the_bundled_contexts_define_every_term_of_an_export(db, uow):
    """A term the contexts do not define would be dropped from the signed data unnoticed."""
    from pyld import jsonld

    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    options = {"documentLoader": linked_data.offline_loader()}
    expanded = json.dumps(jsonld.expand(credential, options))
    compacted = jsonld.compact(json.loads(expanded), {"@context": credential["@context"]}, options)

    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for item in value.values() for k in keys(item)}
        if isinstance(value, list):
            return {k for item in value for k in keys(item)}
        return set()

    assert keys(credential) - {"@context"} <= keys(compacted)


def test_a_badge_naming_a_context_we_do_not_bundle_is_refused_not_fetched(db, uow, monkeypatch):
    from pyld import jsonld

    def no_network(url, *_args, **_kwargs):
        raise AssertionError(f"the verifier reached for the network: {url}")

    monkeypatch.setattr(jsonld, "_default_document_loader", no_network)
    learner, doc = _badge(db)
    credential = _export(uow, learner, doc)
    redefined = {**credential, "@context": [*credential["@context"], "https://contexts.example/ob-lies.json"]}
    assert not badges.verify_credential(redefined, uow(issuer.issuer_keys))
    assert _check(uow, redefined) == "tampered"


def test_the_linkedin_link_is_linkedins_add_to_profile_form_prefilled():
    from datetime import date
    from urllib.parse import parse_qs, urlsplit

    url = verification.linkedin_add_url(
        qualification_title="Level 3 Award in EV & HV Systems",
        reference="29567186-01-PJPC",
        issued_on=date(2025, 2, 3),
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Level 3 Award in EV & HV Systems",
        "organizationName": "Northfield Awarding Body",
        "issueYear": "2025",
        "issueMonth": "2",
        "certId": "29567186-01-PJPC",
        "certUrl": "http://localhost:3000/verify/29567186-01-PJPC",
    }
