"""Password hashing: no silent truncation, any Unicode, cost 12 by default."""

from __future__ import annotations

import bcrypt

from portal_app.infra import security
from portal_app.infra.settings import Settings


def test_passwords_longer_than_72_bytes_are_not_truncated():
    base = "a" * 72
    stored = security.hash_password(base + "first ending")
    assert security.verify_password(base + "first ending", stored)
    assert not security.verify_password(base + "other ending", stored)
    assert not security.verify_password(base, stored)


def test_unicode_passwords_round_trip_and_are_normalised():
    stored = security.hash_password("ｐａｓｓｗｏｒｄ — 日本語のパスフレーズ 🔐")
    assert security.verify_password("ｐａｓｓｗｏｒｄ — 日本語のパスフレーズ 🔐", stored)
    assert security.verify_password("password — 日本語のパスフレーズ 🔐", stored)  # NFKC
    assert not security.verify_password("password — 日本語のパスフレーズ", stored)


def test_missing_hash_never_verifies():
    assert not security.verify_password("anything at all", None)
    assert not security.verify_password("anything at all", "")
    assert not security.verify_password("anything at all", "not-a-bcrypt-hash")


def test_default_cost_is_12(monkeypatch):
    monkeypatch.delenv("PORTAL_BCRYPT_ROUNDS", raising=False)
    monkeypatch.setattr(security, "settings", Settings())
    stored = security.hash_password("a long enough passphrase")
    assert stored.startswith("$2b$12$")
    assert bcrypt.checkpw(security._prehash("a long enough passphrase"), stored.encode())


def test_tokens_are_random_and_stored_only_as_hashes():
    tokens = {security.new_token() for _ in range(200)}
    assert len(tokens) == 200
    token = tokens.pop()
    assert len(token) >= 43
    assert security.hash_token(token) != token
    assert len(security.hash_token(token)) == 64
