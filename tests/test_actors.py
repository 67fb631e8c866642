"""Actor names: canonical names, alias folding, actor info."""

from __future__ import annotations

import pandas as pd
import pytest

from events.actors import actor_info, canonical_actor, fold_actors, gazetteer


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("TTP", "Tehrik-i-Taliban Pakistan"),
        ("Tehreek-i-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("Tehrik-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("pakistani  taliban", "Tehrik-i-Taliban Pakistan"),
        ("TTP: Tehreek-i-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("Taliban", "Afghan Taliban"),
        ("Islamic Emirate of Afghanistan", "Afghan Taliban"),
        ("Military Forces of Pakistan (2018-)", "Military Forces of Pakistan"),
        ("Pakistani government", "Government of Pakistan"),
        ("Haqqani", "Sirajuddin Haqqani"),
        ("Haqqani Network", "Haqqani Network"),
        ("Prime Minister Imran Khan", "Imran Khan"),
        ("ISKP", "Islamic State Khorasan Province"),
        ("Some  Unknown   Group", "Some Unknown Group"),
    ],
)
def test_actors_canonical(name: str, canonical: str) -> None:
    assert canonical_actor(name) == canonical


def test_actors_afghan_taliban_and_ttp_distinct() -> None:
    assert canonical_actor("Afghan Taliban") != canonical_actor("Pakistani Taliban")


@pytest.mark.parametrize(
    ("name", "kind", "role", "organisation"),
    [
        ("Sirajuddin Haqqani", "person", "acting interior minister", "Afghan Taliban"),
        ("Khan", "person", "Prime Minister", "Government of Pakistan"),
        ("TTP", "rebel group", "", ""),
        ("Dawn", "media", "", ""),
    ],
)
def test_actors_info(name: str, kind: str, role: str, organisation: str) -> None:
    info = actor_info(name)
    assert info is not None
    assert (info.kind, info.role, info.organisation) == (kind, role, organisation)


def test_actors_fold_series() -> None:
    folded = fold_actors(pd.Series(["TTP", None, "Taliban", "", "Nobody Known"]))
    assert folded.tolist() == ["Tehrik-i-Taliban Pakistan", "", "Afghan Taliban", "", "Nobody Known"]


def test_actors_table_aliases_are_unambiguous() -> None:
    actors, index = gazetteer()
    assert set(index.values()) <= set(actors)
    assert all(info.kind for info in actors.values())
