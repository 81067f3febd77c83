"""Test fixtures: every service test runs on SQLite and on PostgreSQL through one `db` fixture.

PostgreSQL tests get a fresh database of their own (created from the server's `test`
database), so parallel runs and developers never trample each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("PORTAL_BCRYPT_ROUNDS", "4")  # cost 12 is exercised in tests/infra
os.environ.setdefault("PORTAL_SEED_DEMO", "false")

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import portal_app.models  # noqa: E402,F401
from portal_app.infra.db import get_engine  # noqa: E402

# Fuzzing explores the same examples on every run, so CI is repeatable; set
# HYPOTHESIS_PROFILE=explore locally to search new ones.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=500)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

PG_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


def _pg_admin() -> sa.Engine:
    return sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    yield url
    get_engine(url).dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> sa.Engine:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    eng = get_engine(url)
    SQLModel.metadata.create_all(eng)
    return eng


def _empty_all_tables(eng: sa.Engine) -> None:
    with eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(SQLModel.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def db(engine: sa.Engine) -> Iterator[Session]:
    """A session on an empty database; the test commits as the app would."""
    _empty_all_tables(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    _empty_all_tables(engine)


@pytest.fixture
def use_engine(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    """Point the app's own session helper (infra.db.get_engine()) at the test database."""
    import portal_app.infra.db as infra_db

    monkeypatch.setattr(infra_db, "get_engine", lambda url=None: engine)
    return engine


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with empty rate-limit counts (infra.ratelimit), in memory."""
    from limits.storage import MemoryStorage

    from portal_app.infra import ratelimit

    monkeypatch.setattr(ratelimit, "_storage", MemoryStorage())


def _as_in_this_unit(session: Session, value: object) -> object:
    """A row passed to a service is read again inside its unit of work, as production resolves
    the acting account from the session cookie in the same transaction."""
    from portal_app.models._base import Table

    if isinstance(value, Table) and value.id is not None:
        return session.get(type(value), value.id)
    return value


@pytest.fixture
def uow(db: Session, use_engine: sa.Engine) -> Callable[..., Any]:
    """Run a service exactly as a live event does: `uow(fn, *args)` is `fn(session, *args)` in
    infra.db.session_scope (commit on success, roll back on error). Arrange data with `db`
    (factories); what the unit of work committed is what `db` reads afterwards."""
    from portal_app.infra.db import session_scope

    def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        db.commit()  # the arranged data is in the database, as earlier events would have left it
        try:
            with session_scope(use_engine) as session:
                args = tuple(_as_in_this_unit(session, a) for a in args)
                kwargs = {k: _as_in_this_unit(session, v) for k, v in kwargs.items()}
                return fn(session, *args, **kwargs)
        finally:
            db.expire_all()

    return run
