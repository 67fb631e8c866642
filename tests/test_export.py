"""Exports: formula-safe spreadsheets, exact read-back, escaped TimelineJS, offline HTML, images."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import export
from events.errors import BadValueError, UnknownFormatError
from events.figure import timeline
from events.schema import PRECISIONS, STATUSES, Event, to_table

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "'quoted"]


def _table() -> pd.DataFrame:
    return to_table(
        [
            Event(
                title=f,
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                actors=("Tehrik-i-Taliban Pakistan", f),
                evidence=f"line one\rline two {f}",
                precision="day",
            )
            for f in FORMULAS
        ]
        + [
            Event(
                title="Carving",
                source="b.txt",
                start=datetime(550, 1, 1),
                end=datetime(551, 1, 1),
                precision="year",
                approximate=True,
                latitude=34.8215,
                longitude=67.8213,
                fatalities=0,
            ),
            Event(title="Undated", source="b.txt", status="unknown"),
        ]
    )


@pytest.mark.parametrize("fmt", export.READ_FORMATS)
def test_export_read_back_is_exact(fmt: str) -> None:
    table = _table()
    back = export.read_table(export.table_bytes(table, fmt), fmt)
    pd.testing.assert_frame_equal(back, table)


@pytest.mark.parametrize("fmt", export.READ_FORMATS)
def test_export_format_is_sniffed_from_bytes(fmt: str) -> None:
    table = _table()
    back = export.read_table(export.table_bytes(table, fmt))
    pd.testing.assert_frame_equal(back, table)


def test_export_csv_neutralises_formulas_and_keeps_cr() -> None:
    data = export.to_csv(_table()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    titles = [r["title"] for r in rows[: len(FORMULAS)]]
    assert titles == ["'" + f for f in FORMULAS]
    assert all(not r["title"].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows)
    assert "\r" in rows[0]["evidence"]  # kept inside its quoted cell
    assert rows[-2]["start"] == "0550-01-01T00:00:00"


def test_export_excel_neutralises_formulas_and_has_caption() -> None:
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel(_table(), caption="Sources: a.txt")))
    sheet = book["events"]
    header = [c.value for c in sheet[1]]
    titles = [sheet.cell(row=i + 2, column=header.index("title") + 1).value for i in range(len(FORMULAS))]
    # XML turns a stored CR into LF on reading; the cell stays neutralised either way.
    assert titles == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert book["about"]["A2"].value == "Sources: a.txt"


@pytest.mark.parametrize(
    ("first", "kind"),
    [(datetime(2021, 11, 5), datetime), (datetime(1504, 1, 1), str)],  # Excel's calendar starts in 1900
)
def test_export_excel_has_date_cells_booleans_filter_and_frozen_header(first: datetime, kind: type) -> None:
    table = to_table(
        [
            Event(
                title="a",
                source="s",
                start=first,
                end=datetime(2021, 11, 6),
                precision="day",
                approximate=True,
            ),
            Event(title="b", source="s"),
        ]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_excel(table)))["events"]
    header = [c.value for c in sheet[1]]
    start = sheet.cell(row=2, column=header.index("start") + 1).value
    assert isinstance(start, kind) and str(start).startswith(str(first.year))
    assert sheet.cell(row=3, column=header.index("start") + 1).value is None  # undated: empty
    assert sheet.cell(row=2, column=header.index("approximate") + 1).value is True
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")


def test_export_json_shape() -> None:
    records = json.loads(export.to_json(_table()))
    assert isinstance(records, list) and list(records[0]) == list(export.COLUMNS)
    assert records[0]["start"] == "2021-10-22T00:00:00"
    assert records[0]["actors"] == ["Tehrik-i-Taliban Pakistan", "=1+1"]
    assert records[-1]["start"] is None and records[-1]["fatalities"] is None


def test_export_timelinejs_is_escaped_and_skips_undated() -> None:
    table = to_table(
        [
            Event(
                title="<b>x</b>",
                source="s",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                evidence='<a href="http://evil">y</a>',
            ),
            Event(title="undated", source="s"),
        ]
    )
    doc = json.loads(export.to_timelinejs(table, title="T", caption="<i>c</i>"))
    assert len(doc["events"]) == 1
    event = doc["events"][0]
    assert event["text"]["headline"] == "&lt;b&gt;x&lt;/b&gt;"
    assert "<a" not in event["text"]["text"]
    assert event["start_date"] == {"year": "2021", "month": "8"}
    assert doc["title"]["text"]["text"] == "&lt;i&gt;c&lt;/i&gt;"


@pytest.mark.parametrize(
    ("data", "fmt", "match"),
    [
        (b'{"a": 1}', "json", "JSON list"),
        (b"a,b\n1,2\n", "csv", "missing columns"),
        (b"PAR1garbage", "parquet", "cannot read"),
        (b"x", "xml", "format must be one of"),
        (b"\x89PNG\r\n\x1a\n\x00\xff", "csv", "this is a PNG image, not a csv table"),
        (b"\x00\xff\xfe binary", "csv", "this is not text"),
    ],
)
def test_export_read_table_refuses_what_it_did_not_write(data: bytes, fmt: str, match: str) -> None:
    with pytest.raises((BadValueError, UnknownFormatError), match=match):
        export.read_table(data, fmt)


def test_export_html_embeds_plotly_and_escapes() -> None:
    table = to_table(
        [
            Event(
                title="<script>alert(1)</script>",
                source="s",
                start=datetime(2021, 1, 1),
                end=datetime(2021, 1, 2),
                precision="day",
            )
        ]
    )
    page = export.chart_html(timeline(table)).decode("utf-8")
    assert "<script src=" not in page  # plotly.js inline, no CDN script tag
    assert "<script>alert(1)</script>" not in page
    assert "Plotly.newPlot" in page


@pytest.mark.parametrize(("static", "slider"), [(True, False), (False, True)])
def test_export_chart_on_white_and_images_without_range_slider(static: bool, slider: bool) -> None:
    fig = timeline(_table())
    out = export._for_export(fig, static=static)
    assert out.layout.xaxis.rangeslider.visible is slider
    assert out.layout.template.layout.plot_bgcolor == "white"
    assert fig.layout.xaxis.rangeslider.visible is True  # the app's figure is left as it was


def test_export_unknown_formats_are_refused() -> None:
    with pytest.raises(UnknownFormatError, match="table format"):
        export.table_bytes(_table(), "docx")
    with pytest.raises(UnknownFormatError, match="image format"):
        export.chart_image(timeline(_table()), "gif")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")])
def test_export_images_via_kaleido(fmt: str, magic: bytes) -> None:
    data = export.chart_image(timeline(_table()), fmt, width=800, height=400)
    assert data.startswith(magic)
    if fmt == "png":
        assert int.from_bytes(data[16:20], "big") == 800 and int.from_bytes(data[20:24], "big") == 400


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_names = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12), max_size=3)


@st.composite
def _events(draw) -> Event:
    dated = draw(st.booleans())
    start = end = None
    if dated:
        start = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9998, 1, 1)))
        start = start.replace(microsecond=0)
        end = start + pd.Timedelta(seconds=draw(st.integers(1, 10**9))).to_pytimedelta()
    return Event(
        title=draw(_text),
        source=draw(_text) or "s",
        start=start,
        end=end,
        precision=draw(st.sampled_from(PRECISIONS)),
        status=draw(st.sampled_from(STATUSES)),
        approximate=draw(st.booleans()),
        actors=tuple(draw(_names)),
        evidence=draw(_text),
        timex=draw(_text),
        latitude=draw(st.none() | st.floats(-90, 90)),
        fatalities=draw(st.none() | st.integers(0, 10**6)),
        char_start=draw(st.none() | st.integers(0, 10**6)),
        confidence=draw(st.floats(0, 1)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=st.lists(_events(), max_size=6, unique_by=lambda e: e.event_id),
    fmt=st.sampled_from(export.READ_FORMATS),
)
def test_export_round_trip_property(events: list[Event], fmt: str) -> None:
    table = to_table(events)
    back = export.read_table(export.table_bytes(table, fmt), fmt)
    pd.testing.assert_frame_equal(back, table)
    assert np.all(back["start"].isna() | (back["start"] < back["end"]))
