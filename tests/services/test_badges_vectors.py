"""The eddsa-rdfc-2022 implementation reproduces the W3C vc-di-eddsa test vectors byte for byte.

The vectors (tests/services/data/ob3/, copied from the specification) use the W3C examples
context, which the portal does not bundle: the test hands it to the offline loader.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from portal_app.infra import linked_data
from portal_app.infra.signing import base58_decode

DATA = Path(__file__).with_name("data") / "ob3"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


LOADER = linked_data.offline_loader({EXAMPLES_CONTEXT: json.loads(_read("credentials-examples-v2.jsonld"))})
SIGNED = json.loads(_read("signedDataInt.json"))
KEYS = json.loads(_read("keyPair.json"))


def _key_pair() -> tuple[Ed25519PrivateKey, bytes]:
    private = base58_decode(KEYS["privateKeyMultibase"][1:])
    public = base58_decode(KEYS["publicKeyMultibase"][1:])
    assert private[:2] == b"\x80\x26" and public[:2] == b"\xed\x01"  # multicodec ed25519-priv / -pub
    return Ed25519PrivateKey.from_private_bytes(private[2:]), public[2:]


def _unsecured() -> dict:
    return {key: value for key, value in SIGNED.items() if key != "proof"}


def test_the_document_canonicalises_to_the_vector():
    assert linked_data.canonize(_unsecured(), LOADER) == _read("canonDocDataInt.txt")


def test_the_proof_configuration_canonicalises_to_the_vector():
    options = {key: value for key, value in SIGNED["proof"].items() if key != "proofValue"}
    config = {**options, "@context": SIGNED["@context"]}
    assert linked_data.canonize(config, LOADER) == _read("proofCanonDataInt.txt")


def test_signing_reproduces_the_vector_proof_value():
    private, _public = _key_pair()
    vector = SIGNED["proof"]
    created = datetime.fromisoformat(vector["created"].replace("Z", "+00:00"))
    secured = linked_data.add_proof(
        _unsecured(), private, vector["verificationMethod"], created=created, loader=LOADER
    )
    assert isinstance(secured["proof"], list)
    assert secured["proof"] == [vector]


def test_the_vector_verifies_and_changed_options_do_not():
    _private, public = _key_pair()
    proof = SIGNED["proof"]
    assert linked_data.verify_proof(SIGNED, proof, public, LOADER)
    for field, value in [("created", "2024-02-24T23:36:38Z"), ("proofPurpose", "authentication")]:
        assert not linked_data.verify_proof(SIGNED, {**proof, field: value}, public, LOADER)
    changed = {**SIGNED, "name": "Alumni Credential (forged)"}
    assert not linked_data.verify_proof(changed, proof, public, LOADER)


def test_the_loader_refuses_contexts_that_are_not_bundled():
    with pytest.raises(jsonld.JsonLdError):
        linked_data.canonize(_unsecured())  # the examples context is not bundled with the portal
