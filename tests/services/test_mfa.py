"""Administrators need a code from an authenticator app after their password (ASVS 4.3.1)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.infra.settings import settings
from portal_app.models import Account, AuditEvent, AuthSession
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


def test_the_password_alone_opens_no_session_for_an_administrator(db, uow):
    admin = make_account(db, "admin")
    first = uow(auth.sign_in, admin.email, PASSWORD)
    assert (first.token, first.second_factor) == ("", "enrol")
    assert _sessions(db, admin) == 0
    enrolment = uow(mfa.start_enrolment, admin.id)
    assert enrolment.qr.startswith("data:image/svg+xml;base64,") and len(enrolment.secret) >= 16
    signed_in = uow(mfa.finish_sign_in, admin.id, pyotp.TOTP(enrolment.secret).now())
    assert uow(auth.resolve_session, signed_in.token).id == admin.id
    assert uow(auth.sign_in, admin.email, PASSWORD).second_factor == "code"  # enrolled now
    with pytest.raises(auth.SignInFailed):
        uow(mfa.start_enrolment, admin.id)  # nobody replaces a confirmed secret this way


def test_learners_and_third_parties_sign_in_with_the_password_and_the_switch_turns_it_off(
    db, uow, monkeypatch
):
    for kind in ("learner", "third_party"):
        account = make_account(db, kind)
        assert uow(auth.resolve_session, uow(auth.sign_in, account.email, PASSWORD).token).id == account.id
    admin = _enrolled_admin(db)
    monkeypatch.setattr(auth, "settings", settings.model_copy(update={"admin_mfa": False}))
    assert uow(auth.sign_in, admin.email, PASSWORD).token


def test_a_wrong_stale_or_replayed_code_is_refused(db, uow):
    admin = _enrolled_admin(db)
    totp = pyotp.TOTP(admin.totp_secret)
    for wrong in ("", "12345", "abcdef", totp.at(utcnow() - timedelta(minutes=2))):
        with pytest.raises(ValidationError) as refused:
            uow(mfa.finish_sign_in, admin.id, wrong)
        assert refused.value.fields == {"code": mfa.WRONG_CODE}
    code = totp.now()
    assert uow(mfa.finish_sign_in, admin.id, code).token
    with pytest.raises(ValidationError):
        uow(mfa.finish_sign_in, admin.id, code)  # the same code twice
    assert _sessions(db, admin) == 1


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(db, uow):
    admin = _enrolled_admin(db)
    for _ in range(auth.LOCKOUT_THRESHOLD):
        with pytest.raises(ValidationError):
            uow(mfa.finish_sign_in, admin.id, _not_the_code(admin))
    assert db.get(Account, admin.id).locked_until > utcnow()
    with pytest.raises(auth.SignInFailed):
        uow(mfa.finish_sign_in, admin.id, pyotp.TOTP(admin.totp_secret).now())
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, admin.email, PASSWORD)
    assert _sessions(db, admin) == 0
    failed = db.exec(select(AuditEvent).where(AuditEvent.action == "sign_in.second_factor_failed")).all()
    assert len(failed) == auth.LOCKOUT_THRESHOLD


def test_a_reset_makes_the_administrator_set_up_the_app_again(db, uow):
    admin = _enrolled_admin(db)
    assert uow(mfa.reset, admin.email.upper())
    assert uow(auth.sign_in, admin.email, PASSWORD).second_factor == "enrol"
    assert not uow(mfa.reset, "nobody@example.com")
