"""``python -m loaders.temporal FILE [--published YYYY-MM-DD] [--mode MODE]``: timexes as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from loaders.temporal import tag
from loaders.temporal.anchoring import MODES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.temporal", description=__doc__)
    parser.add_argument("file", type=Path, help="a UTF-8 text file ('-' for standard input)")
    parser.add_argument("--published", default=None, help="publication date (default: today)")
    parser.add_argument("--mode", choices=MODES, default="news")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8")
    # The CLI is the user-facing layer: reading the clock here is fine, the library never does.
    published = args.published or date.today().isoformat()
    try:
        timexes = tag(text, reference_date=published, mode=args.mode, lang=args.lang)
    except ValueError as err:
        parser.error(str(err))
    rows = [asdict(t) for t in timexes]
    json.dump(rows, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
