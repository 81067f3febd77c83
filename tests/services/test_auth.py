"""Sign-in, sessions and sign-out, as a user or an attacker would notice them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.infra.security import hash_token
from portal_app.models import AuthSession
from portal_app.services import auth
from portal_app.services.errors import NotSignedIn
from tests.factories import PASSWORD, make_account, make_learner


def test_sign_in_opens_a_session_whose_token_resolves_to_the_account(db):
    learner = make_learner(db, email="claire@example.com")
    signed_in = auth.sign_in(db, " Claire@Example.com ", PASSWORD)
    db.commit()
    assert auth.resolve_session(db, signed_in.token).id == learner.id
    stored = db.exec(select(AuthSession)).one()
    assert stored.token_hash == hash_token(signed_in.token)
    assert signed_in.token not in stored.token_hash
    assert len(signed_in.token) >= 43  # 256 bits, URL-safe base64


@pytest.mark.parametrize(
    "case",
    ["wrong password", "unknown e-mail", "locked", "suspended", "unverified", "legacy without password"],
)
def test_every_failed_sign_in_says_the_same_thing(db, case):
    email, password = "someone@example.com", PASSWORD
    if case == "wrong password":
        make_learner(db, email=email)
        password = "not the password at all"
    elif case == "locked":
        make_learner(db, email=email, locked_until=utcnow() + timedelta(minutes=5))
    elif case in ("suspended", "unverified"):
        make_learner(db, email=email, status=case)
    elif case == "legacy without password":
        make_learner(db, email=email, password=None)
    with pytest.raises(auth.SignInFailed) as error:
        auth.sign_in(db, email, password)
    assert str(error.value) == auth.SIGN_IN_FAILED


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(db):
    make_learner(db, email="target@example.com")
    for _ in range(auth.LOCKOUT_THRESHOLD):
        with pytest.raises(auth.SignInFailed):
            auth.sign_in(db, "target@example.com", "guess guess guess")
        db.commit()
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(db, "target@example.com", PASSWORD)


def test_each_sign_in_gets_a_new_token(db):
    make_learner(db, email="a@example.com")
    first = auth.sign_in(db, "a@example.com", PASSWORD)
    second = auth.sign_in(db, "a@example.com", PASSWORD)
    assert first.token != second.token


def test_signed_out_token_no_longer_works(db):
    make_learner(db, email="a@example.com")
    signed_in = auth.sign_in(db, "a@example.com", PASSWORD)
    db.commit()
    auth.sign_out(db, signed_in.token)
    db.commit()
    assert auth.resolve_session(db, signed_in.token) is None
    with pytest.raises(NotSignedIn):
        auth.require_account(db, signed_in.token)


def test_idle_and_absolute_timeouts_end_the_session(db):
    make_learner(db, email="a@example.com")
    idle = auth.sign_in(db, "a@example.com", PASSWORD)
    absolute = auth.sign_in(db, "a@example.com", PASSWORD)
    db.commit()
    idle_row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(idle.token))).one()
    idle_row.last_seen_at = utcnow() - timedelta(hours=2)
    abs_row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(absolute.token))).one()
    abs_row.expires_at = utcnow() - timedelta(seconds=1)
    db.add_all([idle_row, abs_row])
    db.commit()
    assert auth.resolve_session(db, idle.token) is None
    assert auth.resolve_session(db, absolute.token) is None


def test_suspending_an_account_ends_its_open_sessions(db):
    learner = make_learner(db, email="a@example.com")
    signed_in = auth.sign_in(db, "a@example.com", PASSWORD)
    db.commit()
    learner.status = "suspended"
    db.add(learner)
    db.commit()
    assert auth.resolve_session(db, signed_in.token) is None


def test_end_all_sessions_keeps_only_the_current_one(db):
    make_learner(db, email="a@example.com")
    keep = auth.sign_in(db, "a@example.com", PASSWORD)
    other = auth.sign_in(db, "a@example.com", PASSWORD)
    db.commit()
    account = auth.resolve_session(db, keep.token)
    auth.end_all_sessions(db, account.id, except_token=keep.token)
    db.commit()
    assert auth.resolve_session(db, keep.token) is not None
    assert auth.resolve_session(db, other.token) is None


def test_unknown_or_empty_tokens_resolve_to_nobody(db):
    make_account(db)
    assert auth.resolve_session(db, "") is None
    assert auth.resolve_session(db, "x" * 43) is None
