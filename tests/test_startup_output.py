"""`make run` prints no warnings of ours (issue 15): what a newcomer sees first is the portal."""

from __future__ import annotations

import os
import subprocess
import sys

from portal_app.infra.settings import ROOT

# What each granian worker does after `reflex run --env prod` compiled the app in the supervisor
# it was forked from: apply the decorated pages again, to the same app.
COMPILE_TWICE = """
from portal_app.portal_app import app
app._apply_decorated_pages()
pages = len(app._unevaluated_pages)
app._apply_decorated_pages()
print(pages, len(app._unevaluated_pages))
"""

# Reflex compares the models with the database at every start (alembic autogenerate).
COMPARE_WITH_SQLITE = """
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel
import portal_app.models
with sa.create_engine("sqlite://").connect() as connection:
    SQLModel.metadata.create_all(connection)
    compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        cwd=ROOT,
        env={**os.environ, "PORTAL_SEED_DEMO": "true"},
        capture_output=True,
        text=True,
        check=True,
    )


def test_a_worker_compiling_again_adds_no_page_twice_and_says_nothing():
    done = _run(COMPILE_TWICE)
    before, after = done.stdout.split()
    assert int(before) > 30 and before == after
    assert "redefined" not in done.stdout + done.stderr


def test_comparing_the_models_with_sqlite_does_not_warn_about_postgresql_only_indexes():
    done = _run(COMPARE_WITH_SQLITE)
    assert "expression-based index" not in done.stderr
