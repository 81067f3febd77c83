"""Hypothesis over the form validators and the service entry points that take free text:
whatever arrives (Unicode, huge, empty, control characters, malformed dates and e-mails), the
answer is a result or a domain error with a message - never an unhandled exception.
Each runs on SQLite and PostgreSQL (PostgreSQL refuses NUL bytes, which found real bugs)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_app.services import (
    addresses,
    connections,
    documents,
    issues,
    money,
    orders,
    profile,
    recovery,
    registration,
    store,
    verification,
)
from portal_app.services.errors import DomainError
from tests.factories import make_document, make_learner

TEXT = (
    st.text(max_size=80)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=600)
    | st.text(alphabet=st.characters(categories=["Cc", "Cs", "Zs", "Mn"]), max_size=40)
    | st.sampled_from(["", " ", "\x00", "a@b", "@@", "2024-02-30", "31/12/9999", "-1", "1e9", "😀" * 300])
)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _answers_cleanly(db, call) -> None:
    try:
        call()
    except DomainError as error:
        assert str(error)
        for message in getattr(error, "fields", {}).values():
            assert message and "Traceback" not in message
    finally:
        db.rollback()


@FUZZ
@given(values=st.fixed_dictionaries({k: TEXT for k in addresses.FIELDS}))
def test_address_form(db, values):
    learner = make_learner(db)
    _answers_cleanly(db, lambda: addresses.save_address(db, learner, None, values))


@FUZZ
@given(
    email=TEXT,
    password=TEXT,
    first=TEXT,
    last=TEXT,
    number=TEXT,
    phone=TEXT,
    kind=TEXT,
    born=st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_registration(db, email, password, first, last, number, phone, kind, born):
    details = registration.Details(
        kind=kind,
        email=email,
        password=password,
        confirm=password,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        candidate_number=number,
        phone=phone,
    )
    _answers_cleanly(db, lambda: registration.register(db, details))


@FUZZ
@given(email=TEXT)
def test_forgot_password(db, email):
    _answers_cleanly(db, lambda: recovery.request_reset(db, email))


@FUZZ
@given(name=TEXT, email=TEXT, expires=TEXT, message=TEXT)
def test_add_connection(db, name, email, expires, message):
    learner = make_learner(db)
    _answers_cleanly(
        db,
        lambda: connections.check_offer(
            db, learner, name=name, email=email, expires_on=expires, message=message
        ),
    )


@FUZZ
@given(search=TEXT, sort=TEXT, tab=TEXT, status=TEXT, page=st.integers())
def test_list_pages(db, search, sort, tab, status, page):
    learner = make_learner(db)
    _answers_cleanly(db, lambda: documents.list_for_learner(db, learner, search, sort))
    _answers_cleanly(db, lambda: connections.list_connections(db, learner, tab, search, status, "", page))
    _answers_cleanly(db, lambda: orders.list_orders(db, learner, search, status, page))


@FUZZ
@given(reference=TEXT, description=TEXT)
def test_report_issue_and_verify(db, reference, description):
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    _answers_cleanly(db, lambda: issues.report(db, learner, document.reference, description))
    _answers_cleanly(db, lambda: issues.report(db, learner, reference, description))
    _answers_cleanly(db, lambda: verification.verify_reference(db, reference))


def test_nul_and_control_characters_typed_into_a_form_are_saved_without_them(db):
    """The fuzzers above only check for a clean answer; this one saves (PostgreSQL refuses NUL)."""
    learner = make_learner(db)
    document = make_document(db, learner.learner_record_id)
    report = issues.report(db, learner, document.reference, "The surname\x00 is misspelt\x07\x1b: Hammond\n")
    db.commit()
    db.refresh(report)
    assert report.description == "The surname is misspelt: Hammond"


@FUZZ
@given(first=TEXT, last=TEXT, phone=TEXT, link=TEXT)
def test_profile_details(db, first, last, phone, link):
    learner = make_learner(db)
    _answers_cleanly(
        db,
        lambda: profile.update_details(
            db, learner, first_name=first, last_name=last, phone=phone, linkedin_url=link
        ),
    )


@given(quantity=TEXT | st.integers() | st.floats(allow_nan=True), price=TEXT)
def test_quantities_and_prices(quantity, price):
    for call in (lambda: store.parse_quantity(quantity), lambda: money.parse_money(price)):
        try:
            value = call()
        except DomainError as error:
            assert str(error)
        else:
            assert isinstance(value, int) and value >= 0
