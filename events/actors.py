"""Actor names: one canonical name per actor, aliases folded, kinds and roles kept.

The alias table is data (``events/data/actors.csv``); text and dataset loaders
both fold names through it so the actor filter sees one actor space.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd

ACTORS_CSV = Path(__file__).parent / "data" / "actors.csv"
_SPACE = re.compile(r"\s+")
# ACLED's names for a country's state actors: known for every country, listed or not.
_STATE_ACTOR = re.compile(
    r"^(?P<kind>Government|Military Forces|Police Forces) of (?P<country>(?:the )?[A-Z][\w' .,-]+?)"
    r"(?: \(\d{4}-(?:\d{4})?\))?$"
)
_STATE_KINDS = {
    "Government": "government",
    "Military Forces": "state forces",
    "Police Forces": "state forces",
}


@dataclass(frozen=True)
class Actor:
    """A canonical actor with its kind (state forces, government, rebel group, person...)."""

    name: str
    kind: str
    country: str = ""
    role: str = ""
    organisation: str = ""
    aliases: tuple[str, ...] = ()


def _key(name: str) -> str:
    """Lookup key: case- and space-insensitive, dashes and quotes folded."""
    text = name.replace("\u2019", "'").replace("\u2010", "-").replace("\u2013", "-")
    return _SPACE.sub(" ", text).strip().lower()


@cache
def gazetteer(path: Path = ACTORS_CSV) -> tuple[dict[str, Actor], dict[str, str]]:
    """Load the actor table once: canonical name -> Actor, and alias key -> canonical."""
    actors: dict[str, Actor] = {}
    alias_index: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            actor = Actor(
                name=row["canonical"],
                kind=row["kind"],
                country=row["country"],
                role=row["role"],
                organisation=row["organisation"],
                aliases=aliases,
            )
            if actor.name in actors:
                # The table is append-only: a later row for the same actor adds aliases.
                first = actors[actor.name]
                actor = replace(
                    first, aliases=(*first.aliases, *(a for a in aliases if a not in first.aliases))
                )
            actors[actor.name] = actor
            for alias in (actor.name, *aliases):
                alias_index.setdefault(_key(alias), actor.name)
    return actors, alias_index


def canonical_actor(name: str) -> str:
    """The canonical name for ``name``; an unknown name comes back tidied, not dropped."""
    _, index = gazetteer()
    key = _key(name)
    if key in index:
        return index[key]
    # ACLED writes "TTP: Tehreek-i-Taliban Pakistan"; try each side of the colon.
    if ":" in name:
        for part in name.split(":"):
            if _key(part) in index:
                return index[_key(part)]
    return _SPACE.sub(" ", name).strip()


def actor_info(name: str) -> Actor | None:
    """The gazetteer entry for a canonical or alias name, if we know the actor."""
    actors, _ = gazetteer()
    canonical = canonical_actor(name)
    known = actors.get(canonical)
    if known is None and (m := _STATE_ACTOR.match(canonical)):
        # "Military Forces of Sudan": a state actor of any country, not only those in the table.
        country = m.group("country")
        country = country[4:] if country.startswith("the ") else country
        return Actor(canonical, _STATE_KINDS[m.group("kind")], country)
    return known


def fold_actors(names: pd.Series) -> pd.Series:
    """Vectorised :func:`canonical_actor`: each distinct name is looked up once."""
    uniques = pd.unique(names.dropna())
    mapping = {n: canonical_actor(str(n)) for n in uniques if str(n).strip()}
    return names.map(mapping).fillna("").astype("str")
