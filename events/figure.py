"""The timeline figure: raw events when few are visible, aggregated lanes at scale."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from events.errors import BadValueError
from events.filters import NO_VALUE, LaneIndex, lane_index
from events.textsafe import mark_bidi

LANES: tuple[str, ...] = ("actor", "event_type", "location", "country", "source")
COLORS: tuple[str, ...] = ("event_type", "status", "source", "precision")
RAW_LIMIT = 5_000
"""Most events drawn one by one; above it lanes are aggregated (see bench/figure.py)."""
MAX_LANES = 80
"""Lanes beyond this (least busy first) fold into one "other" lane to keep the chart legible."""
MAX_BINS = 400
"""Aggregated view: the coarsest bin (day, week, month, year) giving at most this many bins."""
DAY_S = 86_400
FIRST_DAY = np.datetime64("0000-01-01", "s")
PLOTLY_YEARS = (np.datetime64("-9999-01-01", "s"), np.datetime64("10000-01-01", "s"))
"""Plotly's date axis reads four-digit years only; events outside are left out (and counted)."""
PALETTE: tuple[str, ...] = tuple(qualitative.D3) + tuple(qualitative.Set2) + tuple(qualitative.Pastel1)
# Colours that do not move when a new source brings new categories (adding an ACLED file
# used to repaint the article's event types). ACLED and UCDP types, then statuses.
FIXED_COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#17becf",
    "Riots": "#bcbd22",
    "Strategic developments": "#1f77b4",
    "Statement": "#2ca02c",
    "State-based conflict": "#8c564b",
    "Non-state conflict": "#e377c2",
    "One-sided violence": "#5e3c99",
    "occurred": "#1f77b4",
    "ongoing": "#2ca02c",
    "planned": "#ff7f0e",
    "negated": "#7f7f7f",
    "unknown": "#c7c7c7",
}
# Hatching per precision: the coarser the date, the more visible the pattern.
PATTERNS: dict[str, str] = {
    "week": ".",
    "month": "/",
    "quarter": "\\",
    "season": "\\",
    "year": "x",
    "decade": "+",
    "century": "+",
}
APPROXIMATE_OPACITY = 0.45
ONGOING_TAIL = 0.03
"""An ongoing bar runs on past its end as a faded tail this share of the drawn time range."""
ONGOING_OPACITY = 0.3
BIN_UNITS: tuple[tuple[str, str, int], ...] = (
    ("day", "D", 1),
    ("week", "W", 7),
    ("month", "M", 31),
    ("year", "Y", 366),
    ("decade", "Y", 3660),
)
EVIDENCE_CHARS = 300
HOVER_CHARS = 300
"""Longest title, actor list, type, source or stated expression shown in a hover label."""
HOVER_ACTORS = 12
LABEL_CHARS = 40
LANE_BAND = 0.8
"""Share of a lane's height the bars use; overlapping bars split it into sub-rows."""
MAX_SUBROWS = 4
TALL_LANES = 20
"""Above this many lanes the chart is taller than a laptop screen: its date axis goes on top."""


def _esc(text: object) -> str:
    """``text`` safe for Plotly's HTML subset: ``&``, ``<``, ``>`` escaped.

    Quotes are left alone: Plotly decodes ``&amp;``, ``&lt;``, ``&gt;`` and numeric entities
    but shows ``&quot;`` literally, and quotes cannot open a tag once ``<`` is escaped.
    """
    return html.escape(mark_bidi(str(text)), quote=False)


def _escape(values: pd.Series) -> pd.Series:
    """:func:`_esc` on every value, vectorised over distinct values."""
    values = values.fillna("").astype("str")
    uniques = pd.unique(values)
    return values.map({u: _esc(u) for u in uniques})


def _iso(values: np.ndarray) -> np.ndarray:
    """ISO text Plotly can read: years BC need four digits ("-0329-..."), numpy writes "-329"."""
    text = np.datetime_as_string(values.astype("datetime64[s]"), unit="s")
    if len(text) and (values.astype("datetime64[s]") < FIRST_DAY).any():
        text = np.array([_pad_year(t) for t in text.tolist()], dtype=text.dtype.str[:2] + "40")
    return text


def _pad_year(text: str) -> str:
    if not text.startswith("-"):
        return text
    year, rest = text[1:].split("-", 1)
    return f"-{year.zfill(4)}-{rest}"


def _to_datetime64(
    value: date | datetime | str | np.datetime64 | pd.Timestamp | None,
) -> np.datetime64 | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return np.datetime64(pd.Timestamp(value).to_datetime64(), "s")
        except ValueError as err:
            raise BadValueError(f"expected a date, got {value!r}") from err
    if isinstance(value, pd.Timestamp):
        return np.datetime64(value.to_datetime64(), "s")
    if isinstance(value, datetime):
        return np.datetime64(value.replace(tzinfo=None), "s")
    return np.datetime64(value, "s")


def _color_map(values: np.ndarray) -> dict[str, str]:
    """Known types and statuses keep one colour whatever else is loaded; others take the rest."""
    names = sorted(set(values.tolist()))
    fixed = {v: FIXED_COLORS[v] for v in names if v in FIXED_COLORS}
    used = {c.lower() for c in fixed.values()}
    free = [c for c in PALETTE if c.lower() not in used]
    rest = [v for v in names if v not in fixed]
    return {**fixed, **{v: free[i % len(free)] for i, v in enumerate(rest)}}


def _rgba(hex_color: str, alpha: float) -> str:
    text = hex_color.lstrip("#")
    if text.startswith("rgb"):
        return hex_color
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _fold_lanes(index: LaneIndex, entries: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Lane label codes for the chosen entries, the busiest MAX_LANES first, the rest as "other"."""
    codes = index.codes[entries]
    tally = np.bincount(codes, minlength=len(index.names))
    order = np.argsort(-tally, kind="stable")
    order = order[tally[order] > 0]
    kept = order[:MAX_LANES]
    labels = [str(index.names[c]) for c in kept]
    remap = np.full(len(index.names), len(kept), dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    if len(order) > MAX_LANES:
        labels.append(f"({len(order) - MAX_LANES} other lanes)")
    return remap[codes], _short(labels)


def _once_per_lane(rows: np.ndarray, lane_codes: np.ndarray, n_labels: int) -> np.ndarray:
    """Positions of the entries to draw: an event with many actors folded into the "other"
    lane is drawn (and counted) there once, not once per actor (100,000 actors in one row
    made 100,000 bars, each carrying the whole actor list)."""
    keep = np.ones(len(rows), dtype=bool)
    other = lane_codes == n_labels - 1 if n_labels > MAX_LANES else np.zeros(len(rows), dtype=bool)
    if other.any():
        at = np.flatnonzero(other)
        _, first = np.unique(rows[at], return_index=True)
        keep[at] = False
        keep[at[first]] = True
    return np.flatnonzero(keep)


def _actor_text(actors: object) -> str:
    names = list(actors) if isinstance(actors, (list, tuple, np.ndarray)) else []
    text = "; ".join(names[:HOVER_ACTORS])
    return text + f"; and {len(names) - HOVER_ACTORS:,} more" if len(names) > HOVER_ACTORS else text


def _capped(values: pd.Series, limit: int) -> pd.Series:
    """Text cut to ``limit`` characters for a hover label (the table keeps it whole)."""
    long = values.str.len() > limit
    if not long.any():
        return values
    return values.where(~long, values.str.slice(0, limit - 1) + "…")


def _short(labels: list[str]) -> list[str]:
    """Lane labels cut to LABEL_CHARS (a long one squeezed the plot), kept distinct."""
    out: list[str] = []
    seen: set[str] = set()
    for label in labels:
        text = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
        base, n = text, 2
        while text in seen:
            text, n = f"{base} ({n})", n + 1
        seen.add(text)
        out.append(text)
    return out


def timeline(
    table: pd.DataFrame,
    *,
    lane: str = "actor",
    color: str = "event_type",
    where: np.ndarray | None = None,
    x_range: tuple[object, object] | None = None,
    report_date: date | datetime | str | Sequence[date | datetime | str] | None = None,
    max_raw: int = RAW_LIMIT,
    title: str = "",
    caption: str = "",
) -> go.Figure:
    """The timeline of ``table``'s dated events.

    ``where``: a boolean row mask (a filter); pass the full table with it so the lane
    index built once per table is reused. ``x_range``: the visible window (a zoom or the
    date filter; either end may be None); at most ``max_raw`` visible events are drawn
    one by one, otherwise counts per lane per day/week/month/year are drawn. Undated events are not drawn.
    ``report_date``: one date or several (one per document), each drawn as a line.
    ``layout.meta`` tells which view was drawn (``mode``, ``visible``, ``bin``).
    """
    if lane not in LANES:
        raise BadValueError(f"lane must be one of {', '.join(LANES)}; got {lane!r}")
    if color not in COLORS:
        raise BadValueError(f"color must be one of {', '.join(COLORS)}; got {color!r}")
    if where is not None and len(where) != len(table):
        raise BadValueError(f"where has {len(where)} values for a table of {len(table)} rows")
    start = table["start"].to_numpy()
    end = table["end"].to_numpy()
    keep = ~np.isnat(start)
    if where is not None:
        keep &= np.asarray(where, dtype=bool)
    drawable = (start >= PLOTLY_YEARS[0]) & (end <= PLOTLY_YEARS[1])
    beyond = int((keep & ~drawable).sum())
    keep &= drawable
    lo = hi = None
    if x_range is not None:
        lo, hi = (_to_datetime64(v) for v in x_range)
        if lo is not None and hi is not None and hi < lo:
            lo, hi = hi, lo
        if lo is not None:
            keep &= end > lo
        if hi is not None:
            keep &= start < hi
    if x_range is not None and (lo is None) != (hi is None) and keep.any():
        # A window open on one side (a filter 'from' a date): its other edge is the data's.
        lo = lo if lo is not None else start[keep].min()
        hi = hi if hi is not None else end[keep].max()
    visible = int(keep.sum())
    index = lane_index(table, lane)
    entries = np.flatnonzero(keep[index.rows])
    if visible <= max_raw:
        fig = _raw(table, index, entries, color=color)
        mode, unit = "raw", ""
    else:
        fig, unit = _aggregate(table, index, entries, keep, lo=lo, hi=hi)
        mode = "aggregate"
    n_lanes = len(fig.layout.yaxis.categoryarray or ())
    if mode == "aggregate":
        note = f"{visible:,} events shown as counts per {unit}; zoom in or filter to see single events"
        caption = f"{caption} · {note}" if caption else note
    if beyond:
        note = f"{beyond:,} events dated outside the years -9999 to 9999 are not drawn (see the table)"
        caption = f"{caption} · {note}" if caption else note
    _layout(fig, n_lanes=n_lanes, title=title, caption=caption)
    if x_range is not None and lo is not None and hi is not None:
        fig.update_xaxes(range=[str(lo), str(hi)])
    if isinstance(report_date, (list, tuple, set)):
        reports = sorted({d for d in (_to_datetime64(v) for v in report_date) if d is not None})
    else:
        reports = [d for d in [_to_datetime64(report_date)] if d is not None]
    for n, report in enumerate(reports):
        # Several documents: a line for each, the label on the latest only (labels would overlap).
        last = n == len(reports) - 1
        fig.add_shape(
            type="line",
            x0=str(report),
            x1=str(report),
            yref="paper",
            y0=0,
            y1=1,
            line={"color": "#b22222", "width": 2 if last else 1, "dash": "dot"},
        )
        if last:
            fig.add_annotation(
                x=str(report),
                y=1,
                yref="paper",
                text="report date" if len(reports) == 1 else f"latest of {len(reports)} report dates",
                showarrow=False,
                yanchor="bottom",
                yshift=28 if fig.layout.xaxis.side == "top" else 0,  # above the dates, not on them
                font={"color": "#b22222", "size": 11},
            )
    fig.layout.meta = {
        "mode": mode,
        "visible": visible,
        "bin": unit,
        "lane": lane,
        "color": color,
        "beyond": beyond,
    }
    return fig


def _layout(fig: go.Figure, *, n_lanes: int, title: str, caption: str) -> None:
    # The caption (sources, filter) sits under the title so exports carry it; the legend
    # (colours, then the date-uncertainty key) on the right.
    subtitle = _wrap(_esc(caption)) if caption else ""
    top = 20 + (30 if title or caption else 0) + 16 * (subtitle.count("<br>") + 1 if caption else 0)
    # A chart taller than a screen has its dates on top, where reading starts (one page down,
    # the bottom axis was the only way to know when a cell was).
    dates_on_top = n_lanes > TALL_LANES
    top += 48 if dates_on_top else 0  # the tick labels, and the report-date label above them
    # Tall enough for the legend too (colours, then the date key): it scrolled inside a
    # six-lane chart of six event types.
    # A vertical legend may use the plot's height only (the range slider and the dates below
    # are not part of it): a colour takes ~28 px with its group gap, a date-key line ~20 px.
    shown = [t for t in fig.data if t.showlegend is not False and t.name and t.type != "heatmap"]
    keys = {t.name for t in shown if t.legendgroup == "key"}
    colours = {t.name for t in shown} - keys
    legend = 28 * len(colours) + (30 + 20 * len(keys) if keys else 0) + top + 110 if shown else 0
    fig.update_layout(
        barmode="overlay",
        height=max(360, legend, min(2400, 30 * n_lanes + 200 + top)),
        margin={"l": 10, "r": 10, "t": top, "b": 20},
        hovermode="closest",
        clickmode="event+select",
        legend={
            "orientation": "v",
            "yanchor": "top",
            "y": 1,
            "xanchor": "left",
            "x": 1.01,
            "tracegroupgap": 8,
            "font": {"size": 11},
        },
        hoverlabel={"align": "left"},
    )
    if title or caption:
        fig.update_layout(
            title={
                "text": _esc(title or "Conflict timeline"),
                "x": 0.01,
                "xanchor": "left",
                "y": 1,
                "yanchor": "top",
                "yref": "container",
                "pad": {"t": 10},
                "subtitle": {"text": subtitle, "font": {"size": 11, "color": "#555"}},
            }
        )
    fig.update_xaxes(
        type="date",
        rangeslider={"visible": True, "thickness": 0.06},
        side="top" if dates_on_top else "bottom",
    )
    if fig.layout.yaxis.range is None:
        fig.update_yaxes(autorange="reversed", type="category")
    else:  # a fixed range, already top lane first
        fig.update_yaxes(autorange=False, type="category")


def _wrap(text: str, width: int = 150) -> str:
    """Break a long caption into lines (Plotly does not wrap titles)."""
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def when(table: pd.DataFrame) -> pd.Series:
    """Each event's dates in words at their precision, with what qualifies them.

    ``2021-10 (month, approximate)``, ``2021-11-05``, ``2021-08-01 – 2022-03-11 (ongoing)``;
    ``undated`` when the event has no date. Indexed like ``table``.
    """
    start = table["start"].to_numpy()
    end = table["end"].to_numpy()
    dated = ~np.isnat(start)
    out = pd.Series("undated", index=table.index, dtype=object)
    if not dated.any():
        return out
    label = _date_label(start[dated], end[dated], table["precision"][dated]).to_numpy(dtype=object)
    notes = []
    for prec, approx, status in zip(
        table["precision"][dated], table["approximate"][dated], table["status"][dated], strict=True
    ):
        parts = [
            p for p in (prec if prec not in ("day", "unknown") else "", "approximate" if approx else "") if p
        ]
        if status != "occurred":
            parts.append(str(status))
        notes.append(f" ({', '.join(parts)})" if parts else "")
    out[dated] = label + np.asarray(notes, dtype=object)
    return out


def _date_label(start: np.ndarray, end: np.ndarray, precision: pd.Series) -> pd.Series:
    """The span in words at its precision: ``2021-10`` for a month, ``2021-11-05`` for a day."""
    s_day = pd.Series(np.datetime_as_string(start, unit="D"))
    last = pd.Series(np.datetime_as_string(end - np.timedelta64(1, "s"), unit="D"))
    label = s_day.where(s_day == last, s_day + " – " + last)
    month = pd.Series(np.datetime_as_string(start, unit="M"))
    year = pd.Series(np.datetime_as_string(start, unit="Y"))
    prec = precision.reset_index(drop=True)
    # A month or year by name only when the span is that calendar month or year: a
    # 'month-long' truce from 11 March, or an attack ongoing since August, shows its days.
    s_month, s_year = start.astype("datetime64[M]"), start.astype("datetime64[Y]")
    one_month = (s_month.astype("datetime64[s]") == start) & ((s_month + 1).astype("datetime64[s]") == end)
    one_year = (s_year.astype("datetime64[s]") == start) & ((s_year + 1).astype("datetime64[s]") == end)
    label = label.where(~((prec == "month") & one_month), month)
    label = label.where(~((prec == "year") & one_year), year)
    fine = pd.Series(np.datetime_as_string(start, unit="m"))
    return label.where(~prec.isin(["hour", "minute", "second"]), fine)


def _raw(table: pd.DataFrame, index: LaneIndex, entries: np.ndarray, *, color: str) -> go.Figure:
    rows = index.rows[entries]
    lane_codes, lane_labels = _fold_lanes(index, entries)
    once = _once_per_lane(rows, lane_codes, len(lane_labels))
    rows, lane_codes = rows[once], lane_codes[once]
    labels = np.array([_esc(x) for x in lane_labels], dtype=object)
    if len(rows) == 0:
        fig = go.Figure()
        fig.update_yaxes(categoryorder="array", categoryarray=list(labels))
        fig.add_annotation(
            text="No dated events to draw", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
        return fig
    sub = table.iloc[rows]
    start = sub["start"].to_numpy()
    end = sub["end"].to_numpy()
    dur_s = (end - start).astype("timedelta64[s]").astype(np.int64)
    precision = sub["precision"].reset_index(drop=True)
    status = sub["status"].reset_index(drop=True)
    approx = sub["approximate"].to_numpy(dtype=bool)
    group = sub[color].reset_index(drop=True).replace("", NO_VALUE)
    colors = _color_map(group.to_numpy(dtype=object))
    stated = _escape(_capped(sub["timex"], HOVER_CHARS)).reset_index(drop=True)
    date_label = _date_label(start, end, precision)
    date_text = date_label + " (" + precision + np.where(approx, ", approximate", "") + ")"
    date_text = np.where(stated != "", "“" + stated + "” → " + date_text, date_text)
    evidence = _escape(sub["evidence"].str.slice(0, EVIDENCE_CHARS)).reset_index(drop=True)
    evidence = evidence.str.replace(r"(.{60,80}?)\s", r"\1<br>", regex=True)
    actors = _escape(_capped(sub["actors"].map(_actor_text), HOVER_CHARS)).reset_index(drop=True)
    hover = (
        "<b>"
        + _escape(_capped(sub["title"], HOVER_CHARS)).reset_index(drop=True)
        + "</b><br>"
        + date_text
        + "<br>Actors: "
        + actors
        + "<br>Type: "
        + _escape(_capped(sub["event_type"], HOVER_CHARS)).reset_index(drop=True)
        + " · Status: "
        + status
        + "<br>Source: "
        + _escape(_capped(sub["source"], HOVER_CHARS)).reset_index(drop=True)
        + "<br><i>"
        + evidence
        + "</i>"
    ).to_numpy(dtype=object)
    ids = sub["event_id"].to_numpy(dtype=object)
    y = labels[lane_codes]
    iso_start = _iso(start)
    point = dur_s <= DAY_S
    slot, slots = _pack(lane_codes, start, end, ~point)
    hollow = status.isin(["planned", "negated"]).to_numpy()
    ongoing = (status == "ongoing").to_numpy()
    extent_s = int((end.max() - start.min()).astype("timedelta64[s]").astype(np.int64))
    tail_ms = max(DAY_S, int(extent_s * ONGOING_TAIL)) * 1000.0
    pattern = precision.map(PATTERNS).fillna("").to_numpy(dtype=object)
    # One trace per (colour, style) with scalar style properties. The traces are plain dicts
    # of values built and checked here, so the figure is made without Plotly's per-property
    # validation (4 ms a trace; the same JSON, see tests/test_figure.py).
    traces: list[dict] = []
    styles = pd.DataFrame(
        {"group": group, "pattern": pattern, "hollow": hollow, "approx": approx, "point": point}
    )
    shown: set[str] = set()
    for (name, shape, is_hollow, is_approx, is_point), idx in sorted(
        styles.groupby(["group", "pattern", "hollow", "approx", "point"], sort=True).indices.items()
    ):
        base_color = colors[name]
        label = _esc(str(name))
        common = {
            "name": label,
            "legendgroup": label,
            "showlegend": False,
            "y": y[idx],
            "customdata": ids[idx, None],
            "hovertext": hover[idx],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
        if label not in shown:
            shown.add(label)
            # A plain swatch per colour; the drawn traces carry styles that would mislead here.
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "x": [None],
                    "y": [None],
                    "name": label,
                    "legendgroup": label,
                    "customdata": [],
                    "marker": {"color": base_color},
                    "hoverinfo": "skip",
                }
            )
        opacity_value = APPROXIMATE_OPACITY if is_approx else 0.9
        if is_point:
            mid = start[idx] + (end[idx] - start[idx]) // 2
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": _iso(mid),
                    "marker": {
                        "color": base_color,
                        "size": 11,
                        # An ongoing point points on: it started and has not stopped.
                        "symbol": np.where(
                            ongoing[idx], "triangle-right", "diamond-open" if is_hollow else "diamond"
                        ),
                        "opacity": opacity_value,
                        "line": {"color": base_color, "width": 1.5},
                    },
                    **common,
                }
            )
        else:
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "base": iso_start[idx],
                    "width": LANE_BAND / slots[idx],
                    "offset": -LANE_BAND / 2 + slot[idx] * LANE_BAND / slots[idx],
                    "x": dur_s[idx] * 1000.0,
                    "marker": {
                        "color": _rgba(base_color, 0.12) if is_hollow else base_color,
                        "opacity": opacity_value,
                        "line": {"color": base_color, "width": 2.0 if is_hollow else 0.5},
                        # Light hatching on a filled bar, coloured hatching on a hollow one.
                        "pattern": {
                            "shape": shape,
                            "fgcolor": base_color if is_hollow else "rgba(255,255,255,0.85)",
                            # Plotly's default ("replace") drops the fill under a pattern:
                            # a hatched filled bar would look hollow, i.e. planned.
                            "fillmode": "replace" if is_hollow else "overlay",
                            "size": 7,
                            "solidity": 0.3,
                        },
                    },
                    **common,
                }
            )
            tail = idx[ongoing[idx]]
            if len(tail):
                # Still going at its end (the report date): a faded run-on past the end, in
                # the bar's own sub-row, so "ongoing" reads apart from "occurred".
                traces.append(
                    {
                        "type": "bar",
                        "orientation": "h",
                        "base": _iso(end[tail]),
                        "width": LANE_BAND / slots[tail],
                        "offset": -LANE_BAND / 2 + slot[tail] * LANE_BAND / slots[tail],
                        "x": np.full(len(tail), tail_ms),
                        "marker": {"color": base_color, "opacity": ONGOING_OPACITY, "line": {"width": 0}},
                        "name": label,
                        "legendgroup": label,
                        "showlegend": False,
                        "y": y[tail],
                        "customdata": ids[tail, None],
                        "hovertext": hover[tail],
                        "hovertemplate": "%{hovertext}<br>(ongoing at its end date)<extra></extra>",
                        "meta": "ongoing",
                    }
                )
    traces += _legend_key(
        precision=set(precision),
        approx=bool(approx.any()),
        hollow=bool(hollow.any()),
        ongoing=bool(ongoing.any()),
    )
    fig = go.Figure(data=traces, _validate=False)
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels))
    return fig


def _pack(
    lanes: np.ndarray, start: np.ndarray, end: np.ndarray, bars: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sub-row of each bar inside its lane so overlapping bars sit side by side, not on top.

    Greedy interval packing per lane over at most MAX_SUBROWS sub-rows (raw view only, at
    most ``max_raw`` events): a bar takes the first free sub-row, or else the one that frees
    up first. Returns each entry's sub-row and its lane's sub-row count.
    """
    slot = np.zeros(len(lanes), dtype=np.int64)
    starts = start.astype("datetime64[s]").astype(np.int64).tolist()
    ends_s = end.astype("datetime64[s]").astype(np.int64).tolist()
    lane_list = lanes.tolist()
    is_bar = bars.tolist()
    order = np.lexsort((start.astype("datetime64[s]").astype(np.int64), lanes)).tolist()
    current = None
    ends: list[int] = []
    slots = slot.tolist()
    for i in order:
        if not is_bar[i]:
            continue
        if lane_list[i] != current:
            current, ends = lane_list[i], []
        free = next((k for k, last in enumerate(ends) if last <= starts[i]), None)
        if free is None:
            if len(ends) < MAX_SUBROWS:
                ends.append(0)
                free = len(ends) - 1
            else:
                free = min(range(len(ends)), key=ends.__getitem__)
        ends[free] = max(ends[free], ends_s[i])
        slots[i] = free
    slot = np.asarray(slots, dtype=np.int64)
    per_lane = np.zeros(int(lanes.max()) + 1 if len(lanes) else 1, dtype=np.int64)
    np.maximum.at(per_lane, lanes, slot + 1)
    return slot, per_lane[lanes]


def _legend_key(*, precision: set[str], approx: bool, hollow: bool, ongoing: bool = False) -> list[dict]:
    """Legend entries explaining the uncertainty encoding, only for what is drawn."""
    keys: list[tuple[str, dict]] = []
    for prec, shape in PATTERNS.items():
        if prec in precision and all(shape != k[1].get("pattern", {}).get("shape") for k in keys):
            keys.append(
                (
                    f"{prec}-level date",
                    {
                        "color": "white",
                        "line": {"color": "#444", "width": 1},
                        "pattern": {"shape": shape, "fgcolor": "#444"},
                    },
                )
            )
    if approx:
        keys.append(("approximate (faded)", {"color": "#888", "opacity": APPROXIMATE_OPACITY}))
    if hollow:
        keys.append(("planned (hollow)", {"color": "rgba(0,0,0,0)", "line": {"color": "#444", "width": 2}}))
    if ongoing:
        keys.append(("ongoing (faded run-on, ▶)", {"color": "#888", "opacity": ONGOING_OPACITY}))
    return [
        {
            "type": "bar",
            "orientation": "h",
            "x": [None],
            "y": [None],
            "name": name,
            "marker": marker,
            "legendgroup": "key",
            "legendgrouptitle": {"text": "Dates"},
            "customdata": [],
            "hoverinfo": "skip",
        }
        for name, marker in keys
    ]


def _bin_unit(lo: np.datetime64, hi: np.datetime64) -> tuple[str, str, int]:
    span_days = max(1, int((hi - lo) / np.timedelta64(1, "D")))
    for unit in BIN_UNITS:
        if span_days / unit[2] <= MAX_BINS:
            return unit
    return BIN_UNITS[-1]


def _floor(values: np.ndarray, unit: tuple[str, str, int]) -> np.ndarray:
    """Bin start of each datetime64[s] value (weeks start on Monday)."""
    name, code, _ = unit
    if name == "week":
        days = values.astype("datetime64[D]")
        # 1970-01-01 was a Thursday: shift so Monday is 0.
        weekday = (days.astype(np.int64) + 3) % 7
        return (days - weekday.astype("timedelta64[D]")).astype("datetime64[s]")
    if name == "decade":
        years = values.astype("datetime64[Y]").astype(np.int64) + 1970
        return ((years // 10) * 10 - 1970).astype("datetime64[Y]").astype("datetime64[s]")
    return values.astype(f"datetime64[{code}]").astype("datetime64[s]")


def _next(values: np.ndarray, unit: tuple[str, str, int]) -> np.ndarray:
    name, code, _ = unit
    if name == "week":
        return values + np.timedelta64(7 * DAY_S, "s")
    if name == "decade":
        return (values.astype("datetime64[Y]") + np.timedelta64(10, "Y")).astype("datetime64[s]")
    return (values.astype(f"datetime64[{code}]") + np.timedelta64(1, code)).astype("datetime64[s]")


def _aggregate(
    table: pd.DataFrame,
    index: LaneIndex,
    entries: np.ndarray,
    keep: np.ndarray,
    *,
    lo: np.datetime64 | None,
    hi: np.datetime64 | None,
) -> tuple[go.Figure, str]:
    start = table["start"].to_numpy()
    end = table["end"].to_numpy()
    if lo is None:
        lo = start[keep].min()
    if hi is None:
        hi = end[keep].max()
    unit = _bin_unit(lo, hi)
    first = _floor(np.array([lo], dtype="datetime64[s]"), unit)[0]
    edges = [first]
    while edges[-1] < hi and len(edges) <= MAX_BINS + 2:
        edges.append(_next(np.array([edges[-1]]), unit)[0])
    edges_np = np.array(edges, dtype="datetime64[s]")
    n_bins = len(edges_np) - 1
    rows = index.rows[entries]
    lane_codes, lane_labels = _fold_lanes(index, entries)
    once = _once_per_lane(rows, lane_codes, len(lane_labels))
    if len(once) < len(rows):
        rows, lane_codes = rows[once], lane_codes[once]
    # An event counts in the bin of its start, clipped into the visible window.
    ev_start = np.maximum(start[rows], first)
    bins = np.clip(np.searchsorted(edges_np, ev_start, side="right") - 1, 0, max(n_bins - 1, 0))
    n_lanes = len(lane_labels)
    grid = np.bincount(lane_codes * n_bins + bins, minlength=n_lanes * n_bins).reshape(n_lanes, n_bins)
    # Colour by log10(count) from a visible light blue, so lanes with a few events still
    # show next to busy ones; the hover and the colour bar give the real counts.
    z = np.where(grid > 0, np.log10(np.maximum(grid, 1)), np.nan)
    top = max(1.0, float(np.nanmax(z)) if np.isfinite(z).any() else 1.0)
    ticks = [float(t) for t in range(int(top) + 1)]
    labels = [_esc(x) for x in lane_labels]
    fig = go.Figure(
        go.Heatmap(
            x=_iso(edges_np),
            y=labels,
            z=z,
            text=grid,
            zmin=0,
            zmax=top,
            colorscale=[[0.0, "#9ecae1"], [0.5, "#3182bd"], [1.0, "#08306b"]],
            xgap=1 if n_bins <= 120 else 0,  # a gap would hide thin cells
            ygap=2,
            colorbar={
                "title": {"text": "events"},
                "thickness": 12,
                "tickvals": ticks,
                "ticktext": [f"{10 ** int(t):,}" for t in ticks],
            },
            hoverinfo="skip",
            name=f"events per {unit[0]}",
        )
    )
    # Heatmaps cannot be clicked or box-selected: an invisible marker on each non-empty
    # cell carries its hover and, in custom_data, the cell's period (ISO start and end) so a
    # click or a box selection can zoom to it. Cells are at most MAX_LANES x MAX_BINS.
    lane_idx, bin_idx = np.nonzero(grid)
    mid = edges_np[bin_idx] + (edges_np[bin_idx + 1] - edges_np[bin_idx]) // 2
    bounds = np.datetime_as_string(edges_np, unit="D")
    # The hover names the cell's last day (its period's end is exclusive: 'to 2019-12-01'
    # read as if it held the 1st of December).
    first = bounds[bin_idx]
    last = np.datetime_as_string(edges_np[bin_idx + 1] - np.timedelta64(1, "s"), unit="D")
    counts = grid[lane_idx, bin_idx]
    period = np.where(
        first == last, first, np.char.add(np.char.add(first.astype(str), " – "), last.astype(str))
    )
    hover = [f"{p}: {int(n):,} event{'s' if n != 1 else ''}" for p, n in zip(period, counts, strict=True)]
    fig.add_trace(
        go.Scatter(
            x=_iso(mid),
            y=np.asarray(labels, dtype=object)[lane_idx],
            mode="markers",
            marker={"size": 10, "opacity": 0, "color": "#08306b"},
            customdata=np.stack([bounds[bin_idx], bounds[bin_idx + 1]], axis=1),
            text=counts,
            hovertext=hover,
            hovertemplate="%{y}<br>%{hovertext}<br>click or box-select to zoom in<extra></extra>",
            showlegend=False,
            name="cells",
            _validate=False,
        )
    )
    # The invisible markers would pad the autorange by empty lane heights above and below.
    fig.update_yaxes(categoryorder="array", categoryarray=labels, range=[len(labels) - 0.5, -0.5])
    return fig, unit[0]
