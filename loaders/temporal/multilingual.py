"""Absolute date strings in other languages, normalised through dateparser."""

from __future__ import annotations

import re
from datetime import datetime

from loaders.temporal.timex import Timex

# dateparser reports the finest part it read; map to TIMEX3 value shapes and our precisions.
_PERIODS: dict[str, tuple[str, str]] = {
    "day": ("%Y-%m-%d", "day"),
    "month": ("%Y-%m", "month"),
    "year": ("%Y", "year"),
    "time": ("%Y-%m-%dT%H:%M", "minute"),
}
# Candidate absolute dates in running foreign text: a number, words, and a 4-digit year, or numeric forms.
_CANDIDATE = re.compile(
    r"(?:\b\d{1,2}(?:er|º|°|\.)?\s+(?:de\s+)?[^\W\d_]+\.?\s+(?:de\s+|del\s+)?\d{4}\b"
    r"|\b[^\W\d_]+\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"
    r"|(?<!\S)[^\W\d_]{3,}\s+(?:de\s+|del\s+)?\d{4}\b)"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_absolute(text: str, *, languages: list[str] | None = None) -> Timex | None:
    """An absolute date string in any language dateparser knows ("5 novembre 2021") as a Timex.

    The Timex covers the whole string (offsets 0..len). Returns None when it is not a date.
    Relative expressions are refused: this is for absolute dates only.
    """
    from dateparser.date import DateDataParser

    stripped = text.strip()
    if not stripped or len(stripped) > 80:
        return None
    parser = DateDataParser(
        languages=languages,
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": datetime(1900, 1, 1),
            "PARSERS": ["absolute-time", "custom-formats"],
            "REQUIRE_PARTS": ["year"],
        },
    )
    try:
        data = parser.get_date_data(stripped)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    moment: datetime = data.date_obj.replace(tzinfo=None)
    period = data.period or "day"
    if period == "time" and moment.hour == 0 and moment.minute == 0:
        period = "day"
    fmt, _ = _PERIODS.get(period, _PERIODS["day"])
    value = moment.strftime(fmt)
    from loaders.temporal.calendar import value_span

    span_start, span_end, precision = value_span(value)
    offset = text.index(stripped)
    return Timex(
        start=offset,
        end=offset + len(stripped),
        text=stripped,
        type="TIME" if period == "time" else "DATE",
        value=value,
        span_start=span_start,
        span_end=span_end,
        precision=precision,
    )


def tag_foreign(text: str, *, reference: datetime, lang: str) -> list[Timex]:
    """Absolute dates in running text of another language (relative ones are not resolved)."""
    del reference  # absolute dates do not need it; kept for a uniform signature
    normalised = text.translate(_DIGITS)  # same length: offsets stay valid
    timexes: list[Timex] = []
    for match in _CANDIDATE.finditer(normalised):
        found = parse_absolute(match.group(), languages=[lang])
        if found is None:
            continue
        start, end = match.start(), match.end()
        timexes.append(
            Timex(
                start=start,
                end=end,
                text=text[start:end],
                type=found.type,
                value=found.value,
                span_start=found.span_start,
                span_end=found.span_end,
                precision=found.precision,
            )
        )
    return timexes
