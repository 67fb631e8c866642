"""The temporal expression model shared by the tagger and the event stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")


@dataclass(frozen=True)
class Timex:
    """One temporal expression: a view into the text with its TIMEX3 annotation.

    ``start``/``end`` are character offsets into the tagged text (end exclusive).
    ``span_start``/``span_end`` give the resolved half-open calendar span when the
    value is a date or time (``2021-08`` -> [2021-08-01, 2021-09-01), precision
    ``month``); they are ``None`` for durations, sets and undetermined values.
    ``anchor`` names what a relative value was resolved against: ``"dct"`` (the
    reference/publication date), ``"narrative"`` (the last date the text
    established), or ``""`` for absolute expressions.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""
    span_start: datetime | None = None
    span_end: datetime | None = None
    precision: str | None = None
    anchor: str = ""
    quant: str = ""
    freq: str = ""
