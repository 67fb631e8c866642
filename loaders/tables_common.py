"""Shared plumbing for table loaders: robust reading of bytes, row problems, vectorised dates.

Row numbers in problems are spreadsheet rows: the header is row 1, the first data
row is row 2 (an HXL tag row, when present, is row 2 and data starts at row 3).
Every frame returned here is indexed by those row numbers, so a problem found
later on a frame names the row the user sees in a spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import ctypes
import gc
import io
import operator
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from events.actors import fold_actors
from events.errors import (
    BadValueError,
    DecodeError,
    FileTooLargeError,
    MissingColumnsError,
    RowProblem,
    SchemaError,
    TimelineError,
    UnknownFormatError,
)
from events.schema import COLUMNS as SCHEMA_COLUMNS
from events.schema import DATETIME, validate
from loaders.io import ENCODING_NAMES, decode_text, legacy_encoding, sniff_encoding
from loaders.io import binary_kind as io_binary_kind
from loaders.registry import LoadResult

# pyarrow's default pool (mimalloc) faulted in fresh pages for every large text operation:
# loading 1,000,000 ACLED rows took 8.5-10.8 s and 2.03-2.10 GB with it, 6.4 s and
# 1.94-1.96 GB with the system allocator (bench/load_csv.py). An explicit
# ARROW_DEFAULT_MEMORY_POOL setting is respected.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())


def _libc_malloc_trim() -> object | None:
    """glibc's ``malloc_trim``, or None on other C libraries."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


_MALLOC_TRIM = _libc_malloc_trim()
TRIM_AFTER_BYTES = 32 * 1024 * 1024
"""After reading a file this large, freed parser buffers are handed back to the OS."""

READ_THREADS = (os.cpu_count() or 1) > 1
"""pyarrow's threaded reader whenever there is a second core. Measured on 1M ACLED rows (2 cores):
the read takes 0.74 s threaded against 1.41 s on one thread when the cores are free, and the
load ratio against ``read_csv`` was 2.85 (2.72-2.95) threaded against 3.05 (1.89-3.45) single in
runs side by side; on cores busy with other jobs threads cost a little (about 2.1 against 1.9)."""
DELIMITERS = (",", "\t", ";", "|")
MAX_CELL_CHARS = 1_000_000
"""A cell longer than this is a sign of a broken file (e.g. an unclosed quote)."""
SNIFF_LINES = 50
UTF8_CHUNK = 16 * 1024 * 1024
NAT = np.datetime64("NaT", "s")

_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")
_EOF_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")

# Our date layouts: (strptime format, precision). Order matters: finer first.
DAY_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d", "day"),
    ("%d %B %Y", "day"),
    ("%d %b %Y", "day"),
    ("%d-%b-%y", "day"),
    ("%d-%b-%Y", "day"),
    ("%d-%B-%Y", "day"),
    ("%B %d, %Y", "day"),
    ("%b %d, %Y", "day"),
    ("%B %d %Y", "day"),
    ("%Y/%m/%d", "day"),
    ("%Y%m%d", "day"),
    ("%d.%m.%Y", "day"),
    ("%a, %d %b %Y", "day"),
)
TIME_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d %H:%M:%S.%f", "second"),
    ("%Y-%m-%dT%H:%M:%S.%f", "second"),
    ("%Y-%m-%d %H:%M:%S", "second"),
    ("%Y-%m-%dT%H:%M:%S", "second"),
    ("%Y-%m-%dT%H:%M:%SZ", "second"),
    ("%Y-%m-%d %H:%M", "minute"),
    ("%Y-%m-%dT%H:%M", "minute"),
    ("%Y%m%dT%H%M%S", "second"),
    ("%d.%m.%Y %H:%M:%S", "second"),
    ("%d.%m.%Y %H:%M", "minute"),
    # RSS and e-mail dates (RFC 2822; the zone is cut off first, as for any offset).
    ("%a, %d %b %Y %H:%M:%S", "second"),
    ("%d %b %Y %H:%M:%S", "second"),
    ("%d-%b-%Y %H:%M", "minute"),
    ("%d-%b-%Y %H:%M:%S", "second"),
)
COARSE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m", "month"),
    ("%Y/%m", "month"),
    ("%B %Y", "month"),
    ("%b %Y", "month"),
    ("%b-%y", "month"),
    ("%b-%Y", "month"),
    ("%B-%Y", "month"),
    ("%Y", "year"),
)
# Spreadsheets write date-times with a slash date ('03/11/2021 14:22', US '11/3/2021 2:22 PM').
_SLASH_TIMES = (
    ("{} %H:%M:%S", "second"), ("{} %H:%M", "minute"),
    ("{} %I:%M:%S %p", "second"), ("{} %I:%M %p", "minute"),
)  # fmt: skip
SLASH_DAY_FIRST = (
    ("%d/%m/%Y", "day"), ("%d/%m/%y", "day"), *((t.format("%d/%m/%Y"), p) for t, p in _SLASH_TIMES),
)  # fmt: skip
SLASH_MONTH_FIRST = (
    ("%m/%d/%Y", "day"), ("%m/%d/%y", "day"), *((t.format("%m/%d/%Y"), p) for t, p in _SLASH_TIMES),
)  # fmt: skip
# Spreadsheet rows with a 1900-based serial day number.
EXCEL_EPOCH = np.datetime64("1899-12-30", "s")


@dataclass
class Problems:
    """Row problems collected while loading one file, listed once."""

    source: str
    items: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Whole-file warnings found while reading columns (shown with the load's warnings)."""

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(RowProblem(int(row), column, message))

    def add_rows(self, rows: Iterable[int], column: str, message: str, values: Iterable[object] = ()) -> None:
        """Add one problem per row; ``values`` (same length) are quoted in each message."""
        vals = list(values)
        for i, row in enumerate(rows):
            text = f"{message}: {str(vals[i])[:80]!r}" if vals else message
            self.items.append(RowProblem(int(row), column, text))

    def sorted(self) -> tuple[RowProblem, ...]:
        return tuple(sorted(self.items, key=lambda p: (p.row, p.column)))


# --------------------------------------------------------------------------- bytes


def check_size(data: bytes, *, source: str, max_bytes: int) -> None:
    """Refuse input over ``max_bytes`` and empty input, before any parsing."""
    if len(data) > max_bytes:
        raise FileTooLargeError(
            f"file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB", source=source
        )
    # Look at the start first: stripping a large file would copy it.
    if not data[:65536].strip() and not data.strip():
        raise BadValueError("the file is empty: there is no header and no rows", source=source)


def binary_kind(head: bytes) -> str | None:
    """What a binary file is (for the message), or None when it may be text."""
    return io_binary_kind(head[:8192])


def detect_encoding(data: bytes, *, source: str) -> tuple[bytes, str, str | None]:
    """(bytes to parse, encoding for pandas, warning or None).

    A BOM or UTF-16 pattern names the encoding; valid UTF-8 is read as is (checked
    in chunks, so a large file is not copied); anything else is decoded by
    :func:`loaders.io.decode_text` (cp1252, or mixed UTF-8 and cp1252) and re-encoded.
    """
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"this is {kind}, not a text table", source=source)
    announced = sniff_encoding(data)
    if announced:
        return data, announced, None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for offset in range(0, len(data), UTF8_CHUNK):
            decoder.decode(data[offset : offset + UTF8_CHUNK], final=offset + UTF8_CHUNK >= len(data))
    except UnicodeDecodeError as err:
        text = decode_text(data, source=source)
        where = offset + err.start
        name = ENCODING_NAMES.get(legacy_encoding(data), "Windows-1252")
        return text.encode("utf-8"), "utf-8", f"not UTF-8 (byte {where}); read as {name}"
    return data, "utf-8", None


def head_text(head: bytes) -> str:
    """Best-effort text of the first bytes (for sniffing only)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    text = head.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff")


def first_lines(head: bytes, n: int = SNIFF_LINES) -> list[str]:
    """The first complete lines of ``head`` (the last, possibly cut, line is dropped if more follow)."""
    lines = head_text(head).splitlines()
    if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
        lines = lines[:-1]
    return lines[:n]


def header_fields(head: bytes, sep: str | None = None) -> list[str]:
    """The first line split on the (sniffed) delimiter, lower-cased and stripped."""
    lines = first_lines(head, 5)
    if not lines:
        return []
    sep = sep or sniff_delimiter(lines)
    try:
        row = next(csv.reader([lines[0]], delimiter=sep))
    except (csv.Error, StopIteration):
        return []
    return [c.strip().strip('"').lower() for c in row]


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter giving the same, largest field count over the first lines."""
    sample = [ln for ln in lines[:SNIFF_LINES] if ln.strip()]
    if not sample:
        return ","
    best, best_score = ",", 0.0
    for sep in DELIMITERS:
        counts = []
        for line in sample:
            try:
                counts.append(len(next(csv.reader([line], delimiter=sep))))
            except (csv.Error, StopIteration):
                counts.append(1)
        fields = counts[0]
        if fields < 2:
            continue
        consistent = sum(c == fields for c in counts) / len(counts)
        score = consistent * (1 + min(fields, 60) / 100)
        if score > best_score:
            best, best_score = sep, score
    return best


# --------------------------------------------------------------------------- reading


def read_delimited(
    data: bytes,
    *,
    source: str,
    problems: Problems,
    sep: str | None = None,
    names: Sequence[str] | None = None,
    usecols: Sequence[str] | None = None,
    skip_hxl: bool = True,
    lower: bool = True,
    infer: bool = False,
    floats: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """Read delimited text as all-string columns, indexed by spreadsheet row number.

    Ragged rows are skipped and listed; an unclosed quote ends the file there
    (the rows before it load); an HXL tag row under the header is dropped.
    ``names`` means there is no header row (as in GDELT). Returns (frame, warnings).
    ``infer``: let pandas type numeric columns (as fast as a plain ``read_csv``);
    otherwise every column is text (codes keep leading zeros).
    ``floats``: columns the fast reader parses as numbers straight away; when any cell is
    not a number the careful reader runs instead and reads them as text (the loader then
    lists the bad cells).
    """
    if sep is None:
        sep = sniff_delimiter(first_lines(data[:65536]))
    if binary_kind(data):
        raise DecodeError(f"this is {binary_kind(data)}, not a text table", source=source)
    _check_width(data, sep, source)
    fast = None
    if not infer:
        fast = _read_arrow(data, sep=sep, names=names, usecols=usecols, lower=lower, floats=floats)
    if fast is not None:
        header_rows = 0 if names is not None else 1
        fast.index = pd.RangeIndex(header_rows + 1, header_rows + 1 + len(fast))
        if skip_hxl and names is None and len(fast):
            fast = drop_hxl_row(fast)
        return fast, []
    # Valid UTF-8 is the rule: read it as such and only on a decode error find the encoding
    # (validating a large file first would cost as much as parsing it).
    encoding = sniff_encoding(data) or "utf-8"
    notes: list[str] = []
    kwargs: dict[str, object] = {
        "sep": sep,
        "dtype": None if infer else str,
        "keep_default_na": False,
        # Typed reading: empty cells stay "" (a NaN would make every text column be copied to fill it).
        "na_values": [] if infer else [""],
        "encoding": encoding,
        "engine": "c",
        "on_bad_lines": "warn",
        # Never an implicit index: when the first rows have more fields than the header,
        # pandas would make the leading fields the index and shift every value left
        # (the date column read the third field).
        "index_col": False,
        "skip_blank_lines": True,
        "quoting": csv.QUOTE_NONE if names is not None else csv.QUOTE_MINIMAL,
    }
    if names is not None:
        kwargs["header"] = None
        kwargs["names"] = list(names)
    if usecols is not None:
        wanted = set(usecols)
        header = _header_names(data, sep, encoding) if names is None else None
        if header is not None:
            # A list is faster than a callable; a repeated name needs the callable.
            kwargs["usecols"] = [h for h in header if _normal_name(h).lower() in wanted]
        else:
            kwargs["usecols"] = lambda c: str(c).strip().lower().lstrip("\ufeff") in wanted
    header_rows = 0 if names is not None else 1
    skipped: list[tuple[int, str]] = []
    nrows: int | None = None
    for _ in range(3):  # at most: a re-read in another encoding, then one up to an unclosed quote
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                frame = pd.read_csv(io.BytesIO(data), nrows=nrows, **kwargs)  # type: ignore[call-overload]
        except pd.errors.EmptyDataError as err:
            raise BadValueError("the file is empty: there is no header and no rows", source=source) from err
        except pd.errors.ParserError as err:
            match = _EOF_QUOTE.search(str(err))
            if match and nrows is None:
                # pandas counts data rows from 0 after the header.
                bad = int(match.group(1))
                nrows = max(bad - 1, 0)
                problems.add(
                    bad + header_rows,
                    "",
                    "a quote opened here is never closed; this row and the rest of the file were not read",
                )
                continue
            raise BadValueError(f"cannot read this as a delimited table: {err}", source=source) from err
        except (UnicodeDecodeError, UnicodeError) as err:
            if encoding == "utf-8" and not notes:
                data, encoding, enc_warning = detect_encoding(data, source=source)
                kwargs["encoding"] = encoding
                notes.append(enc_warning or "not UTF-8")
                continue
            raise DecodeError(f"cannot decode the file as {encoding}: {err}", source=source) from err
        except (ValueError, OverflowError) as err:
            raise BadValueError(f"cannot read this as a delimited table: {err}", source=source) from err
        break
    for warning in caught:
        text = str(warning.message)
        if text.startswith("Length of header or names does not match"):
            notes.append(
                "rows have more fields than the header has columns; the extra fields were not read "
                "(is a column name missing from the header?)"
            )
        for line in text.splitlines():
            match = _BAD_LINE.search(line)
            if match:
                skipped.append((int(match.group(1)), match.group(2)))
    frame.columns = [str(c).strip().lstrip("\ufeff").strip() for c in frame.columns]
    if names is None and lower:
        frame.columns = [c.lower() for c in frame.columns]
    frame.columns = unique_names(frame.columns)
    # Spreadsheet row numbers: pandas' "line N" in a bad-line warning counts the header.
    total = len(frame) + len(skipped)
    first = header_rows + 1
    if skipped:
        bad_rows = np.array([r for r, _ in skipped])
        rows = np.setdiff1d(np.arange(first, first + total), bad_rows)[: len(frame)]
        for row, why in skipped:
            problems.add(row, "", f"wrong number of fields ({why}); row skipped")
    else:
        rows = np.arange(first, first + len(frame))
    frame.index = pd.Index(rows, dtype="int64")
    if skip_hxl and names is None and len(frame):
        frame = drop_hxl_row(frame)
    return frame, notes


MAX_FIELDS = 20_000
"""Most fields a header or the first row may have: wider is a broken file, and pandas took
30 s on one row of a million fields (24 s on a 200,000-column table)."""


def _check_width(data: bytes, sep: str, source: str) -> None:
    """Refuse at once a table whose header or first row is absurdly wide."""
    mark = sep.encode() if len(sep) == 1 and sep.isascii() else None
    if mark is None:
        return
    start = 0
    for line_no in (1, 2):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        # A quoted cell may hold any number of commas (a long note): only unquoted lines count.
        fields = data.count(mark, start, end) + 1 if data.find(b'"', start, end) < 0 else 0
        if fields > MAX_FIELDS:
            what = "the header" if line_no == 1 else "row 2"
            raise BadValueError(
                f"{what} has {fields:,} fields (more than {MAX_FIELDS:,}); this is not an events table "
                "(a broken export, or the wrong delimiter?)",
                source=source,
            )
        start = end + 1
        if start >= len(data):
            break


def _header_names(data: bytes, sep: str, encoding: str) -> list[str] | None:
    """The header row as pandas will name it, or None when unsure (then a callable selects columns)."""
    end = data.find(b"\n", 0, 1 << 20)
    if end < 0 or encoding not in ("utf-8", "utf-8-sig"):
        return None
    try:
        line = data[:end].decode(encoding).rstrip("\r")
        header = next(csv.reader([line], delimiter=sep))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    header = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(header)]
    if len(set(header)) != len(header) or any(h != h.strip() or not h for h in header):
        return None
    return header


def unique_names(names: Iterable[object]) -> list[str]:
    """Column names made unique ("date", "date" -> "date", "date.1"), as text."""
    seen: set[str] = set()
    out: list[str] = []
    for name in map(str, names):
        candidate, k = name, 0
        while candidate in seen:
            k += 1
            candidate = f"{name}.{k}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _normal_name(name: object) -> str:
    return str(name).strip().lstrip("\ufeff").strip()


def _read_arrow(
    data: bytes,
    *,
    sep: str,
    names: Sequence[str] | None,
    usecols: Sequence[str] | None,
    lower: bool,
    floats: Sequence[str] = (),
) -> pd.DataFrame | None:
    """Fast path: pyarrow's multi-threaded reader, all columns as strings, no copy of the bytes.

    Returns None whenever the file needs the careful reader (another encoding, ragged
    rows, an unclosed quote, duplicate headers...): that one finds and lists the problems.
    """
    buffer = pa.py_buffer(data)
    if data.startswith(codecs.BOM_UTF8):
        buffer = buffer.slice(3)
    elif sniff_encoding(data):
        return None
    if names is None:
        end = data.find(b"\n", 0, 1 << 20)
        try:
            line = data[: end if end >= 0 else len(data)].decode("utf-8").lstrip("\ufeff").rstrip("\r")
            header = next(csv.reader([line], delimiter=sep))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            return None
    else:
        header = list(names)
    if len(set(header)) != len(header) or not header:
        return None
    wanted = {c.lower() for c in usecols} if usecols is not None else None
    include = [h for h in header if wanted is None or _normal_name(h).lower() in wanted]
    numeric = {c.lower() for c in floats}
    text, number = pa.large_string(), pa.float64()
    try:
        table = pacsv.read_csv(
            pa.BufferReader(buffer),
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1 if names is None else 0, use_threads=READ_THREADS
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, quote_char='"' if names is None else False, newlines_in_values=names is None
            ),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas' "str" columns hold: no offset conversion later.
                column_types={h: number if _normal_name(h).lower() in numeric else text for h in header},
                include_columns=include,
                # Only an empty cell is a missing number: "NA" or "null" send the file to the
                # careful reader, which lists such cells as problems.
                null_values=[""],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if names is None and _may_hold_unclosed_quote(data, table):
        return None  # an unclosed quote: pyarrow swallowed the rest of the file into one cell
    if _MALLOC_TRIM is not None and len(data) > TRIM_AFTER_BYTES:
        # The reader's threads leave their freed block buffers in glibc's per-thread heaps,
        # where the rest of the load cannot reuse them: 1,000,000 ACLED rows kept 860 MB
        # instead of 540 MB after reading. Trimming takes 0.03 s.
        _MALLOC_TRIM(0)  # type: ignore[operator]
    frame = table.to_pandas()
    columns = [_normal_name(c) for c in frame.columns]
    frame.columns = unique_names([c.lower() for c in columns] if names is None and lower else columns)
    return frame


def _may_hold_unclosed_quote(data: bytes, table: pa.Table) -> bool:
    """True when a quote may be left open: an odd number of quotes in the file.

    A quote still open at the end makes pyarrow read the rest of the file into one cell of
    the last row, ending in a line break. So the file is scanned (0.1-0.3 s for 500 MB)
    only when the last row holds a line break or the file does not end with one.
    """
    if table.num_rows and data[-64:].rstrip(b" \t").endswith((b"\n", b"\r")):
        last = table.slice(table.num_rows - 1)
        if not any(
            "\n" in cell or "\r" in cell
            for cell in (last.column(i)[0].as_py() for i in range(last.num_columns))
            if isinstance(cell, str)
        ):
            return False
    return data.count(b'"') % 2 == 1


def drop_hxl_row(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop an HXL hashtag row (cells like ``#date+year``) directly under the header."""
    first = frame.iloc[0]
    cells = [str(v) for v in first if isinstance(v, str) and v]
    if cells and all(c.startswith("#") for c in cells):
        return frame.iloc[1:]
    return frame


def require_columns(frame: pd.DataFrame, required: Iterable[str], *, source: str, what: str) -> None:
    """Raise :class:`MissingColumnsError` listing every required column that is absent."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(list(frame.columns)[:12])
        raise MissingColumnsError(
            f"this {what} file lacks the column(s) {', '.join(missing)}; found: {found}", source=source
        )


def strings(frame: pd.DataFrame, column: str, *, strip: bool = True) -> pd.Series:
    """A string column ('' where missing or absent), stripped unless ``strip`` is False (long text)."""
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="str")
    col = frame[column]
    if not pd.api.types.is_string_dtype(col):
        # Typed columns (ints, floats) hold few distinct values: format each once.
        codes, uniques = pd.factorize(col)
        return take_strings([_plain(v) for v in uniques], codes, col.index)
    if col.hasnans:
        col = col.fillna("")
    return col.str.strip() if strip else col


def _plain(value: object) -> str:
    """A typed cell as text: whole floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def numbers(
    frame: pd.DataFrame,
    column: str,
    problems: Problems,
    *,
    integer: bool = False,
    label: str | None = None,
    minimum: float | None = None,
    decimal_comma: bool = False,
) -> pd.Series:
    """A numeric column; unreadable, infinite or out-of-range cells become missing and are listed.

    ``minimum`` bounds a count (fatalities cannot be negative); whole numbers beyond
    2**53 are refused for ``integer`` columns, since no float holds them exactly and
    casting an overflow would give a wrong count rather than a missing one.
    """
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    col = frame[column]
    name = label or column
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        values = col.astype("float64")
        raw: pd.Series | None = None
    else:
        raw = strings(frame, column)
        values = _arrow_float(raw)
        if values is None:
            values = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        values = values.astype("float64")
        missing = values.isna()
        # Only a missing value can be a problem: compare the text only then (1M rows: 30 ms each).
        bad = missing & (raw != "") if missing.any() else missing
        if bad.any():
            values, bad = _reread(raw, values, bad, integer=integer, decimal_comma=decimal_comma)
        if bad.any():
            problems.add_rows(frame.index[bad], name, "not a number, left empty", raw[bad].tolist())
    values = _checked_range(values, frame.index, raw, problems, name, integer=integer, minimum=minimum)
    if integer:
        whole = values.isna() | (values == values.round())
        if not whole.all() and raw is not None:
            # "1.234" parsed as a fraction is a count grouped the European way: 1234.
            values, fraction = _reread(raw, values, ~whole, integer=True, decimal_comma=False)
            whole = ~fraction
        if not whole.all():
            shown = raw[~whole].tolist() if raw is not None else [_plain(v) for v in values[~whole]]
            problems.add_rows(frame.index[~whole.to_numpy()], name, "not a whole number, left empty", shown)
            values = values.where(whole)
        return values.astype("Float64").round().astype("Int64")
    return values


# Counts written with thousands separators: 1,234 / 1.234 / 1 234 (also no-break spaces).
_GROUPED = r"[+-]?\d{1,3}(?:([,.\u00a0\u202f ])\d{3})(?:\1\d{3})*"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"


def _reread(
    raw: pd.Series,
    values: pd.Series,
    bad: pd.Series,
    *,
    integer: bool,
    decimal_comma: bool,
) -> tuple[pd.Series, pd.Series]:
    """Read again the cells no float parse took: grouped counts, decimal commas (coordinates).

    Only the failed cells are looked at, so clean columns pay nothing.
    """
    cells = raw[bad]
    fixed = pd.Series(np.nan, index=cells.index, dtype="float64")
    if integer:
        grouped = cells.str.fullmatch(_GROUPED)
        if grouped.any():
            plain = cells[grouped].str.replace(r"[,.\u00a0\u202f ]", "", regex=True)
            fixed[grouped] = pd.to_numeric(plain, errors="coerce")
    if decimal_comma:
        comma = cells.str.fullmatch(_DECIMAL_COMMA)
        if comma.any():
            fixed[comma] = pd.to_numeric(cells[comma].str.replace(",", ".", regex=False), errors="coerce")
    ok = fixed.notna()
    if not ok.any():
        return values, bad
    values = values.copy()
    values[ok[ok].index] = fixed[ok]
    bad = bad.copy()
    bad[ok[ok].index] = False
    return values, bad


LARGEST_COUNT = float(2**53)


def _checked_range(
    values: pd.Series,
    index: pd.Index,
    raw: pd.Series | None,
    problems: Problems,
    name: str,
    *,
    integer: bool,
    minimum: float | None,
) -> pd.Series:
    """``values`` with infinities, counts too large to hold and values under ``minimum`` missing."""
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(arr)
    if not present.any():
        return values
    bad_inf = present & ~np.isfinite(arr)
    bad_big = (
        present & np.isfinite(arr) & (np.abs(arr) > LARGEST_COUNT) if integer else np.zeros(len(arr), bool)
    )
    bad_low = present & (arr < minimum) if minimum is not None else np.zeros(len(arr), bool)
    bad_low &= ~bad_inf
    for mask, message in (
        (bad_inf, "not a finite number, left empty"),
        (bad_big, "too large for a count, left empty"),
        (bad_low, f"below {minimum:g}, left empty" if minimum is not None else ""),
    ):
        if mask.any():
            shown = raw[mask].tolist() if raw is not None else [_plain(v) for v in arr[mask]]
            problems.add_rows(index[mask], name, message, shown)
    drop = bad_inf | bad_big | bad_low
    if drop.any():
        values = values.mask(pd.Series(drop, index=values.index))
    return values


def _arrow_float(raw: pd.Series) -> pd.Series | None:
    """Clean numeric text to float64 in C (pyarrow); None when any cell is not a number."""
    try:
        arr = _arrow_strings(raw)
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)
        floats = pc.cast(arr, pa.float64())
    except (pa.ArrowException, ValueError, TypeError):
        return None
    return pd.Series(floats.to_numpy(zero_copy_only=False), index=raw.index, dtype="float64")


def _arrow_strings(col: pd.Series) -> pa.ChunkedArray | pa.Array:
    """The Arrow strings behind a text column, without a copy when pandas already holds them."""
    if isinstance(col.array, pd.arrays.ArrowStringArray):
        held = col.array.__arrow_array__()
        if pa.types.is_large_string(held.type):
            return held
    return pa.array(col, type=pa.large_string())


def coordinates(frame: pd.DataFrame, lat: str, lon: str, problems: Problems) -> tuple[pd.Series, pd.Series]:
    """Latitude/longitude, out-of-range values dropped and listed."""
    la = numbers(frame, lat, problems, decimal_comma=True)
    lo = numbers(frame, lon, problems, decimal_comma=True)
    bad = (la.abs() > 90) | (lo.abs() > 180)
    if bad.any():
        problems.add_rows(frame.index[bad], lat, "coordinates out of range, left empty")
        la = la.mask(bad)
        lo = lo.mask(bad)
    half = la.isna() != lo.isna()
    if half.any() and lat in frame.columns and lon in frame.columns:
        # A point needs both: one coordinate alone would be drawn on a meridian or the equator.
        listed = {p.row for p in problems.items if p.column in (lat, lon)}
        unlisted = half & ~frame.index.isin(listed)
        if unlisted.any():
            problems.add_rows(frame.index[unlisted], lat, "latitude or longitude missing, both left empty")
        la = la.mask(half)
        lo = lo.mask(half)
    return la, lo


# --------------------------------------------------------------------------- dates


# Invisible characters that are never part of a name or a date: zero-width space, word
# joiner, BOM (a file pasted after another's), direction marks, soft hyphen. Zero-width
# (non-)joiners stay: Persian and Indic spellings need them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u200e\u200f\u061c\u00ad"), None)
# Decimal digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali, Thai,
# Myanmar, Khmer) as ASCII; NFKC already maps full-width digits and punctuation.
_DIGITS = {
    zero + i: str(i)
    for zero in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0E50, 0x1040, 0x17E0)
    for i in range(10)
}


def tidy_name(value: str) -> str:
    """A name as one spelling: invisible characters dropped, composed (NFC: 'é' one way)."""
    if value.isascii():
        return value.strip()
    return unicodedata.normalize("NFC", value.translate(_INVISIBLE)).strip()


def _date_text(value: str) -> str:
    """A date cell with other scripts' digits, full-width forms and invisibles made plain."""
    if not isinstance(value, str) or value.isascii():
        return value
    return unicodedata.normalize("NFKC", value.translate(_INVISIBLE)).translate(_DIGITS).strip()


def parse_dates(raw: pd.Series, formats: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Parse strings trying each (format, precision) in turn, on distinct values only.

    Returns (start as datetime64[s], precision as object array); unparsed cells are
    NaT with precision ''. Vectorised: one ``to_datetime`` call per format group.
    """
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    uniq = pd.Series(np.asarray(uniques, dtype=object), dtype=object).str.strip()
    # Per distinct value: '２０２１-１１-０３', '٢٠٢١-١١-٠٣' or a date after a BOM were skipped rows.
    uniq = _without_offset(uniq.map(_date_text, na_action="ignore"))
    starts = np.full(len(uniq), NAT, dtype="datetime64[s]")
    precs = np.full(len(uniq), "", dtype=object)
    todo = np.ones(len(uniq), dtype=bool)
    cache: dict[str, np.ndarray] = {}
    for fmt, precision in formats:
        if not todo.any():
            break
        candidates = todo & _may_fit(uniq, fmt, cache)
        if not candidates.any():
            continue
        sub = uniq[candidates]
        parsed = pd.to_datetime(sub, format=fmt, errors="coerce")
        ok = parsed.notna().to_numpy()
        if not ok.any():
            continue
        idx = np.flatnonzero(candidates)[ok]
        starts[idx] = parsed[ok].to_numpy().astype("datetime64[s]")
        precs[idx] = precision
        todo[idx] = False
    if len(codes) == 0:
        return np.empty(0, dtype="datetime64[s]"), np.empty(0, dtype=object)
    valid = codes >= 0
    out_start = np.full(len(codes), NAT, dtype="datetime64[s]")
    out_prec = np.full(len(codes), "", dtype=object)
    out_start[valid] = starts[codes[valid]]
    out_prec[valid] = precs[codes[valid]]
    return out_start, out_prec


_DIRECTIVE = re.compile(r"%.")
_NAMED = ("%a", "%A", "%b", "%B", "%p")


def _may_fit(uniq: pd.Series, fmt: str, cache: dict[str, np.ndarray]) -> np.ndarray:
    """Cells that hold every separator of ``fmt`` (and, for an all-number layout, no letter).

    A cheap test per separator (cached across formats) spares ``to_datetime`` the cells
    that cannot fit: a column of 200,000 distinct non-dates took 7 s through 27 layouts.
    """
    keep = np.ones(len(uniq), dtype=bool)
    needs = set(_DIRECTIVE.sub("", fmt)) - {" "}
    if not any(d in fmt for d in _NAMED):
        needs.add("no-letters:" + "".join(sorted(c for c in needs if c.isalpha())))
    for need in needs:
        if need not in cache:
            if need.startswith("no-letters:"):
                allowed = need.removeprefix("no-letters:")
                pattern = f"[^\\W\\d_{allowed}{allowed.lower()}]" if allowed else r"[^\W\d_]"
                cache[need] = ~uniq.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
            else:
                cache[need] = uniq.str.contains(need, regex=False, na=False).to_numpy(dtype=bool)
        keep &= cache[need]
    return keep


_OFFSET = re.compile(r"(\d:\d\d(?::\d\d)?(?:\.\d+)?) ?(?:Z|(?:UTC|GMT)? ?[+-]\d\d?(?::?\d\d)?|UTC|GMT)$")
"""A UTC offset after a time: no nested or adjacent repeats, so it runs in linear time."""


def _without_offset(uniq: pd.Series) -> pd.Series:
    """Timestamps with a UTC offset ("2021-03-01T23:30:00+05:00") keep their wall-clock time.

    An event's date is the local date where it happened: converting to UTC would move
    a late-evening event in Asia, or an early-morning one in the Americas, to another day.
    """
    # A timestamp is short: a long cell (a broken file) is not searched at all.
    timed = uniq.str.contains(":", regex=False, na=False) & (uniq.str.len() <= 64)
    if not timed.any():
        return uniq
    uniq = uniq.copy()
    uniq[timed] = uniq[timed].str.replace(_OFFSET, r"\1", regex=True)
    return uniq


def span_end(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Exclusive end of the span of each start at its precision (NaT stays NaT)."""
    start = start.astype("datetime64[s]")
    end = np.full(len(start), NAT, dtype="datetime64[s]")
    steps = {
        "second": np.timedelta64(1, "s"),
        "minute": np.timedelta64(60, "s"),
        "hour": np.timedelta64(3600, "s"),
        "day": np.timedelta64(86400, "s"),
        "week": np.timedelta64(7 * 86400, "s"),
    }
    for name, step in steps.items():
        mask = precision == name
        if mask.any():
            end[mask] = start[mask] + step
    for name, months in (("month", 1), ("quarter", 3), ("season", 3)):
        mask = precision == name
        if mask.any():
            end[mask] = (start[mask].astype("datetime64[M]") + months).astype("datetime64[s]")
    for name, years in (("year", 1), ("decade", 10), ("century", 100)):
        mask = precision == name
        if mask.any():
            end[mask] = (start[mask].astype("datetime64[Y]") + years).astype("datetime64[s]")
    return end


def _slash_parts(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(slash dates, their first number, their second number) among the first 5000 values."""
    head = raw.head(5000)
    # The first 5000 values present; dropna over the whole column would copy it.
    sample = (raw.dropna().head(5000) if head.hasnans else head).astype(str)
    slash = sample[sample.str.fullmatch(r"\s*\d{1,2}/\d{1,2}/\d{2,4}(?:[ T]\d.*)?\s*")]
    parts = slash.str.strip().str.split("/", n=2)
    return slash, pd.to_numeric(parts.str[0], errors="coerce"), pd.to_numeric(parts.str[1], errors="coerce")


def slash_order_warning(raw: pd.Series, column: str) -> str | None:
    """A warning when slash dates could be read either way: no day above 12 tells which.

    They are then read month first, as a spreadsheet in a US locale writes them; the
    analyst must hear it, since 09/05/2020 is 9 May in most of the world.
    """
    if pd.api.types.is_datetime64_any_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        return None
    slash, first, second = _slash_parts(raw)
    if slash.empty or (first > 12).any() or (second > 12).any() or (first == second).all():
        return None
    example = slash.iloc[int(np.flatnonzero((first != second).to_numpy())[0])].strip()
    month, day = example.split("/")[:2]
    example = example.split()[0]
    return (
        f"column {column!r}: slash dates such as {example!r} could be day/month or month/day "
        f"and no day above 12 tells which; read month first ({example!r} = month {int(month)}, "
        f"day {int(day)}); if they are day first, save them as YYYY-MM-DD"
    )


def generic_formats(raw: pd.Series) -> list[tuple[str, str]]:
    """Format list for a column of unknown layout; slash dates read day-first when any day > 12."""
    _, first, _ = _slash_parts(raw)
    day_first = bool((first > 12).any())
    slash_formats = SLASH_DAY_FIRST if day_first else SLASH_MONTH_FIRST
    return [*TIME_FORMATS, *DAY_FORMATS, *slash_formats, *COARSE_FORMATS]


def midnight_is_day(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Datasets write date-only values as midnight timestamps: call those day precision."""
    timed = (precision == "second") | (precision == "minute")
    if timed.any():
        midnight = (start - start.astype("datetime64[D]")) == np.timedelta64(0, "s")
        precision = precision.copy()
        precision[timed & midnight] = "day"
    return precision


def parse_generic_dates(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dates of mixed layout and precision ("2021", "2021-08", "August 2021", "2021-08-15").

    Real datetimes (from Excel or Parquet) pass through; whole numbers are years.
    """
    if pd.api.types.is_datetime64_any_dtype(raw):
        col = raw
        if getattr(col.dt, "tz", None) is not None:
            # The wall-clock time where it happened, as for offsets written in text.
            col = col.dt.tz_localize(None)
        start = col.to_numpy().astype("datetime64[s]")
        prec = np.where(np.isnat(start), "", "second").astype(object)
        return start, midnight_is_day(start, prec)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        num = pd.to_numeric(raw, errors="coerce").astype("float64")
        text = num.map(lambda v: f"{v:.0f}" if v == v and float(v).is_integer() else "", na_action="ignore")
    else:
        text = raw.map(_cell_text, na_action="ignore")
    text = text.astype(object).where(text.notna() & (text != ""), None)
    start, prec = parse_dates(text, generic_formats(text))
    start, prec = _excel_serials(raw, text, start, prec)
    return start, midnight_is_day(start, prec)


_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def _excel_serials(
    raw: pd.Series, text: pd.Series, start: np.ndarray, prec: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spreadsheet day numbers (44197 is 2021-01-01) where no layout read the cell.

    A date cell that lost its format in Excel, or a CSV saved from it, holds the serial
    day of Excel's 1900 system. Only five-digit numbers (1927 to 2173) are read so: four
    digits are years, eight are YYYYMMDD.
    """
    todo = np.isnat(start)
    if not todo.any():
        return start, prec
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    else:
        cells = text.where(todo).astype(object)
        serial_like = cells.map(lambda v: bool(_SERIAL.match(v)) if isinstance(v, str) else False)
        cells = cells.where(serial_like.astype(bool))
        values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    serial = todo & (values >= 10000) & (values < 100000)
    if not serial.any():
        return start, prec
    start = start.copy()
    prec = prec.copy()
    seconds = np.round(values[serial] * 86400).astype("int64")
    start[serial] = EXCEL_EPOCH + seconds.astype("timedelta64[s]")
    prec[serial] = np.where(seconds % 86400 == 0, "day", "second")
    return start, prec


def _cell_text(value: object) -> str:
    """A cell as date text: datetimes to ISO, whole floats without '.0'."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- output


def take_strings(values: Sequence[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A string column from distinct values and per-row codes (-1 -> ''), built in C by pyarrow."""
    pool = pa.array([*values, ""], type=pa.large_string())
    codes = np.where(codes < 0, len(values), codes)
    return pd.Series(pd.arrays.ArrowStringArray(pc.take(pool, pa.array(codes))), index=index, dtype="str")


def same_string(value: str, index: pd.Index) -> pd.Series:
    """A column holding ``value`` in every row, built from two buffers (no per-row work)."""
    n = len(index)
    encoded = value.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(encoded) if encoded else np.zeros(n + 1, dtype=np.int64)
    array = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(encoded * n))
    return pd.Series(pd.arrays.ArrowStringArray(array), index=index, dtype="str", copy=False)


def joined(left: pd.Series, right: pd.Series, separator: str) -> pd.Series:
    """``left + separator + right`` per row, or ``left`` alone where ``right`` is empty; one pass."""
    a = _arrow_strings(left)
    b = _arrow_strings(right)
    # An empty right side becomes null, and the join skips nulls (so no separator either).
    b = pc.if_else(pc.equal(b, ""), pa.scalar(None, pa.large_string()), b)
    out = pc.binary_join_element_wise(a, b, pa.scalar(separator, pa.large_string()), null_handling="skip")
    return pd.Series(pd.arrays.ArrowStringArray(out), index=left.index, dtype="str", copy=False)


def fold_names(names: pd.Series) -> pd.Series:
    """Each cell folded to its canonical actor name ('' stays ''), once per distinct name."""
    codes, values = pd.factorize(names)
    values = [v if isinstance(v, str) else "" for v in values]
    tidy = {v: tidy_name(v) for v in values}
    uniques = [v for v in values if tidy[v]]  # a lone BOM or zero-width space is no name
    folded = fold_actors(pd.Series([tidy[v] for v in uniques], dtype=object)).tolist() if uniques else []
    mapping = dict(zip(uniques, folded, strict=True))
    return take_strings([mapping.get(v, "") for v in values], codes, names.index)


def actor_lists(columns: Sequence[pd.Series], *, split: Sequence[bool]) -> pd.Series:
    """The folded, de-duplicated actor list per row from actor columns (see :func:`actor_columns`)."""
    return actor_columns(columns, split=split)[0]


def actor_columns(
    columns: Sequence[pd.Series], *, split: Sequence[bool], singles: Sequence[int] = ()
) -> tuple[pd.Series, list[pd.Series]]:
    """(actor list per row, the folded single-name columns ``singles``) from actor columns.

    ``split[i]`` says column i holds semicolon-separated lists (ACLED assoc_actor_*).
    Work is done once per distinct cell and per distinct combination of cells
    (integer codes), not once per row; each column is factorised once.
    """
    index = columns[0].index
    codes_per_col: list[np.ndarray] = []
    values_per_col: list[np.ndarray] = []
    for col in columns:
        codes, uniques = pd.factorize(col)
        codes_per_col.append(codes)
        values_per_col.append(np.asarray(uniques, dtype=object))
    if len(index) == 0:
        empty = pd.Series([], index=index, dtype="str")
        return pd.Series([], index=index, dtype=object), [empty for _ in singles]
    key, first = combinations(codes_per_col, [len(v) for v in values_per_col])
    names: dict[str, None] = {}
    for values, flag in zip(values_per_col, split, strict=True):
        for value in values:
            if isinstance(value, str):
                for part in value.split(";") if flag else (value,):
                    if part.strip():
                        names[part.strip()] = None
    # NFD and NFC spellings, or a name behind a BOM or zero-width space, are one actor.
    tidy = {name: tidy_name(name) for name in names}
    real = [name for name in names if tidy[name]]  # a lone BOM or zero-width space is no name
    folded = dict.fromkeys(names, "")
    if real:
        folded.update(zip(real, fold_actors(pd.Series([tidy[n] for n in real], dtype=object)), strict=True))
    # Per column: each distinct cell as a tuple of folded names; a trailing () for missing cells.
    parts = []
    for values, codes, flag in zip(values_per_col, codes_per_col, split, strict=True):
        tuples = np.empty(len(values) + 1, dtype=object)
        tuples[:] = [_folded_tuple(v, flag, folded) for v in values] + [()]
        parts.append(tuples[codes[first]])  # code -1 (missing) takes the trailing ()
    lists = np.empty(len(first), dtype=object)
    # Per combination: the columns' tuples joined, repeats dropped (first kept), as a list;
    # chained C-level maps, no Python loop body.
    combined: Iterable[tuple[str, ...]] = parts[0].tolist()
    for part in parts[1:]:
        combined = map(operator.add, combined, part.tolist())
    lists[:] = list(map(list, map(dict.fromkeys, combined)))
    single_columns = [
        take_strings(
            [folded.get(v.strip(), "") if isinstance(v, str) else "" for v in values_per_col[i]],
            codes_per_col[i],
            index,
        )
        for i in singles
    ]
    # Rows with the same cells share one list object (the table treats cells as values).
    return pd.Series(lists[key], index=index, dtype=object), single_columns


def combinations(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(combination number of each row, one row of each combination) for per-column codes.

    ``codes[i]`` are factorised codes (-1 for missing) of column i, which has ``sizes[i]``
    distinct values. One int64 key per row (mixed radix), numbered by hashing, not sorting.
    """
    n = len(codes[0])
    key = np.zeros(n, dtype=np.int64)
    radix = 1
    for col, size in zip(codes, sizes, strict=True):
        if radix * (size + 1) >= 2**62:
            key, seen = pd.factorize(key)  # re-code densely before int64 could overflow
            radix = len(seen)
        key = key * (size + 1) + (col + 1)
        radix *= size + 1
    number, distinct = pd.factorize(key)
    # Any row stands for its combination: all its rows hold the same cells.
    first = np.empty(len(distinct), dtype=np.int64)
    first[number] = np.arange(n, dtype=np.int64)
    return number, first


def _folded_tuple(value: object, split: bool, folded: dict[str, str]) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    parts = (p.strip() for p in (value.split(";") if split else (value,)))
    return tuple(folded[p] for p in parts if p and folded[p])


def labelled_notes(s: dict[str, pd.Series], fields: Sequence[tuple[str, str]]) -> pd.Series:
    """'label: value' pairs joined by '; ' for dataset fields that have no column of their own.

    These fields repeat a lot (source, admin area, precision codes): the text is built once
    per distinct combination of their values (one integer key over per-field codes) and
    taken per row by pyarrow, so no per-row Python and no intermediate text columns.
    """
    index = next(iter(s.values())).index
    n = len(index)
    labels: list[str] = []
    words: list[list[str]] = []
    codes_per_field: list[np.ndarray] = []
    for column, label in fields:
        if not n:
            break
        codes, uniques = pd.factorize(s[column])
        if all(u == "" or not isinstance(u, str) for u in uniques):
            continue  # the field is empty in every row
        labels.append(label)
        words.append([u if isinstance(u, str) else "" for u in uniques])
        codes_per_field.append(codes)
    if not labels:
        return pd.Series("", index=index, dtype="str")
    number, first = combinations(codes_per_field, [len(w) for w in words])
    cells = [[words[f][c] if c >= 0 else "" for c in codes_per_field[f][first]] for f in range(len(labels))]
    texts = [
        "; ".join(f"{label}: {cell}" for label, cell in zip(labels, combo, strict=True) if cell)
        for combo in zip(*cells, strict=True)
    ]
    return take_strings(texts, number, index)


def _as_column(name: str, value: object, index: pd.Index) -> object:
    if SCHEMA_COLUMNS.get(name) == "str":
        if isinstance(value, str):
            return same_string(value, index)
        if isinstance(value, pd.Series) and pd.api.types.is_string_dtype(value) and value.dtype != object:
            return value.set_axis(index)
        codes, uniques = pd.factorize(pd.Series(np.asarray(value, dtype=object)))
        return take_strings([u if isinstance(u, str) else str(u) for u in uniques], codes, index)
    if isinstance(value, pd.Series) and len(value) == len(index):
        return value.set_axis(index)
    return value


# Defaults of schema columns a dataset does not fill (typed, so validate converts nothing).
EMPTY_DEFAULTS: dict[str, object] = {"confidence": 1.0, "edited": False, "approximate": False}


# Defaults of schema columns a dataset does not fill (typed, so validate converts nothing).
EMPTY_DEFAULTS: dict[str, object] = {"confidence": 1.0, "edited": False, "approximate": False}


def _empty_column(name: str, dtype: str, index: pd.Index) -> object:
    n = len(index)
    if dtype == "str":
        return same_string("", index)
    if dtype == "Int64":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if dtype == "float64":
        return np.full(n, EMPTY_DEFAULTS.get(name, np.nan), dtype="float64")
    if dtype == "bool":
        return np.full(n, EMPTY_DEFAULTS.get(name, False), dtype=bool)
    if dtype == DATETIME:
        return np.full(n, NAT, dtype="datetime64[s]")
    lists = np.empty(n, dtype=object)
    lists[:] = [[] for _ in range(n)]
    return lists


def finish(
    columns: dict[str, object],
    *,
    index: pd.Index,
    source: str,
    problems: Problems,
    keep: pd.Series | None = None,
) -> pd.DataFrame:
    """Assemble, drop rows with problems that make them unusable, de-duplicate ids, validate."""
    # Positional, not aligned: every column is one value per row of ``index``; text columns
    # are made Arrow strings here (in C) so that ``validate`` has nothing left to convert.
    columns = {k: _as_column(k, v, index) for k, v in columns.items()}
    for name in TIDY_COLUMNS:
        if isinstance(columns.get(name), pd.Series):
            columns[name] = tidy_column(columns[name])
    for name, dtype in SCHEMA_COLUMNS.items():
        if name not in columns:
            columns[name] = _empty_column(name, dtype, index)
    # One frame from all columns (inserting columns one by one re-shuffles pandas' blocks);
    # copy=False: every column was built here for this table; copying 1,000,000 rows costs.
    table = pd.DataFrame(columns, index=index, copy=False)
    if keep is not None and not keep.all():
        table = table[keep.to_numpy()]
    try:
        # Repeated ids are rare: let validate find them (one uniqueness pass, not two).
        return validate(table)
    except SchemaError as err:
        dup = table["event_id"].duplicated()
        if not dup.any():
            raise SchemaError(str(err), source=source) from err
    problems.add_rows(
        table.index[dup],
        "event_id",
        "repeats an earlier row's id; kept the first",
        table.loc[dup, "event_id"].tolist(),
    )
    try:
        return validate(table[~dup.to_numpy()])
    except SchemaError as err:
        raise SchemaError(str(err), source=source) from err


TIDY_COLUMNS = ("location", "country", "actor1", "actor2", "event_type", "sub_event_type")
"""Columns filtered by exact value: one spelling each (see :func:`tidy_name`)."""


def tidy_column(col: pd.Series) -> pd.Series:
    """``col`` with each distinct non-ASCII value tidied once (ASCII columns pass untouched)."""
    if not pd.api.types.is_string_dtype(col) or len(col) == 0:
        return col
    arr = _arrow_strings(col.fillna("") if col.hasnans else col)
    if pc.all(pc.string_is_ascii(arr)).as_py():
        return col
    codes, uniques = pd.factorize(col)
    return take_strings([tidy_name(v) if isinstance(v, str) else "" for v in uniques], codes, col.index)


def wrap_unexpected(source: str, err: Exception) -> TimelineError:
    """Turn a third-party parsing failure into our error naming the file."""
    return BadValueError(f"cannot read this table ({type(err).__name__}: {err})", source=source)


# What pandas, pyarrow and numpy raise on damaged or surprising input.
PARSER_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    MemoryError,
    pa.ArrowException,
)


@contextmanager
def parsing(source: str) -> Iterator[None]:
    """Our own errors pass; a third-party parser failure becomes one naming the file.

    The cyclic garbage collector is paused meanwhile: a large file builds hundreds of
    thousands of actor lists, and each automatic collection would walk all of them
    again (1,000,000 ACLED rows: lists built in 0.06 s without it, 0.26 s with it).
    The loaders make no reference cycles; collection resumes afterwards.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    except TimelineError:
        raise
    except PARSER_ERRORS as err:
        raise wrap_unexpected(source, err) from err
    finally:
        if paused:
            gc.enable()


def result(
    table: pd.DataFrame,
    *,
    source: str,
    loader: str,
    problems: Problems,
    rows_read: int,
    warnings: Iterable[str] = (),
) -> LoadResult:
    """The :class:`LoadResult` every dataset loader returns."""
    return LoadResult(
        table=table,
        source=source,
        loader=loader,
        problems=problems.sorted(),
        rows_read=rows_read,
        warnings=(*warnings, *problems.notes),
    )


def is_zip_xlsx(head: bytes) -> bool:
    """True for an Office Open XML workbook (a ZIP with xl/ inside)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    return b"xl/" in head[:4096] or b"[Content_Types].xml" in head[:4096]


def zip_has_xl(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(n.startswith("xl/") for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


__all__ = [
    "DAY_FORMATS",
    "Problems",
    "UnknownFormatError",
    "actor_lists",
    "binary_kind",
    "check_size",
    "coordinates",
    "detect_encoding",
    "finish",
    "first_lines",
    "header_fields",
    "numbers",
    "parse_dates",
    "parse_generic_dates",
    "read_delimited",
    "require_columns",
    "sniff_delimiter",
    "span_end",
    "strings",
    "wrap_unexpected",
]
DATETIME_DTYPE = DATETIME
