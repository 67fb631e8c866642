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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from events.edits import Edit, apply_edits, replay
from events.errors import BadValueError, RowProblem
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


def _read_rows(conn: sqlite3.Connection) -> Workspace:
    sources = []
    rows = conn.execute(
        "SELECT name, loader, published, mapping, problems, rows_read, warnings, report_date, data, events "
        "FROM sources ORDER BY position"
    ).fetchall()
    for name, loader, published, mapping, problems, rows_read, warnings, report, data, events in rows:
        sources.append(
            Source(
                name=name,
                data=bytes(data),
                loader=loader,
                table=read_table(bytes(events), "parquet", source=name),
                published=date.fromisoformat(published) if published else None,
                mapping=json.loads(mapping) if mapping else None,
                problems=tuple(RowProblem(int(r), str(c), str(m)) for r, c, m in json.loads(problems)),
                rows_read=int(rows_read),
                warnings=tuple(json.loads(warnings)),
                report_date=date.fromisoformat(report) if report else None,
            )
        )
    edits = [Edit.from_dict(json.loads(t)) for (t,) in conn.execute("SELECT edit FROM edits ORDER BY seq")]
    view = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM view ORDER BY key")}
    return Workspace(sources=sources, edits=edits, view=view)


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
