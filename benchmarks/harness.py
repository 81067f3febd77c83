"""Start the portal (or a blank Reflex app) for a benchmark and stop it afterwards.

Two modes, both on the production build and one port:
- embedded: SQLite in a temporary folder, UI state in memory, one worker (`make run`);
- production: a PostgreSQL database of its own on the local server, a Redis server of its own
  (its own process and port, nothing kept on disk), N workers (`make prod`).
Every benchmark takes `--mode embedded|production|both` (default both) and prints the modes side
by side.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLANK_APP = ROOT / "benchmarks" / "blank_app"
MODES = ("embedded", "production")
PG_SERVER = "postgresql+psycopg://{user}@127.0.0.1:5432/{name}"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_workers() -> int:
    """What `make prod` starts: one backend worker per core."""
    return os.cpu_count() or 1


@dataclass
class Setup:
    """One mode's running parts: the database and (production) Redis the portal will use."""

    mode: str
    workers: int
    database_url: str
    redis_url: str = ""

    @property
    def label(self) -> str:
        return f"{self.mode} ({self.workers} worker{'s' if self.workers > 1 else ''})"

    def env(self) -> dict[str, str]:
        env = {"DATABASE_URL": self.database_url, "GRANIAN_WORKERS": str(self.workers)}
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env


@contextmanager
def mode_setup(mode: str, workers: int | None = None) -> Iterator[Setup]:
    """A fresh database (and, in production mode, a Redis server) for one benchmark run."""
    import tempfile

    if mode == "embedded":
        with tempfile.TemporaryDirectory() as tmp:
            yield Setup(mode, workers or 1, f"sqlite:///{Path(tmp) / 'bench.db'}")
        return
    if mode != "production":
        raise ValueError(f"unknown mode {mode!r}: {', '.join(MODES)}")
    import getpass

    import sqlalchemy as sa

    from tests.support.redis_server import RedisServer

    name = f"bench_{os.getpid()}_{time.time_ns() % 10**6}"
    admin = sa.create_engine(
        PG_SERVER.format(user=getpass.getuser(), name="test"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    with tempfile.TemporaryDirectory() as tmp:
        redis_server = RedisServer(Path(tmp)).start()
        try:
            yield Setup(
                mode,
                workers or default_workers(),
                PG_SERVER.format(user=getpass.getuser(), name=name),
                redis_server.url,
            )
        finally:
            redis_server.stop()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def modes_from(argument: str) -> list[str]:
    return list(MODES) if argument == "both" else [argument]


def add_mode_arguments(parser) -> None:  # noqa: ANN001 - argparse.ArgumentParser
    parser.add_argument("--mode", choices=[*MODES, "both"], default="both")
    parser.add_argument(
        "--workers",
        default="",
        help="backend workers in production mode (default: one per core, as `make prod`); "
        "benchmarks.events takes a list, e.g. 1,2,3, and runs production mode with each",
    )


def worker_counts(argument: str) -> list[int | None]:
    """`--workers` as a list; [None] (the default count) when not given."""
    return [int(n) for n in argument.split(",") if n.strip()] or [None]


def portals_by_mode(args) -> Iterator[tuple[Setup, str]]:  # noqa: ANN001 - parsed add_mode_arguments
    """For each mode `args` asks for: its setup and the running portal's base URL (stopped
    when the caller moves on to the next)."""
    for mode in modes_from(args.mode):
        with mode_setup(mode, worker_counts(args.workers)[0]) as setup:
            with running_portal(setup.database_url, extra_env=setup.env()) as base:
                yield setup, base


@contextmanager
def running_portal(
    database_url: str, extra_env: dict[str, str] | None = None, seed: bool = True
) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "PORTAL_PORT": str(port),
            "PORTAL_BASE_URL": f"http://localhost:{port}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "PORTAL_SEED_DEMO": "true",  # benchmarks sign in as the demo accounts
        }
    )
    env.update(extra_env or {})
    subprocess.run(
        [sys.executable, "-m", "portal_app.cli", "migrate"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    if seed:
        subprocess.run(
            [sys.executable, "-m", "portal_app.cli", "seed"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    with _serving(ROOT, env, port, "/api/health") as base:
        yield base


@contextmanager
def running_blank_app(setup: Setup) -> Iterator[str]:
    """The framework's ceiling: a blank Reflex app (one var, one trivial event, no database) on
    the same production build, state manager and worker count as the portal in `setup`."""
    port = free_port()
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "REFLEX_WEB_WORKDIR"):
        env.pop(name, None)
    env.update(
        {
            "BLANK_PORT": str(port),
            "BLANK_DATABASE_URL": setup.database_url,
            "REFLEX_USE_SYSTEM_BUN": "1",
            "GRANIAN_WORKERS": str(setup.workers),
        }
    )
    if setup.redis_url:
        env["REDIS_URL"] = setup.redis_url.rsplit("/", 1)[0] + "/1"  # the portal's own data stays in /0
    with _serving(BLANK_APP, env, port, "/ping") as base:
        yield base


@contextmanager
def _serving(app_dir: Path, env: dict[str, str], port: int, probe: str) -> Iterator[str]:
    (ROOT / "var").mkdir(exist_ok=True)  # a fresh clone has none yet
    # Reflex's own bun download needs the open internet: the one `make setup` installed (Makefile).
    env = {**env, "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"}
    log = open(ROOT / "var" / f"bench-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--single-port"],
        cwd=app_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"portal exited; see var/bench-{port}.log")
            try:
                urllib.request.urlopen(base + probe, timeout=2).read()  # noqa: S310 - local
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def backend_pids(base_url: str) -> list[int]:
    """PIDs of the processes listening on the portal's port (the backend workers)."""
    port = base_url.rsplit(":", 1)[1]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", out)})


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {statistics.median(ms):7.2f} ms  p95 {percentile(ms, 95):7.2f} ms  "
        f"p99 {percentile(ms, 99):7.2f} ms  n={len(ms)}"
    )
