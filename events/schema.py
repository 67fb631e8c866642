"""The one event model and table schema used by every loader, filter, chart and export."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from events.errors import SchemaError

PRECISIONS: tuple[str, ...] = (
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
    "unknown",
)
"""Date precisions from finest to coarsest; ``unknown`` is for undated events."""

STATUSES: tuple[str, ...] = ("occurred", "ongoing", "planned", "negated", "unknown")
"""``negated``: the text says it did not happen (a promise that never happened)."""

DATETIME = "datetime64[s]"

# Column name -> pandas dtype. Order is the column order of every table.
COLUMNS: dict[str, str] = {
    "event_id": "str",
    "title": "str",
    "event_type": "str",
    "sub_event_type": "str",
    "cameo": "str",
    "start": DATETIME,
    "end": DATETIME,
    "precision": "str",
    "approximate": "bool",
    "status": "str",
    "actors": "object",  # list[str] of canonical actor names
    "actor1": "str",
    "actor2": "str",
    "location": "str",
    "country": "str",
    "latitude": "float64",
    "longitude": "float64",
    "fatalities": "Int64",
    "doc_id": "str",
    "source": "str",
    "evidence": "str",
    "char_start": "Int64",
    "char_end": "Int64",
    "timex": "str",
    "timex_value": "str",
    "timex_start": "Int64",
    "timex_end": "Int64",
    "confidence": "float64",
    "notes": "str",
    "edited": "bool",
}
STRING_COLUMNS: tuple[str, ...] = tuple(c for c, t in COLUMNS.items() if t == "str")
REQUIRED_NON_EMPTY: tuple[str, ...] = ("event_id", "precision", "status", "source")


@dataclass(frozen=True)
class Event:
    """One event: a half-open span ``[start, end)`` with its precision and evidence.

    ``start``/``end`` are ``None`` for an undated event (listed apart, never placed
    on the report date). Character offsets point into the source document text.
    """

    title: str
    source: str
    start: datetime | None = None
    end: datetime | None = None
    precision: str = "unknown"
    approximate: bool = False
    status: str = "occurred"
    event_type: str = ""
    sub_event_type: str = ""
    cameo: str = ""
    actors: tuple[str, ...] = ()
    actor1: str = ""
    actor2: str = ""
    location: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    doc_id: str = ""
    evidence: str = ""
    char_start: int | None = None
    char_end: int | None = None
    timex: str = ""
    timex_value: str = ""
    timex_start: int | None = None
    timex_end: int | None = None
    confidence: float = 1.0
    notes: str = ""
    edited: bool = False
    event_id: str = field(default="")

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise SchemaError(f"precision must be one of {PRECISIONS}, got {self.precision!r}")
        if self.status not in STATUSES:
            raise SchemaError(f"status must be one of {STATUSES}, got {self.status!r}")
        if (self.start is None) != (self.end is None):
            raise SchemaError("start and end must both be set or both be None")
        if self.start is not None and self.end is not None and not self.start < self.end:
            raise SchemaError(f"start {self.start} must be before end {self.end}")
        if not self.event_id:
            object.__setattr__(self, "event_id", make_event_id(self))


_EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))


def make_event_id(event: Event) -> str:
    """A stable id: the same input (source, offsets, span, title) gives the same id."""
    key = "\x1f".join(
        str(v)
        for v in (
            event.source,
            event.doc_id,
            event.char_start,
            event.timex_start,
            event.start,
            event.end,
            event.title,
            event.event_type,
        )
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def row_ids(table: pd.DataFrame, columns: Iterable[str]) -> pd.Series:
    """Vectorised stable ids for a table: a hash of the given columns, row by row."""
    cols = list(columns)
    hashed = pd.util.hash_pandas_object(table[cols].astype("str"), index=False)
    return hashed.map("{:016x}".format).astype("str")


def empty_table() -> pd.DataFrame:
    """A table with every column and no rows."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})


def to_table(events: Iterable[Event]) -> pd.DataFrame:
    """Build a validated table from events."""
    # Plain attribute reads: ``asdict`` deep-copies every value, a few ms per article.
    names = _EVENT_FIELDS
    actors = names.index("actors")
    rows = []
    for e in events:
        row = [getattr(e, n) for n in names]
        row[actors] = list(row[actors])
        rows.append(row)
    if not rows:
        return empty_table()
    return validate(pd.DataFrame.from_records(rows, columns=list(names)))


def from_records(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a validated table from dict-like rows (missing columns get defaults)."""
    return validate(pd.DataFrame.from_records(list(records)))


_DEFAULTS: dict[str, Any] = {
    "precision": "unknown",
    "status": "occurred",
    "approximate": False,
    "edited": False,
    "confidence": 1.0,
}


def _as_actor_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str) and v]
    if isinstance(value, (tuple, np.ndarray, pd.Series)):
        return [str(v) for v in list(value) if isinstance(v, str) and v]
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            import json

            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                return [str(v) for v in parsed if v]
        return [p.strip() for p in text.split(";") if p.strip()]
    return []


def _as_datetime(col: pd.Series, name: str) -> pd.Series:
    if str(col.dtype) == DATETIME:
        return col
    if pd.api.types.is_datetime64_any_dtype(col):
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        return col.astype(DATETIME)
    try:
        # Parse ISO strings to seconds without a nanosecond detour, so dates
        # before 1677 or after 2262 survive.
        values = np.array(
            [np.datetime64(v, "s") if isinstance(v, str) and v else np.datetime64("NaT") for v in col]
            if col.dtype == object or pd.api.types.is_string_dtype(col)
            else col.to_numpy(),
            dtype="datetime64[s]",
        )
    except (ValueError, TypeError) as err:
        raise SchemaError(f"column {name!r} must hold ISO dates: {err}") from err
    return pd.Series(values, index=col.index, dtype=DATETIME)


def validate(table: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` coerced to the schema; raise :class:`SchemaError` when it cannot be.

    Missing optional columns are added with defaults; unknown columns are dropped.
    Checks: ids present and unique, precision/status vocabularies, ``start < end``.
    """
    # Shallow: with copy-on-write, adding columns here never touches the caller's frame.
    table = table.copy(deep=False)
    n = len(table)
    for col, dtype in COLUMNS.items():
        if col not in table.columns:
            if col == "actors":
                table[col] = pd.Series([[] for _ in range(n)], index=table.index, dtype=object)
            elif dtype == "str":
                table[col] = _DEFAULTS.get(col, "")
            elif dtype == DATETIME:
                table[col] = pd.Series(np.full(n, np.datetime64("NaT"), dtype=DATETIME), index=table.index)
            else:
                table[col] = _DEFAULTS.get(col, pd.NA if dtype == "Int64" else np.nan)
    out: dict[str, Any] = {}
    for col, dtype in COLUMNS.items():
        series = table[col]
        try:
            if col == "actors":
                # Fast path: loaders already build lists; only other shapes are converted.
                # (set(map(type, ...)) over a plain list runs in C: 4x faster than all(...).)
                if set(map(type, series.to_numpy(dtype=object).tolist())) <= {list}:
                    out[col] = series.astype(object)
                else:
                    out[col] = pd.Series([_as_actor_list(v) for v in series], index=table.index, dtype=object)
            elif dtype == DATETIME:
                out[col] = _as_datetime(series, col)
            elif dtype == "str":
                plain = _is_str(series) and not series.hasnans
                out[col] = series if plain else series.fillna("").astype("str")
            elif str(series.dtype) == dtype:
                out[col] = series  # already the schema's dtype: nothing to convert
            elif dtype == "bool":
                out[col] = series.fillna(_DEFAULTS.get(col, False)).astype("bool")
            elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
                out[col] = series.astype(dtype)
            else:
                out[col] = pd.to_numeric(series, errors="raise").astype(dtype)
        except (ValueError, TypeError) as err:
            raise SchemaError(f"column {col!r} cannot be read as {dtype}: {err}") from err
    # One frame from all columns: inserting 30 columns one by one re-shuffles pandas' blocks.
    table = pd.DataFrame(out, index=table.index, copy=False).reset_index(drop=True)
    _check(table)
    return table


_STR = pd.Series([], dtype="str").dtype


def _is_str(series: pd.Series) -> bool:
    """True for exactly the dtype ``astype("str")`` gives (same storage), so nothing to convert."""
    return series.dtype == _STR


def _check(table: pd.DataFrame) -> None:
    if (table["event_id"] == "").any():
        raise SchemaError("every event needs an event_id")
    if not table["event_id"].is_unique:
        dup = table["event_id"].duplicated()
        first = table.loc[dup, "event_id"].iloc[0]
        raise SchemaError(f"event_id values must be unique; {first!r} repeats")
    bad = ~table["precision"].isin(PRECISIONS)
    if bad.any():
        raise SchemaError(
            f"precision must be one of {', '.join(PRECISIONS)}; row {int(bad.idxmax())} has "
            f"{table.loc[bad, 'precision'].iloc[0]!r}"
        )
    bad = ~table["status"].isin(STATUSES)
    if bad.any():
        raise SchemaError(
            f"status must be one of {', '.join(STATUSES)}; row {int(bad.idxmax())} has "
            f"{table.loc[bad, 'status'].iloc[0]!r}"
        )
    start_na = table["start"].isna()
    if not start_na.equals(table["end"].isna()):
        raise SchemaError("start and end must both be set or both be empty")
    dated = ~start_na
    bad = dated & ~(table["start"] < table["end"])
    if bad.any():
        row = int(bad.idxmax())
        raise SchemaError(
            f"start must be before end (half-open span); row {row} has "
            f"{table.at[row, 'start']} .. {table.at[row, 'end']}"
        )


def concat(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate validated tables, keeping the first of any repeated event_id."""
    parts = [t for t in tables if len(t)]
    if not parts:
        return empty_table()
    table = pd.concat(parts, ignore_index=True)
    table = table[~table["event_id"].duplicated()].reset_index(drop=True)
    return table.astype({c: t for c, t in COLUMNS.items() if t != "object"})
