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
