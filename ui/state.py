"""Session state: the workspace, its on-disk store, loading sources and applying edits."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from events import workspace as W
from events.edits import Edit, apply_edits
from events.errors import TimelineError
from events.workspace import Source, Store, Workspace
from ui.text import md

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STORE_ENV = "TIMELINE_STORE"
DEFAULT_STORE = Path.home() / ".local" / "share" / "conflict-timeline" / "workspace.sqlite"
WS = "ws"
VERSION = "ws_version"
TABLE = "ws_table"
MESSAGES = "flash"
SHOWN = "flash_shown"
STORE_OFF = "store_off"
"""Session key: set when the store on disk could not be read nor moved aside (never overwrite it)."""
PREVIOUS = "ws_previous"
"""Session key: the workspace the last "Open a workspace" replaced (for "Go back")."""
TEXT_MODE = "text_mode"
"""Session key: how relative dates in articles anchor (auto, news, narrative)."""


def store() -> Store | None:
    """The on-disk store, or None when ``TIMELINE_STORE=off``."""
    where = os.environ.get(STORE_ENV, "")
    if where.lower() in ("off", "none", "0") or st.session_state.get(STORE_OFF):
        return None
    return Store(where or DEFAULT_STORE)


LOG = logging.getLogger("conflict_timeline")


def internal_error(what: str, err: Exception) -> str:
    """Log a bug with its traceback (server side) and return one line the user can act on."""
    LOG.error("%s failed: %s", what, err, exc_info=err)
    return (
        f"{what} failed because of an internal error ({type(err).__name__}); nothing loaded or "
        "edited was lost. Please report it with the file that caused it."
    )


def flash(kind: str, text: str) -> None:
    """A message shown once at the top of the next run; Markdown in it (from data) is escaped."""
    st.session_state.setdefault(MESSAGES, []).append((kind, md(text)))


def show_flash() -> None:
    """Show the pending messages; they stay pending until a run completes (see end_run).

    A run can be cut short (an upload or a click mid-run starts a new one); popping the
    messages here would lose them with the interrupted page.
    """
    pending = st.session_state.get(MESSAGES, [])
    st.session_state[SHOWN] = len(pending)
    for kind, texts in group_messages(pending):
        getattr(st, kind)("  \n".join(texts))


def group_messages(pending: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """One box per kind (errors first), its lines in order: six uploads said in six boxes
    pushed the chart below the fold."""
    order = ["error", "warning", "success", "info"]
    grouped: dict[str, list[str]] = {}
    for kind, text in pending:
        grouped.setdefault(kind, []).append(text)
    return sorted(grouped.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def end_run() -> None:
    """The run got to the end: the messages it showed have been seen; later ones wait."""
    shown = st.session_state.pop(SHOWN, 0)
    pending = st.session_state.get(MESSAGES, [])
    st.session_state[MESSAGES] = pending[shown:]


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


@st.cache_data(show_spinner=False, max_entries=64)
def _load_cached(
    data: bytes,
    name: str,
    published: date | None,
    mapping: tuple[tuple[str, str], ...] | None,
    text_mode: str = "auto",
):
    # Imported here so the app starts (and shows errors) even if a loader module is broken.
    from loaders import LoadOptions, load

    options = LoadOptions(
        published=published, mapping=dict(mapping) if mapping else None, text_mode=text_mode
    )
    return load(data, source=name, options=options)


def load_source(
    data: bytes, name: str, *, published: date | None = None, mapping: dict[str, str] | None = None
) -> Source:
    """Load one input into a :class:`Source` (cached by its bytes); raises TimelineError."""
    frozen = tuple(sorted(mapping.items())) if mapping else None
    result = _load_cached(data, name, published, frozen, st.session_state.get(TEXT_MODE, "auto"))
    report = result.meta.get("published") if isinstance(result.meta, dict) else None
    if isinstance(report, str):
        try:
            report = date.fromisoformat(report[:10])
        except ValueError:
            report = None
    source = Source(
        name=name,
        data=data,
        loader=result.loader,
        table=result.table,
        published=published,
        mapping=mapping,
        problems=tuple(result.problems),
        rows_read=int(result.rows_read),
        warnings=tuple(result.warnings),
        report_date=published or (report if isinstance(report, date) else None),
    )
    meta = {k: v for k, v in result.meta.items() if k in ("mapping", "columns")}
    st.session_state.setdefault("source_meta", {})[source.key] = meta
    return source


def source_meta(source: Source) -> dict:
    """The loader's meta (mapping, columns) for a source, worked out once per session."""
    metas = st.session_state.setdefault("source_meta", {})
    if source.key not in metas:
        try:
            frozen = tuple(sorted(source.mapping.items())) if source.mapping else None
            result = _load_cached(source.data, source.name, source.published, frozen)
            metas[source.key] = {k: v for k, v in result.meta.items() if k in ("mapping", "columns")}
        except TimelineError:
            metas[source.key] = {}
    return metas[source.key]


def init() -> Workspace:
    """The session's workspace: from this session, else the store, else the first sample."""
    if WS in st.session_state:
        return st.session_state[WS]
    ws = None
    kept = store()
    if kept is not None:
        ws = kept.load()
        for note in ws.notes if ws is not None else []:
            flash("warning", f"The kept workspace: {note}.")
        if kept.set_aside is not None:
            moved, why = kept.set_aside
            if moved == kept.path:
                st.session_state[STORE_OFF] = True
                flash(
                    "warning",
                    f"The kept workspace {moved} could not be read ({why}); it is left as it "
                    "is and nothing is kept on disk this session: save your work to a file.",
                )
            else:
                flash(
                    "warning",
                    f"The kept workspace could not be read ({why}); it was moved to {moved} "
                    "and a new one started.",
                )
    if ws is None or not (ws.sources or ws.edits):
        ws = ws or Workspace()
        samples = sample_files()
        if samples:
            try:
                ws.add_source(load_source(samples[0].read_bytes(), samples[0].name))
            except TimelineError as err:
                flash("error", f"The bundled sample could not be loaded: {err}")
    st.session_state[WS] = ws
    st.session_state[VERSION] = 0
    return ws


def workspace() -> Workspace:
    return st.session_state[WS]


def changed() -> None:
    """Call after changing the workspace: drops the cached table and saves to the store."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    st.session_state.pop(TABLE, None)
    save()


def save() -> None:
    kept = store()
    if kept is None:
        return
    try:
        kept.save(workspace())
    except (OSError, sqlite3.Error) as err:
        flash("warning", f"Could not keep the workspace on disk ({err}); save it to a file instead.")


def replace(ws: Workspace) -> str:
    """Make ``ws`` the session's workspace; the one it replaces is kept for "Go back".

    The replaced workspace, when it held anything, stays in the session and is also written
    beside the store (``<store>.previous.timeline``), so opening a file over unsaved work never
    loses it. Returns a sentence saying where it was kept ("" when there was nothing to keep).
    """
    old = st.session_state.get(WS)
    kept = ""
    if old is not None and (old.sources or old.edits):
        st.session_state[PREVIOUS] = old
        kept = (
            f"The workspace you had ({len(old.sources)} source(s), {len(old.edits)} edit(s)) is kept: "
            "'Go back to the previous workspace' restores it"
        )
        path = previous_path()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(W.to_bytes(old))
                kept += f", and a copy is saved to {path}"
            except (OSError, sqlite3.Error) as err:
                kept += f" (a copy could not be saved to {path}: {err})"
        kept += "."
    st.session_state[WS] = ws
    changed()
    return kept


def previous_path() -> Path | None:
    """Where the workspace replaced by the last "Open" is copied, beside the store (None: no store)."""
    kept = store()
    if kept is None or st.session_state.get(STORE_OFF):
        return None
    return kept.path.with_name(kept.path.stem + ".previous.timeline")


def previous() -> Workspace | None:
    """The workspace the last "Open a workspace" replaced, in this session."""
    return st.session_state.get(PREVIOUS)


def table() -> pd.DataFrame:
    """The current table (all sources, edits applied), rebuilt only when the workspace changes."""
    version = st.session_state.get(VERSION, 0)
    cached = st.session_state.get(TABLE)
    if cached is not None and cached[0] == version:
        return cached[1]
    ws = workspace()
    # Edits that no longer fit (a source reloaded under them) are skipped, never deleted:
    # every other edit still applies, and they apply again if the source goes back.
    current, skipped = ws.replay()
    if skipped:
        # Shown now, once per rebuild (the table is cached by workspace version).
        st.warning(
            md(
                f"{len(skipped)} of {len(ws.edits)} edits no longer apply and are skipped (kept in the "
                "workspace): "
                + "; ".join(why for _, why in skipped[:3])
                + (" ..." if len(skipped) > 3 else "")
            )
        )
    st.session_state[TABLE] = (version, current)
    return current


def add_edits(new: list[Edit]) -> bool:
    """Append edits after checking they apply; on a problem show it and keep the table as it was."""
    if not new:
        return False
    ws = workspace()
    try:
        apply_edits(table(), new)
    except TimelineError as err:
        flash("error", f"Edit not applied: {err}")
        return False
    ws.edits = [*ws.edits, *new]
    changed()
    return True
