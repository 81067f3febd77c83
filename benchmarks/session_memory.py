"""Memory per connected session: backend RSS, and in production mode Redis memory too.

    python -m benchmarks.session_memory [--mode embedded|production|both] [--workers N] [--sessions 200]

Each simulated session connects over the websocket, is signed in (a session row made directly
in the database, so bcrypt does not dominate) and loads the dashboard, like a browser tab.
"""

from __future__ import annotations

import argparse
import asyncio
import gc

import redis
from sqlmodel import Session

from benchmarks.harness import (
    Setup,
    add_mode_arguments,
    backend_pids,
    portals_by_mode,
    rss_kib,
)
from portal_app.infra.db import get_engine
from portal_app.services import auth
from tests.support.reflex_client import SESSION_COOKIE, ReflexClient, state_path

BASE = state_path("portal_app.state.base.PortalState")
DASHBOARD = state_path("portal_app.state.base.PortalState", "portal_app.state.dashboard.DashboardState")


def make_tokens(database_url: str, n: int) -> list[str]:
    from portal_app.infra.security import verify_password  # noqa: F401  (warm import)

    engine = get_engine(database_url)
    tokens = []
    with Session(engine) as db:
        for _ in range(n):
            tokens.append(
                auth.complete_sign_in(
                    db, "claire.hammond@example.com", auth.stored_hash(db, "claire.hammond@example.com"), True
                ).token
            )
        db.commit()
    return tokens


async def open_sessions(base: str, tokens: list[str]) -> list[ReflexClient]:
    clients = []
    for token in tokens:
        client = await ReflexClient(base, cookies={SESSION_COOKIE: token}).connect("/dashboard/")
        await client.call(DASHBOARD + ".load", done=(DASHBOARD, "pending_connections"), path="/dashboard/")
        clients.append(client)
    return clients


def backend_rss(base: str) -> int:
    return sum(rss_kib(pid) for pid in backend_pids(base))


async def measure(base: str, setup: Setup, sessions: int) -> None:
    url = setup.database_url
    warm = await open_sessions(base, make_tokens(url, 5))
    r = redis.Redis.from_url(setup.redis_url) if setup.redis_url else None
    gc.collect()
    rss_before = backend_rss(base)
    redis_before = r.info("memory")["used_memory"] if r else 0
    clients = await open_sessions(base, make_tokens(url, sessions))
    await asyncio.sleep(1)
    rss_after = backend_rss(base)
    redis_after = r.info("memory")["used_memory"] if r else 0
    print(f"{setup.label}, state in {'Redis' if r else 'memory'}: {sessions} sessions")
    print(
        f"  backend RSS  +{(rss_after - rss_before):,} KiB = {(rss_after - rss_before) / sessions:.1f} KiB/session"
    )
    if r:
        print(
            f"  redis memory +{(redis_after - redis_before) / 1024:,.0f} KiB = "
            f"{(redis_after - redis_before) / 1024 / sessions:.1f} KiB/session"
        )
    await asyncio.gather(*[c.close() for c in clients + warm])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_mode_arguments(parser)
    parser.add_argument("--sessions", type=int, default=200)
    args = parser.parse_args()
    for setup, base in portals_by_mode(args):
        asyncio.run(measure(base, setup, args.sessions))


if __name__ == "__main__":
    main()
