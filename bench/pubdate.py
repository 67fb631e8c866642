"""Score the publication date read from pasted news-page openings.

Run: ``python bench/pubdate.py [--split dev|test|all] [--details] [--variants]``.

Corpus: ``bench/pubdate/*.txt``, each the opening of a page as a browser copies it (site
bar, section, headline, standfirst, byline, date lines, dateline, first paragraph), written
by us in our own words in the header layouts of real outlets; ``bench/pubdate/index.tsv``
gives each file's split, outlet style and gold publication date (``none`` when the page
gives none: "2 hours ago", "Today, 2:21 pm", a date that is an event's). The ``test`` half
was written before any tuning and is scored only at the end of a round; tune on ``dev``.

A wrong date is far worse than none: every relative date in the article would be resolved
against it, silently. The figures are right / wrong / not found, per outlet and overall.
``--variants`` also scores each opening pasted other ways (blank lines dropped or doubled, the
first line left off, Windows line ends and non-breaking spaces), which finds fragile rules.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.text.clean import clean, find_published

CORPUS = Path(__file__).resolve().parent / "pubdate"


def read_index(split: str) -> list[tuple[str, str, str, date | None]]:
    """(file stem, split, outlet, gold date or None) for the chosen split."""
    rows = []
    for line in (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, part, outlet, gold = line.split("\t")
        if split in ("all", part):
            rows.append((name, part, outlet, None if gold == "none" else date.fromisoformat(gold)))
    return rows


def variants(text: str) -> dict[str, str]:
    """The same opening pasted other ways."""
    lines = text.splitlines()
    return {
        "as written": text,
        "no blank lines": "\n".join(line for line in lines if line.strip()),
        "blank line after each": "\n\n".join(line for line in lines if line.strip()),
        "first line left off": "\n".join(lines[1:]),
        "CRLF and NBSP": text.replace("\n", "\r\n").replace(" ", "\u00a0", 3),
    }


def verdict(found: date | None, gold: date | None) -> str:
    """right (the gold date, or none where the page gives none), wrong, or missed."""
    if found == gold:
        return "right"
    return "missed" if found is None else "wrong"


def main() -> None:
    """Print right / wrong / missed per outlet style and overall."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--details", action="store_true", help="one line per opening")
    parser.add_argument("--variants", action="store_true", help="also score other ways of pasting")
    args = parser.parse_args()
    rows = read_index(args.split)
    if args.variants:
        score_variants(rows)
        return
    by_outlet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    for name, _, outlet, gold in rows:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        found, written = find_published(clean(text))
        result = verdict(found, gold)
        by_outlet[outlet][result] += 1
        total[result] += 1
        total["gold none" if gold is None else "gold dated"] += 1
        if args.details or result != "right":
            print(f"{result:6}  {name:34} gold {gold or 'none'}  found {found or 'none'}  {written!r}")
    print(
        f"\n=== publication date: {args.split} split, {len(rows)} openings, "
        f"{len(by_outlet)} outlet styles ==="
    )
    print(f"{'outlet style':24} {'right':>5} {'wrong':>5} {'missed':>6}")
    for outlet in sorted(by_outlet, key=str.lower):
        counts = by_outlet[outlet]
        print(f"{outlet:24} {counts['right']:5} {counts['wrong']:5} {counts['missed']:6}")
    n = len(rows) or 1
    print(
        f"\noverall: right {total['right']} ({100 * total['right'] / n:.1f}%), "
        f"wrong {total['wrong']} ({100 * total['wrong'] / n:.1f}%), "
        f"missed {total['missed']} ({100 * total['missed'] / n:.1f}%)  "
        f"[{total['gold dated']} pages dated, {total['gold none']} giving none]"
    )


def score_variants(rows: list[tuple[str, str, str, date | None]]) -> None:
    """Right / wrong / missed for each way of pasting the openings."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, _, _, gold in rows:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        for how, pasted in variants(text).items():
            found, written = find_published(clean(pasted))
            result = verdict(found, gold)
            counts[how][result] += 1
            if result == "wrong":
                print(f"wrong   {name:34} ({how}) gold {gold or 'none'}  found {found}  {written!r}")
    print(f"\n{'pasted':24} {'right':>5} {'wrong':>5} {'missed':>6}")
    for how, c in counts.items():
        print(f"{how:24} {c['right']:5} {c['wrong']:5} {c['missed']:6}")


if __name__ == "__main__":
    main()
