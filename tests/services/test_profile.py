"""The profile: details, addresses, password and e-mail changes, export and deletion requests."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from portal_app.models import Address, LearnerRecord, OutboundEmail
from portal_app.services import auth, profile, registration
from portal_app.services.errors import NotFound, ValidationError
from tests.factories import PASSWORD, link_from, make_account, make_document, make_learner

NEW = "a brand new passphrase"
HOME = {
    "full_name": "Claire Hammond",
    "line1": "29 Upper Kincraig Street",
    "city": "Cardiff",
    "postcode": "cf24 3ha",
    "country": "gb",
}


def test_updating_details_never_changes_the_learner_record(db, uow):
    learner = make_learner(db)
    record = db.get(LearnerRecord, learner.learner_record_id)
    before = (record.first_name, record.last_name)
    uow(
        profile.update_details,
        learner,
        first_name="Claire",
        last_name="Smith",
        phone="07700 900123",
        linkedin_url="linkedin.com/in/claire",
        website_url="",
    )
    db.refresh(record)
    assert (learner.last_name, learner.linkedin_url) == ("Smith", "https://linkedin.com/in/claire")
    assert (record.first_name, record.last_name) == before


def test_bad_details_are_refused_per_field(db, uow):
    learner = make_learner(db)
    with pytest.raises(ValidationError) as error:
        uow(
            profile.update_details,
            learner,
            first_name="",
            last_name="Smith",
            phone="no phone",
            linkedin_url="javascript:alert(1)",
            website_url="",
        )
    assert set(error.value.fields) == {"first_name", "phone", "linkedin_url"}


def test_addresses_are_added_edited_and_deleted_only_by_their_owner(db, uow):
    learner = make_learner(db)
    other = make_learner(db)
    address = uow(profile.save_address, learner, None, HOME)
    assert (address.postcode, address.country) == ("CF24 3HA", "GB")
    uow(profile.save_address, learner, address.id, {**HOME, "line1": "30 Upper Kincraig Street"})
    assert [a.line1 for a in uow(profile.list_addresses, learner)] == ["30 Upper Kincraig Street"]
    with pytest.raises(NotFound):
        uow(profile.save_address, other, address.id, HOME)
    with pytest.raises(NotFound):
        uow(profile.delete_address, other, address.id)
    uow(profile.delete_address, learner, address.id)
    assert db.exec(select(Address)).all() == []


@pytest.mark.parametrize(
    "change,field",
    [
        ({"line1": ""}, "line1"),
        ({"country": "XX"}, "country"),
        ({"postcode": "12345"}, "postcode"),
        ({"city": ""}, "city"),
        ({"full_name": ""}, "full_name"),
        ({"phone": "abc"}, "phone"),
    ],
)
def test_bad_addresses_are_refused_per_field(db, uow, change, field):
    learner = make_learner(db)
    with pytest.raises(ValidationError) as error:
        uow(profile.save_address, learner, None, {**HOME, **change})
    assert field in error.value.fields


def test_a_us_address_needs_no_uk_postcode(db, uow):
    learner = make_learner(db)
    us = {**HOME, "postcode": "10001", "country": "US"}
    assert uow(profile.save_address, learner, None, us).country == "US"


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(db, uow):
    learner = make_learner(db, email="me@example.com")
    here = uow(auth.sign_in, "me@example.com", PASSWORD)
    elsewhere = uow(auth.sign_in, "me@example.com", PASSWORD)
    with pytest.raises(ValidationError) as error:
        uow(
            profile.change_password,
            learner,
            current="wrong one",
            new=NEW,
            confirm=NEW,
            keep_session_token=here.token,
        )
    assert "current" in error.value.fields
    with pytest.raises(ValidationError) as error:
        uow(
            profile.change_password,
            learner,
            current=PASSWORD,
            new="password1234",
            confirm="password1234",
            keep_session_token=here.token,
        )
    assert "new" in error.value.fields
    uow(
        profile.change_password,
        learner,
        current=PASSWORD,
        new=NEW,
        confirm=NEW,
        keep_session_token=here.token,
    )
    assert uow(auth.resolve_session, here.token) is not None
    assert uow(auth.resolve_session, elsewhere.token) is None
    assert uow(auth.sign_in, "me@example.com", NEW)
    assert db.exec(select(OutboundEmail)).one().kind == "password_changed"


def test_a_new_email_takes_effect_only_after_its_link_is_clicked(db, uow):
    learner = make_learner(db, email="old@example.com")
    with pytest.raises(ValidationError) as error:
        uow(
            profile.request_email_change,
            learner,
            new_email="new@example.com",
            current_password="wrong password",
        )
    assert "email_password" in error.value.fields
    uow(profile.request_email_change, learner, new_email="New@Example.com", current_password=PASSWORD)
    db.refresh(learner)
    assert learner.email == "old@example.com"
    [link_mail] = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == "new@example.com")).all()
    token = link_from(link_mail.text_body, "/verify-email")
    assert uow(profile.confirm_email_change, token) == "new@example.com"
    db.refresh(learner)
    assert learner.email == "new@example.com"
    assert uow(profile.confirm_email_change, token) == ""  # single use
    old_mails = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == "old@example.com")).all()
    assert [m.kind for m in old_mails] == ["change_email_notice", "email_changed"]


def test_moving_to_an_address_in_use_reveals_nothing_and_changes_nothing(db, uow):
    learner = make_learner(db, email="me@example.com")
    make_account(db, email="other@example.com")
    uow(
        profile.request_email_change, learner, new_email="other@example.com", current_password=PASSWORD
    )  # same answer
    [told] = db.exec(select(OutboundEmail)).all()
    assert told.to_address == "other@example.com" and "/verify-email" not in told.text_body
    assert learner.email == "me@example.com"


def test_the_export_holds_my_data_and_no_secrets(db, uow):
    learner = make_learner(db, email="me@example.com")
    make_document(db, learner.learner_record_id, reference="12345678-01-ABCD")
    uow(profile.save_address, learner, None, HOME)
    other = make_learner(db)
    uow(profile.save_address, other, None, {**HOME, "full_name": "Somebody Else"})
    data = uow(profile.export_data, learner)
    text = json.dumps(data)
    assert data["account"]["email"] == "me@example.com"
    assert [d["reference"] for d in data["documents"]] == ["12345678-01-ABCD"]
    assert "Somebody Else" not in text and "password_hash" not in text and "$2b$" not in text
    assert data["learner_record"]["candidate_number"]


def test_a_deletion_request_is_recorded_once_and_can_be_cancelled(db, uow):
    learner = make_learner(db)
    uow(profile.request_deletion, learner)
    uow(profile.request_deletion, learner)
    assert learner.deletion_requested_at is not None
    assert len(db.exec(select(OutboundEmail)).all()) == 1
    uow(profile.cancel_deletion, learner)
    assert learner.deletion_requested_at is None


def test_registration_details_checks_are_shared_with_the_wizard(db, uow):
    assert registration.check_personal(registration.Details(kind="learner")).keys() >= {
        "first_name",
        "last_name",
        "date_of_birth",
        "candidate_number",
    }


def test_the_export_never_holds_the_authenticator_apps_key(db, use_engine):
    """Whoever gets hold of an administrator's export must not be able to make their codes."""
    from portal_app.infra.clock import utcnow
    from portal_app.infra.db import run_in_session

    admin = make_account(
        db, "admin", totp_secret="NABTESTTOTPKEY234567ABCDEFGHIJKL", totp_confirmed_at=utcnow()
    )
    data = run_in_session(profile.export_data, admin)
    text = json.dumps(data)
    assert "NABTESTTOTPKEY234567ABCDEFGHIJKL" not in text and "totp_secret" not in text
    assert data["account"]["totp_confirmed_at"]  # when it was set up is the holder's data


def test_a_blank_current_password_and_a_bad_website_each_say_what_to_type(db, use_engine):
    from portal_app.infra.db import run_in_session

    learner = make_learner(db)
    with pytest.raises(ValidationError) as blank:
        run_in_session(
            profile.change_password, learner, current="", new=NEW, confirm=NEW, keep_session_token=None
        )
    assert blank.value.fields == {"current": "Enter your current password."}
    with pytest.raises(ValidationError) as wrong:
        run_in_session(
            profile.update_details,
            learner,
            first_name="Claire",
            last_name="Smith",
            phone="",
            linkedin_url="not a link",
            website_url="not a link",
        )
    assert "linkedin.com" in wrong.value.fields["linkedin_url"]
    assert "linkedin" not in wrong.value.fields["website_url"]
    assert "https://www." in wrong.value.fields["website_url"]
