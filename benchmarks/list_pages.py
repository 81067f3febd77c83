"""Server time and query count of every list page's service call, on a filled PostgreSQL.

    python -m benchmarks.fill_database --url URL            # once, a few minutes
    python -m benchmarks.list_pages --url URL [--repeat 30]

Each page is measured for the heaviest account of its kind (the learner with the most orders
and connections, the third party with every connection, an administrator), as the page's state
calls it: session check, top-bar count and the page's own query, in one unit of work.
Run it at two data sizes to see that query counts do not grow with the data.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, func
from sqlmodel import Session, select

from benchmarks.fill_database import order_number
from benchmarks.harness import percentile
from portal_app.infra.db import get_engine
from portal_app.models import Account, Connection, Document, LearnerRecord, Order
from portal_app.services import (
    accounts,
    audit_log,
    basket_summary,
    connections,
    dashboard,
    documents,
    issues,
    issuing,
    orders,
    sharing,
)
from portal_app.services.audit_log import AuditFilter

Page = tuple[str, str, Callable[[Session, Account], Any]]


def _trends_uncached(db: Session, actor: Account) -> Any:
    dashboard._trends_cache.clear()
    return dashboard.admin_trends(db, actor)


def _days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def pages() -> list[Page]:
    """(page, which account, service call) for every list page."""
    return [
        ("dashboard", "learner", dashboard.learner_figures),
        ("documents", "learner", documents.list_for_learner),
        (
            "documents, searched",
            "learner",
            lambda db, a: documents.list_for_learner(db, a, "qualification 1"),
        ),
        ("connections (active tab)", "learner", connections.list_connections),
        (
            "connections, searched",
            "learner",
            lambda db, a: connections.list_connections(db, a, "active", "bench"),
        ),
        ("orders", "learner", orders.list_orders),
        ("third party: connections", "third_party", sharing.list_connections),
        ("third party: learners", "third_party", sharing.connected_learners),
        ("admin: orders queue", "admin", lambda db, a: orders.list_orders(db, a, everyone=True)),
        (
            "admin: orders, paid",
            "admin",
            lambda db, a: orders.list_orders(db, a, status="paid", everyone=True),
        ),
        (
            "admin: orders, searched",
            "admin",
            lambda db, a: orders.list_orders(db, a, search=order_number(12345), everyone=True),
        ),
        (
            "admin: orders, part of a number",
            "admin",
            lambda db, a: orders.list_orders(db, a, search=order_number(12345)[5:11], everyone=True),
        ),
        (
            "admin: orders, a name",
            "admin",
            lambda db, a: orders.list_orders(db, a, search="bench learner", everyone=True),
        ),
        ("admin: records, searched", "admin", lambda db, a: issuing.search_records(db, a, query="10000123")),
        (
            "admin: records, a surname",
            "admin",
            lambda db, a: issuing.search_records(db, a, query="surname4321"),
        ),
        ("admin: records", "admin", issuing.search_records),
        ("admin: registrations", "admin", accounts.review_queue),
        ("admin: overview", "admin", accounts.overview),
        ("admin: overview charts (uncached)", "admin", _trends_uncached),
        ("admin: audit log", "admin", lambda db, a: audit_log.audit_page(db, a, AuditFilter())),
        (
            "admin: audit log, security, 30 days",
            "admin",
            lambda db, a: audit_log.audit_page(db, a, AuditFilter(kind="security", date_from=_days_ago(30))),
        ),
        (
            "admin: audit log, searched",
            "admin",
            lambda db, a: audit_log.audit_page(db, a, AuditFilter(search="bench")),
        ),
        ("admin: issues", "admin", issues.queue),
        ("admin: outbox", "admin", accounts.outbox_page),
    ]


def heavy_accounts(db: Session) -> dict[str, Account]:
    learner_id = db.exec(
        select(Connection.learner_account_id)
        .group_by(Connection.learner_account_id)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    third_party_id = db.exec(
        select(Connection.third_party_account_id)
        .where(Connection.third_party_account_id.is_not(None))
        .group_by(Connection.third_party_account_id)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    admin = db.exec(select(Account).where(Account.kind == "admin").limit(1)).first()
    accounts = {"learner": db.get(Account, learner_id), "third_party": db.get(Account, third_party_id)}
    if admin:
        accounts["admin"] = admin
    return accounts


class QueryCounter:
    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args: Any) -> None:
        self.count += 1


def measure(url: str, repeat: int) -> None:
    engine = get_engine(url)
    counter = QueryCounter(engine)
    with Session(engine) as db:
        sizes = {
            m.__name__: db.exec(select(func.count()).select_from(m)).one()
            for m in (LearnerRecord, Account, Document, Connection, Order)
        }
        accounts = heavy_accounts(db)
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    print(f"{'page':<34}{'account':<13}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for name, kind, call in pages():
        actor = accounts.get(kind)
        if actor is None:
            print(f"{name:<34}{kind:<13} (no such account in this database)")
            continue
        durations, queries = [], set()
        for _ in range(repeat):
            with Session(engine) as db:
                before = counter.count
                start = time.perf_counter()
                account = db.get(Account, actor.id)  # the session check's one query
                basket_summary.count(db, account)
                call(db, account)
                durations.append(time.perf_counter() - start)
                queries.add(counter.count - before)
                db.rollback()
        ms = [d * 1000 for d in durations]
        print(
            f"{name:<34}{kind:<13}{statistics.median(ms):8.2f}{percentile(ms, 95):8.2f}"
            f"{'/'.join(str(q) for q in sorted(queries)):>9}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql+psycopg://root@127.0.0.1:5432/portal_bench")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    measure(args.url, args.repeat)


if __name__ == "__main__":
    main()
