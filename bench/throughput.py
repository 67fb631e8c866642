"""Text pipeline throughput: articles per second, ours against a naive baseline.

The baseline is what a first attempt looks like: split into sentences, run
``dateparser.search.search_dates`` on each, one day-precision event per hit.
Ours runs the full pipeline (cleaning, tagging, spaCy, actors, places, types,
status) through the batch extractor, in one process and with a process pool.
All runs are measured side by side in this process on the same articles.

    python bench/throughput.py [--copies 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.batch import extract_paths  # noqa: E402
from loaders.registry import LoadOptions  # noqa: E402

CORPORA = (ROOT / "bench" / "gold" / "articles", ROOT / "samples")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def corpus(copies: int, folder: Path) -> list[Path]:
    """Write ``copies`` variants of every bundled article (distinct bytes, so none is skipped)."""
    originals = sorted(p for c in CORPORA if c.is_dir() for p in c.glob("*.txt"))
    paths = []
    for i in range(copies):
        for original in originals:
            path = folder / f"{i:03}_{original.name}"
            path.write_text(
                original.read_text(encoding="utf-8") + f"\n\n(Archive copy {i}.)\n", encoding="utf-8"
            )
            paths.append(path)
    return paths


def naive(paths: list[Path]) -> int:
    """dateparser on every sentence; returns the number of 'events'."""
    from dateparser.search import search_dates

    base = datetime(2021, 11, 5)
    found = 0
    for path in paths:
        for sentence in SENTENCE.split(path.read_text(encoding="utf-8")):
            hits = search_dates(sentence, languages=["en"], settings={"RELATIVE_BASE": base}) or []
            found += len(hits)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of each bundled article")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus(args.copies, Path(tmp))
        n = len(paths)
        print(f"{n} articles ({sum(p.stat().st_size for p in paths) / 1e6:.2f} MB), {os.cpu_count()} cores")
        # Warm-up: load the spaCy pipeline once so neither side pays it in the timing.
        extract_paths(paths[:1])
        rows = []
        t = time.perf_counter()
        hits = naive(paths)
        rows.append(("naive dateparser per sentence", time.perf_counter() - t, hits))
        options = LoadOptions()
        t = time.perf_counter()
        one = extract_paths(paths, options=options, jobs=1)
        rows.append(("ours, 1 process", time.perf_counter() - t, len(one.table)))
        t = time.perf_counter()
        pool = extract_paths(paths, options=options, jobs=args.jobs)
        rows.append((f"ours, {args.jobs} processes", time.perf_counter() - t, len(pool.table)))
    base = rows[0][1]
    print(f"{'system':32} {'seconds':>8} {'articles/s':>11} {'events':>8} {'speed vs naive':>15}")
    for name, seconds, events in rows:
        print(f"{name:32} {seconds:8.2f} {n / seconds:11.1f} {events:8d} {base / seconds:14.1f}x")


if __name__ == "__main__":
    main()
