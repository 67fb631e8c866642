"""Composable, vectorised filters over the event table, serialisable to URL query params."""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from events.actors import actor_info, canonical_actor, gazetteer
from events.errors import BadValueError

NO_VALUE = "(none)"
"""Lane / option label for an empty value (an event with no actor, no location...)."""

LANE_COLUMNS: tuple[str, ...] = ("actor", "event_type", "sub_event_type", "location", "country", "source")


@dataclass(frozen=True)
class LaneIndex:
    """One (row, lane) pair per entry: an event with two actors has two entries.

    ``rows`` are row positions in the table, ``codes`` index into ``names``.
    """

    rows: np.ndarray
    codes: np.ndarray
    names: np.ndarray


# Keyed by id(table): a table is never mutated in place here (edits return new
# tables), and the entry is dropped when the table is garbage collected.
_LANE_CACHE: dict[tuple[int, str], LaneIndex] = {}


def lane_index(table: pd.DataFrame, lane: str) -> LaneIndex:
    """The (row, lane value) index of ``table`` for ``lane``, built once per table."""
    if lane not in LANE_COLUMNS:
        raise BadValueError(f"lane must be one of {', '.join(LANE_COLUMNS)}; got {lane!r}")
    key = (id(table), lane)
    cached = _LANE_CACHE.get(key)
    if cached is not None:
        return cached
    if lane == "actor":
        exploded = table["actors"].explode()
        values = exploded.to_numpy(dtype=object)
        rows = np.repeat(
            np.arange(len(table)), table["actors"].map(len).clip(lower=1).to_numpy(dtype=np.int64)
        )
        values = np.where(pd.isna(values) | (values == ""), NO_VALUE, values)
    else:
        rows = np.arange(len(table))
        values = table[lane].to_numpy(dtype=object)
        values = np.where(values == "", NO_VALUE, values)
    codes, names = pd.factorize(values, sort=True)
    index = LaneIndex(rows=rows.astype(np.int64), codes=codes.astype(np.int32), names=np.asarray(names))
    _LANE_CACHE[key] = index
    weakref.finalize(table, _LANE_CACHE.pop, key, None)
    return index


@dataclass(frozen=True)
class Filter:
    """What the analyst wants to see. Empty fields filter nothing.

    ``date_from``/``date_to`` form a half-open window ``[date_from, date_to)``; an event
    passes when its span overlaps it (undated events never do).
    """

    actors: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def is_empty(self) -> bool:
        return self == Filter()

    def describe(self) -> str:
        """One line for captions: the filter in force."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), None, ""):
                continue
            shown = ", ".join(value) if isinstance(value, tuple) else str(value)
            parts.append(f"{f.name.replace('_', ' ')}: {shown}")
        return "; ".join(parts) if parts else "no filter"

    def window(self) -> tuple[date | None, date | None] | None:
        """The date window ``[date_from, date_to)`` for the chart's x range, or None (no date filter)."""
        if self.date_from is None and self.date_to is None:
            return None
        return (self.date_from, self.date_to)

    def to_query_params(self) -> dict[str, list[str]]:
        """URL query params (repeated keys for lists); empty fields are left out."""
        params: dict[str, list[str]] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple) and value:
                params[f.name] = list(value)
            elif isinstance(value, date):
                params[f.name] = [value.isoformat()]
            elif isinstance(value, str) and value:
                params[f.name] = [value]
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filter:
        """Read a filter back from query params; unknown keys are ignored."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in params:
                continue
            raw = params[f.name]
            values = [raw] if isinstance(raw, str) else [str(v) for v in raw]
            if f.name in ("date_from", "date_to"):
                try:
                    kwargs[f.name] = date.fromisoformat(values[0]) if values and values[0] else None
                except ValueError as err:
                    raise BadValueError(
                        f"{f.name} in the link must be a date like 2021-11-05; got {values[0]!r}"
                    ) from err
            elif f.name == "text":
                kwargs[f.name] = values[0] if values else ""
            else:
                kwargs[f.name] = tuple(v for v in values if v)
        first, after = kwargs.get("date_from"), kwargs.get("date_to")
        if first is not None and after is not None and first >= after:
            # A hand-edited link: say so rather than show one clamped day.
            raise BadValueError(f"date_from {first} in the link is not before date_to {after}")
        return cls(**kwargs)


def _as_datetime64(value: date) -> np.datetime64:
    if isinstance(value, datetime):
        return np.datetime64(value.replace(tzinfo=None), "s")
    return np.datetime64(value, "s")


def _rows_with_lane_values(table: pd.DataFrame, lane: str, wanted: set[str]) -> np.ndarray:
    index = lane_index(table, lane)
    hit_codes = np.flatnonzero(np.isin(index.names, list(wanted)))
    hits = np.isin(index.codes, hit_codes)
    out = np.zeros(len(table), dtype=bool)
    out[index.rows[hits]] = True
    return out


def mask(table: pd.DataFrame, flt: Filter) -> np.ndarray:
    """Boolean mask of the rows that pass ``flt`` (vectorised)."""
    keep = np.ones(len(table), dtype=bool)
    if flt.actors:
        wanted = {canonical_actor(a) for a in flt.actors}
        keep &= _rows_with_lane_values(table, "actor", wanted)
    if flt.actor_kinds:
        names = lane_index(table, "actor").names
        kinds = set(flt.actor_kinds)
        wanted = {n for n in names if (info := actor_info(str(n))) is not None and info.kind in kinds}
        keep &= _rows_with_lane_values(table, "actor", wanted)
    for attr, column in (
        ("event_types", "event_type"),
        ("sub_event_types", "sub_event_type"),
        ("countries", "country"),
        ("locations", "location"),
        ("statuses", "status"),
        ("precisions", "precision"),
        ("sources", "source"),
    ):
        values = getattr(flt, attr)
        if values:
            wanted = ["" if v == NO_VALUE else v for v in values]
            keep &= table[column].isin(wanted).to_numpy()
    if flt.date_from is not None or flt.date_to is not None:
        start = table["start"].to_numpy()
        end = table["end"].to_numpy()
        dated = ~np.isnat(start)
        keep &= dated
        if flt.date_from is not None:
            keep &= end > _as_datetime64(flt.date_from)
        if flt.date_to is not None:
            keep &= start < _as_datetime64(flt.date_to)
    if flt.text.strip():
        needle = flt.text.strip()
        hit = table["title"].str.contains(needle, case=False, regex=False)
        hit |= table["evidence"].str.contains(needle, case=False, regex=False)
        keep &= hit.to_numpy(dtype=bool)
    return keep


def apply(table: pd.DataFrame, flt: Filter) -> pd.DataFrame:
    """The rows of ``table`` that pass ``flt``, re-indexed from 0."""
    if flt.is_empty():
        return table
    return table[mask(table, flt)].reset_index(drop=True)


def counts(table: pd.DataFrame, lane: str, *, where: np.ndarray | None = None) -> pd.Series:
    """Events per value of ``lane`` (an event counts once per actor), most frequent first."""
    index = lane_index(table, lane)
    codes = index.codes if where is None else index.codes[where[index.rows]]
    tally = np.bincount(codes, minlength=len(index.names))
    series = pd.Series(tally, index=pd.Index(index.names, dtype=object), dtype="int64")
    series = series[series > 0]
    return series.sort_values(ascending=False, kind="stable")


def search_actors(table: pd.DataFrame, query: str) -> list[str]:
    """Canonical actors in ``table`` whose name or any known alias contains ``query``."""
    names = [str(n) for n in lane_index(table, "actor").names if n != NO_VALUE]
    needle = query.strip().lower()
    if not needle:
        return names
    actors, _ = gazetteer()
    exact = canonical_actor(query)
    out = []
    for name in names:
        info = actors.get(name)
        spellings = (name, *(info.aliases if info else ()))
        if name == exact or any(needle in s.lower() for s in spellings):
            out.append(name)
    return out


def actor_kinds(table: pd.DataFrame) -> list[str]:
    """Kinds (state forces, rebel group...) of the known actors in ``table``."""
    kinds = {info.kind for n in lane_index(table, "actor").names if (info := actor_info(str(n))) is not None}
    return sorted(kinds)


def date_bounds(table: pd.DataFrame) -> tuple[date, date] | None:
    """First start and last day of the dated events (the slider's range); None when none fit a date."""
    start = table["start"].to_numpy(dtype="datetime64[s]")
    end = table["end"].to_numpy(dtype="datetime64[s]")
    dated = ~np.isnat(start)
    if not dated.any():
        return None
    # Python dates hold years 1-9999 only; events outside stay in the table and the chart.
    first = max(start[dated].min(), np.datetime64("0001-01-01T00:00:00", "s"))
    last = min(end[dated].max() - np.timedelta64(1, "s"), np.datetime64("9999-12-31T00:00:00", "s"))
    if last < first:
        return None
    return first.astype("datetime64[D]").item(), last.astype("datetime64[D]").item()
