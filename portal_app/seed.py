"""Demo data that tells a story a stakeholder can click through (see README, "Demo accounts").

Seeded once: if any account exists, nothing is touched. Only where asked for
(PORTAL_SEED_DEMO=true, which `make run` sets) and never on a public https address: the demo
administrator's password and authenticator key are published in the README.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.security import hash_password
from portal_app.infra.settings import Settings, settings
from portal_app.models import (
    Account,
    Address,
    Connection,
    ConnectionDocument,
    DeliveryOption,
    Document,
    DocumentAccess,
    LearnerRecord,
    Order,
    OrderLine,
    Payment,
    Product,
    id_of,
)
from portal_app.seed_history import seed_history
from portal_app.services.names import name_key

DEMO_PASSWORD = "portal-demo-2026"  # noqa: S105 - published in the README for demos
# The demo administrator's authenticator key (README): add it to an app, or run
# `python -m portal_app.cli code admin@awarding.example` for the current code.
DEMO_ADMIN_TOTP_SECRET = "NABDEMOADMINTOTPKEY234567ABCDEFG"  # noqa: S105

HEV_TITLE = "Level 3 Award in Heavy Electric/Hybrid Vehicle System Repair and Replacement"
MVM_TITLE = "Level 3 Diploma in Light Vehicle Maintenance and Repair Principles"


def _record(db: Session, number: str, first: str, last: str, dob: date, email: str) -> LearnerRecord:
    record = LearnerRecord(
        candidate_number=number,
        first_name=first,
        last_name=last,
        last_name_key=name_key(last),
        date_of_birth=dob,
        email=email,
    )
    db.add(record)
    db.flush()
    return record


def _account(
    db: Session,
    email: str,
    kind: str,
    first: str,
    last: str,
    password: str | None = DEMO_PASSWORD,
    record: LearnerRecord | None = None,
    status: str = "active",
    **extra: Any,
) -> Account:
    account = Account(
        email=email,
        kind=kind,
        status=status,
        first_name=first,
        last_name=last,
        password_hash=hash_password(password) if password else None,
        learner_record_id=record.id if record else None,
        date_of_birth=record.date_of_birth if record else extra.pop("date_of_birth", None),
        candidate_number=record.candidate_number if record else extra.pop("candidate_number", None),
        email_verified_at=utcnow() if status != "unverified" else None,
        **extra,
    )
    db.add(account)
    db.flush()
    return account


def _document(
    db: Session,
    record: LearnerRecord,
    reference: str,
    kind: str,
    number: str,
    title: str,
    issued: date,
    content: dict[str, Any],
    status: str = "valid",
) -> Document:
    document = Document(
        reference=reference,
        kind=kind,
        learner_record_id=id_of(record),
        qualification_number=number,
        qualification_title=title,
        issued_on=issued,
        content=content,
        status=status,
    )
    db.add(document)
    db.flush()
    return document


HEV_UNITS = [
    {"code": "HEV301", "title": "Health and safety when working on high-voltage vehicles", "grade": "Pass"},
    {"code": "HEV302", "title": "Isolating and reinstating high-voltage systems", "grade": "Pass"},
    {"code": "HEV303", "title": "Removing and replacing high-voltage components", "grade": "Merit"},
]
MVM_UNITS = [
    {"code": "LV301", "title": "Engine mechanical, lubrication and cooling systems", "grade": "Distinction"},
    {"code": "LV302", "title": "Chassis units and components", "grade": "Merit"},
    {"code": "LV303", "title": "Electrical and electronic principles", "grade": "Merit"},
]


# --- accounts area: a request to delete an account, for the administrators' registrations page ---


def _seed_accounts_area(db: Session) -> None:
    hannah = _account(
        db,
        "hannah.lowe@brightcareers.example",
        "third_party",
        "Hannah",
        "Lowe",
        organisation="Bright Careers Ltd",
    )
    hannah.deletion_requested_at = utcnow() - timedelta(days=2)
    db.add(hannah)


def _seed_connections_story(
    db: Session, claire: Account, ted: Account, active: Connection, cert: Document, transcript: Document
) -> None:
    """Connections area: Ted has already looked at Claire's documents (her access log), and an
    older connection with a college has expired (her Inactive tab; she can extend it)."""
    now = utcnow()
    for document, days_ago in ((cert, 5), (transcript, 5), (cert, 2)):
        db.add(
            DocumentAccess(
                connection_id=id_of(active),
                document_id=id_of(document),
                viewer_account_id=id_of(ted),
                viewed_at=now - timedelta(days=days_ago, hours=3),
            )
        )
    expired = Connection(
        learner_account_id=claire.id,
        third_party_name="Admissions, Cardiff City College",
        third_party_email="admissions@cardiffcity.example",
        learner_name="Claire Hammond",
        learner_email=claire.email,
        initiated_by="learner",
        status="active",
        message="My certificate for the HNC application.",
        expires_at=now - timedelta(days=12),
        accepted_at=now - timedelta(days=60),
        created_at=now - timedelta(days=62),
    )
    db.add(expired)
    db.flush()
    db.add(ConnectionDocument(connection_id=id_of(expired), document_id=id_of(cert)))


class DemoRefused(RuntimeError):
    """Demo data was not asked for, or the portal is public (an https base URL)."""


def demo_refusal(cfg: Settings) -> str:
    """Why demo data must not be seeded with these settings ("" when it may)."""
    if cfg.base_url.lower().startswith("https://"):
        return (
            f"Refusing to seed demo data: PORTAL_BASE_URL is {cfg.base_url}, a public address, and the demo "
            "accounts' passwords are published. Create the first administrator with "
            "`python -m portal_app.cli create-admin EMAIL` instead."
        )
    if not cfg.seed_demo_data:
        return (
            "Demo data not seeded: set PORTAL_SEED_DEMO=true to ask for it (make run does). "
            "Create the first administrator with `python -m portal_app.cli create-admin EMAIL`."
        )
    return ""


def seed_demo(db: Session) -> bool:
    """Create the demo story; returns False if the database already has accounts."""
    if refusal := demo_refusal(settings):
        raise DemoRefused(refusal)
    if db.exec(select(Account.id).limit(1)).first() is not None:
        return False
    now = utcnow()

    claire_rec = _record(db, "00021124", "Claire", "Hammond", date(1994, 3, 12), "claire.hammond@example.com")
    sarah_rec = _record(db, "00034561", "Sarah", "Yeoman", date(1988, 11, 2), "sarah.yeoman@example.com")
    legacy_rec = _record(db, "00011873", "Graham", "Oakes", date(1979, 6, 30), "graham.oakes@example.com")
    priya_rec = _record(db, "00030001", "Priya", "Patel", date(1999, 7, 21), "priya.patel@example.com")
    _record(db, "00030002", "Daniel", "Price", date(2001, 1, 15), "daniel.price@example.com")

    claire = _account(
        db,
        "claire.hammond@example.com",
        "learner",
        "Claire",
        "Hammond",
        record=claire_rec,
        phone="07700 900123",
    )
    sarah = _account(db, "sarah.yeoman@example.com", "learner", "Sarah", "Yeoman", record=sarah_rec)
    _account(db, "graham.oakes@example.com", "learner", "Graham", "Oakes", password=None, record=legacy_rec)
    _account(
        db,
        "dan.price@example.net",
        "learner",
        "Dan",
        "Price",
        status="pending_review",
        date_of_birth=date(2001, 1, 15),
        candidate_number="0030002",
    )
    ted = _account(
        db, "ted.trew@fleetmotors.example", "third_party", "Ted", "Trew", organisation="Fleet Motors Ltd"
    )
    admin = _account(
        db,
        "admin@awarding.example",
        "admin",
        "Alex",
        "Morgan",
        totp_secret=DEMO_ADMIN_TOTP_SECRET,
        totp_confirmed_at=now,
    )
    _seed_accounts_area(db)

    c_cert = _document(
        db,
        claire_rec,
        "29567186-01-PJPC",
        "certificate",
        "603/4182/8",
        HEV_TITLE,
        date(2024, 11, 13),
        {"grade": "Pass", "units": HEV_UNITS},
    )
    c_tran = _document(
        db,
        claire_rec,
        "98077739-01-KVHT",
        "transcript",
        "603/4182/8",
        HEV_TITLE,
        date(2024, 11, 13),
        {"units": HEV_UNITS},
    )
    _document(
        db,
        claire_rec,
        "07171402-01-P6NA",
        "badge",
        "603/4182/8",
        "High-Voltage Technician",
        date(2024, 11, 20),
        {"criteria": "Passed all three high-voltage units of " + HEV_TITLE + ".", "image": "/badge-hv.svg"},
    )
    s_cert = _document(
        db,
        sarah_rec,
        "42121928-01-5KNO",
        "certificate",
        "603/1234/5",
        MVM_TITLE,
        date(2023, 6, 30),
        {"grade": "Merit", "units": MVM_UNITS},
    )
    _document(
        db,
        sarah_rec,
        "06104078-01-2VUX",
        "transcript",
        "603/1234/5",
        MVM_TITLE,
        date(2023, 6, 30),
        {"units": MVM_UNITS},
    )
    # Priya registers in the demo (her details match): her documents are waiting for her.
    _document(
        db,
        priya_rec,
        "73310594-01-PRYA",
        "certificate",
        "603/4182/8",
        HEV_TITLE,
        date(2025, 7, 18),
        {"grade": "Merit", "units": HEV_UNITS},
    )
    _document(
        db,
        priya_rec,
        "73310595-01-PRYT",
        "transcript",
        "603/4182/8",
        HEV_TITLE,
        date(2025, 7, 18),
        {"units": HEV_UNITS},
    )
    _document(
        db,
        legacy_rec,
        "14878141-01-08C8",
        "certificate",
        "500/9999/1",
        "Level 2 Certificate in Vehicle Fitting Principles",
        date(2012, 5, 4),
        {"grade": "Pass", "units": []},
    )

    active = Connection(
        learner_account_id=claire.id,
        third_party_account_id=ted.id,
        third_party_name="Ted Trew",
        third_party_email=ted.email,
        learner_name="Claire Hammond",
        learner_email=claire.email,
        initiated_by="learner",
        status="active",
        message="For my application to Fleet Motors.",
        expires_at=now + timedelta(days=24),
        accepted_at=now - timedelta(days=6),
        created_at=now - timedelta(days=6),
    )
    pending = Connection(
        learner_account_id=sarah.id,
        third_party_account_id=ted.id,
        third_party_name="Ted Trew",
        third_party_email=ted.email,
        learner_name="Sarah Yeoman",
        learner_email=sarah.email,
        initiated_by="third_party",
        status="pending",
        message="Fleet Motors would like to verify your diploma.",
        expires_at=now + timedelta(days=30),
    )
    db.add(active)
    db.add(pending)
    db.flush()
    db.add(ConnectionDocument(connection_id=id_of(active), document_id=id_of(c_cert)))
    db.add(ConnectionDocument(connection_id=id_of(active), document_id=id_of(c_tran)))
    _seed_connections_story(db, claire, ted, active, c_cert, c_tran)

    db.add(
        Product(
            name="Qualifications",
            description="Official printed duplicate of a certificate.",
            document_kind="certificate",
            price_pence=3050,
        )
    )
    db.add(
        Product(
            name="Transcript",
            description="Official printed duplicate of a transcript.",
            document_kind="transcript",
            price_pence=3050,
        )
    )
    db.add(
        DeliveryOption(
            name="Royal Mail Signed",
            description="2 - 4 working days, signed for.",
            zone="UK",
            price_pence=0,
            sort_order=1,
        )
    )
    db.add(
        DeliveryOption(
            name="UK Courier - Next Day",
            description="Next working day if ordered by 2pm.",
            zone="UK",
            price_pence=895,
            sort_order=2,
        )
    )
    db.add(
        DeliveryOption(
            name="European Courier",
            description="Estimated 3 - 5 day shipping.",
            zone="EUROPE",
            price_pence=850,
            sort_order=3,
        )
    )
    db.add(
        DeliveryOption(
            name="International Courier - Worldwide",
            description="Estimated 5 - 7 day shipping (taxes may be due upon international delivery).",
            zone="WORLD",
            price_pence=1225,
            sort_order=4,
        )
    )

    home: dict[str, Any] = {
        "full_name": "Sarah Yeoman",
        "line1": "12 Station Road",
        "line2": "",
        "city": "Hertford",
        "region": "Hertfordshire",
        "postcode": "SG13 8AB",
        "country": "GB",
        "phone": "07700 900456",
    }
    db.add(Address(account_id=id_of(sarah), **home))
    db.add(
        Address(
            account_id=id_of(claire),
            full_name="Claire Hammond",
            line1="29 Upper Kincraig Street",
            line2="Roath",
            city="Cardiff",
            region="South Glamorgan",
            postcode="CF24 3HA",
            country="GB",
        )
    )
    order = Order(
        number="ORD-100001",
        account_id=id_of(sarah),
        status="paid",
        full_name="Sarah Yeoman",
        billing_address=home,
        delivery_address=home,
        delivery_option_name="Royal Mail Signed",
        delivery_pence=0,
        subtotal_pence=6100,
        total_pence=6100,
        created_by_name="Sarah Yeoman",
        created_by_kind="learner",
        payment_provider="test",
        created_at=now - timedelta(days=40),
        paid_at=now - timedelta(days=40),
    )
    db.add(order)
    db.flush()
    db.add(
        OrderLine(
            order_id=id_of(order),
            product_name="Qualifications",
            document_id=s_cert.id,
            document_reference=s_cert.reference,
            qualification_number=s_cert.qualification_number,
            learner_name="Sarah Yeoman",
            unit_price_pence=3050,
            quantity=2,
            line_total_pence=6100,
        )
    )
    db.add(
        Payment(
            order_id=id_of(order),
            provider="test",
            event_id="seed-ORD-100001",
            amount_pence=6100,
            provider_reference="test_seed",
        )
    )
    seed_history(db, admin, now)  # before seed_documents_area, which signs every document
    seed_cancelled_order(db, sarah, home, s_cert)
    seed_documents_area(db, sarah, legacy_rec, s_cert)
    return True


def seed_cancelled_order(db: Session, sarah: Account, home: dict[str, str], s_cert: Document) -> None:
    """ORD-100002: Sarah ordered a copy, paid, changed her mind, cancelled; refunded in full."""
    from portal_app.models import Refund

    now = utcnow()
    placed = now - timedelta(days=12)
    order = Order(
        number="ORD-100002", account_id=sarah.id or 0, status="cancelled", full_name="Sarah Yeoman",
        billing_address=home, delivery_address=home, delivery_option_name="Royal Mail Signed",
        delivery_pence=0, subtotal_pence=3050, total_pence=3050, created_by_name="Sarah Yeoman",
        created_by_kind="learner", payment_provider="test", created_at=placed,
        paid_at=placed + timedelta(minutes=3), cancelled_at=placed + timedelta(hours=20),
        status_note="Ordered by mistake; I already have a printed copy.", refunded_pence=3050,
    )  # fmt: skip
    db.add(order)
    db.flush()
    db.add(
        OrderLine(
            order_id=order.id or 0, product_name="Qualifications", document_id=s_cert.id,
            document_reference=s_cert.reference, qualification_number=s_cert.qualification_number,
            learner_name="Sarah Yeoman", unit_price_pence=3050, quantity=1, line_total_pence=3050,
        )
    )  # fmt: skip
    db.add(Payment(order_id=order.id or 0, provider="test", event_id="seed-ORD-100002", amount_pence=3050,
                   provider_reference="test_pi_ORD-100002", created_at=placed + timedelta(minutes=3)))  # fmt: skip
    db.add(
        Refund(
            order_id=order.id or 0, provider="test", idempotency_key="refund-ORD-100002-seed",
            provider_reference="test_re_refund-ORD-100002-seed", amount_pence=3050, status="succeeded",
            reason=order.status_note or "", requested_by_name="Sarah Yeoman",
            created_at=placed + timedelta(hours=20), confirmed_at=placed + timedelta(hours=20, seconds=4),
        )
    )  # fmt: skip
    db.add(Payment(order_id=order.id or 0, provider="test", event_id="seed-refund-ORD-100002", kind="refund",
                   amount_pence=3050, provider_reference="test_re_refund-ORD-100002-seed",
                   created_at=placed + timedelta(hours=20, seconds=4)))  # fmt: skip


# --- Documents area: verification demo documents, an answered issue report, signatures ---

TYRE_TITLE = "Level 2 Award in Tyre Fitting and Wheel Balancing"


def seed_documents_area(db: Session, sarah: Account, legacy_rec: LearnerRecord, s_cert: Document) -> None:
    """A revoked and a superseded document (for /verify), Sarah's answered report, then sign all."""
    from portal_app.models import IssueReport
    from portal_app.services.documents import sign

    now = utcnow()
    revoked = _document(
        db,
        legacy_rec,
        "55501234-01-RVKD",
        "certificate",
        "600/1111/2",
        TYRE_TITLE,
        date(2015, 3, 9),
        {"grade": "Pass", "units": []},
        status="revoked",
    )
    revoked.status_reason = "Awarded in error: the assessment was not completed."
    revoked.status_changed_at = now - timedelta(days=300)
    newer = _document(
        db,
        legacy_rec,
        "61234567-02-TYRE",
        "certificate",
        "600/2222/3",
        "Level 2 Certificate in Wheel Alignment",
        date(2016, 7, 1),
        {"grade": "Merit", "units": []},
    )
    newer.version = 2
    older = _document(
        db,
        legacy_rec,
        "61234567-01-TYRE",
        "certificate",
        "600/2222/3",
        "Level 2 Certificate in Wheel Alignmnet",
        date(2016, 7, 1),
        {"grade": "Merit", "units": []},
        status="superseded",
    )
    older.superseded_by_id = newer.id
    older.status_reason = "Misspelt qualification title corrected."
    older.status_changed_at = now - timedelta(days=200)
    db.add(
        IssueReport(
            document_id=id_of(s_cert),
            account_id=id_of(sarah),
            description="My surname is shown as 'Yeomen' on the printed copy I received; it should be Yeoman.",
            status="answered",
            answer="Thank you, Sarah. Your digital certificate and learner record spell Yeoman correctly; "
            "we have reprinted the duplicate and it is on its way to you.",
            created_at=now - timedelta(days=20),
            answered_at=now - timedelta(days=18),
        )
    )
    records = {r.id: r for r in db.exec(select(LearnerRecord)).all()}
    for document in db.exec(select(Document)).all():
        sign(db, document, records[document.learner_record_id])
