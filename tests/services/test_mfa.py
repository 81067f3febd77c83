"""Administrators need a code from an authenticator app after their password (ASVS 4.3.1)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account, AuthSession
from portal_app.services import auth, mfa
from portal_app.services.errors import ValidationError
from tests.factories import PASSWORD, make_account


def _sessions(db, account) -> int:
    return len(db.exec(select(AuthSession).where(AuthSession.account_id == account.id)).all())


def _enrolled_admin(db) -> Account:
    admin = make_account(db, "admin")
    admin.totp_secret, admin.totp_confirmed_at = pyotp.random_base32(), utcnow()
    db.add(admin)
    db.commit()
    return admin


def _not_the_code(admin: Account) -> str:
    return "000000" if pyotp.TOTP(admin.totp_secret).now() != "000000" else "111111"


def test_the_password_alone_opens_no_session_for_an_administrator(db):
    admin = make_account(db, "admin")
    first = auth.sign_in(db, admin.email, PASSWORD)
    assert (first.token, first.second_factor) == ("", "enrol")
    assert _sessions(db, admin) == 0
    enrolment = mfa.start_enrolment(db, admin.id)
    assert enrolment.qr.startswith("data:image/svg+xml;base64,") and len(enrolment.secret) >= 16
    signed_in = mfa.finish_sign_in(db, admin.id, pyotp.TOTP(enrolment.secret).now())
    assert auth.resolve_session(db, signed_in.token).id == admin.id
    db.commit()
    assert auth.sign_in(db, admin.email, PASSWORD).second_factor == "code"  # enrolled now
    with pytest.raises(auth.SignInFailed):
        mfa.start_enrolment(db, admin.id)  # nobody replaces a confirmed secret this way


def test_learners_and_third_parties_sign_in_with_the_password_and_the_switch_turns_it_off(db, monkeypatch):
    for kind in ("learner", "third_party"):
        account = make_account(db, kind)
        assert auth.resolve_session(db, auth.sign_in(db, account.email, PASSWORD).token).id == account.id
    admin = _enrolled_admin(db)
    monkeypatch.setattr(auth, "settings", dataclasses.replace(settings, admin_mfa=False))
    assert auth.sign_in(db, admin.email, PASSWORD).token


def test_a_wrong_stale_or_replayed_code_is_refused(db):
    admin = _enrolled_admin(db)
    totp = pyotp.TOTP(admin.totp_secret)
    for wrong in ("", "12345", "abcdef", "1234567", totp.at(utcnow() - timedelta(minutes=2))):
        with pytest.raises(ValidationError) as refused:
            mfa.finish_sign_in(db, admin.id, wrong)
        assert refused.value.fields == {"code": mfa.WRONG_CODE}
        db.rollback()
    code = totp.now()
    assert mfa.finish_sign_in(db, admin.id, code).token
    db.commit()
    with pytest.raises(ValidationError):
        mfa.finish_sign_in(db, admin.id, code)  # the same code twice
    assert _sessions(db, admin) == 1


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(db):
    admin = _enrolled_admin(db)
    for _ in range(auth.LOCKOUT_THRESHOLD):
        with pytest.raises(ValidationError):
            mfa.finish_sign_in(db, admin.id, _not_the_code(admin))
        db.commit()
    with pytest.raises(auth.SignInFailed):
        mfa.finish_sign_in(db, admin.id, pyotp.TOTP(admin.totp_secret).now())
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(db, admin.email, PASSWORD)
    assert _sessions(db, admin) == 0


def test_a_reset_makes_the_administrator_set_up_the_app_again(db):
    admin = _enrolled_admin(db)
    assert mfa.reset(db, admin.email.upper())
    db.commit()
    assert auth.sign_in(db, admin.email, PASSWORD).second_factor == "enrol"
    assert not mfa.reset(db, "nobody@example.com")
