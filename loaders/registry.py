"""Loader registry: every input format is one module, chosen by sniffing its bytes.

A loader module defines::

    NAME: str                                   # registry name, e.g. "acled"
    DESCRIPTION: str                            # one line for help texts
    def sniff(head: bytes, filename: str) -> float   # 0..1, how sure it reads this
    def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult

``load`` returns a validated table (``events.schema.validate``) plus row problems.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from types import ModuleType
from typing import Any

import pandas as pd

from events.errors import (
    BadValueError,
    EmptyInputError,
    FileTooLargeError,
    MissingColumnsError,
    RowProblem,
    UnknownFormatError,
)
from loaders.io import binary_kind

# Registry name -> module. Order breaks sniffing ties (more specific formats first).
LOADERS: dict[str, str] = {
    "acled": "loaders.acled",
    "ucdp": "loaders.ucdp",
    "gdelt": "loaders.gdelt",
    "table": "loaders.table",
    "document": "loaders.document",
    "text": "loaders.text",
}
MAX_BYTES = 200 * 1024 * 1024
"""Largest input accepted by default (200 MiB); the UI and CLI may lower it."""
SNIFF_BYTES = 64 * 1024
_SEP_LINE = re.compile(rb"(\xef\xbb\xbf)?sep=[,;\t|]\r?\n", re.IGNORECASE)


@dataclass(frozen=True)
class LoadOptions:
    """Options every loader accepts; each ignores what does not apply to it."""

    published: date | None = None
    """Publication / reference date for relative expressions in text."""
    mapping: dict[str, str] | None = None
    """Generic tables: schema column -> source column (start, end, actors, ...)."""
    max_bytes: int = MAX_BYTES
    text_mode: str = "auto"
    """Text: how relative dates anchor: "news", "narrative" (histories) or "auto"."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    """What a loader gives: the validated events and what it could not read."""

    table: pd.DataFrame
    source: str
    loader: str
    problems: tuple[RowProblem, ...] = ()
    rows_read: int = 0
    warnings: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_skipped(self) -> int:
        return len({p.row for p in self.problems})


def get_loader(name: str) -> ModuleType:
    """The loader module registered as ``name``."""
    if name not in LOADERS:
        raise UnknownFormatError(f"unknown format {name!r}; choose one of {', '.join(LOADERS)}")
    return importlib.import_module(LOADERS[name])


def sniff(data: bytes, filename: str = "") -> str:
    """Name of the loader most sure it can read ``data``."""
    head = data[:SNIFF_BYTES]
    scores = {name: float(get_loader(name).sniff(head, filename)) for name in LOADERS}
    best = max(scores, key=lambda n: scores[n])
    if scores[best] <= 0:
        kind = binary_kind(head)
        if kind:
            raise UnknownFormatError(
                f"this is {kind}, not a text or table file this tool reads", source=filename or None
            )
        raise UnknownFormatError(
            "cannot tell what this file is: it is not text, ACLED, UCDP GED, GDELT or a "
            "CSV/Excel/JSON/Parquet table",
            source=filename or None,
        )
    return best


def load(
    data: bytes,
    *,
    source: str,
    format: str | None = None,
    options: LoadOptions | None = None,
) -> LoadResult:
    """Load ``data`` (the bytes of one file) with the named or sniffed loader."""
    options = options or LoadOptions()
    if len(data) > options.max_bytes:
        raise FileTooLargeError(
            f"file is {len(data) / 1e6:.1f} MB; the limit is {options.max_bytes / 1e6:.1f} MB",
            source=source,
        )
    # A format named by the caller, or an Office name, is that loader's to read (and refuse).
    office = source.lower().endswith((".docx", ".xlsx", ".xlsm", ".ods", ".odt"))
    member = None if format or office else _single_member(data, source, options.max_bytes)
    if member is not None:
        inner, name = member
        result = load(inner, source=source, format=format, options=options)
        return replace(result, warnings=(f"read {name!r} from the ZIP archive", *result.warnings))
    directive = _SEP_LINE.match(data[:16])
    if directive:
        # Excel's 'sep=;' first line names the delimiter and is not a row: read as the
        # header, every column was 'Unnamed' and no date column was found.
        data = (directive.group(1) or b"") + data[directive.end() :]
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyInputError("the file is empty: there is nothing to load", source=source)
    # A column mapping is the generic table loader's: a file the ACLED loader refused for a
    # missing column comes back with the analyst's mapping and must not go to it again.
    name = format or ("table" if options.mapping else sniff(data, source))
    titled = format is None and not options.mapping and source.lower().endswith(TABLE_NAMES)
    if titled and name == "text":
        preamble = _preamble(data, source)
        if preamble:
            return _load_below(data, preamble, source=source, options=options)
    try:
        return get_loader(name).load(data, source=source, options=options)
    except MissingColumnsError:
        # One title line read as the header: 'no date column; the table has: Data: ACLED...'.
        preamble = _preamble(data, source) if titled and name == "table" else 0
        if not preamble:
            raise
        return _load_below(data, preamble, source=source, options=options)


TABLE_NAMES = (".csv", ".tsv", ".tab")
MAX_PREAMBLE = 10
"""Title lines looked past above a table's header ('ACLED export', 'Generated on ...')."""


def _preamble(data: bytes, source: str) -> int:
    """How many title lines stand above a table's header in a file named as a table (0: none).

    A .csv whose first lines are a title was read as an article: every row became prose
    and the text loader invented events from it.
    """
    head = data[:SNIFF_BYTES]
    lines = head.split(b"\n")
    for skip in range(1, min(MAX_PREAMBLE, len(lines) - 2) + 1):
        rest = b"\n".join(lines[skip:])
        tables = (n for n in LOADERS if n not in ("text", "document"))
        if max(float(get_loader(n).sniff(rest, source)) for n in tables) >= 0.5:
            return skip
    return 0


def _load_below(data: bytes, skip: int, *, source: str, options: LoadOptions) -> LoadResult:
    """Load the table under ``skip`` title lines; rows keep the numbers the file shows."""
    lines = data.split(b"\n", skip)
    body = lines[-1]
    title = b" / ".join(line.strip() for line in lines[:-1] if line.strip()).decode("utf-8", "replace")
    result = get_loader(sniff(body, source)).load(body, source=source, options=options)
    return replace(
        result,
        problems=tuple(RowProblem(p.row + skip, p.column, p.message) for p in result.problems),
        warnings=(f"the {skip} line(s) above the header were left out: {title[:120]!r}", *result.warnings),
    )


ZIPPED_NAMES = (".csv", ".tsv", ".tab", ".txt", ".json", ".jsonl", ".ndjson")
"""Files read from inside a ZIP archive of one file (GDELT ships every table as .CSV.zip)."""


def _single_member(data: bytes, source: str, max_bytes: int) -> tuple[bytes, str] | None:
    """(bytes, name) of the one table or text file a ZIP archive holds, else None.

    Office files (several parts) are left to their loaders. The member is read only up
    to the size limit, whatever size the archive declares (a zip bomb stops there).
    """
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except Exception:  # any damage: the loaders of ZIP-based files (xlsx, docx) name it
        return None
    if len(infos) != 1 or not infos[0].filename.lower().endswith(ZIPPED_NAMES):
        return None
    info = infos[0]
    name = info.filename.rsplit("/", 1)[-1]
    too_large = FileTooLargeError(
        f"{name} in the ZIP archive unpacks to more than the limit of {max_bytes / 1e6:.1f} MB",
        source=source,
    )
    if info.file_size > max_bytes:
        raise too_large
    try:
        with archive.open(info) as member:
            body = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError, EOFError) as err:
        # Damaged, encrypted or in a compression zipfile lacks: say so, naming the archive.
        raise BadValueError(f"cannot unpack {name} from the ZIP archive: {err}", source=source) from err
    if len(body) > max_bytes:
        raise too_large
    if body.startswith(b"PK\x03\x04"):
        # Unpacked once only: an archive holding itself (a zip quine) would never end.
        raise UnknownFormatError(
            f"{name} in the ZIP archive is itself a ZIP archive; unzip both and load the files inside",
            source=source,
        )
    return body, name
