"""Two portal instances behind HAProxy on one machine, as two machines would run them.

`make prod-cluster` and tests/e2e/test_cluster.py both start it from here:

    python -m deploy.cluster [--port 3000] [--ports 3001,3002]   (DATABASE_URL, REDIS_URL, GRANIAN_WORKERS)
    python -m deploy.cluster serve --port 3001                   (one instance; what each machine runs)

The frontend is built once (`reflex export --frontend-only`, as a release would be built) and
both instances serve that build: two `reflex run --env prod` would each build it again, and into
the same `.web` folder while the other serves from it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAPROXY_CONFIG = Path(__file__).with_name("haproxy.cfg")
NAMES = ("a", "b")  # the servers in haproxy.cfg
START_TIMEOUT = 300


@dataclass
class Instance:
    """One portal instance: its own process group (granian and its workers) on its own port."""

    name: str
    port: int
    log_path: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Instance:
        with self.log_path.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "deploy.cluster", "serve", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_until_up(self) -> None:
        assert self.process is not None, "start() first"
        _wait_until_up(self.url, self.process, self.log_path)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Signal the whole process group (SIGKILL: the machine is gone, no goodbye)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class Cluster:
    base_url: str
    instances: dict[str, Instance]
    socket_path: Path
    haproxy_log: Path
    haproxy: subprocess.Popen | None = field(default=None, repr=False)

    def runtime(self, command: str) -> str:
        """One command to HAProxy's runtime API (its stats socket); returns the answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(5)
            conn.connect(str(self.socket_path))
            conn.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers(self) -> dict[str, dict[str, str]]:
        """`show stat` for the backend's servers: name -> column -> value (status, scur, stot...)."""
        header, *rows = [line for line in self.runtime("show stat").splitlines() if line]
        columns = header.lstrip("# ").split(",")
        stats = [dict(zip(columns, row.split(","), strict=False)) for row in rows]
        return {s["svname"]: s for s in stats if s["pxname"] == "portal" and s["svname"] in self.instances}


def haproxy_binary() -> str:
    return shutil.which("haproxy") or "/usr/sbin/haproxy"  # /usr/sbin is not on every user's PATH


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as response:  # noqa: S310 - local
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f}s:\n{log.read_text()[-4000:]}")


def build_frontend(env: Mapping[str, str], log: Path) -> None:
    """Compile the pages and build the frontend once, into REFLEX_WEB_WORKDIR (default `.web`)."""
    reflex = str(Path(sys.executable).parent / "reflex")
    with log.open("a") as out:
        subprocess.run(
            [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod"],
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )


def serve(port: int, host: str = "127.0.0.1") -> None:
    """One instance: what `reflex run --env prod --single-port` does once its build is done (the
    backend's granian workers, the built frontend mounted on the same port), without building."""
    from reflex.utils import exec as reflex_exec
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    reflex_exec.run_backend_prod(
        host, port, get_config().loglevel.subprocess_level(), mount_frontend_compiled_app=True
    )


@contextmanager
def running_cluster(
    env: Mapping[str, str],
    *,
    port: int,
    instance_ports: tuple[int, int],
    workdir: Path,
    instance_env: Mapping[str, Mapping[str, str]] | None = None,
) -> Iterator[Cluster]:
    """Build once, start both instances and HAProxy in front; everything stops on the way out.

    `env` is the instances' shared settings (DATABASE_URL, REDIS_URL, GRANIAN_WORKERS, ...);
    `instance_env` adds one instance's own (the tests give each its own SMTP server).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    base_url = f"http://localhost:{port}"
    shared = {
        **env,
        "PORTAL_BASE_URL": base_url,  # what browsers see, and what the build connects its websocket to
        "PORTAL_PORT": str(port),
        "PORTAL_TRUSTED_PROXY_HOPS": "1",  # HAProxy adds the address it saw to X-Forwarded-For
    }
    build_frontend(shared, workdir / "build.log")
    instances = {
        name: Instance(
            name,
            instance_port,
            workdir / f"instance-{name}.log",
            {**shared, **(instance_env or {}).get(name, {})},
        )
        for name, instance_port in zip(NAMES, instance_ports, strict=True)
    }
    cluster = Cluster(base_url, instances, workdir / "haproxy.sock", workdir / "haproxy.log")
    with ExitStack() as stack:
        for instance in instances.values():
            stack.callback(instance.stop)
            instance.start()
        for instance in instances.values():  # both start at once, as two machines would
            instance.wait_until_up()
        stack.callback(_stop_haproxy, cluster)
        _start_haproxy(cluster, port)
        yield cluster


def _start_haproxy(cluster: Cluster, port: int) -> None:
    env = {
        **os.environ,
        "CLUSTER_BIND": f"127.0.0.1:{port}",
        "CLUSTER_HAPROXY_SOCKET": str(cluster.socket_path),
        **{f"CLUSTER_SERVER_{i.name.upper()}": f"127.0.0.1:{i.port}" for i in cluster.instances.values()},
    }
    with cluster.haproxy_log.open("a") as out:
        cluster.haproxy = subprocess.Popen(
            [haproxy_binary(), "-f", str(HAPROXY_CONFIG), "-db"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # up once both instances pass their health checks
        if cluster.haproxy.poll() is not None:
            raise RuntimeError(f"haproxy exited:\n{cluster.haproxy_log.read_text()[-4000:]}")
        try:
            if all(s["status"] == "UP" for s in cluster.servers().values()):
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"haproxy's servers are not up:\n{cluster.haproxy_log.read_text()[-4000:]}")


def _stop_haproxy(cluster: Cluster) -> None:
    if cluster.haproxy is not None and cluster.haproxy.poll() is None:
        cluster.haproxy.terminate()
        cluster.haproxy.wait(timeout=10)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=["up", "serve"], default="up")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--ports", default="3001,3002", help="the two instances' own ports")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "cluster")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.port)
        return 0
    first, second = (int(p) for p in args.ports.split(","))
    for stop in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C and a plain kill both stop everything,
        signal.signal(stop, _interrupt)  # also when started in the background (SIGINT ignored there)
    with running_cluster(
        os.environ, port=args.port, instance_ports=(first, second), workdir=args.workdir
    ) as cluster:
        for instance in cluster.instances.values():
            print(f"instance {instance.name}: {instance.url} (log {instance.log_path})")
        print(
            f"{cluster.base_url}: HAProxy in front of both (runtime API: {cluster.socket_path}); Ctrl-C stops all"
        )
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
