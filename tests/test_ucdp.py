"""UCDP GED loader: HXL row, date_prec spans, violence types, deaths, bad rows, real sample."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from events.errors import MissingColumnsError
from events.schema import validate
from loaders import ucdp
from loaders.registry import LoadOptions

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
TTP = "Tehrik-i-Taliban Pakistan"


def _load(name: str, data: bytes | None = None):
    data = (DATASETS / name).read_bytes() if data is None else data
    return ucdp.load(data, source=name, options=LoadOptions())


def test_ucdp_skips_hxl_row() -> None:
    result = _load("ucdp_ged.csv")
    assert len(result.table) == 4
    assert result.problems == ()
    assert result.table["event_id"].tolist() == ["ucdp:990001", "ucdp:990002", "ucdp:990003", "ucdp:990004"]


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision", "approximate", "event_type"),
    [
        ("ucdp:990001", datetime(2021, 11, 2), datetime(2021, 11, 3), "day", False, "State-based conflict"),
        ("ucdp:990002", datetime(2021, 11, 22), datetime(2021, 11, 27), "week", True, "State-based conflict"),
        ("ucdp:990003", datetime(2021, 12, 1), datetime(2022, 1, 1), "month", True, "One-sided violence"),
        ("ucdp:990004", datetime(2021, 1, 1), datetime(2022, 1, 1), "year", True, "Non-state conflict"),
    ],
)
def test_ucdp_date_prec_spans(
    event_id: str, start: datetime, end: datetime, precision: str, approximate: bool, event_type: str
) -> None:
    row = _load("ucdp_ged.csv").table.set_index("event_id").loc[event_id]
    assert (row["start"], row["end"], row["precision"], row["approximate"]) == (
        start,
        end,
        precision,
        approximate,
    )
    assert row["event_type"] == event_type


def test_ucdp_fields() -> None:
    table = _load("ucdp_ged.csv").table.set_index("event_id")
    row = table.loc["ucdp:990001"]
    assert row["actors"] == ["Government of Pakistan", TTP]
    assert (row["actor1"], row["actor2"]) == ("Government of Pakistan", TTP)
    assert row["fatalities"] == 2
    assert "deaths low: 2" in row["notes"] and "deaths high: 3" in row["notes"]
    assert "where_prec: 1" in row["notes"]
    assert row["location"] == "Mir Ali town"
    assert row["doc_id"] == "PAK-2021-1-209-901"
    assert row["evidence"] == "Two soldiers die in border post raid"
    assert row["sub_event_type"] == "Pakistan: Government"
    # No headline: the place description is the evidence.
    assert table.loc["ucdp:990003", "evidence"] == "somewhere in the province"


def test_ucdp_bad_rows() -> None:
    result = _load("ucdp_bad_rows.csv")
    assert len(result.table) == 2
    assert [(p.row, p.column) for p in result.problems] == [(3, "date_start"), (4, "date_end")]


def test_ucdp_missing_columns() -> None:
    data = b"id,side_a,best\n1,Government of Pakistan,3\n"
    with pytest.raises(MissingColumnsError, match=r"x.csv: .*type_of_violence.*date_start"):
        _load("x.csv", data)


def test_ucdp_sniff() -> None:
    assert ucdp.sniff((DATASETS / "ucdp_ged.csv").read_bytes(), "a.csv") > 0.9
    assert ucdp.sniff((DATASETS / "acled_2020.csv").read_bytes(), "a.csv") == 0.0


@pytest.mark.shared
def test_ucdp_real_sample_every_row_loads(shared: Path) -> None:
    name = "ucdp_ged_pakistan_hdx.csv"
    result = ucdp.load((shared / "data" / "events" / name).read_bytes(), source=name, options=LoadOptions())
    table = result.table
    assert len(table) == 6416
    assert result.problems == ()
    assert table["precision"].value_counts().to_dict() == {"day": 6068, "week": 297, "month": 41, "year": 10}
    assert (table["actors"].map(lambda a: TTP in a)).sum() >= 3834
    assert table["start"].min() == datetime(1989, 1, 25)
    validate(table)


def test_ucdp_without_date_prec_column_says_so_once() -> None:
    # A GED without date_prec gave one 'expected 1 to 5' problem per row.
    frame = pd.read_csv(DATASETS / "ucdp_ged.csv", dtype=str, keep_default_na=False)
    data = frame.drop(columns=["date_prec"]).to_csv(index=False).encode()
    result = _load("no_prec.csv", data)
    assert result.problems == ()
    assert len(result.table) > 0 and set(result.table["precision"]) == {"day"}
    assert [w for w in result.warnings if "date_prec" in w] == [
        "no date_prec column: every event is dated by its date_start..date_end days (precision day)"
    ]
