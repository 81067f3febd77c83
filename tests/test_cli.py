"""The command line on a new deployment: no demo accounts unless asked for (never on https),
and a first administrator created by the operator (issue 13, finding 7)."""

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from portal_app import cli, seed
from portal_app.infra.db import run_in_session
from portal_app.infra.security import verify_password
from portal_app.infra.settings import Settings
from portal_app.models import Account, AuditEvent

PASSWORD = "violet tractor mundane ferry"  # noqa: S105 - test data


def _settings(monkeypatch: pytest.MonkeyPatch, **changes) -> None:
    cfg = Settings(**changes)
    monkeypatch.setattr(cli, "settings", cfg)
    monkeypatch.setattr(seed, "settings", cfg)


def _accounts() -> list[Account]:
    return run_in_session(lambda db: list(db.exec(select(Account)).all()))


def test_production_settings_seed_no_demo_accounts(db, use_engine, monkeypatch, capsys):
    monkeypatch.delenv("PORTAL_SEED_DEMO", raising=False)  # `make prod` does not set it
    _settings(monkeypatch)
    assert cli.main(["seed"]) == 0
    assert _accounts() == []
    assert "PORTAL_SEED_DEMO=true" in capsys.readouterr().out


def test_demo_data_is_refused_on_an_https_address_even_when_asked_for(db, use_engine, monkeypatch, capsys):
    _settings(monkeypatch, seed_demo_data=True, base_url="https://portal.awarding.example")
    assert cli.main(["seed"]) == 1
    assert _accounts() == []
    assert "Refusing to seed demo data" in capsys.readouterr().out
    with pytest.raises(seed.DemoRefused):  # the guard sits in seed_demo itself, for any caller
        run_in_session(seed.seed_demo)


def test_demo_data_is_seeded_where_asked_for(db, use_engine, monkeypatch):
    _settings(monkeypatch, seed_demo_data=True, base_url="http://localhost:3000")
    assert cli.main(["seed"]) == 0
    assert "admin@awarding.example" in {a.email for a in _accounts()}


def test_create_admin_makes_an_administrator_who_sets_up_the_second_factor_at_first_sign_in(
    db, use_engine, monkeypatch, capsys
):
    _settings(monkeypatch)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["create-admin", "Head.Office@Awarding.example"]) == 0
    [admin] = _accounts()
    assert (admin.email, admin.kind, admin.status) == ("head.office@awarding.example", "admin", "active")
    assert verify_password(PASSWORD, admin.password_hash)
    assert admin.email_verified_at is not None and not admin.second_factor_enrolled
    assert "QR code" in capsys.readouterr().out
    events = run_in_session(lambda db: db.exec(select(AuditEvent.action)).all())
    assert events == ["account.admin_created"]


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "valid e-mail address"),
        ("head@awarding.example", "password", "at least 12 characters"),
        ("head@awarding.example", "", "No password given"),
    ],
)
def test_create_admin_refuses_a_bad_address_or_password(
    db, use_engine, monkeypatch, capsys, email, password, message
):
    _settings(monkeypatch)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert cli.main(["create-admin", email]) == 1
    assert message in capsys.readouterr().out
    assert _accounts() == []


def test_create_admin_leaves_an_existing_account_alone(db, use_engine, monkeypatch, capsys):
    _settings(monkeypatch)
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        cli.main(["create-admin", "head@awarding.example"])
    assert "already has an account" in capsys.readouterr().out
    assert len(_accounts()) == 1
