"""Security headers on every HTTP response the app serves (pages, assets, API)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from portal_app.infra.settings import settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


def _websocket_sources() -> str:
    sources = []
    for url in {settings.base_url, settings.api_url}:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        sources.append(f"{scheme}://{parts.netloc}")
    return " ".join(sorted(sources))


def content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # React Router's hydration data is an inline script; Emotion injects inline styles.
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {_websocket_sources()}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def security_headers() -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(),
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-content-type-options": "nosniff",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "cross-origin-opener-policy": "same-origin",
    }
    if settings.base_url.startswith("https://"):
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
    return [(k.encode(), v.encode()) for k, v in headers.items()]


def with_upload_limit(app: ASGIApp, max_bytes: int | None = None) -> ASGIApp:
    """ASGI middleware: a file upload (Reflex's /_upload) larger than the limit is refused with
    413 before it is parsed or stored, whoever sends it; one sent without a length is cut off
    once it passes the limit (the parser then sees a client that went away)."""
    limit = settings.max_upload_bytes + UPLOAD_OVERHEAD if max_bytes is None else max_bytes

    async def middleware(
        scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http" or not scope.get("path", "").rstrip("/").endswith("/_upload"):
            await app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}
            return message

        await app(scope, counted, send)

    return middleware


UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file itself


async def _too_large(send: Callable[[Message], Awaitable[None]]) -> None:
    body = b'{"detail": "The file is too large."}'
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def with_security_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: add the headers to every HTTP response (websockets pass through)."""
    extra = security_headers()
    names = {name for name, _ in extra}

    async def middleware(
        scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = headers + extra
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
