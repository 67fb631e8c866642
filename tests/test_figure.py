"""The timeline figure: raw drawing, uncertainty encoding, escaping, aggregation at scale."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import filters
from events.errors import BadValueError
from events.figure import COLORS, LANES, MAX_LANES, PATTERNS, timeline, when
from events.schema import PRECISIONS, STATUSES, Event, to_table, validate

HOSTILE = '<a href="https://evil.example">click</a><b>bold</b><img src=x onerror=alert(1)>'


def _events() -> pd.DataFrame:
    return to_table(
        [
            Event(
                title="Talks in Khost",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                approximate=True,
                event_type="Agreement",
                actors=("Tehrik-i-Taliban Pakistan", "Government of Pakistan"),
                timex="nearly two weeks",
                evidence="They talked for nearly two weeks.",
            ),
            Event(
                title="Truce",
                source="a.txt",
                start=datetime(2021, 11, 10),
                end=datetime(2021, 12, 10),
                precision="month",
                status="planned",
                actors=("Tehrik-i-Taliban Pakistan",),
                event_type="Agreement",
            ),
            Event(
                title="Report",
                source="a.txt",
                start=datetime(2021, 11, 5),
                end=datetime(2021, 11, 6),
                precision="day",
                event_type="Report",
            ),
            Event(
                title="Takeover",
                source="b.txt",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                actors=("Afghan Taliban",),
                event_type="Battles",
            ),
            Event(title="Undated operation", source="a.txt", actors=("Military Forces of Pakistan",)),
        ]
    )


def _spec(fig) -> dict:
    return json.loads(fig.to_json())


def _ids(fig) -> list[str]:
    return [row[0] for trace in fig.data if trace.customdata is not None for row in trace.customdata]


def test_figure_one_lane_per_actor_and_event_in_both_lanes() -> None:
    fig = timeline(_events())
    assert fig.layout.meta["mode"] == "raw"
    lanes = set(fig.layout.yaxis.categoryarray)
    assert {"Tehrik-i-Taliban Pakistan", "Government of Pakistan", "Afghan Taliban", "(none)"} <= lanes
    ids = _ids(fig)
    talks = _events().event_id[0]
    assert ids.count(talks) == 2  # one bar in each actor's lane


def test_figure_undated_events_are_not_drawn() -> None:
    table = _events()
    fig = timeline(table)
    assert table.event_id[4] not in _ids(fig)
    assert "Military Forces of Pakistan" not in set(fig.layout.yaxis.categoryarray)


def test_figure_point_events_are_markers_intervals_are_bars() -> None:
    fig = timeline(_events())
    report_id = _events().event_id[2]
    markers = [t for t in fig.data if t.type == "scatter"]
    assert any(report_id == row[0] for t in markers for row in t.customdata)
    bars = [t for t in fig.data if t.type == "bar" and t.customdata is not None and len(t.customdata)]
    assert all(min(t.x) > 0 for t in bars)  # no zero-width bar


def _style(fig, event_id: str) -> tuple[str, str, float, float]:
    """(pattern shape, fill colour, opacity, outline width) of the bar drawing ``event_id``."""
    for trace in fig.data:
        if (
            trace.type == "bar"
            and trace.customdata is not None
            and event_id in [c[0] for c in trace.customdata]
        ):
            marker = trace.marker
            return marker.pattern.shape, marker.color, marker.opacity, marker.line.width
    raise AssertionError(f"{event_id} is not drawn as a bar")


@pytest.mark.parametrize(("row", "expected"), [(1, PATTERNS["month"]), (0, "")])
def test_figure_coarse_precision_is_hatched(row: int, expected: str) -> None:
    table = _events()
    assert _style(timeline(table, lane="event_type"), table.event_id[row])[0] == expected


def test_figure_planned_is_hollow_and_approximate_faded() -> None:
    table = _events()
    fig = timeline(table, lane="event_type")
    _, fill, _, width = _style(fig, table.event_id[1])
    assert fill.startswith("rgba(") and fill.endswith(",0.12)") and width == 2.0
    assert _style(fig, table.event_id[0])[2] < 0.5
    assert _style(fig, table.event_id[3])[2] > 0.5


def test_figure_ongoing_runs_on_past_its_end_and_points_on() -> None:
    table = to_table(
        [
            Event(
                title="Attacks",
                source="a.txt",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 11, 6),
                precision="month",
                status="ongoing",
                event_type="Battles",
            ),
            Event(
                title="Siege",
                source="a.txt",
                start=datetime(2021, 11, 5),
                end=datetime(2021, 11, 6),
                precision="day",
                status="ongoing",
                event_type="Battles",
            ),
            Event(
                title="Raid",
                source="a.txt",
                start=datetime(2021, 9, 1),
                end=datetime(2021, 9, 20),
                precision="day",
                event_type="Battles",
            ),
        ]
    )
    fig = timeline(table, lane="event_type")
    tails = [t for t in fig.data if t.meta == "ongoing"]
    assert [row[0] for t in tails for row in t.customdata] == [table.event_id[0]]
    (tail,) = tails
    assert tail.base[0].startswith("2021-11-06") and tail.x[0] >= 86_400_000
    assert tail.marker.opacity < 0.5
    symbols = {
        row[0]: sym
        for t in fig.data
        if t.type == "scatter" and t.customdata is not None
        for row, sym in zip(t.customdata, np.atleast_1d(t.marker.symbol), strict=True)
    }
    assert symbols[table.event_id[1]] == "triangle-right"
    assert any(t.name and t.name.startswith("ongoing") for t in fig.data)
    assert not any(t.meta == "ongoing" for t in timeline(_events(), lane="event_type").data)


def test_figure_hatched_filled_bar_keeps_its_fill() -> None:
    # Plotly's default pattern fill mode drops the fill: an occurred month would look planned.
    table = _events()
    fig = timeline(table, lane="event_type")
    modes = {}
    for trace in fig.data:
        if trace.type == "bar" and trace.customdata is not None and len(trace.customdata):
            for (event_id,) in trace.customdata:
                modes[event_id] = trace.marker.pattern.fillmode
    assert modes[table.event_id[3]] == "overlay"  # occurred, month: filled and hatched
    assert modes[table.event_id[1]] == "replace"  # planned, month: hollow and hatched


def test_figure_quotes_in_data_are_not_shown_as_entities() -> None:
    # Plotly decodes &amp; &lt; &gt; but shows &quot; literally (a lane read '=HYPERLINK(&quot;...').
    table = to_table(
        [
            Event(
                title='Say "hi" & go',
                source="a.csv",
                start=datetime(2021, 1, 1),
                end=datetime(2021, 1, 2),
                actors=('=HYPERLINK("x")',),
            )
        ]
    )
    text = json.dumps(_spec(timeline(table, caption='"c"')))
    assert "&quot;" not in text and "&#x27;" not in text
    assert r"Say \"hi\" &amp; go" in text


def test_figure_one_legend_entry_per_colour() -> None:
    fig = timeline(_events(), lane="event_type")
    names = [t.name for t in fig.data if t.showlegend is not False and t.legendgroup != "key"]
    assert sorted(names) == sorted(set(names))


def test_figure_report_date_line_and_range_slider() -> None:
    fig = timeline(_events(), report_date="2021-11-05")
    assert any(s.type == "line" and str(s.x0).startswith("2021-11-05") for s in fig.layout.shapes)
    assert fig.layout.xaxis.rangeslider.visible is True


def test_figure_hover_carries_title_timex_precision_actors_evidence() -> None:
    table = _events()
    fig = timeline(table, lane="event_type")
    trace = next(
        t
        for t in fig.data
        if t.type == "bar" and t.customdata is not None and table.event_id[0] in [c[0] for c in t.customdata]
    )
    i = [c[0] for c in trace.customdata].index(table.event_id[0])
    text = trace.hovertext[i]
    for part in (
        "Talks in Khost",
        "nearly two weeks",
        "(day, approximate)",
        "Government of Pakistan",
        "They talked",
    ):
        assert part in text


def test_figure_every_data_string_is_escaped() -> None:
    table = to_table(
        [
            Event(
                title=HOSTILE,
                source=HOSTILE,
                start=datetime(2021, 1, 1),
                end=datetime(2021, 1, 9),
                precision="day",
                actors=(HOSTILE,),
                event_type=HOSTILE,
                evidence=HOSTILE,
                timex=HOSTILE,
                location=HOSTILE,
            ),
        ]
    )
    for lane in ("actor", "event_type", "location", "source"):
        fig = timeline(table, lane=lane, color="source", title=HOSTILE, caption=HOSTILE)
        spec = _spec(fig)
        spec["layout"].pop("meta", None)
        text = json.dumps(spec)
        assert "<a href" not in text and "<img" not in text and "<b>bold" not in text
        assert "&lt;a href=" in text


def test_figure_empty_and_all_undated_tables() -> None:
    fig = timeline(validate(pd.DataFrame({"event_id": ["x"], "source": ["s"]})))
    assert fig.layout.meta["visible"] == 0
    assert fig.layout.meta["mode"] == "raw"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"lane": "nope"}, "lane must be one of"), ({"color": "nope"}, "color must be one of")],
)
def test_figure_refuses_bad_options(kwargs: dict, match: str) -> None:
    with pytest.raises(BadValueError, match=match):
        timeline(_events(), **kwargs)


def _many(n: int, *, actors: int = 20) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    start = np.datetime64("2000-01-01T00:00:00", "s") + rng.integers(0, 3650 * 86_400, n).astype(
        "timedelta64[s]"
    )
    names = np.array([f"Actor {i}" for i in range(actors)], dtype=object)
    return validate(
        pd.DataFrame(
            {
                "event_id": [f"e{i}" for i in range(n)],
                "title": "t",
                "source": "s",
                "precision": "day",
                "start": start,
                "end": start + np.timedelta64(86_400, "s"),
                "actors": [[a] for a in names[rng.integers(0, actors, n)]],
                "event_type": "Battles",
            }
        )
    )


@pytest.mark.parametrize(
    ("x_range", "unit"),
    [(None, "month"), (("2003-01-01", "2003-06-01"), "day"), (("2003-01-01", "2006-01-01"), "week")],
)
def test_figure_aggregates_above_threshold_with_bin_from_span(x_range, unit) -> None:
    table = _many(3000)
    fig = timeline(table, max_raw=50, x_range=x_range)
    assert fig.layout.meta["mode"] == "aggregate"
    assert fig.layout.meta["bin"] == unit
    heat = fig.data[0]
    assert heat.type == "heatmap"
    in_range = fig.layout.meta["visible"]
    assert int(np.asarray(heat.text).sum()) == in_range  # every visible event counted once


def test_figure_zoom_in_switches_to_raw_events() -> None:
    table = _many(3000)
    fig = timeline(table, max_raw=100, x_range=("2003-01-01", "2003-01-15"))
    assert fig.layout.meta["mode"] == "raw"
    assert 0 < len(set(_ids(fig))) <= 100


def test_figure_filter_mask_narrows_to_raw() -> None:
    table = _many(3000)
    where = filters.mask(table, filters.Filter(actors=("Actor 3",)))
    fig = timeline(table, where=where, max_raw=500)
    assert fig.layout.meta["mode"] == "raw"
    assert set(fig.layout.yaxis.categoryarray) == {"Actor 3"}


def test_figure_folds_lanes_beyond_the_limit() -> None:
    table = _many(2000, actors=MAX_LANES + 30)
    fig = timeline(table, max_raw=10)
    lanes = list(fig.layout.yaxis.categoryarray)
    assert len(lanes) == MAX_LANES + 1 and lanes[-1] == "(30 other lanes)"


def test_figure_historic_dates_are_drawn() -> None:
    table = to_table(
        [
            Event(
                title="Buddhas carved",
                source="s",
                start=datetime(550, 1, 1),
                end=datetime(551, 1, 1),
                precision="year",
                approximate=True,
            )
        ]
    )
    fig = timeline(table)
    bar = next(t for t in fig.data if t.type == "bar" and t.customdata is not None and len(t.customdata))
    assert str(bar.base[0]).startswith("0550-01-01")


@pytest.mark.slow
def test_figure_payload_stays_small_at_200k_events() -> None:
    table = _many(200_000, actors=300)
    payload = timeline(table).to_json()
    assert len(payload) < 2_000_000


_hostile = st.text(st.characters(blacklist_categories=("Cs",)), max_size=15) | st.sampled_from(
    ["<b>x</b>", '<a href="https://e.example">l</a>', "<img src=x onerror=alert(1)>", "a & b", "\"'"]
)


@st.composite
def _random_events(draw) -> list[Event]:
    events = []
    for i in range(draw(st.integers(0, 12))):
        start = None
        end = None
        if draw(st.booleans()):
            start = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9000, 1, 1))).replace(
                microsecond=0
            )
            end = start + pd.Timedelta(seconds=draw(st.integers(1, 10**9))).to_pytimedelta()
        events.append(
            Event(
                title=draw(_hostile),
                source=draw(_hostile) or "s",
                start=start,
                end=end,
                precision=draw(st.sampled_from(PRECISIONS)),
                status=draw(st.sampled_from(STATUSES)),
                approximate=draw(st.booleans()),
                actors=tuple(draw(st.lists(_hostile.filter(bool), max_size=2))),
                event_type=draw(_hostile),
                location=draw(_hostile),
                evidence=draw(_hostile),
                timex=draw(_hostile),
                event_id=f"e{i}",
            )
        )
    return events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=_random_events(),
    lane=st.sampled_from(LANES),
    color=st.sampled_from(COLORS),
    max_raw=st.sampled_from([0, 3, 5000]),
)
def test_figure_property_any_table_draws_escaped(events, lane, color, max_raw) -> None:
    table = to_table(events)
    fig = timeline(table, lane=lane, color=color, max_raw=max_raw)
    dated = int(table["start"].notna().sum())
    assert fig.layout.meta["visible"] == dated
    if fig.layout.meta["mode"] == "raw":
        assert set(_ids(fig)) == set(table.loc[table["start"].notna(), "event_id"])
    # Traces are built without Plotly's validation: a validating rebuild must accept them as they are.
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())
    spec = fig.to_plotly_json()
    spec["layout"].pop("meta", None)
    text = json.dumps(spec, default=str)
    assert "<a href" not in text and "<img" not in text and "<b>x" not in text


def test_figure_aggregated_cells_carry_their_period_for_zooming() -> None:
    table = _many(3000)
    fig = timeline(table, max_raw=50)
    cells = next(t for t in fig.data if t.type == "scatter")
    heat = fig.data[0]
    assert len(cells.x) == int(np.count_nonzero(np.asarray(heat.text)))
    assert int(np.asarray(cells.text).sum()) == 3000
    first, last = cells.customdata[0]
    assert first < last and len(first) == 10  # ISO days, the zoom window


def test_figure_long_lane_labels_are_cut_and_kept_apart() -> None:
    names = ["A" * 60 + " one", "A" * 60 + " two", "Short"]
    table = to_table(
        [
            Event(
                title=str(n),
                source="a.csv",
                start=datetime(2021, 1, 1 + n),
                end=datetime(2021, 1, 2 + n),
                actors=(name,),
            )
            for n, name in enumerate(names)
        ]
    )
    lanes = list(timeline(table).layout.yaxis.categoryarray)
    assert len(set(lanes)) == 3 and "Short" in lanes
    assert all(len(x) <= 44 for x in lanes) and any(x.endswith("…") for x in lanes)


def test_figure_aggregate_lanes_fill_the_plot_without_padding() -> None:
    table = to_table(
        [
            Event(
                title=str(n),
                source="a.csv",
                start=datetime(2021, 1, 1 + n % 28),
                end=datetime(2021, 1, 2 + n % 28),
                actors=(f"Actor {n % 3}",),
            )
            for n in range(30)
        ]
    )
    fig = timeline(table, max_raw=10)
    assert fig.layout.meta["mode"] == "aggregate"
    assert list(fig.layout.yaxis.range) == [2.5, -0.5] and fig.layout.yaxis.autorange is False


def _colours(fig) -> dict[str, str]:
    return {t.name: t.marker.color for t in fig.data if t.showlegend is not False and t.legendgroup != "key"}


def test_figure_colours_of_known_types_do_not_move_when_sources_are_added() -> None:
    table = _events()
    alone = _colours(timeline(table, lane="event_type"))
    more = pd.concat(
        [
            table,
            to_table(
                [
                    Event(
                        title="Clash",
                        source="c.csv",
                        start=datetime(2021, 1, 1),
                        end=datetime(2021, 1, 2),
                        event_type=name,
                    )
                    for name in ("Battles", "Aaa first", "Zzz last", "Statement")
                ]
            ),
        ],
        ignore_index=True,
    )
    together = _colours(timeline(more, lane="event_type"))
    statement = _colours(timeline(more[more["event_type"] == "Statement"], lane="event_type"))
    assert statement["Statement"] == together["Statement"]
    assert len(set(together.values())) == len(together)  # still one colour per value
    assert {k: together[k] for k in ("Battles",)} == {"Battles": "#d62728"}
    assert alone["Battles"] == "#d62728"


def test_figure_one_line_per_report_date_label_on_the_latest() -> None:
    fig = timeline(_events(), report_date=["2021-11-05", "2021-10-01", "2021-11-05"])
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(str(s.x0)[:10] for s in lines) == ["2021-10-01", "2021-11-05"]
    labels = [a.text for a in fig.layout.annotations if "report" in (a.text or "")]
    assert labels == ["latest of 2 report dates"]
    assert not timeline(_events(), report_date=[]).layout.shapes


def test_figure_years_bc_are_placed_and_out_of_range_years_counted() -> None:
    # numpy writes 330 BC as "-329-..."; Plotly reads only four-digit years and put it at 1970.
    table = to_table(
        [
            Event(title="Now", source="h.txt", start=datetime(2021, 11, 5), end=datetime(2021, 11, 6)),
            Event(title="Carved", source="h.txt", start=datetime(550, 1, 1), end=datetime(600, 1, 1)),
        ]
    )
    old = table.iloc[[1, 1]].copy()
    old["event_id"] = ["bc", "far"]
    old["start"] = np.array(["-0329-01-01", "12000-01-01"], dtype="datetime64[s]")
    old["end"] = np.array(["-0328-01-01", "12001-01-01"], dtype="datetime64[s]")
    table = validate(pd.concat([table, old], ignore_index=True))
    fig = timeline(table, caption="c")
    bases = [b for t in fig.data if t.type == "bar" and t.base is not None for b in t.base]
    assert "-0329-01-01T00:00:00" in bases and "0550-01-01T00:00:00" in bases
    assert fig.layout.meta["visible"] == 3 and fig.layout.meta["beyond"] == 1
    assert "1 events dated outside" in fig.layout.title.subtitle.text


@pytest.mark.parametrize(
    ("x_range", "expected"),
    [
        # A decade-long event overlapping the window does not stretch the axis back to 2001.
        (("2021-01-01", "2022-01-01"), ["2021-01-01T00:00:00", "2022-01-01T00:00:00"]),
        # Open on one side: the other edge is the visible data's.
        (("2021-01-01", None), ["2021-01-01T00:00:00", "2021-12-01T00:00:00"]),
        ((None, "2021-06-01"), ["2001-11-06T00:00:00", "2021-06-01T00:00:00"]),
    ],
)
def test_figure_x_range_frames_the_window(x_range, expected) -> None:
    table = to_table(
        [
            Event(
                title="Two decades",
                source="a.txt",
                start=datetime(2001, 11, 6),
                end=datetime(2021, 11, 6),
                precision="decade",
            ),
            Event(
                title="Talks",
                source="a.txt",
                start=datetime(2021, 10, 1),
                end=datetime(2021, 12, 1),
                precision="month",
            ),
        ]
    )
    fig = timeline(table, x_range=x_range)
    assert list(fig.layout.xaxis.range) == expected


@pytest.mark.parametrize(("lanes", "side"), [(6, "bottom"), (40, "top")])
def test_figure_tall_chart_has_its_dates_on_top(lanes: int, side: str) -> None:
    """A chart taller than a screen shows when things were where reading starts."""
    table = to_table(
        [
            Event(
                title=f"e{n}",
                source="a.txt",
                start=datetime(2021, 1, 1 + n % 28),
                end=datetime(2021, 1, 2 + n % 28),
                precision="day",
                actors=(f"Actor {n}",),
            )
            for n in range(lanes)
        ]
    )
    fig = timeline(table, report_date="2021-02-01", caption="c")
    assert fig.layout.xaxis.side == side
    (label,) = fig.layout.annotations
    assert label.yshift == (28 if side == "top" else 0)
    assert fig.layout.margin.t >= (48 if side == "top" else 0) + 66


@pytest.mark.parametrize(
    ("start", "end", "precision", "approximate", "status", "expected"),
    [
        (datetime(2021, 11, 5), datetime(2021, 11, 6), "day", False, "occurred", "2021-11-05"),
        (datetime(2021, 10, 1), datetime(2021, 11, 1), "month", False, "occurred", "2021-10 (month)"),
        # A month-long span from the 11th is not "March": its days are shown.
        (
            datetime(2022, 3, 11),
            datetime(2022, 4, 11),
            "month",
            True,
            "planned",
            "2022-03-11 – 2022-04-10 (month, approximate, planned)",
        ),
        (
            datetime(2021, 8, 1),
            datetime(2022, 3, 12),
            "month",
            False,
            "ongoing",
            "2021-08-01 – 2022-03-11 (month, ongoing)",
        ),
        (datetime(2020, 1, 1), datetime(2021, 1, 1), "year", False, "occurred", "2020 (year)"),
        (None, None, "unknown", False, "occurred", "undated"),
    ],
)
def test_figure_when_says_the_dates_at_their_precision(start, end, precision, approximate, status, expected):
    event = Event(
        title="e",
        source="a.txt",
        start=start,
        end=end,
        precision=precision,
        approximate=approximate,
        status=status,
    )
    assert list(when(to_table([event]))) == [expected]


def test_figure_is_tall_enough_for_its_legend() -> None:
    """Two lanes but ten event types and the date key: the legend scrolled inside the chart."""
    table = to_table(
        [
            Event(
                title=f"e{n}",
                source="a.txt",
                start=datetime(2021, 1, 1 + n),
                end=datetime(2021, 2, 1 + n),
                precision="month" if n % 2 else "day",
                approximate=n == 3,
                status="planned" if n == 4 else "occurred",
                event_type=f"Type {n}",
                actors=(f"Actor {n % 2}",),
            )
            for n in range(10)
        ]
    )
    fig = timeline(table, caption="c")
    assert len(fig.layout.yaxis.categoryarray) == 2
    assert fig.layout.height >= 28 * 10 + 30 + 20 * 3 + fig.layout.margin.t + 110


def test_figure_aggregated_cell_hover_names_its_last_day() -> None:
    table = _many(3000)
    fig = timeline(table, max_raw=50)
    cells = next(t for t in fig.data if t.name == "cells")
    first, after = cells.customdata[0]
    assert after > first  # the zoom window keeps the exclusive end
    last = str(np.datetime64(after) - np.timedelta64(1, "D"))
    assert cells.hovertext[0].startswith(f"{first} – {last}: ")
    assert "%{hovertext}" in cells.hovertemplate
