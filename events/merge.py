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


def _candidate_pairs(table: pd.DataFrame) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Chunks of row-position pairs that satisfy the date and document parts of the rule.

    Blocked by event type. Within a type, events are sorted by start; the events
    overlapping event ``i`` are then a contiguous run after it (start before
    ``i``'s end), found with one ``searchsorted``. Pairs come in bounded chunks.
    """
    dated = table["start"].notna() & (table["event_type"] != "")
    doc_all = table["doc_id"].where(table["doc_id"] != "", table["source"]).to_numpy()
    for _, group in table[dated].groupby("event_type", sort=False):
        if len(group) < 2:
            continue
        group = group.sort_values("start", kind="stable")
        pos = group.index.to_numpy()
        start = group["start"].to_numpy().astype("int64")
        end = group["end"].to_numpy().astype("int64")
        doc = doc_all[pos]
        stop = np.searchsorted(start, end, side="left")  # first j whose start is at or after i's end
        for lo in range(0, len(group), _CHUNK):
            rows = np.arange(lo, min(lo + _CHUNK, len(group)))
            counts = np.maximum(stop[rows] - rows - 1, 0)
            total = int(counts.sum())
            if not total:
                continue
            left = np.repeat(rows, counts)
            right = left + 1 + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            keep = doc[left] != doc[right]
            yield pos[left[keep]], pos[right[keep]]


def _place_ok(loc: np.ndarray, country: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Vectorised place rule: same country when both known; same location, one unknown, or
    one of them the other's country ("Khost" and "Afghanistan")."""
    la, lb, ca, cb = loc[a], loc[b], country[a], country[b]
    countries = (ca == "") | (cb == "") | (ca == cb)
    places = (la == "") | (lb == "") | (la == lb) | (la == cb) | (lb == ca)
    return countries & places


def _span_text(row: dict) -> str:
    start, end = row["start"], row["end"]
    if pd.isna(start):
        return "undated"
    first = start.date()
    last = (end - pd.Timedelta(seconds=1)).date()
    return f"{first}" + (f" to {last}" if last != first else "") + f" ({row['precision']})"


def _merge_group(rows: list[dict]) -> dict:
    """One merged record from a cluster of reports (plain dicts: thousands of clusters stay fast)."""
    order = sorted(
        rows, key=lambda r: (_PRECISION_RANK.get(r["precision"], 99), -r["confidence"], r["start"])
    )
    base = order[0]
    record = dict(base)

    def joined(column: str) -> str:
        return SEPARATOR.join(dict.fromkeys(r[column] for r in order if r[column]))

    record["source"] = joined("source")
    record["doc_id"] = joined("doc_id")
    record["evidence"] = SEPARATOR.join(
        dict.fromkeys(f"[{r['source']}] {r['evidence']}" for r in order if r["evidence"])
    )
    record["actors"] = list(dict.fromkeys(a for r in order for a in r["actors"]))
    if not record["actor2"]:
        record["actor2"] = next(
            (r["actor2"] for r in order if r["actor2"] and r["actor2"] != record["actor1"]), ""
        )
    notes = [n for n in dict.fromkeys(r["notes"] for r in order) if n]
    notes.append(f"merged from {len(order)} reports")
    base_span = _span_text(base)
    alternatives = [f"{_span_text(r)} in {r['source']}" for r in order[1:] if _span_text(r) != base_span]
    if alternatives:
        notes.append("other dates reported: " + "; ".join(dict.fromkeys(alternatives)))
    statuses = list(dict.fromkeys(r["status"] for r in order))
    if len(statuses) > 1:
        notes.append("statuses reported: " + ", ".join(statuses))
    fatalities = [int(r["fatalities"]) for r in order if not pd.isna(r["fatalities"])]
    if fatalities:
        record["fatalities"] = max(fatalities)
        if len(set(fatalities)) > 1:
            notes.append("fatalities reported: " + ", ".join(str(v) for v in dict.fromkeys(fatalities)))
    record["notes"] = "; ".join(notes)
    record["confidence"] = float(min(0.99, max(r["confidence"] for r in order) + 0.05 * (len(order) - 1)))
    key = "|".join(sorted(r["event_id"] for r in order))
    record["event_id"] = hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    return record


def merge_events(table: pd.DataFrame) -> pd.DataFrame:
    """Merge reports of the same happening from different documents into one event each."""
    table = validate(table)
    if len(table) < 2:
        return table
    loc = table["location"].to_numpy(dtype=object)
    country = table["country"].to_numpy(dtype=object)
    actors = [frozenset(a) for a in table["actors"]]
    parent = np.arange(len(table))
    found = False
    for left, right in _candidate_pairs(table):
        ok = _place_ok(loc, country, left, right)
        for i, j in zip(left[ok].tolist(), right[ok].tolist(), strict=True):
            a, b = actors[i], actors[j]
            # Shared actors; when either lists none, the same named location instead.
            if (a and b and not a & b) or (not (a and b) and not (loc[i] and loc[i] == loc[j])):
                continue
            ri, rj = _find(parent, i), _find(parent, j)
            if ri != rj:
                parent[rj] = ri
                found = True
    if not found:
        return table
    roots = np.array([_find(parent, i) for i in range(len(table))])
    sizes = pd.Series(roots).value_counts()
    merged_roots = sorted(sizes[sizes > 1].index)
    keep = np.isin(roots, merged_roots, invert=True)
    positions = np.nonzero(~keep)[0]
    rows = table.iloc[positions].to_dict("records")
    clusters: dict[int, list[dict]] = {}
    first: dict[int, int] = {}
    for position, row in zip(positions.tolist(), rows, strict=True):
        root = int(roots[position])
        clusters.setdefault(root, []).append(row)
        first.setdefault(root, position)
    records = [_merge_group(clusters[r]) for r in merged_roots]
    first_index = [first[r] for r in merged_roots]
    out = pd.concat([table[keep], pd.DataFrame.from_records(records, index=first_index)]).sort_index(
        kind="stable"
    )
    return validate(out.reset_index(drop=True))
