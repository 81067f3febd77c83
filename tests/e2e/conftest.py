"""End-to-end fixtures: the real app (production build, one port) on a fresh seeded SQLite
database, a real SMTP server receiving its e-mail, and Debian's chromium driven by Playwright.

One app per test session; tests use their own accounts or the demo ones (see README).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp import SmtpServer, free_port
from tests.support.redis_server import RedisServer
from tests.support.second_factor import DEMO_ADMIN, demo_admin_code

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 600


@dataclass
class RunningPortal:
    base_url: str
    database_url: str
    smtp: SmtpServer
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"portal exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as response:  # noqa: S310 - local
                if response.status == 200:
                    urllib.request.urlopen(url + "/signin", timeout=5).read()  # noqa: S310
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"portal did not start in {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


def portal_env(tmp: Path, port: int, smtp_port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp / 'e2e.db'}",
            "PORTAL_PORT": str(port),
            "PORTAL_BASE_URL": f"http://localhost:{port}",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "PORTAL_BCRYPT_ROUNDS": "12",
            "PORTAL_SEED_DEMO": "true",  # the journeys click through the demo story
            # Every browser test registers from 127.0.0.1: room for the whole suite (the limit
            # itself is attacked in tests/infra/test_ratelimit_abuse.py).
            "PORTAL_LIMIT_REGISTER_PER_CLIENT": "60 per 10 minutes",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    tmp = tmp_path_factory.mktemp("portal")
    port = free_port()
    smtp = SmtpServer().start()
    env = portal_env(tmp, port, smtp.port)
    try:
        yield from _start(tmp, env, env["DATABASE_URL"], smtp)
    finally:
        smtp.stop()


def _start(tmp: Path, env: dict[str, str], database_url: str, smtp: SmtpServer) -> Iterator[RunningPortal]:
    python = sys.executable
    subprocess.run([python, "-m", "portal_app.cli", "migrate"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "-m", "portal_app.cli", "seed"], cwd=ROOT, env=env, check=True)
    log = tmp / "portal.log"
    reflex = str(Path(python).parent / "reflex")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [reflex, "run", "--env", "prod", "--single-port"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = env["PORTAL_BASE_URL"]
    try:
        _wait_until_up(base, proc, log)
        yield RunningPortal(base_url=base, database_url=database_url, smtp=smtp, log_path=log)
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


@pytest.fixture(scope="session")
def prod_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """The production portal's Redis: a server of the tests' own, so they may flush, kill and
    restart it (tests that stop it must start it again)."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def prod_portal(
    tmp_path_factory: pytest.TempPathFactory, pg_url: str, prod_redis: RedisServer
) -> Iterator[RunningPortal]:
    """Production mode: PostgreSQL, Redis state (`prod_redis`), two backend workers, its own
    frontend build."""
    import sqlalchemy as sa

    tmp = tmp_path_factory.mktemp("prod")
    name = pg_url.rsplit("/", 1)[1] + "_prod"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    database_url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    port = free_port()
    smtp = SmtpServer().start()
    env = portal_env(
        tmp,
        port,
        smtp.port,
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": prod_redis.url,
            "GRANIAN_WORKERS": "2",
            "REFLEX_WEB_WORKDIR": str(tmp / ".web"),
        },
    )
    try:
        yield from _start(tmp, env, database_url, smtp)
    finally:
        smtp.stop()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, portal):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    csp_violations: list[str] = []
    pg.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()
    assert not csp_violations, f"the page broke its Content-Security-Policy: {csp_violations[:3]}"


def sign_in(page, portal: RunningPortal, email: str, password: str) -> None:
    page.goto(portal.url("/signin"))
    page.wait_for_selector("#email")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    if email == DEMO_ADMIN:
        page.fill("#code", demo_admin_code(portal.database_url))
        page.click("#submit-code")
