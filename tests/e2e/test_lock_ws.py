"""The sign-in lock and the administrators' code limit, attacked over the websocket against the
production build: wrong passwords lock the account even for the right one, until the reset
e-mail's link unlocks it; one password step buys only a few code guesses."""

from __future__ import annotations

import pyotp
import pytest
from sqlmodel import Session, select

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.infra.security import hash_password
from portal_app.models import Account
from portal_app.services.auth import LOCKOUT_THRESHOLD, SIGN_IN_FAILED
from portal_app.state.auth import CODE_TRIES_PER_PASSWORD, TOO_MANY_CODES
from tests.support.reflex_client import ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = state_path("portal_app.state.base.PortalState")
SIGNIN = state_path("portal_app.state.base.PortalState", "portal_app.state.auth.SignInState")
FORGOT = state_path(
    "portal_app.state.base.PortalState", "portal_app.state.password_reset.ForgotPasswordState"
)
RESET = state_path("portal_app.state.base.PortalState", "portal_app.state.password_reset.ResetPasswordState")
PASSWORD = "lock test passphrase"
NEW_PASSWORD = "a fresh lock test passphrase"


def _add_account(database_url: str, **values: object) -> Account:
    with Session(get_engine(database_url), expire_on_commit=False) as db:
        account = Account(
            status="active", password_hash=hash_password(PASSWORD), email_verified_at=utcnow(), **values
        )
        db.add(account)
        db.commit()
        return account


def _account(database_url: str, email: str) -> Account:
    with Session(get_engine(database_url)) as db:
        return db.exec(select(Account).where(Account.email == email)).one()


async def _finished(client: ReflexClient, substate: str, name: str, payload: dict, path: str) -> None:
    """Send an event and wait until its handler has finished (its `busy` flag went back down)."""
    seen = len(client.frames)
    await client.send(f"{substate}.{name}", payload, path=path)
    await client.wait_for(
        lambda: any(
            (f.get("delta") or {}).get(substate, {}).get("busy_rx_state_") is False
            for f in client.frames[seen:]
        ),
        timeout=30,
    )


async def _password(client: ReflexClient, email: str, password: str) -> None:
    await _finished(client, SIGNIN, "submit", {"form": {"email": email, "password": password}}, "/signin/")


async def _code(client: ReflexClient, code: str) -> None:
    seen = len(client.frames)
    await client.send(SIGNIN + ".submit_code", {"form": {"code": code}}, path="/signin/")
    await client.wait_for(lambda: len(client.frames) > seen, timeout=30)


def test_wrong_passwords_lock_the_account_until_the_reset_link_unlocks_it(portal):
    email = "locked.out@example.com"
    _add_account(portal.database_url, email=email, kind="learner", first_name="Lou", last_name="Locke")

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        for _ in range(LOCKOUT_THRESHOLD):
            await _password(client, email, "a wrong guess at it")
        await _password(client, email, PASSWORD)  # the right one, too late
        await client.close()
        return client

    client = run(attack())
    assert client.value(SIGNIN, "problem") == SIGN_IN_FAILED
    assert not client.value(BASE, "leaving_to") and not client.session
    locked = _account(portal.database_url, email)
    assert locked.locked_until is not None and locked.locked_until > utcnow()

    async def forgot() -> None:
        client = await ReflexClient(portal.base_url).connect("/forgot-password/")
        await _finished(client, FORGOT, "submit", {"form": {"email": email}}, "/forgot-password/")
        await client.close()

    run(forgot())
    token = portal.smtp.inbox.link_token(email, "/reset-password")

    async def reset_and_sign_in() -> ReflexClient:
        path = f"/reset-password/?token={token}"
        client = await ReflexClient(portal.base_url).connect(path)
        form = {"form": {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}}
        await _finished(client, RESET, "submit", form, path)
        assert client.value(RESET, "done") is True
        await _password(client, email, NEW_PASSWORD)
        await client.follow_leaving(30)
        assert client.session
        await client.close()
        return client

    run(reset_and_sign_in())
    assert _account(portal.database_url, email).locked_until is None


def test_one_password_step_buys_only_a_few_code_guesses(portal):
    email = "code.guesser.target@awarding.example"
    secret = pyotp.random_base32()
    _add_account(
        portal.database_url,
        email=email,
        kind="admin",
        first_name="Ada",
        last_name="Min",
        totp_secret=secret,
        totp_confirmed_at=utcnow(),
    )
    totp = pyotp.TOTP(secret)
    wrong = "000000" if totp.now() != "000000" else "111111"

    async def attack() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await _password(client, email, PASSWORD)
        assert client.value(SIGNIN, "step") == "code"
        for _ in range(CODE_TRIES_PER_PASSWORD):
            await _code(client, wrong)
        await client.wait_for(lambda: client.value(SIGNIN, "problem") == TOO_MANY_CODES, timeout=30)
        assert client.value(SIGNIN, "step") == ""
        await _code(client, totp.at(utcnow()))  # the right code, but the password step is spent
        await client.wait_for(
            lambda: "Please sign in again" in str(client.value(SIGNIN, "problem")), timeout=30
        )
        assert not client.value(BASE, "leaving_to") and not client.session
        await client.close()
        return client

    run(attack())
    assert _account(portal.database_url, email).failed_signins == CODE_TRIES_PER_PASSWORD  # counted, kept

    async def again() -> ReflexClient:
        client = await ReflexClient(portal.base_url).connect("/signin/")
        await _password(client, email, PASSWORD)
        await _code(client, totp.at(utcnow()))
        await client.follow_leaving(30)
        assert client.session
        await client.close()
        return client

    run(again())
