"""Check that the fast spaCy pipeline changes nothing: annotations and events against the stock model.

``loaders.text.nlp.load_pipeline()`` swaps in speed-ups (numpy matrix products, a compiled
attribute ruler, acronyms by phrase lookup, the NER's greedy decoder over arrays, lemmas
remembered per word, tag and morphology). This runs both pipelines in one process, on the
same code, and compares:

1. every token annotation the loader can read (tag, POS, morphology, lemma, dependency, head,
   sentence start, entity IOB/type/id) on our bundled articles, the long throughput corpus and,
   when ``../shared`` is there, the TempEval-3 documents and ACLED event notes;
2. the event tables, meta and warnings of ``extract`` and ``extract_many`` on every bundled
   article and the long corpus (``DataFrame.equals``).

    python bench/throughput_check.py [--notes 3000] [--no-events]

Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from throughput import long_texts, originals  # noqa: E402

import loaders.text as text_loader  # noqa: E402
from loaders.text import nlp  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE", "ENT_ID"]


def corpus(notes: int) -> list[tuple[str, str]]:
    """(text, name): bundled articles, the long corpus, TempEval-3 and ACLED notes when present."""
    items = [(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT))) for p in originals()]
    items += [(t, f"long{i}") for i, t in enumerate(long_texts(120))]
    for path in sorted(SHARED.glob("tempeval3/**/*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        items.append((re.sub(r"<[^>]+>", "", body.group(1) if body else raw), path.name))
    acled = SHARED / "events" / "acled_global_2020-04-27_2020-05-09.csv"
    if acled.is_file() and notes:
        with acled.open(encoding="utf-8") as f:
            for i, row in enumerate(csv.DictReader(f)):
                if i >= notes:
                    break
                items.append((row.get("notes") or "", f"acled-note-{i}"))
    return [(t, name) for t, name in items if t.strip()]


def annotations(stock: object, fast: object, items: list[tuple[str, str]]) -> int:
    """Documents whose token annotations differ; prints the count of tokens compared."""
    texts = [t for t, _ in items]
    timings = {}
    arrays = {}
    for name, pipe in (("stock", stock), ("fast", fast)):
        t = time.process_time()
        arrays[name] = [doc.to_array(ATTRS) for doc in pipe.pipe(texts, batch_size=16)]
        timings[name] = time.process_time() - t
    differ = [
        items[i][1]
        for i, (a, b) in enumerate(zip(arrays["stock"], arrays["fast"], strict=True))
        if a.shape != b.shape or not numpy.array_equal(a, b)
    ]
    tokens = sum(len(a) for a in arrays["stock"])
    print(
        f"annotations: {len(items)} documents, {tokens:,} tokens: {len(differ)} documents differ "
        f"(spaCy CPU: stock {timings['stock']:.1f} s, fast {timings['fast']:.1f} s)"
    )
    for name in differ[:20]:
        print(f"  differs: {name}")
    return len(differ)


def _use(pipe: nlp.Pipeline) -> Callable[[], nlp.Pipeline]:
    def current() -> nlp.Pipeline:
        return pipe

    return current


def events(stock: nlp.Pipeline, fast: nlp.Pipeline, items: list[tuple[str, str]]) -> int:
    """Documents whose events (table, meta, warnings) differ between the two pipelines."""
    results = {}
    original = text_loader.pipeline
    try:
        for name, pipe in (("stock", stock), ("fast", fast)):
            text_loader.pipeline = _use(pipe)  # what extract/extract_many call
            one = [text_loader.extract(t, source=src) for t, src in items]
            many = text_loader.extract_many(items)
            results[name] = (one, many)
    finally:
        text_loader.pipeline = original
    differ = 0
    for kind, k in (("extract", 0), ("extract_many", 1)):
        for (_, src), a, b in zip(items, results["stock"][k], results["fast"][k], strict=True):
            same = (
                a.table.equals(b.table)
                and list(a.table.dtypes) == list(b.table.dtypes)
                and a.meta == b.meta
                and a.warnings == b.warnings
            )
            if not same:
                differ += 1
                print(f"  events differ ({kind}): {src}")
    n_events = sum(len(r.table) for r in results["fast"][0])
    print(f"events: {len(items)} documents, {n_events:,} events, extract and extract_many: {differ} differ")
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000, help="ACLED notes to include (../shared)")
    parser.add_argument("--no-events", action="store_true", help="compare annotations only")
    args = parser.parse_args()
    stock, fast = nlp.load_pipeline(fast=False), nlp.load_pipeline()
    items = corpus(args.notes)
    bad = annotations(stock.nlp, fast.nlp, items)
    if not args.no_events:
        bundled = [(t, n) for t, n in items if not n.endswith(".tml") and not n.startswith("acled-")]
        bad += events(stock, fast, bundled)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
