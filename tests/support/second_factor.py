"""The demo administrator's sign-in codes, as their authenticator app would show them."""

from __future__ import annotations

import time

import pyotp

from portal_app.infra.clock import utcnow
from portal_app.seed import DEMO_ADMIN_TOTP_SECRET

DEMO_ADMIN = "admin@awarding.example"
_last_step = 0


def demo_admin_code() -> str:
    """A code not used before in this test run: the portal refuses a code twice, and accepts the
    next time step's code early (clock drift), so back-to-back sign-ins rarely need to wait."""
    global _last_step
    totp = pyotp.TOTP(DEMO_ADMIN_TOTP_SECRET)
    while (step := max(totp.timecode(utcnow()), _last_step + 1)) > totp.timecode(utcnow()) + 1:
        time.sleep(1)
    _last_step = step
    return totp.generate_otp(step)
