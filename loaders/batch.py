"""Batch extraction over many files: a process pool (or a Dask cluster), resumable.

Files are read, hashed and handed to workers in chunks; each worker loads its own
spaCy pipeline once and extracts a whole chunk. Files whose content hash is in
``done`` are skipped, so an interrupted run picks up where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from events.errors import TimelineError
from events.schema import concat, empty_table
from loaders.registry import LoadOptions, LoadResult, load, sniff

CHUNK_SIZE = 16
MAX_JOBS_PER_CORE = 4
"""Workers beyond this many per core only cost memory (a fork-started pool starts them all at once)."""
"""Files per worker task: large enough to batch spaCy, small enough to balance cores."""
DOC_TIME_LIMIT = 60.0
"""Seconds one document may take before it is refused (a hostile or huge input)."""
SKIP_NAMES = (".DS_Store",)


class ExtractionTimeout(TimelineError):
    """One document took longer than the time limit."""


@dataclass(frozen=True)
class FileReport:
    """What one file gave: events, skipped rows, warnings, or the error that stopped it."""

    path: str
    sha256: str
    loader: str = ""
    events: int = 0
    rows_skipped: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""


@dataclass
class BatchResult:
    """Events from every file plus one report per file."""

    table: pd.DataFrame
    reports: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [r for r in self.reports if r.error]


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders (recursively, hidden files skipped) into a sorted file list."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                # Not only regular files: a broken link or a pipe in the folder is reported, not
                # passed over in silence (the reader below refuses it without opening it).
                if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            raise TimelineError(f"no such file or folder: {path}")
    return files


def content_hash(data: bytes) -> str:
    """The key that makes runs resumable: the same bytes are extracted once."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def time_limit(seconds: float | None, *, what: str) -> Iterator[None]:
    """Raise :class:`ExtractionTimeout` if the block runs longer than ``seconds``.

    Uses a POSIX interval timer, so it only acts in the main thread of a process
    (the CLI and pool workers); elsewhere (e.g. a UI server thread) it is a no-op.
    """
    usable = (
        seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise ExtractionTimeout(f"took longer than {seconds:g} s and was stopped", source=what)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_one(
    path: str, data: bytes, *, options: LoadOptions, fmt: str | None, time_limit_s: float | None
) -> tuple[FileReport, pd.DataFrame]:
    """Extract one file; a user-fixable problem becomes the report's error, not an exception."""
    digest = content_hash(data)
    try:
        with time_limit(time_limit_s, what=path):
            result = load(data, source=Path(path).name, format=fmt, options=options)
    except TimelineError as err:
        return FileReport(path=path, sha256=digest, error=str(err)), empty_table()
    return _report(path, digest, result), result.table


def _report(path: str, digest: str, result: LoadResult) -> FileReport:
    return FileReport(
        path=path,
        sha256=digest,
        loader=result.loader,
        events=len(result.table),
        rows_skipped=result.rows_skipped,
        warnings=result.warnings,
    )


def extract_chunk(
    items: Sequence[tuple[str, bytes]],
    *,
    options: LoadOptions,
    fmt: str | None = None,
    time_limit_s: float | None = DOC_TIME_LIMIT,
) -> list[tuple[FileReport, pd.DataFrame]]:
    """Worker task: extract a chunk of ``(path, bytes)`` pairs, results in order.

    Articles in the chunk go through the text loader together (one ``nlp.pipe``
    over all of them); other formats, and every article again if the batch runs
    out of time, are extracted one by one with the per-document limit.
    """
    from loaders import text  # the spaCy pipeline loads once per worker process

    results: list[tuple[FileReport, pd.DataFrame] | None] = [None] * len(items)
    articles: list[int] = []
    for i, (path, data) in enumerate(items):
        try:
            name = fmt or sniff(data, path)
        except TimelineError:
            name = None  # extract_one reports the problem
        if name == "text":
            articles.append(i)
        else:
            results[i] = extract_one(path, data, options=options, fmt=fmt, time_limit_s=time_limit_s)
    if articles:
        batch = [(items[i][1], Path(items[i][0]).name) for i in articles]
        try:
            limit = time_limit_s * len(articles) if time_limit_s else None
            with time_limit(limit, what=f"a batch of {len(articles)} articles"):
                loaded = text.load_many(batch, options=options)
        except ExtractionTimeout:
            loaded = None
        for n, i in enumerate(articles):
            path, data = items[i]
            if loaded is None:
                results[i] = extract_one(path, data, options=options, fmt="text", time_limit_s=time_limit_s)
                continue
            outcome = loaded[n]
            digest = content_hash(data)
            if isinstance(outcome, TimelineError):
                results[i] = (FileReport(path=path, sha256=digest, error=str(outcome)), empty_table())
            else:
                results[i] = (_report(path, digest, outcome), outcome.table)
    return [r for r in results if r is not None]


def _chunks(
    files: Sequence[Path], done: set[str], size: int, skipped: list[FileReport], max_bytes: int
) -> Iterator[list[tuple[str, bytes]]]:
    chunk: list[tuple[str, bytes]] = []
    for path in files:
        # Refused before reading: a pipe would block, a 10 GB file would be read whole.
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                error = "not a regular file (a pipe, socket or device): left out"
            elif info.st_size > max_bytes:
                error = f"file is {info.st_size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB"
            else:
                error = ""
            data = b"" if error else path.read_bytes()
        except OSError as err:
            error = f"cannot be read: {err.strerror or err}"
        if error:
            skipped.append(FileReport(path=str(path), sha256="", error=f"{path}: {error}"))
            continue
        digest = content_hash(data)
        if digest in done:
            skipped.append(FileReport(path=str(path), sha256=digest, loader="(already done)"))
            continue
        done.add(digest)  # identical files later in the list are done once
        chunk.append((str(path), data))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Files the text pipeline reads (articles, pages, PDF and Word reports).
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ""})


def _preload_text_pipeline(files: list[Path], fmt: str | None) -> None:
    """Load the spaCy pipeline once here, before the workers start, when texts are coming.

    Workers forked from this process share the loaded model instead of each loading it
    (about a second of CPU a worker, a third more CPU per article on a short batch).
    Where workers are spawned rather than forked this only costs the one load.
    """
    if fmt not in (None, "text", "document"):
        return
    if not any(p.suffix.lower() in _TEXT_SUFFIXES for p in files):
        return
    from loaders.text.nlp import pipeline

    pipeline()


def extract_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    options: LoadOptions | None = None,
    fmt: str | None = None,
    jobs: int = 1,
    done: Iterable[str] = (),
    dask_scheduler: str | Any | None = None,
    chunk_size: int = CHUNK_SIZE,
    time_limit_s: float | None = DOC_TIME_LIMIT,
    on_progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[BatchResult], None] | None = None,
) -> BatchResult:
    """Extract events from every file under ``paths``.

    ``jobs`` worker processes (1 runs in this process); ``dask_scheduler`` (an
    address or a ``distributed.Client``) sends chunks to a Dask cluster instead.
    ``done`` holds content hashes to skip. ``on_chunk`` sees the running result
    now and then (after every 10% more files), so a caller can checkpoint.
    """
    options = options or LoadOptions()
    files = iter_files(paths)
    total = len(files)
    skipped: list[FileReport] = []
    loaded: list[tuple[FileReport, pd.DataFrame]] = []
    checkpointed = 0
    chunks = _chunks(files, set(done), chunk_size, skipped, options.max_bytes)

    def _collect(results: list[tuple[FileReport, pd.DataFrame]]) -> None:
        nonlocal checkpointed
        loaded.extend(results)
        progress = len(loaded) + len(skipped)
        if on_progress:
            on_progress(progress, total)
        # Checkpoints grow geometrically apart (every 10% more files), so writing
        # the running table stays O(n log n) over a long run instead of O(n^2).
        if on_chunk and progress - checkpointed >= max(chunk_size, progress // 10):
            checkpointed = progress
            on_chunk(BatchResult(concat(t for _, t in loaded), [r for r, _ in loaded]))

    task = dict(options=options, fmt=fmt, time_limit_s=time_limit_s)
    # More workers than chunks of work, or far more than cores, would each be forked up
    # front: '-j 100000' hung the machine starting processes that had nothing to do.
    jobs = min(jobs, -(-total // chunk_size), MAX_JOBS_PER_CORE * (os.cpu_count() or 1))
    if dask_scheduler is not None:
        _run_dask(chunks, dask_scheduler, task, _collect)
    elif jobs <= 1:
        for chunk in chunks:
            _collect(extract_chunk(chunk, **task))
    else:
        _preload_text_pipeline(files, fmt)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # Keep at most 2 chunks per worker in flight so memory stays bounded.
            pending = set()
            for chunk in chunks:
                pending.add(pool.submit(extract_chunk, chunk, **task))
                if len(pending) >= 2 * jobs:
                    finished = next(as_completed(pending))
                    pending.discard(finished)
                    _collect(finished.result())
            for finished in as_completed(pending):
                _collect(finished.result())
    if on_progress and not files:
        on_progress(0, 0)
    # Workers finish in any order; give results in file order, so runs are repeatable.
    order = {str(p): i for i, p in enumerate(files)}
    loaded.sort(key=lambda pair: order[pair[0].path])
    reports = sorted([r for r, _ in loaded] + skipped, key=lambda r: order[r.path])
    return BatchResult(concat(t for _, t in loaded), reports)


def _run_dask(
    chunks: Iterator[list[tuple[str, bytes]]],
    scheduler: str | Any,
    task: dict[str, Any],
    collect: Callable[[list[tuple[FileReport, pd.DataFrame]]], None],
) -> None:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as err:
        raise TimelineError("--dask needs the 'distributed' package: pip install distributed") from err
    client = scheduler if isinstance(scheduler, Client) else None
    owned = client is None
    if owned:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise TimelineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    try:
        futures = [client.submit(extract_chunk, chunk, pure=False, **task) for chunk in chunks]
        for future in dask_completed(futures):
            collect(future.result())
    finally:
        if owned:
            client.close()
