"""Sidebar: the sources (sample, pasted text, uploads), what each gave, and column mapping."""

from __future__ import annotations

from datetime import date

import streamlit as st

from events.errors import MissingColumnsError, TimelineError
from events.workspace import Source
from ui import state
from ui.text import md

UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "tsv", "xlsx", "json", "parquet", "pdf", "docx", "zip"]
NO_COLUMN = "(none)"
TEXT_MODES = {
    "auto": "either, as the text reads (auto)",
    "news": "the publication date (news)",
    "narrative": "the last date given (histories)",
}


def _add(items: list[tuple[str, bytes]], published: date | None) -> None:
    """Load several inputs with progress; a failing one is reported, the others still load."""
    ws = state.workspace()
    added = 0
    with st.status(f"Loading {len(items)} source\\(s\\)…", expanded=False) as status:
        bar = st.progress(0.0)
        for n, (name, data) in enumerate(items, start=1):
            status.update(label=f"Loading {md(name)} \\({n}/{len(items)}\\)…")
            try:
                source = state.load_source(data, name, published=published)
                ws.add_source(source)
                added += 1
                state.flash("success", f"Added {name}: {_summary(source)}")
                for warning in source.warnings:
                    # Said at once, not only inside the source's folded report: a missing
                    # publication date leaves relative dates off the timeline.
                    state.flash("warning", f"{name}: {warning}")
            except MissingColumnsError as err:
                st.session_state.setdefault("pending", {})[name] = (data, published)
                state.flash("warning", f"{err} — choose the columns under 'Column mapping'.")
            except TimelineError as err:
                state.flash("error", str(err))
            except Exception as err:  # a bug in a loader: this file is refused, the others still load
                state.flash("error", state.internal_error(f"Loading {name}", err))
            bar.progress(n / len(items))
        status.update(label=f"Loaded {added} of {len(items)} source\\(s\\)", state="complete")
    if added:
        state.changed()
    # Run again so the new source is listed and its messages show now, not after the next click.
    st.rerun()


def _remove(key: str) -> None:
    state.workspace().remove_source(key)
    state.changed()


def _reload(key: str, published: date) -> None:
    """Read a text source again with another publication date (relative dates move with it)."""
    ws = state.workspace()
    old = next((s for s in ws.sources if s.key == key), None)
    if old is None:
        return
    try:
        fresh = state.load_source(old.data, old.name, published=published, mapping=old.mapping)
    except TimelineError as err:
        state.flash("error", str(err))
        return
    except Exception as err:  # a bug: the source stays as it was
        state.flash("error", state.internal_error(f"Reloading {old.name}", err))
        return
    ws.sources = [fresh if s.key == key else s for s in ws.sources]
    state.changed()


def _summary(source: Source) -> str:
    dated = int(source.table["start"].notna().sum())
    n = len(source.table)
    parts = [f"{n:,} event{'' if n == 1 else 's'} ({dated:,} dated)", f"loader: {source.loader}"]
    if source.problems:
        skipped = len({p.row for p in source.problems})
        parts.append(f"{skipped:,} row{'' if skipped == 1 else 's'} skipped")
    return " · ".join(parts)


def _mapping_editor(
    name: str, data: bytes, published: date | None, current: dict[str, str], columns: list[str], key: str
) -> None:
    from loaders.table import MAPPABLE

    chosen: dict[str, str] = {}
    options = [NO_COLUMN, *columns]
    cols = st.columns(2)
    for n, target in enumerate(MAPPABLE):
        value = current.get(target, NO_COLUMN)
        index = options.index(value) if value in options else 0
        picked = cols[n % 2].selectbox(target, options, index=index, key=f"map_{key}_{target}")
        chosen[target] = "" if picked == NO_COLUMN else picked
    if st.button("Load with this mapping", key=f"map_apply_{key}"):
        try:
            source = state.load_source(data, name, published=published, mapping=chosen)
        except TimelineError as err:
            state.flash("error", str(err))
        except Exception as err:  # a bug: the pending table stays pending
            state.flash("error", state.internal_error(f"Loading {name}", err))
        else:
            ws = state.workspace()
            ws.sources = [s for s in ws.sources if s.name != name]
            ws.add_source(source)
            st.session_state.get("pending", {}).pop(name, None)
            state.changed()
        st.rerun()


def sidebar() -> None:
    ws = state.workspace()
    st.header("Sources")
    use_date = st.checkbox(
        "Set the publication date",
        key="pub_set",
        help="For articles whose date the tool cannot find; relative dates count from it.",
    )
    published = st.date_input(
        "Publication date",
        key="pub_date",
        value=date(2021, 11, 5),
        min_value=date(1, 1, 1),
        max_value=date(9999, 12, 31),
        disabled=not use_date,
        label_visibility="collapsed",
    )
    published = published if use_date else None
    st.selectbox(
        "Relative dates count from",
        list(TEXT_MODES),
        format_func=TEXT_MODES.get,
        key=state.TEXT_MODE,
        help="In a news report 'in May' or 'two days later' count from the publication date; in a "
        "history they count from the last date the text gave. Applies to articles added from now on.",
    )

    for source in list(ws.sources):
        with st.expander(md(source.name), expanded=False):
            st.caption(md(_summary(source)))
            for warning in source.warnings:
                st.warning(md(warning))
            if source.problems:
                st.caption(f"{len(source.problems)} problems:")
                st.dataframe(
                    {
                        "row": [p.row for p in source.problems[:500]],
                        "column": [p.column for p in source.problems[:500]],
                        "problem": [p.message for p in source.problems[:500]],
                    },
                    hide_index=True,
                )
            if source.loader == "table":
                meta = state.source_meta(source)
                if meta.get("columns"):
                    st.caption("Column mapping")
                    _mapping_editor(
                        source.name,
                        source.data,
                        source.published,
                        source.mapping or meta.get("mapping", {}),
                        meta["columns"],
                        source.key[:12],
                    )
            articles = ("text", "document")  # a PDF/.docx is read like an article
            if source.loader in articles and published is not None and published != source.published:
                st.button(
                    f"Reload with publication date {published.isoformat()}",
                    key=f"reload_{source.key}",
                    on_click=_reload,
                    args=(source.key, published),
                )
            st.button("Remove", key=f"rm_{source.key}", on_click=_remove, args=(source.key,))

    for name, (data, pub) in list(st.session_state.get("pending", {}).items()):
        with st.expander(f"Column mapping: {md(name)}", expanded=True):
            from loaders.table import guess_mapping, read_frame

            try:
                columns = [str(c) for c in read_frame(data, name).columns]
            except TimelineError as err:
                st.error(md(err))
                continue
            _mapping_editor(name, data, pub, guess_mapping(columns), columns, f"pending_{name}")

    upload_key = f"upload_{st.session_state.get('upload_n', 0)}"
    files = st.file_uploader("Add files", type=UPLOAD_TYPES, accept_multiple_files=True, key=upload_key)
    if files:
        st.session_state["upload_n"] = st.session_state.get("upload_n", 0) + 1
        _add([(f.name, f.getvalue()) for f in files], published)
    with st.form("paste", clear_on_submit=True, border=False):
        text = st.text_area("Paste an article", key="paste_text", height=100)
        if st.form_submit_button("Add pasted text") and text.strip():
            n = sum(1 for s in ws.sources if s.name.startswith("pasted")) + 1
            _add([(f"pasted-{n}.txt", text.encode("utf-8"))], published)
    samples = state.sample_files()
    if samples and st.button("Add the bundled sample", key="add_sample"):
        _add([(samples[0].name, samples[0].read_bytes())], published)
