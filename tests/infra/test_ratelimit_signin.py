"""Password checks (bcrypt) on a bounded pool: one client cannot fill the queue in front of
everyone else's sign-in, and a full queue refuses at once instead of piling up."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from portal_app.infra import security
from portal_app.infra.security import HashPool, HashPoolBusy
from portal_app.services import auth
from portal_app.services.errors import TooManyAttempts
from tests.factories import PASSWORD, make_learner


def _run(scenario):
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps an event loop
    running on the main thread for the whole session."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, scenario).result()


def _blocking(gate: threading.Event):
    def check(*_: object) -> bool:
        gate.wait(10)
        return True

    return check


def test_one_client_gets_its_share_and_the_others_still_get_in():
    async def scenario() -> tuple[list[object], bool]:
        pool = HashPool(threads=1, queue=10, per_client=3)
        gate = threading.Event()
        attacker = [asyncio.ensure_future(pool.run("203.0.113.9", _blocking(gate))) for _ in range(5)]
        await asyncio.sleep(0.05)
        someone_else = asyncio.ensure_future(pool.run("198.51.100.4", _blocking(gate)))
        await asyncio.sleep(0.05)
        gate.set()
        results = await asyncio.gather(*attacker, return_exceptions=True)
        return results, await someone_else

    results, other = _run(scenario())
    assert results[:3] == [True, True, True]
    assert all(isinstance(r, HashPoolBusy) and not r.everyone for r in results[3:])
    assert other is True


def test_a_full_queue_refuses_at_once():
    async def scenario() -> tuple[float, HashPoolBusy | None]:
        pool = HashPool(threads=1, queue=4, per_client=4)
        gate = threading.Event()
        waiting = [asyncio.ensure_future(pool.run(f"10.0.0.{n}", _blocking(gate))) for n in range(4)]
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        start, refused = loop.time(), None
        try:
            await pool.run("10.0.0.99", _blocking(gate))
        except HashPoolBusy as busy:
            refused = busy
        elapsed = loop.time() - start
        gate.set()
        await asyncio.gather(*waiting)
        return elapsed, refused

    elapsed, refused = _run(scenario())
    assert refused is not None and refused.everyone and elapsed < 0.5


def test_sign_in_beyond_a_clients_share_is_refused_with_a_plain_message(db, use_engine, monkeypatch):
    """Through the production path (auth.sign_in_async, its own units of work)."""
    learner = make_learner(db)
    gate = threading.Event()
    monkeypatch.setattr(security, "hash_pool", HashPool(threads=1, queue=10, per_client=2))
    monkeypatch.setattr(security, "verify_password", _blocking(gate))

    async def scenario() -> list[object]:
        tries = [
            asyncio.ensure_future(auth.sign_in_async(learner.email, PASSWORD, "203.0.113.9"))
            for _ in range(3)
        ]
        await asyncio.wait(tries, timeout=10, return_when=asyncio.FIRST_COMPLETED)  # the refusal
        gate.set()
        return await asyncio.gather(*tries, return_exceptions=True)

    results = _run(scenario())
    signed_in = [r for r in results if isinstance(r, auth.SignedIn)]
    refused = [r for r in results if isinstance(r, TooManyAttempts)]
    assert len(signed_in) == 2 and len(refused) == 1
    assert str(refused[0]) == "Too many sign-in attempts from this address at once. Try again in a minute."


def test_password_checks_yield_the_cpu_to_everyone_elses_events():
    """The pool's threads run at a lower priority than the worker's event loop, so a storm of
    sign-ins spends spare CPU only (docs/PERFORMANCE.md); the loop's own priority is untouched."""
    import os

    def own_nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = own_nice()
    pool = HashPool(threads=1, queue=4, per_client=4, nice=10)
    assert _run(pool.run("198.51.100.4", own_nice)) == max(before, 10)
    assert own_nice() == before
