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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp import SmtpServer, free_port
from tests.support.journey_controls import RECORDER
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


def prepare_database(env: dict[str, str]) -> None:
    """Migrate and seed the database of `env` (DATABASE_URL) as a release would, before the portal starts."""
    for command in ("migrate", "seed"):
        subprocess.run([sys.executable, "-m", "portal_app.cli", command], cwd=ROOT, env=env, check=True)


def _start(tmp: Path, env: dict[str, str], database_url: str, smtp: SmtpServer) -> Iterator[RunningPortal]:
    python = sys.executable
    prepare_database(env)
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
    tmp = tmp_path_factory.mktemp("prod")
    with fresh_database(pg_url, "prod") as database_url:
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


@contextmanager
def fresh_database(pg_url: str, suffix: str) -> Iterator[str]:
    """A PostgreSQL database of its own beside the session's `pg_url`, dropped afterwards."""
    import sqlalchemy as sa

    name = f"{pg_url.rsplit('/', 1)[1]}_{suffix}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
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
        RECORDER.watch(instance)  # every context records the controls its journeys press
        yield instance
        instance.close()


WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}  # the widths every page must work at


def _watched_page(browser, width: int, height: int) -> Iterator:
    """A fresh browser context's page; the test fails if the page broke its Content-Security-Policy."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    csp_violations: list[str] = []
    pg.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()
    assert not csp_violations, f"the page broke its Content-Security-Policy: {csp_violations[:3]}"


@pytest.fixture
def page(browser, portal):
    yield from _watched_page(browser, *WIDTHS["desktop"])


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser, portal):
    """`page`, once on a desktop and once on a phone."""
    yield from _watched_page(browser, *WIDTHS[request.param])


def sign_in(page, portal: RunningPortal, email: str, password: str) -> None:
    page.goto(portal.url("/signin"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()  # not the top bar's
    if email == DEMO_ADMIN:
        page.get_by_label("Code").fill(demo_admin_code(portal.database_url))
        page.get_by_role("button", name="Continue").click()


# The button-without-a-journey check (test_zz_every_control_has_a_journey.py) runs last, and only
# when the whole e2e suite was selected: with a subset, unpressed controls prove nothing.
E2E_DIR = Path(__file__).resolve().parent
CONTROL_CHECK = "test_zz_every_control_has_a_journey.py"
E2E_SUBSET: list[str] = []  # why this run is not the whole e2e suite (empty when it is)


def _in_e2e(item: pytest.Item) -> bool:
    return Path(str(item.fspath)).parent == E2E_DIR


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_in_e2e(item) for item in items):
        E2E_SUBSET.append("some e2e tests were deselected (-k, -m, --lf or similar)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    check = [item for item in items if Path(str(item.fspath)).name == CONTROL_CHECK]
    items[:] = [item for item in items if item not in check] + check


def pytest_collection_finish(session: pytest.Session) -> None:
    selected = {Path(str(item.fspath)).name for item in session.items if _in_e2e(item)}
    missing = sorted(p.name for p in E2E_DIR.glob("test_*.py") if p.name not in selected)
    if missing:
        E2E_SUBSET.append(f"not selected: {', '.join(missing)}")
    if E2E_SUBSET:  # skip before its fixtures start a portal for nothing
        reason = "only part of the e2e suite ran: " + "; ".join(E2E_SUBSET)
        for item in session.items:
            if Path(str(item.fspath)).name == CONTROL_CHECK:
                item.add_marker(pytest.mark.skip(reason=reason))
