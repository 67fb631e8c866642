"""Where the tagger's span misses and false positives on TempEval-3 ``train/`` come from.

Usage: ``python bench/tempeval_categories.py [--root DIR] [--examples N]``.
Each missed gold TIMEX3 and each spurious expression of ours (no overlap with the other side)
is put in one category after the TimeML guidelines' classes (explicit dates, weekdays,
deictic words, anchored relatives, vague references, durations, sets, times of day, business
periods, open generic nouns); counts are printed per corpus (TimeBank, AQUAINT). Relaxed span
F1 multiplies both other measures, so this table says where span recall and precision go.
Never touches ``platinum/``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.append(str(ROOT / "bench"))  # appended: bench/events.py must not shadow the events package

import tempeval as te  # noqa: E402

_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    r"|august|september|october|november|december"
)
# First match wins: the order goes from the most specific class to the most general.
CATEGORIES: list[tuple[str, re.Pattern[str]]] = [
    (
        "vague reference (now, recent, future, soon...)",
        re.compile(
            r"^(?:the\s+)?(?:now|currently|current|recent(?:ly)?|the\s+past|past|future|soon|former(?:ly)?"
            r"|previously|already|once|then|yet|nowadays|at\s+the\s+moment|long\s+ago|as\s+soon\s+as\s+possible"
            r"|from\s+time\s+to\s+time|the\s+time|that\s+time|this\s+crucial\s+moment|last|earlier)$"
        ),
    ),
    (
        "business period (quarter, fiscal, period, year-end)",
        re.compile(r"quarter|fiscal|period|year-(?:end|earlier|ago)|\bq[1-4]\b"),
    ),
    ("deictic day (today, yesterday, tonight...)", re.compile(r"\b(?:today|yesterday|tomorrow|tonight)\b")),
    ("explicit date (year, month, day written)", re.compile(rf"\b(?:1\d|20)\d\d\b|\b(?:{_MONTHS})\b\.?")),
    ("weekday", re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")),
    (
        "anchored relative (last/next/this/ago/later...)",
        re.compile(
            r"\b(?:last|next|this|ago|earlier|later|following|previous|coming|past|before|after|same|that)\b"
        ),
    ),
    (
        "bare generic unit (the year, the day, the week)",
        re.compile(r"^(?:the\s+)?(?:day|week|month|year|decade|century|season|weekend|period|moment)s?$"),
    ),
]


def category(text: str, type_: str) -> str:
    """The category of one expression from its words, then its TIMEX3 type."""
    words = " ".join(text.lower().split())
    for name, pattern in CATEGORIES:
        if pattern.search(words):
            return name
    return {"DURATION": "duration", "SET": "set (frequency)", "TIME": "time of day"}.get(type_, "other date")


Cells = dict[str, Counter[tuple[str, str]]]
Examples = dict[tuple[str, str, str], list[str]]


def tables(root: Path = te.DATA) -> tuple[Cells, Examples]:
    """{"missed"|"spurious": Counter((category, corpus))} and examples per (kind, category, corpus)."""
    counts: Cells = {"missed": Counter(), "spurious": Counter()}
    examples: Examples = defaultdict(list)
    for doc in te.load_split("train", root=root):
        corpus = "TimeBank" if "TimeBank" in doc.name else "AQUAINT"
        predicted = te.ours(doc)
        used: set[int] = set()
        for g in doc.gold:
            overlapping = (i for i, p in enumerate(predicted) if p.start < g.end and g.start < p.end)
            match = next((i for i in overlapping if i not in used), None)
            if match is None:
                name = category(g.text, g.type)
                counts["missed"][(name, corpus)] += 1
                examples[("missed", name, corpus)].append(f"{g.text!r} {g.type} {g.value}")
            else:
                used.add(match)
        for i, p in enumerate(predicted):
            if i not in used:
                name = category(p.text, p.type)
                counts["spurious"][(name, corpus)] += 1
                examples[("spurious", name, corpus)].append(f"{p.text!r} {p.type} {p.value}")
    return counts, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=te.DATA)
    parser.add_argument("--examples", type=int, default=0, help="print N examples per cell")
    args = parser.parse_args(argv)
    counts, examples = tables(args.root)
    for kind in ("missed", "spurious"):
        by_total = Counter({n: 0 for n, _ in counts[kind]})
        for (n, _), k in counts[kind].items():
            by_total[n] += k
        names = [n for n, _ in by_total.most_common()]
        total = sum(counts[kind].values())
        print(f"== {kind} ({total}) | TimeBank | AQUAINT")
        for name in names:
            tb, aq = counts[kind][(name, "TimeBank")], counts[kind][(name, "AQUAINT")]
            print(f"{name:<52} {tb:>4} {aq:>4}")
            if args.examples:
                for corpus in ("TimeBank", "AQUAINT"):
                    for example in examples[(kind, name, corpus)][: args.examples]:
                        print(f"      {corpus[:2]} {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
