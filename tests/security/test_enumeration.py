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
    import dataclasses

    monkeypatch.setattr(security, "settings", dataclasses.replace(Settings(), bcrypt_rounds=10))
    monkeypatch.setattr(security, "_DUMMY_HASH", None)


def _median_failure_seconds(db, email: str, runs: int = 5) -> tuple[float, set[str]]:
    durations, messages = [], set()
    for _ in range(runs):
        start = time.perf_counter()
        with pytest.raises(auth.SignInFailed) as failed:
            auth.sign_in(db, email, "a wrong password entirely")
        durations.append(time.perf_counter() - start)
        messages.add(str(failed.value))
        db.rollback()
    return statistics.median(durations), messages


def test_unknown_and_existing_emails_fail_alike(db, realistic_bcrypt):
    account = make_learner(db, email="exists@example.com", password=None)
    account.password_hash = security.hash_password("the real password 123")
    db.add(account)
    db.commit()
    _median_failure_seconds(db, "warm-up@example.com", runs=1)  # builds the dummy hash once
    existing, existing_messages = _median_failure_seconds(db, "exists@example.com")
    unknown, unknown_messages = _median_failure_seconds(db, "nobody@example.com")
    legacy_account = make_learner(db, email="legacy@example.com", password=None)
    assert legacy_account.password_hash is None
    legacy, legacy_messages = _median_failure_seconds(db, "legacy@example.com")
    assert existing_messages == unknown_messages == legacy_messages == {auth.SIGN_IN_FAILED}
    for other in (unknown, legacy):
        assert abs(other - existing) / existing < 0.5, (existing, unknown, legacy)
