"""Main area: the chart, the selected events' details, the undated list, the editor, downloads."""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from events import edits as E
from events import export
from events import filters as F
from events import workspace as W
from events.errors import TimelineError
from events.figure import timeline, when
from events.merge import SEPARATOR
from events.schema import PRECISIONS, STATUSES
from events.textsafe import esc_html
from ui import state
from ui.filters import View
from ui.text import md

CHART_KEY = "chart"
ZOOM_KEY = "zoom"
EDITOR_ROWS = 5_000
DETAIL_LIMIT = 20
UNDATED_LIMIT = 200


def shown_sources(shown: pd.DataFrame) -> list[str]:
    """The workspace's sources with an event in view, in the order they were added."""
    present: set[str] = set()
    for value in pd.unique(shown["source"]):
        present.update(str(value).split(SEPARATOR))  # a merged event names every source
    return [s.name for s in state.workspace().sources if s.name in present]


def caption(view: View, shown: pd.DataFrame, total: int) -> str:
    """Sources, filter and counts, carried by the chart and every export."""
    # Only the sources in view: a chart of two articles must not cite the datasets filtered out.
    names = ", ".join(shown_sources(shown)) or "none"
    return f"Sources: {names} · Filter: {view.flt.describe()} · {len(shown):,} of {total:,} events"


def zoom_note(zoom: tuple[str, str] | None) -> str:
    """Said in the chart's caption: its counts are the filter's, its window is the zoom's."""
    if zoom is None:
        return ""
    return f" · chart zoomed to {str(zoom[0])[:10]} – {str(zoom[1])[:10]}"


def report_date(shown: pd.DataFrame) -> list:
    """The report dates of the sources in view (a line each on the chart)."""
    names = set(shown_sources(shown))
    return sorted({s.report_date for s in state.workspace().sources if s.report_date and s.name in names})


def chart(
    table: pd.DataFrame, where: np.ndarray, shown: pd.DataFrame, view: View
) -> tuple[go.Figure, list[str]]:
    """Draw the chart; return it and the event ids selected on it."""
    zoom = st.session_state.get(ZOOM_KEY)
    fig = timeline(
        table,
        where=where,
        lane=view.lane,
        color=view.color,
        # The date filter frames the chart: a long event overlapping it must not stretch the axis.
        x_range=zoom or view.flt.window(),
        report_date=report_date(shown),
        caption=caption(view, shown, len(table)) + zoom_note(zoom),
    )
    meta = fig.layout.meta
    if meta["mode"] == "aggregate":
        st.info(
            f"{meta['visible']:,} events: showing counts per {meta['bin']}. Click a cell or box-select "
            "a period to zoom in; narrow the dates or filter to see single events."
        )
    if zoom is not None:
        st.button(
            "Show the whole period",
            key="zoom_reset",
            on_click=lambda: st.session_state.pop(ZOOM_KEY, None),
            help="The chart is zoomed; the table and exports below hold every filtered event.",
        )
    event = st.plotly_chart(
        fig,
        key=CHART_KEY,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        config={"displaylogo": False},
    )
    selection = _selection(event)
    points = [p for p in selection.get("points", []) if isinstance(p, dict) and p.get("customdata")]
    if meta["mode"] == "aggregate":
        # A clicked or box-selected cell carries its period: zoom to the cells chosen.
        periods = [p["customdata"] for p in points if len(p["customdata"]) == 2]
        boxes = selection.get("box") or []
        if periods:
            window = (min(str(p[0]) for p in periods), max(str(p[1]) for p in periods))
        elif boxes and len(boxes[0].get("x") or []) == 2 and all(boxes[0]["x"]):
            window = (str(min(boxes[0]["x"])), str(max(boxes[0]["x"])))
        else:
            window = None
        if window is not None:
            st.session_state[ZOOM_KEY] = window
            st.session_state.pop(CHART_KEY, None)
            st.rerun()
        return fig, []
    ids = [str(p["customdata"][0]) for p in points]
    return fig, list(dict.fromkeys(ids))


def _selection(event) -> dict:
    if event is None:
        return {}
    sel = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    if sel is None:
        return {}
    return dict(sel) if not isinstance(sel, dict) else sel


def _highlight(evidence: str, timex: str, offset: int | None) -> str:
    """Evidence as HTML: escaped first, then the temporal expression wrapped in <mark>."""
    if not evidence:
        return ""
    if (
        timex
        and offset is not None
        and 0 <= offset <= len(evidence) - len(timex)
        and evidence[offset : offset + len(timex)] == timex
    ):
        before, hit, after = (
            evidence[:offset],
            evidence[offset : offset + len(timex)],
            evidence[offset + len(timex) :],
        )
        return f"{esc_html(before)}<mark>{esc_html(hit)}</mark>{esc_html(after)}"
    escaped = esc_html(evidence)
    if timex and esc_html(timex) in escaped:
        mark = esc_html(timex)
        return escaped.replace(mark, f"<mark>{mark}</mark>", 1)
    return escaped


def details(table: pd.DataFrame, ids: list[str]) -> None:
    chosen = table[table["event_id"].isin(ids)]
    if chosen.empty:
        st.caption("Click a bar or marker (or box-select several) to see the events' details here.")
        return
    st.subheader(f"{len(chosen)} selected event(s)")
    # The actions first: with several events selected their details ran over screens and
    # the buttons came last.
    cols = st.columns(2)
    merge = len(chosen) >= 2 and cols[0].button(
        f"Merge these {len(chosen)} events",
        key="merge",
        help="One event that keeps every source and evidence sentence; 'Undo the last edit' splits them.",
    )
    if merge and state.add_edits([E.merge(list(chosen["event_id"]))]):
        st.session_state.pop(CHART_KEY, None)
        st.rerun()
    remove = cols[1].button(f"Delete {len(chosen)} selected event(s)", key="delete_selected")
    if remove and state.add_edits([E.delete(i) for i in chosen["event_id"]]):
        st.session_state.pop(CHART_KEY, None)
        st.rerun()
    first = chosen.head(DETAIL_LIMIT)
    several = len(chosen) > 1
    for row, dates in zip(first.to_dict(orient="records"), when(first), strict=True):
        if several:
            # One line each (title, dates, source); every field one click away.
            label = f"{row['title'] or '(untitled)'} — {dates} — {row['source']}"
            with st.expander(md(label)):
                _event_html(row, dates)
        else:
            _event_html(row, dates)
    if len(chosen) > DETAIL_LIMIT:
        st.caption(f"… and {len(chosen) - DETAIL_LIMIT} more (narrow the selection).")
    if not several:
        _quick_edit(chosen.iloc[0])


def _event_html(row: dict, dates: str) -> None:
    """One event: title, dates in words, evidence with its time expression marked, every field."""
    offset = None
    if not pd.isna(row["timex_start"]) and not pd.isna(row["char_start"]):
        offset = int(row["timex_start"]) - int(row["char_start"])
    shown = {k: _show(v) for k, v in row.items() if k not in ("evidence", "title")}
    # Every field, in a two-pair grid so one event fits a laptop screen; empty ones on one line.
    fields = "".join(f"<b>{esc_html(k)}</b><span>{esc_html(v)}</span>" for k, v in shown.items() if v)
    empty = ", ".join(esc_html(k) for k, v in shown.items() if not v)
    st.html(
        f"<div class='event-details'><h4>{esc_html(row['title'] or '(untitled)')}"
        f"{' <small>(edited)</small>' if row['edited'] else ''}</h4>"
        f"<p class='when'><b>{esc_html(dates)}</b> · {esc_html(row['source'])}</p>"
        f"<p class='evidence'>{_highlight(row['evidence'], row['timex'], offset)}</p>"
        "<div style='display:grid;grid-template-columns:max-content 1fr max-content 1fr;"
        f"gap:0.15em 1em;font-size:0.85em'>{fields}</div>"
        + (f"<p style='font-size:0.8em;color:#666'>No value: {empty}</p>" if empty else "")
        + "</div>"
    )


def _quick_edit(row: pd.Series) -> None:
    """A small form to correct the selected event (the table below edits any field)."""
    eid = row["event_id"]
    with st.form(f"quick_{eid}", border=True):
        st.caption("Correct this event")
        cols = st.columns([3, 2])
        title = cols[0].text_input("Title", value=row["title"], key=f"qe_title_{eid}")
        event_type = cols[1].text_input("Event type", value=row["event_type"], key=f"qe_type_{eid}")
        cols = st.columns(4)
        start = cols[0].text_input(
            "Start", value=_date_text(row["start"]), key=f"qe_start_{eid}", help="e.g. 2021-11-05"
        )
        # Analysts think in last days ('5 Nov' is a one-day event); the table's end is the
        # first moment after. An end with a time of day is shown and edited as it is.
        by_day = len(_date_text(row["end"])) <= 10
        shown_end = _last_day(row["end"]) if by_day else _date_text(row["end"])
        end = cols[1].text_input(
            "Last day" if by_day else "End (exclusive)",
            value=shown_end,
            key=f"qe_end_{eid}",
            help="The event's last day: a one-day event on 5 Nov ends 2021-11-05. Empty with a new "
            "start: one unit of the precision."
            if by_day
            else "The first moment after the event.",
        )
        precision = cols[2].selectbox(
            "Precision", PRECISIONS, index=PRECISIONS.index(row["precision"]), key=f"qe_precision_{eid}"
        )
        status = cols[3].selectbox(
            "Status", STATUSES, index=STATUSES.index(row["status"]), key=f"qe_status_{eid}"
        )
        actors = st.text_input("Actors (;)", value="; ".join(row["actors"]), key=f"qe_actors_{eid}")
        if st.form_submit_button("Save correction"):
            values = {"title": title, "event_type": event_type, "status": status, "precision": precision}
            values["actors"] = actors
            # Only dates the analyst changed: re-sending a shown date would drop its seconds.
            if start.strip() != _date_text(row["start"]):
                values["start"] = start.strip()
            if end.strip() != shown_end:
                values["end"] = _day_after(end.strip()) if by_day else end.strip()
            if values.get("start") and not end.strip() and pd.isna(row["end"]):
                # An undated event given a start alone lasts one unit of its precision.
                with contextlib.suppress(ValueError):  # not a date: E.update says so
                    values["end"] = E.span_end(values["start"], precision)
            try:
                edit = E.update(eid, **values)
            except TimelineError as err:
                st.error(md(f"Correction not saved: {err}"))
                return
            state.add_edits([edit])  # a refused edit is reported at the top of the next run
            st.rerun()


def _last_day(end) -> str:
    """The last day of a span ending (exclusive) at midnight ``end``, as ISO text ('' for none)."""
    if end is None or pd.isna(end):
        return ""
    return str(np.datetime64(end, "s") - np.timedelta64(1, "D"))[:-9]


def _day_after(text: str) -> str:
    """An exclusive end from a last day typed as a date ('2021-11-05' -> '2021-11-06')."""
    if re.fullmatch(r"-?\d{4,}-\d\d-\d\d", text):
        try:
            return str(np.datetime64(text, "D") + np.timedelta64(1, "D"))
        except ValueError:
            return text  # E.update names the bad date
    return text


def _date_text(value) -> str:
    """A table date as short ISO text: the day alone at midnight, else to the second."""
    if value is None or pd.isna(value):
        return ""
    text = pd.Timestamp(value).isoformat()  # zero-padded years, unlike strftime
    return text[:10] if text.endswith("T00:00:00") else text


def _show(value) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(map(str, value))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def undated(table: pd.DataFrame, *, wide: bool = False) -> None:
    """The undated events as a wrapped list (a narrow table column cut every title short).

    ``wide``: across the page in three columns (nothing is selected, so the row is free).
    """
    rows = table[table["start"].isna()]
    st.subheader(f"Undated ({len(rows)})")
    if rows.empty:
        st.caption("Every shown event has a date.")
        return
    st.caption("Stated without a date; not on the timeline. Give one a date in the Events table.")
    items = "".join(
        f"<li title='{esc_html(evidence[:300])}' style='break-inside:avoid'>{esc_html(title or '(untitled)')}"
        f"<br><small style='color:#666'>{esc_html(source)}</small></li>"
        for title, source, evidence in zip(
            rows["title"].head(UNDATED_LIMIT),
            rows["source"].head(UNDATED_LIMIT),
            rows["evidence"].head(UNDATED_LIMIT),
            strict=True,
        )
    )
    st.html(
        "<div class='undated' style='max-height:420px;overflow-y:auto;font-size:0.85em'>"
        f"<ul style='padding-left:1.1em;margin:0{';column-count:3;column-gap:2em' if wide else ''}'>"
        f"{items}</ul></div>"
    )
    if len(rows) > UNDATED_LIMIT:
        st.caption(f"… and {len(rows) - UNDATED_LIMIT:,} more in the Events table.")


def date_format(frame: pd.DataFrame) -> str:
    """The table's date format: days alone unless a shown date has a time of day ('00:00' was noise)."""
    for column in ("start", "end"):
        values = frame[column].to_numpy(dtype="datetime64[s]")
        values = values[~np.isnat(values)]
        if (values.astype("int64") % 86_400).any():
            return "YYYY-MM-DD HH:mm"
    return "YYYY-MM-DD"


def editor(shown: pd.DataFrame, view: View) -> None:
    st.subheader("Events")
    st.caption(
        "Edit cells to correct an event; add a row for a manual event; select rows and press "
        "delete to remove. Corrections are marked 'edited' and kept across reloads."
    )
    frame = E.editor_frame(shown.head(EDITOR_ROWS))
    # The dates in words beside the editable ones (whose end is exclusive): read-only.
    frame.insert(2, "when", when(shown.head(EDITOR_ROWS)).to_numpy())
    if len(shown) > EDITOR_ROWS:
        st.caption(f"Showing the first {EDITOR_ROWS:,} of {len(shown):,} events; filter to reach others.")
    key = f"editor_{st.session_state.get('editor_n', 0)}"
    st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        height=360,
        disabled=["event_id", "when", "source", "edited"],
        column_config={
            "precision": st.column_config.SelectboxColumn(options=list(PRECISIONS)),
            "status": st.column_config.SelectboxColumn(options=list(STATUSES)),
            "start": st.column_config.DatetimeColumn(format=date_format(frame)),
            "end": st.column_config.DatetimeColumn(
                format=date_format(frame), help="Exclusive: the first moment after the event."
            ),
            "actors": st.column_config.TextColumn(help="Separate actors with ';'. Aliases are folded."),
        },
    )
    # Read the editor's changes here (not in a callback) so seeded state in tests takes the same path.
    changes = st.session_state.get(key) or {}
    added = changes.get("added_rows") or []
    untitled = added and not any(str(row.get("title") or "").strip() for row in added)
    if untitled and not changes.get("edited_rows") and not changes.get("deleted_rows"):
        # A new row is kept in the editor while it is being typed (it vanished when its
        # first cell was a date): it joins the timeline once it has a title.
        st.caption("The new row joins the timeline once it has a title.")
        return
    if any(changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        salt = str(len(state.workspace().edits))
        try:
            new = E.editor_edits(frame, changes, salt=salt)
        except TimelineError as err:
            state.flash("error", f"Edit not applied: {err}")
            new = []
        if state.add_edits(new):
            say_if_hidden([e.event_ids[0] for e in new if e.op == "add"], view)
        # A fresh editor: its old deltas refer to rows that have now moved.
        st.session_state["editor_n"] = st.session_state.get("editor_n", 0) + 1
        st.rerun()


def say_if_hidden(ids: list[str], view: View) -> None:
    """Warn when events just added are hidden by the filter (they seemed not to be added)."""
    if not ids or view.flt.is_empty():
        return
    table = state.table()
    hidden = int((table["event_id"].isin(ids) & ~F.mask(table, view.flt)).sum())
    if hidden:
        state.flash(
            "warning",
            f"The current filter ({view.flt.describe()}) hides {hidden} event(s) just added; "
            "clear it in the sidebar to see them.",
        )


def add_form(view: View) -> None:
    """A form for a manual event (a report the tool did not read, a date from a phone call)."""
    with st.expander("Add an event"), st.form("add_event", clear_on_submit=True, border=False):
        cols = st.columns([3, 2])
        title = cols[0].text_input("Title", key="add_title")
        event_type = cols[1].text_input("Event type", key="add_type")
        cols = st.columns(4)
        start = cols[0].text_input("Start", key="add_start", placeholder="2021-11-05", help="Empty: undated.")
        end = cols[1].text_input(
            "Last day (optional)",
            key="add_end",
            help="Empty: one unit of the precision from the start (a day, a month...).",
        )
        precision = cols[2].selectbox(
            "Precision", PRECISIONS, index=PRECISIONS.index("day"), key="add_precision"
        )
        status = cols[3].selectbox("Status", STATUSES, key="add_status")
        cols = st.columns([3, 2, 2])
        actors = cols[0].text_input("Actors (;)", key="add_actors")
        location = cols[1].text_input("Location", key="add_location")
        country = cols[2].text_input("Country", key="add_country")
        notes = st.text_input("Notes (where this comes from)", key="add_notes")
        if not st.form_submit_button("Add the event"):
            return
        values = {
            "title": title,
            "event_type": event_type,
            "start": start.strip(),
            "end": _day_after(end.strip()),
            "precision": precision if start.strip() else "unknown",
            "status": status,
            "actors": actors,
            "location": location,
            "country": country,
            "notes": notes,
        }
        try:
            edit = E.add(
                salt=str(len(state.workspace().edits)), **{k: v for k, v in values.items() if v != ""}
            )
        except TimelineError as err:
            st.error(md(f"Event not added: {err}"))
            return
        if state.add_edits([edit]):
            state.flash("success", f"Added the event '{title}' (source: {E.ANALYST_SOURCE}).")
            say_if_hidden(list(edit.event_ids), view)
        st.rerun()


def downloads(table: pd.DataFrame, shown: pd.DataFrame, fig: go.Figure, view: View) -> None:
    st.subheader("Export")
    text = caption(view, shown, len(table))
    st.caption(f"Exports hold what the filters show. {md(text)}")
    stamp = "timeline"
    cols = st.columns(4)
    cols[0].download_button(
        "Chart (HTML)",
        data=lambda: export.chart_html(fig),
        file_name=f"{stamp}.html",
        mime=export.MIME["html"],
        on_click="ignore",
        key="dl_html",
    )
    browser = export.chromium_path()
    for n, fmt in enumerate(export.IMAGE_FORMATS, start=1):
        cols[n].download_button(
            f"Chart ({fmt.upper()})",
            data=_image(fig, fmt),
            file_name=f"{stamp}.{fmt}",
            mime=export.MIME[fmt],
            on_click="ignore",
            key=f"dl_{fmt}",
            disabled=browser is None,
            help=None if browser else "Image export needs Chromium (Debian: apt-get install chromium).",
        )
    cols = st.columns(5)
    for n, (fmt, label, ext) in enumerate(
        (
            ("csv", "Table (CSV)", "csv"),
            ("xlsx", "Table (Excel)", "xlsx"),
            ("json", "Table (JSON)", "json"),
            ("timelinejs", "TimelineJS (JSON)", "timelinejs.json"),
            ("parquet", "Table (Parquet)", "parquet"),
        )
    ):
        cols[n].download_button(
            label,
            data=_table(shown, fmt, text),
            file_name=f"{stamp}.{ext}",
            mime=export.MIME[fmt],
            on_click="ignore",
            key=f"dl_{fmt}",
        )


class ChartExportError(RuntimeError):
    """A chart image could not be drawn; raised inside a deferred download, so none is served."""


def _image(fig: go.Figure, fmt: str):
    def build() -> bytes:
        try:
            return export.chart_image(fig, fmt)
        except TimelineError as err:
            # Raising (not returning the message) means no file is served: the browser shows
            # the failure under the button instead of saving error text as chart.png.
            raise ChartExportError(str(err)) from None

    return build


class QuietExportFailures(logging.Filter):
    """Log a failed chart export as one line: it is a user-facing condition, not a bug."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ChartExportError):
            record.msg, record.args = "Chart export failed: %s", (str(record.exc_info[1]),)
            record.exc_info = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_export_failures() -> None:
    """Install :class:`QuietExportFailures` on the logger that reports deferred downloads."""
    logger = logging.getLogger("streamlit.runtime.backend_operation_handler")
    if not any(isinstance(f, QuietExportFailures) for f in logger.filters):
        logger.addFilter(QuietExportFailures())


def _table(shown: pd.DataFrame, fmt: str, text: str):
    return lambda: export.table_bytes(shown, fmt, caption=text, title="Conflict timeline")


def _open_workspace() -> None:
    upload = st.session_state.get("ws_open")
    if upload is None:
        return
    try:
        ws = W.from_bytes(upload.getvalue())
    except TimelineError as err:
        state.flash("error", f"{upload.name}: {err}")
        return
    kept = _switch_to(ws)
    state.flash(
        "success",
        f"Opened a workspace with {len(ws.sources)} source(s) and {len(ws.edits)} edit(s). {kept}".strip(),
    )
    for note in ws.notes:  # a damaged row left out; the rest opened
        state.flash("warning", f"{upload.name}: {note}.")


def _switch_to(ws: W.Workspace) -> str:
    """Show ``ws`` with its own saved view; the workspace it replaces is kept (see state.replace)."""
    for key in [k for k in st.session_state if str(k).startswith(("f_", "v_", "map_"))]:
        del st.session_state[key]
    st.session_state.pop(CHART_KEY, None)
    st.session_state.pop(ZOOM_KEY, None)
    params = W.view_params(ws.view)
    st.session_state["url_read"] = (
        _filter_from(params),
        {k: v[0] for k, v in params.items() if k in ("lane", "color") and v},
    )
    return state.replace(ws)


def _go_back() -> None:
    previous = state.previous()
    if previous is None:
        return
    _switch_to(previous)  # the workspace left is kept in turn, so "Go back" undoes itself
    state.flash(
        "success",
        f"Back to the previous workspace: {len(previous.sources)} source(s), {len(previous.edits)} edit(s).",
    )


def _filter_from(params: dict[str, list[str]]) -> F.Filter:
    try:
        return F.Filter.from_query_params(params)
    except TimelineError:
        return F.Filter()


def workspace_panel() -> None:
    st.subheader("Workspace")
    ws = state.workspace()
    st.caption(
        f"{len(ws.sources)} source(s), {len(ws.edits)} edit(s). Kept on this machine automatically; "
        "save a file to move it or share it."
    )
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    st.download_button(
        "Save workspace",
        data=lambda: W.to_bytes(ws),
        file_name=f"workspace-{stamp}.timeline",
        mime="application/x-sqlite3",
        on_click="ignore",
        key="ws_save",
    )
    st.file_uploader(
        "Open a workspace",
        type=["timeline"],
        key="ws_open",
        on_change=_open_workspace,
        help="Replaces what is shown; the workspace you had is kept and 'Go back' restores it.",
    )
    if state.previous() is not None:
        st.button("Go back to the previous workspace", key="ws_back", on_click=_go_back)
    if len(ws.sources) >= 2:
        _merge_reports_button(ws)
    if ws.edits and st.button("Undo the last edit", key="undo"):
        ws.edits = ws.edits[:-1]
        state.changed()
        st.rerun()


def _merge_reports_button(ws: W.Workspace) -> None:
    """Join reports of one happening from different documents, as one undoable edit."""
    done = bool(ws.edits) and ws.edits[-1].op == "merge_reports"
    pressed = st.button(
        "Merge reports across documents",
        key="merge_reports",
        disabled=done,
        help="Join events that several documents report for the same time, place and actors. "
        "Joined events are marked 'edited'; 'Undo the last edit' brings the reports back.",
    )
    if not pressed:
        return
    before = len(state.table())
    with st.spinner("Comparing reports across documents…"):  # a few seconds at 10k events
        if not state.add_edits([E.merge_reports()]):
            st.rerun()  # the refusal is reported at the top of the next run
        after = len(state.table())
    if after == before:
        ws.edits = ws.edits[:-1]
        state.changed()
        state.flash("info", "No reports of the same event were found across the documents.")
    else:
        state.flash(
            "success",
            f"Merged reports across documents: {before:,} events became {after:,}. "
            "Joined events are marked 'edited'; 'Undo the last edit' brings the reports back.",
        )
    st.session_state.pop(CHART_KEY, None)
    st.rerun()


def main(view: View) -> None:
    table = state.table()
    if table.empty:
        st.info("No events yet. Add an article or a dataset in the sidebar, or an event by hand.")
        add_form(view)
        workspace_panel()
        return
    where = F.mask(table, view.flt)
    shown = table[where].reset_index(drop=True)
    # The chart takes the page's whole width (beside the undated list it had 350 px of plot on
    # a 1366-px laptop); the selection's details and the undated events share the row below.
    fig, ids = chart(table, where, shown, view)
    if ids:
        left, right = st.columns([3, 1])
        with left:
            details(table, ids)
        with right:
            undated(shown)
    else:  # nothing selected: the undated list takes the row (a blank column sat beside it)
        details(table, ids)
        undated(shown, wide=True)
    editor(shown, view)
    add_form(view)
    downloads(table, shown, fig, view)
    workspace_panel()
