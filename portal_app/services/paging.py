"""One page of a list: its rows, where it sits, and how long the list is.

Lists are counted only up to COUNT_LIMIT rows ("1,000+"), so that an administrator's queue over a
million orders costs what a learner's list of ten does: counting every row of a big table on
each page load is what made the full-size lists slow (see docs/PERFORMANCE.md). Whether there is
a next page is known exactly by asking for one row more than the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, func, or_, text
from sqlmodel import Session, select

from portal_app.services.text import clean, counted

COUNT_LIMIT = 1000
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int
    size: int
    total: int  # exact, or COUNT_LIMIT when `more`
    more: bool  # the list is longer than COUNT_LIMIT
    has_next: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def summary(self) -> str:
        """What the pager says: "37 in all · page 2 of 2", "1,000+ in all · page 3"."""
        return self.describe()

    def with_rows(self, rows: list[U]) -> Page[U]:
        """The same page holding other rows (the service's rows as the page shows them)."""
        return Page(rows, self.number, self.size, self.total, self.more, self.has_next)

    def describe(self, noun: str = "") -> str:
        """The summary naming what is counted: "1 learner · page 1 of 1", "1,000+ orders · page 3"."""
        size = count_label(self.total, self.more)
        where = f"{counted(size, noun) if noun else size + ' in all'} · page {self.number:,}"
        return where if self.more else f"{where} of {self.pages:,}"


def search_clause(search: object, *columns: Any) -> ColumnElement[bool] | None:
    """Rows where any of `columns` contains the search box's text, case-insensitively; None if empty.

    `%`, `_` and `\\` are searched for literally. On PostgreSQL each column has a trigram index
    over `lower(column)` (alembic revision 2), which makes this fast at any size.
    """
    term = clean(search, 100).lower()
    if not term:
        return None
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def count_upto(db: Session, query: Any) -> tuple[int, bool]:
    """How many rows `query` gives, up to COUNT_LIMIT, and whether there are more."""
    counted = int(
        db.exec(
            select(func.count()).select_from(query.order_by(None).limit(COUNT_LIMIT + 1).subquery())
        ).one()
    )
    return min(counted, COUNT_LIMIT), counted > COUNT_LIMIT


def count_label(count: int, more: bool) -> str:
    return f"{count:,}+" if more else f"{count:,}"


def size_label(db: Session, query: Any) -> str:
    """How many rows `query` gives, for a figure on a dashboard: exact up to COUNT_LIMIT, then
    PostgreSQL's planner estimate ("about 1,000,000"); "1,000+" where there is no estimate."""
    count, more = count_upto(db, query)
    if not more or db.get_bind().dialect.name != "postgresql":
        return count_label(count, more)
    compiled = query.compile(dialect=db.get_bind().dialect, compile_kwargs={"literal_binds": True})
    plan = db.connection().execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).one()[0]
    estimate = max(int(plan[0]["Plan"]["Plan Rows"]), COUNT_LIMIT + 1)
    return f"about {float(f'{estimate:.2g}'):,.0f}"


def page_of(db: Session, query: Any, number: int, size: int, *order_by: Any) -> Page[Any]:
    """Page `number` (from 1) of `query` in `order_by` order; past the end means the last page.

    The first step reads the ids of up to COUNT_LIMIT + 1 matching rows (its first entity's).
    When that is all of them, the page is read by those ids: otherwise a rare search term could
    make the planner walk the whole ordered index looking for a few matches.
    """
    key = query.column_descriptions[0]["entity"].id
    # The same criteria selecting one column: a subquery of the whole query would build a proxy
    # for each of its columns on every call (a third of a connections search, in a profile).
    ids = list(
        db.execute(
            query.with_only_columns(key, maintain_column_froms=True).order_by(None).limit(COUNT_LIMIT + 1)
        )
        .scalars()
        .all()
    )
    more = len(ids) > COUNT_LIMIT
    total = min(len(ids), COUNT_LIMIT)
    number = max(1, int(number))
    if not more:
        number = min(number, max(1, -(-total // size)))
        query = query.where(key.in_(ids))
    rows: Sequence[Any] = db.exec(query.order_by(*order_by).offset((number - 1) * size).limit(size + 1)).all()
    return Page(list(rows[:size]), number, size, total, more, has_next=len(rows) > size)
