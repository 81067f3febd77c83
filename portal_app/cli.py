"""Command line: migrate the schema, seed demo data, deliver the outbox.

python -m portal_app.cli migrate
python -m portal_app.cli seed
python -m portal_app.cli reconcile-payments
python -m portal_app.cli import-records FILE.csv | import-documents FILE.csv
python -m portal_app.cli code EMAIL | reset-second-factor EMAIL   (administrators' sign-in codes)
"""

from __future__ import annotations

import argparse
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


def seed() -> None:
    from portal_app.seed import seed_demo

    with session_scope() as db:
        created = seed_demo(db)
    print("demo data seeded" if created else "database already has accounts: demo data left as it is")


def reconcile_payments() -> None:
    """Catch up pending Stripe orders whose webhook never arrived (run from cron)."""
    from portal_app.services.payments import reconcile_pending

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
    sub.add_parser("seed", help="seed demo data once")
    sub.add_parser("reconcile-payments", help="ask Stripe about orders still awaiting payment")
    for name in ("import-records", "import-documents"):
        sub.add_parser(name, help=f"{name.replace('-', ' ')} from a CSV file").add_argument("file")
    for name, what in (("code", "print an administrator's current sign-in code"),
                       ("reset-second-factor", "forget an administrator's authenticator app")):
        sub.add_parser(name, help=what).add_argument("email")  # fmt: skip
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate()
    elif args.command == "seed":
        seed()
    elif args.command == "reconcile-payments":
        reconcile_payments()
    elif args.command in ("code", "reset-second-factor"):
        return second_factor(args.command, args.email)
    elif args.command.startswith("import-"):
        return import_csv(args.command, args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
