"""Factories for test data: the smallest valid rows, overridable per test."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from portal_app.infra.clock import utcnow
from portal_app.infra.security import hash_password
from portal_app.models import Account, Connection, ConnectionDocument, Document, LearnerRecord
from portal_app.services.names import name_key

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_record(db: Session, **kw: Any) -> LearnerRecord:
    n = next(_seq)
    values: dict[str, Any] = {
        "candidate_number": f"{90000000 + n:08d}",
        "first_name": "Test",
        "last_name": f"Learner{n}",
        "date_of_birth": date(1990, 1, 1),
        "email": f"record{n}@example.com",
    }
    values.update(kw)
    values.setdefault("last_name_key", name_key(values["last_name"]))
    record = LearnerRecord(**values)
    db.add(record)
    db.commit()
    return record


def make_account(
    db: Session,
    kind: str = "learner",
    status: str = "active",
    password: str | None = PASSWORD,
    record: LearnerRecord | None = None,
    **kw: Any,
) -> Account:
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"user{n}@example.com",
        "kind": kind,
        "status": status,
        "first_name": "User",
        "last_name": f"Number{n}",
        "password_hash": hash_password(password) if password else None,
        "learner_record_id": record.id if record else None,
        "email_verified_at": utcnow() if status != "unverified" else None,
    }
    values.update(kw)
    account = Account(**values)
    db.add(account)
    db.commit()
    return account


def make_learner(db: Session, **kw: Any) -> Account:
    """An active learner linked to a learner record of their own."""
    record = make_record(db)
    return make_account(db, "learner", record=record, **kw)


def make_document(db: Session, record_id: int, **kw: Any) -> Document:
    n = next(_seq)
    values: dict[str, Any] = {
        "reference": f"{10000000 + n:08d}-01-TEST",
        "kind": "certificate",
        "learner_record_id": record_id,
        "qualification_number": "603/0000/1",
        "qualification_title": "Level 2 Test Qualification",
        "issued_on": date(2024, 1, 1),
        "content": {"grade": "Pass", "units": []},
    }
    values.update(kw)
    document = Document(**values)
    db.add(document)
    db.commit()
    return document


def make_connection(
    db: Session,
    learner: Account,
    third_party: Account | None,
    status: str = "active",
    documents: list[Document] = (),
    days: int = 30,
    **kw: Any,
) -> Connection:  # type: ignore[assignment]
    values: dict[str, Any] = {
        "learner_account_id": learner.id,
        "third_party_account_id": third_party.id if third_party else None,
        "third_party_name": third_party.full_name if third_party else "Someone",
        "third_party_email": third_party.email if third_party else "someone@example.com",
        "learner_name": learner.full_name,
        "learner_email": learner.email,
        "initiated_by": "learner",
        "status": status,
        "expires_at": utcnow() + timedelta(days=days),
    }
    values.update(kw)
    connection = Connection(**values)
    db.add(connection)
    db.commit()
    for document in documents:
        db.add(ConnectionDocument(connection_id=connection.id, document_id=document.id))
    db.commit()
    return connection


# --- accounts area -------------------------------------------------------------------------

GOOD_PASSWORD = "violet tractor mundane"


def registration_details(record: LearnerRecord | None = None, **kw: Any) -> Any:
    """Registration details that match `record` (if given) exactly, its e-mail address included."""
    from portal_app.services.registration import Details

    n = next(_seq)
    values: dict[str, Any] = {
        "kind": "learner",
        "email": record.email if record and record.email else f"new{n}@example.com",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
        "first_name": record.first_name if record else "New",
        "last_name": record.last_name if record else f"Person{n}",
        "date_of_birth": record.date_of_birth if record else date(1995, 5, 5),
        "candidate_number": record.candidate_number if record else f"{70000000 + n:08d}",
    }
    values.update(kw)
    return Details(**values)


def link_from(body: str, path: str) -> str:
    """The token of the first link to `path` in an e-mail body."""
    import re

    match = re.search(re.escape(path) + r"\?(?:token|change|add)=([A-Za-z0-9_\-]+)", body)
    assert match, f"no {path} link in: {body}"
    return match.group(1)


def make_product(db: Session, **kw: Any) -> Any:
    from portal_app.models import Product

    values: dict[str, Any] = {"name": "Qualifications", "document_kind": "certificate", "price_pence": 3050}
    values.update(kw)
    product = Product(**values)
    db.add(product)
    db.commit()
    return product


def make_delivery_option(db: Session, zone: str = "UK", price_pence: int = 0, **kw: Any) -> Any:
    from portal_app.models import DeliveryOption

    names = {
        "UK": "Royal Mail Signed",
        "EUROPE": "European Courier",
        "WORLD": "International Courier - Worldwide",
    }
    option = DeliveryOption(name=kw.pop("name", names[zone]), zone=zone, price_pence=price_pence, **kw)
    db.add(option)
    db.commit()
    return option


def make_address(db: Session, account: Account, country: str = "GB", **kw: Any) -> Any:
    from portal_app.models import Address

    values: dict[str, Any] = {
        "account_id": account.id,
        "full_name": account.full_name,
        "line1": "1 High Street",
        "city": "Hertford",
        "postcode": "SG13 8AB",
        "country": country,
    }
    values.update(kw)
    address = Address(**values)
    db.add(address)
    db.commit()
    return address


def make_signed_document(db: Session, record: LearnerRecord, **kw: Any) -> Document:
    """A document signed by the organisation's key, as issuing would leave it."""
    from portal_app.services.documents import sign

    document = make_document(db, record.id, **kw)
    sign(db, document, record)
    db.commit()
    return document
