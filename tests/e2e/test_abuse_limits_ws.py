"""Hand-made websocket events and uploads against the production build: registering one e-mail
address over and over (each a bcrypt and an e-mail to its owner) is refused after the limit,
with a plain message, and a forged X-Forwarded-For on every connection changes nothing; a
learner's upload to the administrators' CSV import is turned away before it is read, and an
upload over the size limit before it is parsed."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlmodel import Session, select

from portal_app.infra.db import get_engine
from portal_app.models import LearnerRecord, OutboundEmail
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run, state_path

pytestmark = pytest.mark.e2e

REGISTRATION = state_path(
    "portal_app.state.base.PortalState", "portal_app.state.registration.RegistrationState"
)
PASSWORD = "a long and unusual passphrase 2026"


async def _register(base_url: str, email: str, forged_address: str) -> tuple[int, str]:
    """One whole registration over a fresh websocket: (the step reached, the form's problem)."""
    client = await ReflexClient(base_url, headers={"X-Forwarded-For": forged_address}).connect("/register/")
    await client.call(REGISTRATION + ".set_kind", {"kind": "third_party"}, done=(REGISTRATION, "is_learner"))
    await client.call(
        REGISTRATION + ".submit_login",
        {"form": {"email": email, "password": PASSWORD, "confirm": PASSWORD}},
        done=(REGISTRATION, "step"),
    )
    await client.call(
        REGISTRATION + ".submit_personal",
        {"form": {"first_name": "Mallory", "last_name": "Mailer", "organisation": "Spam Ltd"}},
        done=(REGISTRATION, "step"),
    )
    await client.call(REGISTRATION + ".create_account", {}, done=(REGISTRATION, "busy"))
    await client.wait_for(lambda: client.value(REGISTRATION, "busy") is False, timeout=30)
    step, problem = client.value(REGISTRATION, "step"), client.value(REGISTRATION, "problem") or ""
    await client.close()
    return step, problem


def test_registering_one_address_over_and_over_is_refused_after_three(portal):
    email = f"target-{uuid.uuid4().hex[:8]}@example.org"

    async def attack() -> list[tuple[int, str]]:
        return [await _register(portal.base_url, email, f"203.0.113.{n}") for n in range(4)]

    outcomes = run(attack())
    assert [step for step, _ in outcomes[:3]] == [4, 4, 4]
    step, problem = outcomes[3]
    assert step == 3 and problem.startswith("Too many registrations with this e-mail address. Try again in ")
    with Session(get_engine(portal.database_url)) as db:
        sent = db.exec(select(OutboundEmail).where(OutboundEmail.to_address == email)).all()
    assert len(sent) == 3  # one verification link, then two fresh ones: never a fourth


BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
RECORDS = state_path(BASE, "portal_app.state.admin_documents.AdminRecordsState")
CSV = b"candidate_number,first_name,last_name,date_of_birth,email\n99990001,Eve,Upload,1990-01-01,\n"


async def _learner(base_url: str) -> ReflexClient:
    client = await ReflexClient(base_url).connect("/signin/")
    await client.call(
        SIGNIN + ".submit",
        {"form": {"email": "claire.hammond@example.com", "password": DEMO_PASSWORD}},
        done=(state_path(BASE), "session_token"),
    )
    return client


def _upload_headers(client: ReflexClient) -> dict[str, str]:
    return {"reflex-client-token": client.token, "reflex-event-handler": RECORDS + ".handle_upload"}


def test_a_learners_upload_to_the_admin_import_is_turned_away_before_it_is_read(portal):
    import httpx

    async def attack() -> str:
        client = await _learner(portal.base_url)
        async with httpx.AsyncClient(timeout=60) as http:
            response = await http.post(
                portal.base_url + "/_upload",
                headers=_upload_headers(client),
                files={"files": ("records.csv", CSV, "text/csv")},
            )
        await client.close()
        return response.text

    text = run(attack())
    # the handler went no further than who is asking: no import was tried, no message set
    assert "import_message" not in text and "access" not in text
    with Session(get_engine(portal.database_url)) as db:
        assert (
            db.exec(select(LearnerRecord).where(LearnerRecord.candidate_number == "99990001")).first() is None
        )


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(portal):
    """Only the headers are sent: the answer comes before the 6 MB would have been read."""
    from urllib.parse import urlsplit

    async def attack() -> bytes:
        client = await _learner(portal.base_url)
        url = urlsplit(portal.base_url)
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        headers = {
            "Host": url.netloc,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": "6000000",
            **_upload_headers(client),
        }
        writer.write(
            (
                "POST /_upload HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
            ).encode()
        )
        await writer.drain()
        try:
            answer = await asyncio.wait_for(reader.read(4096), timeout=10)
        except TimeoutError:
            answer = b"(no answer: the server waits for the body)"
        writer.close()
        await client.close()
        return answer

    answer = run(attack())
    assert answer.startswith(b"HTTP/1.1 413") and b"too large" in answer
