"""Text pipeline throughput: articles per second, ours against a naive baseline.

The baseline is what a first attempt looks like: split into sentences, run
``dateparser.search.search_dates`` on each, one day-precision event per hit.
Ours runs the full pipeline (cleaning, tagging, spaCy, actors, places, types,
status) through the batch extractor (``loaders.batch.extract_paths``).

Two corpora, both built from our own bundled articles (``bench/gold/*/`` and
``samples/``): ``long`` (default) joins consecutive articles into full-length
reports of 400-800 words, as agency copy is (the first article's headline and
dateline lead, the others follow as further paragraphs); ``short`` is every
bundled article as it is (the round-3 figure, about 730 characters).

Rows: the naive baseline; one process (pipeline already loaded); N processes
"cold" in a fresh interpreter (pool start and one model load per worker
included, as ``python -m loaders extract --jobs N`` pays them); N processes
"warm" (workers started and the model loaded before the clock starts).
CPU-seconds per article count every process (workers included), so they
hold on a busy machine where wall-clock figures do not. Each row is the
median of ``--repeat`` runs.

``--stock`` runs the stock spaCy model without our speed-ups, for before/after figures on
the same code.

    python bench/throughput.py [--corpus long|short] [--articles 120] [--jobs 2] [--repeat 3] [--stock]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.batch import CHUNK_SIZE, extract_chunk, extract_paths  # noqa: E402
from loaders.registry import LoadOptions  # noqa: E402

SOURCES = (ROOT / "bench" / "gold", ROOT / "samples")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"\S+")
MIN_WORDS, MAX_WORDS = 400, 800


def originals() -> list[Path]:
    """Every bundled article, in a fixed order."""
    found = [p for p in sorted((ROOT / "bench" / "gold").glob("*/*.txt"))]
    found += sorted((ROOT / "samples").glob("*.txt"))
    return found


def words(text: str) -> int:
    return len(WORD.findall(text))


def long_texts(n: int, *, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> list[str]:
    """``n`` full-length articles: bundled articles joined until a target length in the range.

    Targets step through the range (deterministically), so the corpus spans it evenly;
    each text starts from a different article, so no two are the same bytes.
    """
    pool = [p.read_text(encoding="utf-8").strip() for p in originals()]
    sizes = [words(text) for text in pool]
    texts = []
    for i in range(n):
        target = min_words + (i * 149) % (max_words - min_words + 1)
        parts, size = [pool[i % len(pool)]], sizes[i % len(pool)]
        # Then the next articles that still fit under the maximum, until the target is reached.
        for j in range(i + 1, i + len(pool)):
            if size >= target:
                break
            if size + sizes[j % len(pool)] <= max_words:
                parts.append(pool[j % len(pool)])
                size += sizes[j % len(pool)]
        texts.append("\n\n".join(parts) + f"\n\n(Archive copy {i}.)\n")
    return texts


def short_texts(n: int) -> list[str]:
    """``n`` bundled articles as they are (cycling), made distinct by a closing line."""
    pool = [p.read_text(encoding="utf-8") for p in originals()]
    return [pool[i % len(pool)] + f"\n\n(Archive copy {i}.)\n" for i in range(n)]


def write_corpus(texts: list[str], folder: Path) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"{i:04}.txt"
        path.write_text(text, encoding="utf-8")
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


def _timed(fn, *args, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _warm_worker() -> None:
    """Pool initializer: load the pipeline and run one article, so the clock sees none of it."""
    from loaders.batch import extract_chunk as run

    run([("warm.txt", b"KABUL, Nov 5 (Reuters) - Talks began on Friday.")], options=LoadOptions())


def _chunk_cpu(chunk: list[tuple[str, bytes]], options: LoadOptions) -> tuple[float, int]:
    """Worker task: extract a chunk; (CPU seconds it took, events)."""
    cpu = time.process_time()
    results = extract_chunk(chunk, options=options)
    return time.process_time() - cpu, sum(len(table) for _, table in results)


def warm_pool(paths: list[Path], jobs: int) -> tuple[float, float, int]:
    """N warm workers over ``extract_paths``' chunks: (wall, CPU of all processes, events)."""
    options = LoadOptions()
    items = [(str(p), p.read_bytes()) for p in paths]
    chunks = [items[i : i + CHUNK_SIZE] for i in range(0, len(items), CHUNK_SIZE)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker) as pool:
        # A worker takes tasks only once its initializer is done: wait until every one has answered.
        pids: set[int] = set()
        while len(pids) < jobs:
            pids |= set(pool.map(_warm_worker_done, range(jobs)))
        wall, cpu = time.perf_counter(), time.process_time()
        done = list(pool.map(_chunk_cpu, chunks, [options] * len(chunks)))
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu + sum(c for c, _ in done)
    return wall, cpu, sum(e for _, e in done)


def _warm_worker_done(_: int) -> int:
    time.sleep(0.2)  # long enough that a free worker cannot take every task
    return os.getpid()


COLD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from loaders.batch import extract_paths
if {stock!r}:
    import functools
    from loaders.text import nlp
    nlp.load_pipeline = functools.partial(nlp.load_pipeline, fast=False)
paths = [Path(p) for p in json.loads(sys.stdin.read())]
wall = time.perf_counter()
result = extract_paths(paths, jobs={jobs})
wall = time.perf_counter() - wall
cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps([wall, cpu, len(result.table)]))
"""


def use_stock_pipeline() -> None:
    """Make every pipeline this process (and its forks) loads the stock model, for before/after runs."""
    from loaders.text import nlp

    nlp.pipeline.cache_clear()
    nlp.load_pipeline = functools.partial(nlp.load_pipeline, fast=False)


def cold_pool(paths: list[Path], jobs: int, *, stock: bool = False) -> tuple[float, float, int]:
    """N workers in a fresh interpreter, from pool start to the last table (model loads included).

    The CPU figure counts the parent's imports too (a few tenths of a second): an upper bound.
    """
    code = COLD.format(root=str(ROOT), jobs=jobs, stock=stock)
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps([str(p) for p in paths]),
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, events = json.loads(out.stdout.strip().splitlines()[-1])
    return wall, cpu, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("long", "short"), default="long")
    parser.add_argument("--articles", type=int, default=120, help="articles in the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (the median is shown)")
    parser.add_argument("--no-naive", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold N-process row")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument(
        "--stock", action="store_true", help="the stock spaCy model, without our speed-ups (before/after)"
    )
    args = parser.parse_args()
    if args.stock:
        use_stock_pipeline()
    texts = long_texts(args.articles) if args.corpus == "long" else short_texts(args.articles)
    n = len(texts)
    n_words = sum(words(t) for t in texts)
    n_chars = sum(len(t) for t in texts)
    with tempfile.TemporaryDirectory(prefix="p4_corpus_") as tmp:
        paths = write_corpus(texts, Path(tmp))
        print(
            f"{args.corpus} corpus: {n} articles, {n_words / n:.0f} words/article "
            f"(min {min(words(t) for t in texts)}, max {max(words(t) for t in texts)}), "
            f"{n_chars / n:.0f} characters/article; {'stock' if args.stock else 'fast'} spaCy pipeline; "
            f"{os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.2f}; median of {args.repeat}"
        )
        # Warm-up on other articles: load the pipeline and fill its lazy caches (lemmas, tagger
        # rules) as in a process that has been running, so that the first in-process run is not
        # dearer than the forked warm workers, which inherit this process's state.
        warm_dir = Path(tmp) / "warm-up"
        warm_dir.mkdir()
        extract_paths(write_corpus(short_texts(32), warm_dir))
        runs: dict[str, list[tuple[float, float, int]]] = {}

        def record(name: str, measure) -> None:
            runs.setdefault(name, []).append(measure())

        for _ in range(args.repeat):
            if not args.no_naive:
                record("naive dateparser per sentence", lambda: _timed(naive, paths))
            record(
                "ours, 1 process",
                lambda: (lambda w, c, r: (w, c, len(r.table)))(*_timed(extract_paths, paths, jobs=1)),
            )
            if not args.no_cold:
                cold = f"ours, {args.jobs} processes, cold"
                record(cold, lambda: cold_pool(paths, args.jobs, stock=args.stock))
            record(f"ours, {args.jobs} processes, warm", lambda: warm_pool(paths, args.jobs))
    rows = []
    for name, measured in runs.items():
        wall = statistics.median(m[0] for m in measured)
        cpu = statistics.median(m[1] for m in measured)
        rows.append((name, wall, cpu, measured[0][2], [round(n / m[0], 1) for m in measured]))
    base = rows[0][1] if not args.no_naive else None
    print(
        f"{'system':34} {'seconds':>8} {'articles/s':>11} {'words/s':>8} {'CPU s/article':>14} "
        f"{'events':>7} {'vs naive':>9}  runs (articles/s)"
    )
    for name, wall, cpu, events, per_run in rows:
        vs = f"{base / wall:8.2f}x" if base else "        -"
        print(
            f"{name:34} {wall:8.2f} {n / wall:11.1f} {n_words / wall:8.0f} {cpu / n:14.4f} "
            f"{events:7d} {vs}  {per_run}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "corpus": args.corpus,
                    "articles": n,
                    "words_per_article": n_words / n,
                    "rows": [
                        {"system": r[0], "seconds": r[1], "cpu_seconds": r[2], "events": r[3], "runs": r[4]}
                        for r in rows
                    ],
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
