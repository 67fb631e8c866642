"""Temporal tagger scanning: trying rules only near their trigger words finds every match.

The fast scanner tries each rule only at word starts a short way before one of its trigger
words, on the lower-cased text. These tests compare it with trying every rule at every
character of the original text.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.temporal import lexicon as lx
from loaders.temporal import tag
from loaders.temporal.tagger import _candidates, _candidates_exhaustive
from tests.test_temporal import CASES

# Constructions whose match begins well before its trigger word, and triggers in odd places.
LONG_REACH = [
    "The strike lasted the twenty-five to thirty-five consecutive days of the spring.",
    "It was signed on Wednesday, the 21st of March, in Geneva.",
    "Voting ran between 21st and 23rd of March 2019 in most districts.",
    "Profit fell in the fiscal year-earlier calendar quarter.",
    "Exports rose earlier in the fiscal year and fell later this calendar year.",
    "The blast came at about 10:35 a.m. (0735 GMT) Friday.",
    "The city was founded in 300 BC and rebuilt in A.D. 300.",
    "Revenue for FY1990 and fiscal 1991 beat forecasts; the '90s were good.",
    "this year's fourth fiscal quarter, the 1988 period and the year-ago quarter",
    "the following Tuesday, the previous Sunday evening, this past March",
    "Q3 2020, q1-2021, 12-Mar-2020 and 2021/03/04 were all quiet.",
    "Prices rose 3.5% to $12.75 on 5.11.2021, 12/25/2020 and 7/4/76; 1,000 troops, 250 km.",
    "ÉTÉ 1990: İstanbul talks on 5 November, then the summit on Nov. 9.",
    "It began the day before yesterday, several years ago, in the year-earlier three-month period.",
    "Twenty-five centuries or so ago, and in twenty-five years from now, at 12:30 in the morning.",
    "In the twenty-first century, the following winter, at twelve o'clock, after a little while.",
    "In the early afternoon of the comparable year-earlier quarter, 12:30 a.m. at the latest.",
    # Text that lost its spaces (a PDF's): words longer than the scanner's short look ahead.
    "Talks began on 3 March " + "x" * 300 + "March2021inKhost" + "y" * 400 + " and on 5 May 2021.",
    "on Friday" + "z" * 1000,
]

_WORDS = [
    *lx.MONTHS,
    *(w for w in lx.WEEKDAYS if len(w) > 4),
    *lx.NUMBERS,
    *lx.UNITS,
    *lx.APPROX_MODS,
    *lx.PART_MODS,
    *lx.SEASONS,
    *lx.SETS,
    "the", "of", "and", "to", "last", "next", "this", "that", "ago", "later", "earlier", "fiscal",
    "quarter", "year-earlier", "every", "a.m.", "pm", "GMT", "BC", "A.D.", "'90s", "1990s",
    "1990", "2021", "12", "5th", "21st", "10:30", "0735", "5/11/2021", "2021-11-05", ",", ".",
    "3.5", "12.75", "1,000", "7/4/76", "$5", "25.12.2020", "/",
    "-", "(", ")", "Q3", "FY1990", "today", "tonight", "Christmas", "noon", "o'clock",
]  # fmt: skip


def _spans(candidates: list) -> set[tuple[int, int, int]]:
    return {candidate[:3] for candidate in candidates}


@pytest.mark.parametrize("text", [case[0].replace("[", "").replace("]", "") for case in CASES] + LONG_REACH)
def test_temporal_scan_finds_what_exhaustive_search_finds(text: str) -> None:
    assert _spans(_candidates(text)) == _spans(_candidates_exhaustive(text))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14),
    st.lists(st.sampled_from([" ", " ", " ", "  ", "-", ", ", "\n"]), min_size=14, max_size=14),
)
def test_temporal_scan_matches_exhaustive_on_word_salad(words: list[str], gaps: list[str]) -> None:
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    for variant in (text, text.upper(), text.title()):
        assert _spans(_candidates(variant)) == _spans(_candidates_exhaustive(variant))


def test_temporal_scan_keeps_offsets_when_lower_case_is_longer() -> None:
    # "İ" lower-cases to two characters; offsets must still point into the original text.
    text = "İİİ The talks resumed on 5 November 2021 in İstanbul."
    timexes = tag(text, reference_date="2021-11-10")
    assert [(t.text, t.value) for t in timexes] == [("5 November 2021", "2021-11-05")]


def test_temporal_scan_is_linear_on_text_without_spaces() -> None:
    # Each trigger's window once searched to the end of its word: 100,000 letters without a
    # space took 12 s. A hang guard, not a speed target: it now takes a fraction of a second.
    started = time.perf_counter()
    tag("Talksbeganon3March2021inKhost" * 3500, reference_date="2021-11-05")
    assert time.perf_counter() - started < 6
