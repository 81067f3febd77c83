"""Sign-in, sessions and sign-out, as a user or an attacker would notice them.

Every service call runs through `uow`, the production unit of work: what a refused sign-in
writes must survive the rollback of its event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from portal_app.infra.clock import utcnow
from portal_app.infra.security import hash_token
from portal_app.models import Account, AuditEvent, AuthSession
from portal_app.services import auth
from portal_app.services.errors import NotSignedIn
from tests.factories import PASSWORD, make_account, make_learner


def test_sign_in_opens_a_session_whose_token_resolves_to_the_account(db, uow):
    learner = make_learner(db, email="claire@example.com")
    signed_in = uow(auth.sign_in, " Claire@Example.com ", PASSWORD)
    assert uow(auth.resolve_session, signed_in.token).id == learner.id
    stored = db.exec(select(AuthSession)).one()
    assert stored.token_hash == hash_token(signed_in.token)
    assert signed_in.token not in stored.token_hash
    assert len(signed_in.token) >= 43  # 256 bits, URL-safe base64


@pytest.mark.parametrize(
    "case",
    ["wrong password", "unknown e-mail", "locked", "suspended", "unverified", "legacy without password"],
)
def test_every_failed_sign_in_says_the_same_thing(db, uow, case):
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
        uow(auth.sign_in, email, password)
    assert str(error.value) == auth.SIGN_IN_FAILED


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(db, uow):
    target = make_learner(db, email="target@example.com")
    for _ in range(auth.LOCKOUT_THRESHOLD):
        with pytest.raises(auth.SignInFailed):
            uow(auth.sign_in, "target@example.com", "guess guess guess")
    db.refresh(target)
    assert target.locked_until is not None and target.locked_until > utcnow()
    with pytest.raises(auth.SignInFailed):
        uow(auth.sign_in, "target@example.com", PASSWORD)
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.subject_id == target.id)).all()
    assert actions == ["sign_in.failed"] * auth.LOCKOUT_THRESHOLD + ["sign_in.locked"]


def test_failed_attempts_below_the_threshold_are_remembered_and_a_sign_in_clears_them(db, uow):
    target = make_learner(db, email="target@example.com")
    for _ in range(auth.LOCKOUT_THRESHOLD - 1):
        with pytest.raises(auth.SignInFailed):
            uow(auth.sign_in, "target@example.com", "guess guess guess")
    assert db.get(Account, target.id).failed_signins == auth.LOCKOUT_THRESHOLD - 1
    uow(auth.sign_in, "target@example.com", PASSWORD)
    assert db.get(Account, target.id).failed_signins == 0


def test_each_sign_in_gets_a_new_token(db, uow):
    make_learner(db, email="a@example.com")
    first = uow(auth.sign_in, "a@example.com", PASSWORD)
    second = uow(auth.sign_in, "a@example.com", PASSWORD)
    assert first.token != second.token


def test_signed_out_token_no_longer_works(db, uow):
    make_learner(db, email="a@example.com")
    signed_in = uow(auth.sign_in, "a@example.com", PASSWORD)
    uow(auth.sign_out, signed_in.token)
    assert uow(auth.resolve_session, signed_in.token) is None
    with pytest.raises(NotSignedIn):
        uow(auth.require_account, signed_in.token)


def test_idle_and_absolute_timeouts_end_the_session(db, uow):
    make_learner(db, email="a@example.com")
    idle = uow(auth.sign_in, "a@example.com", PASSWORD)
    absolute = uow(auth.sign_in, "a@example.com", PASSWORD)
    idle_row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(idle.token))).one()
    idle_row.last_seen_at = utcnow() - timedelta(hours=2)
    abs_row = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(absolute.token))).one()
    abs_row.expires_at = utcnow() - timedelta(seconds=1)
    db.add_all([idle_row, abs_row])
    assert uow(auth.resolve_session, idle.token) is None
    assert uow(auth.resolve_session, absolute.token) is None


def test_suspending_an_account_ends_its_open_sessions(db, uow):
    learner = make_learner(db, email="a@example.com")
    signed_in = uow(auth.sign_in, "a@example.com", PASSWORD)
    learner.status = "suspended"
    db.add(learner)
    assert uow(auth.resolve_session, signed_in.token) is None


def test_end_all_sessions_keeps_only_the_current_one(db, uow):
    make_learner(db, email="a@example.com")
    keep = uow(auth.sign_in, "a@example.com", PASSWORD)
    other = uow(auth.sign_in, "a@example.com", PASSWORD)
    account = uow(auth.resolve_session, keep.token)
    uow(auth.end_all_sessions, account.id, except_token=keep.token)
    assert uow(auth.resolve_session, keep.token) is not None
    assert uow(auth.resolve_session, other.token) is None


def test_unknown_or_empty_tokens_resolve_to_nobody(db, uow):
    make_account(db)
    assert uow(auth.resolve_session, "") is None
    assert uow(auth.resolve_session, "x" * 43) is None


def test_a_page_loads_session_check_carries_the_basket_count_of_that_learner_only(db, uow):
    """The top bar's count comes with the session check: the account's own lines, summed."""
    from portal_app.services import store
    from tests.factories import make_document, make_product

    learner = make_learner(db, email="a@example.com")
    other = make_learner(db, email="b@example.com")
    product = make_product(db)
    for owner, quantity in ((learner, 2), (learner, 3), (other, 7)):
        document = make_document(db, owner.learner_record_id or 0)
        store.add_to_basket(db, owner, product.id, document.reference, quantity)
    db.commit()
    mine = uow(auth.sign_in, "a@example.com", PASSWORD)
    account, count = uow(auth.resolve_session_and_basket, mine.token)
    assert (account.id, count) == (learner.id, 5)
    uow(auth.sign_out, mine.token)
    assert uow(auth.resolve_session_and_basket, mine.token) == (None, 0)
    employer = make_account(db, kind="third_party", email="hr@example.com")
    theirs = uow(auth.sign_in, "hr@example.com", PASSWORD)
    account, count = uow(auth.resolve_session_and_basket, theirs.token)
    assert (account.id, count) == (employer.id, 0)


def test_wrong_passwords_sent_at_once_are_all_counted_and_lock_the_account(db, use_engine):
    """An attacker's guesses arriving together (the password checks already done, as on many
    workers) must each count: a count read before another guess's write was lost on SQLite,
    whose reads ran outside the write's transaction, and the account was never locked."""
    import threading

    from portal_app.infra.db import session_scope

    target = make_learner(db, email="target@example.com")
    checked = target.password_hash
    db.commit()
    barrier = threading.Barrier(auth.LOCKOUT_THRESHOLD)

    def guess() -> None:
        barrier.wait()
        with pytest.raises(auth.SignInFailed), session_scope(use_engine) as session:
            auth.complete_sign_in(session, "target@example.com", checked, False)

    threads = [threading.Thread(target=guess) for _ in range(auth.LOCKOUT_THRESHOLD)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.expire_all()
    locked = db.get(Account, target.id)
    assert locked.locked_until is not None and locked.locked_until > utcnow()
