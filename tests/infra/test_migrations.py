"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from portal_app import cli


def _migrated_diff(url: str) -> list:
    cli.migrate(url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    return diff


# SQLite cannot reflect expression indexes; the trigram ones are PostgreSQL's alone anyway.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_migrations_match_models_on_sqlite(tmp_path):
    assert _migrated_diff(f"sqlite:///{tmp_path / 'm.db'}") == []


def test_migrations_match_models_on_postgresql(pg_url):
    # a fresh database of its own, so the shared service-test schema is untouched
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    name = pg_url.rsplit("/", 1)[1] + "_mig"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        assert _migrated_diff(url) == []
    finally:
        from portal_app.infra.db import get_engine

        get_engine(url).dispose()
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_foreign_keys_are_enforced_on_sqlite(tmp_path):
    from portal_app.infra.db import get_engine

    engine = get_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    SQLModel.metadata.create_all(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
