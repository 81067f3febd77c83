"""A fixed-window rate limiter: at most `limit` hits per key per `window` seconds.

In memory by default (one worker); with REDIS_URL set, the counters live in Redis (INCR +
EXPIRE), so several workers share them. The public verification page and its JSON endpoint use
one limiter keyed by client IP (see docs/DOCUMENTS.md).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from portal_app.infra.settings import settings


class Counter(Protocol):
    def incr(self, key: str, window: int) -> int: ...


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def incr(self, key: str, window: int) -> int:
        with self._lock:
            if len(self._counts) > 50_000:  # old windows: forget them all rather than grow
                self._counts.clear()
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def incr(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window + 1)
        count, _ = pipe.execute()
        return int(count)


class FixedWindowLimiter:
    def __init__(self, name: str, limit: int, window: int, counter: Counter | None = None) -> None:
        self.name = name
        self.limit = limit
        self.window = window
        self._counter = counter

    @property
    def counter(self) -> Counter:
        if self._counter is None:
            self._counter = RedisCounter(settings.redis_url) if settings.redis_url else MemoryCounter()
        return self._counter

    def hit(self, client: str, now: float | None = None) -> bool:
        """Count one request; False when the client is over the limit in this window."""
        slot = int((time.time() if now is None else now) // self.window)
        return self.counter.incr(f"rl:{self.name}:{slot}:{client}", self.window) <= self.limit


verify_limiter = FixedWindowLimiter("verify", limit=30, window=60)
