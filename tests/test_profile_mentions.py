"""Which governments a question names (core/profile.py ``Profile.mentioned``). Profiles and
questions are invented for these tests."""

from __future__ import annotations

from core.profile import Profile

PEERS = Profile.from_dict({
    "municipality": "Zeedorp",
    "others": [
        {"name": "kustgemeenten", "kind": "groep", "aliases": ["vergelijkingsgroep"]},
        {"name": "grote gemeenten", "kind": "groep", "aliases": ["grote steden"]},
    ],
})


def test_a_generic_name_right_before_a_specific_one_is_one_mention():
    named = PEERS.mentioned("Geeft Zeedorp meer uit dan de vergelijkingsgroep grote gemeenten?")
    assert named == ["Zeedorp", "grote gemeenten"]


def test_names_apart_are_each_a_mention():
    named = PEERS.mentioned("Geeft Zeedorp meer uit dan de vergelijkingsgroep of de grote steden?")
    assert named == ["Zeedorp", "kustgemeenten", "grote gemeenten"]
