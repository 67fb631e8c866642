"""Analyst corrections as a replayable log: update, delete, merge and add events.

Edits refer to stable event ids, so replaying the log on a freshly reloaded source
gives the same corrected table. Every row an edit touches is marked ``edited``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from events.actors import canonical_actor
from events.errors import BadValueError, TimelineError
from events.merge import merge_events
from events.schema import COLUMNS, DATETIME, validate

OPS: tuple[str, ...] = ("update", "delete", "merge", "add", "merge_reports")
EDITABLE: tuple[str, ...] = (
    "title",
    "event_type",
    "sub_event_type",
    "start",
    "end",
    "precision",
    "approximate",
    "status",
    "actors",
    "location",
    "country",
    "fatalities",
    "notes",
)
ANALYST_SOURCE = "analyst"


@dataclass(frozen=True)
class Edit:
    """One correction. ``values`` is JSON-ready (dates as ISO text, actors a list)."""

    op: str
    event_ids: tuple[str, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise BadValueError(f"edit op must be one of {', '.join(OPS)}; got {self.op!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "event_ids": list(self.event_ids), "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edit:
        try:
            return cls(
                op=str(data["op"]),
                event_ids=tuple(data.get("event_ids", ())),
                values=dict(data.get("values", {})),
            )
        except (KeyError, TypeError) as err:
            raise BadValueError(f"not an edit record: {data!r}") from err


def _date_text(value: Any, name: str) -> str:
    """An ISO date-time string ('' for no date) from text, date, datetime or numpy/pandas dates."""
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return ""
    try:
        if isinstance(value, str):
            text = value.strip().replace(" ", "T")
            if text.endswith("Z") or re.search(r"[+-]\d\d:?\d\d$", text[10:]):
                # The data editor may send UTC with an offset; the table holds naive UTC.
                stamp = pd.Timestamp(text).tz_convert("UTC").tz_localize(None)
                return str(np.datetime64(stamp.to_datetime64(), "s"))
            return str(np.datetime64(text, "s"))
        if isinstance(value, pd.Timestamp):
            return str(np.datetime64(value.to_datetime64(), "s"))
        if isinstance(value, datetime):
            return str(np.datetime64(value.replace(tzinfo=None), "s"))
        if isinstance(value, (date, np.datetime64)):
            return str(np.datetime64(value, "s"))
    except ValueError as err:
        raise BadValueError(f"{name} must be a date like 2021-11-05; got {value!r}") from err
    raise BadValueError(f"{name} must be a date like 2021-11-05; got {value!r}")


def _actor_list(value: Any) -> list[str]:
    if isinstance(value, str):
        parts = value.split(";")
    elif isinstance(value, Iterable):
        parts = [str(v) for v in value]
    else:
        parts = []
    return [canonical_actor(p) for p in parts if p and p.strip()]


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise BadValueError(f"cannot edit {key!r}; editable fields: {', '.join(EDITABLE)}")
        if key in ("start", "end"):
            out[key] = _date_text(value, key)
        elif key == "actors":
            out[key] = _actor_list(value)
        elif key == "approximate":
            out[key] = bool(value)
        elif key == "fatalities":
            out[key] = None if value is None or value == "" or pd.isna(value) else int(value)
        else:
            out[key] = "" if value is None else str(value)
    return out


def update(event_id: str, **values: Any) -> Edit:
    """Change fields of one event."""
    return Edit("update", (event_id,), _clean(values))


def delete(event_id: str) -> Edit:
    """Remove one event."""
    return Edit("delete", (event_id,))


def merge(event_ids: Sequence[str], **values: Any) -> Edit:
    """Merge two or more events into one (span covers all, actors and evidence joined)."""
    if len(set(event_ids)) < 2:
        raise BadValueError("choose at least two different events to merge")
    return Edit("merge", tuple(event_ids), _clean(values))


_UNIT_OF: dict[str, tuple[int, str]] = {
    "second": (1, "s"),
    "minute": (1, "m"),
    "hour": (1, "h"),
    "day": (1, "D"),
    "week": (7, "D"),
    "month": (1, "M"),
    "quarter": (3, "M"),
    "season": (3, "M"),
    "year": (1, "Y"),
    "decade": (10, "Y"),
    "century": (100, "Y"),
}


def span_end(start: str, precision: str) -> str:
    """The exclusive end of one unit of ``precision`` from ``start`` (ISO text in and out).

    A manual event given only its start ('2021-11-05', a day) ends the next day; a month
    from the 1st ends on the 1st of the next month.
    """
    count, unit = _UNIT_OF.get(precision, (1, "D"))
    first = np.datetime64(start, "s")
    if unit in ("M", "Y"):
        # Calendar units: step the month or year, keep the day and time of day.
        coarse = first.astype(f"datetime64[{unit}]")
        rest = first - coarse.astype("datetime64[D]").astype("datetime64[s]")
        moved = (coarse + count).astype("datetime64[D]").astype("datetime64[s]") + rest
        return str(moved)
    return str(first + np.timedelta64(count, unit).astype("timedelta64[s]"))


def add(*, salt: str = "", **values: Any) -> Edit:
    """A manual event; ``salt`` keeps the ids of two identical additions apart.

    Given a start and no end, it lasts one unit of its precision (a day by default);
    given no date, its precision is ``unknown``.
    """
    clean = _clean(values)
    if not str(clean.get("title", "")).strip():
        raise BadValueError("a manual event needs a title")
    if clean.get("start") and not clean.get("end"):
        clean["end"] = span_end(clean["start"], str(clean.get("precision") or "day"))
    elif clean.get("end") and not clean.get("start"):
        raise BadValueError("a manual event with an end needs a start")
    elif not clean.get("start") and not clean.get("precision"):
        clean["precision"] = "unknown"
    key = json.dumps(clean, sort_keys=True, default=str) + "\x1f" + salt
    event_id = "a" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    return Edit("add", (event_id,), clean)


def merge_reports() -> Edit:
    """Join reports of one happening across documents (:func:`events.merge.merge_events`).

    Kept in the log like any edit, so it is undone by dropping it and replays on reload.
    """
    return Edit("merge_reports")


def _row(table: pd.DataFrame, pos: int) -> dict[str, Any]:
    row = table.iloc[pos].to_dict()
    for col in ("start", "end"):
        value = table[col].to_numpy(dtype=DATETIME)[pos]
        row[col] = "" if np.isnat(value) else str(value)
    row["actors"] = list(row["actors"])
    return row


def _merged(
    rows: list[dict[str, Any]], event_ids: Sequence[str], values: Mapping[str, Any]
) -> dict[str, Any]:
    out = dict(rows[0])
    dated = [r for r in rows if r["start"]]
    if dated:
        out["start"] = min((r["start"] for r in dated), key=lambda s: np.datetime64(s, "s"))
        out["end"] = max((r["end"] for r in dated), key=lambda s: np.datetime64(s, "s"))
        out["precision"] = dated[0]["precision"]
    actors: list[str] = []
    for r in rows:
        actors += [a for a in r["actors"] if a not in actors]
    out["actors"] = actors
    out["approximate"] = any(r["approximate"] for r in rows)
    for col in ("evidence", "source", "doc_id"):
        seen = [r[col] for r in rows if r[col]]
        out[col] = " | ".join(dict.fromkeys(seen))
    out["notes"] = "; ".join(filter(None, [out.get("notes", ""), "merged from " + ", ".join(event_ids)]))
    out["event_id"] = "m" + hashlib.blake2b("\x1f".join(event_ids).encode(), digest_size=8).hexdigest()
    out.update(values)
    return out


def apply_edits(table: pd.DataFrame, edits: Iterable[Edit]) -> pd.DataFrame:
    """Replay ``edits`` on ``table``; edits naming events that are not there are skipped."""
    edits = list(edits)
    cut = next((n for n, e in enumerate(edits) if e.op == "merge_reports"), None)
    if cut is None:
        return _apply(table, edits)
    before = _apply(table, edits[:cut])
    merged = merge_events(before)
    # Joined events are the analyst's doing: mark them like any other edit.
    fresh = ~merged["event_id"].isin(before["event_id"]).to_numpy()
    if fresh.any():
        merged = merged.assign(edited=merged["edited"].to_numpy() | fresh)
    return apply_edits(merged, edits[cut + 1 :])


def replay(table: pd.DataFrame, edits: Sequence[Edit]) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Replay ``edits``, skipping any that no longer apply: (table, [(edit number, why)]).

    An edit checked when it was made can stop fitting later (the source reloaded with
    another publication date moves an event's start past the end the analyst set). Only
    those edits are skipped; every other edit still applies and none is deleted.
    """
    edits = list(edits)
    try:
        return apply_edits(table, edits), []
    except TimelineError:
        pass
    current = table
    skipped: list[tuple[int, str]] = []
    for n, edit in enumerate(edits):
        try:
            current = apply_edits(current, [edit])
        except TimelineError as err:
            skipped.append((n, f"{_describe(edit)}: {err}"))
    bad = {n for n, _ in skipped}
    try:
        return apply_edits(table, [e for n, e in enumerate(edits) if n not in bad]), skipped
    except TimelineError:
        return current, skipped


def _describe(edit: Edit) -> str:
    ids = ", ".join(edit.event_ids[:3]) + (" ..." if len(edit.event_ids) > 3 else "")
    return f"the {edit.op} of {ids}" if ids else f"the {edit.op}"


def _apply(table: pd.DataFrame, edits: list[Edit]) -> pd.DataFrame:
    if not edits:
        return table
    positions = pd.Series(np.arange(len(table)), index=table["event_id"].to_numpy())
    changed: dict[str, dict[str, Any]] = {}
    order: dict[str, float] = {}
    removed: set[str] = set()

    def fetch(event_id: str) -> dict[str, Any] | None:
        if event_id in changed:
            return changed[event_id]
        if event_id in removed or event_id not in positions.index:
            return None
        pos = int(positions[event_id])
        order[event_id] = pos
        changed[event_id] = _row(table, pos)
        return changed[event_id]

    for n, edit in enumerate(edits):
        if edit.op == "update":
            row = fetch(edit.event_ids[0])
            if row is not None:
                row.update(edit.values)
                row["edited"] = True
        elif edit.op == "delete":
            if fetch(edit.event_ids[0]) is not None:
                changed.pop(edit.event_ids[0])
                removed.add(edit.event_ids[0])
        elif edit.op == "merge":
            rows = [r for r in (fetch(i) for i in edit.event_ids) if r is not None]
            if len(rows) < 2:
                continue
            present = [i for i in edit.event_ids if i in changed]
            merged = _merged(rows, present, edit.values)
            merged["edited"] = True
            first = min(order.get(i, len(table) + n) for i in present)
            for i in present:
                changed.pop(i)
                removed.add(i)
            changed[merged["event_id"]] = merged
            order[merged["event_id"]] = first
            removed.discard(merged["event_id"])
        else:  # add
            event_id = edit.event_ids[0]
            row = {"source": ANALYST_SOURCE, "precision": "day", "status": "occurred", **edit.values}
            row.update(event_id=event_id, edited=True)
            changed[event_id] = row
            order[event_id] = len(table) + n
    touched = removed | {i for i in changed if i in positions.index}
    keep = ~table["event_id"].isin(touched).to_numpy()
    if not changed:
        return table[keep].reset_index(drop=True)
    fresh = validate(pd.DataFrame.from_records(list(changed.values())))
    combined = pd.concat([table[keep], fresh], ignore_index=True)
    key = np.concatenate([np.flatnonzero(keep).astype(float), [order[i] for i in changed]])
    combined = combined.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    return validate_light(combined)


def validate_light(table: pd.DataFrame) -> pd.DataFrame:
    """Check ids stay unique after edits (the rows themselves were validated)."""
    dup = table["event_id"].duplicated()
    if dup.any():
        raise BadValueError(f"edits produced a repeated event id {table.loc[dup, 'event_id'].iloc[0]!r}")
    return table.astype({c: t for c, t in COLUMNS.items() if t != "object"})


EDITOR_COLUMNS: tuple[str, ...] = (
    "event_id",
    "title",
    "start",
    "end",
    "precision",
    "approximate",
    "status",
    "event_type",
    "actors",
    "location",
    "country",
    "source",
    "edited",
)


def editor_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The table as shown in the data editor: actors as ``; ``-joined text."""
    view = table[list(EDITOR_COLUMNS)].copy()
    view["actors"] = view["actors"].map("; ".join)
    # Nullable booleans: a row added in the editor starts empty.
    return view.astype({"approximate": "boolean", "edited": "boolean"})


def editor_edits(view: pd.DataFrame, state: Mapping[str, Any], *, salt: str = "") -> list[Edit]:
    """Turn a data editor's state (``edited_rows``, ``added_rows``, ``deleted_rows``) into edits."""
    edits: list[Edit] = []
    ids = view["event_id"].to_numpy(dtype=object)
    for pos, changes in (state.get("edited_rows") or {}).items():
        values = {k: v for k, v in changes.items() if k in EDITABLE}
        if values:
            edits.append(update(str(ids[int(pos)]), **values))
    for n, row in enumerate(state.get("added_rows") or []):
        values = {k: v for k, v in row.items() if k in EDITABLE and v not in (None, "")}
        if values.get("title"):
            edits.append(add(salt=f"{salt}/{n}", **values))
    edits.extend(delete(str(ids[int(pos)])) for pos in state.get("deleted_rows") or [])
    return edits
