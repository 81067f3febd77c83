"""Twelve weeks of demo history behind the administrators' overview charts.

A small awarding body growing steadily: learners registering (most matched at once, a few
reviewed by staff), documents issued and now and then revoked, employers opening what was
shared with them and checking references on the public page, and printed duplicates ordered. Deterministic (a fixed random seed), so
every demo shows the same story; none of it touches the named demo accounts in the README.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from portal_app.models import (
    Account,
    AuditEvent,
    Connection,
    ConnectionDocument,
    Document,
    DocumentAccess,
    LearnerRecord,
    Order,
    OrderLine,
    Payment,
    id_of,
)
from portal_app.models.audit import VerificationCheck
from portal_app.services.names import name_key

WEEKS = 12
FIRST = ["Amir", "Bethan", "Callum", "Dee", "Efe", "Fiona", "Gareth", "Hana", "Ioan", "Jas", "Kofi", "Lena",
         "Marek", "Nadia", "Owen", "Petra", "Rhys", "Sian", "Tomasz", "Uma", "Wil", "Yasmin", "Zak"]  # fmt: skip
LAST = ["Bell", "Carys", "Dunn", "Evans", "Fox", "Gill", "Hughes", "Iqbal", "Jones", "Khan", "Lloyd", "Moss",
        "Nowak", "Owusu", "Pryce", "Reid", "Shah", "Thomas", "Vaughan", "Walsh"]  # fmt: skip
QUALIFICATIONS = [
    ("603/4471/2", "Level 2 Certificate in Light Vehicle Maintenance"),
    ("603/4480/3", "Level 3 Award in Heavy Electric/Hybrid Vehicle System Repair and Replacement"),
    ("603/5120/8", "Level 2 Award in Tyre Fitting and Wheel Balancing"),
]
EMPLOYERS = [
    ("Priya Nair", "recruitment@northgatelogistics.example", "Northgate Logistics"),
    ("Owen Hale", "hr@severnbuses.example", "Severn Buses"),
    ("Admissions Office", "admissions@valleycollege.example", "Valley College"),
]
# (name, price in pence, share of orders)
DELIVERY = [("Royal Mail Signed", 0, 0.55), ("UK Courier - Next Day", 895, 0.25),
            ("European Courier", 850, 0.12), ("International Courier - Worldwide", 1225, 0.08)]  # fmt: skip
CERTIFICATE_PENCE = 3050
REVOKE_REASONS = [
    "Awarded in error: the assessment was not completed.",
    "Issued to the wrong learner record.",
]


def seed_history(db: Session, admin: Account, now: datetime) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    employers = [
        _account(db, email, "third_party", *name.split(" ", 1), organisation=org)
        for name, email, org in EMPLOYERS
    ]
    learners: list[tuple[Account, LearnerRecord, list[Document]]] = []
    serial = 0
    order_numbers = itertools.count(20000001)
    for week in range(WEEKS):
        start = now - timedelta(weeks=WEEKS - week)
        growth = 1 + week / 8  # a little busier every week
        for _ in range(int(rng.randint(6, 10) * growth)):
            serial += 1
            when = start + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 1))
            learners.append(_registration(db, rng, admin, serial, when, reviewed=rng.random() < 0.2))
        for _ in range(int(rng.randint(2, 5) * growth)):
            _share(db, rng, rng.choice(learners), rng.choice(employers), start, now)
        for _ in range(int(rng.randint(3, 7) * growth)):
            _order(db, rng, rng.choice(learners), start, now, f"ORD-{next(order_numbers)}")
        if week % 3 == 1:
            _revoke(db, rng, admin, learners, start)
        for _ in range(int(rng.randint(12, 20) * growth)):  # employers checking references
            checked = start + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 1))
            outcome = "valid" if rng.random() < 0.9 else rng.choice(["revoked", "not_found", "superseded"])
            if checked < now:
                db.add(VerificationCheck(outcome=outcome, created_at=checked))


def _account(db: Session, email: str, kind: str, first: str, last: str, **kw: Any) -> Account:
    account = Account(email=email, kind=kind, status="active", first_name=first, last_name=last, **kw)
    db.add(account)
    db.flush()
    return account


def _registration(
    db: Session, rng: random.Random, admin: Account, serial: int, when: datetime, reviewed: bool
) -> tuple[Account, LearnerRecord, list[Document]]:
    """A learner registering (no password: these accounts are scenery, not for signing in) and the
    documents issued to their record a little later."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}.{serial}@learners.example".lower()
    record = LearnerRecord(
        candidate_number=f"0005{serial:04d}", first_name=first, last_name=last, last_name_key=name_key(last),
        date_of_birth=date(1985 + serial % 20, 1 + serial % 12, 1 + serial % 28), email=email,
    )  # fmt: skip
    db.add(record)
    db.flush()
    account = _account(db, email, "learner", first, last, learner_record_id=record.id, created_at=when,
                       email_verified_at=when)  # fmt: skip
    if reviewed:
        db.add(AuditEvent(actor_account_id=account.id, action="registration.pending_review", subject_type="account",
                          subject_id=account.id, created_at=when))  # fmt: skip
        db.add(AuditEvent(actor_account_id=admin.id, action="registration.approved", subject_type="account",
                          subject_id=account.id, detail=f"record {record.id}", client_address="10.0.4.21",
                          created_at=when + timedelta(hours=rng.randint(2, 30))))  # fmt: skip
    else:
        db.add(AuditEvent(actor_account_id=account.id, action="registration.matched", subject_type="learner_record",
                          subject_id=record.id, created_at=when))  # fmt: skip
    number, title = rng.choice(QUALIFICATIONS)
    issued_at = when + timedelta(hours=rng.randint(1, 48))
    documents: list[Document] = []
    for kind in ("certificate", "transcript"):
        document = Document(
            reference=f"{70000000 + serial * 2 + len(documents):08d}-01-{'CERT' if kind == 'certificate' else 'TRAN'}",
            kind=kind, learner_record_id=id_of(record), qualification_number=number, qualification_title=title,
            issued_on=issued_at.date(), content={"grade": rng.choice(["Pass", "Merit", "Distinction"]), "units": []},
            created_at=issued_at,
        )  # fmt: skip
        db.add(document)
        db.flush()
        db.add(AuditEvent(actor_account_id=admin.id, action="document.issue", subject_type="document",
                          subject_id=document.id, detail=document.reference, client_address="10.0.4.21",
                          created_at=issued_at))  # fmt: skip
        documents.append(document)
    return account, record, documents


def _share(
    db: Session,
    rng: random.Random,
    learner: tuple[Account, LearnerRecord, list[Document]],
    employer: Account,
    start: datetime,
    now: datetime,
) -> None:
    """A connection the learner made; the employer opens the documents a few times."""
    account, _, documents = learner
    created = max(
        start + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 1)), account.created_at + timedelta(hours=50)
    )
    if created >= now:
        return
    connection = Connection(
        learner_account_id=account.id, third_party_account_id=employer.id, third_party_name=employer.full_name,
        third_party_email=employer.email, learner_name=account.full_name, learner_email=account.email,
        initiated_by="learner", status="active", accepted_at=created, expires_at=created + timedelta(days=30),
        created_at=created,
    )  # fmt: skip
    db.add(connection)
    db.flush()
    for document in documents:
        db.add(
            ConnectionDocument(connection_id=id_of(connection), document_id=id_of(document), added_at=created)
        )
    db.add(AuditEvent(actor_account_id=account.id, action="connection.create", subject_type="connection",
                      subject_id=connection.id, detail=employer.email, created_at=created))  # fmt: skip
    for _ in range(rng.randint(0, 4)):
        viewed = created + timedelta(hours=rng.randint(1, 24 * 10))
        if viewed < now:
            db.add(DocumentAccess(connection_id=id_of(connection), document_id=id_of(rng.choice(documents)),
                                  viewer_account_id=id_of(employer), viewed_at=viewed))  # fmt: skip


def _order(
    db: Session,
    rng: random.Random,
    learner: tuple[Account, LearnerRecord, list[Document]],
    start: datetime,
    now: datetime,
    number: str,
) -> None:
    """A printed duplicate of the certificate; dispatched unless it was placed in the last week."""
    account, _, documents = learner
    placed = max(
        start + timedelta(minutes=rng.randint(0, 7 * 24 * 60 - 1)), account.created_at + timedelta(hours=50)
    )
    if placed >= now:
        return
    name, delivery, _ = rng.choices(DELIVERY, weights=[d[2] for d in DELIVERY])[0]
    recent = now - placed < timedelta(days=7)
    address = {"full_name": account.full_name, "line1": "1 High Street", "line2": "", "city": "Newport",
               "region": "", "postcode": "NP20 1AA", "country": "GB", "phone": ""}  # fmt: skip
    paid = placed + timedelta(minutes=3)
    order = Order(
        number=number, account_id=id_of(account),
        status=("paid" if rng.random() < 0.6 else "processing") if recent else "dispatched",
        full_name=account.full_name, billing_address=address, delivery_address=address,
        delivery_option_name=name, delivery_pence=delivery, subtotal_pence=CERTIFICATE_PENCE,
        total_pence=CERTIFICATE_PENCE + delivery, created_by_name=account.full_name, created_by_kind="learner",
        payment_provider="test", created_at=placed, paid_at=paid,
        dispatched_at=None if recent else placed + timedelta(days=2),
        tracking_reference=None if recent else f"RM{rng.randint(10**8, 10**9 - 1)}GB",
    )  # fmt: skip
    db.add(order)
    db.flush()
    certificate = documents[0]
    db.add(OrderLine(order_id=id_of(order), product_name="Certificate", document_id=certificate.id,
                     document_reference=certificate.reference, qualification_number=certificate.qualification_number,
                     learner_name=account.full_name, unit_price_pence=CERTIFICATE_PENCE, quantity=1,
                     line_total_pence=CERTIFICATE_PENCE))  # fmt: skip
    db.add(Payment(order_id=id_of(order), provider="test", event_id=f"seed-{order.number}", provider_reference="test_seed",
                   amount_pence=order.total_pence, created_at=paid))  # fmt: skip
    db.add(AuditEvent(action="order.paid", subject_type="order", subject_id=order.id,
                      detail=f"test seed-{order.number}", created_at=paid))  # fmt: skip


def _revoke(
    db: Session,
    rng: random.Random,
    admin: Account,
    learners: list[tuple[Account, LearnerRecord, list[Document]]],
    start: datetime,
) -> None:
    document = rng.choice(learners)[2][0]
    if document.status != "valid":
        return
    when = max(start + timedelta(days=rng.randint(0, 6)), document.created_at + timedelta(days=1))
    document.status, document.status_changed_at = "revoked", when
    document.status_reason = rng.choice(REVOKE_REASONS)
    db.add(document)
    db.add(AuditEvent(actor_account_id=admin.id, action="document.revoke", subject_type="document",
                      subject_id=document.id, detail=f"{document.reference}: {document.status_reason}",
                      client_address="10.0.4.21", created_at=when))  # fmt: skip
