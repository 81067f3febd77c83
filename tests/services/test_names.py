"""A name is one line of text: line separators and control characters are refused at input,
with a message next to the field, in every form that takes a name (finding 3 of issue 13)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from portal_app.infra.db import run_in_session
from portal_app.models import Account, Connection
from portal_app.services import connections, profile, registration
from portal_app.services.errors import ValidationError
from portal_app.services.names import name_key, one_line_problem
from tests.factories import make_account, make_learner, registration_details

# U+2028 LINE SEPARATOR (Zl), U+2029 PARAGRAPH SEPARATOR (Zp), NEL (Cc), LF, NUL, ESC
BREAKS = ["\u2028", "\u2029", "\x85", "\n", "\x00", "\x1b"]


def _refused(fn, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        run_in_session(fn, *args, **kwargs)
    return raised.value.fields


def test_ordinary_names_of_every_script_are_one_line():
    for name in ("O'Neil-Smith", "Zoë", "Nguyễn Văn An", "محمد", "श्रीनिवास", "Anne Marie"):
        assert one_line_problem(name, "your first name") == ""
    assert name_key("O'Neil-Smith") == "oneilsmith"


@pytest.mark.parametrize("separator", BREAKS)
def test_registration_refuses_a_name_or_organisation_that_is_not_one_line(use_engine, separator):
    details = registration_details(first_name=f"Eve{separator}Bcc: x@evil.example")
    assert _refused(registration.register, details) == {
        "first_name": "Type your first name on one line, without line breaks or control characters."
    }
    third_party = registration_details(kind="third_party", organisation=f"Evil{separator}Corp")
    assert "organisation" in _refused(registration.register, third_party)
    assert run_in_session(lambda db: db.exec(select(Account)).all()) == []


@pytest.mark.parametrize("separator", BREAKS)
def test_the_profile_refuses_a_name_that_is_not_one_line(db, use_engine, separator):
    learner = make_learner(db)
    fields = _refused(profile.update_details, learner, first_name="Eve", last_name=f"Smith{separator}x")
    assert fields == {
        "last_name": "Type your last name on one line, without line breaks or control characters."
    }
    assert run_in_session(lambda db: db.get(Account, learner.id).last_name) == learner.last_name


@pytest.mark.parametrize("separator", BREAKS)
def test_a_connection_refuses_a_third_party_name_that_is_not_one_line(db, use_engine, separator):
    learner = make_learner(db)
    fields = _refused(connections.check_offer, learner, name=f"Ted{separator}Trew", email="ted@example.org")
    assert fields == {"name": "Type the name on one line, without line breaks or control characters."}
    assert run_in_session(lambda db: db.exec(select(Connection)).all()) == []


def test_a_third_party_profile_refuses_an_organisation_that_is_not_one_line(db, use_engine):
    third_party = make_account(db, "third_party", organisation="Fleet Motors")
    fields = _refused(
        profile.update_details,
        third_party,
        first_name="Ted",
        last_name="Trew",
        organisation="Fleet\u2028Motors",
    )
    assert set(fields) == {"organisation"}
