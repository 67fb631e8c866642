"""The analyst's workspace (sources, their events, edits, view) in one SQLite file.

The same layout serves two uses: a workspace file to save and reopen (``to_bytes`` /
``from_bytes``), and the store the app keeps current on disk (:class:`Store`) so a
browser refresh or a server restart loses nothing. Event tables are kept as Parquet
blobs so they come back exactly.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from events.edits import Edit, apply_edits, replay
from events.errors import BadValueError, RowProblem, TimelineError
from events.export import read_table, to_parquet
from events.schema import concat, empty_table

FORMAT = "conflict-timeline-workspace"
VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    key TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, loader TEXT NOT NULL,
    published TEXT, mapping TEXT, problems TEXT NOT NULL, rows_read INTEGER NOT NULL,
    warnings TEXT NOT NULL, report_date TEXT, data BLOB NOT NULL, events BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS edits (seq INTEGER PRIMARY KEY, edit TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS view (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class Source:
    """One loaded input: its bytes (so it can be reloaded), what the loader gave, and how."""

    name: str
    data: bytes
    loader: str
    table: pd.DataFrame
    published: date | None = None
    mapping: dict[str, str] | None = None
    problems: tuple[RowProblem, ...] = ()
    rows_read: int = 0
    warnings: tuple[str, ...] = ()
    report_date: date | None = None
    """The publication date the loader found (or was given): drawn as the report-date line."""

    @property
    def key(self) -> str:
        """Same bytes, name and options give the same key (reloading replaces, never duplicates)."""
        options = json.dumps([self.name, str(self.published), self.mapping], sort_keys=True)
        digest = hashlib.blake2b(self.data, digest_size=16)
        digest.update(options.encode("utf-8"))
        return digest.hexdigest()


@dataclass
class Workspace:
    """Everything the analyst has open."""

    sources: list[Source] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    view: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list, compare=False)
    """What could not be read when the workspace was opened and was left out (not saved)."""

    def add_source(self, source: Source) -> None:
        """Add ``source``, replacing one with the same key (a reload)."""
        self.sources = [s for s in self.sources if s.key != source.key] + [source]

    def remove_source(self, key: str) -> None:
        self.sources = [s for s in self.sources if s.key != key]

    def loaded(self) -> pd.DataFrame:
        """All sources' events, before edits."""
        if not self.sources:
            return empty_table()
        if len(self.sources) == 1:
            return self.sources[0].table  # already validated; no copy of a large table
        return concat(s.table for s in self.sources)

    def table(self) -> pd.DataFrame:
        """All sources' events with the analyst's edits replayed."""
        return apply_edits(self.loaded(), self.edits)

    def replay(self) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Like :meth:`table`, but edits that no longer apply are skipped (and listed), not fatal."""
        return replay(self.loaded(), self.edits)


def _problems_json(problems: Sequence[RowProblem]) -> str:
    return json.dumps([[p.row, p.column, p.message] for p in problems])


def _write(conn: sqlite3.Connection, ws: Workspace) -> None:
    conn.executescript(_SCHEMA)
    conn.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", str(VERSION))]
    )
    keys = [s.key for s in ws.sources]
    stored = {row[0] for row in conn.execute("SELECT key FROM sources")}
    conn.executemany("DELETE FROM sources WHERE key = ?", [(k,) for k in stored - set(keys)])
    for position, source in enumerate(ws.sources):
        if source.key in stored:
            conn.execute("UPDATE sources SET position = ? WHERE key = ?", (position, source.key))
            continue
        conn.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.key,
                position,
                source.name,
                source.loader,
                source.published.isoformat() if source.published else None,
                json.dumps(source.mapping) if source.mapping is not None else None,
                _problems_json(source.problems),
                source.rows_read,
                json.dumps(list(source.warnings)),
                source.report_date.isoformat() if source.report_date else None,
                source.data,
                to_parquet(source.table),
            ),
        )
    conn.execute("DELETE FROM edits")
    conn.executemany(
        "INSERT INTO edits VALUES (?, ?)",
        [(n, json.dumps(e.to_dict(), ensure_ascii=False)) for n, e in enumerate(ws.edits)],
    )
    conn.execute("DELETE FROM view")
    conn.executemany("INSERT INTO view VALUES (?, ?)", [(k, json.dumps(v)) for k, v in ws.view.items()])


class NewerWorkspaceError(BadValueError):
    """A workspace written by a newer version of this tool."""


def _read(conn: sqlite3.Connection) -> Workspace:
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as err:
        raise BadValueError(f"not a workspace file ({err})") from err
    if meta.get("format") != FORMAT:
        raise BadValueError("not a workspace file saved by this tool")
    version = str(meta.get("version", "0"))
    if not version.isdigit():
        raise BadValueError(f"workspace file is damaged: its version is {version[:20]!r}")
    if int(version) > VERSION:
        raise NewerWorkspaceError(f"workspace version {version} is newer than this tool ({VERSION})")
    try:
        return _read_rows(conn)
    except sqlite3.DatabaseError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as err:
        # A damaged or hand-made file: bad JSON, dates, numbers or rows of the wrong shape.
        raise BadValueError(f"workspace file is damaged ({type(err).__name__}: {str(err)[:200]})") from err


_DAMAGE = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


def _or_default(read: Callable[[], Any], default: Any, what: str, notes: list[str]) -> Any:
    """``read()``, or ``default`` with a note when the stored value is damaged."""
    try:
        return read()
    except (*_DAMAGE, TimelineError) as err:
        notes.append(f"{what} could not be read ({type(err).__name__}) and was left out")
        return default


def _mapping(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    value = json.loads(text)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TypeError("a column mapping is an object of column names")
    return value


def _read_rows(conn: sqlite3.Connection) -> Workspace:
    """The stored rows; a damaged edit, view or side field of a source is left out with a
    note (one bad row refused the whole file), a source whose events cannot be read too."""
    notes: list[str] = []
    sources = []
    rows = conn.execute(
        "SELECT name, loader, published, mapping, problems, rows_read, warnings, report_date, data, events "
        "FROM sources ORDER BY position"
    ).fetchall()
    for n, (
        name,
        loader,
        published,
        mapping,
        problems,
        rows_read,
        warnings,
        report,
        data,
        events,
    ) in enumerate(rows, start=1):
        label = f"source {n} ({str(name)[:80]!r})"
        try:
            if not isinstance(name, str) or not isinstance(loader, str):
                raise TypeError("its name or loader is not text")
            table = read_table(bytes(events), "parquet", source=name)
            raw = bytes(data)
        except (*_DAMAGE, TimelineError) as err:
            notes.append(f"{label} could not be read ({str(err)[:200]}) and was left out")
            continue
        sources.append(
            Source(
                name=name,
                data=raw,
                loader=loader,
                table=table,
                published=_or_default(
                    lambda p=published: date.fromisoformat(p) if p else None,
                    None,
                    f"{label}: its date",
                    notes,
                ),
                mapping=_or_default(
                    lambda m=mapping: _mapping(m), None, f"{label}: its column mapping", notes
                ),
                problems=_or_default(
                    lambda p=problems: tuple(RowProblem(int(r), str(c), str(m)) for r, c, m in json.loads(p)),
                    (),
                    f"{label}: its list of problems",
                    notes,
                ),
                rows_read=_or_default(lambda r=rows_read: int(r), 0, f"{label}: its row count", notes),
                warnings=_or_default(
                    lambda w=warnings: tuple(str(x) for x in json.loads(w)),
                    (),
                    f"{label}: its warnings",
                    notes,
                ),
                report_date=_or_default(
                    lambda r=report: date.fromisoformat(r) if r else None,
                    None,
                    f"{label}: its report date",
                    notes,
                ),
            )
        )
    edits = []
    for n, (text,) in enumerate(conn.execute("SELECT edit FROM edits ORDER BY seq"), start=1):
        edit = _or_default(lambda t=text: Edit.from_dict(json.loads(t)), None, f"edit {n}", notes)
        if edit is not None:
            edits.append(edit)
    view = {}
    for key, value in conn.execute("SELECT key, value FROM view ORDER BY key"):
        parsed = _or_default(lambda v=value: json.loads(v), None, f"the view's {str(key)[:40]!r}", notes)
        if isinstance(key, str) and isinstance(parsed, list) and all(isinstance(x, str) for x in parsed):
            view[key] = parsed
    return Workspace(sources=sources, edits=edits, view=view, notes=notes)


def _harden(conn: sqlite3.Connection) -> None:
    # A workspace file comes from anywhere: never run SQL functions from its schema.
    conn.execute("PRAGMA trusted_schema = OFF")


def to_bytes(ws: Workspace) -> bytes:
    """The workspace as one SQLite file's bytes."""
    conn = sqlite3.connect(":memory:")
    try:
        with conn:
            _write(conn, ws)
        return conn.serialize()
    finally:
        conn.close()


def from_bytes(data: bytes) -> Workspace:
    """Open a workspace file's bytes; raise :class:`BadValueError` when they are not one."""
    if not data.startswith(b"SQLite format 3\x00"):
        raise BadValueError("not a workspace file: expected a .timeline file saved by this tool")
    conn = sqlite3.connect(":memory:")
    try:
        try:
            conn.deserialize(data)
            _harden(conn)
            return _read(conn)
        except sqlite3.DatabaseError as err:
            raise BadValueError(f"workspace file is damaged: {err}") from err
    finally:
        conn.close()


class Store:
    """The current workspace kept on disk; saving writes only what changed."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.set_aside: tuple[Path, str] | None = None
        """After :meth:`load`: where an unreadable store was moved, and why it was unreadable."""

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        _harden(conn)
        return conn

    def save(self, ws: Workspace) -> None:
        conn = self._connect()
        try:
            with conn:
                _write(conn, ws)
        finally:
            conn.close()

    def load(self) -> Workspace | None:
        """The stored workspace, or None when there is none yet (or it cannot be read).

        A store that cannot be read (damaged, or written by a newer version) is renamed
        to ``<name>.unreadable`` (``set_aside``) before anything is saved over it: the
        analyst's work in it is kept for a newer tool or for rescue, never overwritten.
        """
        self.set_aside = None
        if not self.path.is_file():
            return None
        try:
            conn = self._connect()
        except (OSError, sqlite3.Error):
            return None
        try:
            return _read(conn)
        except (BadValueError, sqlite3.DatabaseError) as err:
            conn.close()
            self.set_aside = (self._set_aside(), str(err))
            return None
        finally:
            conn.close()

    def _set_aside(self) -> Path:
        for n in range(1, 1000):
            target = self.path.with_name(f"{self.path.name}.unreadable" + (f"-{n}" if n > 1 else ""))
            if not target.exists():
                try:
                    self.path.rename(target)
                except OSError:
                    break
                return target
        return self.path

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def view_params(view: Mapping[str, Any]) -> dict[str, list[str]]:
    """Normalise a view mapping (query params) to lists of strings."""
    return {str(k): [v] if isinstance(v, str) else [str(x) for x in v] for k, v in view.items()}
