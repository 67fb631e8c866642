"""Workspace: one file holds sources, events, edits and view; the store survives restarts."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import edits as E
from events import workspace as W
from events.errors import BadValueError, RowProblem
from events.schema import PRECISIONS, STATUSES, Event, to_table


def _workspace() -> W.Workspace:
    table = to_table(
        [
            Event(
                title="Talks",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                actors=("Tehrik-i-Taliban Pakistan",),
            ),
            Event(title="Undated", source="a.txt"),
        ]
    )
    other = to_table(
        [
            Event(
                title="Row",
                source="b.csv",
                start=datetime(550, 1, 1),
                end=datetime(551, 1, 1),
                precision="year",
            )
        ]
    )
    return W.Workspace(
        sources=[
            W.Source(
                "a.txt",
                b"article bytes",
                "text",
                table,
                published=date(2021, 11, 5),
                report_date=date(2021, 11, 5),
            ),
            W.Source(
                "b.csv",
                b"a,b\n",
                "table",
                other,
                mapping={"start": "when"},
                problems=(RowProblem(3, "date", "bad date"),),
                rows_read=2,
                warnings=("one warning",),
            ),
        ],
        edits=[E.update(table.event_id[0], title="Talks in Khost"), E.delete(table.event_id[1])],
        view={"actors": ["Tehrik-i-Taliban Pakistan"], "lane": ["source"]},
    )


def _same(a: W.Workspace, b: W.Workspace) -> None:
    assert [s.key for s in a.sources] == [s.key for s in b.sources]
    for x, y in zip(a.sources, b.sources, strict=True):
        pd.testing.assert_frame_equal(x.table, y.table)
        assert (
            x.name,
            x.data,
            x.loader,
            x.published,
            x.mapping,
            x.problems,
            x.rows_read,
            x.warnings,
            x.report_date,
        ) == (
            y.name,
            y.data,
            y.loader,
            y.published,
            y.mapping,
            y.problems,
            y.rows_read,
            y.warnings,
            y.report_date,
        )
    assert a.edits == b.edits and a.view == b.view
    pd.testing.assert_frame_equal(a.table(), b.table())


def test_workspace_file_round_trip() -> None:
    ws = _workspace()
    data = W.to_bytes(ws)
    assert data.startswith(b"SQLite format 3\x00")
    back = W.from_bytes(data)
    _same(ws, back)
    assert back.table()["title"].tolist() == ["Talks in Khost", "Row"]


def test_workspace_store_keeps_and_updates(tmp_path: Path) -> None:
    store = W.Store(tmp_path / "sub" / "ws.sqlite")
    assert store.load() is None
    ws = _workspace()
    store.save(ws)
    _same(ws, store.load())
    ws.remove_source(ws.sources[1].key)
    ws.edits = ws.edits[:1]
    ws.view = {}
    store.save(ws)
    _same(ws, W.Store(tmp_path / "sub" / "ws.sqlite").load())  # a new process sees the same
    store.clear()
    assert store.load() is None


def test_workspace_reloading_a_source_replaces_it() -> None:
    ws = _workspace()
    again = W.Source("a.txt", b"article bytes", "text", ws.sources[0].table, published=date(2021, 11, 5))
    ws.add_source(again)
    assert [s.name for s in ws.sources] == ["b.csv", "a.txt"]
    assert ws.table()["title"].tolist()[-1] == "Talks in Khost"  # edits survive the reload


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "not a workspace file"),
        (b"PK\x03\x04 not sqlite", "not a workspace file"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "not a workspace file|damaged"),
    ],
)
def test_workspace_refuses_other_files(data: bytes, match: str) -> None:
    with pytest.raises(BadValueError, match=match):
        W.from_bytes(data)


def test_workspace_refuses_a_foreign_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('format', 'something-else')")
    conn.close()
    with pytest.raises(BadValueError, match="not a workspace file saved by this tool"):
        W.from_bytes(path.read_bytes())


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@st.composite
def _event(draw) -> Event:
    start = None
    end = None
    if draw(st.booleans()):
        start = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9000, 1, 1))).replace(
            microsecond=0
        )
        end = start + pd.Timedelta(seconds=draw(st.integers(1, 10**8))).to_pytimedelta()
    return Event(
        title=draw(_text),
        source="s",
        start=start,
        end=end,
        precision=draw(st.sampled_from(PRECISIONS)),
        status=draw(st.sampled_from(STATUSES)),
        actors=tuple(draw(st.lists(_text.filter(bool), max_size=2))),
        evidence=draw(_text),
        fatalities=draw(st.none() | st.integers(0, 1000)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=st.lists(_event(), max_size=5, unique_by=lambda e: e.event_id),
    data=st.binary(max_size=50),
    titles=st.lists(_text, max_size=3),
    view=st.dictionaries(st.sampled_from(["actors", "lane", "text"]), st.lists(_text, max_size=2)),
)
def test_workspace_round_trip_property(events, data, titles, view) -> None:
    table = to_table(events)
    edits = [E.update(table.event_id[0], title=t) for t in titles] if len(table) else []
    ws = W.Workspace([W.Source("s", data, "text", table)], edits, view)
    _same(ws, W.from_bytes(W.to_bytes(ws)))


def _tampered(sql: str) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(W.to_bytes(_workspace()))
    conn.execute(sql)
    conn.commit()
    data = conn.serialize()
    conn.close()
    return data


DAMAGE = [
    ("UPDATE meta SET value = 'abc' WHERE key = 'version'", "damaged: its version is 'abc'"),
    ("DROP TABLE edits", "damaged: no such table"),
]


@pytest.mark.parametrize(("sql", "match"), DAMAGE)
def test_workspace_damaged_rows_are_our_error(sql: str, match: str) -> None:
    # Before: json.JSONDecodeError / ValueError escaped (a crash in the app's "Open").
    with pytest.raises(BadValueError, match=match):
        W.from_bytes(_tampered(sql))


@pytest.mark.parametrize(
    ("sql", "note", "check"),
    [
        # A damaged side field of a source: the source is kept, the field left out and named.
        (
            "UPDATE sources SET mapping = '{bad' WHERE name = 'b.csv'",
            "source 2 ('b.csv'): its column mapping",
            "mapping",
        ),
        (
            "UPDATE sources SET mapping = '[1]' WHERE name = 'b.csv'",
            "source 2 ('b.csv'): its column mapping",
            "mapping",
        ),
        (
            "UPDATE sources SET published = '2021-99-99' WHERE name = 'a.txt'",
            "source 1 ('a.txt'): its date",
            "published",
        ),
        (
            "UPDATE sources SET problems = '[[1]]' WHERE name = 'b.csv'",
            "source 2 ('b.csv'): its list of problems",
            "problems",
        ),
        (
            "UPDATE sources SET rows_read = 'many' WHERE name = 'b.csv'",
            "source 2 ('b.csv'): its row count",
            "rows_read",
        ),
        # One damaged edit: that edit is skipped and named, the others kept.
        ("UPDATE edits SET edit = '{not json' WHERE seq = (SELECT MIN(seq) FROM edits)", "edit 1", "edits"),
        ("UPDATE edits SET edit = '[1,2,3]' WHERE seq = (SELECT MIN(seq) FROM edits)", "edit 1", "edits"),
        # A source whose events cannot be read is left out, named; the other stays.
        (
            "UPDATE sources SET events = X'00' WHERE name = 'a.txt'",
            "source 1 ('a.txt') could not be read",
            "sources",
        ),
    ],
)
def test_workspace_one_damaged_row_is_left_out_and_named(sql: str, note: str, check: str) -> None:
    """One bad row refused the whole file: every source and edit was lost to the analyst."""
    ws = W.from_bytes(_tampered(sql))
    assert len(ws.notes) == 1 and ws.notes[0].startswith(note)
    whole = _workspace()
    if check == "edits":
        assert ws.edits == whole.edits[1:]
    elif check == "sources":
        assert [s.name for s in ws.sources] == ["b.csv"] and ws.edits == whole.edits
    else:
        kept = {s.name: s for s in ws.sources}
        assert set(kept) == {"a.txt", "b.csv"} and ws.edits == whole.edits
        name = "a.txt" if check == "published" else "b.csv"
        assert getattr(kept[name], check) in (None, (), 0)


@pytest.mark.parametrize(
    "content",
    [
        _tampered(DAMAGE[1][0]),
        _tampered("UPDATE meta SET value = '99' WHERE key = 'version'"),  # a newer tool's store
        b"not a database at all" * 50,
    ],
    ids=["damaged", "newer-version", "garbage"],
)
def test_workspace_unreadable_store_is_set_aside_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ws.sqlite"
    path.write_bytes(content)
    store = W.Store(path)
    # Before: a damaged store crashed every session; a newer or foreign one was overwritten.
    assert store.load() is None
    moved, why = store.set_aside
    assert moved == tmp_path / "ws.sqlite.unreadable" and why
    assert moved.read_bytes() == content
    store.save(_workspace())
    assert moved.read_bytes() == content
    _same(_workspace(), W.Store(path).load())
