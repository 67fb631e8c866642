"""GDELT loader: headerless 61 columns, CAMEO codes with leading zeros and names, real sample."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from events.errors import UnknownFormatError
from loaders import gdelt
from loaders.registry import LoadOptions
from loaders.registry import load as registry_load

DATASETS = Path(__file__).parent / "fixtures" / "datasets"
NAME = "gdelt2_small.export.CSV"


def _load(data: bytes | None = None, name: str = NAME):
    data = (DATASETS / NAME).read_bytes() if data is None else data
    return gdelt.load(data, source=name, options=LoadOptions())


@pytest.mark.parametrize(
    ("event_id", "cameo", "title", "event_type"),
    [
        ("gdelt:1000000001", "0871", "Declare truce, ceasefire", "Yield"),
        ("gdelt:1000000002", "043", "Host a visit", "Consult"),
        ("gdelt:1000000003", "190", "Use conventional military force, not specified below", "Fight"),
        ("gdelt:1000000004", "173", "Arrest, detain, or charge with legal action", "Coerce"),
    ],
)
def test_gdelt_cameo_codes_keep_zeros_and_are_named(
    event_id: str, cameo: str, title: str, event_type: str
) -> None:
    row = _load().table.set_index("event_id").loc[event_id]
    assert (row["cameo"], row["title"], row["event_type"]) == (cameo, title, event_type)
    assert row["sub_event_type"] == title


def test_gdelt_fields() -> None:
    table = _load().table.set_index("event_id")
    row = table.loc["gdelt:1000000001"]
    assert (row["start"], row["end"], row["precision"]) == (
        datetime(2021, 11, 9),
        datetime(2021, 11, 10),
        "day",
    )
    assert row["actors"] == ["Pakistan", "Tehrik-i-Taliban Pakistan"]
    assert (row["location"], row["country"]) == ("Islamabad, Islamabad, Pakistan", "Pakistan")
    assert (row["latitude"], row["longitude"]) == (33.7, 73.1667)
    assert "source URL: https://news.example.org/pakistan/truce-announced" in row["notes"]
    assert "Goldstein: 9.0" in row["notes"]
    assert table.loc["gdelt:1000000003", "actor2"] == "Military Forces of Pakistan"
    # One actor only: actor2 stays empty.
    assert table.loc["gdelt:1000000004", "actor2"] == ""
    assert table.loc["gdelt:1000000004", "actors"] == ["Police"]


def test_gdelt_wrong_width() -> None:
    with pytest.raises(UnknownFormatError, match=r"x.CSV: .*57, 58 or 61 .* row 1 has 3"):
        _load(b"1\t20210101\tx\n", "x.CSV")


def test_gdelt_bad_date_row() -> None:
    data = (DATASETS / NAME).read_bytes().replace(b"\t20211110\t", b"\t2021111X\t")
    result = _load(data)
    assert len(result.table) == 3
    assert [(p.row, p.column) for p in result.problems] == [(2, "SQLDATE")]


def test_gdelt_sniff() -> None:
    assert gdelt.sniff((DATASETS / NAME).read_bytes(), "a.csv") > 0.9
    assert gdelt.sniff((DATASETS / "table_events.tsv").read_bytes(), "a.tsv") == 0.0


@pytest.mark.shared
def test_gdelt_real_sample_every_row_loads(shared: Path) -> None:
    name = "gdelt2_events_20180101000000.export.CSV"
    result = gdelt.load((shared / "data" / "events" / name).read_bytes(), source=name, options=LoadOptions())
    table = result.table
    assert len(table) == 2414
    # One real row has a longitude (42) and no latitude: no point is drawn from half a place.
    assert [(p.row, p.message) for p in result.problems] == [
        (192, "latitude or longitude missing, both left empty")
    ]
    assert (table["cameo"] == "043").sum() == 241
    assert table["start"].min() == datetime(2017, 12, 2)


@pytest.mark.parametrize(
    ("name", "country", "kind", "place", "expected"),
    [
        ("POLICE", "USA", "COP", "United States", "Police Forces of United States"),
        ("PRESIDENT", "PAK", "GOV", "Pakistan", "Government of Pakistan"),
        ("SOLDIER", "AFG", "MIL", "Pakistan", "Military Forces of Afghanistan"),
        ("GOVERNOR", "", "GOV", "Nigeria", "Government of Nigeria"),  # no actor country: the event's
        ("IRAN", "IRN", "", "Iran", "Iran"),  # a country, not a state body
        ("REBEL", "AFR", "REB", "Mali", "Rebel"),  # a region code, not a country
        ("TALIBAN", "AFG", "GOV", "Afghanistan", "Government of Afghanistan"),
        ("", "", "", "", ""),
    ],
)
def test_gdelt_state_types_join_the_acled_actor_space(
    name: str, country: str, kind: str, place: str, expected: str
) -> None:
    out = gdelt._actor(pd.Series([name]), pd.Series([country]), pd.Series([kind]), pd.Series([place]))
    assert out.tolist() == [expected]


@pytest.mark.parametrize(
    ("first", "kind"),
    [
        (["1", "20180101000000", "20180101000000", "1", "example.com", "http://x/a", "1", "-1", "-1", "-1",
          "0", "10", "100", "-1.5", "", ""], "a GDELT 2.0 mentions table"),
        (["20180101000000-0", "20180101000000", "1", "example.com", "http://x/a", *[""] * 22],
         "a GDELT Global Knowledge Graph table"),
        (["20180101000000-T12", "20180101000000", "1", "example.com", "http://x/a", *[""] * 22],
         "a GDELT Global Knowledge Graph table"),
    ],
)  # fmt: skip
def test_gdelt_other_tables_are_named(first: list[str], kind: str) -> None:
    # Went to the table loader: 'no date column ...; the table has: 1, 20180101000000, ...'.
    data = ("\t".join(first) + "\n").encode() * 3
    with pytest.raises(UnknownFormatError, match=f"this is {kind}.*not the GDELT events table"):
        registry_load(data, source="20180101000000.other.CSV", options=LoadOptions())
