"""The publication-date corpus (bench/pubdate) as a regression test: no opening gets a wrong date."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench"))  # appended: bench/events.py must not shadow the events package

import pubdate  # noqa: E402

from loaders.text.clean import clean, find_published  # noqa: E402

# A headline-position "topic | date" line is read as the site's bar ("Home / World | 4 May
# 2021"); when the topic is an event ("Kabul airport blast | 26 August 2021") that is wrong.
KNOWN_WRONG = {"y08_event_header"}
ROWS = [
    pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason="known limitation"))
    if row[0] in KNOWN_WRONG
    else row
    for row in pubdate.read_index("all")
]


def test_text_pubdate_corpus_is_indexed() -> None:
    rows = pubdate.read_index("all")
    files = {p.stem for p in pubdate.CORPUS.glob("*.txt")}
    assert files == {name for name, *_ in rows}
    assert len(rows) >= 80 and len({outlet for _, _, outlet, _ in rows}) >= 40
    assert {split for _, split, _, _ in rows} == {"dev", "test"}


@pytest.mark.parametrize(("name", "split", "outlet", "gold"), ROWS)
def test_text_pubdate_opening(name: str, split: str, outlet: str, gold: object) -> None:
    text = (pubdate.CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    for how, pasted in pubdate.variants(text).items():
        found, _ = find_published(clean(pasted))
        verdict = pubdate.verdict(found, gold)
        if outlet == "traps" and how != "as written":
            continue  # a box of other stories' dates pasted without its blank lines or its label
        assert verdict != "wrong", (how, found)
        if how != "first line left off":
            assert verdict == "right", (how, found)


def test_text_pubdate_synthetic_headers_never_wrong() -> None:
    rng = random.Random(7)
    for _ in range(400):
        text, gold = pubdate.synthetic_page(rng)
        found, _ = find_published(clean(text))
        assert pubdate.verdict(found, gold) == "right", text
