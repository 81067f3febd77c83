"""Command line: migrate the schema, seed demo data, deliver the outbox.

python -m portal_app.cli migrate
python -m portal_app.cli seed                 (demo data: only with PORTAL_SEED_DEMO=true, never on https)
python -m portal_app.cli reset-demo           (demo data back as the README tells it; demo databases only)
python -m portal_app.cli create-admin EMAIL   (the first administrator; password prompted or on stdin)
python -m portal_app.cli reconcile-payments
python -m portal_app.cli import-records FILE.csv | import-documents FILE.csv
python -m portal_app.cli code EMAIL | reset-second-factor EMAIL   (administrators' sign-in codes)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from alembic.config import Config

from alembic import command
from portal_app.infra.db import session_scope
from portal_app.infra.settings import ROOT, settings

log = logging.getLogger("portal.cli")


def migrate(url: str | None = None) -> None:
    if (url or settings.database_url).startswith("sqlite:///"):
        Path((url or settings.database_url).removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")


def seed() -> int:
    from portal_app.seed import demo_refusal, seed_demo

    if refusal := demo_refusal(settings):
        print(refusal)
        return 1 if settings.seed_demo_data else 0  # asked for on https: an error; not asked: nothing to do
    with session_scope() as db:
        created = seed_demo(db)
    print("demo data seeded" if created else "database already has accounts: demo data left as it is")
    return 0


def reset_demo() -> int:
    """Every demo account back as the README describes; refused unless the database holds only
    demo data (services/demo_reset.py says how that is decided)."""
    import time

    from portal_app.services.demo_reset import DemoResetRefused
    from portal_app.services.demo_reset import reset_demo as reset

    started = time.monotonic()
    try:
        with session_scope() as db:
            done = reset(db, None)
    except DemoResetRefused as refused:
        print(refused)
        return 1
    print(f"demo data reset: {done.accounts} demo accounts as the README describes "
          f"({time.monotonic() - started:.1f} s); everyone was signed out")  # fmt: skip
    return 0


def _read_password() -> str:
    """Prompted twice on a terminal; otherwise the first line of stdin (for scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password for the new administrator: ")
    return first if getpass.getpass("Type it again: ") == first else ""


def create_admin(email: str) -> int:
    """The first administrator of a new deployment (no demo accounts there). They set up their
    authenticator app at first sign-in, by scanning the QR code the portal shows after the password."""

    from portal_app.infra.clock import utcnow
    from portal_app.infra.security import hash_password
    from portal_app.models import Account
    from portal_app.services import audit, passwords
    from portal_app.services.emails import account_by_email
    from portal_app.services.registration import clean_email

    address, problem = clean_email(email)
    if problem:
        print(problem)
        return 1
    password = _read_password()
    reason = passwords.problem(password, address) if password else "No password given, or the two differ."
    if reason:
        print(reason)
        return 1
    with session_scope() as db:
        if account_by_email(db, address) is not None:
            print(f"{address} already has an account: nothing changed")
            return 1
        account = Account(
            email=address,
            kind="admin",
            status="active",
            first_name="Administrator",
            password_hash=hash_password(password),
            email_verified_at=utcnow(),
        )
        db.add(account)
        db.flush()
        audit.record(db, None, "account.admin_created", "account", account.id, "cli create-admin")
    second_factor_step = (
        "After the password, the portal shows a QR code: scan it with an authenticator app and type "
        "the code it shows, once; from then on every sign-in asks for a code."
        if settings.admin_mfa
        else "PORTAL_ADMIN_MFA is off: they sign in with the password alone."
    )
    print(f"administrator {address} created. Sign in at {settings.base_url}/signin. {second_factor_step}")
    return 0


def reconcile_payments() -> None:
    """Catch up pending Stripe orders whose webhook never arrived (run from cron)."""
    from portal_app.services.payments import reconcile_pending

    with session_scope() as db:
        counts = reconcile_pending(db)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


def reconcile_refunds() -> None:
    """Settle Stripe refunds still pending an hour on, whose webhook never arrived (run from cron)."""
    from portal_app.services.refunds import reconcile_pending

    with session_scope() as db:
        counts = reconcile_pending(db)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


def import_csv(kind: str, path: str) -> int:
    """All or nothing: prints each rejected row and imports only a clean file."""
    from portal_app.services import imports

    importer = imports.import_records if kind == "import-records" else imports.import_documents
    text = Path(path).read_text(encoding="utf-8-sig")
    from portal_app.services.errors import DomainError

    try:
        with session_scope() as db:
            report = importer(db, None, text)
    except DomainError as error:
        print(getattr(error, "fields", {}).get("file") or str(error))
        return 1
    for line, reason in report.rejected:
        print(f"line {line}: {reason}")
    print(
        f"{report.imported} imported"
        if report.ok
        else f"{len(report.rejected)} rows rejected: nothing imported"
    )
    return 0 if report.ok else 1


def second_factor(command: str, email: str) -> int:
    """`code`: an administrator's current code (the operator's stand-in for the app, for demos);
    `reset-second-factor`: forget it (lost phone), so they set it up again at next sign-in."""
    from sqlmodel import select

    from portal_app.infra.db import session_scope
    from portal_app.models import Account
    from portal_app.services import mfa

    with session_scope() as db:
        if command == "reset-second-factor":
            done = mfa.reset(db, email)
            print("reset: they set up their app again at next sign-in" if done else "no such account")
            return 0 if done else 1
        secret = db.exec(select(Account.totp_secret).where(Account.email == email.strip().lower())).first()
    if not secret:
        print("no such account, or it has no second factor yet")
        return 1
    print(mfa.current_code(secret))
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="portal")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("seed", help="seed demo data once (only with PORTAL_SEED_DEMO=true, never on https)")
    sub.add_parser("reset-demo", help="put the demo data back as the README tells it (demo databases only)")
    sub.add_parser("create-admin", help="create the first administrator").add_argument("email")
    sub.add_parser("reconcile-payments", help="ask Stripe about orders still awaiting payment")
    sub.add_parser("reconcile-refunds", help="ask Stripe about refunds still pending after an hour")
    for name in ("import-records", "import-documents"):
        sub.add_parser(name, help=f"{name.replace('-', ' ')} from a CSV file").add_argument("file")
    for name, what in (
        ("code", "print an administrator's current sign-in code"),
        ("reset-second-factor", "forget an administrator's authenticator app"),
    ):
        sub.add_parser(name, help=what).add_argument("email")  # fmt: skip
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate()
    elif args.command == "seed":
        return seed()
    elif args.command == "reset-demo":
        return reset_demo()
    elif args.command == "create-admin":
        return create_admin(args.email)
    elif args.command == "reconcile-payments":
        reconcile_payments()
    elif args.command == "reconcile-refunds":
        reconcile_refunds()
    elif args.command in ("code", "reset-second-factor"):
        return second_factor(args.command, args.email)
    elif args.command.startswith("import-"):
        return import_csv(args.command, args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
