"""A browserless Reflex client: speaks socket.io (engine.io v4) over the websocket at /_event.

Used by security tests to send hand-made events and by benchmarks to drive many sessions.
It keeps a merged copy of every state delta the server sent, so tests can both wait for a
value and scan everything the browser would have received.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
UPDATE_VARS = f"{ROOT}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"


def state_path(*class_paths: str) -> str:
    """Full substate name from dotted module paths, e.g. ("portal_app.state.base.PortalState",)."""
    parts = [ROOT]
    for path in class_paths:
        module, _, cls = path.rpartition(".")
        snake = "".join("_" + c.lower() if c.isupper() else c for c in cls).lstrip("_")
        parts.append(f"{module.replace('.', '___')}____{snake}")
    return ".".join(parts)


class ReflexClient:
    def __init__(
        self,
        base_url: str,
        origin: str | None = None,
        storage: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """`storage` maps "<substate>.<var>_rx_state_" to browser-held values (cookies), as a
        browser sends them when it hydrates; `headers` go with the websocket's handshake
        (e.g. a forged X-Forwarded-For)."""
        self.headers = dict(headers or {})
        self.base_url = base_url.rstrip("/")
        self.origin = origin or self.base_url
        self.storage = dict(storage or {})
        self.token = str(uuid.uuid4())
        self.state: dict[str, dict[str, Any]] = {}
        self.frames: list[dict[str, Any]] = []  # every update as received
        self.events: list[dict[str, Any]] = []  # client-side events (redirects, toasts) the server asked for
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self.path = "/"

    async def connect(self, path: str = "/") -> ReflexClient:
        ws_url = (
            self.base_url.replace("http", "ws", 1) + f"/_event/?token={self.token}&EIO=4&transport=websocket"
        )
        headers = {"Origin": self.origin, **self.headers}
        self._ws = await connect(ws_url, additional_headers=headers, max_size=None, open_timeout=10)
        opening = await self._ws.recv()
        if not str(opening).startswith("0"):
            raise ConnectionError(f"unexpected engine.io open: {opening!r}")
        self.path = path
        payload = {"vars": self.storage} if self.storage else {}
        auth = {"event": {"name": HYDRATE, "payload": payload, "router_data": self._router(path)}}
        await self._ws.send("40/_event," + json.dumps(auth))
        self._reader = asyncio.create_task(self._read())
        await self.wait_for(lambda: self.value(ROOT, "is_hydrated") is True)
        return self

    def _router(self, path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"pathname": path, "asPath": path}
        if query:
            data["query"] = query
        return data

    async def _read(self) -> None:
        assert self._ws is not None
        async for raw in self._ws:
            text = raw if isinstance(raw, str) else raw.decode()
            if text == "2":  # engine.io ping
                await self._ws.send("3")
                continue
            if not text.startswith("42/_event,"):
                continue
            name, body = json.loads(text[len("42/_event,") :])[:2]
            if name != "event":
                continue
            self.frames.append(body)
            for substate, values in (body.get("delta") or {}).items():
                self.state.setdefault(substate, {}).update(values)
            self.events.extend(body.get("events") or [])
            self._changed.set()

    async def send(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        path: str | None = None,
        query: dict[str, str] | None = None,
    ) -> None:
        """Send an event; `query` carries a dynamic route's arguments (e.g. {"doc_ref": ...})."""
        assert self._ws is not None
        event = {
            "name": name,
            "payload": payload or {},
            "router_data": self._router(path or self.path, query),
        }
        await self._ws.send("42/_event," + json.dumps(["event", event]))

    async def call(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        done: tuple[str, str] | None = None,
        path: str | None = None,
        timeout: float = 30.0,
        query: dict[str, str] | None = None,
    ) -> float:
        """Send an event and return its latency: until a frame sets `done` = (substate, var),
        or, without `done`, until the next frame arrives."""
        seen = len(self.frames)
        start = time.perf_counter()
        await self.send(name, payload, path, query)

        def finished() -> bool:
            for frame in self.frames[seen:]:
                if done is None:
                    return True
                if f"{done[1]}_rx_state_" in (frame.get("delta") or {}).get(done[0], {}):
                    return True
            return False

        await self.wait_for(finished, timeout)
        return time.perf_counter() - start

    def value(self, substate: str, var: str) -> Any:
        return self.state.get(substate, {}).get(f"{var}_rx_state_")

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> float:
        """Wait until predicate() holds; return the seconds waited."""
        start = time.perf_counter()
        while not predicate():
            remaining = timeout - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError("condition not met in time")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass
        return time.perf_counter() - start

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self._ws:
            await self._ws.close()


def run(coroutine: Any) -> Any:
    """Run a coroutine to completion on a thread of its own (Playwright's sync API keeps an
    event loop running on the test's thread)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
