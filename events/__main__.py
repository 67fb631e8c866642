"""``python -m events render TABLE -o chart.html|png|svg|pdf [filters]``: draw an event table.

Exit status 0 on success; 2 with a one-line message on standard error for a problem
the user can fix (unreadable table, unknown format, bad option); 1 for an internal
error (a bug: one line; ``TIMELINE_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from events import filters
from events.errors import TimelineError, one_line
from events.export import IMAGE_FORMATS, chart_bytes, read_table
from events.figure import COLORS, LANES, RAW_LIMIT, timeline

CHART_FORMATS = ("html", *IMAGE_FORMATS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"expected a date like 2021-11-05, got {text!r}") from err


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m events", description="Draw conflict-event timelines.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    render = sub.add_parser("render", help="draw a table written by `python -m loaders extract`")
    render.add_argument("table", help="event table: .csv, .json or .parquet")
    render.add_argument("-o", "--output", required=True, help="chart file: .html, .png, .svg or .pdf")
    render.add_argument("--actor", action="append", default=[], help="keep events with this actor (repeat)")
    render.add_argument("--type", action="append", default=[], dest="event_type", help="event type (repeat)")
    render.add_argument("--status", action="append", default=[], help="occurred, ongoing, planned...")
    render.add_argument("--precision", action="append", default=[], help="keep these precisions (repeat)")
    render.add_argument("--country", action="append", default=[], help="country (repeat)")
    render.add_argument("--location", action="append", default=[], help="location (repeat)")
    render.add_argument("--source", action="append", default=[], help="source file name (repeat)")
    render.add_argument("--from", type=_date, dest="date_from", help="first day shown (YYYY-MM-DD)")
    render.add_argument("--to", type=_date, dest="date_to", help="day after the last day shown")
    render.add_argument("--text", default="", help="text search over titles and evidence")
    render.add_argument("--lane", choices=LANES, default="actor")
    render.add_argument("--color", choices=COLORS, default="event_type")
    render.add_argument("--report-date", type=_date, help="draw a line at this date")
    render.add_argument("--title", default="", help="chart title")
    render.add_argument("--max-raw", type=int, default=RAW_LIMIT, help="above this, draw counts per lane")
    render.add_argument("--width", type=int, default=1400, help="image width in pixels")
    return parser


MIN_WIDTH, MAX_WIDTH = 200, 10_000
"""Image widths accepted (pixels): the chart needs room for its lanes; chromium caps textures."""


def render(args: argparse.Namespace) -> None:
    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise TimelineError(
            f"output must end in {', '.join('.' + f for f in CHART_FORMATS)}; got {out.name!r}"
        )
    if not MIN_WIDTH <= args.width <= MAX_WIDTH:
        # A 100,000,000-pixel-wide PNG would have the headless browser allocate for minutes.
        raise TimelineError(f"--width must be {MIN_WIDTH} to {MAX_WIDTH} pixels, not {args.width}")
    if args.max_raw < 1:
        raise TimelineError(f"--max-raw must be 1 or more, not {args.max_raw}")
    if args.date_from and args.date_to and args.date_from >= args.date_to:
        raise TimelineError(
            f"--from {args.date_from} is not before --to {args.date_to}: no date lies between them "
            "(--to is the first day left out)"
        )
    path = Path(args.table)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise TimelineError(f"cannot read {path}: {err.strerror or err}") from err
    table = read_table(data, source=path.name)
    flt = filters.Filter(
        actors=tuple(args.actor),
        event_types=tuple(args.event_type),
        statuses=tuple(args.status),
        precisions=tuple(args.precision),
        countries=tuple(args.country),
        locations=tuple(args.location),
        sources=tuple(args.source),
        date_from=args.date_from,
        date_to=args.date_to,
        text=args.text,
    )
    where = filters.mask(table, flt)
    if len(table) and not where.any():
        print(
            one_line(f"warning: no event matches the filter ({flt.describe()}); the chart is empty"),
            file=sys.stderr,
        )
    caption = (
        f"Source: {path.name} · Filter: {flt.describe()} · {int(where.sum()):,} of {len(table):,} events"
    )
    fig = timeline(
        table,
        where=where,
        x_range=flt.window(),  # --from/--to frame the chart, as the date filter does in the app
        lane=args.lane,
        color=args.color,
        report_date=args.report_date,
        max_raw=args.max_raw,
        title=args.title,
        caption=caption,
    )
    payload = chart_bytes(fig, fmt, width=args.width)
    try:
        out.write_bytes(payload)
    except OSError as err:
        raise TimelineError(f"cannot write {out}: {err.strerror or err}") from err


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2, already reported)
        return int(exit_.code or 0)
    try:
        if args.command == "render":
            render(args)
    except TimelineError as err:
        print(one_line(f"{parser.prog}: error: {err}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: one line unless TIMELINE_DEBUG asks for the traceback
        if os.environ.get("TIMELINE_DEBUG"):
            raise
        first = str(err).splitlines()[0] if str(err) else ""
        print(
            f"{parser.prog}: internal error ({type(err).__name__}: {first}); please report it",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
