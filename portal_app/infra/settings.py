"""The one settings object: every knob comes from an environment variable with a safe default.

Contact details and branding are configuration, not code, so that any awarding body can run
the portal as its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value else default


def _bool(name: str, default: bool = False) -> bool:
    value = _env(name).lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'portal.db'}")
    )
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL"))
    base_url: str = field(default_factory=lambda: _env("PORTAL_BASE_URL", "http://localhost:3000"))
    # Frontend and backend share one port ("single port" mode); behind a proxy, set both URLs.
    port: int = field(default_factory=lambda: _int("PORTAL_PORT", 3000))
    api_url_override: str = field(default_factory=lambda: _env("PORTAL_API_URL"))

    # Branding and contact details of the awarding body.
    org_name: str = field(default_factory=lambda: _env("PORTAL_ORG_NAME", "Northfield Awarding Body"))
    org_short_name: str = field(default_factory=lambda: _env("PORTAL_ORG_SHORT_NAME", "NAB"))
    org_logo: str = field(default_factory=lambda: _env("PORTAL_ORG_LOGO", "/logo.svg"))
    support_email: str = field(
        default_factory=lambda: _env("PORTAL_SUPPORT_EMAIL", "support@awarding.example")
    )
    support_phone: str = field(default_factory=lambda: _env("PORTAL_SUPPORT_PHONE", "0100 000 0000"))
    orders_email: str = field(default_factory=lambda: _env("PORTAL_ORDERS_EMAIL", "orders@awarding.example"))
    mail_from: str = field(
        default_factory=lambda: _env("PORTAL_MAIL_FROM", "Achievement Portal <no-reply@awarding.example>")
    )

    # E-mail: with no SMTP host, e-mail stays in the outbox (readable by administrators).
    smtp_host: str = field(default_factory=lambda: _env("SMTP_HOST"))
    smtp_port: int = field(default_factory=lambda: _int("SMTP_PORT", 587))
    smtp_user: str = field(default_factory=lambda: _env("SMTP_USER"))
    smtp_password: str = field(default_factory=lambda: _env("SMTP_PASSWORD"))
    smtp_starttls: bool = field(default_factory=lambda: _bool("SMTP_STARTTLS", False))

    # Payments: with no Stripe key, an offline test gateway runs (labelled test mode).
    stripe_secret_key: str = field(default_factory=lambda: _env("STRIPE_SECRET_KEY"))
    stripe_webhook_secret: str = field(default_factory=lambda: _env("STRIPE_WEBHOOK_SECRET"))
    currency: str = field(default_factory=lambda: _env("PORTAL_CURRENCY", "GBP"))
    # VAT included in prices, as a percentage ("20"), for the finance export; unset: none shown.
    vat_rate: str = field(default_factory=lambda: _env("PORTAL_VAT_RATE"))
    # The offline test gateway (card 4242 pays) is for demos and tests: "true" or "false";
    # unset, it is allowed on a plain-http address (make run, the tests) and never on https.
    test_payments: str = field(default_factory=lambda: _env("PORTAL_TEST_PAYMENTS").lower())

    # Sessions and security.
    bcrypt_rounds: int = field(default_factory=lambda: _int("PORTAL_BCRYPT_ROUNDS", 12))
    session_idle_minutes: int = field(default_factory=lambda: _int("PORTAL_SESSION_IDLE_MINUTES", 30))
    session_absolute_hours: int = field(default_factory=lambda: _int("PORTAL_SESSION_ABSOLUTE_HOURS", 12))
    # Secure cookies follow an https base URL unless set either way.
    secure_cookies: bool = field(
        default_factory=lambda: _bool(
            "PORTAL_SECURE_COOKIES", _env("PORTAL_BASE_URL", "http://localhost:3000").startswith("https://")
        )
    )
    # Administrators sign in with a password and a code from an authenticator app (TOTP).
    admin_mfa: bool = field(default_factory=lambda: _bool("PORTAL_ADMIN_MFA", True))
    badge_signing_key: str = field(default_factory=lambda: _env("PORTAL_BADGE_SIGNING_KEY"))
    # Demo accounts with published passwords: only where asked for, never with an https base URL.
    seed_demo_data: bool = field(default_factory=lambda: _bool("PORTAL_SEED_DEMO", False))

    # Behind a load balancer or reverse proxy: how many of them append to X-Forwarded-For
    # (0 = the socket peer is the client; docs/DEPLOY.md). Rate limits key on that address.
    trusted_proxy_hops: int = field(default_factory=lambda: _int("PORTAL_TRUSTED_PROXY_HOPS", 0))

    # Abuse limits (infra/ratelimit; moving windows, in the `limits` notation; docs/SECURITY.md).
    limit_verify: str = field(default_factory=lambda: _env("PORTAL_LIMIT_VERIFY", "30 per minute"))
    limit_register_per_client: str = field(
        default_factory=lambda: _env("PORTAL_LIMIT_REGISTER_PER_CLIENT", "10 per 10 minutes; 50 per day")
    )
    limit_register_per_email: str = field(
        default_factory=lambda: _env("PORTAL_LIMIT_REGISTER_PER_EMAIL", "3 per hour; 10 per day")
    )
    limit_invites_per_account: str = field(
        default_factory=lambda: _env("PORTAL_LIMIT_INVITES_PER_ACCOUNT", "10 per hour; 30 per day")
    )
    limit_requests_per_account: str = field(
        default_factory=lambda: _env("PORTAL_LIMIT_REQUESTS_PER_ACCOUNT", "10 per hour; 30 per day")
    )
    limit_messages_per_recipient: str = field(
        default_factory=lambda: _env("PORTAL_LIMIT_MESSAGES_PER_RECIPIENT", "5 per day")
    )
    # The largest file an upload (the administrators' CSV import) may carry.
    max_upload_bytes: int = field(default_factory=lambda: _int("PORTAL_MAX_UPLOAD_BYTES", 5_000_000))
    # Password checks (bcrypt) run on a bounded pool: its threads, how many may wait in all,
    # and how many one client address may have running or waiting at once.
    bcrypt_threads: int = field(default_factory=lambda: _int("PORTAL_BCRYPT_THREADS", 1))
    bcrypt_queue: int = field(default_factory=lambda: _int("PORTAL_BCRYPT_QUEUE", 32))
    bcrypt_per_client: int = field(default_factory=lambda: _int("PORTAL_BCRYPT_PER_CLIENT", 4))

    @property
    def api_url(self) -> str:
        return self.api_url_override or self.base_url

    @property
    def test_payments_allowed(self) -> bool:
        if self.test_payments:
            return self.test_payments in {"1", "true", "yes", "on"}
        return not self.base_url.startswith("https://")

    @property
    def payments_test_mode(self) -> bool:
        return not self.stripe_secret_key

    @property
    def allowed_origins(self) -> list[str]:
        extra = [o.strip() for o in _env("PORTAL_ALLOWED_ORIGINS").split(",") if o.strip()]
        return [self.base_url, *extra]


settings = Settings()
