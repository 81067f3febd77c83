"""Password rules per ASVS: length, any Unicode, no composition rules, common ones refused."""

from __future__ import annotations

import pytest

from portal_app.infra import security
from portal_app.services import passwords


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # famous, and on the list
        "Password123!",
        "qwertyuiop123",
        "111111111111",
        "aaaaaaaaaaaaaaaa",
        "Football2024!",
        "short one",
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password):
    assert passwords.problem(password) != ""


@pytest.mark.parametrize(
    "password",
    [
        "violet tractor mundane",  # plain words, no digits or symbols needed
        "lowercaseonlyisfine",
        "日本語のパスフレーズです",  # 12 Unicode characters
        "🔐🔐 unicode émoji passe 🔐",
        "x" * 10 + "y" * 10 + "z" * 44,  # 64 characters
    ],
)
def test_long_enough_uncommon_passwords_pass_without_composition_rules(password):
    assert passwords.problem(password) == ""


def test_length_is_counted_in_characters_and_ends_at_1024():
    assert passwords.problem("日本語のパスフレーズで") != ""  # 11 characters, 33 bytes
    long = "a long passphrase " * 56 + "end"  # > 1000 characters
    assert len(long) <= passwords.MAX_LENGTH and passwords.problem(long) == ""
    assert passwords.problem("b" + "abc " * 256) != ""  # 1025 characters


def test_passwords_containing_the_email_or_only_the_name_are_refused():
    assert "e-mail" in passwords.problem("priya.patel-secret-2026", email="Priya.Patel@example.com")
    assert "name" in passwords.problem("PriyaPatel1999", names=("Priya", "Patel"))
    assert passwords.problem("a sentence mentioning Priya is fine", names=("Priya", "Patel")) == ""


def test_check_new_reports_mismatched_confirmation_beside_the_confirm_field():
    assert passwords.check_new("violet tractor mundane", "violet tractor mundan") == {
        "confirm": "The two passwords do not match."
    }
    assert set(passwords.check_new("", "")) == {"password"}


def test_a_1024_character_password_is_not_truncated_when_hashed():
    base = "é" * 1000
    stored = security.hash_password(base + "ending one")
    assert security.verify_password(base + "ending one", stored)
    assert not security.verify_password(base + "ending two", stored)
