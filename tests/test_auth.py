"""Roles cap access levels; the users file holds only bcrypt hashes; logins do not leak."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.auth import (
    AuthError,
    User,
    add_user,
    allowed_access_levels,
    authenticate,
    can_read,
    chroma_where,
    list_users,
    remove_user,
    users_app,
)
from assistant.config import Settings


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(users_file=tmp_path / "conf" / "users.yaml")


def test_levels_per_role():
    assert allowed_access_levels(User("a", "A", "raadslid")) == {"public", "raad"}
    assert allowed_access_levels(User("b", "B", "medewerker")) == {"public", "raad", "intern"}
    assert allowed_access_levels(User("c", "C", "publiek")) == {"public"}
    assert allowed_access_levels(User("d", "D", "onbekend")) == {"public"}
    assert allowed_access_levels(None) == {"public", "raad", "intern"}


def test_can_read_and_where_clause():
    raadslid = User("a", "A", "raadslid")
    assert can_read(raadslid, "raad") and can_read(raadslid, None)
    assert not can_read(raadslid, "intern")
    assert not can_read(raadslid, "geheim")  # unknown levels are never shown to a user
    assert chroma_where(raadslid) == {"access": {"$in": ["public", "raad"]}}
    assert chroma_where(None) is None


def test_add_and_authenticate(settings):
    user = add_user(settings, "Jan.Jansen", "correct paard batterij", "raadslid", "Jan Jansen")
    assert user == User("jan.jansen", "Jan Jansen", "raadslid")
    assert user.max_access == "raad"
    assert authenticate(settings, "jan.jansen", "correct paard batterij") == user
    assert authenticate(settings, " JAN.JANSEN ", "correct paard batterij") == user
    assert authenticate(settings, "jan.jansen", "fout wachtwoord") is None
    assert authenticate(settings, "niemand", "correct paard batterij") is None
    assert authenticate(settings, "jan.jansen", "") is None
    assert authenticate(settings, "jan.jansen", "x" * 200) is None


def test_file_holds_only_hashes_and_is_private(settings):
    add_user(settings, "piet", "geheim-wachtwoord-1", "medewerker", "Piet")
    text = settings.users_file.read_text()
    assert "geheim-wachtwoord-1" not in text
    entry = yaml.safe_load(text)["users"][0]
    assert entry["password_hash"].startswith("$2b$")
    assert stat.S_IMODE(os.stat(settings.users_file).st_mode) == 0o600
    assert not [p for p in settings.users_file.parent.iterdir() if p.suffix == ".tmp"]


def test_password_never_logged(settings, caplog):
    caplog.set_level(logging.DEBUG)
    add_user(settings, "piet", "geheim-wachtwoord-1", "medewerker")
    authenticate(settings, "piet", "geheim-wachtwoord-2")
    authenticate(settings, "piet", "geheim-wachtwoord-1")
    assert "geheim-wachtwoord" not in caplog.text


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("../root", "lang-genoeg-1", "raadslid", "gebruikersnaam"),
        ("a", "lang-genoeg-1", "raadslid", "gebruikersnaam"),
        ("jan", "kort", "raadslid", "minstens 8"),
        ("jan", "lang-genoeg-1", "wethouder", "Onbekende rol"),
        ("jan", "x" * 80, "raadslid", "te lang"),
    ],
)
def test_invalid_users_are_refused(settings, username, password, role, message):
    with pytest.raises(AuthError, match=message):
        add_user(settings, username, password, role)
    assert not settings.users_file.exists()


def test_duplicate_replace_and_remove(settings):
    add_user(settings, "jan", "wachtwoord-1", "raadslid")
    with pytest.raises(AuthError, match="bestaat al"):
        add_user(settings, "jan", "wachtwoord-2", "medewerker")
    add_user(settings, "jan", "wachtwoord-2", "medewerker", replace=True)
    assert authenticate(settings, "jan", "wachtwoord-1") is None
    assert authenticate(settings, "jan", "wachtwoord-2").role == "medewerker"
    add_user(settings, "piet", "wachtwoord-3", "raadslid")
    assert [u.username for u in list_users(settings)] == ["jan", "piet"]
    assert remove_user(settings, "jan") and not remove_user(settings, "jan")
    assert [u.username for u in list_users(settings)] == ["piet"]


def test_corrupt_hash_is_refused_not_crashing(settings):
    settings.users_file.parent.mkdir(parents=True)
    settings.users_file.write_text(
        "users:\n  - {username: kapot, role: medewerker, password_hash: 'niet-bcrypt'}\n"
    )
    assert authenticate(settings, "kapot", "wat-dan-ook") is None


def test_unknown_user_costs_as_much_as_wrong_password(settings):
    """No user enumeration by timing: both paths run one bcrypt check."""
    add_user(settings, "jan", "wachtwoord-1", "raadslid")
    authenticate(settings, "niemand", "x")  # warm the dummy hash

    def timed(name: str) -> float:
        start = time.perf_counter()
        for _ in range(3):
            authenticate(settings, name, "verkeerd-wachtwoord")
        return time.perf_counter() - start

    known, unknown = timed("jan"), timed("niemand")
    assert 0.5 < unknown / known < 2.0


def test_cli_add_list_remove(settings, monkeypatch):
    monkeypatch.setenv("RAADS_USERS_FILE", str(settings.users_file))
    runner = CliRunner()
    result = runner.invoke(
        users_app,
        ["add", "marie", "--role", "medewerker", "--name", "Marie de Vries", "--password-stdin"],
        input="een-sterk-wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    assert authenticate(settings, "marie", "een-sterk-wachtwoord").role == "medewerker"

    result = runner.invoke(users_app, ["list"])
    assert result.exit_code == 0 and "Marie de Vries" in result.output
    assert "$2b$" not in result.output and "een-sterk" not in result.output

    result = runner.invoke(users_app, ["add", "x", "--role", "raadslid", "--password-stdin"],
                           input="kort\n")
    assert result.exit_code == 1 and "Fout" in result.output

    assert runner.invoke(users_app, ["remove", "marie"]).exit_code == 0
    assert runner.invoke(users_app, ["remove", "marie"]).exit_code == 1
    assert list_users(settings) == []
