"""Filters: each criterion, composition, alias-aware actors, URL round trip."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import filters as F
from events.actors import canonical_actor
from events.errors import BadValueError
from events.schema import Event, to_table


def _table() -> pd.DataFrame:
    return to_table(
        [
            Event(
                title="Talks in Khost",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                actors=("Tehrik-i-Taliban Pakistan", "Government of Pakistan"),
                event_type="Strategic developments",
                sub_event_type="Agreement",
                country="Afghanistan",
                location="Khost",
                evidence="Talks went on for nearly two weeks.",
            ),
            Event(
                title="Truce",
                source="a.txt",
                start=datetime(2021, 11, 10),
                end=datetime(2021, 12, 10),
                precision="month",
                status="planned",
                actors=("Tehrik-i-Taliban Pakistan",),
                event_type="Strategic developments",
                country="Pakistan",
            ),
            Event(
                title="Kabul falls",
                source="b.csv",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                actors=("Afghan Taliban",),
                event_type="Battles",
                country="Afghanistan",
                location="Kabul",
            ),
            Event(
                title="Founding",
                source="b.csv",
                start=datetime(2007, 1, 1),
                end=datetime(2008, 1, 1),
                precision="year",
                actors=("Tehrik-i-Taliban Pakistan",),
                event_type="Strategic developments",
            ),
            Event(
                title="Operation",
                source="a.txt",
                actors=("Military Forces of Pakistan",),
                event_type="Battles",
            ),
        ]
    )


def _titles(flt: F.Filter) -> list[str]:
    return list(F.apply(_table(), flt)["title"])


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (F.Filter(), ["Talks in Khost", "Truce", "Kabul falls", "Founding", "Operation"]),
        (F.Filter(actors=("TTP",)), ["Talks in Khost", "Truce", "Founding"]),  # alias folded
        (
            F.Filter(actors=("Pakistani Taliban", "Afghan Taliban")),
            ["Talks in Khost", "Truce", "Kabul falls", "Founding"],
        ),
        (F.Filter(actors=("Taliban",)), ["Kabul falls"]),  # the Afghan Taliban, not the TTP
        (F.Filter(actor_kinds=("state forces",)), ["Operation"]),
        (F.Filter(actor_kinds=("government",)), ["Talks in Khost"]),
        (F.Filter(event_types=("Battles",)), ["Kabul falls", "Operation"]),
        (F.Filter(sub_event_types=("Agreement",)), ["Talks in Khost"]),
        (F.Filter(countries=("Pakistan",)), ["Truce"]),
        (F.Filter(countries=(F.NO_VALUE,)), ["Founding", "Operation"]),
        (F.Filter(locations=("Kabul",)), ["Kabul falls"]),
        (F.Filter(statuses=("planned",)), ["Truce"]),
        (F.Filter(precisions=("day", "month")), ["Talks in Khost", "Truce", "Kabul falls"]),
        (F.Filter(sources=("b.csv",)), ["Kabul falls", "Founding"]),
        (F.Filter(text="two WEEKS"), ["Talks in Khost"]),
        (F.Filter(text="kabul"), ["Kabul falls"]),
        # Half-open overlap: [2021-11-05, 2021-11-11) overlaps the truce, not the talks (ends 11-05).
        (F.Filter(date_from=date(2021, 11, 5), date_to=date(2021, 11, 11)), ["Truce"]),
        (F.Filter(date_from=date(2007, 6, 1), date_to=date(2007, 6, 2)), ["Founding"]),
        (F.Filter(date_to=date(2021, 8, 2)), ["Kabul falls", "Founding"]),
        (F.Filter(actors=("TTP",), statuses=("occurred",), date_from=date(2021, 1, 1)), ["Talks in Khost"]),
    ],
)
def test_filters_each_criterion_and_composition(flt: F.Filter, expected: list[str]) -> None:
    assert _titles(flt) == expected


def test_filters_mask_matches_apply() -> None:
    table = _table()
    flt = F.Filter(actors=("TTP",))
    assert list(table[F.mask(table, flt)]["title"]) == _titles(flt)


@pytest.mark.parametrize(
    "flt",
    [
        F.Filter(),
        F.Filter(actors=("TTP", "Afghan Taliban"), statuses=("planned",), text="truce & talks"),
        F.Filter(date_from=date(2021, 1, 1), date_to=date(2022, 1, 1), precisions=("day",)),
        F.Filter(countries=(F.NO_VALUE,), actor_kinds=("rebel group",), sources=("a b.txt",)),
    ],
)
def test_filters_query_params_round_trip(flt: F.Filter) -> None:
    assert F.Filter.from_query_params(flt.to_query_params()) == flt


def test_filters_query_params_accept_single_strings_and_ignore_unknown_keys() -> None:
    flt = F.Filter.from_query_params({"actors": "TTP", "lane": "source", "date_from": "2021-01-01"})
    assert flt == F.Filter(actors=("TTP",), date_from=date(2021, 1, 1))


def test_filters_bad_date_in_link_is_reported() -> None:
    with pytest.raises(BadValueError, match="date_from"):
        F.Filter.from_query_params({"date_from": ["2021-13-45"]})


def test_filters_counts_and_alias_search() -> None:
    table = _table()
    counts = F.counts(table, "actor")
    assert counts["Tehrik-i-Taliban Pakistan"] == 3
    assert counts.index[0] == "Tehrik-i-Taliban Pakistan"
    assert F.search_actors(table, "pakistani taliban") == ["Tehrik-i-Taliban Pakistan"]
    assert "Afghan Taliban" in F.search_actors(table, "Taleban")
    where = F.mask(table, F.Filter(sources=("b.csv",)))
    assert F.counts(table, "actor", where=where).to_dict() == {
        "Afghan Taliban": 1,
        "Tehrik-i-Taliban Pakistan": 1,
    }


def test_filters_describe_and_bounds() -> None:
    assert F.Filter().describe() == "no filter"
    assert F.Filter(actors=("TTP",), text="x").describe() == "actors: TTP; text: x"
    assert F.date_bounds(_table()) == (date(2007, 1, 1), date(2021, 12, 9))


def test_filters_lane_index_is_cached_per_table() -> None:
    table = _table()
    assert F.lane_index(table, "actor") is F.lane_index(table, "actor")
    with pytest.raises(BadValueError, match="lane must be one of"):
        F.lane_index(table, "colour")


_names = st.sampled_from(["TTP", "Afghan Taliban", "Government of Pakistan", "Imran Khan", "Someone"])


@st.composite
def _tables(draw) -> pd.DataFrame:
    events = []
    for i in range(draw(st.integers(0, 10))):
        start = end = None
        if draw(st.booleans()):
            start = datetime(2021, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
            end = start + timedelta(days=draw(st.integers(1, 40)))
        events.append(
            Event(
                title=draw(st.sampled_from(["Talks", "Truce", "Attack"])),
                source=draw(st.sampled_from("ab")),
                start=start,
                end=end,
                precision=draw(st.sampled_from(["day", "month", "year"])),
                status=draw(st.sampled_from(["occurred", "planned"])),
                actors=tuple(draw(st.lists(_names, max_size=3, unique=True))),
                event_id=f"e{i}",
            )
        )
    return to_table(events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=_tables(),
    actors=st.lists(_names, max_size=2),
    statuses=st.lists(st.sampled_from(["occurred", "planned"]), max_size=1),
    lo=st.none() | st.integers(0, 90),
    span=st.integers(1, 30),
    text=st.sampled_from(["", "tal", "ATTACK"]),
)
def test_filters_mask_matches_a_row_by_row_reading(table, actors, statuses, lo, span, text) -> None:
    date_from = date(2021, 1, 1) + timedelta(days=lo) if lo is not None else None
    date_to = date_from + timedelta(days=span) if date_from else None
    flt = F.Filter(
        actors=tuple(actors), statuses=tuple(statuses), date_from=date_from, date_to=date_to, text=text
    )
    wanted_actors = {canonical_actor(a) for a in actors}
    expected = []
    for row in table.to_dict(orient="records"):
        ok = not wanted_actors or bool(wanted_actors & set(row["actors"]))
        ok &= not statuses or row["status"] in statuses
        if date_from is not None:
            ok &= (
                not pd.isna(row["start"])
                and row["start"] < pd.Timestamp(date_to)
                and row["end"] > pd.Timestamp(date_from)
            )
        ok &= not text or text.lower() in (row["title"] + row["evidence"]).lower()
        expected.append(bool(ok))
    assert F.mask(table, flt).tolist() == expected


@pytest.mark.parametrize("window", [("2021-12-01", "2021-01-01"), ("2021-11-01", "2021-11-01")])
def test_filters_reversed_dates_in_link_are_reported(window: tuple[str, str]) -> None:
    # Before: the app clamped the window to one day and said nothing.
    with pytest.raises(BadValueError, match="is not before date_to"):
        F.Filter.from_query_params({"date_from": [window[0]], "date_to": [window[1]]})


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (F.Filter(), None),
        (F.Filter(actors=("Afghan Taliban",)), None),
        (F.Filter(date_from=date(2021, 1, 1)), (date(2021, 1, 1), None)),
        (
            F.Filter(date_from=date(2021, 1, 1), date_to=date(2021, 2, 1)),
            (date(2021, 1, 1), date(2021, 2, 1)),
        ),
    ],
)
def test_filters_window_is_the_date_filter(flt: F.Filter, expected) -> None:
    assert flt.window() == expected
