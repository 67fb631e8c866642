"""Command line: ``python -m loaders extract|timex|formats``.

Exit codes: 0 success; 2 a problem the user can fix (one line per problem on
standard error); 1 an internal error (a bug: one line, set TIMELINE_DEBUG=1 for
the traceback). Never a traceback by default.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pandas as pd

from events.errors import TimelineError, one_line
from loaders.registry import LOADERS, LoadOptions, get_loader

OUTPUT_FORMATS = ("csv", "json", "parquet")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from err


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders", description="Turn articles and conflict datasets into the event table."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract events from files or folders")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    ex.add_argument("--published", type=_date, help="publication date for text, YYYY-MM-DD")
    ex.add_argument(
        "--mode",
        choices=("auto", "news", "narrative"),
        default="auto",
        help="text: anchor relative dates on the publication date (news), on the last date the "
        "text gave (narrative, for histories), or tell them apart (auto, the default)",
    )
    ex.add_argument("--format", choices=OUTPUT_FORMATS, help="output format (default: from -o, else csv)")
    ex.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    ex.add_argument("--loader", choices=list(LOADERS), help="input format (default: sniffed per file)")
    ex.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (0 = every core)")
    ex.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="run on a Dask distributed cluster")
    ex.add_argument("--no-resume", action="store_true", help="ignore earlier progress on -o and start over")
    ex.add_argument(
        "--overwrite", action="store_true", help="replace an -o file that is not an earlier run's output"
    )
    ex.add_argument(
        "--merge", action="store_true", help="merge reports of the same event from different documents"
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    tx = sub.add_parser("timex", help="print the temporal expressions of a text file as JSON")
    tx.add_argument("path", type=Path)
    tx.add_argument("--published", type=_date, help="reference date, YYYY-MM-DD (default: from the text)")
    tx.add_argument("--mode", choices=("news", "narrative", "auto"), default="news")

    sub.add_parser("formats", help="list the input formats")
    return parser


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output is not None:
        suffix = args.output.suffix.lower().lstrip(".")
        if suffix in OUTPUT_FORMATS:
            return suffix
        raise TimelineError(f"cannot tell the output format from {args.output.name!r}; add --format")
    return "csv"


def _manifest(output: Path) -> Path:
    return output.with_name(output.name + ".done.json")


def _extract(args: argparse.Namespace) -> int:
    from events.export import read_table, table_bytes
    from events.schema import concat
    from loaders.batch import BatchResult, FileReport, extract_paths

    fmt = _output_format(args)
    options = LoadOptions(published=args.published, text_mode=args.mode)
    done: dict[str, str] = {}
    previous = None
    if (
        args.output is not None
        and args.output.exists()
        and not _manifest(args.output).exists()
        and not args.overwrite
    ):
        # Only a file this command wrote (it has a progress manifest beside it) is resumed or
        # replaced: '-o results.csv' silently replaced an analyst's own spreadsheet.
        raise TimelineError(
            f"{args.output} exists and is not the output of an earlier run; "
            "choose another -o file, or add --overwrite to replace it"
        )
    if (
        args.output is not None
        and not args.no_resume
        and args.output.exists()
        and _manifest(args.output).exists()
    ):
        done = json.loads(_manifest(args.output).read_text(encoding="utf-8"))
        previous = read_table(args.output.read_bytes(), fmt, source=str(args.output))

    def _combined(table: pd.DataFrame) -> pd.DataFrame:
        return concat([previous, table]) if previous is not None else table

    def _save(table: pd.DataFrame, reports: list[FileReport]) -> None:
        _write(args.output, table_bytes(table, fmt))
        finished = {**done, **{r.sha256: r.path for r in reports if not r.error}}
        _write(_manifest(args.output), json.dumps(finished, indent=0).encode())

    def _checkpoint(result: BatchResult) -> None:
        # Written after every chunk, so an interrupted run resumes from here.
        _save(_combined(result.table), result.reports)

    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="file", file=sys.stderr)

    def _progress(n: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = n
            bar.refresh()

    if args.jobs < 0:
        raise TimelineError(f"--jobs must be 0 (every core) or more, not {args.jobs}")
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    result = extract_paths(
        args.paths,
        options=options,
        fmt=args.loader,
        jobs=jobs,
        done=done,
        dask_scheduler=args.dask,
        on_progress=_progress,
        on_chunk=_checkpoint if args.output is not None else None,
    )
    if bar is not None:
        bar.close()
    table = _combined(result.table)
    if args.merge:
        from events.merge import merge_events

        table = merge_events(table)
    if args.output is None:
        sys.stdout.buffer.write(table_bytes(table, fmt))
        sys.stdout.flush()
    else:
        _save(table, result.reports)
    for report in result.reports:
        for warning in report.warnings:
            print(one_line(f"warning: {report.path}: {warning}"), file=sys.stderr)
        if report.rows_skipped:
            print(
                one_line(
                    f"warning: {report.path}: {report.rows_skipped} rows with problems (skipped, or "
                    "values left empty); load the file in the app to see the list"
                ),
                file=sys.stderr,
            )
    for report in result.failed:
        print(one_line(f"error: {report.error}"), file=sys.stderr)
    return 2 if result.failed else 0


def _write(path: Path, data: bytes) -> None:
    """Write atomically, so a crash never leaves half a table behind."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _timex(args: argparse.Namespace) -> int:
    from loaders.io import decode_text
    from loaders.temporal import tag
    from loaders.text.clean import clean, find_published

    text = decode_text(args.path.read_bytes(), source=args.path.name)
    reference = args.published or find_published(clean(text))[0]
    if reference is None:
        raise TimelineError("no publication date found in the text; give one with --published YYYY-MM-DD")
    timexes = tag(text, reference_date=reference, mode=args.mode)
    rows = [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(t).items()} for t in timexes
    ]
    print(
        json.dumps({"reference_date": reference.isoformat(), "timexes": rows}, indent=2, ensure_ascii=False)
    )
    return 0


def _formats() -> int:
    for name in LOADERS:
        print(f"{name:8} {get_loader(name).DESCRIPTION}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "timex":
            return _timex(args)
        return _formats()
    except TimelineError as err:
        print(one_line(f"error: {err}"), file=sys.stderr)
        return 2
    except OSError as err:
        print(one_line(f"error: {err.filename or ''}: {err.strerror or err}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        if os.environ.get("TIMELINE_DEBUG"):
            raise
        print(one_line(f"internal error ({type(err).__name__}: {err}); please report it"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
