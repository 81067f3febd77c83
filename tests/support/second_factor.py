"""The demo administrator's sign-in codes, as their authenticator app would show them."""

from __future__ import annotations

import pyotp
from sqlmodel import Session, update

from portal_app.infra.clock import utcnow
from portal_app.infra.db import get_engine
from portal_app.models import Account
from portal_app.seed import DEMO_ADMIN_TOTP_SECRET

DEMO_ADMIN = "admin@awarding.example"


def demo_admin_code(database_url: str = "") -> str:
    """The code the app shows now. Journeys sign the administrator in several times a minute and
    the portal accepts a code once (services.mfa, tested there): given the portal's database,
    the last code used is forgotten first, so nobody waits 30 s for the next one."""
    if database_url:
        with Session(get_engine(database_url)) as db:
            db.exec(update(Account).where(Account.email == DEMO_ADMIN).values(totp_last_step=None))
            db.commit()
    return pyotp.TOTP(DEMO_ADMIN_TOTP_SECRET).at(utcnow())
