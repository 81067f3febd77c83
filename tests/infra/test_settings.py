"""The settings object: environment variables are checked at start-up, all of them at once."""

from __future__ import annotations

import pytest

from portal_app.infra.settings import SettingsError, load_settings


def test_two_bad_variables_stop_the_portal_with_one_error_naming_both(monkeypatch):
    monkeypatch.setenv("PORTAL_PORT", "three thousand")
    monkeypatch.setenv("PORTAL_LIMIT_VERIFY", "often")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    message = str(refused.value)
    assert "2 environment variable(s)" in message
    assert "PORTAL_PORT" in message and "'three thousand'" in message
    assert "PORTAL_LIMIT_VERIFY" in message


def test_a_bad_secret_is_named_but_never_repeated(monkeypatch):
    monkeypatch.setenv("PORTAL_BASE_URL", "portal.example")
    monkeypatch.setenv("SMTP_PASSWORD", "x" * 5000)  # fine: any password is a string
    monkeypatch.setenv("PORTAL_SECURE_COOKIES", "sometimes")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert "PORTAL_BASE_URL" in str(refused.value) and "PORTAL_SECURE_COOKIES" in str(refused.value)
    assert "SMTP_PASSWORD" not in str(refused.value)


def test_empty_and_padded_variables_mean_the_defaults(monkeypatch):
    monkeypatch.setenv("PORTAL_PORT", "")
    monkeypatch.setenv("PORTAL_ADMIN_MFA", " ")
    monkeypatch.setenv("PORTAL_ORG_NAME", "  Westfield Board  ")
    monkeypatch.setenv("PORTAL_ALLOWED_ORIGINS", "https://a.example, https://b.example,")
    loaded = load_settings()
    assert (loaded.port, loaded.admin_mfa, loaded.org_name) == (3000, True, "Westfield Board")
    assert loaded.allowed_origins == ["http://localhost:3000", "https://a.example", "https://b.example"]


def test_the_test_card_follows_the_address_unless_set_either_way(monkeypatch):
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example")
    assert not load_settings().test_payments_allowed
    monkeypatch.setenv("PORTAL_TEST_PAYMENTS", "TRUE")
    assert load_settings().test_payments_allowed
    monkeypatch.setenv("PORTAL_BASE_URL", "http://localhost:3000")
    monkeypatch.setenv("PORTAL_TEST_PAYMENTS", "false")
    assert not load_settings().test_payments_allowed
