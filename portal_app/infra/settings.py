"""The one settings object: every knob comes from an environment variable with a safe default.

Contact details and branding are configuration, not code, so that any awarding body can run
the portal as its own. pydantic-settings reads and checks every variable at start-up: one bad
value or several, the process stops with one message naming each of them (`SettingsError`).
An empty (or blank) variable counts as unset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import limits
from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]

# Never echoed in an error message: the value itself is the secret.
SECRETS = frozenset(
    {"SMTP_PASSWORD", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PORTAL_BADGE_SIGNING_KEY"}
)


def env(name: str, default: Any, **constraints: Any) -> Any:
    """A field read from the variable `name`; code and tests may also pass it by field name."""
    return Field(default, validation_alias=AliasChoices(name), **constraints)


class SettingsError(ValueError):
    """Some environment variables hold values the portal cannot use; the message lists each one."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True,
        env_ignore_empty=True,
        str_strip_whitespace=True,
        validate_by_name=True,
        extra="ignore",
    )

    database_url: str = env("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'portal.db'}", min_length=1)
    redis_url: str = env("REDIS_URL", "")
    base_url: str = env("PORTAL_BASE_URL", "http://localhost:3000", pattern=r"^https?://[^/\s]+")
    # Frontend and backend share one port ("single port" mode); behind a proxy, set both URLs.
    port: int = env("PORTAL_PORT", 3000, ge=1, le=65535)
    api_url_override: str = env("PORTAL_API_URL", "")
    extra_allowed_origins: Annotated[list[str], NoDecode] = env("PORTAL_ALLOWED_ORIGINS", [])

    # Branding and contact details of the awarding body.
    org_name: str = env("PORTAL_ORG_NAME", "Northfield Awarding Body")
    org_short_name: str = env("PORTAL_ORG_SHORT_NAME", "NAB")
    org_logo: str = env("PORTAL_ORG_LOGO", "/logo.svg")
    support_email: str = env("PORTAL_SUPPORT_EMAIL", "support@awarding.example")
    support_phone: str = env("PORTAL_SUPPORT_PHONE", "0100 000 0000")
    orders_email: str = env("PORTAL_ORDERS_EMAIL", "orders@awarding.example")
    mail_from: str = env("PORTAL_MAIL_FROM", "Achievement Portal <no-reply@awarding.example>")

    # E-mail: with no SMTP host, e-mail stays in the outbox (readable by administrators).
    smtp_host: str = env("SMTP_HOST", "")
    smtp_port: int = env("SMTP_PORT", 587, ge=1, le=65535)
    smtp_user: str = env("SMTP_USER", "")
    smtp_password: str = env("SMTP_PASSWORD", "")
    smtp_starttls: bool = env("SMTP_STARTTLS", False)

    # Payments: with no Stripe key, an offline test gateway runs (labelled test mode).
    stripe_secret_key: str = env("STRIPE_SECRET_KEY", "")
    stripe_webhook_secret: str = env("STRIPE_WEBHOOK_SECRET", "")
    currency: str = env("PORTAL_CURRENCY", "GBP", pattern=r"^[A-Z]{3}$")
    # VAT included in prices, as a percentage ("20"), for the finance export; unset: none shown.
    vat_rate: str = env("PORTAL_VAT_RATE", "", pattern=r"^(\d{1,2}(\.\d+)?)?$")
    # The offline test gateway (card 4242 pays) is for demos and tests: true or false;
    # unset, it is allowed on a plain-http address (make run, the tests) and never on https.
    test_payments: bool | None = env("PORTAL_TEST_PAYMENTS", None)

    # Sessions and security.
    bcrypt_rounds: int = env("PORTAL_BCRYPT_ROUNDS", 12, ge=4, le=31)
    session_idle_minutes: int = env("PORTAL_SESSION_IDLE_MINUTES", 30, ge=1)
    session_absolute_hours: int = env("PORTAL_SESSION_ABSOLUTE_HOURS", 12, ge=1)
    # Secure cookies follow an https base URL unless set either way (see _secure_by_default).
    secure_cookies: bool = env("PORTAL_SECURE_COOKIES", False)
    # Administrators sign in with a password and a code from an authenticator app (TOTP).
    admin_mfa: bool = env("PORTAL_ADMIN_MFA", True)
    badge_signing_key: str = env("PORTAL_BADGE_SIGNING_KEY", "")
    # Demo accounts with published passwords: only where asked for, never with an https base URL.
    seed_demo_data: bool = env("PORTAL_SEED_DEMO", False)

    # Behind a load balancer or reverse proxy: how many of them append to X-Forwarded-For
    # (0 = the socket peer is the client; docs/DEPLOY.md). Rate limits key on that address.
    trusted_proxy_hops: int = env("PORTAL_TRUSTED_PROXY_HOPS", 0, ge=0)

    # Abuse limits (infra/ratelimit; moving windows, in the `limits` notation; docs/SECURITY.md).
    limit_verify: str = env("PORTAL_LIMIT_VERIFY", "30 per minute")
    limit_register_per_client: str = env("PORTAL_LIMIT_REGISTER_PER_CLIENT", "10 per 10 minutes; 50 per day")
    limit_register_per_email: str = env("PORTAL_LIMIT_REGISTER_PER_EMAIL", "3 per hour; 10 per day")
    limit_invites_per_account: str = env("PORTAL_LIMIT_INVITES_PER_ACCOUNT", "10 per hour; 30 per day")
    limit_requests_per_account: str = env("PORTAL_LIMIT_REQUESTS_PER_ACCOUNT", "10 per hour; 30 per day")
    limit_messages_per_recipient: str = env("PORTAL_LIMIT_MESSAGES_PER_RECIPIENT", "5 per day")
    # Threads per worker that run database work (each holds one pooled connection while it runs).
    db_threads: int = env("PORTAL_DB_THREADS", 16, ge=1, le=64)
    # The largest file an upload (the administrators' CSV import) may carry.
    max_upload_bytes: int = env("PORTAL_MAX_UPLOAD_BYTES", 5_000_000, ge=1)
    # Password checks (bcrypt) run on a bounded pool: its threads, how many may wait in all,
    # and how many one client address may have running or waiting at once.
    bcrypt_threads: int = env("PORTAL_BCRYPT_THREADS", 1, ge=1)
    bcrypt_queue: int = env("PORTAL_BCRYPT_QUEUE", 32, ge=1)
    bcrypt_per_client: int = env("PORTAL_BCRYPT_PER_CLIENT", 4, ge=1)
    # Their CPU priority as a nice value: above 0, events that wake up take the core first.
    bcrypt_nice: int = env("PORTAL_BCRYPT_NICE", 10, ge=0, le=19)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: object) -> object:
        # env_ignore_empty skips "" only; a variable of spaces means its default too.
        if isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if not (isinstance(value, str) and not value.strip())
            }
        return data

    @field_validator("extra_allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator(
        "limit_verify",
        "limit_register_per_client",
        "limit_register_per_email",
        "limit_invites_per_account",
        "limit_requests_per_account",
        "limit_messages_per_recipient",
    )
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        try:
            limits.parse_many(value)
        except ValueError:
            raise ValueError('not a rate limit such as "10 per hour; 30 per day"') from None
        return value

    @model_validator(mode="after")
    def _secure_by_default(self) -> Settings:
        if "secure_cookies" not in self.model_fields_set:
            # The model is frozen; this is still its construction.
            object.__setattr__(self, "secure_cookies", self.base_url.startswith("https://"))
        return self

    @property
    def api_url(self) -> str:
        return self.api_url_override or self.base_url

    @property
    def test_payments_allowed(self) -> bool:
        if self.test_payments is not None:
            return self.test_payments
        return not self.base_url.startswith("https://")

    @property
    def payments_test_mode(self) -> bool:
        return not self.stripe_secret_key

    @property
    def allowed_origins(self) -> list[str]:
        return [self.base_url, *self.extra_allowed_origins]


def load_settings() -> Settings:
    """The settings from the environment, or SettingsError naming every variable that is wrong."""
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors(include_url=False):
            name = str(problem["loc"][0]) if problem["loc"] else "settings"
            shown = "" if name in SECRETS else f" (got {problem['input']!r})"
            problems.append(f"{name}: {problem['msg']}{shown}")
        listed = "\n  ".join(problems)
        raise SettingsError(f"{len(problems)} environment variable(s) cannot be used:\n  {listed}") from None


settings = load_settings()
