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
TRANSPORT = "tests/e2e/test_security_transport.py::"

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
        "    auth.end_all_sessions(db, account.id)\n",
        "",
        (RECOVERY + "test_reset_sets_the_password_ends_every_session_clears_lockout_and_notifies",),
        "reset leaves sessions open",
    ),
    # --- the session cookie (issue 13, finding 10 and two of 11): one block
    Mutation(
        "session cookie HttpOnly",
        "portal_app/api/routes.py",
        "        httponly=True,\n        samesite=\"strict\",\n    )\n    return response",
        "        httponly=False,\n        samesite=\"strict\",\n    )\n    return response",
        (
            "tests/api/test_session_api.py::test_a_ticket_sets_an_httponly_strict_cookie_and_goes_on",
            TRANSPORT + "test_page_scripts_cannot_read_the_session_cookie",
        ),
        "page scripts may read it",
    ),
    Mutation(
        "session cookie SameSite=Strict",
        "portal_app/api/routes.py",
        "        httponly=True,\n        samesite=\"strict\",\n    )\n    return response",
        "        httponly=True,\n        samesite=\"lax\",\n    )\n    return response",
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
        '_env("PORTAL_BASE_URL", "http://localhost:3000").startswith("https://")',
        "False",
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
        '" ".join(["script-src \'self\' \'unsafe-inline\'", *script_hashes]),',
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
        (AUTH + "test_five_wrong_passwords_lock_the_account_even_for_the_right_one",),
        "lock ignored",
    ),
    Mutation(
        "a password reset clears the sign-in lock",
        "portal_app/services/recovery.py",
        "    account.locked_until = None\n",
        "",
        (RECOVERY + "test_reset_sets_the_password_ends_every_session_clears_lockout_and_notifies",),
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
        "api_transformer=[api, with_security_headers],",
        "api_transformer=[api],",
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
    # --- rate limits
    Mutation(
        "public verification: 30 a minute per address",
        "portal_app/infra/ratelimit.py",
        'return self.counter.incr(f"rl:{self.name}:{slot}:{client}", self.window) <= self.limit',
        "return True",
        (
            "tests/api/test_verify_api.py::test_too_many_requests_get_429",
            "tests/services/test_verification.py::test_rate_limiter_counts_per_client_per_window",
        ),
        "never limited",
    ),
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
        '    if tokens.recent_count(db, account, "verify", timedelta(hours=1)) >= RESEND_LIMIT_PER_HOUR:',
        "    if False:",
        ("tests/services/test_registration.py",),
        "unlimited verification mail",
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
