"""Shared column helpers for the tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal_app.infra.clock import utcnow
from portal_app.infra.db import UTCDateTime


class Table(SQLModel):
    """Every table has an integer surrogate key."""

    id: int | None = Field(default=None, primary_key=True)


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def utc_field(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


__all__ = ["Table", "created_at_field", "datetime", "one_of", "utc_field"]
