"""Claiming a learner record, attacked over the websocket against the production build: with
what is printed on a certificate and a date of birth, an impostor's registration goes to the
administrators; the learner, registering with the e-mail address the record holds, is approved
as soon as the link is clicked."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import Account, LearnerRecord
from portal_app.services.names import name_key
from tests.support.reflex_client import ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
REGISTER = state_path(BASE, "portal_app.state.registration.RegistrationState")
VERIFY = state_path(BASE, "portal_app.state.verify_email.VerifyEmailState")
PASSWORD = "claim test passphrase"
BORN = date(1999, 7, 21)


def _record(database_url: str, email: str) -> LearnerRecord:
    number = str(int(uuid.uuid4().hex[:7], 16))[:8].rjust(8, "0")
    with Session(get_engine(database_url), expire_on_commit=False) as db:
        record = LearnerRecord(
            candidate_number=number,
            first_name="Riya",
            last_name="Shah",
            last_name_key=name_key("Shah"),
            date_of_birth=BORN,
            email=email,
        )
        db.add(record)
        db.commit()
        return record


async def _register(client: ReflexClient, email: str, record: LearnerRecord) -> None:
    """The wizard's three steps, as the page sends them."""
    path = "/register/"
    await client.call(
        REGISTER + ".submit_login",
        {"form": {"email": email, "password": PASSWORD, "confirm": PASSWORD}},
        done=(REGISTER, "step"),
        path=path,
    )
    for handler, value in (("set_dob_day", "21"), ("set_dob_month", "07"), ("set_dob_year", "1999")):
        await client.call(f"{REGISTER}.{handler}", {"value": value}, path=path)
    await client.call(
        REGISTER + ".submit_personal",
        {"form": {"first_name": "Riya", "last_name": "Shah", "candidate_number": record.candidate_number}},
        done=(REGISTER, "step"),
        path=path,
    )
    assert client.value(REGISTER, "step") == 3, client.value(REGISTER, "errors")
    await client.send(REGISTER + ".create_account", path=path)
    await client.wait_for(lambda: client.value(REGISTER, "step") == 4, timeout=30)


async def _click_link(client: ReflexClient, path: str) -> str:
    await client.send(VERIFY + ".on_load", path=path)
    await client.wait_for(lambda: client.value(VERIFY, "outcome") not in (None, "", "checking"), timeout=30)
    return client.value(VERIFY, "outcome")


def _linked_account(database_url: str, record: LearnerRecord) -> Account | None:
    with Session(get_engine(database_url)) as db:
        return db.exec(select(Account).where(Account.learner_record_id == record.id)).first()


def test_certificate_details_go_to_review_and_the_records_email_is_approved_at_once(portal):
    owner_email = f"riya.{uuid.uuid4().hex[:8]}@example.com"
    record = _record(portal.database_url, owner_email)
    impostor_email = f"impostor.{uuid.uuid4().hex[:8]}@example.net"

    async def register(email: str) -> None:
        client = await ReflexClient(portal.base_url).connect("/register/")
        await _register(client, email, record)
        await client.close()

    async def click(token: str) -> str:
        path = f"/verify-email/?token={token}"  # the page opened from the e-mail
        client = await ReflexClient(portal.base_url).connect(path)
        outcome = await _click_link(client, path)
        await client.close()
        return outcome

    def claim(email: str) -> str:
        run(register(email))
        return run(click(portal.smtp.inbox.link_token(email, "/verify-email")))

    assert claim(impostor_email) == "pending_review"
    assert _linked_account(portal.database_url, record) is None
    assert claim(owner_email) == "active"
    assert _linked_account(portal.database_url, record).email == owner_email
