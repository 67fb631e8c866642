"""Generic table loader: mapping guess and overrides, every container, mixed-precision dates, bad files."""

from __future__ import annotations

import io
import itertools
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.errors import (
    BadValueError,
    DecodeError,
    FileTooLargeError,
    MissingColumnsError,
    TimelineError,
    UnknownFormatError,
)
from events.schema import COLUMNS
from loaders import table as table_loader
from loaders.registry import LoadOptions, load

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
TTP = "Tehrik-i-Taliban Pakistan"
STARTS = [datetime(2021, 11, 9), datetime(2021, 11, 1), datetime(2021, 12, 11), datetime(2021, 1, 1)]


def _load(name: str, data: bytes | None = None, **options):
    data = (DATASETS / name).read_bytes() if data is None else data
    return table_loader.load(data, source=name, options=LoadOptions(**options))


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["Date", "End Date", "Actors", "Type", "Place", "Description", "Source"],
            {
                "start": "Date",
                "end": "End Date",
                "actors": "Actors",
                "event_type": "Type",
                "location": "Place",
                "evidence": "Description",
                "source": "Source",
            },
        ),
        (
            ["event_date", "actor1", "actor2", "latitude", "longitude", "fatalities", "notes"],
            {
                "start": "event_date",
                "actor1": "actor1",
                "actor2": "actor2",
                "latitude": "latitude",
                "longitude": "longitude",
                "fatalities": "fatalities",
                "evidence": "notes",
            },
        ),
        (
            ["begin", "until", "side_a", "side_b", "lat", "lng", "deaths"],
            {
                "start": "begin",
                "end": "until",
                "actor1": "side_a",
                "actor2": "side_b",
                "latitude": "lat",
                "longitude": "lng",
                "fatalities": "deaths",
            },
        ),
        (["foo", "bar"], {}),
    ],
)
def test_table_guess_mapping(columns: list[str], expected: dict[str, str]) -> None:
    assert table_loader.guess_mapping(columns) == expected


@pytest.mark.parametrize(
    "name",
    [
        "table_events.csv",
        "table_events.tsv",
        "table_semicolon.csv",
        "table_events.json",
        "table_events.jsonl",
        "table_events.parquet",
        "table_events.xlsx",
    ],
)
def test_table_every_container(name: str) -> None:
    result = _load(name)
    table = result.table
    assert list(table.columns) == list(COLUMNS)
    assert table["start"].tolist() == STARTS
    assert table["precision"].tolist() == ["day", "month", "day", "year"]
    assert table["actors"].iloc[2] == [TTP]
    assert result.problems == ()


def test_table_fields_and_end_column() -> None:
    table = _load("table_events.csv").table
    first = table.iloc[0]
    # The end column is the last day, inclusive: the span runs to the next day.
    assert (first["start"], first["end"]) == (datetime(2021, 11, 9), datetime(2021, 12, 10))
    assert first["actors"] == ["Government of Pakistan", TTP]
    assert first["doc_id"] == "https://news.example.org/truce"
    assert first["source"] == "table_events.csv"
    assert first["title"] == "Ceasefire"
    assert table["fatalities"].iloc[2] == 1
    assert table["event_id"].str.startswith("table:row-").all()
    assert table["event_id"].tolist() == _load("table_events.csv").table["event_id"].tolist()


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2021", datetime(2021, 1, 1), datetime(2022, 1, 1), "year"),
        ("2021-08", datetime(2021, 8, 1), datetime(2021, 9, 1), "month"),
        ("August 2021", datetime(2021, 8, 1), datetime(2021, 9, 1), "month"),
        ("Aug 2021", datetime(2021, 8, 1), datetime(2021, 9, 1), "month"),
        ("2021-08-15", datetime(2021, 8, 15), datetime(2021, 8, 16), "day"),
        ("15 August 2021", datetime(2021, 8, 15), datetime(2021, 8, 16), "day"),
        ("August 15, 2021", datetime(2021, 8, 15), datetime(2021, 8, 16), "day"),
        ("2021-08-15 14:30:00", datetime(2021, 8, 15, 14, 30), datetime(2021, 8, 15, 14, 30, 1), "second"),
        ("2021-08-15 00:00:00", datetime(2021, 8, 15), datetime(2021, 8, 16), "day"),
        ("1504", datetime(1504, 1, 1), datetime(1505, 1, 1), "year"),
    ],
)
def test_table_mixed_precision_dates(value: str, start: datetime, end: datetime, precision: str) -> None:
    data = f'date,actor\n"{value}",TTP\n2021-01-01,TTP\n'.encode()
    row = _load("mixed.csv", data).table.iloc[0]
    assert (row["start"], row["end"], row["precision"]) == (start, end, precision)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ["15/08/2021", "01/02/2021"],
            [datetime(2021, 8, 15), datetime(2021, 2, 1)],
        ),  # a day > 12: day first
        (["08/15/2021", "01/02/2021"], [datetime(2021, 8, 15), datetime(2021, 1, 2)]),  # US order
    ],
)
def test_table_slash_dates_order_from_data(rows: list[str], expected: list[datetime]) -> None:
    data = ("date\n" + "\n".join(rows) + "\n").encode()
    assert _load("slash.csv", data).table["start"].tolist() == expected


def test_table_undated_rows_kept() -> None:
    data = b"date,description\n,no date given\n2021-11-09,dated\n"
    table = _load("undated.csv", data).table
    assert table["start"].isna().tolist() == [True, False]
    assert table["precision"].tolist() == ["unknown", "day"]


def test_table_mapping_override() -> None:
    data = b"when_it_happened,who,what\n2021-11-09,TTP,truce\n"
    with pytest.raises(MissingColumnsError, match="no date column"):
        _load("m.csv", data)
    mapping = {"start": "when_it_happened", "actors": "who", "title": "what"}
    result = _load("m.csv", data, mapping=mapping)
    row = result.table.iloc[0]
    assert (row["start"], row["actors"], row["title"]) == (datetime(2021, 11, 9), [TTP], "truce")
    assert result.meta["mapping"]["start"] == "when_it_happened"


@pytest.mark.parametrize(
    ("mapping", "error", "match"),
    [
        ({"start": "nope"}, MissingColumnsError, r"m.csv: the mapping names column 'nope' for 'start'"),
        ({"when": "date"}, BadValueError, r"cannot map onto 'when'; choose from"),
    ],
)
def test_table_bad_mapping(mapping: dict[str, str], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        _load("m.csv", b"date,actor\n2021-11-09,TTP\n", mapping=mapping)


def test_table_read_frame_shows_the_header() -> None:
    frame = table_loader.read_frame((DATASETS / "table_events.csv").read_bytes(), "table_events.csv")
    assert list(frame.columns)[:3] == ["date", "end date", "actors"]
    assert list(frame.index) == [2, 3, 4, 5]


@pytest.mark.parametrize(
    ("name", "error", "match"),
    [
        ("empty.csv", BadValueError, r"empty.csv: the file is empty"),
        ("binary_renamed.csv", DecodeError, r"binary_renamed.csv: this is a PNG image"),
        ("table_no_date.csv", MissingColumnsError, r"table_no_date.csv: no date column"),
        (
            "table_wrong_shape.json",
            BadValueError,
            r"JSON of the wrong shape.*found an object with keys date, what",
        ),
    ],
)
def test_table_bad_files(name: str, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        _load(name)


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        (b"   \n\n", BadValueError, "empty"),
        (b"[1, 2, 3]", BadValueError, "wrong shape"),
        (b'{"a": {"b": 1}}', BadValueError, "wrong shape"),
        (b"{not json", BadValueError, "not valid JSON"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, UnknownFormatError, r"\.xls, \.doc or \.ppt\)"),
        (b"PK\x03\x04broken zip", BadValueError, "Excel workbook"),
        (b"PAR1broken", BadValueError, "Parquet"),
    ],
)
def test_table_bad_bytes(data: bytes, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        _load("bad.bin", data)


def test_table_size_limit() -> None:
    with pytest.raises(FileTooLargeError, match=r"big.csv: file is .* MB; the limit is"):
        _load("big.csv", b"date\n" + b"2021-01-01\n" * 100, max_bytes=100)


def test_table_ragged_rows() -> None:
    result = _load("table_ragged.csv")
    assert result.table["start"].tolist() == [
        datetime(2021, 11, 1),
        datetime(2021, 11, 3),
        datetime(2021, 11, 4),
    ]
    assert [(p.row, p.column) for p in result.problems] == [(3, "")]
    assert "expected 3 fields, saw 5" in result.problems[0].message


def test_table_unclosed_quote_keeps_rows_before() -> None:
    result = _load("table_unclosed_quote.csv")
    assert len(result.table) == 2
    assert [p.row for p in result.problems] == [4]
    assert "never closed" in result.problems[0].message


@pytest.mark.parametrize(
    ("tail", "rows", "problem_rows"),
    [
        (b'2021-11-03,TTP,"never closes', 2, [4]),  # last line, no line break after it
        (b'2021-11-03,TTP,"never closes\n', 2, [4]),
        (b'2021-11-03,TTP,"closes on the next line\nhere"\n', 3, []),
        (b'2021-11-03,TTP,"closed, at the end"', 3, []),
    ],
)
def test_table_quotes_in_the_last_row(tail: bytes, rows: int, problem_rows: list[int]) -> None:
    data = b'date,actor,description\n2021-11-01,TTP,fine\n2021-11-02,TTP,"also fine"\n' + tail
    result = _load("tail.csv", data)
    assert len(result.table) == rows
    assert [p.row for p in result.problems] == problem_rows
    if not problem_rows:
        assert result.table["evidence"].iloc[-1] in {"closes on the next line\nhere", "closed, at the end"}


def test_table_bad_dates_listed_once_each() -> None:
    result = _load("table_bad_dates.csv")
    assert result.table["start"].tolist() == [datetime(2021, 11, 1), datetime(2021, 11, 5)]
    assert [(p.row, p.column) for p in result.problems] == [(3, "date"), (4, "date"), (5, "date")]
    assert "'2021-13-45'" in result.problems[0].message


@pytest.mark.parametrize("name", ["table_cp1252.csv", "table_utf16.csv"])
def test_table_encodings(name: str) -> None:
    result = _load(name)
    row = result.table.iloc[0]
    assert row["location"] == "Montréal"
    assert row["evidence"] == "Manifestation près de l’hôtel de ville – 200 personnes"


def test_table_mixed_encodings() -> None:
    data = "date,place\n2021-11-09,Montréal\n".encode() + "2021-11-10,Québec\n".encode("cp1252")
    table = _load("mixed.csv", data).table
    assert table["location"].tolist() == ["Montréal", "Québec"]


def test_table_excel_merged_cells_filled() -> None:
    result = _load("table_merged.xlsx")
    table = result.table
    # Row 1 is a merged title; the header is row 2; A3:A4 is one merged date cell.
    assert table["start"].tolist() == [
        datetime(2021, 11, 9),
        datetime(2021, 11, 9),
        datetime(2021, 12, 1),
        datetime(2021, 12, 11),
    ]
    assert table["precision"].tolist() == ["day", "day", "month", "day"]
    assert result.meta["columns"] == ["Date", "Actor", "Type", "Place", "Details"]


def test_table_json_wrapped_records() -> None:
    assert len(_load("table_wrapped.json").table) == 2


def test_table_json_columns_shape() -> None:
    data = json.dumps({"date": ["2021-11-09", "2021-11-10"], "actor": ["TTP", "Taliban"]}).encode()
    table = _load("cols.json", data).table
    assert table["actors"].tolist() == [[TTP], ["Afghan Taliban"]]


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'[{"date": "2021-11-09", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}]",
        b'{"date": "2021-11-09"}\n' + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    ],
    ids=["deep-list", "deep-cell", "deep-json-line"],
)
def test_table_json_nested_too_deeply_is_refused_by_name(data: bytes) -> None:
    with pytest.raises(BadValueError, match=r"deep\.json.*nested too deeply"):
        _load("deep.json", data)


def test_table_json_list_with_non_objects() -> None:
    data = json.dumps([{"date": "2021-11-09"}, 5, {"date": "2021-11-10"}]).encode()
    result = _load("mixed.json", data)
    assert len(result.table) == 2
    assert [(p.row, p.message) for p in result.problems] == [
        (2, "expected an object, found a number (5); skipped")
    ]


def test_table_reads_our_own_export_back_exactly() -> None:
    from events.export import to_csv, to_json, to_parquet

    original = _load("table_events.csv").table
    for fmt, writer in (("csv", to_csv), ("json", to_json), ("parquet", to_parquet)):
        back = _load(f"export.{fmt}", writer(original)).table
        pd.testing.assert_frame_equal(back, original, check_dtype=False, obj=fmt)


def test_table_sniff() -> None:
    assert table_loader.sniff((DATASETS / "table_events.csv").read_bytes(), "a.csv") > 0.5
    prose = b"Officials said on Tuesday, after talks, that the truce would hold.\nNo one, it seems, agreed.\n"
    assert table_loader.sniff(prose, "article.txt") == 0.0


CSV_TEXT = st.text(alphabet=st.sampled_from(list('ab,;\t"\n\r 12-/:Tx#\u00e9\ufeff')), max_size=300)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=CSV_TEXT, header=st.sampled_from(["date,actor,place\n", "start;end;actors\n", "", "when\n"]))
def test_table_property_random_csv_never_crashes(body: str, header: str) -> None:
    data = (header + body).encode("utf-8")
    try:
        result = table_loader.load(data, source="fuzz.csv", options=LoadOptions())
    except TimelineError:
        return
    table = result.table
    dated = table["start"].notna()
    assert (table.loc[dated, "start"] < table.loc[dated, "end"]).all()
    assert table["event_id"].is_unique


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["date", "end", "actor", "type", "lat", "deaths"]),
            st.one_of(st.none(), st.integers(-5, 3000), st.floats(allow_nan=True), st.text(max_size=12)),
        ),
        max_size=6,
    )
)
def test_table_property_random_json_never_crashes(records: list[dict]) -> None:
    data = json.dumps(records).encode()
    try:
        table_loader.load(data, source="fuzz.json", options=LoadOptions())
    except TimelineError:
        return


def test_table_excel_written_by_pandas() -> None:
    frame = pd.DataFrame({"Date": pd.to_datetime(["2021-11-09", "2021-11-10"]), "Actor": ["TTP", "Taliban"]})
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    table = _load("p.xlsx", buf.getvalue()).table
    assert table["start"].tolist() == [datetime(2021, 11, 9), datetime(2021, 11, 10)]
    assert table["precision"].tolist() == ["day", "day"]


@pytest.mark.parametrize("header", [b"date; date;actors", b"date,Date,actors", b"date,date,actors"])
def test_table_repeated_header_names(header: bytes) -> None:
    sep = b";" if b";" in header else b","
    data = header + b"\n" + sep.join([b"2021-11-09", b"2021-12-09", b"TTP"]) + b"\n"
    result = _load("dup.csv", data)
    assert result.table["start"].tolist() == [datetime(2021, 11, 9)]
    assert len(set(result.meta["columns"])) == 3


def test_table_parquet_with_broken_text_fails_cleanly() -> None:
    # Found by bench/fuzz_csv.py: one flipped byte makes a Parquet string invalid UTF-8.
    data = (DATASETS / "table_events.parquet").read_bytes()
    assert b"Pakistan; TTP" in data
    try:
        _load("broken.parquet", data.replace(b"Pakistan; TTP", b"Pa\xffistan; TTP"))
    except TimelineError as err:
        assert "broken.parquet" in str(err)


@pytest.mark.parametrize("value", ["occurred", "", "Kabul é"])
@pytest.mark.parametrize("rows", [0, 1, 3])
def test_table_same_string_column(value: str, rows: int) -> None:
    from loaders import tables_common as tc

    index = pd.RangeIndex(2, 2 + rows)
    column = tc.same_string(value, index)
    assert column.tolist() == [value] * rows
    assert column.index.equals(index)
    assert column.dtype == pd.Series([], dtype="str").dtype


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (
            ["Armed clash", "Attack", ""],
            ["Kabul", "", "Khost"],
            ["Armed clash in Kabul", "Attack", " in Khost"],
        ),
        ([], [], []),
    ],
)
def test_table_joined_skips_empty_right_side(left: list[str], right: list[str], expected: list[str]) -> None:
    from loaders import tables_common as tc

    index = pd.RangeIndex(2, 2 + len(left))
    out = tc.joined(
        pd.Series(left, index=index, dtype="str"), pd.Series(right, index=index, dtype="str"), " in "
    )
    assert out.tolist() == expected
    assert out.index.equals(index)


def test_table_combinations_number_rows_by_their_cells() -> None:
    import numpy as np

    from loaders import tables_common as tc

    a = np.array([0, 1, 0, -1, 1, 0])
    b = np.array([2, 0, 2, -1, 0, 1])
    number, first = tc.combinations([a, b], [2, 3])
    # Same cells, same number; each number's representative row holds those cells.
    pairs = list(zip(a, b, strict=True))
    for i, j in itertools.combinations(range(len(a)), 2):
        assert (number[i] == number[j]) == (pairs[i] == pairs[j])
    for k, row in enumerate(first):
        assert number[row] == k


def _workbook(*, merge: str | None = None, far_cell: str | None = None, extra_part: int = 0) -> bytes:
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["date", "actor", "notes"])
    sheet.append(["2021-11-09", "TTP", "talks"])
    if far_cell:
        sheet[far_cell] = "x"
    out = io.BytesIO()
    book.save(out)
    # Written into the XML (openpyxl would build every merged cell first, as a reader does).
    merge_xml = f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'.encode() if merge else b""
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</sheetData>", b"</sheetData>" + merge_xml)
            dst.writestr(info, part)
        if extra_part:
            dst.writestr("xl/padding.bin", b"\0" * extra_part)
    return patched.getvalue()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"extra_part": 520 * 2**20}, "unzips to 520 MB"),
        ({"merge": "C3:C1048576"}, "merges 1,048,574 cells"),
        ({"far_cell": "XFD1048576"}, "1,048,576 rows by 16,384 columns"),
    ],
    ids=["zip-bomb", "merged-column", "far-cell"],
)
def test_table_excel_bombs_are_refused_before_they_are_built(kwargs: dict, message: str) -> None:
    from events.errors import FileTooLargeError

    with pytest.raises(FileTooLargeError, match=message):
        _load("bomb.xlsx", _workbook(**kwargs))


def test_table_excel_with_a_bad_checksum_is_reported_as_damaged() -> None:
    import zipfile

    data = bytearray(_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # Flip one byte inside the sheet's compressed data: its CRC no longer matches.
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[at] ^= 0xFF
    with pytest.raises(BadValueError, match=r"bad\.xlsx.*(damaged|Excel)"):
        _load("bad.xlsx", bytes(data))


@pytest.mark.parametrize(
    ("name", "loader"),
    [("table_acled_api.json", "acled"), ("table_ucdp_api.json", "ucdp"), ("table_acled.xlsx", "acled")],
)
def test_table_dataset_exports_in_other_containers_go_to_their_loader(name: str, loader: str) -> None:
    result = load((DATASETS / name).read_bytes(), source=name)
    assert result.loader == loader and len(result.table) == 4 and not result.problems
