"""Exports as bytes (table: CSV, Excel, JSON, Parquet, TimelineJS; chart: HTML, PNG, SVG, PDF).

Spreadsheet exports neutralise formula-leading cells; HTML embeds plotly.js; static
images come from kaleido driving a local Chromium without its MathJax CDN.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import threading
import warnings
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from events.errors import BadValueError, TimelineError, UnknownFormatError
from events.schema import COLUMNS, DATETIME, validate
from events.textsafe import esc_html

TABLE_FORMATS: tuple[str, ...] = ("csv", "json", "parquet", "xlsx", "timelinejs")
READ_FORMATS: tuple[str, ...] = ("csv", "json", "parquet")
IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
# A leading quote is our escape mark; an original leading quote is escaped too so that
# reading our own CSV back gives exactly what was written.
_NEUTRAL = re.compile(r"^[=+\-@\t\r']")
_EXCEL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_CELL_LIMIT = 32_767
EXCEL_FIRST_DATE = np.datetime64("1900-03-01T00:00:00", "s")
"""Excel's calendar starts in 1900 (and counts a 29 February 1900 that never was)."""
EXCEL_WIDTHS = {
    "event_id": 18,
    "title": 50,
    "start": 17,
    "end": 17,
    "actors": 40,
    "evidence": 80,
    "notes": 40,
}
MIME: dict[str, str] = {
    "csv": "text/csv",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "timelinejs": "application/json",
    "html": "text/html",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}


class ExportError(TimelineError):
    """An export could not be made (for example no Chromium for images)."""


def _iso_dates(values: pd.Series) -> pd.Series:
    """ISO strings at second resolution ('' for NaT); works for any year datetime64[s] holds."""
    arr = values.to_numpy(dtype=DATETIME)
    text = np.datetime_as_string(arr, unit="s")
    return pd.Series(np.where(np.isnat(arr), "", text), index=values.index, dtype=object)


def neutralise(values: pd.Series) -> pd.Series:
    """Prefix ``'`` to cells a spreadsheet would run as a formula (and to cells starting with ``'``)."""
    values = values.astype("str")
    return values.where(~values.str.contains(_NEUTRAL, regex=True), "'" + values)


def _unneutralise(values: pd.Series) -> pd.Series:
    return values.where(~values.str.startswith("'"), values.str.slice(1))


def _flat(table: pd.DataFrame, *, actors_as: str) -> pd.DataFrame:
    """The table with dates as ISO text and actors as JSON text (or ``; ``-joined)."""
    out = table[list(COLUMNS)].copy()
    for col in ("start", "end"):
        out[col] = _iso_dates(out[col])
    if actors_as == "json":
        out["actors"] = out["actors"].map(lambda a: json.dumps(list(a), ensure_ascii=False))
    else:
        out["actors"] = out["actors"].map("; ".join)
    return out


def _string_columns() -> list[str]:
    return [c for c, t in COLUMNS.items() if t == "str"] + ["start", "end", "actors"]


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM so Excel reads accents); every field quoted so CR survives."""
    out = _flat(table, actors_as="json")
    for col in _string_columns():
        out[col] = neutralise(out[col])
    text = out.to_csv(index=False, quoting=1, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_excel(table: pd.DataFrame, *, caption: str = "") -> bytes:
    """An .xlsx workbook: the events sheet, and an "about" sheet with the caption."""
    from openpyxl.utils import get_column_letter

    out = _flat(table, actors_as="text")
    cut = 0
    for col in _string_columns():
        cleaned = out[col].astype("str").str.replace(_EXCEL_ILLEGAL, "", regex=True)
        # Excel holds at most 32,767 characters a cell (the quote mark counts too).
        too_long = cleaned.str.len() > EXCEL_CELL_LIMIT - 1
        cut += int(too_long.sum())
        out[col] = neutralise(cleaned.str.slice(0, EXCEL_CELL_LIMIT - 1))
    if cut:
        note = (
            f"{cut:,} cell(s) longer than Excel's {EXCEL_CELL_LIMIT:,} characters were cut; "
            "CSV and JSON keep them whole"
        )
        caption = f"{caption} · {note}" if caption else note
    out = out.astype(
        {
            c: object
            for c in out.columns
            if c in ("fatalities", "char_start", "char_end", "timex_start", "timex_end")
        }
    )
    # Dates as date cells (sortable, filterable by month in Excel) when Excel can hold them
    # all (1900-9999); a table with an older date keeps ISO text, which still sorts.
    dates = table[["start", "end"]].to_numpy(dtype=DATETIME).ravel()
    dates = dates[~np.isnat(dates)]
    if len(dates) and dates.min() >= EXCEL_FIRST_DATE:
        for col in ("start", "end"):
            out[col] = pd.Series(table[col].to_numpy(dtype=DATETIME), index=out.index).astype(object)
    for col in ("approximate", "edited"):
        out[col] = table[col].to_numpy(dtype=bool).astype(object)
    out = out.where(out.notna(), None)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name="events", index=False)
        sheet = writer.sheets["events"]
        # The header stays in view and each column can be filtered, as analysts expect.
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for n, col in enumerate(out.columns, start=1):
            width = EXCEL_WIDTHS.get(col, 14)
            sheet.column_dimensions[get_column_letter(n)].width = width
            if col in ("start", "end"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                    cell.number_format = "yyyy-mm-dd hh:mm"
        about = pd.DataFrame({"about": neutralise(pd.Series([caption or "conflict timeline export"]))})
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    out = table[list(COLUMNS)].copy()
    for col in ("start", "end"):
        out[col] = _iso_dates(out[col]).replace("", None)
    out["actors"] = out["actors"].map(list)
    out = out.astype(object).where(out.notna(), None)
    records = out.to_dict(orient="records")
    for rec in records:
        for key, value in rec.items():
            if isinstance(value, float) and math.isnan(value):
                rec[key] = None
            elif isinstance(value, np.integer):
                rec[key] = int(value)
            elif isinstance(value, np.bool_):
                rec[key] = bool(value)
    return records


def to_json(table: pd.DataFrame) -> bytes:
    """A list of objects with the schema's columns; dates ISO, actors a list, missing values null."""
    return json.dumps(_records(table), ensure_ascii=False, indent=1).encode("utf-8")


def to_parquet(table: pd.DataFrame) -> bytes:
    """Parquet via pyarrow (dates kept to the second, any year)."""
    buffer = io.BytesIO()
    table[list(COLUMNS)].to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def _date_parts(value: np.datetime64, precision: str) -> dict[str, str]:
    text = str(np.datetime_as_string(value, unit="D"))
    negative = text.startswith("-")
    year, month, day = text.lstrip("-").split("-")
    parts = {"year": ("-" if negative else "") + str(int(year))}
    if precision not in ("year", "decade", "century"):
        parts["month"] = str(int(month))
        if precision not in ("month", "quarter", "season"):
            parts["day"] = str(int(day))
    return parts


def to_timelinejs(table: pd.DataFrame, *, title: str = "", caption: str = "") -> bytes:
    """TimelineJS 3 JSON; every text is HTML-escaped (TimelineJS renders HTML)."""
    dated = table[table["start"].notna()]
    starts = dated["start"].to_numpy(dtype=DATETIME)
    ends = dated["end"].to_numpy(dtype=DATETIME)
    events = []
    for i, row in enumerate(dated.itertuples(index=False)):
        text = esc_html(row.evidence)
        if len(row.actors):
            text += "<br><small>" + esc_html("; ".join(row.actors)) + "</small>"
        item: dict[str, Any] = {
            "unique_id": esc_html(row.event_id),
            "start_date": _date_parts(starts[i], row.precision),
            "text": {"headline": esc_html(row.title), "text": text},
            "group": esc_html(row.event_type),
        }
        if ends[i] - starts[i] > np.timedelta64(86_400, "s"):
            item["end_date"] = _date_parts(ends[i] - np.timedelta64(1, "s"), row.precision)
        events.append(item)
    doc: dict[str, Any] = {"events": events}
    if title or caption:
        doc["title"] = {"text": {"headline": esc_html(title), "text": esc_html(caption)}}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def table_bytes(table: pd.DataFrame, fmt: str, *, caption: str = "", title: str = "") -> bytes:
    """The table in ``fmt`` (one of :data:`TABLE_FORMATS`)."""
    if fmt == "csv":
        return to_csv(table)
    if fmt == "json":
        return to_json(table)
    if fmt == "parquet":
        return to_parquet(table)
    if fmt == "xlsx":
        return to_excel(table, caption=caption)
    if fmt == "timelinejs":
        return to_timelinejs(table, title=title, caption=caption)
    raise UnknownFormatError(f"table format must be one of {', '.join(TABLE_FORMATS)}; got {fmt!r}")


# --- reading our own exports back -------------------------------------------------


def sniff_table_format(data: bytes, filename: str = "") -> str:
    """csv, json or parquet, from the name or the bytes."""
    name = filename.lower()
    for fmt in READ_FORMATS:
        if name.endswith("." + fmt):
            return fmt
    if data[:4] == b"PAR1":
        return "parquet"
    head = data[:64].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_table(data: bytes, fmt: str | None = None, *, source: str = "") -> pd.DataFrame:
    """Read a table written by :func:`to_csv`, :func:`to_json` or :func:`to_parquet` back, validated."""
    fmt = fmt or sniff_table_format(data, source)
    try:
        if fmt == "parquet":
            raw = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
        elif fmt == "json":
            records = json.loads(data.decode("utf-8-sig"))
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise BadValueError("expected a JSON list of event objects", source=source or None)
            raw = pd.DataFrame.from_records(records, columns=list(COLUMNS)) if records else None
            if raw is None:
                return validate(pd.DataFrame(columns=list(COLUMNS)))
            for col in ("start", "end"):
                raw[col] = raw[col].fillna("")
        elif fmt == "csv":
            raw = _read_csv(data)
        else:
            raise UnknownFormatError(f"format must be one of {', '.join(READ_FORMATS)}; got {fmt!r}")
    except TimelineError:
        raise
    except UnicodeDecodeError as err:
        kind = _binary_kind(data)
        found = f"this is {kind}, not" if kind else "this is not text, so not"
        raise BadValueError(
            f"{found} a {fmt} table exported by this tool (export one with the app or "
            "`python -m loaders extract`)",
            source=source or None,
        ) from err
    except (ValueError, OSError, KeyError) as err:
        raise BadValueError(f"cannot read this {fmt} table: {err}", source=source or None) from err
    missing = [c for c in ("event_id", "start", "end") if c not in raw.columns]
    if missing:
        raise BadValueError(
            f"not an event table exported by this tool: missing columns {', '.join(missing)}",
            source=source or None,
        )
    return validate(raw)


BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an Excel/Word file)"),
    (b"SQLite format 3", "an SQLite database (a saved workspace? open it in the app)"),
)


def _binary_kind(data: bytes) -> str:
    """What a binary file is, from its first bytes ('' when unknown)."""
    return next((kind for magic, kind in BINARY_KINDS if data.startswith(magic)), "")


def _read_csv(data: bytes) -> pd.DataFrame:
    text = data.decode("utf-8-sig")
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    for col in raw.columns:
        raw[col] = _unneutralise(raw[col].astype("str"))
    for col, dtype in COLUMNS.items():
        if col not in raw.columns:
            continue
        if dtype in ("float64", "Int64"):
            raw[col] = pd.to_numeric(raw[col].replace("", None))
        elif dtype == "bool":
            raw[col] = raw[col].map({"True": True, "False": False, "true": True, "false": False, "": False})
    return raw


# --- chart exports ----------------------------------------------------------------

_KALEIDO_LOCK = threading.Lock()
_KALEIDO_STARTED = False


def chromium_path() -> str | None:
    """The Chrome/Chromium kaleido will drive (``BROWSER_PATH`` first), or None."""
    given = os.environ.get("BROWSER_PATH")
    if given:
        return given if os.path.exists(given) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _start_kaleido() -> None:
    """Start kaleido's browser once, without MathJax (which it would fetch from a CDN)."""
    global _KALEIDO_STARTED
    with _KALEIDO_LOCK:
        if _KALEIDO_STARTED:
            return
        import kaleido

        try:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        except Exception as err:  # kaleido raises bare errors when Chromium is missing
            raise ExportError(f"cannot start Chromium for image export: {err}") from err
        _KALEIDO_STARTED = True


def _for_export(fig: go.Figure, *, static: bool) -> go.Figure:
    """A copy of ``fig`` on a white page as in the app; a static image drops the range slider
    (a strip of tiny bars and two handles that nobody can drag on paper)."""
    out = go.Figure(fig)
    out.update_layout(template="plotly_white")
    if static:
        out.update_xaxes(rangeslider={"visible": False})
    return out


def chart_html(fig: go.Figure) -> bytes:
    """A standalone interactive HTML page with plotly.js embedded (works offline, no CDN)."""
    page = _for_export(fig, static=False).to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    return page.encode("utf-8")


def chart_image(fig: go.Figure, fmt: str, *, width: int = 1400, height: int | None = None) -> bytes:
    """The chart as PNG, SVG or PDF via kaleido and the local Chromium."""
    if fmt not in IMAGE_FORMATS:
        raise UnknownFormatError(f"image format must be one of {', '.join(IMAGE_FORMATS)}; got {fmt!r}")
    _start_kaleido()
    height = height or int(fig.layout.height or 600)
    try:
        with warnings.catch_warnings():
            # plotly passes kaleido options that a started server ignores; harmless.
            warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
            return _for_export(fig, static=True).to_image(format=fmt, width=width, height=height)
    except (RuntimeError, ValueError, OSError) as err:
        raise ExportError(f"could not draw the chart as {fmt}: {err}") from err


def chart_bytes(fig: go.Figure, fmt: str, *, width: int = 1400, height: int | None = None) -> bytes:
    """The chart as ``html``, ``png``, ``svg`` or ``pdf``."""
    if fmt == "html":
        return chart_html(fig)
    return chart_image(fig, fmt, width=width, height=height)
