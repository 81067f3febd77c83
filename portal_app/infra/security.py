"""Password hashing and one-time tokens.

Passwords are NFKC-normalised, pre-hashed with SHA-256 (base64, 44 bytes) and then bcrypt-ed,
so passphrases longer than bcrypt's 72-byte limit are neither truncated nor rejected.
Tokens are 256-bit random strings; only their SHA-256 is stored.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

import bcrypt

from portal_app.infra.settings import settings

# Sign-in checks run bcrypt here, one at a time: a storm of sign-ins then uses one core and
# never starves other users' events of threads, connections or CPU (see docs/PERFORMANCE.md).
_HASH_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bcrypt")

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


async def verify_password_async(password: str, password_hash: str | None) -> bool:
    """`verify_password` on the dedicated bcrypt thread, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(
        _HASH_EXECUTOR, verify_password, password, password_hash
    )


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
