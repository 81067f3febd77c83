"""Event latency and throughput over the real websocket protocol, without a browser.

    python -m benchmarks.events [--mode embedded|production|both] [--workers N]
                                [--clients 1,10,50] [--rounds 20]

For each mode (benchmarks/harness.py: embedded = SQLite, in-memory state, one worker;
production = PostgreSQL, a Redis server, one worker per core unless --workers), first a blank
Reflex app (one var, one trivial event, no database; benchmarks/blank_app) on the same build,
state manager and worker count: the framework's ceiling. Then the portal: N simulated browser
sessions, signed in, each send the portal's real events in a loop, together with a trivial event
(showing or dismissing the page alert: a handler that sets one var) as the baseline. Prints
p50/p95/p99 per event and client count, events/s and the p95 ratio to the baseline; then other
users' latency while 20 sign-ins (bcrypt cost 12) run at once, and the rate they complete at.
At the end, both modes side by side.

At one session, 20 rounds give 20 samples, and their p95 is one unlucky sample on a busy
machine: use more rounds (e.g. --clients 1 --rounds 200) for a steadier figure. A basket line
holds 20, so every 20 rounds each session's basket is emptied in the database, outside the timing.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass, field

from benchmarks.harness import (
    Setup,
    add_mode_arguments,
    mode_setup,
    modes_from,
    percentile,
    running_blank_app,
    running_portal,
    summary_ms,
    worker_counts,
)
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import SESSION_COOKIE, ReflexClient, state_path

PORTAL = "portal_app.state.base.PortalState"
BASE = state_path(PORTAL)
SIGNIN = state_path(PORTAL, "portal_app.state.auth.SignInState")
DASHBOARD = state_path(PORTAL, "portal_app.state.dashboard.DashboardState")
DOCUMENTS = state_path(PORTAL, "portal_app.state.documents.DocumentsState")
CONNECTIONS = state_path(PORTAL, "portal_app.state.connections.ConnectionsState")
STORE = state_path(PORTAL, "portal_app.state.store.StoreState")
PORTAL_EVENTS = state_path(PORTAL, "portal_app.state.base.PortalEvents")
BLANK = state_path("blank.blank.State")
TRIVIAL = "trivial (baseline)"


@dataclass
class Scenario:
    """An event and the var whose update marks it done. Reflex sends only changed values, so
    list queries alternate their input (round by round) to make every answer visible."""

    name: str
    event: str
    payload: dict | list[dict]
    done: tuple[str, str]
    path: str

    def payload_for(self, round_: int) -> dict:
        return self.payload[round_ % len(self.payload)] if isinstance(self.payload, list) else self.payload


def scenarios() -> list[Scenario]:
    """The portal's real events, each with the var whose update marks it done."""
    return [
        Scenario("sign-in page load", SIGNIN + ".on_load", {}, (SIGNIN, "errors"), "/signin/"),
        Scenario("dashboard", DASHBOARD + ".load", {}, (DASHBOARD, "pending_connections"), "/dashboard/"),
        Scenario(
            "documents list",
            DOCUMENTS + ".set_sort",
            [{"value": "oldest"}, {"value": "newest"}],
            (DOCUMENTS, "sort"),
            "/documents/",
        ),
        Scenario(
            "connections search",
            CONNECTIONS + ".set_search",
            [{"value": "trew"}, {"value": "ted"}],
            (CONNECTIONS, "search"),
            "/connections/",
        ),
        Scenario("add to basket", STORE + ".add", {}, (BASE, "basket_count"), "/store/"),
    ]


def bench_learners(database_url: str, n: int) -> list[str]:
    """n learners, each with a certificate and a connection, signed in; returns session tokens.

    Made directly in the database (the sign-in storm below measures bcrypt separately)."""
    from datetime import date, timedelta

    from sqlmodel import Session

    from portal_app.infra.clock import utcnow
    from portal_app.infra.db import get_engine
    from portal_app.models import Account, Connection, Document, LearnerRecord
    from portal_app.services import auth

    tokens = []
    with Session(get_engine(database_url)) as db:
        for i in range(n):
            record = LearnerRecord(
                candidate_number=f"B{time.time_ns() % 10**9:09d}{i}",
                first_name="Bench",
                last_name=f"Learner{i}",
                last_name_key=f"learner{i}",
                date_of_birth=date(1990, 1, 1),
            )
            db.add(record)
            db.flush()
            account = Account(
                email=f"bench{i}-{record.id}@example.com",
                kind="learner",
                status="active",
                first_name="Bench",
                last_name=f"Learner{i}",
                learner_record_id=record.id,
                password_hash="x",
                email_verified_at=utcnow(),
            )
            db.add(account)
            db.flush()
            db.add(
                Document(
                    reference=f"B{record.id:07d}-01-BNCH",
                    kind="certificate",
                    learner_record_id=record.id,
                    qualification_number="603/0000/0",
                    qualification_title="Bench Qualification",
                    issued_on=date(2024, 1, 1),
                    content={"grade": "Pass", "units": []},
                )
            )
            db.add(
                Connection(
                    learner_account_id=account.id,
                    third_party_name="Ted Trew",
                    third_party_email="ted.trew@fleetmotors.example",
                    initiated_by="learner",
                    status="active",
                    expires_at=utcnow() + timedelta(days=30),
                )
            )
            db.flush()
            tokens.append(auth.complete_sign_in(db, account.email, "x", True).token)
        db.commit()
    return tokens


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.samples.setdefault(name, []).append(seconds)


async def signed_in_client(base: str, email: str) -> ReflexClient:
    client = await ReflexClient(base).connect("/signin/")
    await client.sign_in(email, DEMO_PASSWORD, timeout=120)  # a storm queues bcrypt one at a time
    return client


async def baseline(client: ReflexClient) -> float:
    """A handler that only sets one var: the page alert, shown and dismissed in turn (Reflex
    sends nothing for an event that changes nothing). It used to be update_vars_internal setting
    the session cookie var, which the HttpOnly cookie no longer is."""
    handler = "dismiss_alert" if client.value(BASE, "alert_message") else "show_unexpected_error"
    return await client.call(f"{PORTAL_EVENTS}.{handler}", done=(BASE, "alert_message"))


async def store_client(base: str, token: str) -> ReflexClient:
    client = await ReflexClient(base, cookies={SESSION_COOKIE: token}).connect("/store/")
    await client.call(STORE + ".load", done=(STORE, "products"), path="/store/")
    document = (client.value(STORE, "documents") or [{}])[0].get("reference", "")
    await client.call(STORE + ".choose_document", {"reference": document}, done=(STORE, "document_reference"))
    await client.call(CONNECTIONS + ".load", done=(CONNECTIONS, "rows"), path="/connections/")
    return client


def empty_basket(database_url: str, token: str) -> None:
    """Empty a bench learner's basket (a basket line holds at most MAX_QUANTITY)."""
    from sqlmodel import delete

    from portal_app.infra.db import get_engine, session_scope
    from portal_app.models import BasketItem
    from portal_app.services import auth

    with session_scope(get_engine(database_url)) as db:
        account = auth.resolve_session(db, token, touch=False)
        if account is not None:
            db.exec(delete(BasketItem).where(BasketItem.account_id == account.id))  # type: ignore[call-overload]


async def run_clients(
    base: str, database_url: str, tokens: list[str], rounds: int
) -> tuple[Results, float, int]:
    from portal_app.models.store import MAX_QUANTITY

    clients = await asyncio.gather(*[store_client(base, token) for token in tokens])
    results = Results()

    async def drive(client: ReflexClient, token: str) -> int:
        count = 0
        for round_ in range(rounds):
            if round_ and round_ % MAX_QUANTITY == 0:  # untimed, between rounds
                await asyncio.to_thread(empty_basket, database_url, token)
            results.add(TRIVIAL, await baseline(client))
            count += 1
            for sc in scenarios():
                try:
                    results.add(
                        sc.name,
                        await client.call(sc.event, sc.payload_for(round_), done=sc.done, path=sc.path),
                    )
                except TimeoutError as error:
                    raise TimeoutError(f"{sc.name}: no update of {sc.done[1]} within 30 s") from error
                count += 1
        return count

    start = time.perf_counter()
    counts = await asyncio.gather(*[drive(c, t) for c, t in zip(clients, tokens, strict=True)])
    elapsed = time.perf_counter() - start
    await asyncio.gather(*[c.close() for c in clients])
    return results, elapsed, sum(counts)


def bcrypt_check_seconds(rounds: int = 12, samples: int = 5) -> float:
    """The median time of one password check at this cost on one core (this process)."""
    import statistics

    import bcrypt

    hashed = bcrypt.hashpw(b"a benchmark passphrase", bcrypt.gensalt(rounds=rounds))
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        bcrypt.checkpw(b"a benchmark passphrase", hashed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class StormFigures:
    quiet_p95: float
    storm_p95: float
    sign_ins: int
    seconds: float


async def sign_in_storm(base: str, storm: int = 20, rounds: int = 30) -> StormFigures:
    observer = await signed_in_client(base, "sarah.yeoman@example.com")
    quiet = [
        await observer.call(
            DASHBOARD + ".load", {}, done=(DASHBOARD, "pending_connections"), path="/dashboard/"
        )
        for _ in range(rounds)
    ]

    async def one_sign_in() -> None:
        client = await signed_in_client(base, "claire.hammond@example.com")
        await client.close()

    started = time.perf_counter()
    storm_task = asyncio.gather(*[one_sign_in() for _ in range(storm)])
    busy = []
    while not storm_task.done() and len(busy) < rounds * 4:
        busy.append(
            await observer.call(
                DASHBOARD + ".load", {}, done=(DASHBOARD, "pending_connections"), path="/dashboard/"
            )
        )
    await storm_task
    seconds = time.perf_counter() - started
    await observer.close()
    print("\n== other users' latency during a storm of", storm, "sign-ins (bcrypt cost 12)")
    print(f"  quiet    {summary_ms(quiet)}")
    print(f"  storm    {summary_ms(busy)}")
    print(f"  p95 increase: {(percentile(busy, 95) - percentile(quiet, 95)) * 1000:.1f} ms (target < 20 ms)")
    print(f"  {storm} sign-ins completed in {seconds:.1f} s = {storm / seconds:.1f}/s")
    check = bcrypt_check_seconds()
    print(f"  one bcrypt check (cost 12) here: {check * 1000:.0f} ms = {1 / check:.1f} per core per second")
    return StormFigures(percentile(quiet, 95), percentile(busy, 95), storm, seconds)


@dataclass
class ModeFigures:
    """What one mode measured, for the side-by-side table."""

    label: str
    blank_rate: dict[int, float] = field(default_factory=dict)  # sessions -> events/s
    blank_p95: float = 0.0  # one session
    query_rate: dict[int, float] = field(default_factory=dict)  # the blank app's SELECT 1 event
    query_p95: float = 0.0
    portal_rate: dict[int, float] = field(default_factory=dict)
    portal_p95: dict[str, float] = field(default_factory=dict)  # one session, by event
    storm: StormFigures | None = None


async def _send(client: ReflexClient, handler: str, events: int) -> list[float]:
    return [await client.call(f"{BLANK}.{handler}", done=(BLANK, "count")) for _ in range(events)]


async def blank_app_run(base: str, client_counts: list[int], events: int, figures: ModeFigures) -> None:
    """The blank app's trivial event, then its one-query event (a thread hop and SELECT 1 on the
    portal's database), `events` times per session, for each session count."""
    print(f"\n==== {figures.label}: blank Reflex app (the framework's ceiling)")
    for handler, rates in (("bump", figures.blank_rate), ("query", figures.query_rate)):
        for n in client_counts:
            clients = await asyncio.gather(*[ReflexClient(base).connect("/") for _ in range(n)])
            start = time.perf_counter()
            per_client = await asyncio.gather(*[_send(c, handler, events) for c in clients])
            elapsed = time.perf_counter() - start
            samples = [s for client_samples in per_client for s in client_samples]
            await asyncio.gather(*[c.close() for c in clients])
            rates[n] = len(samples) / elapsed
            if n == 1 and handler == "bump":
                figures.blank_p95 = percentile(samples, 95)
            elif n == 1:
                figures.query_p95 = percentile(samples, 95)
            name = "trivial" if handler == "bump" else "SELECT 1"
            print(f"== {n} session(s): {rates[n]:.0f} events/s  {name} {summary_ms(samples)}")


async def portal_run(
    base: str, database_url: str, client_counts: list[int], rounds: int, figures: ModeFigures
) -> None:
    print(f"\n==== {figures.label}: the portal")
    for n in client_counts:
        tokens = await asyncio.to_thread(bench_learners, database_url, n)
        results, elapsed, count = await run_clients(base, database_url, tokens, rounds)
        figures.portal_rate[n] = count / elapsed
        print(
            f"\n== {n} simulated browser session(s): {count} events in {elapsed:.1f} s = {count / elapsed:.0f} events/s"
        )
        base_p95 = percentile(results.samples[TRIVIAL], 95)
        for name, values in results.samples.items():
            ratio = percentile(values, 95) / base_p95
            print(f"  {name:<20} {summary_ms(values)}  p95/baseline {ratio:4.2f}")
            if n == 1:
                figures.portal_p95[name] = percentile(values, 95)
    figures.storm = await sign_in_storm(base)


def measure_mode(setup: Setup, client_counts: list[int], rounds: int) -> ModeFigures:
    figures = ModeFigures(setup.label)
    events_per_session = rounds * (1 + len(scenarios()))  # what a portal session sends
    with running_blank_app(setup) as base:
        asyncio.run(blank_app_run(base, client_counts, events_per_session, figures))
    extra = {**setup.env(), "PORTAL_BCRYPT_ROUNDS": "12", "PORTAL_BCRYPT_PER_CLIENT": "32"}
    with running_portal(setup.database_url, extra_env=extra) as base:
        asyncio.run(portal_run(base, setup.database_url, client_counts, rounds, figures))
    return figures


def side_by_side(all_figures: list[ModeFigures], client_counts: list[int]) -> None:
    """Both modes in one table: what production costs, and how near the ceiling each is."""
    width = 30
    print("\n==== side by side")
    print(f"{'':<{width}}" + "".join(f"{f.label:>26}" for f in all_figures))

    def row(name: str, cells: list[str]) -> None:
        print(f"{name:<{width}}" + "".join(f"{c:>26}" for c in cells))

    for n in client_counts:
        row(f"blank app, {n} sess, events/s", [f"{f.blank_rate.get(n, 0):.0f}" for f in all_figures])
        row(f"blank SELECT 1, {n} sess, ev/s", [f"{f.query_rate.get(n, 0):.0f}" for f in all_figures])
        row(f"portal, {n} sess, events/s", [f"{f.portal_rate.get(n, 0):.0f}" for f in all_figures])
        row(
            "  portal / blank",
            [f"{f.portal_rate.get(n, 0) / max(f.blank_rate.get(n, 0), 1e-9):.2f}" for f in all_figures],
        )
        row(
            "  portal / blank SELECT 1",
            [f"{f.portal_rate.get(n, 0) / max(f.query_rate.get(n, 0), 1e-9):.2f}" for f in all_figures],
        )
    names = list(all_figures[0].portal_p95)  # one-session figures, when 1 was among the counts
    if names:
        row("blank trivial p95, 1 sess, ms", [f"{f.blank_p95 * 1000:.2f}" for f in all_figures])
        row("blank SELECT 1 p95, 1 sess, ms", [f"{f.query_p95 * 1000:.2f}" for f in all_figures])
    for name in names:
        cells = []
        for f in all_figures:
            value, trivial = f.portal_p95.get(name, 0.0), f.portal_p95.get(TRIVIAL, 0.0)
            cells.append(f"{value * 1000:.2f} ({value / max(trivial, 1e-9):.2f}x)")
        row(f"{name[:22]} p95, ms", cells)
    row(
        "storm: others' p95 rise, ms",
        [f"{(f.storm.storm_p95 - f.storm.quiet_p95) * 1000:+.1f}" if f.storm else "-" for f in all_figures],
    )
    row(
        "storm: sign-ins/s",
        [f"{f.storm.sign_ins / f.storm.seconds:.1f}" if f.storm else "-" for f in all_figures],
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_mode_arguments(parser)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument(
        "--rounds",
        type=int,
        default=20,
        help="rounds per session; every 20 the session's basket is emptied (untimed): a line holds 20",
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    all_figures = []
    for mode in modes_from(args.mode):
        for workers in worker_counts(args.workers) if mode == "production" else [None]:
            with mode_setup(mode, workers) as setup:
                all_figures.append(measure_mode(setup, counts, args.rounds))
    side_by_side(all_figures, counts)


if __name__ == "__main__":
    main()
