"""Rate limits: moving windows that forget old keys one by one, shared through Redis, keyed on
the client's real address behind the configured proxies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from limits.storage import MemoryStorage, RedisStorage
from starlette.testclient import TestClient

from portal_app.api import routes
from portal_app.infra import ratelimit
from portal_app.infra.ratelimit import Limit, client_address
from portal_app.infra.settings import ROOT, Settings


def test_a_limit_counts_per_key():
    limit = Limit("t", "3 per minute", MemoryStorage())
    assert [limit.hit("a") for _ in range(4)] == [True, True, True, False]
    assert limit.hit("b")
    assert 0 < limit.retry_after("a") <= 60 and limit.retry_after("b") == 0


def test_no_double_burst_across_a_window_boundary():
    """A fixed window lets 2x the limit through around its end; a moving window counts the last
    4 seconds whenever it is asked."""
    limit = Limit("edge", "3 per 4 seconds", MemoryStorage())
    start = time.monotonic()
    assert limit.hit("a")
    time.sleep(3)
    assert limit.hit("a") and limit.hit("a")  # the limit used up late in the first 4 seconds
    time.sleep(max(0.0, start + 4.3 - time.monotonic()))
    assert [limit.hit("a") for _ in range(3)] == [True, False, False]  # only the first hit has aged out


def test_a_flood_of_other_keys_does_not_reset_a_limited_one():
    """The old in-memory counter forgot every key once it held 50,000."""
    limit = Limit("flood", "2 per minute", MemoryStorage())
    assert limit.hit("victim-target") and limit.hit("victim-target")
    for n in range(50_001):
        limit.hit(f"198.51.{n // 256 % 256}.{n % 256}-{n}")
    assert not limit.hit("victim-target")


def test_every_rate_of_a_limit_applies():
    limit = Limit("two", "2 per minute; 3 per hour", MemoryStorage())
    assert [limit.hit("a") for _ in range(3)] == [True, True, False]


def test_on_redis_two_workers_share_the_counts():
    name = f"test-{uuid.uuid4().hex[:8]}"
    first = Limit(name, "2 per minute", RedisStorage("redis://127.0.0.1:6379/0"))
    second = Limit(name, "2 per minute", RedisStorage("redis://127.0.0.1:6379/0"))
    assert first.hit("ip") and second.hit("ip")
    assert not first.hit("ip") and not second.hit("ip")


@pytest.mark.parametrize(
    ("peer", "forwarded", "hops", "expected"),
    [
        ("10.0.0.5", "203.0.113.7", 0, "10.0.0.5"),  # no proxy trusted: the header is the client's own text
        ("10.0.0.5", "203.0.113.7", 1, "203.0.113.7"),  # the load balancer appended the client
        ("10.0.0.5", "1.2.3.4, 203.0.113.7", 1, "203.0.113.7"),  # a forged entry left of it
        ("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),  # LB, then an internal proxy
        ("10.0.0.5", "", 1, "10.0.0.5"),  # no header although a proxy is expected: the peer
    ],
)
def test_the_client_address_behind_trusted_proxies(peer, forwarded, hops, expected):
    assert client_address(peer, forwarded, hops) == expected


@pytest.fixture
def api(use_engine, monkeypatch):
    monkeypatch.setattr(ratelimit, "verify_limiter", Limit("api", "5 per minute", MemoryStorage()))

    def behind(hops: int) -> TestClient:
        monkeypatch.setattr(routes, "settings", Settings(trusted_proxy_hops=hops))
        return TestClient(routes.api)

    return behind


def test_behind_the_load_balancer_each_user_has_their_own_share(api):
    client = api(1)
    for _ in range(5):
        client.get("/api/verify/00000000-01-NONE", headers={"x-forwarded-for": "198.51.100.1"})
    limited = client.get("/api/verify/00000000-01-NONE", headers={"x-forwarded-for": "198.51.100.1"})
    other = client.get("/api/verify/00000000-01-NONE", headers={"x-forwarded-for": "198.51.100.2"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert other.status_code == 404


def test_a_forged_forwarded_for_does_not_escape_the_limit(api):
    client = api(0)
    codes = [
        client.get("/api/verify/00000000-01-NONE", headers={"x-forwarded-for": f"203.0.113.{n}"}).status_code
        for n in range(6)
    ]
    assert codes == [404] * 5 + [429]
    spoofed = api(1).get("/api/verify/00000000-01-NONE", headers={"x-forwarded-for": "9.9.9.9, testclient"})
    assert spoofed.status_code == 429  # the forged entry left of the proxy's is ignored
    # HAProxy's `option forwardfor` adds its own header line after the client's rather than append
    own_line = [("x-forwarded-for", "9.9.9.8"), ("x-forwarded-for", "testclient")]
    assert api(1).get("/api/verify/00000000-01-NONE", headers=own_line).status_code == 429


def test_the_websocket_uses_the_same_trusted_hops():
    """rxconfig hands PORTAL_TRUSTED_PROXY_HOPS to Reflex, which keys `router.session.client_ip`."""
    probe = (
        "import rxconfig\n"
        "from reflex.app import EventNamespace\n"
        "scope = {'client': ('10.0.0.5', 4000), 'headers': [(b'x-forwarded-for', b'1.2.3.4, 203.0.113.7')]}\n"
        "data = EventNamespace._build_static_router_data(None, 'sid', {'asgi.scope': scope})\n"
        "print(rxconfig.config.trusted_proxy_hops, data['ip'])\n"
    )
    env = dict(os.environ, PORTAL_TRUSTED_PROXY_HOPS="1")
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1", "203.0.113.7"]
