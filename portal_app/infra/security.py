"""Password hashing and one-time tokens.

Passwords are NFKC-normalised, pre-hashed with SHA-256 (base64, 44 bytes) and then bcrypt-ed,
so passphrases longer than bcrypt's 72-byte limit are neither truncated nor rejected.
Tokens are 256-bit random strings; only their SHA-256 is stored.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import logging
import os
import secrets
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from urllib.parse import unquote, urlsplit

import bcrypt

from portal_app.infra.settings import settings

T = TypeVar("T")

# A valid hash of a random secret, used to spend the same time when an account does not exist.
_DUMMY_HASH: bytes | None = None


def _prehash(password: str) -> bytes:
    normalised = unicodedata.normalize("NFKC", password).encode("utf-8", "surrogatepass")
    return base64.b64encode(hashlib.sha256(normalised).digest())


def hash_password(password: str) -> str:
    salt = bcrypt.gensalt(rounds=settings.bcrypt_rounds)
    return bcrypt.hashpw(_prehash(password), salt).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-work check: with no hash (unknown or legacy account) a dummy hash is checked."""
    global _DUMMY_HASH
    if not password_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_urlsafe(16)).encode("ascii")
        bcrypt.checkpw(_prehash(password), _DUMMY_HASH)
        return False
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:
        return False


def new_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class HashPoolBusy(Exception):
    """No room for another password check: the pool's queue is full (`everyone`), or this
    client already has its share running or waiting."""

    def __init__(self, everyone: bool) -> None:
        super().__init__(
            "password-check queue full" if everyone else "client's share of password checks used"
        )
        self.everyone = everyone


def _lower_priority(nice: int) -> None:
    """Give the calling thread a lower CPU priority (Linux keeps a nice value per thread)."""
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, max(nice, os.getpriority(os.PRIO_PROCESS, thread)))
    except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
        logging.getLogger("portal.security").warning("bcrypt threads run at normal priority")


class HashPool:
    """bcrypt on a few threads of its own with a bounded queue and a per-client share.

    A storm of sign-ins uses at most `threads` cores per worker, and its threads run at a lower
    priority (`nice`): the cores' spare time goes to password checks, but an event that wakes
    up takes the core first, so the storm does not slow other users down, with any number of
    workers (docs/PERFORMANCE.md). One client (address) may have at most `per_client` checks
    running or waiting, so it cannot fill the queue in front of everyone else; when the queue
    holds `queue` checks, more are refused at once instead of waiting.
    """

    def __init__(self, threads: int, queue: int, per_client: int, nice: int = 0) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=max(1, threads),
            thread_name_prefix="bcrypt",
            initializer=functools.partial(_lower_priority, nice) if nice else None,
        )
        self.queue, self.per_client = max(1, queue), max(1, per_client)
        self._lock = threading.Lock()
        self._total = 0
        self._by_client: dict[str, int] = {}

    def _admit(self, client: str) -> None:
        with self._lock:
            if self._total >= self.queue:
                raise HashPoolBusy(everyone=True)
            if self._by_client.get(client, 0) >= self.per_client:
                raise HashPoolBusy(everyone=False)
            self._total += 1
            self._by_client[client] = self._by_client.get(client, 0) + 1

    def _release(self, client: str) -> None:
        with self._lock:
            self._total -= 1
            left = self._by_client.pop(client, 1) - 1
            if left:
                self._by_client[client] = left

    async def run(self, client: str, fn: Callable[..., T], *args: object) -> T:
        self._admit(client)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        finally:
            self._release(client)


hash_pool = HashPool(
    settings.bcrypt_threads, settings.bcrypt_queue, settings.bcrypt_per_client, settings.bcrypt_nice
)


async def verify_password_async(password: str, password_hash: str | None, client: str = "") -> bool:
    """`verify_password` on the bcrypt pool, off the event loop; HashPoolBusy when it is full."""
    return await hash_pool.run(client or "unknown", verify_password, password, password_hash)


# The session cookie: set and cleared only by api/routes.py (HttpOnly), read by state/base.py.
SESSION_COOKIE = "portal_session"


def _plain_path(text: str) -> bool:
    """A same-site path: one leading slash, no backslash, no control, format or space characters
    (browsers drop tabs and newlines from URLs, so "/\\t/evil.example" would become "//evil.example")."""
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return False
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs") for c in text)


def safe_next(path: object, default: str) -> str:
    """Only same-site paths are followed after sign-in (no open redirect), checked as given and
    once percent-decoded."""
    if not isinstance(path, str) or not path or len(path) > 2000:
        return default
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not (_plain_path(path) and _plain_path(unquote(path))):
        return default
    return path
