"""Print the state deltas the server sends for one event, as the browser receives them.

    .venv/bin/python -m tests.support.show_delta portal_app.state.verify.VerifyState.submit \\
        '{"form": {"reference": "29567186-01-PJPC"}}' --path /verify/

Against `make dev` (backend :8000, page origin :3000) by default; `--backend` and `--origin`
for other addresses (`make run`: both http://localhost:3000). See CONTRIBUTING.md, "Reading a
Reflex state problem".
"""

from __future__ import annotations

import argparse
import asyncio
import json

from tests.support.reflex_client import ReflexClient, state_path

BASE = "portal_app.state.base.PortalState"


def event_name(handler: str) -> str:
    """`portal_app.state.verify.VerifyState.submit` -> Reflex's full event name."""
    state, _, method = handler.rpartition(".")
    chain = [BASE] if state != BASE else []
    return state_path(*chain, state) + "." + method


async def show(backend: str, origin: str, path: str, handler: str, payload: dict) -> None:
    client = await ReflexClient(backend, origin=origin).connect(path)
    seen = len(client.frames)
    await client.send(event_name(handler), payload)
    await client.wait_for(lambda: len(client.frames) > seen, timeout=30)
    while True:  # a handler that yields sends several deltas: wait for a quiet second
        count = len(client.frames)
        try:
            await client.wait_for(lambda: len(client.frames) > count, timeout=1.0)  # noqa: B023
        except TimeoutError:
            break
    for frame in client.frames[seen:]:
        print(json.dumps({"delta": frame.get("delta"), "events": frame.get("events") or []}, indent=2))
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "handler", help="module.State.handler, e.g. portal_app.state.verify.VerifyState.submit"
    )
    parser.add_argument("payload", nargs="?", default="{}", help="the handler's arguments as JSON")
    parser.add_argument("--path", default="/", help="the page the event comes from")
    parser.add_argument("--backend", default="http://localhost:8000")
    parser.add_argument("--origin", default="http://localhost:3000")
    args = parser.parse_args()
    asyncio.run(show(args.backend, args.origin, args.path, args.handler, json.loads(args.payload)))


if __name__ == "__main__":
    main()
