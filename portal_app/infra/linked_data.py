"""JSON-LD offline, and the eddsa-rdfc-2022 Data Integrity cryptosuite (W3C vc-di-eddsa).

A proof signs SHA-256(canonical proof configuration) || SHA-256(canonical document), both
canonicalised to N-Quads with RDF Dataset Canonicalization (RDFC-1.0, which pyld implements
as URDNA2015: the same algorithm). The JSON-LD contexts are bundled in `contexts/` and the
document loader refuses every other URL, so signing and verifying never touch the network
(and nobody can change what a badge means by changing a context on a web server).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from portal_app.infra.signing import base58_decode, base58btc

CRYPTOSUITE = "eddsa-rdfc-2022"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
_CONTEXT_DIR = Path(__file__).with_name("contexts")
BUNDLED_CONTEXTS = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-context-3.0.3.json",
}


class UnknownContext(jsonld.JsonLdError):
    """A context we do not bundle: refused rather than fetched."""


@cache
def _bundled(url: str) -> dict[str, Any]:
    return json.loads((_CONTEXT_DIR / BUNDLED_CONTEXTS[url]).read_text(encoding="utf-8"))


def offline_loader(extra: Mapping[str, dict[str, Any]] | None = None) -> Callable[..., dict[str, Any]]:
    """A pyld document loader over the bundled contexts (plus `extra`), refusing the network."""

    def load(url: str, _options: Any = None) -> dict[str, Any]:
        if extra and url in extra:
            document = extra[url]
        elif url in BUNDLED_CONTEXTS:
            document = _bundled(url)
        else:
            raise UnknownContext(f"context not bundled: {url}", "jsonld.LoadDocumentError")
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(document)}

    return load


def canonize(document: dict[str, Any], loader: Callable[..., dict[str, Any]] | None = None) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader or offline_loader(),
    }
    return jsonld.normalize(document, options)


def hash_data(
    document: dict[str, Any],
    proof_config: dict[str, Any],
    loader: Callable[..., dict[str, Any]] | None = None,
) -> bytes:
    """vc-di-eddsa 3.3.4: hash of the canonical proof configuration, then of the document."""
    config_hash = hashlib.sha256(canonize(proof_config, loader).encode("utf-8")).digest()
    return config_hash + hashlib.sha256(canonize(document, loader).encode("utf-8")).digest()


def iso_seconds(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add_proof(
    unsecured: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    *,
    created: datetime,
    loader: Callable[..., dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The document with an eddsa-rdfc-2022 DataIntegrityProof appended to its `proof` array."""
    document = {key: value for key, value in copy.deepcopy(unsecured).items() if key != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": iso_seconds(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(hash_data(document, {**options, "@context": document["@context"]}, loader))
    proofs = unsecured.get("proof", [])
    earlier = proofs if isinstance(proofs, list) else [proofs]
    return {
        **document,
        "proof": [*copy.deepcopy(earlier), {**options, "proofValue": "z" + base58btc(signature)}],
    }


def _valid_time(value: Any) -> bool:
    try:
        return (
            isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
        )
    except ValueError:
        return False


def verify_proof(
    secured: dict[str, Any],
    proof: dict[str, Any],
    public_raw: bytes,
    loader: Callable[..., dict[str, Any]] | None = None,
) -> bool:
    """vc-di-eddsa 3.3.2: True only if `public_raw` signed this document with these proof options."""
    try:
        options = {key: value for key, value in proof.items() if key != "proofValue"}
        if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != CRYPTOSUITE:
            return False
        if options.get("proofPurpose") != "assertionMethod" or not _valid_time(options.get("created")):
            return False
        document = {key: value for key, value in secured.items() if key != "proof"}
        contexts = document["@context"]
        if "@context" in options:
            wanted = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
            if list(contexts[: len(wanted)]) != wanted:
                return False
        value = proof["proofValue"]
        if not isinstance(value, str) or not value.startswith("z"):
            return False
        signature = base58_decode(value[1:])
        if len(signature) != 64:
            return False
        data = hash_data(document, {**options, "@context": contexts}, loader)
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except (InvalidSignature, jsonld.JsonLdError, KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


def proofs_of(secured: dict[str, Any]) -> list[dict[str, Any]]:
    proofs = secured.get("proof", [])
    proofs = proofs if isinstance(proofs, list) else [proofs]
    return [proof for proof in proofs if isinstance(proof, dict)]
