"""Sign-in answers the same, in message and in time, for existing and unknown e-mails."""

from __future__ import annotations

import statistics
import time

import pytest

from portal_app.infra import security
from portal_app.infra.settings import Settings
from portal_app.services import auth
from tests.factories import make_learner


@pytest.fixture
def realistic_bcrypt(monkeypatch):
    """Cost 10 so that hashing, not noise, dominates the timings (cost 12 in production)."""
    monkeypatch.setattr(security, "settings", Settings(bcrypt_rounds=10))
    monkeypatch.setattr(security, "_DUMMY_HASH", None)


def _failure(db, email: str) -> tuple[float, str]:
    start = time.perf_counter()
    with pytest.raises(auth.SignInFailed) as failed:
        auth.sign_in(db, email, "a wrong password entirely")
    elapsed = time.perf_counter() - start
    db.rollback()
    return elapsed, str(failed.value)


def test_unknown_legacy_and_existing_emails_fail_alike(db, realistic_bcrypt):
    account = make_learner(db, email="exists@example.com", password=None)
    account.password_hash = security.hash_password("the real password 123")
    db.add(account)
    db.commit()
    make_learner(db, email="legacy@example.com", password=None)
    _failure(db, "warm-up@example.com")  # builds the dummy hash once
    emails = {
        "existing": "exists@example.com",
        "unknown": "nobody@example.com",
        "legacy": "legacy@example.com",
    }
    timings: dict[str, list[float]] = {k: [] for k in emails}
    messages: set[str] = set()
    for _ in range(7):  # interleaved, so load on the machine hits every kind alike
        for kind, email in emails.items():
            elapsed, message = _failure(db, email)
            timings[kind].append(elapsed)
            messages.add(message)
    assert messages == {auth.SIGN_IN_FAILED}
    medians = {k: statistics.median(v) for k, v in timings.items()}
    for kind in ("unknown", "legacy"):
        assert abs(medians[kind] - medians["existing"]) / medians["existing"] < 0.5, medians
