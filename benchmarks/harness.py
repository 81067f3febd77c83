"""Start the portal for a benchmark (production build, one port) and stop it afterwards."""

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
    (ROOT / "var").mkdir(exist_ok=True)  # a fresh clone has none yet
    log = open(ROOT / "var" / f"bench-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--single-port"],
        cwd=ROOT,
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
                urllib.request.urlopen(base + "/api/health", timeout=2).read()  # noqa: S310 - local
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
