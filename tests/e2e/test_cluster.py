"""More than one machine: two portal instances (one granian worker each, own ports) behind
HAProxy (deploy/haproxy.cfg), sharing PostgreSQL and Redis, started by deploy/cluster.py as
`make prod-cluster` starts them. No sticky sessions: a learner moves between instances freely.

Which instance served is HAProxy's word: its runtime API's `show stat` (open connections per
server; the websocket is one) and the `X-Served-By` header it adds to every response.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.cluster import NAMES, Cluster, haproxy_binary, running_cluster
from tests.e2e.conftest import (
    WIDTHS,
    RunningPortal,
    _watched_page,
    fresh_database,
    portal_env,
    prepare_database,
    sign_in,
)
from tests.smtp import Inbox, SmtpServer, free_port
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.e2e

VERIFY_LIMIT = 3  # per minute, per client: low enough to reach in a test


class SlowInbox(Inbox):
    """A relay that takes its time over each message, so both instances' senders are at work on
    the outbox at once (each claims the next row while the other is still sending)."""

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd API
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


@dataclass
class RunningCluster:
    portal: RunningPortal  # the load balancer's address: what browsers use
    cluster: Cluster
    relays: dict[str, SmtpServer]  # each instance's own SMTP relay, to tell who sent what

    def server(self, name: str, state: str) -> None:
        self.cluster.runtime(f"set server portal/{name} state {state}")

    def open_connections(self) -> dict[str, int]:
        return {name: int(stats["scur"]) for name, stats in self.cluster.servers().items()}

    def wait_for(self, name: str, status: str) -> None:
        """Until HAProxy's health checks (every second) see instance `name` as `status` (UP, DOWN)."""
        deadline = time.monotonic() + 30
        while self.cluster.servers()[name]["status"] != status:
            assert time.monotonic() < deadline, f"HAProxy does not see instance {name} {status}"
            time.sleep(0.25)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[RunningCluster]:
    if not Path(haproxy_binary()).exists():
        pytest.fail("haproxy not found: run `make test`, which installs it")
    tmp = tmp_path_factory.mktemp("cluster")
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(pg_url, "cluster"))
        redis = RedisServer(tmp).start()
        stack.callback(redis.stop)
        relays = {}
        for name in NAMES:
            relays[name] = SmtpServer()
            relays[name].inbox = SlowInbox()
            stack.callback(relays[name].start().stop)
        port = free_port()
        env = portal_env(
            tmp,
            port,
            relays["a"].port,
            {
                "DATABASE_URL": database_url,
                "REDIS_URL": redis.url,
                "GRANIAN_WORKERS": "1",  # two instances on a two-core machine
                "REFLEX_WEB_WORKDIR": str(tmp / ".web"),
                "PORTAL_LIMIT_VERIFY": f"{VERIFY_LIMIT} per minute",
            },
        )
        prepare_database(env)
        running = stack.enter_context(
            running_cluster(
                env,
                port=port,
                instance_ports=(free_port(), free_port()),
                workdir=tmp,
                instance_env={name: {"SMTP_PORT": str(relay.port)} for name, relay in relays.items()},
            )
        )
        portal = RunningPortal(running.base_url, database_url, relays["a"], tmp / "instance-a.log")
        yield RunningCluster(portal, running, relays)


@pytest.fixture
def learner_page(browser, cluster: RunningCluster):
    """A desktop page that fails its test if the page broke its Content-Security-Policy (whose
    script hashes each instance reads from the build they share)."""
    try:
        yield from _watched_page(browser, *WIDTHS["desktop"])
    finally:
        for name in NAMES:
            cluster.server(name, "ready")


def _sign_in_with_a_basket(page, cluster: RunningCluster) -> dict[str, str]:
    from tests.e2e.test_share_journey import PASSWORD, _make_people

    people = _make_people(cluster.portal.database_url)
    sign_in(page, cluster.portal, people["learner"], PASSWORD)
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.goto(cluster.portal.url(f"/store?document={people['cert']}"))
    page.get_by_role("button", name="Add to Basket").click()
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()
    return people


def _still_signed_in_with_the_basket(page, people: dict[str, str]) -> None:
    expect(page.get_by_role("button", name="Account menu")).to_contain_text("Journey Learner")
    expect(page.get_by_role("link", name="Basket, 1 item")).to_be_visible()
    page.get_by_role("link", name="Basket, 1 item").click()
    lines = page.get_by_role("row").filter(has=page.get_by_role("button", name="Remove"))
    expect(lines).to_have_count(1)
    expect(lines).to_contain_text(people["cert"])


def test_a_session_started_on_one_instance_carries_on_through_the_other(learner_page, cluster):
    page = learner_page
    cluster.server("b", "maint")  # everything through a
    people = _sign_in_with_a_basket(page, cluster)
    assert cluster.open_connections()["a"] >= 1  # the page's websocket
    assert cluster.open_connections()["b"] == 0

    # a is taken out and its open connections cut: the page reconnects by itself, to b.
    cluster.server("b", "ready")
    cluster.server("a", "maint")
    cluster.cluster.runtime("shutdown sessions server portal/a")
    _still_signed_in_with_the_basket(page, people)  # events through b's websocket, no reload
    connections = cluster.open_connections()
    assert connections["a"] == 0 and connections["b"] >= 1

    response = page.reload()
    assert response is not None and response.headers["x-served-by"] == "b"
    _still_signed_in_with_the_basket(page, people)


def test_an_instance_killed_mid_use_the_learner_carries_on_through_the_other(learner_page, cluster):
    page = learner_page
    cluster.server("b", "maint")
    people = _sign_in_with_a_basket(page, cluster)
    cluster.server("b", "ready")
    cluster.wait_for("b", "UP")

    victim = cluster.cluster.instances["a"]
    victim.stop(signal.SIGKILL)  # the whole process group: the machine is gone
    try:
        response = page.reload()
        assert response is not None and response.headers["x-served-by"] == "b"
        _still_signed_in_with_the_basket(page, people)
        cluster.wait_for("a", "DOWN")  # and HAProxy has stopped trying it
    finally:
        victim.start().wait_until_up()  # back for the next test
        cluster.wait_for("a", "UP")


def test_the_outbox_is_sent_by_both_instances_each_email_once(cluster):
    from portal_app.infra.db import get_engine, session_scope
    from portal_app.services import mail

    subjects = [f"Cluster outbox check {n}" for n in range(40)]
    with session_scope(get_engine(cluster.portal.database_url)) as db:
        for n, subject in enumerate(subjects):
            mail.queue(db, f"outbox-{n}@example.org", subject, ["One of forty."])

    def received() -> dict[str, list[str]]:
        return {
            name: [str(m["Subject"]) for m in relay.inbox.messages if str(m["Subject"]) in subjects]
            for name, relay in cluster.relays.items()
        }

    deadline = time.monotonic() + 90
    while sum(map(len, received().values())) < len(subjects) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(7)  # two more sending rounds of every worker: time for a second copy to turn up
    by_instance = received()
    assert sorted(by_instance["a"] + by_instance["b"]) == sorted(subjects)  # each once, none lost
    assert by_instance["a"] and by_instance["b"]  # both instances' senders took rows


def test_behind_haproxy_a_forged_forwarded_for_does_not_escape_the_shared_limit(cluster):
    """The limit counts the address HAProxy saw, in Redis shared by both instances: a client
    writing its own X-Forwarded-For (HAProxy adds its line after the client's) gains nothing."""

    def verify(n: int) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 - local
            cluster.portal.url("/api/verify/00000000-01-NONE"), headers={"X-Forwarded-For": f"203.0.113.{n}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
                return response.status, response.headers["X-Served-By"]
        except urllib.error.HTTPError as error:
            return error.code, error.headers["X-Served-By"]

    answers = [verify(n) for n in range(VERIFY_LIMIT)]
    assert [code for code, _ in answers] == [404] * VERIFY_LIMIT
    last = answers[-1][1]
    cluster.server(last, "maint")  # the next request goes to the other instance
    try:
        code, served_by = verify(99)
    finally:
        cluster.server(last, "ready")
    assert (code, served_by) == (429, "b" if last == "a" else "a")
