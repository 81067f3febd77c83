"""A blank Reflex app: one var, a trivial event and no database; `benchmarks.events` runs it in
the same mode and worker count as the portal, as the framework's ceiling.

`query` is the same event with the least any database event does: a hop to a thread and one
`SELECT 1` in a SQLAlchemy session, on the portal's database (BLANK_DATABASE_URL): the ceiling
for an event that must ask the database, as every signed-in portal event asks for its session.
"""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import reflex as rx
import sqlalchemy as sa
from sqlalchemy.orm import Session

_ENGINE = sa.create_engine(os.environ.get("BLANK_DATABASE_URL", "sqlite://"), pool_size=16)
_THREADS = ThreadPoolExecutor(max_workers=16)


def _select_one() -> int:
    with Session(_ENGINE) as db:
        return int(db.execute(sa.text("SELECT 1")).scalar_one())


class State(rx.State):
    count: int = 0

    @rx.event
    def bump(self) -> None:
        self.count += 1

    @rx.event
    async def hop(self) -> None:
        """The thread hop alone (benchmarks.event_costs)."""
        self.count += await asyncio.get_running_loop().run_in_executor(_THREADS, int, "1")

    @rx.event
    async def query(self) -> None:
        self.count += await asyncio.get_running_loop().run_in_executor(_THREADS, _select_one)


def index() -> rx.Component:
    return rx.text(State.count)


app = rx.App()
app.add_page(index)
