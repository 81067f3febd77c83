"""Forged websocket events against the production build (SMTP configured, as in production): the
Outbox shows an administrator no usable reset link, while the learner's e-mail has one; a name
with a line separator is refused next to its field (issue 13, findings 3 and 6)."""

from __future__ import annotations

import pytest

from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import ReflexClient, run, state_path
from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

pytestmark = pytest.mark.e2e

BASE = "portal_app.state.base.PortalState"
SIGNIN = state_path(BASE, "portal_app.state.auth.SignInState")
FORGOT = state_path(BASE, "portal_app.state.password_reset.ForgotPasswordState")
REGISTER = state_path(BASE, "portal_app.state.registration.RegistrationState")
OUTBOX = state_path(BASE, "portal_app.state.admin_accounts.AdminOutboxState")
LEARNER = "dan.price@example.net"  # the demo's pending learner: no other journey resets his password


async def _admin(portal) -> ReflexClient:
    client = await ReflexClient(portal.base_url).connect("/signin/")
    await client.sign_in(DEMO_ADMIN, DEMO_PASSWORD, code=lambda: demo_admin_code(portal.database_url))
    assert client.session
    return client


def test_the_outbox_shows_an_administrator_no_usable_reset_link(portal):
    async def journey():
        visitor = await ReflexClient(portal.base_url).connect("/forgot-password/")
        await visitor.call(FORGOT + ".submit", {"form": {"email": LEARNER}}, done=(FORGOT, "sent"))
        token = portal.smtp.inbox.link_token(
            LEARNER, "/reset-password"
        )  # the learner's e-mail has a working link

        admin = await _admin(portal)
        await admin.call(OUTBOX + ".load", done=(OUTBOX, "rows"), path="/admin/outbox/")
        await admin.call(
            OUTBOX + ".find", {"form": {"search": LEARNER}}, done=(OUTBOX, "rows"), path="/admin/outbox/"
        )
        [reset] = [r for r in admin.value(OUTBOX, "rows") if r["subject"] == "Reset your password"]
        await admin.call(
            OUTBOX + ".open_email",
            {"email_id": reset["id"]},
            done=(OUTBOX, "selected"),
            path="/admin/outbox/",
        )
        shown = admin.value(OUTBOX, "selected")["text"]
        assert "/reset-password?token=withheld" in shown and token not in shown
        assert not [url for url in admin.value(OUTBOX, "links") if "/reset-password" in url]
        assert not [frame for frame in admin.frames if token in repr(frame)]
        await visitor.close()
        await admin.close()

    run(journey())


def test_a_name_with_a_line_separator_is_refused_next_to_its_field(portal):
    async def journey():
        client = await ReflexClient(portal.base_url).connect("/register/")
        form = {"first_name": "Eve\u2028Bcc: victim@example.org", "last_name": "Smith"}
        await client.call(
            REGISTER + ".submit_personal", {"form": form}, done=(REGISTER, "errors"), path="/register/"
        )
        errors = client.value(REGISTER, "errors")
        assert (
            errors["first_name"]
            == "Type your first name on one line, without line breaks or control characters."
        )
        assert "last_name" not in errors and client.value(REGISTER, "step") != 3
        await client.close()

    run(journey())
