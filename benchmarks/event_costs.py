"""Where an event's time goes: what one event costs the server, event by event, in each mode.

    python -m benchmarks.event_costs [--mode embedded|production|both] [--events 300]

One backend worker and one signed-in session send each of the portal's measured events (the
same as benchmarks.events) `--events` times in a row, after the blank Reflex app's trivial event
and its one-query event (a thread hop and SELECT 1: the least a database event does); last, a
signed-in learner's new tab (websocket and hydrate, which sends every state to the browser).
For each event it prints:
- the worker's CPU time per event (user + system, from /proc: steadier on a busy machine than
  latency, because it does not count time spent waiting for the CPU) and the latency p50;
- production mode: Redis commands, bytes in and out and states read and written per event
  (INFO stats, and MONITOR over the last 10 events: the keys of each MGET and SET);
- production mode: PostgreSQL transactions and table scans per event (pg_stat_database and
  pg_stat_user_tables, read after the counters are flushed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis
import sqlalchemy as sa

from benchmarks import events
from benchmarks.harness import (
    Setup,
    add_mode_arguments,
    backend_pids,
    mode_setup,
    modes_from,
    running_blank_app,
    running_portal,
)
from tests.support.reflex_client import SESSION_COOKIE, ReflexClient

PG_STATS_FLUSH_SECONDS = 11  # an idle backend reports its counters within 10 s (PostgreSQL 15)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Cost:
    name: str
    cpu_ms: float
    p50_ms: float
    redis: str = ""
    postgres: str = ""


class RedisWatch:
    """Counts what the portal asks of Redis: INFO deltas, and MONITOR for the states' keys.

    MONITOR runs only while `monitoring`: Redis counts what it echoes to a monitor in its
    output bytes, which would double the figures measured meanwhile."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url)

    @contextmanager
    def monitoring(self) -> Iterator[list[str]]:
        lines: list[str] = []
        monitor = self.client.monitor()
        monitor.__enter__()

        def listen() -> None:
            try:
                for command in monitor.listen():
                    lines.append(command["command"])
            except (redis.ConnectionError, AttributeError, ValueError):  # disconnected below
                return

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        try:
            yield lines
        finally:
            time.sleep(0.3)  # the last commands' echo
            monitor.connection.disconnect()
            thread.join(timeout=5)

    def stats(self) -> tuple[int, int, int]:
        info = self.client.info("stats")
        return (
            info["total_commands_processed"],
            info["total_net_input_bytes"],
            info["total_net_output_bytes"],
        )


def _states_touched(lines: list[str]) -> tuple[float, float]:
    """States read (keys of each MGET) and written (SET of a state, or the keys of the EVAL that
    writes several) in these MONITOR lines, per event; lock keys are not states."""
    read = written = 0
    for line in lines:
        words = line.split()
        if not words:
            continue
        if words[0] == "MGET":
            read += len(words) - 1
        elif words[0] == "SET" and not words[1].endswith("_lock"):
            written += 1
        elif words[0] == "EVAL":
            keys = int(words[2]) if len(words) > 2 and words[2].isdigit() else 0
            written += max(0, keys - 1)  # the first key is the lock it checks
    return read, written


async def measure(
    name: str,
    send: Callable[[int], Awaitable[float]],
    pids: list[int],
    count: int,
    watch: RedisWatch | None,
    pg: sa.Engine | None,
) -> Cost:
    few = min(10, max(1, count // 4))  # warm-up and MONITOR rounds (add to basket: 20 in all)
    for i in range(few):
        await send(i)
    if pg is not None:
        await asyncio.sleep(PG_STATS_FLUSH_SECONDS)
        pg_before = _pg_counters(pg)
    redis_before = watch.stats() if watch else (0, 0, 0)
    cpu_before = cpu_seconds(pids)
    samples = [await send(i) for i in range(count)]
    cpu = (cpu_seconds(pids) - cpu_before) / count
    cost = Cost(name, cpu * 1000, statistics.median(samples) * 1000)
    redis_after = watch.stats() if watch else (0, 0, 0)
    if pg is not None:  # read before the MONITOR rounds below, which send `few` more events
        await asyncio.sleep(PG_STATS_FLUSH_SECONDS)
        xacts, scans = (a - b for a, b in zip(_pg_counters(pg), pg_before, strict=True))
        cost.postgres = f"{xacts / count:.1f} transactions, {scans / count:.1f} table scans"
    if watch is not None:
        commands, bytes_in, bytes_out = (a - b for a, b in zip(redis_after, redis_before, strict=True))
        with watch.monitoring() as lines:
            for i in range(few):
                await send(i)
        read, written = _states_touched(lines)
        cost.redis = (
            f"{commands / count:.1f} cmds, {bytes_in / count / 1024:.1f} KiB in, "
            f"{bytes_out / count / 1024:.1f} KiB out, states read {read / few:.0f} written {written / few:.0f}"
        )
    return cost


def _pg_counters(engine: sa.Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        xacts = conn.execute(
            sa.text(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
            )
        ).scalar_one()
        scans = conn.execute(
            sa.text("SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables")
        ).scalar_one()
    return int(xacts), int(scans)  # this query's own transaction is counted too: < 0.01 per event


async def portal_costs(base: str, setup: Setup, count: int) -> list[Cost]:
    token = (await asyncio.to_thread(events.bench_learners, setup.database_url, 1))[0]
    client = await events.store_client(base, token)
    pids = backend_pids(base)
    watch = RedisWatch(setup.redis_url.rsplit("/", 1)[0] + "/0") if setup.redis_url else None
    pg = sa.create_engine(setup.database_url, poolclass=sa.pool.NullPool) if setup.redis_url else None
    costs = []
    if pg is not None:  # what PostgreSQL counts with no event at all (autovacuum, say)
        await asyncio.sleep(PG_STATS_FLUSH_SECONDS)
        before = _pg_counters(pg)
        await asyncio.sleep(PG_STATS_FLUSH_SECONDS)
        xacts, scans = (a - b for a, b in zip(_pg_counters(pg), before, strict=True))
        costs.append(
            Cost("(no events, 11 s)", 0.0, 0.0, postgres=f"{xacts} transactions, {scans} table scans")
        )
    costs.append(await measure(events.TRIVIAL, lambda _: events.baseline(client), pids, count, watch, pg))
    for scenario in events.scenarios():
        if scenario.name == "add to basket":  # a basket line holds 20
            await asyncio.to_thread(events.empty_basket, setup.database_url, token)
            n = 14  # with 3 warm-up and 3 MONITOR rounds: a basket line holds 20
        else:
            n = count

        async def send(i: int, sc: events.Scenario = scenario) -> float:
            return await client.call(sc.event, sc.payload_for(i), done=sc.done, path=sc.path)

        costs.append(await measure(scenario.name, send, pids, n, watch, pg))
    await client.close()

    async def new_tab(_: int) -> float:
        """A signed-in learner's new tab: websocket, hydrate (every state, to the browser)."""
        tab = ReflexClient(base, cookies={SESSION_COOKIE: token})
        started = time.perf_counter()
        await tab.connect("/dashboard/")
        elapsed = time.perf_counter() - started
        await tab.close()
        return elapsed

    costs.append(await measure("new tab (hydrate)", new_tab, pids, max(20, count // 10), watch, pg))
    return costs


async def blank_costs(base: str, count: int) -> list[Cost]:
    """The blank app's trivial event, the same with a hop to a thread, and with SELECT 1 there."""
    client = await ReflexClient(base).connect("/")
    costs = []
    names = (
        ("bump", "blank app: trivial"),
        ("hop", "blank app: thread hop"),
        ("query", "blank app: SELECT 1"),
    )
    for handler, name in names:

        async def send(_: int, handler: str = handler) -> float:
            return await client.call(f"{events.BLANK}.{handler}", done=(events.BLANK, "count"))

        costs.append(await measure(name, send, backend_pids(base), count, None, None))
    await client.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_mode_arguments(parser)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()
    for mode in modes_from(args.mode):
        with mode_setup(mode, 1) as setup:
            with running_blank_app(setup) as base:
                blank = asyncio.run(blank_costs(base, args.events))
            with running_portal(setup.database_url, extra_env=setup.env()) as base:
                costs = asyncio.run(portal_costs(base, setup, args.events))
        print(f"\n==== {setup.label}: what one event costs the server")
        for cost in [*blank, *costs]:
            print(f"  {cost.name:<22} cpu {cost.cpu_ms:6.2f} ms  p50 {cost.p50_ms:6.2f} ms")
            for extra in (cost.redis, cost.postgres):
                if extra:
                    print(f"  {'':<22} {extra}")


if __name__ == "__main__":
    main()
