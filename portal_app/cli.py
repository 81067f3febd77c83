"""Command line: migrate the schema, seed demo data, deliver the outbox.

python -m portal_app.cli migrate
python -m portal_app.cli seed
python -m portal_app.cli reconcile-payments
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


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="portal")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("seed", help="seed demo data once")
    sub.add_parser("reconcile-payments", help="ask Stripe about orders still awaiting payment")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate()
    elif args.command == "seed":
        seed()
    elif args.command == "reconcile-payments":
        reconcile_payments()
    return 0


if __name__ == "__main__":
    sys.exit(main())
