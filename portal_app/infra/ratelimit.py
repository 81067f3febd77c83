"""Rate limits: moving windows per key, from the `limits` library.

Counts live in memory without REDIS_URL (one worker) and in Redis with it, so every worker
shares them; old windows expire on their own in both. A limit is named and holds one or more
rates in the library's notation ("10 per 10 minutes; 50 per day"); an attempt counts against
every rate only when all of them still have room. Keys are the client's real address
(`client_address`), an account id or an e-mail address; the numbers are settings
(docs/SECURITY.md, "Abuse limits").
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers

from portal_app.infra.settings import settings

_storage: Storage | None = None


def shared_storage() -> Storage:
    """Redis when REDIS_URL is set (all workers), else this process's memory."""
    global _storage
    if _storage is None:
        storage = storage_from_string(settings.redis_url or "memory://")
        if not isinstance(storage, Storage):  # only an async+ URL gives the asyncio kind
            raise TypeError("rate limits need a synchronous storage URL")
        _storage = storage
    return _storage


def client_address(peer: str | None, forwarded_for: str | None, trusted_hops: int) -> str:
    """The client's address behind `trusted_hops` proxies that each append to X-Forwarded-For.

    With no trusted proxy the socket peer is the client, whatever the header says (anyone can
    send one). Behind N proxies the N-th address from the right is the one the outermost
    trusted proxy saw; anything left of it was written by the client. The same rule as
    Reflex's `trusted_proxy_hops` for the websocket (rxconfig.py).
    """
    peer = peer or "unknown"
    if trusted_hops <= 0:
        return peer
    hops = [ip.strip() for ip in (forwarded_for or "").split(",") if ip.strip()]
    return hops[-trusted_hops] if len(hops) >= trusted_hops else peer


def forwarded_for(headers: Headers) -> str:
    """Every X-Forwarded-For line of a request, in order, as one list. A proxy may add a line of
    its own rather than append to the client's (HAProxy's `option forwardfor` does): reading only
    the first line would believe the client's forgery."""
    return ", ".join(headers.getlist("x-forwarded-for"))


class Limit:
    """A named limit: `hit(key)` counts one attempt, False when the key has used its share."""

    def __init__(self, name: str, rates: str, storage: Storage | None = None) -> None:
        self.name = name
        self.rates: list[RateLimitItem] = parse_many(rates)
        self._storage = storage

    @property
    def _limiter(self) -> MovingWindowRateLimiter:
        return MovingWindowRateLimiter(self._storage or shared_storage())

    def hit(self, key: str) -> bool:
        limiter = self._limiter
        key = key.strip().lower() or "unknown"
        if not all(limiter.test(rate, self.name, key) for rate in self.rates):
            return False
        return all([limiter.hit(rate, self.name, key) for rate in self.rates])

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again (0 when it may now)."""
        limiter = self._limiter
        key = key.strip().lower() or "unknown"
        waits = [
            stats.reset_time - time.time()
            for stats in (limiter.get_window_stats(rate, self.name, key) for rate in self.rates)
            if stats.remaining <= 0
        ]
        return max(0, math.ceil(max(waits, default=0)))

    def clear(self, key: str) -> None:
        for rate in self.rates:
            self._limiter.clear(rate, self.name, key.strip().lower() or "unknown")


def wait_in_words(seconds: int) -> str:
    """'a minute', '10 minutes', '2 hours': how long a person should wait."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes == 1:
        return "a minute"
    if minutes < 120:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


verify_limiter = Limit("verify", settings.limit_verify)
