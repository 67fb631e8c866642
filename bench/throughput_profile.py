"""Where the text pipeline's time goes: CPU milliseconds per article for each spaCy component
(stock model and our fast pipeline side by side) and for our own stages (cProfile).

    python bench/throughput_profile.py [--articles 48] [--batch-size 16] [--top 15]

The corpus is ``bench/throughput.py``'s long one (400-800-word articles). Components run one
after another over the whole corpus with ``Pipe.pipe`` at the given batch size, best of two.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from throughput import long_texts  # noqa: E402

from loaders.text import extract_many  # noqa: E402
from loaders.text import nlp as text_nlp  # noqa: E402


def components(nlp: object, texts: list[str], batch_size: int) -> dict[str, float]:
    """CPU seconds per component over ``texts`` (best of two)."""
    best: dict[str, float] = {}
    for _ in range(2):
        t = time.process_time()
        docs = [nlp.make_doc(text) for text in texts]
        best["tokenizer"] = min(best.get("tokenizer", 1e9), time.process_time() - t)
        for name, proc in nlp.pipeline:
            t = time.process_time()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=batch_size))
            else:
                docs = [proc(doc) for doc in docs]
            best[name] = min(best.get(name, 1e9), time.process_time() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--top", type=int, default=15, help="our functions to list from the profile")
    args = parser.parse_args()
    texts = long_texts(args.articles)
    n = len(texts)
    print(f"{n} articles, {sum(len(t.split()) for t in texts) / n:.0f} words/article; CPU ms per article")
    table = {}
    for label, fast in (("stock", False), ("fast", True)):
        nlp = text_nlp.load_pipeline(fast=fast).nlp
        list(nlp.pipe(texts[:4]))  # first-call costs out of the timing
        table[label] = components(nlp, texts, args.batch_size)
    print(f"{'component':18} {'stock':>8} {'fast':>8}")
    for name in table["fast"]:
        print(f"{name:18} {table['stock'][name] / n * 1000:8.1f} {table['fast'][name] / n * 1000:8.1f}")
    totals = [sum(table[label].values()) / n * 1000 for label in ("stock", "fast")]
    print(f"{'spaCy total':18} {totals[0]:8.1f} {totals[1]:8.1f}")

    items = [(text, f"a{i}") for i, text in enumerate(texts)]
    extract_many(items[:2])
    t = time.process_time()
    extract_many(items)
    whole = time.process_time() - t
    print(f"\nwhole loader (extract_many, fast pipeline): {whole / n * 1000:.1f} ms per article")
    profile = cProfile.Profile()
    profile.runcall(extract_many, items)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(r"loaders/|events/schema", args.top)
    print("our stages under cProfile (cumulative seconds, profiler overhead included):")
    print("\n".join(line for line in out.getvalue().splitlines() if "/" in line or "ncalls" in line))


if __name__ == "__main__":
    main()
