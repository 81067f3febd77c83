"""A PostgreSQL connection dropped mid-request: a clear error, no partial write, and the next
request works on a fresh connection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

import portal_app.infra.db as infra_db
from portal_app.models import OutboundEmail
from portal_app.services import mail


def test_connection_killed_mid_transaction_writes_nothing_and_recovers(pg_url, engine, monkeypatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(infra_db, "get_engine", lambda url=None: engine)
    killer = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")

    def half_done_work(db):
        mail.queue(db, "one@example.com", "First", ["Body"])
        db.flush()
        pid = db.exec(sa.text("SELECT pg_backend_pid()")).scalar()  # type: ignore[call-overload]
        with killer.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        mail.queue(db, "two@example.com", "Second", ["Body"])
        db.flush()

    with pytest.raises(sa.exc.OperationalError):
        infra_db.run_in_session(half_done_work)

    def count(db):
        return len(
            db.exec(
                select(OutboundEmail).where(
                    OutboundEmail.to_address.in_(["one@example.com", "two@example.com"])
                )
            ).all()
        )

    assert infra_db.run_in_session(count) == 0  # pool_pre_ping replaced the dead connection
    killer.dispose()


def test_a_connection_that_died_while_idle_in_the_pool_is_replaced_unseen(pg_url, engine, monkeypatch):
    """A database restart kills the pool's idle connections: the next request asks an idle
    connection first and gets a fresh one instead of an error."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(infra_db, "get_engine", lambda url=None: engine)

    def backend_pid(db):
        return db.exec(sa.text("SELECT pg_backend_pid()")).scalar()  # type: ignore[call-overload]

    engine.dispose()  # one connection in the pool, then
    first = infra_db.run_in_session(backend_pid)
    killer = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with killer.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    killer.dispose()
    monkeypatch.setattr(infra_db, "PING_AFTER_SECONDS", 0.0)  # as if it sat idle for a while

    assert infra_db.run_in_session(backend_pid) != first
