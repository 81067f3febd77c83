"""Shared column helpers for the tables."""

from __future__ import annotations

import warnings
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.infra.clock import utcnow
from portal_app.infra.db import UTCDateTime


class Table(SQLModel):
    """Every table has an integer surrogate key."""

    id: int | None = Field(default=None, primary_key=True)


def id_of(row: Table) -> int:
    """The key of a row that has been flushed; a row not yet in the database has none to give."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id until it is flushed")
    return row.id


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table behind a model, for queries built once at import (no ORM per call)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass; not in its stubs
    return table


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def utc_field(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


def trigram_index(name: str, expression: str) -> sa.Index:
    """PostgreSQL only: a GIN trigram index over lower(expression), which makes the search box's
    "contains" match (services.paging.search_clause) an index lookup at any table size."""
    return sa.Index(
        name,
        sa.func.lower(sa.text(expression)).label("searched"),
        postgresql_using="gin",
        postgresql_ops={"searched": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")


# Alembic's autogenerate cannot reflect expression indexes from SQLite, so comparing the models
# with a SQLite database warned once per trigram index that it skipped it: 14 warnings at every
# `reflex run` (Reflex compares the models with the database at start-up) and every
# `alembic revision --autogenerate` on var/portal.db. These indexes are PostgreSQL-only and never
# exist on SQLite: there is nothing to compare, on SQLite only.
warnings.filterwarnings(
    "ignore",
    message=r"autogenerate skipping metadata-specified expression-based index '\w+_trgm'; dialect 'sqlite'",
    category=UserWarning,
)

# The trigram operator class comes from the pg_trgm extension (trusted: the database owner may
# create it); the migration creates it too.
sa.event.listen(
    SQLModel.metadata,
    "before_create",
    sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)

__all__ = [
    "Table",
    "created_at_field",
    "datetime",
    "id_of",
    "one_of",
    "table_of",
    "trigram_index",
    "utc_field",
]
