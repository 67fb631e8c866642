"""Cross-document merging: reports of the same happening become one event that keeps every source.

Two events merge when they come from different documents, have the same event
type, overlapping date spans, at least one actor in common (or, when either
has no actors, the same location) and compatible places (same location, or one
unknown, or the same country). A merged event keeps the finest-dated report as
its date; every other date is listed in ``notes`` with its source, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from events.schema import validate

SEPARATOR = " | "
_CHUNK = 2048
_PRECISION_RANK = {
    p: n
    for n, p in enumerate(
        (
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
    )
}


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _candidate_pairs(table: pd.DataFrame) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) that satisfy the merge rule; blocked by event type, overlap vectorised."""
    dated = table["start"].notna() & (table["event_type"] != "")
    for _, group in table[dated].groupby("event_type", sort=False):
        if len(group) < 2:
            continue
        idx = group.index.to_numpy()
        start = group["start"].to_numpy().astype("int64")
        end = group["end"].to_numpy().astype("int64")
        doc = group["doc_id"].where(group["doc_id"] != "", group["source"]).to_numpy()
        for lo in range(0, len(group), _CHUNK):
            hi = min(lo + _CHUNK, len(group))
            overlap = (start[lo:hi, None] < end[None, :]) & (start[None, :] < end[lo:hi, None])
            other_doc = doc[lo:hi, None] != doc[None, :]
            upper = np.arange(lo, hi)[:, None] < np.arange(len(group))[None, :]
            rows, cols = np.nonzero(overlap & other_doc & upper)
            for r, c in zip(rows + lo, cols, strict=True):
                yield int(idx[r]), int(idx[c])


def _compatible(a: pd.Series, b: pd.Series) -> bool:
    """Shared actors (or same location when either lists none) and compatible places."""
    actors_a, actors_b = set(a["actors"]), set(b["actors"])
    loc_a, loc_b = a["location"], b["location"]
    if actors_a and actors_b:
        if not actors_a & actors_b:
            return False
    elif not (loc_a and loc_a == loc_b):
        return False
    if a["country"] and b["country"] and a["country"] != b["country"]:
        return False
    if loc_a and loc_b and loc_a != loc_b:
        # "Khost" and "Afghanistan" are compatible; "Khost" and "Kabul" are not.
        return loc_a == b["country"] or loc_b == a["country"]
    return True


def _span_text(row: pd.Series) -> str:
    start, end = row["start"], row["end"]
    if pd.isna(start):
        return "undated"
    last = (end - pd.Timedelta(seconds=1)).date()
    return f"{start.date()}" + (f" to {last}" if last != start.date() else "") + f" ({row['precision']})"


def _merge_group(rows: pd.DataFrame) -> dict:
    """One merged record from a cluster of reports."""
    order = rows.assign(
        _rank=rows["precision"].map(_PRECISION_RANK).fillna(99), _conf=-rows["confidence"]
    ).sort_values(["_rank", "_conf", "start"], kind="stable")
    base = order.iloc[0]
    record = base.to_dict()

    def joined(column: str) -> str:
        return SEPARATOR.join(dict.fromkeys(v for v in order[column] if v))

    record["source"] = joined("source")
    record["doc_id"] = joined("doc_id")
    record["evidence"] = SEPARATOR.join(
        dict.fromkeys(f"[{s}] {e}" for s, e in zip(order["source"], order["evidence"], strict=True) if e)
    )
    record["actors"] = list(dict.fromkeys(a for actors in order["actors"] for a in actors))
    if not record["actor2"]:
        record["actor2"] = next((a for a in order["actor2"] if a and a != record["actor1"]), "")
    notes = [n for n in dict.fromkeys(order["notes"]) if n]
    notes.append(f"merged from {len(order)} reports")
    base_span = _span_text(base)
    alternatives = [
        f"{_span_text(r)} in {r['source']}"
        for _, r in order.iloc[1:].iterrows()
        if _span_text(r) != base_span
    ]
    if alternatives:
        notes.append("other dates reported: " + "; ".join(dict.fromkeys(alternatives)))
    statuses = list(dict.fromkeys(order["status"]))
    if len(statuses) > 1:
        notes.append("statuses reported: " + ", ".join(statuses))
    fatalities = order["fatalities"].dropna()
    if len(fatalities):
        record["fatalities"] = int(fatalities.max())
        if fatalities.nunique() > 1:
            notes.append("fatalities reported: " + ", ".join(str(int(v)) for v in dict.fromkeys(fatalities)))
    record["notes"] = "; ".join(notes)
    record["confidence"] = float(min(0.99, order["confidence"].max() + 0.05 * (len(order) - 1)))
    key = "|".join(sorted(order["event_id"]))
    record["event_id"] = hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    return record


def merge_events(table: pd.DataFrame) -> pd.DataFrame:
    """Merge reports of the same happening from different documents into one event each."""
    table = validate(table)
    if len(table) < 2:
        return table
    parent = np.arange(len(table))
    found = False
    for i, j in _candidate_pairs(table):
        if _find(parent, i) == _find(parent, j):
            continue
        if _compatible(table.loc[i], table.loc[j]):
            parent[_find(parent, j)] = _find(parent, i)
            found = True
    if not found:
        return table
    roots = np.array([_find(parent, i) for i in range(len(table))])
    sizes = pd.Series(roots).value_counts()
    merged_roots = set(sizes[sizes > 1].index)
    keep = [i for i in range(len(table)) if roots[i] not in merged_roots]
    records = [_merge_group(table.iloc[np.nonzero(roots == r)[0]]) for r in sorted(merged_roots)]
    first_index = {r: int(np.nonzero(roots == r)[0][0]) for r in merged_roots}
    out = pd.concat(
        [
            table.iloc[keep],
            pd.DataFrame.from_records(records, index=[first_index[r] for r in sorted(merged_roots)]),
        ]
    ).sort_index(kind="stable")
    return validate(out.reset_index(drop=True))
