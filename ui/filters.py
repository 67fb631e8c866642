"""Sidebar filters and view choices, kept in the URL so a view can be shared and reopened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from events import filters as F
from events.actors import canonical_actor
from events.errors import TimelineError
from events.figure import COLORS, LANES
from events.schema import PRECISIONS, STATUSES
from ui import state
from ui.text import md

LANE_LABELS = {
    "actor": "Actor",
    "event_type": "Event type",
    "location": "Location",
    "country": "Country",
    "source": "Source",
}
COLOR_LABELS = {"event_type": "Event type", "status": "Status", "source": "Source", "precision": "Precision"}
VIEW_KEYS = ("lane", "color")
SLIDER_RANGE = (date(1685, 1, 1), date(2255, 1, 1))
"""Dates Streamlit's slider can hold (microseconds since 1970 in a JavaScript number)."""


@dataclass(frozen=True)
class View:
    flt: F.Filter
    lane: str
    color: str


def _url_view() -> tuple[F.Filter, dict[str, str]]:
    """The view in the link; a bare link reopens the view kept with the workspace."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if not params:
        params = {k: list(v) for k, v in state.workspace().view.items()}
    try:
        flt = F.Filter.from_query_params(params)
    except TimelineError as err:
        # Shown now (a flash would wait for the next click and then appear out of context).
        st.warning(md(f"Part of the link was not understood and was ignored: {err}"))
        flt = F.Filter()
    extra = {k: params[k][0] for k in VIEW_KEYS if params.get(k)}
    return flt, extra


def _multi(label: str, key: str, options: list[str], initial: tuple[str, ...], **kwargs) -> tuple[str, ...]:
    """A keyed multiselect whose value survives reruns and is pruned when its options change."""
    if key in st.session_state:
        kept = [v for v in st.session_state[key] if v in options]
        if kept != st.session_state[key]:
            st.session_state[key] = kept
    else:
        st.session_state[key] = [v for v in initial if v in options]
    return tuple(st.multiselect(label, options, key=key, **kwargs))


def _values(table: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct values of ``column``, computed once per table (1M rows: ~50 ms each)."""
    # Keyed by the workspace version: the table changes exactly when the version does.
    version = (st.session_state.get(state.VERSION, 0), len(table))
    cache = st.session_state.get("options_cache")
    if cache is None or cache[0] != version:
        cache = (version, {})
        st.session_state["options_cache"] = cache
    if column not in cache[1]:
        uniques = pd.unique(table[column])
        cache[1][column] = sorted({F.NO_VALUE if v == "" else str(v) for v in uniques})
    return cache[1][column]


def clear_filters() -> None:
    """Drop every filter (a bare link reopens the last view, so a way back to all events)."""
    for key in [k for k in st.session_state if str(k).startswith("f_") and k != "f_clear"]:
        del st.session_state[key]
    st.session_state["actor_search"] = ""
    _, extra = st.session_state.get("url_read", (None, {}))
    st.session_state["url_read"] = (F.Filter(), extra)
    st.session_state.pop("chart", None)  # a selection made under the old filter


def sidebar(table: pd.DataFrame) -> View:
    """Draw the filter widgets and return the view they describe (also written to the URL)."""
    if "url_read" not in st.session_state:
        st.session_state["url_read"] = _url_view()
    url_flt, url_extra = st.session_state["url_read"]
    st.header("Filters")
    st.button(
        "Clear the filters",
        key="f_clear",
        on_click=clear_filters,
        help="Show every event again (the lanes and colours stay).",
    )
    counts = F.counts(table, "actor") if len(table) else pd.Series(dtype="int64")
    search = st.text_input(
        "Find an actor (any alias)", key="actor_search", placeholder="e.g. TTP, Pakistani Taliban"
    )
    actor_options = [str(a) for a in counts.index if a != F.NO_VALUE]
    if search.strip():
        found = set(F.search_actors(table, search))
        chosen = set(st.session_state.get("f_actors", []))
        actor_options = [a for a in actor_options if a in found or a in chosen]
    actors = _multi(
        "Actors",
        "f_actors",
        actor_options,
        tuple(canonical_actor(a) for a in url_flt.actors),
        format_func=lambda a: f"{a} ({int(counts.get(a, 0))})",
    )
    types = _multi("Event type", "f_types", _values(table, "event_type"), url_flt.event_types)
    present_status = set(_values(table, "status"))
    present_precision = set(_values(table, "precision"))
    statuses = _multi("Status", "f_status", [s for s in STATUSES if s in present_status], url_flt.statuses)
    precisions = _multi(
        "Date precision",
        "f_precision",
        [p for p in PRECISIONS if p in present_precision],
        url_flt.precisions,
        help="Leave out year-level events, for example.",
    )
    countries = _multi("Country", "f_country", _values(table, "country"), url_flt.countries)
    sources = _multi("Source", "f_source", _values(table, "source"), url_flt.sources)
    if "f_text" not in st.session_state:
        st.session_state["f_text"] = url_flt.text
    text = st.text_input("Search titles and evidence", key="f_text")
    with st.expander("More filters"):
        kinds = _multi(
            "Actor kind", "f_kinds", F.actor_kinds(table) if len(table) else [], url_flt.actor_kinds
        )
        sub_types = _multi(
            "Sub-event type", "f_subtypes", _values(table, "sub_event_type"), url_flt.sub_event_types
        )
        locations = _multi("Location", "f_location", _values(table, "location"), url_flt.locations)
    date_from, date_to = _date_range(table, url_flt)
    st.header("View")
    lane = _choice("Lanes", "v_lane", LANES, LANE_LABELS, url_extra.get("lane", "actor"))
    color = _choice("Colour", "v_color", COLORS, COLOR_LABELS, url_extra.get("color", "event_type"))
    flt = F.Filter(
        actors=actors,
        actor_kinds=kinds,
        event_types=types,
        sub_event_types=sub_types,
        countries=countries,
        locations=locations,
        statuses=statuses,
        precisions=precisions,
        sources=sources,
        date_from=date_from,
        date_to=date_to,
        text=text or "",
    )
    view = View(flt, lane, color)
    _write_url(view)
    return view


def _choice(label: str, key: str, options: tuple[str, ...], labels: dict[str, str], initial: str) -> str:
    if key not in st.session_state:
        st.session_state[key] = initial if initial in options else options[0]
    return st.selectbox(label, options, key=key, format_func=lambda v: labels.get(v, v))


def _date_range(table: pd.DataFrame, url_flt: F.Filter) -> tuple[date | None, date | None]:
    bounds = F.date_bounds(table) if len(table) else None
    if bounds is None:
        return None, None
    lo, hi = bounds
    if lo >= hi:
        return None, None
    # Streamlit's date slider cannot hold dates far from 1970 (it raised on a 6th-century
    # event); a wider span gets a date-range picker instead.
    wide = lo < SLIDER_RANGE[0] or hi > SLIDER_RANGE[1]
    key = "f_dates_wide" if wide else "f_dates"
    value = st.session_state.get(key)
    if value is None or len(value) != 2 or not (lo <= value[0] <= hi and lo <= value[1] <= hi):
        start = max(lo, url_flt.date_from) if url_flt.date_from else lo
        end = min(hi, url_flt.date_to - timedelta(days=1)) if url_flt.date_to else hi
        st.session_state[key] = (min(start, hi), max(min(end, hi), min(start, hi)))
    if wide:
        picked = st.date_input("Dates", min_value=lo, max_value=hi, key=key, format="YYYY-MM-DD")
        if len(picked) != 2:
            return None, None  # the second end is still being picked
    else:
        picked = st.slider("Dates", min_value=lo, max_value=hi, key=key, format="YYYY-MM-DD")
    if tuple(picked) == (lo, hi):
        return None, None  # the whole range: do not hide undated events
    return picked[0], picked[1] + timedelta(days=1)


def _write_url(view: View) -> None:
    params = view.flt.to_query_params()
    if view.lane != "actor":
        params["lane"] = [view.lane]
    if view.color != "event_type":
        params["color"] = [view.color]
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)
    ws = state.workspace()
    if ws.view != params:
        ws.view = params
        state.save()
