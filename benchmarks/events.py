"""Event latency over the real websocket protocol, without a browser.

    python -m benchmarks.events [--database-url URL] [--clients 1,10,50] [--rounds 20]

Starts the portal (production build, one worker, in-memory state unless REDIS_URL is set),
signs in N simulated browser sessions and has each send the portal's real events in a loop,
together with a trivial event (showing or dismissing the page alert: a handler that sets one var) as the
baseline. Prints p50/p95/p99 per event and client count, events/s, and the p95 ratio to the
baseline. Part 2 measures other users' latency while 20 sign-ins (bcrypt cost 12) run at once.

At one session, 20 rounds give 20 samples, and their p95 is one unlucky sample on a busy
machine: use more rounds (e.g. --clients 1 --rounds 200) for a steadier figure. A basket line
holds 20, so every 20 rounds each session's basket is emptied in the database, outside the timing.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import percentile, running_portal, summary_ms
from portal_app.seed import DEMO_PASSWORD
from tests.support.reflex_client import SESSION_COOKIE, ReflexClient, state_path

PORTAL = "portal_app.state.base.PortalState"
BASE = state_path(PORTAL)
SIGNIN = state_path(PORTAL, "portal_app.state.auth.SignInState")
DASHBOARD = state_path(PORTAL, "portal_app.state.dashboard.DashboardState")
DOCUMENTS = state_path(PORTAL, "portal_app.state.documents.DocumentsState")
CONNECTIONS = state_path(PORTAL, "portal_app.state.connections.ConnectionsState")
STORE = state_path(PORTAL, "portal_app.state.store.StoreState")


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
        Scenario("sign-in page load", SIGNIN + ".on_load", {}, (SIGNIN, "password_error"), "/signin/"),
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
    return await client.call(f"{BASE}.{handler}", done=(BASE, "alert_message"))


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
            results.add("trivial (baseline)", await baseline(client))
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


async def sign_in_storm(base: str, storm: int = 20, rounds: int = 30) -> None:
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

    storm_task = asyncio.gather(*[one_sign_in() for _ in range(storm)])
    busy = []
    while not storm_task.done() and len(busy) < rounds * 4:
        busy.append(
            await observer.call(
                DASHBOARD + ".load", {}, done=(DASHBOARD, "pending_connections"), path="/dashboard/"
            )
        )
    await storm_task
    await observer.close()
    print("\n== other users' latency during a storm of", storm, "sign-ins (bcrypt cost 12)")
    print(f"  quiet    {summary_ms(quiet)}")
    print(f"  storm    {summary_ms(busy)}")
    print(f"  p95 increase: {(percentile(busy, 95) - percentile(quiet, 95)) * 1000:.1f} ms (target < 20 ms)")


async def main_async(base: str, database_url: str, client_counts: list[int], rounds: int) -> None:
    for n in client_counts:
        tokens = await asyncio.to_thread(bench_learners, database_url, n)
        results, elapsed, count = await run_clients(base, database_url, tokens, rounds)
        print(
            f"\n== {n} simulated browser session(s): {count} events in {elapsed:.1f} s = {count / elapsed:.0f} events/s"
        )
        base_p95 = percentile(results.samples["trivial (baseline)"], 95)
        for name, values in results.samples.items():
            ratio = percentile(values, 95) / base_p95
            print(f"  {name:<20} {summary_ms(values)}  p95/baseline {ratio:4.2f}")
    await sign_in_storm(base)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument(
        "--rounds",
        type=int,
        default=20,
        help="rounds per session; every 20 the session's basket is emptied (untimed): a line holds 20",
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with running_portal(
            url, extra_env={"PORTAL_BCRYPT_ROUNDS": "12", "PORTAL_BCRYPT_PER_CLIENT": "32"}
        ) as base:
            asyncio.run(main_async(base, url, counts, args.rounds))


if __name__ == "__main__":
    main()
