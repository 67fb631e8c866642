"""Analyst edits: update, delete, merge, add; marked, replayable, validated."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from events import edits as E
from events.errors import BadValueError, SchemaError
from events.schema import Event, to_table


def _table() -> pd.DataFrame:
    return to_table(
        [
            Event(
                title="Talks",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                actors=("Tehrik-i-Taliban Pakistan",),
                evidence="They talked.",
            ),
            Event(
                title="Truce",
                source="b.txt",
                start=datetime(2021, 11, 10),
                end=datetime(2021, 12, 10),
                precision="month",
                status="planned",
                actors=("Government of Pakistan",),
                evidence="A truce.",
            ),
            Event(title="Operation", source="a.txt"),
        ]
    )


def test_edits_update_marks_and_folds_actor_aliases() -> None:
    table = _table()
    out = E.apply_edits(
        table,
        [
            E.update(
                table.event_id[0],
                title="Talks in Khost",
                status="ongoing",
                actors="Pakistani Taliban; Imran Khan",
                start="2021-10-20",
            )
        ],
    )
    row = out.iloc[0]
    assert row["title"] == "Talks in Khost" and row["status"] == "ongoing" and bool(row["edited"])
    assert row["actors"] == ["Tehrik-i-Taliban Pakistan", "Imran Khan"]
    assert row["start"] == pd.Timestamp("2021-10-20") and row["event_id"] == table.event_id[0]
    assert not out["edited"].iloc[1:].any()
    assert list(out["event_id"]) == list(table["event_id"])  # order kept


def test_edits_give_an_undated_event_a_date() -> None:
    table = _table()
    out = E.apply_edits(
        table, [E.update(table.event_id[2], start="2021-11-01", end="2021-11-02", precision="day")]
    )
    assert out.iloc[2]["start"] == pd.Timestamp("2021-11-01") and out.iloc[2]["precision"] == "day"


def test_edits_delete_and_add() -> None:
    table = _table()
    added = E.add(title="Manual", start="2021-01-01", end="2021-01-02", precision="day", actors=["TTP"])
    out = E.apply_edits(table, [E.delete(table.event_id[1]), added])
    assert list(out["title"]) == ["Talks", "Operation", "Manual"]
    manual = out.iloc[2]
    assert manual["source"] == E.ANALYST_SOURCE and bool(manual["edited"])
    assert manual["actors"] == ["Tehrik-i-Taliban Pakistan"]


def test_edits_merge_joins_span_actors_evidence_sources() -> None:
    table = _table()
    out = E.apply_edits(table, [E.merge([table.event_id[0], table.event_id[1]])])
    assert len(out) == 2
    merged = out.iloc[0]
    assert merged["start"] == pd.Timestamp("2021-10-22") and merged["end"] == pd.Timestamp("2021-12-10")
    assert merged["actors"] == ["Tehrik-i-Taliban Pakistan", "Government of Pakistan"]
    assert merged["evidence"] == "They talked. | A truce." and merged["source"] == "a.txt | b.txt"
    assert table.event_id[0] in merged["notes"] and bool(merged["edited"])


def test_edits_replay_on_a_reloaded_source_and_skip_missing_ids() -> None:
    log = [E.update(_table().event_id[0], title="Fixed"), E.delete("not-there"), E.update("gone", title="x")]
    first = E.apply_edits(_table(), log)
    again = E.apply_edits(_table(), log)  # the same source loaded again: same ids
    pd.testing.assert_frame_equal(first, again)
    assert first.iloc[0]["title"] == "Fixed"


def test_edits_later_edits_see_earlier_ones() -> None:
    table = _table()
    out = E.apply_edits(
        table, [E.update(table.event_id[0], title="A"), E.update(table.event_id[0], status="planned")]
    )
    assert out.iloc[0]["title"] == "A" and out.iloc[0]["status"] == "planned"


@pytest.mark.parametrize(
    ("edit", "error", "match"),
    [
        (lambda t: E.update(t.event_id[0], start="2022-01-01"), SchemaError, "start must be before end"),
        (lambda t: E.update(t.event_id[0], precision="fortnight"), SchemaError, "precision must be one of"),
        (lambda t: E.update(t.event_id[0], start="2021-13-45"), BadValueError, "start must be a date"),
        (lambda t: E.update(t.event_id[0], source="x"), BadValueError, "cannot edit"),
        (lambda t: E.merge([t.event_id[0]]), BadValueError, "at least two"),
        (lambda t: E.add(title=""), BadValueError, "needs a title"),
    ],
)
def test_edits_refuse_bad_values(edit, error, match) -> None:
    table = _table()
    with pytest.raises(error, match=match):
        E.apply_edits(table, [edit(table)])


def test_edits_log_serialises() -> None:
    log = [E.update("a", title="x", start="2021-01-01"), E.merge(["a", "b"]), E.add(title="m", salt="1")]
    assert [E.Edit.from_dict(e.to_dict()) for e in log] == log


def test_edits_from_data_editor_state() -> None:
    table = _table()
    view = E.editor_frame(table)
    assert view["actors"].iloc[0] == "Tehrik-i-Taliban Pakistan"
    state = {
        "edited_rows": {"1": {"status": "occurred", "event_id": "ignored"}},
        "added_rows": [{"title": "New", "start": "2021-02-01T00:00:00", "end": "2021-02-02T00:00:00"}, {}],
        "deleted_rows": [2],
    }
    log = E.editor_edits(view, state, salt="0")
    assert [e.op for e in log] == ["update", "add", "delete"]
    out = E.apply_edits(table, log)
    assert list(out["title"]) == ["Talks", "Truce", "New"] and out.iloc[1]["status"] == "occurred"


def test_edits_scale_touches_only_edited_rows() -> None:
    n = 200_000
    start = np.datetime64("2000-01-01T00:00:00", "s") + np.arange(n).astype("timedelta64[s]")
    table = E.validate(
        pd.DataFrame(
            {
                "event_id": [f"e{i}" for i in range(n)],
                "source": "s",
                "precision": "day",
                "start": start,
                "end": start + np.timedelta64(1, "s"),
            }
        )
    )
    out = E.apply_edits(table, [E.update("e5", title="x"), E.delete("e7")])
    assert len(out) == n - 1 and out.iloc[5]["title"] == "x" and int(out["edited"].sum()) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-11-05", "2021-11-05T00:00:00"),
        ("2021-11-05 10:30", "2021-11-05T10:30:00"),
        ("2021-11-05T00:00:00.000", "2021-11-05T00:00:00"),
        ("2021-11-05T00:00:00Z", "2021-11-05T00:00:00"),
        ("2021-11-05T05:00:00+05:00", "2021-11-05T00:00:00"),
        ("0550-01-01", "0550-01-01T00:00:00"),
        (datetime(2021, 1, 2, 3, 4, 5), "2021-01-02T03:04:05"),
        (pd.Timestamp("2021-01-02"), "2021-01-02T00:00:00"),
        ("", ""),
        (None, ""),
    ],
)
def test_edits_dates_from_the_editor(value, expected: str) -> None:
    assert E.update("x", start=value).values["start"] == expected


def _two_reports() -> pd.DataFrame:
    """One clash told by two documents (same day, place and actor)."""
    return to_table(
        [
            Event(
                title="Clash in Bannu",
                source=name,
                doc_id=name,
                start=datetime(2021, 11, 3),
                end=datetime(2021, 11, 4),
                precision="day",
                event_type="Battles",
                location="Bannu",
                country="Pakistan",
                actors=("Tehrik-i-Taliban Pakistan",),
                evidence=f"Report from {name}.",
            )
            for name in ("a.txt", "b.txt")
        ]
    )


def test_edits_merge_reports_is_an_undoable_marked_edit() -> None:
    table = _two_reports()
    log = [E.merge_reports()]
    out = E.apply_edits(table, log)
    assert len(out) == 1 and bool(out.iloc[0]["edited"])
    assert "a.txt" in out.iloc[0]["source"] and "b.txt" in out.iloc[0]["source"]
    # Later edits see the joined event; undo is dropping the entry from the log.
    log.append(E.update(out.event_id[0], title="One clash"))
    assert E.apply_edits(table, log).iloc[0]["title"] == "One clash"
    assert len(E.apply_edits(table, log[:0])) == 2
    assert E.Edit.from_dict(E.merge_reports().to_dict()) == E.merge_reports()


def test_edits_merge_reports_leaves_the_input_and_unmatched_events_alone() -> None:
    table = _table()
    out = E.apply_edits(table, [E.merge_reports()])
    assert list(out["event_id"]) == list(table["event_id"]) and not out["edited"].any()
    assert not table["edited"].any()


def _two(start_x: datetime) -> pd.DataFrame:
    return to_table(
        [
            Event(
                title="x",
                source="a.txt",
                start=start_x,
                end=start_x.replace(day=2),
                precision="day",
                event_id="X",
            ),
            Event(title="y", source="a.txt", event_id="Y"),
        ]
    )


def test_replay_skips_only_edits_that_no_longer_fit() -> None:
    edits = [E.update("Y", title="kept"), E.update("X", end="2021-01-05"), E.update("X", title="also kept")]
    table, skipped = E.replay(_two(datetime(2021, 1, 1)), edits)
    assert not skipped and table.set_index("event_id").loc["X", "end"] == np.datetime64("2021-01-05")
    # The source is reloaded and X now starts after the end the analyst set.
    table, skipped = E.replay(_two(datetime(2021, 2, 1)), edits)
    # Before: the whole replay failed and the app dropped every edit.
    assert [n for n, _ in skipped] == [1]
    assert "the update of X" in skipped[0][1] and "start must be before end" in skipped[0][1]
    rows = table.set_index("event_id")
    assert rows.loc["Y", "title"] == "kept" and rows.loc["X", "title"] == "also kept"
    assert rows.loc["X", "start"] == np.datetime64("2021-02-01")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Only a start: one unit of its precision (a day unless told).
        ({"start": "2021-11-05"}, ("2021-11-05", "2021-11-06", "day")),
        ({"start": "2021-11-01", "precision": "month"}, ("2021-11-01", "2021-12-01", "month")),
        (
            {"start": "2021-11-05 14:00", "precision": "hour"},
            ("2021-11-05 14:00:00", "2021-11-05 15:00:00", "hour"),
        ),
        ({"start": "2020-01-01", "precision": "decade"}, ("2020-01-01", "2030-01-01", "decade")),
        ({"start": "2021-11-05", "end": "2021-11-09"}, ("2021-11-05", "2021-11-09", "day")),
        # No date: undated, its precision unknown.
        ({}, ("NaT", "NaT", "unknown")),
    ],
)
def test_edits_manual_event_with_only_a_start_lasts_one_unit(values: dict, expected: tuple) -> None:
    table = E.apply_edits(_table(), [E.add(title="Manual", **values)])
    row = table[table["title"] == "Manual"].iloc[0]
    dates = tuple(str(row[c]).removesuffix(" 00:00:00") for c in ("start", "end"))
    assert (*dates, row["precision"]) == expected


def test_edits_manual_event_with_only_an_end_is_refused() -> None:
    with pytest.raises(BadValueError, match="needs a start"):
        E.add(title="Manual", end="2021-11-05")
