"""The event model and table schema."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.errors import SchemaError
from events.schema import COLUMNS, PRECISIONS, STATUSES, Event, concat, empty_table, to_table, validate

D = datetime


def test_schema_empty_table_has_every_column_and_dtype() -> None:
    table = empty_table()
    assert list(table.columns) == list(COLUMNS)
    dtypes = {c: str(t) for c, t in validate(table).dtypes.items()}
    assert dtypes == {c: ("str" if t == "str" else t) for c, t in COLUMNS.items()}
    assert str(table["start"].dtype) == "datetime64[s]"


def test_schema_event_id_is_stable_and_distinct() -> None:
    a = Event(title="Talks", source="a.txt", start=D(2021, 10, 22), end=D(2021, 11, 5), char_start=10)
    b = Event(title="Talks", source="a.txt", start=D(2021, 10, 22), end=D(2021, 11, 5), char_start=10)
    c = Event(title="Talks", source="b.txt", start=D(2021, 10, 22), end=D(2021, 11, 5), char_start=10)
    assert a.event_id == b.event_id
    assert a.event_id != c.event_id
    assert len(a.event_id) == 16


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"precision": "fortnight"}, "precision must be one of"),
        ({"status": "rumoured"}, "status must be one of"),
        ({"start": D(2021, 1, 1)}, "both be set"),
        ({"start": D(2021, 1, 2), "end": D(2021, 1, 1), "precision": "day"}, "must be before end"),
        ({"start": D(2021, 1, 1), "end": D(2021, 1, 1), "precision": "day"}, "must be before end"),
    ],
)
def test_schema_event_refuses_bad_values(kwargs: dict, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Event(title="x", source="s", **kwargs)


def test_schema_to_table_keeps_historic_and_far_future_dates() -> None:
    events = [
        Event(title="Buddhas carved", source="s", start=D(500, 1, 1), end=D(600, 1, 1), precision="century"),
        Event(title="Far", source="s", start=D(9999, 1, 1), end=D(9999, 12, 31), precision="year"),
        Event(title="Undated", source="s"),
    ]
    table = to_table(events)
    assert table["start"].iloc[0] == np.datetime64("0500-01-01", "s")
    assert table["end"].iloc[1] == np.datetime64("9999-12-31", "s")
    assert pd.isna(table["start"].iloc[2]) and pd.isna(table["end"].iloc[2])
    assert table["actors"].tolist() == [[], [], []]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("precision", "fortnight", "precision must be one of"),
        ("status", "maybe", "status must be one of"),
        ("start", "not a date", "'start' must hold ISO dates"),
        ("confidence", "high", "'confidence' cannot be read"),
    ],
)
def test_schema_validate_names_the_bad_column(column: str, value: str, message: str) -> None:
    table = to_table([Event(title="x", source="s", start=D(2021, 1, 1), end=D(2021, 1, 2), precision="day")])
    table = table.astype({column: object})
    table.loc[0, column] = value
    with pytest.raises(SchemaError, match=message):
        validate(table)


def test_schema_validate_refuses_duplicate_ids() -> None:
    table = to_table([Event(title="x", source="s")])
    with pytest.raises(SchemaError, match="unique"):
        validate(pd.concat([table, table]))


def test_schema_validate_fills_defaults_and_parses_iso_and_actor_strings() -> None:
    table = validate(
        pd.DataFrame(
            {
                "event_id": ["a", "b"],
                "source": ["s", "s"],
                "start": ["2021-08-01", ""],
                "end": ["2021-09-01T00:00:00", None],
                "precision": ["month", "unknown"],
                "actors": ['["TTP", "Afghan Taliban"]', "A; B"],
                "extra": [1, 2],
            }
        )
    )
    assert "extra" not in table.columns
    assert table["actors"].tolist() == [["TTP", "Afghan Taliban"], ["A", "B"]]
    assert table["status"].tolist() == ["occurred", "occurred"]
    assert table["start"].iloc[0] == np.datetime64("2021-08-01", "s")
    assert pd.isna(table["start"].iloc[1])


def test_schema_concat_keeps_first_of_repeated_ids() -> None:
    a = to_table([Event(title="a", source="s", event_id="1"), Event(title="b", source="s", event_id="2")])
    b = to_table([Event(title="c", source="t", event_id="2"), Event(title="d", source="t", event_id="3")])
    out = concat([a, b, empty_table()])
    assert out["title"].tolist() == ["a", "b", "d"]
    assert out.dtypes.equals(a.dtypes)


# Starts leave room for the longest span drawn below (3,650 days) before the calendar ends.
_dates = st.datetimes(min_value=D(1, 1, 1), max_value=D(9988, 1, 1))


@st.composite
def _events(draw: st.DrawFn) -> Event:
    dated = draw(st.booleans())
    start = draw(_dates) if dated else None
    end = (
        start
        + draw(
            st.timedeltas(
                min_value=pd.Timedelta(seconds=1).to_pytimedelta(),
                max_value=pd.Timedelta(days=3650).to_pytimedelta(),
            )
        )
        if start
        else None
    )
    return Event(
        title=draw(st.text(max_size=30)),
        source=draw(st.text(min_size=1, max_size=10)),
        start=start.replace(microsecond=0) if start else None,
        end=end.replace(microsecond=0) if end else None,
        precision=draw(st.sampled_from(PRECISIONS)),
        status=draw(st.sampled_from(STATUSES)),
        actors=tuple(draw(st.lists(st.text(min_size=1, max_size=8), max_size=3))),
        confidence=draw(st.floats(0, 1)),
        char_start=draw(st.none() | st.integers(0, 10**6)),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(_events(), max_size=8, unique_by=lambda e: e.event_id))
def test_schema_validate_is_idempotent_and_spans_are_half_open(events: list[Event]) -> None:
    table = to_table(events)
    again = validate(table)
    pd.testing.assert_frame_equal(table, again)
    dated = table.dropna(subset=["start"])
    assert (dated["start"] < dated["end"]).all()
