"""A browserless Reflex client: speaks socket.io (engine.io v4) over the websocket at /_event.

Used by security tests to send hand-made events and by benchmarks to drive many sessions.
It keeps a merged copy of every state delta the server sent, so tests can both wait for a
value and scan everything the browser would have received. Like a browser tab, it holds
cookies that HTTP responses set (the HttpOnly session cookie) and sends them when its
websocket connects: `sign_in` goes through the same ticket exchange as the browser.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
UPDATE_VARS = f"{ROOT}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
SESSION_COOKIE = "portal_session"


def state_path(*class_paths: str) -> str:
    """Full substate name from dotted module paths, e.g. ("portal_app.state.base.PortalState",)."""
    parts = [ROOT]
    for path in class_paths:
        module, _, cls = path.rpartition(".")
        snake = "".join("_" + c.lower() if c.isupper() else c for c in cls).lstrip("_")
        parts.append(f"{module.replace('.', '___')}____{snake}")
    return ".".join(parts)


PORTAL = state_path("portal_app.state.base.PortalState")
SIGNIN = state_path("portal_app.state.base.PortalState", "portal_app.state.auth.SignInState")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _get_without_following(url: str, cookies: dict[str, str]) -> tuple[int, str, list[str]]:
    """(status, Location, Set-Cookie headers) of one GET, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": _cookie_header(cookies)} if cookies else {})
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as answer:  # 3xx arrive here once not followed
        response = answer
    with response:
        return (
            response.status,
            response.headers.get("location", ""),
            response.headers.get_all("set-cookie") or [],
        )


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class ReflexClient:
    def __init__(
        self,
        base_url: str,
        origin: str | None = None,
        storage: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
    ) -> None:
        """`storage` maps "<substate>.<var>_rx_state_" to browser-held values (localStorage and
        script-set cookies), as a browser sends them when it hydrates; `headers` go with the
        websocket's handshake (e.g. a forged X-Forwarded-For); `cookies` are sent in its Cookie
        header (e.g. {"portal_session": token})."""
        self.headers = dict(headers or {})
        self.base_url = base_url.rstrip("/")
        self.origin = origin or self.base_url
        self.storage = dict(storage or {})
        self.cookies = dict(cookies or {})
        self.set_cookies: list[str] = []  # every Set-Cookie header an HTTP response sent
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
        if self.cookies:
            headers["Cookie"] = _cookie_header(self.cookies)
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

    @property
    def session(self) -> str:
        """The session cookie this client holds ("" before signing in)."""
        return self.cookies.get(SESSION_COOKIE, "")

    async def sign_in(
        self, email: str, password: str, code: Callable[[], str] | None = None, timeout: float = 30.0
    ) -> str:
        """Sign in as the browser does: the form, then (administrators) the code from `code()`,
        then the ticket exchanged at /api/session; returns the session cookie."""
        await self.send(SIGNIN + ".submit", {"form": {"email": email, "password": password}}, path="/signin/")
        if code is not None:
            await self.wait_for(lambda: self.value(SIGNIN, "step") == "code", timeout)
            await self.send(SIGNIN + ".submit_code", {"form": {"code": code()}}, path="/signin/")
        await self.follow_leaving(timeout)
        return self.session

    async def follow_leaving(self, timeout: float = 30.0) -> str:
        """When the server sends this tab to an HTTP endpoint (PortalState.leaving_to), load it
        as a browser would, keep the cookies it sets, and reconnect on the page it redirects to.
        Returns that page's path."""
        await self.wait_for(lambda: bool(self.value(PORTAL, "leaving_to")), timeout)
        status, location, set_cookies = await asyncio.to_thread(
            _get_without_following, self.base_url + self.value(PORTAL, "leaving_to"), self.cookies
        )
        assert status == 303, f"expected a redirect, got {status}"
        self.set_cookies += set_cookies
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        path = urlsplit(location).path or "/"
        await self.reconnect(path)
        return path

    async def reconnect(self, path: str = "/") -> ReflexClient:
        """A new websocket for the same tab (same client token), as after a page load."""
        await self.close()
        self.state.get(ROOT, {}).pop("is_hydrated_rx_state_", None)
        return await self.connect(path)

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
