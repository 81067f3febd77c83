"""The one database helper: an engine per URL, a session scope, and a way to call a
service off the event loop.

SQLite gets foreign keys switched on for every connection; timestamps are stored as UTC
and come back timezone-aware (see `UTCDateTime`).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, create_engine

from portal_app.infra.settings import settings

T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


class UTCDateTime(sa.types.TypeDecorator):
    """A datetime column that only accepts aware datetimes and always returns UTC-aware ones."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _lock_for_update_on_sqlite(
    _conn: Any, cursor: Any, _statement: str, _parameters: Any, context: Any, _executemany: bool
) -> None:
    """Give `SELECT .. FOR UPDATE` its meaning on SQLite, which has no row locks.

    The services read a row FOR UPDATE, then write what they decided from it (a failed sign-in
    count, a connection's status, an order's payment). SQLite ignores FOR UPDATE, and pysqlite
    runs reads outside any transaction until the first write, so two units of work read the same
    row and the second write overwrote the first (the account lock lost guesses sent at once).
    Before such a read, a unit of work not yet writing takes SQLite's write lock
    (`BEGIN IMMEDIATE`, waiting as long as busy_timeout): the read and everything after it see the
    latest rows, and no other write commits until this one does. Already writing, it holds the
    lock."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    if getattr(statement, "_for_update_arg", None) is not None and not cursor.connection.in_transaction:
        cursor.execute("BEGIN IMMEDIATE")


# Database work runs on its own threads (`call`), and each holds one connection while it runs.
DB_THREADS = settings.db_threads
# Connections kept open per worker: one per database thread, plus a few for the background task
# and scripts. A connection beyond the pool is closed when it is given back, and opening one
# costs far more than a query (a PostgreSQL backend process; SQLite's pragmas): with the pool
# smaller than the threads, a busy worker opened and closed connections all the time.
POOL_SIZE = DB_THREADS + 2


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> sa.Engine:
    url = url or settings.database_url
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            pool_size=POOL_SIZE,
            max_overflow=4,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "before_cursor_execute", _lock_for_update_on_sqlite)
    else:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=4)
        event.listen(engine, "checkin", _note_checkin)
        event.listen(engine, "checkout", _ping_if_idle)
    return engine


# A pooled PostgreSQL connection may have died while it sat idle (a database restart or
# failover). SQLAlchemy's pool_pre_ping asks on every checkout, and the ask is a transaction of
# its own: it doubled the transactions of every event. A connection given back less than
# PING_AFTER_SECONDS ago was working then and is used as it is; one idle for longer is asked
# first. A connection that dies while in use fails that unit of work (rolled back, never half
# written), and SQLAlchemy then replaces every connection the pool held before the failure.
PING_AFTER_SECONDS = 10.0


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if time.monotonic() - record.info.get("checked_in_at", 0.0) < PING_AFTER_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # noqa: BLE001 - any failure: the pool opens a new connection
        raise sa.exc.DisconnectionError() from error


_KEEP_WRITES = "_portal_keep_writes"


def keep_writes(error: E) -> E:
    """Mark an error whose unit of work must still commit: the refusal is itself a fact to keep
    (a failed sign-in counted towards the lock, its audit row). Raise it only after writes
    that belong to the refusal, never after a half-done change."""
    setattr(error, _KEEP_WRITES, True)
    return error


@contextmanager
def session_scope(engine: sa.Engine | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error (except one marked by
    `keep_writes`, which commits what was written and then propagates)."""
    with Session(engine or get_engine(), expire_on_commit=False) as db:
        try:
            yield db
            db.commit()
        except BaseException as error:
            if getattr(error, _KEEP_WRITES, False):
                db.commit()
            else:
                db.rollback()
            raise


def run_in_session(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with session_scope() as db:
        return fn(db, *args, **kwargs)


# Database work runs on its own threads, no more than the connection pool holds, so it never
# competes with other blocking work for the event loop's default executor.
_DB_EXECUTOR = ThreadPoolExecutor(max_workers=DB_THREADS, thread_name_prefix="db")


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `fn(db, *args)` in a worker thread inside its own unit of work, with the caller's
    context variables (the client address audit rows record: services.audit.from_client)."""
    loop = asyncio.get_running_loop()
    job = functools.partial(run_in_session, fn, *args, **kwargs)
    return await loop.run_in_executor(_DB_EXECUTOR, contextvars.copy_context().run, job)
