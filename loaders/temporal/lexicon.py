"""Word tables for the English tagger, loaded once from ``lexicon.yaml`` next to this module."""

from __future__ import annotations

from pathlib import Path

import yaml

_DATA = yaml.safe_load((Path(__file__).with_name("lexicon.yaml")).read_text(encoding="utf-8"))

MONTHS: dict[str, int] = _DATA["months"]
# Month names that are also common English words: only tagged alone when a date cue precedes them.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset(_DATA["ambiguous_months"])
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
NUMBERS: dict[str, float] = _DATA["numbers"]
VAGUE_NUMBERS: frozenset[str] = frozenset(_DATA["vague_numbers"])
ORDINALS: dict[str, int] = _DATA["ordinals"]
# unit word -> (TIMEX3 unit letter, is a clock unit, multiplier)
UNITS: dict[str, tuple[str, bool, int]] = {
    word: (spec["letter"], spec["time"], spec["factor"]) for word, spec in _DATA["units"].items()
}
# Granularity a relative unit resolves to ("two weeks ago" -> a week value).
UNIT_GRAIN: dict[str, str] = _DATA["unit_grain"]
SEASONS: dict[str, str] = _DATA["seasons"]
DAY_PARTS: dict[str, str] = _DATA["day_parts"]
APPROX_MODS: dict[str, str] = _DATA["approx_mods"]
PART_MODS: dict[str, str] = _DATA["part_mods"]
VAGUE: dict[str, str] = _DATA["vague"]
SETS: dict[str, str] = _DATA["sets"]
TIMEZONES: tuple[str, ...] = tuple(_DATA["timezones"])
