"""Cross-document merging of events."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from events.merge import merge_events
from events.schema import Event, to_table


def _event(source: str, start: datetime | None, end: datetime | None, **kw) -> Event:
    base = {
        "title": "Takeover: Afghan Taliban in Kabul",
        "event_type": "Strategic developments",
        "actors": ("Afghan Taliban",),
        "actor1": "Afghan Taliban",
        "location": "Kabul",
        "country": "Afghanistan",
        "doc_id": source,
        "evidence": f"evidence from {source}",
        "precision": "day" if start else "unknown",
    }
    base.update(kw)
    return Event(source=source, start=start, end=end, **base)


AUG15 = (datetime(2021, 8, 15), datetime(2021, 8, 16))
AUG = (datetime(2021, 8, 1), datetime(2021, 9, 1))


def test_merge_same_happening_keeps_every_source_and_date() -> None:
    table = to_table(
        [
            _event("a.txt", *AUG, precision="month"),
            _event("b.txt", *AUG15, fatalities=3),
            _event("c.txt", *AUG15, fatalities=5, location="Afghanistan"),
        ]
    )
    merged = merge_events(table)
    assert len(merged) == 1
    row = merged.iloc[0]
    assert row["start"] == pd.Timestamp("2021-08-15") and row["precision"] == "day"
    assert row["source"].split(" | ") == ["b.txt", "c.txt", "a.txt"]
    assert "evidence from a.txt" in row["evidence"] and "evidence from c.txt" in row["evidence"]
    assert "2021-08-01 to 2021-08-31 (month) in a.txt" in row["notes"]
    assert row["fatalities"] == 5 and "fatalities reported: 3, 5" in row["notes"]


@pytest.mark.parametrize(
    ("other", "merges"),
    [
        ({}, True),
        ({"event_type": "Battles"}, False),  # different type
        (
            {"actors": ("Tehrik-i-Taliban Pakistan",), "actor1": "Tehrik-i-Taliban Pakistan"},
            False,
        ),  # no shared actor
        ({"location": "Kandahar"}, False),  # different place
        ({"location": ""}, True),  # unknown place is compatible
        ({"location": "Afghanistan"}, True),  # the country of the other's place
        ({"country": "Pakistan", "location": ""}, False),  # other country
        (
            {"doc_id": "a.txt", "source": "a.txt", "char_start": 10},
            False,
        ),  # same document: not a second report
    ],
)
def test_merge_rule(other: dict, merges: bool) -> None:
    source = other.pop("source", "b.txt")
    b = _event(source, *AUG15, **{"doc_id": source, **other})
    table = to_table([_event("a.txt", *AUG15), b])
    assert len(merge_events(table)) == (1 if merges else 2)


def test_merge_needs_overlapping_dates_and_leaves_undated_alone() -> None:
    table = to_table(
        [
            _event("a.txt", *AUG15),
            _event("b.txt", datetime(2021, 9, 1), datetime(2021, 9, 2)),
            _event("c.txt", None, None),
            _event("d.txt", None, None),
        ]
    )
    merged = merge_events(table)
    assert len(merged) == 4
    assert merged["event_id"].tolist() == table["event_id"].tolist()


def test_merge_is_stable_and_keeps_order() -> None:
    events = [_event(f"{n}.txt", *AUG15) for n in "abc"] + [
        _event("x.txt", datetime(2020, 1, 1), datetime(2020, 1, 2), event_type="Battles")
    ]
    first = merge_events(to_table(events))
    second = merge_events(to_table(list(reversed(events))))
    assert len(first) == 2
    assert set(first["event_id"]) == set(second["event_id"])
    assert first.iloc[0]["source"] == "a.txt | b.txt | c.txt"


def test_merge_empty_and_single() -> None:
    assert len(merge_events(to_table([]))) == 0
    assert len(merge_events(to_table([_event("a.txt", *AUG15)]))) == 1
