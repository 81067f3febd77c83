"""Demo reset (issue 19): after a rehearsal has cluttered the demo accounts through the portal's
own services, `cli reset-demo` puts back the story the README tells, and it refuses any database
that may hold more than demo data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from portal_app import cli, seed
from portal_app.infra.clock import utcnow
from portal_app.infra.db import run_in_session
from portal_app.infra.settings import Settings
from portal_app.models import (
    Account,
    BasketItem,
    Connection,
    Document,
    IssueReport,
    LearnerRecord,
    Order,
    OutboundEmail,
    Product,
)
from portal_app.services import auth, connections, demo_reset, issues, registration, store
from portal_app.services.connections import effective_status
from portal_app.services.demo_reset import DemoResetRefused
from portal_app.services.errors import PermissionDenied
from tests.factories import registration_details
from tests.support.unit_of_work import as_actor

DEMO = "http://localhost:3000"


def _settings(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    cfg = Settings(**{"seed_demo_data": True, "base_url": DEMO, **changes})
    for module in (cli, seed, demo_reset):
        monkeypatch.setattr(module, "settings", cfg)


@pytest.fixture
def demo(db: Session, use_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _settings(monkeypatch)
    assert run_in_session(seed.seed_demo)


def _account(email: str) -> Account:
    return run_in_session(lambda db: db.exec(select(Account).where(Account.email == email)).one())


def the_readme_story(db: Session) -> dict[str, Any]:
    """What the README's "Demo accounts" section promises, read from the database: its people,
    their connections, orders and reports, and the documents of their records. (The overview's
    twelve weeks of history, `seed_history`, belong to nobody in the README.)"""
    accounts = {a.email: a for a in db.exec(select(Account)).all() if a.email in README_PEOPLE}
    by_id = {a.id: a.email for a in accounts.values()}
    now = utcnow()
    links = sorted(
        (by_id[c.learner_account_id], c.third_party_name, effective_status(c, now), c.initiated_by)
        for c in db.exec(select(Connection)).all()
        if c.learner_account_id in by_id
    )
    records = [r for r in db.exec(select(LearnerRecord)).all() if r.email in README_RECORDS]
    record_ids = {r.id for r in records}
    return {
        "accounts": sorted(
            (a.email, a.kind, a.status, a.password_hash is not None) for a in accounts.values()
        ),
        "hannah asked to leave": accounts["hannah.lowe@brightcareers.example"].deletion_requested_at
        is not None,
        "connections": links,
        "baskets": db.exec(select(BasketItem)).all(),
        "orders": sorted(
            (by_id[o.account_id], o.number, o.status)
            for o in db.exec(select(Order)).all()
            if o.account_id in by_id
        ),
        "reports": sorted(
            (by_id[r.account_id], r.status)
            for r in db.exec(select(IssueReport)).all()
            if r.account_id in by_id
        ),
        "documents": sorted(
            (d.reference, d.status)
            for d in db.exec(select(Document)).all()
            if d.learner_record_id in record_ids
        ),
        "records without an account": sorted(
            r.candidate_number
            for r in records
            if r.id not in {a.learner_record_id for a in accounts.values()}
        ),
        "outbox": db.exec(select(OutboundEmail)).all(),
    }


README_STORY = {
    "accounts": [
        ("admin@awarding.example", "admin", "active", True),
        ("claire.hammond@example.com", "learner", "active", True),
        ("dan.price@example.net", "learner", "pending_review", True),
        ("graham.oakes@example.com", "learner", "active", False),  # legacy: no password yet
        ("hannah.lowe@brightcareers.example", "third_party", "active", True),
        ("sarah.yeoman@example.com", "learner", "active", True),
        ("ted.trew@fleetmotors.example", "third_party", "active", True),
    ],
    "hannah asked to leave": True,
    "connections": [
        ("claire.hammond@example.com", "Admissions, Cardiff City College", "expired", "learner"),
        ("claire.hammond@example.com", "Ted Trew", "active", "learner"),
        ("sarah.yeoman@example.com", "Ted Trew", "pending", "third_party"),
    ],
    "baskets": [],
    "orders": [
        ("sarah.yeoman@example.com", "ORD-100001", "paid"),
        ("sarah.yeoman@example.com", "ORD-100002", "cancelled"),  # cancelled and refunded in full
    ],
    "reports": [("sarah.yeoman@example.com", "answered")],
    "documents": sorted(
        [
            ("29567186-01-PJPC", "valid"),
            ("98077739-01-KVHT", "valid"),
            ("07171402-01-P6NA", "valid"),
            ("42121928-01-5KNO", "valid"),
            ("06104078-01-2VUX", "valid"),
            ("14878141-01-08C8", "valid"),
            ("55501234-01-RVKD", "revoked"),
            ("61234567-01-TYRE", "superseded"),
            ("61234567-02-TYRE", "valid"),
            ("73310594-01-PRYA", "valid"),  # Priya Patel's, waiting for her to register
            ("73310595-01-PRYT", "valid"),
        ]
    ),
    "records without an account": ["00030001", "00030002"],  # Priya Patel (to register), Daniel Price
    "outbox": [],
}


README_PEOPLE = {email for email, *_ in README_STORY["accounts"]}
README_RECORDS = {
    "claire.hammond@example.com",
    "sarah.yeoman@example.com",
    "graham.oakes@example.com",
    "priya.patel@example.com",
    "daniel.price@example.com",
}


def _clutter_a_rehearsal() -> None:
    """What a rehearsal leaves behind, done through the services as the pages do."""
    claire = _account("claire.hammond@example.com")
    sarah = _account("sarah.yeoman@example.com")
    certificate = run_in_session(
        lambda db: db.exec(select(Document.id).where(Document.reference == "29567186-01-PJPC")).one()
    )
    as_actor(
        claire,
        connections.create_connection,
        name="Jo Bloggs",
        email="jo@garage.example",
        message="My certificate",
        document_ids=[certificate],
    )
    pending = run_in_session(
        lambda db: db.exec(select(Connection.id).where(Connection.learner_account_id == sarah.id)).one()
    )
    as_actor(sarah, connections.respond_to_request, pending, True)
    product = run_in_session(
        lambda db: db.exec(select(Product.id).where(Product.document_kind == "certificate")).one()
    )
    as_actor(sarah, store.add_to_basket, product, "42121928-01-5KNO", 3)
    as_actor(sarah, issues.report, "42121928-01-5KNO", "The grade on my certificate should read Distinction.")
    priya = run_in_session(
        lambda db: db.exec(select(LearnerRecord).where(LearnerRecord.first_name == "Priya")).one()
    )
    run_in_session(registration.register, registration_details(priya))


def test_a_cluttered_demo_is_put_back_as_the_readme_tells_it(demo, capsys):
    assert run_in_session(the_readme_story) == README_STORY
    _clutter_a_rehearsal()
    assert run_in_session(the_readme_story) != README_STORY

    assert cli.main(["reset-demo"]) == 0

    assert run_in_session(the_readme_story) == README_STORY
    assert "demo data reset: " in capsys.readouterr().out
    admin = _account("admin@awarding.example")
    assert admin.totp_secret == seed.DEMO_ADMIN_TOTP_SECRET
    signed_in = run_in_session(auth.sign_in, "claire.hammond@example.com", seed.DEMO_PASSWORD)
    assert signed_in.token  # the published password works again


def test_an_administrator_resets_from_the_portal_and_stays_signed_in(demo):
    admin = _account("admin@awarding.example")
    token = run_in_session(lambda db: auth.open_session(db, db.get(Account, admin.id), utcnow())).token
    _clutter_a_rehearsal()

    done = as_actor(admin, demo_reset.reset_demo)

    assert done.still_signed_in
    assert run_in_session(the_readme_story) == README_STORY
    assert run_in_session(auth.resolve_session, token).email == "admin@awarding.example"


def test_only_an_administrator_may_reset(demo):
    sarah = _account("sarah.yeoman@example.com")
    _clutter_a_rehearsal()
    with pytest.raises(PermissionDenied):
        as_actor(sarah, demo_reset.reset_demo)
    assert run_in_session(the_readme_story) != README_STORY  # nothing was reset


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"seed_demo_data": False}, "demo mode is off"),
        ({"base_url": "https://portal.awarding.example"}, "public address"),
    ],
)
def test_reset_is_refused_outside_demo_mode(demo, monkeypatch, capsys, changes, why):
    _clutter_a_rehearsal()
    _settings(monkeypatch, **changes)
    assert cli.main(["reset-demo"]) == 1
    assert why in capsys.readouterr().out
    assert run_in_session(the_readme_story) != README_STORY


def test_reset_is_refused_when_a_real_person_has_an_account(demo, capsys):
    run_in_session(registration.register, registration_details(email="jo.bloggs@gmail.com"))
    assert cli.main(["reset-demo"]) == 1
    assert "jo.bloggs@gmail.com is not a demo address" in capsys.readouterr().out
    assert _account("jo.bloggs@gmail.com")  # still there: nothing was changed


def test_reset_is_refused_when_a_real_learner_record_was_imported(demo):
    def add_record(db: Session) -> None:
        db.add(
            LearnerRecord(
                candidate_number="00099999",
                first_name="Amira",
                last_name="Khan",
                last_name_key="khan",
                date_of_birth=date(1998, 4, 17),
                email="amira.khan@college.ac.uk",
            )
        )

    run_in_session(add_record)
    with pytest.raises(DemoResetRefused, match="amira.khan@college.ac.uk"):
        run_in_session(demo_reset.reset_demo, None)


def test_reset_is_refused_on_a_database_never_seeded_with_the_demo(db, use_engine, monkeypatch, capsys):
    _settings(monkeypatch)
    assert cli.main(["reset-demo"]) == 1
    assert "was not seeded with the demo data" in capsys.readouterr().out


def test_an_account_deleted_during_a_rehearsal_does_not_block_the_reset(demo):
    """A deleted account keeps only a `deleted-<id>@deleted.invalid` placeholder: no sign of a
    real person, so the demo can still be put back."""
    from portal_app.services import accounts, profile

    priya = run_in_session(
        lambda db: db.exec(select(LearnerRecord).where(LearnerRecord.first_name == "Priya")).one()
    )
    run_in_session(registration.register, registration_details(priya))
    registered = _account("priya.patel@example.com")
    as_actor(registered, profile.request_deletion)
    admin = _account("admin@awarding.example")
    as_actor(admin, accounts.complete_deletion, registered.id)
    assert _account_emails_ending(".invalid") == 1

    assert cli.main(["reset-demo"]) == 0
    assert run_in_session(the_readme_story) == README_STORY


def _account_emails_ending(suffix: str) -> int:
    return len(
        run_in_session(lambda db: [a for a in db.exec(select(Account)).all() if a.email.endswith(suffix)])
    )
