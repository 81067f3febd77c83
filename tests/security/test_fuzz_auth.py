"""Fuzzing the sign-in and session entry points: never an unhandled exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_app.services import auth
from portal_app.services.errors import DomainError
from portal_app.services.names import name_key
from portal_app.state.auth import safe_next

ANY_TEXT = (
    st.text(max_size=300)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=2000)
    | st.text(alphabet=st.characters(categories=["Cs", "Cc", "Zs"]), max_size=50)  # lone surrogates, controls
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=ANY_TEXT, password=ANY_TEXT)
def test_sign_in_with_any_input_fails_cleanly(db, email, password):
    try:
        auth.sign_in(db, email, password)
    except DomainError as error:
        assert str(error) == auth.SIGN_IN_FAILED
    finally:
        db.rollback()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=ANY_TEXT)
def test_any_session_token_resolves_to_nobody(db, token):
    assert auth.resolve_session(db, token) is None
    db.rollback()


@given(path=ANY_TEXT)
def test_after_sign_in_we_only_go_to_our_own_pages(path):
    target = safe_next(path, "/dashboard")
    assert target.startswith("/") and not target.startswith("//") and "\\" not in target


@given(name=ANY_TEXT)
def test_name_keys_are_stable_and_plain(name):
    key = name_key(name)
    assert key == name_key(key)
    assert " " not in key
