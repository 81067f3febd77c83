"""Fuzzing the sign-in and session entry points: never an unhandled exception."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
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


def _where_a_browser_goes(target: str) -> str:
    """The host a browser reaches from a Location/redirect path on our site: URL parsers drop
    tabs and newlines and strip leading/trailing C0 controls and spaces (WHATWG URL)."""
    cleaned = "".join(c for c in target if c not in "\t\n\r").strip("".join(map(chr, range(0x21))))
    return urlsplit(urljoin("https://portal.example/", cleaned.replace("\\", "/"))).netloc


NEXT_TRICKS = st.sampled_from(
    ["/", "//", "\\", "\t", "\n", "\r", "%09", "%0a", "%5c", "%2f", "evil.example", " ", "\x00", "\u2028"]
)


@given(path=ANY_TEXT | st.lists(NEXT_TRICKS, max_size=8).map("".join))
@example(path="/\t/evil.example")
@example(path="/%09/evil.example")
@example(path="/\n/evil.example")
@example(path="/%5C/evil.example")
def test_after_sign_in_we_only_go_to_our_own_pages(path):
    target = safe_next(path, "/dashboard")
    assert target.startswith("/") and not target.startswith("//") and "\\" not in target
    for text in (target, unquote(target)):
        assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text), repr(text)
        assert _where_a_browser_goes(text) == "portal.example", repr(text)


@pytest.mark.parametrize("path", ["/documents", "/connections?tab=inactive", "/verify/29567186-01-PJPC"])
def test_our_own_pages_are_still_followed(path):
    assert safe_next(path, "/dashboard") == path


@given(name=ANY_TEXT)
def test_name_keys_are_stable_and_plain(name):
    key = name_key(name)
    assert key == name_key(key)
    assert " " not in key
