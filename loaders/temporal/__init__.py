"""Temporal tagger: TIMEX3 expressions with resolved calendar spans, from raw text.

Public API: :func:`tag`, :func:`parse_absolute`, :class:`Timex`, :func:`parse_duration`,
:func:`duration_to_timedelta`, :func:`value_span`, :func:`ranges` (join "from X to Y").
"""

from __future__ import annotations

from loaders.temporal.calendar import value_span
from loaders.temporal.durations import Duration, duration_to_timedelta, parse_duration
from loaders.temporal.multilingual import parse_absolute
from loaders.temporal.ranges import DateRange, ranges
from loaders.temporal.tagger import tag
from loaders.temporal.timex import TIMEX_TYPES, Timex

__all__ = [
    "TIMEX_TYPES",
    "DateRange",
    "Duration",
    "Timex",
    "duration_to_timedelta",
    "parse_absolute",
    "parse_duration",
    "ranges",
    "tag",
    "value_span",
]
