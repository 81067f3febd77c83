"""Fill a PostgreSQL database with a large body's data, fast (COPY), for the list-page benchmark.

    python -m benchmarks.fill_database --url postgresql+psycopg://root@127.0.0.1:5432/portal_bench \
        --records 1000000 --documents-per-record 5 --connections 200000 --orders 1000000

Creates the database if missing, applies the migrations, and appends rows; prints timings.
Every learner record gets one learner account; documents, connections and orders are spread
over them so that a few "heavy" learners have many rows (the worst case for a list page).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Iterator

import psycopg
import sqlalchemy as sa

from portal_app import cli
from portal_app.infra.security import hash_password

BATCH = 200_000


def order_number(n: int) -> str:
    """Like the portal's (ORD- and 8 random-looking digits), unique for n < 90 million."""
    return f"ORD-{(n * 7_368_787) % 90_000_000 + 10_000_000}"


def document_reference(n: int) -> str:
    """Like the portal's references (8 random-looking digits, version, suffix), unique for n < 90M."""
    return f"{(n * 7_368_787) % 90_000_000 + 10_000_000}-01-BNCH"


def _copy(conn: psycopg.Connection, table: str, columns: list[str], rows: Iterator[tuple]) -> int:
    count = 0
    cols = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    conn.commit()
    return count


def _timed(label: str, fn: Callable[[], int]) -> None:
    start = time.perf_counter()
    n = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<14} {n:>10,} rows in {seconds:6.1f} s ({n / max(seconds, 1e-9):,.0f} rows/s)", flush=True)


def ensure_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    admin = sa.create_engine(f"{server}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def fill(url: str, records: int, docs_per_record: int, connections: int, orders: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    ensure_database(url)
    cli.migrate(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        base_record = conn.execute('SELECT coalesce(max(id), 0) FROM "learner_record"').fetchone()[0]
        base_account = conn.execute('SELECT coalesce(max(id), 0) FROM "account"').fetchone()[0]
        base_doc = conn.execute('SELECT coalesce(max(id), 0) FROM "document"').fetchone()[0]
        base_order = conn.execute('SELECT coalesce(max(id), 0) FROM "order"').fetchone()[0]
        password = hash_password("benchmark-password-1")
        now = "2026-11-01 12:00:00+00"

        def record_rows() -> Iterator[tuple]:
            for i in range(1, records + 1):
                n = base_record + i
                last = f"Surname{n % 50000}"
                yield (
                    n,
                    f"{10_000_000 + n:09d}",
                    f"First{n % 3000}",
                    last,
                    last.lower(),
                    "1990-01-01",
                    f"learner{n}@bench.example",
                    now,
                )

        _timed(
            "learner_record",
            lambda: _copy(
                conn,
                "learner_record",
                [
                    "id",
                    "candidate_number",
                    "first_name",
                    "last_name",
                    "last_name_key",
                    "date_of_birth",
                    "email",
                    "created_at",
                ],
                record_rows(),
            ),
        )

        def account_rows() -> Iterator[tuple]:
            for i in range(1, records + 1):
                n = base_account + i
                yield (
                    n,
                    f"learner{base_record + i}@bench.example",
                    password,
                    "learner",
                    "active",
                    f"First{n % 3000}",
                    f"Surname{n % 50000}",
                    base_record + i,
                    0,
                    now,
                    now,
                )

        _timed(
            "account",
            lambda: _copy(
                conn,
                "account",
                [
                    "id",
                    "email",
                    "password_hash",
                    "kind",
                    "status",
                    "first_name",
                    "last_name",
                    "learner_record_id",
                    "failed_signins",
                    "email_verified_at",
                    "created_at",
                ],
                account_rows(),
            ),
        )

        content = json.dumps(
            {"grade": "Pass", "units": [{"code": "U1", "title": "Unit one", "grade": "Pass"}]}
        )

        def document_rows() -> Iterator[tuple]:
            doc = base_doc
            for i in range(1, records + 1):
                for k in range(docs_per_record):
                    doc += 1
                    kind = ("certificate", "transcript", "badge")[k % 3]
                    yield (
                        doc,
                        document_reference(doc),
                        kind,
                        base_record + i,
                        f"603/{i % 9999:04d}/{k}",
                        f"Level {1 + k % 4} Qualification {i % 500}",
                        "2024-06-30",
                        "valid",
                        content,
                        "",
                        1,
                        now,
                    )

        _timed(
            "document",
            lambda: _copy(
                conn,
                "document",
                [
                    "id",
                    "reference",
                    "kind",
                    "learner_record_id",
                    "qualification_number",
                    "qualification_title",
                    "issued_on",
                    "status",
                    "content",
                    "signature",
                    "version",
                    "created_at",
                ],
                document_rows(),
            ),
        )

        third_party = base_account + records + 1
        conn.execute(
            'INSERT INTO "account" (id, email, password_hash, kind, status, first_name, last_name, '
            "failed_signins, created_at) VALUES (%s, %s, %s, 'third_party', 'active', 'Bench', 'Employer', 0, now())",
            (third_party, f"employer{third_party}@bench.example", password),
        )
        conn.execute(
            'INSERT INTO "account" (id, email, password_hash, kind, status, first_name, last_name, '
            "failed_signins, created_at) VALUES (%s, %s, %s, 'admin', 'active', 'Bench', 'Admin', 0, now())",
            (third_party + 1, f"admin{third_party + 1}@bench.example", password),
        )
        conn.commit()

        def connection_rows() -> Iterator[tuple]:
            for i in range(connections):
                learner = base_account + 1 + (i % max(records // 4, 1))
                status = rng.choice(("active", "active", "pending", "declined", "revoked"))
                yield (
                    learner,
                    third_party,
                    "Bench Employer",
                    f"employer{third_party}@bench.example",
                    f"Learner {learner}",
                    f"learner{learner}@bench.example",
                    "learner",
                    status,
                    "",
                    "2027-01-01 00:00:00+00",
                    now,
                )

        _timed(
            "connection",
            lambda: _copy(
                conn,
                "connection",
                [
                    "learner_account_id",
                    "third_party_account_id",
                    "third_party_name",
                    "third_party_email",
                    "learner_name",
                    "learner_email",
                    "initiated_by",
                    "status",
                    "message",
                    "expires_at",
                    "created_at",
                ],
                connection_rows(),
            ),
        )

        address = json.dumps(
            {"full_name": "Bench Learner", "line1": "1 High St", "city": "Town", "country": "GB"}
        )

        def order_rows() -> Iterator[tuple]:
            for i in range(1, orders + 1):
                n = base_order + i
                account = base_account + 1 + (i % records)
                yield (
                    n,
                    order_number(n),
                    account,
                    rng.choice(("paid", "processing", "dispatched")),
                    "Bench Learner",
                    address,
                    address,
                    "Royal Mail Signed",
                    0,
                    3050,
                    3050,
                    "GBP",
                    "Bench Learner",
                    "learner",
                    "test",
                    now,
                )

        _timed(
            "order",
            lambda: _copy(
                conn,
                "order",
                [
                    "id",
                    "number",
                    "account_id",
                    "status",
                    "full_name",
                    "billing_address",
                    "delivery_address",
                    "delivery_option_name",
                    "delivery_pence",
                    "subtotal_pence",
                    "total_pence",
                    "currency",
                    "created_by_name",
                    "created_by_kind",
                    "payment_provider",
                    "created_at",
                ],
                order_rows(),
            ),
        )

        for table in ("learner_record", "account", "document", "connection", "order"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
        conn.commit()
        start = time.perf_counter()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        print(f"vacuum analyze in {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql+psycopg://root@127.0.0.1:5432/portal_bench")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--documents-per-record", type=int, default=5)
    parser.add_argument("--connections", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    args = parser.parse_args()
    fill(args.url, args.records, args.documents_per_record, args.connections, args.orders)


if __name__ == "__main__":
    main()
