"""Alembic environment: the schema is the SQLModel metadata of portal_app.models."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import portal_app.models  # noqa: F401  (registers every table)
from alembic import context
from portal_app.infra.db import UTCDateTime, get_engine
from portal_app.infra.settings import settings

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write portable column types into migrations instead of our Python-side decorators."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url") or settings.database_url
    connectable = config.attributes.get("connection") or get_engine(url).connect()
    with connectable if isinstance(connectable, sa.Connection) else connectable as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_item=render_item,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=False,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
