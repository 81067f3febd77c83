"""A Redis server the tests own: its own process on a free port, stopped and started at will.

Production-mode tests run the portal against it rather than the machine's shared Redis, so they
can flush it, kill it (SIGTERM or SIGKILL) and start it again on the same port without touching
anyone else's data.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis

from tests.smtp import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._proc: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        """Start (or start again, on the same port) with no persistence: a restart loses everything."""
        log = (self.workdir / "redis.log").open("a")
        self._proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited:\n{(self.workdir / 'redis.log').read_text()[-2000:]}"
                )
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not answer in 10 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server with `sig` (SIGKILL: the hard case, no goodbye to clients)."""
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.send_signal(sig)
        self._proc.wait(timeout=10)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)
