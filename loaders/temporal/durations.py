"""TIMEX3 duration values (``P2W``, ``P1M``, ``PT24H``, ``PXY``) as objects the event stage can use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from loaders.temporal.calendar import shift_months

_DURATION = re.compile(
    r"^P(?:(?P<n>\d+(?:\.\d+)?|X)(?P<unit>DE|CE|ML|Y|Q|M|W|D|E|C|L|X))?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?|X)H)?(?:(?P<mi>\d+(?:\.\d+)?|X)M)?(?:(?P<s>\d+(?:\.\d+)?|X)S)?)?$"
)
# Calendar units in months; the rest are fixed lengths.
_MONTHS_PER_UNIT: dict[str, int] = {
    "Y": 12,
    "Q": 3,
    "M": 1,
    "DE": 120,
    "E": 120,
    "CE": 1200,
    "C": 1200,
    "ML": 12000,
    "L": 12000,
}
_DAYS_PER_UNIT: dict[str, int] = {"W": 7, "D": 1}


@dataclass(frozen=True)
class Duration:
    """A parsed duration: calendar months plus an exact time delta; ``vague`` for ``PXY``-style values."""

    months: int = 0
    delta: timedelta = timedelta(0)
    vague: bool = False
    value: str = ""

    def before(self, anchor: datetime) -> datetime | None:
        """The instant this duration before ``anchor`` (None when vague or out of range)."""
        return self._shift(anchor, -1)

    def after(self, anchor: datetime) -> datetime | None:
        """The instant this duration after ``anchor`` (None when vague or out of range)."""
        return self._shift(anchor, 1)

    def _shift(self, anchor: datetime, sign: int) -> datetime | None:
        if self.vague:
            return None
        try:
            year, month = shift_months(anchor.year, anchor.month, sign * self.months)
            if not 1 <= year <= 9999:
                return None
            # Clamp the day: 31 January + 1 month is the end of February.
            day = min(anchor.day, _month_length(year, month))
            return anchor.replace(year=year, month=month, day=day) + sign * self.delta
        except (ValueError, OverflowError):
            return None


def _month_length(year: int, month: int) -> int:
    next_year, next_month = shift_months(year, month, 1)
    return (datetime(next_year, next_month, 1) - datetime(year, month, 1)).days if next_year <= 9999 else 31


def parse_duration(value: str) -> Duration | None:
    """Parse a TIMEX3 duration value; None when it is not one."""
    match = _DURATION.match(value or "")
    if match is None or value in ("P", "PT"):
        return None
    g = match.groupdict()
    parts = [g["n"], g["h"], g["mi"], g["s"]]
    if all(p is None for p in parts):
        return None
    if any(p == "X" for p in parts) or g["unit"] == "X":
        return Duration(vague=True, value=value)
    months = 0
    delta = timedelta(0)
    if g["n"] is not None:
        amount = float(g["n"])
        unit = g["unit"]
        if unit in _MONTHS_PER_UNIT:
            whole = amount * _MONTHS_PER_UNIT[unit]
            months = int(whole)
            delta += timedelta(days=(whole - months) * 30.4375)
        else:
            delta += timedelta(days=amount * _DAYS_PER_UNIT[unit])
    try:
        delta += timedelta(hours=float(g["h"] or 0), minutes=float(g["mi"] or 0), seconds=float(g["s"] or 0))
    except OverflowError:
        return None
    return Duration(months=months, delta=delta, value=value)


def duration_to_timedelta(value: str) -> timedelta | None:
    """Approximate length of a duration value (a month counts 30.4375 days); None when vague."""
    duration = parse_duration(value)
    if duration is None or duration.vague:
        return None
    try:
        return timedelta(days=duration.months * 30.4375) + duration.delta
    except OverflowError:
        return None
