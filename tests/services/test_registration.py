"""Registration, the verification link and matching to learner records, each call through the
production unit of work (`uow`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from portal_app.infra import security
from portal_app.infra.clock import utcnow
from portal_app.models import Account, EmailToken, OutboundEmail
from portal_app.services import auth, registration
from portal_app.services.errors import ValidationError
from tests.factories import GOOD_PASSWORD, link_from, make_account, make_record, registration_details

OTHER_PASSWORD = "another long passphrase"


def _mails(db, to):
    return db.exec(
        select(OutboundEmail).where(OutboundEmail.to_address == to).order_by(OutboundEmail.id)
    ).all()


def _link(db, to, index=-1):
    return link_from(_mails(db, to)[index].text_body, "/verify-email")


def _register_and_verify(db, uow, details):
    uow(registration.register, details)
    result = uow(registration.verify_email, _link(db, details.email.lower(), 0))
    account = db.exec(select(Account).where(Account.email == details.email.lower())).one()
    return result, account


def test_registering_creates_an_unverified_account_and_mails_a_hashed_single_use_link(db, uow):
    details = registration_details(email="Priya.New@Example.com")
    uow(registration.register, details)
    account = db.exec(select(Account)).one()
    assert (account.email, account.status) == ("priya.new@example.com", "unverified")
    assert security.verify_password(GOOD_PASSWORD, account.password_hash)
    [mail] = _mails(db, "priya.new@example.com")
    token = link_from(mail.text_body, "/verify-email")
    assert len(token) >= 22  # >= 128 bits
    assert "/verify-email?token=" in mail.html_body
    stored = db.exec(select(EmailToken)).one()
    assert stored.token_hash == security.hash_token(token) and token not in stored.token_hash
    assert stored.expires_at > utcnow()
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "priya.new@example.com", GOOD_PASSWORD)  # not before verifying


def test_matching_details_and_the_records_email_approve_at_once_and_link_the_record(db, uow):
    record = make_record(
        db,
        first_name="Zoë",
        last_name="O'Neil-Smith",
        date_of_birth=date(1999, 7, 21),
        email="Zoe.ONeil@Example.com",
    )
    details = registration_details(
        record, first_name=" zoe ", last_name="ONEIL SMITH", candidate_number=f" {record.candidate_number} "
    )
    result, account = _register_and_verify(db, uow, details)
    assert result.status == "active"
    assert account.learner_record_id == record.id and account.email_verified_at is not None
    assert uow(auth.sign_in, details.email, GOOD_PASSWORD).kind == "learner"
    assert [m.kind for m in _mails(db, details.email.lower())] == ["verify", "approved"]


@pytest.mark.parametrize(
    "mismatch", ["first_name", "last_name", "date_of_birth", "candidate_number", "taken", "email", "no_email"]
)
def test_any_mismatch_sends_the_registration_to_review(db, uow, mismatch):
    record = make_record(
        db, date_of_birth=date(1990, 2, 3), email=None if mismatch == "no_email" else "r@example.com"
    )
    changes = {
        "first_name": {"first_name": "Someone"},
        "last_name": {"last_name": "Different"},
        "date_of_birth": {"date_of_birth": date(1990, 3, 2)},
        "candidate_number": {"candidate_number": "99999999"},
        "taken": {},
        # what is printed on a certificate, and a date of birth, without the record's mailbox
        "email": {"email": "impostor@example.com"},
        "no_email": {"email": "claimant@example.com"},
    }[mismatch]
    if mismatch == "taken":
        make_account(db, record=record)
    result, account = _register_and_verify(db, uow, registration_details(record, **changes))
    assert result.status == "pending_review"
    assert account.learner_record_id is None
    mails = _mails(db, account.email)
    assert mails[-1].kind == "pending_review" and "e-mail address we hold" in mails[-1].text_body


def test_third_parties_become_active_after_verifying_without_a_record(db, uow):
    details = registration_details(
        kind="third_party", organisation="Fleet Motors", date_of_birth=None, candidate_number=""
    )
    result, account = _register_and_verify(db, uow, details)
    assert (result.status, result.kind) == ("active", "third_party")
    assert account.organisation == "Fleet Motors" and account.candidate_number is None


def test_a_verification_link_works_once_and_not_after_expiry(db, uow):
    uow(registration.register, registration_details())
    token = link_from(db.exec(select(OutboundEmail)).one().text_body, "/verify-email")
    assert uow(registration.verify_email, token).status == "pending_review"
    assert uow(registration.verify_email, token).status == "invalid"
    assert uow(registration.verify_email, "made-up-token").status == "invalid"

    uow(registration.register, registration_details(email="late@example.com"))
    late = _link(db, "late@example.com", 0)
    row = db.exec(select(EmailToken).where(EmailToken.token_hash == security.hash_token(late))).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    assert uow(registration.verify_email, late).status == "invalid"


def test_registering_an_existing_address_answers_the_same_and_tells_the_owner(db, uow):
    owner = make_account(db, email="taken@example.com")
    uow(registration.register, registration_details(email="TAKEN@example.com"))  # no error
    assert db.exec(select(Account)).all() == [owner]
    [mail] = _mails(db, "taken@example.com")
    assert mail.kind == "register_existing" and "/forgot-password" in mail.text_body
    assert db.exec(select(EmailToken)).all() == []


def test_a_registration_lying_in_wait_is_replaced_by_the_owners_and_its_link_dies(db, uow):
    """Finding 2: someone registers the victim's address first, with their own password."""
    attacker = registration_details(
        kind="third_party",
        email="victim@newco.example",
        first_name="Mallory",
        organisation="Phish Ltd",
        password=OTHER_PASSWORD,
        confirm=OTHER_PASSWORD,
        date_of_birth=None,
        candidate_number="",
    )
    uow(registration.register, attacker)
    lying_in_wait = _link(db, "victim@newco.example")
    owner = registration_details(
        kind="third_party",
        email="victim@newco.example",
        first_name="Victoria",
        organisation="NewCo",
        date_of_birth=None,
        candidate_number="",
    )
    uow(registration.register, owner)
    account = db.exec(select(Account)).one()
    assert (account.first_name, account.organisation) == ("Victoria", "NewCo")
    assert uow(registration.verify_email, lying_in_wait).status == "invalid"
    assert uow(registration.verify_email, _link(db, "victim@newco.example")).status == "active"
    assert uow(auth.sign_in, "victim@newco.example", GOOD_PASSWORD).kind == "third_party"
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "victim@newco.example", OTHER_PASSWORD)


def test_a_link_sent_before_a_newer_registration_confirms_nothing(db, uow, monkeypatch):
    """Whoever registers last owns the password; a link sent for an earlier one is dead even when
    it has not been replaced by `tokens.issue` (for example past the hourly limit)."""
    from portal_app.infra.ratelimit import Limit
    from portal_app.services import abuse

    # past the link limit, not the registration limit (services/abuse, tested in tests/infra)
    monkeypatch.setattr(abuse, "register_per_email", Limit("register-email", "100 per hour"))
    uow(registration.register, registration_details(email="again@example.com"))
    first = _link(db, "again@example.com")
    for _ in range(registration.RESEND_LIMIT_PER_HOUR):
        uow(
            registration.register,
            registration_details(email="again@example.com", password=OTHER_PASSWORD, confirm=OTHER_PASSWORD),
        )
    last = _link(db, "again@example.com")
    uow(registration.register, registration_details(email="again@example.com"))  # over the limit: no new link
    assert len(_mails(db, "again@example.com")) == registration.RESEND_LIMIT_PER_HOUR
    assert uow(registration.verify_email, first).status == "invalid"
    assert uow(registration.verify_email, last).status == "invalid"  # a newer registration replaced its own


def test_a_rejected_owner_is_told_to_contact_support(db, uow):
    make_account(db, email="rejected@example.com", status="rejected")
    uow(registration.register, registration_details(email="rejected@example.com"))
    [mail] = _mails(db, "rejected@example.com")
    assert "contact" in mail.text_body and "/forgot-password" not in mail.text_body


def test_resend_replaces_the_old_link_and_is_silent_for_others(db, uow):
    details = registration_details()
    uow(registration.register, details)
    first = _link(db, details.email, 0)
    uow(registration.resend_verification, details.email)
    uow(registration.resend_verification, "nobody@example.com")
    mails = _mails(db, details.email)
    assert len(mails) == 2
    assert uow(registration.verify_email, first).status == "invalid"
    assert uow(registration.verify_email, link_from(mails[1].text_body, "/verify-email")).status != "invalid"
    assert _mails(db, "nobody@example.com") == []


def test_resending_is_limited_per_hour(db, uow):
    details = registration_details()
    uow(registration.register, details)
    for _ in range(10):
        uow(registration.resend_verification, details.email)
    assert len(_mails(db, details.email)) == registration.RESEND_LIMIT_PER_HOUR


@pytest.mark.parametrize(
    "change,field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "short", "confirm": "short"}, "password"),
        ({"password": "Password123!", "confirm": "Password123!"}, "password"),
        ({"confirm": "something else entirely"}, "confirm"),
        ({"first_name": " "}, "first_name"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"date_of_birth": date.today()}, "date_of_birth"),
        ({"candidate_number": ""}, "candidate_number"),
        ({"candidate_number": "12"}, "candidate_number"),
        ({"phone": "call me maybe"}, "phone"),
        ({"kind": "admin"}, "kind"),
        ({"kind": "third_party", "organisation": ""}, "organisation"),
    ],
)
def test_bad_input_is_refused_per_field_and_creates_nothing(db, uow, change, field):
    with pytest.raises(ValidationError) as error:
        uow(registration.register, registration_details(**change))
    assert field in error.value.fields
    assert db.exec(select(Account)).all() == []
    assert db.exec(select(OutboundEmail)).all() == []


def test_closest_records_put_the_best_candidates_first(db, uow):
    exact = make_record(db, last_name="Price", date_of_birth=date(2001, 1, 15))
    same_name = make_record(db, last_name="Price", date_of_birth=date(1970, 1, 1))
    make_record(db, last_name="Unrelated", date_of_birth=date(1960, 1, 1))
    account = make_account(
        db, status="pending_review", first_name="Dan", last_name="Price", date_of_birth=date(2001, 1, 15)
    )
    assert [r.id for r in uow(registration.closest_records, account)] == [exact.id, same_name.id]


def test_the_demo_registration_with_priya_patels_details_ends_on_her_documents(db, use_engine, monkeypatch):

    from portal_app import seed
    from portal_app.infra.db import run_in_session
    from portal_app.infra.settings import Settings
    from portal_app.models import LearnerRecord
    from portal_app.services import documents, verification

    monkeypatch.setattr(seed, "settings", Settings(seed_demo_data=True))
    run_in_session(seed.seed_demo)
    record = run_in_session(
        lambda db: db.exec(select(LearnerRecord).where(LearnerRecord.candidate_number == "00030001")).one()
    )
    details = registration_details(
        record, email="priya.patel@example.com", date_of_birth=date(1999, 7, 21), candidate_number="00030001"
    )
    run_in_session(registration.register, details)
    [mail] = run_in_session(_mails, details.email)
    assert (
        run_in_session(registration.verify_email, link_from(mail.text_body, "/verify-email")).status
        == "active"
    )
    priya = run_in_session(lambda db: db.exec(select(Account).where(Account.email == details.email)).one())
    groups = run_in_session(documents.list_for_learner, priya)
    shown = [d for g in groups for d in g.documents]
    assert {d.kind for d in shown} == {"certificate", "transcript"}
    for d in shown:
        assert run_in_session(verification.verify_reference, d.reference).outcome == "valid"
