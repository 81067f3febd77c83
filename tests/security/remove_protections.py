"""Remove each protection in docs/SECURITY.md, one at a time, and check that its tests notice.

    PATH=$PWD/.tools/node_modules/.bin:$PATH REFLEX_USE_SYSTEM_BUN=1 \\
        .venv/bin/python -m tests.security.remove_protections [--only WORD] [--skip-e2e]

Every mutation is applied to a fresh copy of the tree in a temporary directory (the working
tree is never touched), then the tests named for it run there. "caught" means they failed;
"MISSED" means they still passed with the protection gone, so the test needs strengthening.
A mutation whose text is not found, or whose run errors before any test ran, is reported as
such (not as caught). The file is not named test_*.py, so pytest never collects it; the
end-to-end mutations build the app each time, so a full run takes a quarter of an hour.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".tools", ".web", "node_modules", "__pycache__", ".pytest_cache", "*.db", ".states"
)


@dataclass(frozen=True)
class Mutation:
    control: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]
    what: str

    @property
    def e2e(self) -> bool:
        return any("/e2e/" in t for t in self.tests)


AUTH = "tests/services/test_auth.py::"
PAY = "tests/services/test_payments.py::"
RECOVERY = "tests/services/test_recovery.py::"
MFA = "tests/services/test_mfa.py::"
REG = "tests/services/test_registration.py::"
THIRD = "tests/services/test_third_party_registration.py::"
LOCK_WS = "tests/e2e/test_lock_ws.py::"
TRANSPORT = "tests/e2e/test_security_transport.py::"
RATE = "tests/infra/test_ratelimit.py::"
ABUSE = "tests/infra/test_ratelimit_abuse.py::"
SIGNIN_POOL = "tests/infra/test_ratelimit_signin.py::"

MUTATIONS = [
    # --- sessions
    Mutation(
        "session token >= 128 bits from secrets",
        "portal_app/infra/security.py",
        "return secrets.token_urlsafe(32)",
        "return secrets.token_urlsafe(8)",
        (AUTH + "test_sign_in_opens_a_session_whose_token_resolves_to_the_account",),
        "64-bit tokens",
    ),
    Mutation(
        "only the token's SHA-256 is stored",
        "portal_app/infra/security.py",
        'return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()',
        "return token",
        (AUTH + "test_sign_in_opens_a_session_whose_token_resolves_to_the_account",),
        "tokens stored as they are",
    ),
    Mutation(
        "a new token at every sign-in",
        "portal_app/services/auth.py",
        "    token = security.new_token()\n",
        "    token = security.hash_token(account.email)\n",
        (AUTH + "test_each_sign_in_gets_a_new_token",),
        "token derived from the e-mail",
    ),
    Mutation(
        "dead after sign-out",
        "portal_app/services/auth.py",
        "        .values(ended_at=utcnow())\n    )\n\n\ndef end_all_sessions",
        "        .values(last_seen_at=utcnow())\n    )\n\n\ndef end_all_sessions",
        (AUTH + "test_signed_out_token_no_longer_works",),
        "sign-out only touches the session",
    ),
    Mutation(
        "dead after sign-out, in every open tab",
        "portal_app/state/base.py",
        "        await database.call(auth.sign_out, self.session_token)\n",
        "",
        (TRANSPORT + "test_a_tab_signed_out_elsewhere_can_do_nothing",),
        "the Sign out button only forgets the cookie",
    ),
    Mutation(
        "idle timeout (30 min)",
        "portal_app/services/auth.py",
        '    .where(AuthSession.last_seen_at > sa.bindparam("idle_since"))\n',
        "",
        (AUTH + "test_idle_and_absolute_timeouts_end_the_session",),
        "no idle check",
    ),
    Mutation(
        "absolute timeout (12 h)",
        "portal_app/services/auth.py",
        '    .where(AuthSession.expires_at > sa.bindparam("now"))\n',
        "",
        (AUTH + "test_idle_and_absolute_timeouts_end_the_session",),
        "no expiry check",
    ),
    Mutation(
        "sessions end on suspension",
        "portal_app/services/auth.py",
        '    .where(Account.status != "suspended")\n',
        "",
        (AUTH + "test_suspending_an_account_ends_its_open_sessions",),
        "suspended accounts still resolve",
    ),
    Mutation(
        "sessions end on password reset",
        "portal_app/services/recovery.py",
        "    auth.end_all_sessions(db, id_of(account))\n",
        "",
        (RECOVERY + "test_reset_sets_the_password_ends_every_session_clears_lockout_and_notifies",),
        "reset leaves sessions open",
    ),
    # --- the session cookie (issue 13, finding 10 and two of 11): one block
    Mutation(
        "session cookie HttpOnly",
        "portal_app/api/routes.py",
        '        httponly=True,\n        samesite="strict",\n    )\n    return response',
        '        httponly=False,\n        samesite="strict",\n    )\n    return response',
        (
            "tests/api/test_session_api.py::test_a_ticket_sets_an_httponly_strict_cookie_and_goes_on",
            TRANSPORT + "test_page_scripts_cannot_read_the_session_cookie",
        ),
        "page scripts may read it",
    ),
    Mutation(
        "session cookie SameSite=Strict",
        "portal_app/api/routes.py",
        '        httponly=True,\n        samesite="strict",\n    )\n    return response',
        '        httponly=True,\n        samesite="lax",\n    )\n    return response',
        ("tests/api/test_session_api.py::test_a_ticket_sets_an_httponly_strict_cookie_and_goes_on",),
        "sent on cross-site navigations",
    ),
    Mutation(
        "session cookie Secure behind https",
        "portal_app/api/routes.py",
        "        secure=settings.secure_cookies,\n        httponly=True,",
        "        secure=False,\n        httponly=True,",
        ("tests/api/test_session_api.py::test_the_cookie_is_secure_behind_https",),
        "never Secure",
    ),
    Mutation(
        "Secure cookies by default with an https base URL",
        "portal_app/infra/settings.py",
        '"secure_cookies", self.base_url.startswith("https://"))',
        '"secure_cookies", False)',
        ("tests/api/test_session_api.py::test_secure_cookies_follow_an_https_base_url_by_default",),
        "Secure only when configured",
    ),
    Mutation(
        "a sign-in ticket works once",
        "portal_app/services/auth.py",
        ".values(token_hash=security.hash_token(fresh_token), ticket_hash=None, ticket_expires_at=None)",
        ".values(token_hash=security.hash_token(fresh_token))",
        ("tests/api/test_session_api.py::test_a_ticket_works_once", TRANSPORT + "test_a_ticket_works_once"),
        "ticket reusable",
    ),
    Mutation(
        "a sign-in ticket expires (60 s)",
        "portal_app/services/auth.py",
        "        .where(col(AuthSession.ticket_expires_at) > now)\n",
        "",
        ("tests/api/test_session_api.py::test_an_expired_ticket_sets_nothing",),
        "tickets never expire",
    ),
    Mutation(
        "/api/sign-out ends the session",
        "portal_app/api/routes.py",
        "    await db_call(auth.sign_out, request.cookies.get(SESSION_COOKIE))\n",
        "",
        ("tests/api/test_session_api.py::test_sign_out_ends_the_session_and_clears_the_cookie",),
        "cookie cleared, session left open",
    ),
    Mutation(
        "/api/sign-out clears the cookie",
        "portal_app/api/routes.py",
        "    response.delete_cookie(\n",
        "    (lambda *a, **k: None)(\n",
        (
            "tests/api/test_session_api.py::test_sign_out_ends_the_session_and_clears_the_cookie",
            TRANSPORT + "test_page_scripts_cannot_read_the_session_cookie",
        ),
        "dead cookie kept",
    ),
    Mutation(
        "another site cannot sign anyone out",
        "portal_app/api/routes.py",
        '    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):',
        "    if False:",
        ("tests/api/test_session_api.py::test_another_site_cannot_sign_anyone_out",),
        "cross-site sign-out",
    ),
    Mutation(
        "sign-out resets the tab's page states",
        "portal_app/state/base.py",
        "        await self._forget_pages()\n        self._show_account(None)\n        self._leave_for(SIGN_OUT_URL)",
        "        self._show_account(None)\n        self._leave_for(SIGN_OUT_URL)",
        (TRANSPORT + "test_the_next_person_in_the_tab_sees_nothing_of_the_last",),
        "the last person's pages stay in the tab",
    ),
    Mutation(
        "next= without control characters",
        "portal_app/infra/security.py",
        '    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs") for c in text)',
        "    return True",
        (
            "tests/security/test_fuzz_auth.py::test_after_sign_in_we_only_go_to_our_own_pages",
            "tests/api/test_session_api.py::test_next_never_leaves_the_site",
            TRANSPORT + "test_sign_in_never_leaves_the_site_whatever_next_says",
        ),
        "/%09/evil.example followed",
    ),
    Mutation(
        "CSP without 'unsafe-inline' scripts",
        "portal_app/infra/http.py",
        '" ".join(["script-src \'self\'", *script_hashes]),',
        "\" \".join([\"script-src 'self' 'unsafe-inline'\", *script_hashes]),",
        (TRANSPORT + "test_every_response_carries_security_headers",),
        "inline scripts allowed",
    ),
    # --- authentication
    Mutation(
        "passwords pre-hashed (no 72-byte truncation)",
        "portal_app/infra/security.py",
        "return base64.b64encode(hashlib.sha256(normalised).digest())",
        "return normalised[:72]",
        ("tests/infra/test_security.py",),
        "bcrypt on the raw password",
    ),
    Mutation(
        "passwords NFKC-normalised",
        "portal_app/infra/security.py",
        'unicodedata.normalize("NFKC", password)',
        "password",
        ("tests/infra/test_security.py",),
        "no normalisation",
    ),
    Mutation(
        "one message for every failed sign-in",
        "portal_app/services/auth.py",
        '    if account.status != "active":\n        raise SignInFailed()',
        '    if account.status != "active":\n        raise DomainError("This account is not active yet.")',
        (
            AUTH + "test_every_failed_sign_in_says_the_same_thing",
            "tests/e2e/test_sign_in_journey.py::test_bad_sign_in_shows_one_message_and_keeps_the_email",
        ),
        "inactive accounts told so",
    ),
    Mutation(
        "the same time for unknown e-mails",
        "portal_app/infra/security.py",
        "        bcrypt.checkpw(_prehash(password), _DUMMY_HASH)\n",
        "",
        ("tests/security/test_enumeration.py",),
        "no dummy bcrypt",
    ),
    Mutation(
        "throttling per account (5 failures: locked)",
        "portal_app/services/auth.py",
        "    if account.locked_until and account.locked_until > now:",
        "    if False:",
        (
            AUTH + "test_five_wrong_passwords_lock_the_account_even_for_the_right_one",
            LOCK_WS + "test_wrong_passwords_lock_the_account_until_the_reset_link_unlocks_it",
        ),
        "lock ignored",
    ),
    Mutation(
        "a refused sign-in's count, lock and audit row survive the rollback",
        "portal_app/services/auth.py",
        "        raise database.keep_writes(SignInFailed())  # the count and the audit row must survive\n",
        "        raise SignInFailed()\n",
        (
            AUTH + "test_five_wrong_passwords_lock_the_account_even_for_the_right_one",
            LOCK_WS + "test_wrong_passwords_lock_the_account_until_the_reset_link_unlocks_it",
        ),
        "the failure is counted, then rolled back with the event",
    ),
    Mutation(
        "the unit of work commits what a refusal marked to keep",
        "portal_app/infra/db.py",
        "            if getattr(error, _KEEP_WRITES, False):",
        "            if False:",
        (
            AUTH + "test_failed_attempts_below_the_threshold_are_remembered_and_a_sign_in_clears_them",
            MFA + "test_five_wrong_codes_lock_the_account_like_five_wrong_passwords",
        ),
        "every error rolls back",
    ),
    Mutation(
        "a password reset clears the sign-in lock",
        "portal_app/services/recovery.py",
        "    account.locked_until = None\n",
        "",
        (
            RECOVERY + "test_reset_sets_the_password_ends_every_session_clears_lockout_and_notifies",
            LOCK_WS + "test_wrong_passwords_lock_the_account_until_the_reset_link_unlocks_it",
        ),
        "reset keeps the lock",
    ),
    Mutation(
        "only same-site paths after sign-in",
        "portal_app/infra/security.py",
        '    if not text.startswith("/") or text.startswith("//") or "\\\\" in text:',
        '    if not text.startswith("/"):',
        ("tests/security/test_fuzz_auth.py::test_after_sign_in_we_only_go_to_our_own_pages",),
        "//host and backslashes followed",
    ),
    Mutation(
        "administrators need a code after the password",
        "portal_app/services/auth.py",
        '    if account.kind == "admin" and settings.admin_mfa:',
        "    if False:",
        (MFA + "test_the_password_alone_opens_no_session_for_an_administrator",),
        "password alone opens an admin session",
    ),
    Mutation(
        "no code accepted twice",
        "portal_app/services/mfa.py",
        "    if step is None or (account.totp_last_step is not None and step <= account.totp_last_step):",
        "    if step is None:",
        (MFA + "test_a_wrong_stale_or_replayed_code_is_refused",),
        "codes replayable",
    ),
    Mutation(
        "wrong codes count toward the account lock",
        "portal_app/services/mfa.py",
        "        count_failure(db, account, now)\n",
        "",
        (MFA + "test_five_wrong_codes_lock_the_account_like_five_wrong_passwords",),
        "unlimited code guesses",
    ),
    Mutation(
        "a wrong code's count survives the rollback",
        "portal_app/services/mfa.py",
        '        raise database.keep_writes(ValidationError.single("code", WRONG_CODE))',
        '        raise ValidationError.single("code", WRONG_CODE)',
        (MFA + "test_five_wrong_codes_lock_the_account_like_five_wrong_passwords",),
        "the wrong code is counted, then rolled back",
    ),
    Mutation(
        "three code guesses per password step",
        "portal_app/state/auth.py",
        "            if self._code_tries >= CODE_TRIES_PER_PASSWORD:",
        "            if False:",
        (LOCK_WS + "test_one_password_step_buys_only_a_few_code_guesses",),
        "codes until the 5-minute window closes",
    ),
    # --- registration and claiming a learner record
    Mutation(
        "a registration lying in wait is replaced by the next one",
        "portal_app/services/registration.py",
        '    if existing is not None and (existing.status != "unverified" or existing.email != email):',
        "    if existing is not None:",
        (
            REG + "test_a_registration_lying_in_wait_is_replaced_by_the_owners_and_its_link_dies",
            THIRD + "test_shares_wait_for_the_owner_not_for_whoever_registered_the_address_first",
        ),
        "the first registrant's password stays",
    ),
    Mutation(
        "a verification link confirms only the registration it was sent for",
        "portal_app/services/registration.py",
        "    if stored.payload != registration_mark(account):",
        "    if False:",
        (REG + "test_a_link_sent_before_a_newer_registration_confirms_nothing",),
        "any live link confirms the newest password",
    ),
    Mutation(
        "shares wait for the address's owner",
        "portal_app/services/connections.py",
        '        if third_party is not None and third_party.status == "unverified":',
        "        if False:",
        (THIRD + "test_a_connection_to_an_address_nobody_confirmed_waits_for_its_owner",),
        "a connection attaches to an unverified account",
    ),
    Mutation(
        "a learner record is claimed at once only with its e-mail address",
        "portal_app/services/registration.py",
        "        not record.email\n        or normalise_email(record.email) != account.email\n        or ",
        "        ",
        (
            REG + "test_any_mismatch_sends_the_registration_to_review",
            "tests/e2e/test_claim_ws.py::test_certificate_details_go_to_review_and_the_records_email_is_approved_at_once",
        ),
        "certificate details and a date of birth are enough",
    ),
    # --- transport and browser
    Mutation(
        "security headers: CSP frame-ancestors",
        "portal_app/infra/http.py",
        "            \"frame-ancestors 'none'\",\n",
        "",
        (TRANSPORT + "test_every_response_carries_security_headers",),
        "framing allowed by CSP",
    ),
    Mutation(
        "security headers on every response",
        "portal_app/portal_app.py",
        "api_transformer=[api, with_upload_limit, with_security_headers],",
        "api_transformer=[api, with_upload_limit],",
        (TRANSPORT + "test_every_response_carries_security_headers",),
        "middleware off",
    ),
    Mutation(
        "websocket refuses foreign Origins",
        "rxconfig.py",
        "cors_allowed_origins=settings.allowed_origins,",
        'cors_allowed_origins=["*"],',
        (TRANSPORT + "test_websocket_from_a_foreign_origin_is_refused",),
        "any Origin",
    ),
    # --- access control
    Mutation(
        "administrators' handlers check the account",
        "portal_app/services/accounts.py",
        '    if actor.kind != "admin" or actor.status != "active":\n        raise PermissionDenied()',
        '    if actor.status != "active":\n        raise PermissionDenied()',
        (
            "tests/services/test_admin_accounts.py",
            "tests/e2e/test_access_control_ws.py",
        ),
        "any active account is an admin",
    ),
    Mutation(
        "ids from the browser checked for ownership",
        "portal_app/services/addresses.py",
        "    if address is None or address.account_id != actor.id:",
        "    if address is None:",
        (
            "tests/services/test_store.py::test_someone_elses_address_is_refused",
            "tests/e2e/test_access_control_ws.py",
        ),
        "anyone's address",
    ),
    Mutation(
        "orders only for their owner",
        "portal_app/services/payments.py",
        '    if order is None or (order.account_id != actor.id and actor.kind != "admin"):',
        "    if order is None:",
        (PAY + "test_only_the_owner_can_start_payment",),
        "anyone's order",
    ),
    Mutation(
        "documents shown only while the connection is unexpired",
        "portal_app/services/documents.py",
        "        .where(Connection.expires_at > utcnow())\n",
        "",
        ("tests/services/test_connections.py", "tests/services/test_documents.py"),
        "expired connections still show",
    ),
    Mutation(
        "secrets never reach the browser",
        "portal_app/state/base.py",
        '        self.account_status = account.status if account else ""',
        '        self.account_status = (account.password_hash or "") if account else ""',
        ("tests/e2e/test_no_secrets_in_state.py",),
        "password hash in a browser var",
    ),
    # --- payments
    Mutation(
        "webhook signature checked",
        "portal_app/infra/payments.py",
        "            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)",
        "            event = stripe.Event.construct_from(__import__('json').loads(payload), stripe.api_key)",
        (PAY + "test_a_bad_signature_is_refused_and_changes_nothing",),
        "signature ignored",
    ),
    Mutation(
        'paid only when payment_status == "paid"',
        "portal_app/services/payments.py",
        '        if session.payment_status != "paid":\n            return "awaiting payment"\n',
        "",
        (PAY + "test_an_unpaid_completed_session_does_not_pay",),
        "unpaid sessions pay",
    ),
    Mutation(
        "the amount and currency must match",
        "portal_app/services/payments.py",
        "    if amount_pence != order.total_pence or currency.upper() != order.currency.upper():",
        "    if False:",
        (PAY + "test_an_amount_that_does_not_match_the_order_is_not_accepted",),
        "any amount",
    ),
    Mutation(
        "idempotent, statuses only move forward",
        "portal_app/services/payments.py",
        '    if seen is not None or order.status != "pending_payment":',
        "    if seen is not None:",
        (
            PAY + "test_a_signed_completed_event_pays_the_order_once_with_one_email",
            PAY + "test_out_of_order_events_never_move_an_order_back",
            PAY + "test_the_reconciler_catches_up_a_lost_webhook_once",
        ),
        "a second event pays again",
    ),
    Mutation(
        "the same event delivered concurrently pays once",
        "portal_app/services/payments.py",
        "        .where(Order.number == order_number)\n        .with_for_update()\n"
        "        .execution_options(populate_existing=True)\n    ).first()\n    if order is None:\n",
        "        .where(Order.number == order_number)\n"
        "        .execution_options(populate_existing=True)\n    ).first()\n    if order is None:\n",
        (PAY + "test_the_same_event_delivered_concurrently_pays_once",),
        "order row not locked",
    ),
    Mutation(
        "one basket makes one order (account row locked)",
        "portal_app/services/checkout.py",
        "    db.exec(select(Account.id).where(Account.id == actor.id).with_for_update()).one()\n",
        "",
        ("tests/services/test_store.py::test_concurrent_checkouts_of_one_basket_make_one_order",),
        "no lock",
    ),
    Mutation(
        "checkout in one transaction (worker killed mid-checkout)",
        "portal_app/services/checkout.py",
        "    db.add(order)\n    db.flush()\n",
        "    db.add(order)\n    db.commit()\n",
        ("tests/infra/test_checkout_crash.py",),
        "order committed before its lines",
    ),
    # --- input
    Mutation(
        "NUL and control characters removed",
        "portal_app/services/text.py",
        'unicodedata.category(c) in ("Cc", "Cs")',
        'unicodedata.category(c) in ("Cs",)',
        ("tests/security/test_fuzz_forms.py", "tests/security/test_fuzz_auth.py"),
        "control characters kept",
    ),
    Mutation(
        "no stack trace reaches the page",
        "portal_app/portal_app.py",
        "    backend_exception_handler=backend_exception_handler,\n",
        "",
        (TRANSPORT + "test_malformed_events_get_a_plain_message_not_a_stack_trace",),
        "Reflex's default handler",
    ),
    # --- reliability
    Mutation(
        "Redis down: the page says so",
        "portal_app/portal_app.py",
        "    if state_store_unreachable(exception):",
        "    if False:",
        (
            "tests/e2e/test_production_mode.py::"
            "test_redis_stopped_users_are_told_and_after_its_restart_carry_on_signed_in",
        ),
        "generic handler only",
    ),
    # --- abuse limits (issue 13, findings 8, 9 and 11; docs/SECURITY.md "Abuse limits")
    Mutation(
        "abuse: public verification, 30 a minute per address",
        "portal_app/infra/ratelimit.py",
        "        if not all(limiter.test(rate, self.name, key) for rate in self.rates):\n"
        "            return False\n"
        "        return all([limiter.hit(rate, self.name, key) for rate in self.rates])",
        "        return True",
        (
            "tests/api/test_verify_api.py::test_too_many_requests_get_429",
            RATE + "test_a_limit_counts_per_key",
        ),
        "never limited",
    ),
    Mutation(
        "abuse: moving windows",
        "portal_app/infra/ratelimit.py",
        "from limits.strategies import MovingWindowRateLimiter",
        "from limits.strategies import FixedWindowRateLimiter as MovingWindowRateLimiter",
        (RATE + "test_no_double_burst_across_a_window_boundary",),
        "fixed windows (twice the limit around a boundary)",
    ),
    Mutation(
        "abuse: the client behind trusted proxies",
        "portal_app/infra/ratelimit.py",
        "    return hops[-trusted_hops] if len(hops) >= trusted_hops else peer",
        "    return peer",
        (RATE + "test_behind_the_load_balancer_each_user_has_their_own_share",),
        "keyed on the load balancer's address",
    ),
    Mutation(
        "abuse: X-Forwarded-For ignored without a trusted proxy",
        "portal_app/infra/ratelimit.py",
        "    if trusted_hops <= 0:\n        return peer\n",
        "",
        (RATE + "test_a_forged_forwarded_for_does_not_escape_the_limit",),
        "the client's own X-Forwarded-For believed",
    ),
    Mutation(
        "abuse: every X-Forwarded-For line read",
        "portal_app/infra/ratelimit.py",
        '    return ", ".join(headers.getlist("x-forwarded-for"))\n',
        '    return headers.get("x-forwarded-for", "")\n',
        (RATE + "test_a_forged_forwarded_for_does_not_escape_the_limit",),
        "only the first line read: the client's, before the one HAProxy adds",
    ),
    Mutation(
        "abuse: the websocket's client behind trusted proxies",
        "rxconfig.py",
        "    trusted_proxy_hops=settings.trusted_proxy_hops,\n",
        "",
        (RATE + "test_the_websocket_uses_the_same_trusted_hops",),
        "Reflex not told the hops",
    ),
    Mutation(
        "abuse: registrations per client and per e-mail address",
        "portal_app/services/registration.py",
        "    abuse.registration(client, details.email)\n",
        "",
        (
            ABUSE + "test_registrations_from_one_address_are_limited_and_others_carry_on",
            ABUSE + "test_someone_registering_with_your_address_sends_you_three_mails_an_hour_at_most",
        ),
        "unlimited registration",
    ),
    Mutation(
        "abuse: registering one address over the websocket",
        "portal_app/services/abuse.py",
        'register_per_email = Limit("register-email", settings.limit_register_per_email)',
        'register_per_email = Limit("register-email", "1000 per hour")',
        (
            "tests/e2e/test_abuse_limits_ws.py::test_registering_one_address_over_and_over_is_refused_after_three",
        ),
        "no per-e-mail limit",
    ),
    Mutation(
        "abuse: a learner's invitations",
        "portal_app/services/connections.py",
        "    abuse.invitation(actor.id, email)\n",
        "",
        (ABUSE + "test_a_learners_invitations_are_limited",),
        "unlimited invitations",
    ),
    Mutation(
        "abuse: messages to one recipient",
        "portal_app/services/abuse.py",
        'messages_per_recipient = Limit("message-recipient", settings.limit_messages_per_recipient)',
        'messages_per_recipient = Limit("message-recipient", "1000 per day")',
        (ABUSE + "test_one_address_gets_five_invitations_a_day_from_everyone_together",),
        "no per-recipient limit",
    ),
    Mutation(
        "abuse: a third party's requests",
        "portal_app/services/sharing.py",
        "    abuse.connection_request(actor.id, candidate_number or learner_email)\n",
        "",
        (ABUSE + "test_a_third_partys_requests_are_limited",),
        "unlimited requests",
    ),
    Mutation(
        "abuse: sender text capped",
        "portal_app/services/abuse.py",
        "MESSAGE_LIMIT = 500",
        "MESSAGE_LIMIT = 2000",
        (ABUSE + "test_sender_text_from_our_address_is_capped_at_500_characters",),
        "2,000 characters of sender text",
    ),
    Mutation(
        "abuse: a client's share of the bcrypt pool",
        "portal_app/infra/security.py",
        "            if self._by_client.get(client, 0) >= self.per_client:\n"
        "                raise HashPoolBusy(everyone=False)\n",
        "",
        (
            SIGNIN_POOL + "test_one_client_gets_its_share_and_the_others_still_get_in",
            SIGNIN_POOL + "test_sign_in_beyond_a_clients_share_is_refused_with_a_plain_message",
        ),
        "one client may fill the queue",
    ),
    Mutation(
        "abuse: the bcrypt queue is bounded",
        "portal_app/infra/security.py",
        "            if self._total >= self.queue:\n                raise HashPoolBusy(everyone=True)\n",
        "",
        (SIGNIN_POOL + "test_a_full_queue_refuses_at_once",),
        "unbounded queue",
    ),
    Mutation(
        "abuse: a sign-in storm yields the cores to everyone else's events",
        "portal_app/infra/security.py",
        "initializer=functools.partial(_lower_priority, nice) if nice else None,",
        "initializer=None,",
        (SIGNIN_POOL + "test_password_checks_yield_the_cpu_to_everyone_elses_events",),
        "bcrypt at normal priority",
    ),
    Mutation(
        "a database connection that died while idle is replaced unseen",
        "portal_app/infra/db.py",
        '    if time.monotonic() - record.info.get("checked_in_at", 0.0) < PING_AFTER_SECONDS:\n        return\n',
        "    return\n",
        (
            "tests/infra/test_db_faults.py::"
            "test_a_connection_that_died_while_idle_in_the_pool_is_replaced_unseen",
        ),
        "idle connections never asked",
    ),
    Mutation(
        "abuse: an upload's sender checked before it is read",
        "portal_app/state/admin_documents.py",
        '        await self._open_page()\n        self.import_message = ""\n',
        '        self.import_message = ""\n',
        (
            "tests/e2e/test_abuse_limits_ws.py::"
            "test_a_learners_upload_to_the_admin_import_is_turned_away_before_it_is_read",
        ),
        "read first, role checked by the import",
    ),
    Mutation(
        "abuse: uploads capped before parsing",
        "portal_app/portal_app.py",
        "    api_transformer=[api, with_upload_limit, with_security_headers],",
        "    api_transformer=[api, with_security_headers],",
        (
            "tests/e2e/test_abuse_limits_ws.py::test_an_upload_over_the_limit_is_refused_before_its_body_is_read",
        ),
        "any size parsed and spooled",
    ),
    Mutation(
        "abuse: no authenticator key in the data export",
        "portal_app/services/profile.py",
        'ACCOUNT_SECRETS = ("password_hash", "totp_secret", "totp_last_step", "failed_signins", "locked_until")',
        'ACCOUNT_SECRETS = ("password_hash", "failed_signins", "locked_until")',
        ("tests/services/test_profile.py::test_the_export_never_holds_the_authenticator_apps_key",),
        "the TOTP secret exported",
    ),
    Mutation(
        "abuse: no test card on an https portal (gateway)",
        "portal_app/infra/payments.py",
        "    return TestGateway(enabled=cfg.test_payments_allowed)",
        "    return TestGateway()",
        (PAY + "test_in_production_the_test_card_pays_nothing",),
        "test gateway on everywhere",
    ),
    Mutation(
        "abuse: no test card on an https portal (payment)",
        "portal_app/services/payments.py",
        "    if not isinstance(gw, gateways.TestGateway) or not gw.enabled:",
        "    if not isinstance(gw, gateways.TestGateway):",
        (PAY + "test_in_production_the_test_card_pays_nothing",),
        "a switched-off test gateway still pays",
    ),
    # --- rate limits
    Mutation(
        "password-reset e-mails: 5 an hour",
        "portal_app/services/recovery.py",
        '    if tokens.recent_count(db, account, "reset", timedelta(hours=1)) >= RESET_LIMIT_PER_HOUR:',
        "    if False:",
        (RECOVERY + "test_suspended_accounts_get_no_reset_mail_and_requests_are_limited",),
        "unlimited reset mail",
    ),
    Mutation(
        "verification e-mails: 5 an hour",
        "portal_app/services/registration.py",
        '        return\n    if tokens.recent_count(db, account, "verify", timedelta(hours=1)) >= RESEND_LIMIT_PER_HOUR:',
        "        return\n    if False:",
        ("tests/services/test_registration.py",),
        "unlimited verification mail",
    ),
]

# --- issue 13, findings 3, 6, 7: e-mail that cannot be broken or read, no public administrator
MAIL = "tests/infra/test_mail.py::"
NAMES = "tests/services/test_names.py::"
CLI = "tests/test_cli.py::"
MUTATIONS += [
    Mutation(
        "every header value on one line",
        "portal_app/infra/mail.py",
        'msg["Subject"] = header_text(row.subject)',
        'msg["Subject"] = row.subject',
        (MAIL + "test_a_name_with_a_line_separator_in_a_subject_cannot_stop_the_queue",),
        "subject used as stored",
    ),
    Mutation(
        "a row the server refuses does not stop the queue",
        "portal_app/infra/mail.py",
        "if isinstance(error, _SERVER_TROUBLE) or (",
        "if True or (",
        (MAIL + "test_a_message_the_server_refuses_fails_alone_and_is_given_up_after_max_attempts",),
        "every failure ends the round",
    ),
    Mutation(
        "any failure of a row is that row's alone",
        "portal_app/infra/mail.py",
        "except Exception as error:  # noqa: BLE001",
        "except OSError as error:  # noqa: BLE001",
        (MAIL + "test_any_other_failure_of_one_row_is_that_rows_alone",),
        "only OSError caught",
    ),
    Mutation(
        "a row is given up after MAX_ATTEMPTS",
        "portal_app/infra/mail.py",
        "if row.attempts >= MAX_ATTEMPTS:",
        "if False:",
        (MAIL + "test_a_message_the_server_refuses_fails_alone_and_is_given_up_after_max_attempts",),
        "retried for ever",
    ),
    Mutation(
        "names refuse line separators (Zl, Zp)",
        "portal_app/services/names.py",
        '_NOT_IN_A_NAME = {"Cc", "Cs", "Zl", "Zp"}',
        '_NOT_IN_A_NAME = {"Cc", "Cs"}',
        (NAMES + "test_registration_refuses_a_name_or_organisation_that_is_not_one_line",),
        "U+2028 and U+2029 allowed",
    ),
    Mutation(
        "registration names are one line",
        "portal_app/services/registration.py",
        'if problem := one_line_problem(value, f"your {label}"):',
        'if problem := "":',
        (NAMES + "test_registration_refuses_a_name_or_organisation_that_is_not_one_line",),
        "check skipped",
    ),
    Mutation(
        "a connection's name is one line",
        "portal_app/services/connections.py",
        'if problem := one_line_problem(name, "the name"):',
        'if problem := "":',
        (NAMES + "test_a_connection_refuses_a_third_party_name_that_is_not_one_line",),
        "check skipped",
    ),
    Mutation(
        "with SMTP, stored e-mail holds no token",
        "portal_app/services/mail.py",
        "if settings.smtp_host and link and withhold_tokens(link[1]) != link[1]:",
        "if False:",
        (MAIL + "test_with_smtp_the_outbox_never_shows_a_usable_reset_link_and_audits_who_opened_it",),
        "bodies keep the link",
    ),
    Mutation(
        "a sent e-mail forgets its token",
        "portal_app/infra/mail.py",
        "        row.last_error = None\n        _forget_token(row)\n",
        "        row.last_error = None\n",
        (MAIL + "test_without_smtp_the_demo_outbox_shows_the_link_and_forgets_it_once_sent",),
        "token kept after sending",
    ),
    Mutation(
        "the outbox offers no withheld link",
        "portal_app/services/accounts.py",
        'links = [url for url in dict.fromkeys(found) if f"={WITHHELD}" not in url]',
        "links = list(dict.fromkeys(found))",
        (MAIL + "test_without_smtp_the_demo_outbox_shows_the_link_and_forgets_it_once_sent",),
        "withheld links listed",
    ),
    Mutation(
        "who opened which e-mail is audited",
        "portal_app/services/accounts.py",
        'audit.record(db, actor, "outbox.email_opened", "outbound_email", row.id, detail=row.kind)',
        "pass",
        (MAIL + "test_with_smtp_the_outbox_never_shows_a_usable_reset_link_and_audits_who_opened_it",),
        "no audit row",
    ),
    Mutation(
        "demo data off unless asked for",
        "portal_app/infra/settings.py",
        'seed_demo_data: bool = env("PORTAL_SEED_DEMO", False)',
        'seed_demo_data: bool = env("PORTAL_SEED_DEMO", True)',
        (CLI + "test_production_settings_seed_no_demo_accounts",),
        "demo data by default",
    ),
    Mutation(
        "demo data needs PORTAL_SEED_DEMO",
        "portal_app/seed.py",
        "    if not cfg.seed_demo_data:\n",
        "    if False:\n",
        (CLI + "test_production_settings_seed_no_demo_accounts",),
        "variable ignored",
    ),
    Mutation(
        "never demo data on https",
        "portal_app/seed.py",
        'if cfg.base_url.lower().startswith("https://"):',
        "if False:",
        (CLI + "test_demo_data_is_refused_on_an_https_address_even_when_asked_for",),
        "https allowed",
    ),
    Mutation(
        "seed_demo guards itself",
        "portal_app/seed.py",
        "    if refusal := demo_refusal(settings):\n        raise DemoRefused(refusal)\n",
        "",
        (CLI + "test_demo_data_is_refused_on_an_https_address_even_when_asked_for",),
        "guard only in the command",
    ),
]


ONE_STEP = "tests/services/test_share_in_one_step.py::"
VIEWS = "tests/services/test_view_notices.py::"

MUTATIONS += [
    # --- issue 16: share in one step, view notices
    Mutation(
        "one-step share: no connection without documents",
        "portal_app/services/connections.py",
        '    if not wanted:\n        errors["documents"]',
        '    if False:\n        errors["documents"]',
        (ONE_STEP + "test_a_connection_without_documents_is_refused_and_nothing_is_sent",),
        "an empty invitation goes out",
    ),
    Mutation(
        "one-step share: only the learner's own valid documents",
        "portal_app/services/connections.py",
        "    if sorted(d.id or 0 for d in documents) != wanted:",
        "    if False:",
        (ONE_STEP + "test_only_the_learners_own_valid_documents_can_be_shared_and_a_refusal_leaves_nothing",),
        "foreign ids silently dropped, the share goes ahead",
    ),
    Mutation(
        "view notices: one a day per connection",
        "portal_app/services/sharing.py",
        "                col(Connection.view_notice_at) <= now - VIEW_NOTICE_INTERVAL,",
        "                sa.true(),",
        (VIEWS + "test_never_more_than_one_notice_per_connection_per_day",),
        "a notice for every first view",
    ),
    Mutation(
        "view notices: off means off",
        "portal_app/services/sharing.py",
        "if connection is None or learner is None or not learner.notify_on_view:",
        "if connection is None or learner is None:",
        (VIEWS + "test_a_learner_who_turned_notices_off_gets_none_but_every_view_is_still_logged",),
        "preference ignored",
    ),
]

# --- issue 18: staff views (docs/SECURITY.md, "Access control"; docs/STAFF.md)
AUDIT_LOG = "tests/services/test_audit_log.py::"
SUPPORT = "tests/services/test_support.py::"
TRENDS = "tests/services/test_admin_trends.py::"
ADMIN_ONLY = 'if actor is None or actor.kind != "admin":\n        raise PermissionDenied()'
ANYONE = "if actor is None:\n        raise PermissionDenied()"
MUTATIONS += [
    Mutation(
        "staff views: the audit log for administrators only",
        "portal_app/services/audit_log.py",
        ADMIN_ONLY,
        ANYONE,
        (AUDIT_LOG + "test_only_administrators_read_or_export_the_log",),
        "any signed-in account reads the log",
    ),
    Mutation(
        "staff views: the support view for administrators only",
        "portal_app/services/support.py",
        ADMIN_ONLY,
        ANYONE,
        (SUPPORT + "test_only_administrators_see_a_learner",),
        "any signed-in account looks up a learner",
    ),
    Mutation(
        "staff views: the overview charts for administrators only",
        "portal_app/services/dashboard.py",
        ADMIN_ONLY,
        ANYONE,
        (TRENDS + "test_only_administrators_see_the_trends",),
        "any signed-in account reads the trends",
    ),
    Mutation(
        "staff views: every look at a learner is audited",
        "portal_app/services/support.py",
        '    audit.record(db, admin, "support.viewed", subject[0], subject[1], view.full_name)\n',
        "",
        (SUPPORT + "test_each_look_is_written_to_the_audit_log",),
        "looks leave no trace",
    ),
    Mutation(
        "staff views: CSV cells are never formulas",
        "portal_app/services/audit_log.py",
        """return "'" + text if text[:1] in ("=", "+", "-", "@", "\\t", "\\r") else text""",
        "return text",
        (AUDIT_LOG + "test_csv_export_covers_the_days_asked_for_and_is_itself_audited",),
        "a detail starting with = runs in a spreadsheet",
    ),
    Mutation(
        "staff views: audit rows say where the event came from",
        "portal_app/services/audit.py",
        "client_address=_client_address.get(),",
        'client_address="",',
        (AUDIT_LOG + "test_audit_rows_record_the_client_address_of_the_event",),
        "no address recorded",
    ),
    Mutation(
        "staff views: the address reaches the worker thread",
        "portal_app/infra/db.py",
        "_DB_EXECUTOR, contextvars.copy_context().run, job)",
        "_DB_EXECUTOR, job)",
        (
            "tests/e2e/test_support_journey.py::test_support_looks_up_a_learner_and_the_look_is_in_the_audit_log",
        ),
        "the event's address lost on the way to the service",
    ),
]

EMAILS = "tests/services/test_email_addresses.py::"
MUTATIONS += [
    Mutation(
        "extra e-mail addresses: only a proven one signs in",
        "portal_app/services/emails.py",
        ".where(AccountEmail.address == address, col(AccountEmail.verified_at).is_not(None))",
        ".where(AccountEmail.address == address)",
        (EMAILS + "test_an_added_address_signs_in_only_once_its_link_is_clicked",),
        "an address nobody proved signs in to whoever added it",
    ),
    Mutation(
        "extra e-mail addresses: removing one needs the password",
        "portal_app/services/email_addresses.py",
        '    _check_password(actor, password, "remove_password", errors)\n',
        "",
        (EMAILS + "test_removing_needs_the_password_and_tells_both",),
        "a borrowed open session removes the owner's addresses",
    ),
    Mutation(
        "extra e-mail addresses: another account's address gets no link",
        "portal_app/services/email_addresses.py",
        "    if owner is None:\n",
        "    if True:\n",
        (EMAILS + "test_someone_elses_address_cannot_be_claimed_and_the_answer_is_the_same",),
        "the owner of an address is sent a link that would give it to someone else",
    ),
    Mutation(
        "account lock: FOR UPDATE takes SQLite's write lock",
        "portal_app/infra/db.py",
        '        event.listen(engine, "before_cursor_execute", _lock_for_update_on_sqlite)\n',
        "",
        (AUTH + "test_wrong_passwords_sent_at_once_are_all_counted_and_lock_the_account",),
        "on SQLite, guesses sent at once overwrite each other's count and never lock the account",
    ),
]


def _copy_tree(dest: Path) -> None:
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE, symlinks=True)
    for link in (".venv", ".tools"):
        if (ROOT / link).exists():
            (dest / link).symlink_to((ROOT / link).resolve())


def run_one(mutation: Mutation, workdir: Path) -> tuple[str, float, str]:
    """Apply `mutation` to a fresh copy of the tree and run its tests: (result, seconds, output tail)."""
    tree = workdir / "tree"
    if tree.exists():
        shutil.rmtree(tree)
    _copy_tree(tree)
    target = tree / mutation.file
    source = target.read_text()
    if source.count(mutation.old) != 1:
        return f"NOT APPLIED (text found {source.count(mutation.old)}x)", 0.0, ""
    target.write_text(source.replace(mutation.old, mutation.new))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", REFLEX_USE_SYSTEM_BUN="1")
    env["PATH"] = f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{env.get('PATH', '')}"
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *mutation.tests],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    seconds = time.monotonic() - start
    output = (proc.stdout + proc.stderr)[-3000:]
    # pytest exit codes: 0 all passed, 1 some failed; anything else means no verdict.
    result = {0: "MISSED", 1: "caught"}.get(proc.returncode, f"ERROR (pytest exit {proc.returncode})")
    return result, seconds, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="run only controls whose name contains this text")
    parser.add_argument("--skip-e2e", action="store_true", help="leave out mutations checked in a browser")
    parser.add_argument("--verbose", action="store_true", help="print pytest's output for every mutation")
    args = parser.parse_args(argv)
    chosen = [
        m
        for m in MUTATIONS
        if (not args.only or args.only.lower() in m.control.lower()) and not (args.skip_e2e and m.e2e)
    ]
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="remove-protections-") as tmp:
        for n, mutation in enumerate(chosen, 1):
            print(f"[{n}/{len(chosen)}] {mutation.control}: {mutation.what} ...", flush=True)
            result, seconds, output = run_one(mutation, Path(tmp))
            print(f"    {result} in {seconds:.0f}s", flush=True)
            if args.verbose or result != "caught":
                print("    " + output.replace("\n", "\n    "), flush=True)
            tests = ", ".join(t.split("/")[-1] for t in mutation.tests)
            rows.append((mutation.control, f"{mutation.file}: {mutation.what}", tests, result))
    print()
    print("| control | mutation | tests | result |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    caught = sum(r[3] == "caught" for r in rows)
    print(f"\ncaught {caught} of {len(rows)}")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
