"""Places: a curated gazetteer of Afghanistan and Pakistan plus the world's countries.

``places.csv`` (ours) lists provinces, districts and towns with admin level,
country and coordinates; ``capitals.csv`` a set of capitals; countries come from
pycountry. Everything is read once and kept in a name index.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

HERE = Path(__file__).parent
PLACES_CSV = HERE / "places.csv"
CAPITALS_CSV = HERE / "capitals.csv"
_SPACE = re.compile(r"\s+")
# Names people use that pycountry spells differently (display name -> aliases).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "Türkiye": ("Turkey",),
    "Russian Federation": ("Russia",),
    "United States": ("US", "U.S.", "USA", "United States of America", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Iran": ("Islamic Republic of Iran",),
    "Syria": ("Syrian Arab Republic",),
}
# Country names too ambiguous to tag in running English text.
_SKIP_COUNTRY_NAMES = frozenset({"chad", "jordan", "georgia", "guinea", "niger", "china"})


@dataclass(frozen=True)
class Place:
    """One named place: admin level 0 country, 1 province, 2 district/city, 3 town."""

    name: str
    admin_level: int
    country: str
    latitude: float = math.nan
    longitude: float = math.nan


def _key(name: str) -> str:
    return _SPACE.sub(" ", name.replace("\u2019", "'")).strip().lower()


# Display names where pycountry's reads like an index entry (ACLED's spelling).
_DISPLAY = {
    "Congo, The Democratic Republic of the": "Democratic Republic of Congo",
    "Congo": "Republic of Congo",
}
# Other spellings of those countries in our data files and in reports.
_COUNTRY_SPELLINGS = {
    "dr congo": "Democratic Republic of Congo",
    "congo, the democratic republic of the": "Democratic Republic of Congo",
    "drc": "Democratic Republic of Congo",
    "democratic republic of congo": "Democratic Republic of Congo",
    "democratic republic of the congo": "Democratic Republic of Congo",
    "republic of congo": "Republic of Congo",
    "republic of the congo": "Republic of Congo",
}


def country_name(country: object) -> str:
    """The display name of a pycountry country (common name when it has one)."""
    name = getattr(country, "common_name", None) or country.name  # type: ignore[attr-defined]
    return _DISPLAY.get(name, name)


@cache
def place_aliases() -> tuple[tuple[str, Place], ...]:
    """Every (alias as written, place). Curated places first, then capitals, then countries."""
    aliases: list[tuple[str, Place]] = []
    with PLACES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            country = _COUNTRY_SPELLINGS.get(row["country"].lower(), row["country"])
            place = Place(row["name"], int(row["admin_level"]), country, float(row["lat"]), float(row["lon"]))
            for alias in (row["name"], *(a for a in row["aliases"].split("|") if a)):
                aliases.append((alias, place))
    with CAPITALS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            country = _display_country(row["country"])
            lat, lon = float(row["lat"]), float(row["lon"])
            aliases.append((row["capital"], Place(row["capital"], 2, country, lat, lon)))
    for country in pycountry.countries:
        display = country_name(country)
        # A country-level place has no point: a capital's coordinates would mislead a map.
        place = Place(display, 0, display)
        names = {display, country.name, getattr(country, "official_name", display)}
        names.update(COUNTRY_ALIASES.get(display, ()))
        for name in names:
            if _key(name) not in _SKIP_COUNTRY_NAMES:
                aliases.append((name, place))
    return tuple(aliases)


@cache
def place_index() -> dict[str, Place]:
    """Alias key -> place; the first listing of a name wins."""
    index: dict[str, Place] = {}
    for alias, place in place_aliases():
        index.setdefault(_key(alias), place)
    return index


def _display_country(name: str) -> str:
    if name.lower() in _COUNTRY_SPELLINGS:
        return _COUNTRY_SPELLINGS[name.lower()]
    try:
        return country_name(pycountry.countries.lookup(name))
    except LookupError:
        return name


def lookup_place(name: str) -> Place | None:
    """The place called ``name`` (any alias, any case), if the gazetteer knows it."""
    return place_index().get(_key(name))


def ruler_patterns() -> list[dict[str, object]]:
    """Entity-ruler patterns for every place alias, with ``place:<name>`` ids."""
    patterns: list[dict[str, object]] = []
    seen: set[str] = set()
    for alias, place in place_aliases():
        if _key(alias) in seen:
            continue
        seen.add(_key(alias))
        label = "GPE" if place.admin_level <= 2 else "LOC"
        patterns.append({"label": label, "pattern": alias, "id": f"place:{place.name}"})
    return patterns


@cache
def _capitals() -> dict[str, str]:
    out: dict[str, str] = {}
    with CAPITALS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(_key(row["capital"]), _display_country(row["country"]))
    return out


def capital_country(name: str) -> str:
    """The country whose capital ``name`` is ("Islamabad" -> "Pakistan"), or "": a capital that
    acts ("Moscow annexed Crimea") stands for its government."""
    return _capitals().get(_key(name), "")
