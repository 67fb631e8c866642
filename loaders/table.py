"""Any table (CSV/TSV, Excel, JSON, Parquet) into the event table, by a guessed, editable column mapping.

The UI shows :func:`read_frame`'s header, pre-fills the mapping with
:func:`guess_mapping` and passes the user's choice as ``LoadOptions.mapping``
(schema column -> source column). Mapping keys are schema columns, plus:

- ``actors``: a column of actor names (``;``-separated lists allowed);
- ``source``: the document a row cites (a URL, a newspaper): it goes into
  ``doc_id``, because the table's own ``source`` column is always the file name.

Dates: one column of mixed layout and precision is read per format group
("2021" year, "2021-08" / "August 2021" month, "2021-08-15" day, timestamps to the
second; midnight timestamps count as days). An ``end`` column holds the last day
(inclusive, as people write it): the span ends one precision unit after it.
Empty dates give undated events; unreadable dates are listed and the row skipped.
A table exported by this tool (it has our ``event_id``/``start``/``end``/
``precision``/``status`` columns) is read back exactly instead.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from events.errors import (
    BadValueError,
    EmptyInputError,
    FileTooLargeError,
    MissingColumnsError,
    SchemaError,
    TimelineError,
    UnknownFormatError,
)
from events.schema import COLUMNS as SCHEMA_COLUMNS
from events.schema import PRECISIONS, STATUSES, row_ids, validate
from loaders import tables_common as tc
from loaders.io import compound_kind
from loaders.registry import LoadOptions, LoadResult

NAME = "table"
DESCRIPTION = "any table: CSV/TSV, Excel (.xlsx), JSON records or Parquet, with a guessed column mapping"
EXTENSIONS = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson", ".parquet")
# Header names (normalised: lower case, non-alphanumerics as "_") per schema column, best first.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "id", "uid", "event_uid", "identifier", "event_no", "record_id"),
    "title": ("title", "event", "event_name", "name", "headline", "summary"),
    "start": (
        "start", "start_date", "date_start", "startdate", "event_date", "date", "begin", "begin_date",
        "date_begin", "from", "from_date", "when", "datetime", "date_time", "day", "time", "year",
    ),
    "end": ("end", "end_date", "date_end", "enddate", "until", "to", "to_date", "finish", "stop"),
    "actors": (
        "actors", "actor", "participants", "parties", "groups", "group", "organisations", "organizations",
    ),
    "actor1": ("actor1", "actor_1", "side_a", "perpetrator", "initiator", "attacker", "perpetrators"),
    "actor2": ("actor2", "actor_2", "side_b", "target", "victim", "victims"),
    "event_type": ("event_type", "type", "category", "kind", "incident_type", "type_of_event"),
    "sub_event_type": ("sub_event_type", "subtype", "sub_type", "subcategory"),
    "location": (
        "location", "place", "city", "town", "village", "site", "where", "district", "admin2", "admin1",
    ),
    "country": ("country", "nation", "country_name"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "fatalities": ("fatalities", "deaths", "killed", "dead", "casualties", "death_toll", "best"),
    "evidence": ("evidence", "text", "description", "sentence", "details", "notes", "summary", "quote"),
    "notes": ("notes", "comment", "comments", "remarks"),
    "source": ("source", "source_url", "url", "link", "publisher", "reference", "sources"),
    "status": ("status",),
    "precision": ("precision",),
    "cameo": ("cameo", "cameo_code", "eventcode"),
}  # fmt: skip
MAPPABLE = tuple(CANDIDATES)
OWN_EXPORT = ("event_id", "start", "end", "precision", "status")
JSON_LIST_KEYS = ("events", "data", "records", "rows", "items", "results", "result")
_NORMALISE = re.compile(r"[^0-9a-z]+")


def _norm(name: object) -> str:
    return _NORMALISE.sub("_", str(name).strip().lower().lstrip("\ufeff")).strip("_")


def guess_mapping(columns: Iterable[object]) -> dict[str, str]:
    """Schema column -> source column, guessed from header names (each source column used once)."""
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(_norm(col), str(col))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for target, names in CANDIDATES.items():
        for name in names:
            col = by_norm.get(name)
            if col is not None and col not in used:
                mapping[target] = col
                used.add(col)
                break
    return mapping


# --------------------------------------------------------------------------- reading


def container(head: bytes, filename: str = "") -> str:
    """Which container the bytes are: parquet, excel, xls, json or delimited."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "excel"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = tc.head_text(head[:4096]).lstrip()
    if text[:1] in ("[", "{"):
        return "json"
    if filename.lower().endswith((".json", ".jsonl", ".ndjson")) and not tc.binary_kind(head):
        # A .json file holding a number, a string or null: the JSON reader says what it
        # holds (it went to the text loader, which found no events and said nothing).
        return "json"
    return "delimited"


def read_frame(data: bytes, source: str, *, problems: tc.Problems | None = None) -> pd.DataFrame:
    """The raw table as a frame (headers as written), indexed by spreadsheet row number."""
    problems = problems if problems is not None else tc.Problems(source)
    frame, _ = _read(data, source, problems)
    return frame


def _read(data: bytes, source: str, problems: tc.Problems) -> tuple[pd.DataFrame, list[str]]:
    if not data.strip():
        raise BadValueError("the file is empty: there is no header and no rows", source=source)
    kind = container(data[:8192], source)
    try:
        if kind == "parquet":
            frame = _read_parquet(data, source)
            frame.columns = tc.unique_names(frame.columns)
            return _without_hxl(frame), []
        if kind == "excel":
            frame, notes = _read_excel(data, source)
            return _without_hxl(frame), notes
        if kind == "xls":
            what, advice = compound_kind(data) or ("an old Office 97-2003 file", "save it as .xlsx or CSV")
            raise UnknownFormatError(f"this is {what}; {advice} and load that", source=source)
        if kind == "json":
            frame, notes = _without_hxl(_read_json(data, source, problems)), []
        else:
            frame, notes = tc.read_delimited(data, source=source, problems=problems, lower=False)
        return frame, notes
    except TimelineError:
        raise
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OverflowError,
        OSError,
        EOFError,
        pa.ArrowException,
    ) as err:
        raise tc.wrap_unexpected(source, err) from err


def _without_hxl(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without an HXL hashtag row under the header (as CSVs are read)."""
    return tc.drop_hxl_row(frame) if len(frame) and frame.shape[1] else frame


def _read_parquet(data: bytes, source: str) -> pd.DataFrame:
    import pyarrow as pa

    try:
        frame = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
    except (pa.ArrowException, OSError, ValueError) as err:
        raise BadValueError(f"cannot read this Parquet file: {err}", source=source) from err
    except Exception as err:
        # A damaged file can make the Parquet reader raise other errors too.
        raise BadValueError(
            f"this Parquet file is damaged ({type(err).__name__}: {err})", source=source
        ) from err
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


MAX_XLSX_EXPANDED = 512 * 1024 * 1024
"""Largest unzipped size of a workbook: a small .xlsx can expand to gigabytes (a zip bomb)."""
MAX_XLSX_CELLS = 4_000_000
"""Most cells a workbook may hold (counted in its XML), and most rows x columns of a sheet read."""


def _check_expanded_size(data: bytes, source: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            expanded = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports the damage in its own words
    if expanded > MAX_XLSX_EXPANDED:
        raise FileTooLargeError(
            f"this Excel workbook unzips to {expanded / 2**20:,.0f} MB, more than "
            f"{MAX_XLSX_EXPANDED / 2**20:,.0f} MB; save the events as CSV and load that",
            source=source,
        )
    # openpyxl makes an object for every cell a merged range covers, before we see it: a
    # range over a whole column costs a million objects. Count them from the sheet XML first.
    # openpyxl also builds every written cell before we see the sheet (about 0.7 KB and
    # 20 us each): a 2 MB file of repeated cells held a million. Count them in the XML.
    merged = 0
    cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    part = zf.read(name)
                    for ref in _MERGE_REF.findall(part):
                        merged += _area(ref.decode("ascii"))
                    cells += _cell_count(part)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return  # a damaged or encrypted part: openpyxl reports it in its own words
    if cells > MAX_XLSX_CELLS:
        raise FileTooLargeError(
            f"this Excel workbook holds {cells:,} cells, more than {MAX_XLSX_CELLS:,}; "
            "save the events as CSV and load that",
            source=source,
        )
    if merged > MAX_XLSX_MERGED:
        raise FileTooLargeError(
            f"this Excel workbook merges {merged:,} cells (more than {MAX_XLSX_MERGED:,}); "
            "unmerge them, or save the events as CSV and load that",
            source=source,
        )


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData[\s>/]")


def _cell_count(part: bytes) -> int:
    """Cells (``<c ...>`` elements, with the sheet's namespace prefix) in one sheet's XML."""
    found = _SHEET_DATA.search(part)
    tag = b"<" + (found.group(1) or b"" if found else b"") + b"c"
    return part.count(tag + b" ") + part.count(tag + b">") + part.count(tag + b"/>")


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})"')
MAX_XLSX_MERGED = 1_000_000


def _area(ref: str) -> int:
    """Cells in an A1-style range such as ``C3:C1048576``."""
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return (max_col - min_col + 1) * (max_row - min_row + 1)


def _read_excel(data: bytes, source: str) -> tuple[pd.DataFrame, list[str]]:
    """The events sheet of an .xlsx; merged cells get their value in every cell they cover.

    The first sheet with a date column is read (a workbook often opens on a notes or
    read-me sheet), else the first sheet with a header row; a note names the sheet read
    when it is not the first, and the other sheets holding data that were left out.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip_kind(data, source)
    _check_expanded_size(data, source)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        chosen: tuple[int, list[list[Any]], int] | None = None
        for number, sheet in enumerate(book.worksheets):
            rows = _sheet_rows(sheet, source)
            header_at = _header_row(rows)
            if header_at is None:
                continue
            if chosen is None:
                chosen = (number, rows, header_at)
            if "start" in guess_mapping(v for v in rows[header_at] if v not in (None, "")):
                chosen = (number, rows, header_at)
                break
        names = [sheet.title for sheet in book.worksheets]
        # Other sheets worth a note: those that hold an events table too (not notes or an
        # "about" sheet); their first rows are enough to tell.
        filled = [
            sheet.title
            for n, sheet in enumerate(book.worksheets)
            if chosen is not None and n != chosen[0] and _has_dates(sheet)
        ]
    except FileTooLargeError:
        raise
    except (InvalidFileException, zipfile.BadZipFile) as err:
        raise BadValueError(f"cannot read this as an Excel workbook (.xlsx): {err}", source=source) from err
    except Exception as err:
        # A damaged workbook makes openpyxl (zlib, XML parser, zipfile) raise almost anything.
        raise BadValueError(
            f"this Excel workbook (.xlsx) is damaged ({type(err).__name__}: {err})", source=source
        ) from err
    if chosen is None:
        where = "the first sheet has" if len(names) == 1 else f"none of its {len(names)} sheets has"
        raise BadValueError(f"{where} no header row (a row naming the columns)", source=source)
    number, rows, header_at = chosen
    notes = []
    if number > 0:
        notes.append(
            f"read sheet {names[number]!r} (sheet {number + 1}): the sheets before it hold no events table"
        )
    others = [n for n in filled if n != names[number]]
    if others:
        notes.append(f"only one sheet is read; not read: {', '.join(map(repr, others[:10]))}")
    return _sheet_frame(rows, header_at), notes


def _sheet_rows(sheet: Any, source: str) -> list[list[Any]]:
    """Cell values of one sheet, merged ranges filled, refused when it is too large."""
    rows_n, cols_n = sheet.max_row or 0, sheet.max_column or 0
    if rows_n * cols_n > MAX_XLSX_CELLS:
        raise FileTooLargeError(
            f"the sheet {sheet.title!r} spans {rows_n:,} rows by {cols_n:,} columns, more than "
            f"{MAX_XLSX_CELLS:,} cells; save the events as CSV and load that",
            source=source,
        )
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        if value is None:
            continue  # nothing to copy into the cells it covered
        # A merged range may reach far past the data (a whole column): fill only the data.
        for row in range(merged.min_row, min(merged.max_row, rows_n) + 1):
            for col in range(merged.min_col, min(merged.max_col, cols_n) + 1):
                sheet.cell(row, col).value = value
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _has_dates(sheet: Any) -> bool:
    rows = [list(r) for r in sheet.iter_rows(max_row=20, values_only=True)]
    at = _header_row(rows)
    return at is not None and "start" in guess_mapping(v for v in rows[at] if v not in (None, ""))


def _header_row(rows: list[list[Any]]) -> int | None:
    """The first row with several distinct values (a merged title row has one)."""
    return next((i for i, r in enumerate(rows[:20]) if len({v for v in r if v not in (None, "")}) >= 2), None)


def _sheet_frame(rows: list[list[Any]], header_at: int) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    header = [
        str(v).strip() if v not in (None, "") else f"column_{i + 1}" for i, v in enumerate(rows[header_at])
    ]
    header += [f"column_{i + 1}" for i in range(len(header), width)]
    body = [r + [None] * (width - len(r)) for r in rows[header_at + 1 :]]
    frame = pd.DataFrame(body, columns=_unique(header), dtype=object)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    empty = frame.isna().all(axis=1) | frame.map(lambda v: v == "").all(axis=1)
    return frame[~empty.to_numpy()]


_ZIP_KINDS = (
    ("application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)", ".xlsx or CSV"),
    ("application/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)", ".docx, PDF or plain text"),
)


def _check_zip_kind(data: bytes, source: str) -> None:
    """Refuse, by name, a ZIP that is no Excel workbook: an OpenDocument file or a plain archive."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return  # damaged: openpyxl reports it in its own words
    if any(n.startswith("xl/") for n in names):
        return
    if any(n.startswith("word/") for n in names):
        raise UnknownFormatError(
            "this is a Word document (.docx), not a table; load it as a document", source=source
        )
    for kind, what, instead in _ZIP_KINDS:
        if mimetype.strip() == kind:
            raise UnknownFormatError(f"this is {what}; save it as {instead} and load that", source=source)
    shown = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    raise UnknownFormatError(
        f"this is a ZIP archive ({shown or 'empty'}), not an Excel workbook or Word document; "
        "unzip it and load the files inside",
        source=source,
    )


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _read_json(data: bytes, source: str, problems: tc.Problems) -> pd.DataFrame:
    """JSON records: a list of objects, an object holding one, columns as lists, or JSON Lines."""
    try:
        return _parse_json(data, source, problems)
    except RecursionError:
        # Python's JSON reader and writer recurse once per level of nesting.
        raise BadValueError(
            "JSON nested too deeply (arrays or objects inside each other more than about 900 "
            "levels); events are a flat list of objects",
            source=source,
        ) from None


def _parse_json(data: bytes, source: str, problems: tc.Problems) -> pd.DataFrame:
    data, _, _ = tc.detect_encoding(data, source=source)
    text = tc.head_text(data) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-8")
    text = text.lstrip("\ufeff")
    try:
        parsed: Any = json.loads(text)
    except json.JSONDecodeError as err:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1:
            return _records_frame(_json_lines(lines, source, problems), source, problems)
        raise BadValueError(
            f"not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}", source=source
        ) from err
    return _records_frame(_records(parsed, source), source, problems)


def _json_lines(lines: list[str], source: str, problems: tc.Problems) -> list[Any]:
    records: list[Any] = []
    for number, line in enumerate(lines, start=1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as err:
            if number == 1:
                raise BadValueError(f"not valid JSON: {err.msg} at line 1", source=source) from err
            problems.add(number, "", f"not valid JSON ({err.msg}); line skipped")
            records.append(None)
    return records


def _records(parsed: Any, source: str) -> list[Any]:
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict):
        folded = {str(k).lower(): v for k, v in parsed.items()}
        for key in JSON_LIST_KEYS:
            if isinstance(folded.get(key), list):
                return folded[key]
        error = folded.get("error") or folded.get("errors") or folded.get("message")
        if error and not any(isinstance(v, list) and v and isinstance(v[0], dict) for v in parsed.values()):
            # An API's refusal saved as the download (no key, quota, bad query).
            detail = error.get("message", error) if isinstance(error, dict) else error
            raise BadValueError(
                f"this JSON is an error reply, not events: {str(detail)[:200]}", source=source
            )
        lists = [v for v in parsed.values() if isinstance(v, list)]
        if lists and all(isinstance(v, list) for v in parsed.values()):
            lengths = {len(v) for v in lists}
            if len(lengths) == 1 and all(not isinstance(x, dict) for v in lists for x in v[:5]):
                n = lengths.pop()
                return [{k: parsed[k][i] for k in parsed} for i in range(n)]
        if len(lists) == 1 and lists[0] and all(isinstance(x, dict) for x in lists[0][:5]):
            return lists[0]
        if parsed and all(not isinstance(v, (list, dict)) for v in parsed.values()):
            return [parsed]
    raise BadValueError(
        "JSON of the wrong shape: expected a list of objects (one per event), an object holding such "
        f"a list under 'events' or 'data', or JSON Lines; found {_describe(parsed)}",
        source=source,
    )


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        keys = ", ".join(list(map(str, value))[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if value is None:
        return "null (nothing)"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"a number ({value!r:.40})"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    return f"a single {type(value).__name__}"


def _records_frame(records: list[Any], source: str, problems: tc.Problems) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    index: list[int] = []
    for number, record in enumerate(records, start=1):
        if isinstance(record, dict):
            rows.append({str(k): _json_cell(v) for k, v in record.items()})
            index.append(number)
        elif record is not None:
            problems.add(number, "", f"expected an object, found {_describe(record)}; skipped")
    if not rows and records and problems.items:
        raise BadValueError(
            f"JSON of the wrong shape: expected a list of objects, found {_describe(records)} "
            f"of {type(records[0]).__name__}",
            source=source,
        )
    frame = pd.DataFrame.from_records(rows)
    frame = frame.astype(object)
    frame.columns = tc.unique_names(frame.columns)
    frame.index = pd.Index(index, dtype="int64")
    return frame


def _json_cell(value: Any) -> Any:
    """Lists of names stay lists (actors); other nested values become JSON text."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


# --------------------------------------------------------------------------- loader


def sniff(head: bytes, filename: str) -> float:
    """Some confidence for anything tabular; the dataset loaders outrank it on their own headers."""
    kind = container(head, filename)
    if kind == "parquet":
        return 0.8
    if kind == "excel":
        return 0.8 if tc.is_zip_xlsx(head) or filename.lower().endswith((".xlsx", ".xlsm")) else 0.3
    if kind == "xls":
        return 0.5
    if tc.binary_kind(head):
        return 0.0  # before JSON: an RTF document starts with "{"
    if kind == "json":
        return 0.6
    lines = [ln for ln in tc.first_lines(head, tc.SNIFF_LINES) if ln.strip()]
    if not lines:
        return 0.0
    named = filename.lower().endswith(EXTENSIONS[:3])
    sep = tc.sniff_delimiter(lines)
    counts = [ln.count(sep) for ln in lines]
    if counts[0] == 0:
        # One column: a table only if its name says so and its header is a date column.
        return 0.3 if named and "start" in guess_mapping(tc.header_fields(head, sep)) else 0.0
    consistent = sum(c == counts[0] for c in counts) / len(counts)
    header = tc.header_fields(head, sep)
    mapped = len(guess_mapping(header))
    words = sum(len(h.split()) for h in header) / max(len(header), 1)
    if not named and not mapped and (words > 3 or lines[0].rstrip().endswith((".", "!", "?"))):
        return 0.0
    # Prose with commas is not a table: ask for a consistent field count and known headers.
    score = 0.3 * consistent + 0.1 * min(mapped, 3) + (0.15 if named else 0.0)
    return round(min(score, 0.75), 3) if consistent >= 0.6 or named else 0.0


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Read any table with the guessed (or given) column mapping."""
    tc.check_size(data, source=source, max_bytes=options.max_bytes)
    problems = tc.Problems(source)
    frame, warnings = _read(data, source, problems)
    own_ids = False
    if _is_own_export(frame.columns) and not options.mapping:
        try:
            return _load_own_export(data, source=source, frame=frame, warnings=warnings)
        except SchemaError as err:
            # An export edited by hand (a typo in a status, a date moved past its end): one
            # bad row refused the whole file. Read it as a table instead, bad rows listed.
            why = str(err).removeprefix(f"{source}: ").split("; row ")[0]
            warnings = [
                *warnings,
                f"this export of the tool was edited and fails its checks ({why}): read as a plain "
                "table, with the rows that do not fit listed",
            ]
            own_ids = True
    dataset = None if options.mapping else _dataset_loader(frame.columns)
    if dataset is not None:
        # An ACLED or UCDP export saved as Excel, JSON (their APIs) or Parquet: read with
        # the dataset's own rules (precision codes, associated actors, ids), not a guess.
        named = frame.rename(columns=_dataset_name)
        with tc.parsing(source):
            table = dataset.to_events(named, source=source, problems=problems)
        return LoadResult(
            table=table, source=source, loader=dataset.NAME, problems=problems.sorted(),
            rows_read=len(frame), warnings=(*warnings, *problems.notes),
        )  # fmt: skip
    if frame.shape[1] == 0:
        raise EmptyInputError("the file holds no records: there is nothing to load", source=source)
    mapping = _mapping(frame, options.mapping, source)
    try:
        table = to_events(frame, mapping, source=source, problems=problems)
    except TimelineError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, pa.ArrowException) as err:
        raise tc.wrap_unexpected(source, err) from err
    if own_ids:
        # The export's ids are already ours: keep them, so edits made to them still apply.
        ids = table["event_id"].str.removeprefix(f"table:{source}#")
        if ids.is_unique:
            table = validate(table.assign(event_id=ids))
    return LoadResult(
        table=table,
        source=source,
        loader=NAME,
        problems=problems.sorted(),
        rows_read=len(frame),
        warnings=(*warnings, *problems.notes),
        meta={"mapping": mapping, "columns": [str(c) for c in frame.columns]},
    )


def _dataset_name(name: object) -> str:
    return str(name).strip().lstrip("\ufeff").strip().lower()


def _dataset_loader(columns: Iterable[object]) -> Any:
    """The ACLED or UCDP loader module when every column it needs is here, else None."""
    from loaders import acled, ucdp

    names = {_dataset_name(c) for c in columns}
    for module in (acled, ucdp):
        if all(c in names for c in module.REQUIRED):
            return module
    return None


def _is_own_export(columns: Iterable[object]) -> bool:
    names = {str(c) for c in columns}
    return all(c in names for c in OWN_EXPORT) and len(names & set(SCHEMA_COLUMNS)) >= len(SCHEMA_COLUMNS) - 4


def _load_own_export(data: bytes, *, source: str, frame: pd.DataFrame, warnings: list[str]) -> LoadResult:
    from events.export import read_table

    kind = container(data[:8192], source)
    fmt = {"parquet": "parquet", "json": "json"}.get(kind, "csv")
    try:
        table = read_table(data, fmt, source=source) if kind != "excel" else None
    except TimelineError:
        raise
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, pa.ArrowException) as err:
        raise tc.wrap_unexpected(source, err) from err
    if table is None:
        # Our Excel export put a quote before text a spreadsheet would run: take it off again.
        cells = frame.reset_index(drop=True).astype(object)
        table = validate(cells.map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'") else v))
    return LoadResult(
        table=table, source=source, loader=NAME, rows_read=len(frame), warnings=tuple(warnings),
        meta={"mapping": {c: c for c in SCHEMA_COLUMNS if c in frame.columns}, "own_export": True},
    )  # fmt: skip


def _mapping(frame: pd.DataFrame, given: Mapping[str, str] | None, source: str) -> dict[str, str]:
    """The guessed mapping, overridden by ``given``; every named column must exist."""
    mapping = guess_mapping(frame.columns)
    if given:
        unknown = [k for k in given if k not in MAPPABLE]
        if unknown:
            raise BadValueError(
                f"cannot map onto {', '.join(map(repr, unknown))}; choose from {', '.join(MAPPABLE)}",
                source=source,
            )
        names = {str(c) for c in frame.columns}
        for target, col in given.items():
            if not col:
                mapping.pop(target, None)
                continue
            if col not in names:
                raise MissingColumnsError(
                    f"the mapping names column {col!r} for {target!r}, but the table has only: "
                    f"{', '.join(list(names)[:15])}",
                    source=source,
                )
            mapping[target] = col
    if "start" not in mapping:
        raise MissingColumnsError(
            "no date column: name one (for example a column 'date' or 'start'), or choose it in the "
            f"column mapping; the table has: {', '.join(map(str, list(frame.columns)[:15]))}",
            source=source,
        )
    return mapping


def _text(frame: pd.DataFrame, mapping: Mapping[str, str], key: str) -> pd.Series:
    col = mapping.get(key)
    if col is None:
        return pd.Series("", index=frame.index, dtype="str")
    values = frame[col]
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values.fillna("").str.strip()
    cells = values.astype(object)
    known = cells.notna().to_numpy()
    text = np.full(len(cells), "", dtype=object)
    text[known] = [_cell_str(v) for v in cells[known]]
    return pd.Series(text, index=frame.index, dtype="str").str.strip()


def _cell_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def to_events(
    frame: pd.DataFrame, mapping: Mapping[str, str], *, source: str, problems: tc.Problems
) -> pd.DataFrame:
    """A raw frame and a mapping to a validated event table."""
    index = frame.index
    start_raw = frame[mapping["start"]]
    start, precision = tc.parse_generic_dates(start_raw)
    ambiguous = tc.slash_order_warning(start_raw, mapping["start"])
    if ambiguous:
        problems.notes.append(ambiguous)
    start_text = _text(frame, mapping, "start")
    empty = (start_text == "").to_numpy()
    bad = np.isnat(start) & ~empty
    if bad.any():
        problems.add_rows(
            index[bad], mapping["start"],
            "cannot read the date (expected e.g. 2021-08-15, August 2021, 2021 or 15/08/2021); row skipped",
            start_text[bad].tolist(),
        )  # fmt: skip
    end = tc.span_end(start, precision)
    if "end" in mapping:
        last, last_prec = tc.parse_generic_dates(frame[mapping["end"]])
        last_end = tc.span_end(last, last_prec)
        end_text = _text(frame, mapping, "end")
        unread = np.isnat(last) & (end_text != "").to_numpy() & ~np.isnat(start)
        if unread.any():
            problems.add_rows(
                index[unread], mapping["end"], "cannot read the end date; used the start date's span",
                end_text[unread].tolist(),
            )  # fmt: skip
        usable = ~np.isnat(last_end) & ~np.isnat(start)
        before = usable & (last_end <= start)
        if before.any():
            problems.add_rows(
                index[before], mapping["end"], "ends before it starts; used the start date's span",
                end_text[before].tolist(),
            )  # fmt: skip
        take = usable & ~before
        end[take] = np.maximum(last_end[take], end[take])
    precision = np.where(np.isnat(start), "unknown", precision).astype(object)
    if "precision" in mapping:
        given_text = _text(frame, mapping, "precision")
        given = given_text.str.lower().to_numpy(dtype=object)
        ok = np.isin(given, PRECISIONS) & ~np.isnat(start)
        precision[ok] = given[ok]
        odd = ~np.isin(given, PRECISIONS) & (given != "") & ~np.isnat(start)
        if odd.any():
            problems.add_rows(
                index[odd], mapping["precision"],
                f"not a precision ({', '.join(PRECISIONS)}); kept the date's own",
                given_text[odd].tolist(),
            )  # fmt: skip
    status_text = _text(frame, mapping, "status")
    status = status_text.str.lower()
    odd_status = ~status.isin(STATUSES) & (status != "")
    if odd_status.any():
        # Was set to 'occurred' without a word: a 'planned' typed 'plannned' became a fact.
        problems.add_rows(
            index[odd_status.to_numpy()], mapping["status"],
            f"not a status ({', '.join(STATUSES)}); read as occurred",
            status_text[odd_status].tolist(),
        )  # fmt: skip
    status = status.where(status.isin(STATUSES), "occurred")
    actor_cols = [_text(frame, mapping, k) for k in ("actor1", "actors", "actor2")]
    actors = tc.actor_lists(actor_cols, split=[True, True, True])
    actor1 = tc.fold_names(actor_cols[0])
    actor2 = tc.fold_names(actor_cols[2])
    nums = pd.DataFrame(
        {k: _text(frame, mapping, k) for k in ("latitude", "longitude", "fatalities")}, index=index
    )
    lat, lon = tc.coordinates(nums, "latitude", "longitude", problems)
    for col in ("latitude", "longitude"):
        if col in mapping:
            # Name the user's column in problems, not ours.
            problems.items = [
                p if p.column != col else type(p)(p.row, mapping[col], p.message) for p in problems.items
            ]
    fatalities = tc.numbers(
        nums, "fatalities", problems, integer=True, label=mapping.get("fatalities"), minimum=0
    )
    event_type = _text(frame, mapping, "event_type")
    title = _text(frame, mapping, "title")
    evidence = _text(frame, mapping, "evidence")
    fallback_title = event_type.where(event_type != "", evidence.str.slice(0, 80))
    title = title.where(title != "", fallback_title)
    columns: dict[str, object] = {
        "title": title,
        "event_type": event_type,
        "sub_event_type": _text(frame, mapping, "sub_event_type"),
        "cameo": _text(frame, mapping, "cameo"),
        "start": start,
        "end": np.where(np.isnat(start), tc.NAT, end).astype("datetime64[s]"),
        "precision": precision,
        "status": status,
        "actors": actors,
        "actor1": actor1,
        "actor2": actor2,
        "location": _text(frame, mapping, "location"),
        "country": _text(frame, mapping, "country"),
        "latitude": lat,
        "longitude": lon,
        "fatalities": fatalities,
        "doc_id": _text(frame, mapping, "source"),
        "source": source,
        "evidence": evidence,
        "notes": _text(frame, mapping, "notes"),
    }
    ids = _text(frame, mapping, "event_id")
    hashed = row_ids(
        pd.DataFrame({k: columns[k] for k in ("title", "start", "end", "actor1", "actor2", "location")}
                     | {"row": index.to_numpy(), "evidence": evidence}),
        ("title", "start", "end", "actor1", "actor2", "location", "evidence", "row"),
    ).to_numpy()  # fmt: skip
    columns["event_id"] = pd.Series(
        # Ids like "1", "2" repeat across files: scope them by the file name.
        np.where(ids.to_numpy(dtype=object) != "", f"table:{source}#" + ids, "table:row-" + hashed),
        index=index,
    )
    keep = pd.Series(~bad, index=index)
    return tc.finish(columns, index=index, source=source, problems=problems, keep=keep)
