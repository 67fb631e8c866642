"""Join two tagged dates written as a range ("from 1996 to 2001") into one span.

TempEval annotates the two ends of a range as two separate timexes, and so does ``tag``;
the event stage wants one period. ``ranges`` finds the pairs without re-tagging.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime

from loaders.temporal.timex import Timex

# What may stand between the two ends, and what may open the range before the first one.
_JOINER = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*(?:the\s+)?(?:end\s+of\s+)?", re.I)
_OPENER = re.compile(r"(?:from|between|since)\s+(?:the\s+)?$", re.I)
_DASH = re.compile(r"\s*[-–—]\s*")


@dataclass(frozen=True)
class DateRange:
    """Two timexes read as one period: ``[span_start, span_end)`` from the first's start to the last's end."""

    first: Timex
    last: Timex
    start: int
    end: int
    span_start: datetime
    span_end: datetime


def ranges(timexes: list[Timex], text: str) -> list[DateRange]:
    """Consecutive dated timexes joined by "from X to Y", "between X and Y", "X-Y" or "X until Y".

    "and" only joins after "between" ("in 1996 and 2001" names two years, not a period).
    Ranges whose second end is not later than the first are not returned.
    """
    found: list[DateRange] = []
    ordered = sorted(timexes, key=lambda t: t.start)
    for first, last in itertools.pairwise(ordered):
        if first.span_start is None or last.span_end is None or first.type not in ("DATE", "TIME"):
            continue
        if last.type not in ("DATE", "TIME") or last.span_end <= first.span_start:
            continue
        gap = text[first.end : last.start]
        joiner = _JOINER.fullmatch(gap)
        if joiner is None:
            continue
        opener = _OPENER.search(text, max(0, first.start - 16), first.start)
        word = gap.strip().lower()
        if word == "and" and not (opener and opener.group().lower().startswith("between")):
            continue
        if not opener and not _DASH.fullmatch(gap) and word not in ("until", "till", "through", "thru", "to"):
            continue
        start = opener.start() if opener else first.start
        found.append(DateRange(first, last, start, last.end, first.span_start, last.span_end))
    return found
