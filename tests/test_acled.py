"""ACLED loader: both layouts, date formats, time_precision spans, actors, bad rows, real samples."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.errors import MissingColumnsError, TimelineError
from events.schema import COLUMNS, validate
from loaders import acled
from loaders.registry import LoadOptions

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
TTP = "Tehrik-i-Taliban Pakistan"


def _load(name: str, data: bytes | None = None):
    data = (DATASETS / name).read_bytes() if data is None else data
    return acled.load(data, source=name, options=LoadOptions())


@pytest.mark.parametrize("name", ["acled_2020.csv", "acled_2020_short_dates.csv", "acled_2023.csv"])
def test_acled_layouts_and_date_formats(name: str) -> None:
    result = _load(name)
    table = result.table
    assert list(table.columns) == list(COLUMNS)
    assert len(table) == 4
    assert result.problems == ()
    assert table["event_id"].tolist() == [
        "acled:PAK90001",
        "acled:AFG90002",
        "acled:PAK90003",
        "acled:PAK90004",
    ]
    assert (table["source"] == name).all()
    assert table["cameo"].eq("").all()


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision", "approximate"),
    [
        ("acled:PAK90001", datetime(2021, 11, 2), datetime(2021, 11, 3), "day", False),
        ("acled:AFG90002", datetime(2021, 10, 31), datetime(2021, 11, 7), "week", True),
        ("acled:PAK90003", datetime(2021, 11, 1), datetime(2021, 12, 1), "month", False),
        ("acled:PAK90004", datetime(2021, 11, 20), datetime(2021, 11, 21), "day", False),
    ],
)
def test_acled_time_precision_spans(
    event_id: str, start: datetime, end: datetime, precision: str, approximate: bool
) -> None:
    table = _load("acled_2020.csv").table.set_index("event_id")
    row = table.loc[event_id]
    assert (row["start"], row["end"], row["precision"], row["approximate"]) == (
        start,
        end,
        precision,
        approximate,
    )


def test_acled_week_keeps_the_coded_day() -> None:
    table = _load("acled_2020.csv").table.set_index("event_id")
    assert table.loc["acled:AFG90002", "timex_value"] == "2021-11-03"


def test_acled_actors_fold_and_assoc_lists() -> None:
    table = _load("acled_2020.csv").table.set_index("event_id")
    assert table.loc["acled:PAK90001", "actor2"] == TTP
    assert table.loc["acled:PAK90001", "actors"] == ["Military Forces of Pakistan", TTP]
    assert table.loc["acled:AFG90002", "actors"] == [
        "Islamic State Khorasan Province",
        "Civilians (Afghanistan)",
        "Labour Group (Afghanistan)",
        "Students (Afghanistan)",
    ]
    assert table.loc["acled:PAK90004", "actor2"] == ""


def test_acled_fields_kept() -> None:
    table = _load("acled_2020.csv").table.set_index("event_id")
    row = table.loc["acled:PAK90001"]
    assert row["event_type"] == "Battles"
    assert row["sub_event_type"] == "Armed clash"
    assert row["title"] == "Armed clash in Mir Ali"
    assert (row["location"], row["country"]) == ("Mir Ali", "Pakistan")
    assert (row["latitude"], row["longitude"]) == (33.0131, 70.0669)
    assert row["fatalities"] == 2
    assert row["doc_id"] == "PAK90001"
    assert row["evidence"].startswith("On 2 November 2021, soldiers")
    assert "ACLED source: Dawn; Express Tribune" in row["notes"]
    assert "admin1: Khyber Pakhtunkhwa" in row["notes"]
    assert "geo_precision: 2" in row["notes"]


def test_acled_2023_layout_extra_columns_in_notes() -> None:
    table = _load("acled_2023.csv").table.set_index("event_id")
    assert "disorder type: Political violence" in table.loc["acled:AFG90002", "notes"]
    assert "civilian targeting: Civilian targeting" in table.loc["acled:AFG90002", "notes"]
    assert "tags: crowd size=around 200" in table.loc["acled:PAK90004", "notes"]


def test_acled_bad_rows_listed_good_rows_loaded() -> None:
    result = _load("acled_bad_rows.csv")
    assert len(result.table) == 3
    found = [(p.row, p.column) for p in result.problems]
    assert found == [(3, "event_date"), (4, "latitude"), (5, "time_precision")]
    assert "31 Febtember 2021" in result.problems[0].message
    assert result.rows_skipped == 3  # rows with any problem; only row 3 was dropped
    assert "acled:AFG90002" not in set(result.table["event_id"])


def test_acled_missing_columns() -> None:
    with pytest.raises(MissingColumnsError, match=r"acled_missing_columns.csv: .*event_type, actor1"):
        _load("acled_missing_columns.csv")


def test_acled_row_without_id_gets_a_stable_hash() -> None:
    data = (DATASETS / "acled_2020.csv").read_bytes().replace(b",PAK90004,", b",,")
    first = _load("x.csv", data).table
    second = _load("x.csv", data).table
    assert first["event_id"].iloc[3].startswith("acled:row-")
    assert first["event_id"].tolist() == second["event_id"].tolist()


def test_acled_sniff() -> None:
    head = (DATASETS / "acled_2020.csv").read_bytes()
    assert acled.sniff(head, "whatever.txt") > 0.9
    assert acled.sniff((DATASETS / "ucdp_ged.csv").read_bytes(), "x.csv") == 0.0


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "rows", "first_day"),
    [
        ("acled_afghanistan_2020-03.csv", 496, datetime(2020, 3, 1)),
        ("acled_global_2020-04-27_2020-05-09.csv", 5071, datetime(2020, 4, 27)),
    ],
)
def test_acled_real_samples_every_row_loads(shared: Path, name: str, rows: int, first_day: datetime) -> None:
    result = acled.load((shared / "data" / "events" / name).read_bytes(), source=name, options=LoadOptions())
    assert len(result.table) == rows
    assert result.problems == ()
    day_rows = result.table[result.table["precision"] == "day"]
    assert day_rows["start"].min() == first_day
    validate(result.table)


@pytest.mark.shared
def test_acled_real_sample_ttp_folds(shared: Path) -> None:
    name = "acled_global_2020-04-27_2020-05-09.csv"
    table = acled.load(
        (shared / "data" / "events" / name).read_bytes(), source=name, options=LoadOptions()
    ).table
    names = set(table["actors"].explode().dropna())
    assert "TTP: Tehreek-i-Taliban Pakistan" not in names
    assert "Afghan Taliban" in names


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=2100),
    junk=st.binary(max_size=40),
    where=st.integers(min_value=0, max_value=2100),
)
def test_acled_property_mangled_files_fail_cleanly(cut: int, junk: bytes, where: int) -> None:
    data = (DATASETS / "acled_2020.csv").read_bytes()
    data = data[:where] + junk + data[where:cut] if cut > where else data[:cut] + junk
    try:
        result = acled.load(data, source="fuzz.csv", options=LoadOptions())
    except TimelineError:
        return
    table = result.table
    dated = table["start"].notna()
    assert (table.loc[dated, "start"] < table.loc[dated, "end"]).all()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_acled_other_encodings(encoding: str) -> None:
    text = (
        (DATASETS / "acled_2020.csv").read_text(encoding="utf-8").replace("Lahore", "Lahore Cantonnement é")
    )
    result = _load("acled_enc.csv", text.encode(encoding))
    assert len(result.table) == 4
    assert result.table["location"].iloc[3] == "Lahore Cantonnement é"


def _with_notes(notes: str, *, trailing_newline: bool = True) -> bytes:
    """acled_2020.csv with the quoted notes of its last row replaced by raw CSV text."""
    lines = (DATASETS / "acled_2020.csv").read_text(encoding="utf-8").splitlines()
    start = lines[-1].index(',"')  # the notes are the only quoted cell of that row
    end = lines[-1].index('",', start + 2)
    lines[-1] = lines[-1][: start + 1] + notes + lines[-1][end + 1 :]
    return ("\n".join(lines) + ("\n" if trailing_newline else "")).encode("utf-8")


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_acled_unclosed_quote_keeps_rows_before(trailing_newline: bool) -> None:
    data = _with_notes('"this note never ends', trailing_newline=trailing_newline)
    result = _load("quote.csv", data)
    assert len(result.table) == 3
    assert [(p.row, "never closed" in p.message) for p in result.problems] == [(5, True)]


def test_acled_line_break_inside_a_quoted_note_of_the_last_row() -> None:
    data = _with_notes('"first line\nsecond line, with a comma"')
    result = _load("breaks.csv", data)
    assert result.problems == ()
    assert result.table["evidence"].iloc[3] == "first line\nsecond line, with a comma"


def test_acled_large_read_trims_and_keeps_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from loaders import tables_common as tc

    monkeypatch.setattr(tc, "TRIM_AFTER_BYTES", 0)
    assert gc.isenabled()
    assert len(_load("acled_2020.csv").table) == 4
    assert gc.isenabled()
    with pytest.raises(MissingColumnsError):
        _load("acled_missing_columns.csv")
    assert gc.isenabled()


def test_acled_rows_with_the_same_actors_share_equal_lists() -> None:
    data = (DATASETS / "acled_2020.csv").read_bytes()
    lines = data.splitlines(keepends=True)
    # The same row four more times under new ids: equal actor lists, one per row.
    extra = [lines[1].replace(b"PAK", f"ZZZ{i}".encode(), 1) for i in range(4)]
    table = _load("repeat.csv", b"".join([*lines, *extra])).table
    assert len(table) == 8
    assert table["actors"].iloc[4:].tolist() == [table["actors"].iloc[0]] * 4
    assert all(type(v) is list for v in table["actors"])
