"""Calendar arithmetic and TIMEX3 values <-> half-open spans (plain ``datetime``, any year 1-9999)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

SEASON_START: dict[str, tuple[int, int]] = {"SP": (3, 0), "SU": (6, 0), "FA": (9, 0), "WI": (12, 0)}
"""Meteorological seasons (northern hemisphere): first month and year offset."""
DAY_PARTS: dict[str, tuple[int, int]] = {
    "MO": (6, 12),
    "MI": (11, 13),
    "AF": (12, 18),
    "EV": (18, 24),
    "NI": (21, 30),
}
"""Parts of the day as [start hour, end hour); night runs past midnight."""

_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?:(?P<H>\d{2})(?::(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"|(?P<part>MO|MI|AF|EV|NI)))?)?|W(?P<w>\d{2})(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<season>SP|SU|FA|WI)))?$"
)


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by ``months`` calendar months."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def week_value(day: date) -> str:
    """ISO week value of a day, e.g. ``2021-W44``."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _safe(make, *args) -> datetime | None:
    try:
        return make(*args)
    except (ValueError, OverflowError):
        return None


def value_span(value: str) -> tuple[datetime | None, datetime | None, str | None]:
    """The half-open span and precision of a calendar TIMEX3 value, or (None, None, None)."""
    if len(value) == 3 and value.isdigit():  # decade
        start = int(value) * 10
        return _years(start, start + 10, "decade")
    if len(value) == 2 and value.isdigit():  # century
        start = int(value) * 100
        return _years(start, start + 100, "century")
    match = _VALUE.match(value)
    if match is None:
        return None, None, None
    g = match.groupdict()
    year = int(g["y"])
    if year < 1:
        return None, None, None
    if g["w"]:
        try:
            start = datetime.combine(date.fromisocalendar(year, int(g["w"]), 1), datetime.min.time())
        except ValueError:
            return None, None, None
        if g["we"]:
            start += timedelta(days=5)
            return start, _add(start, timedelta(days=2)), "day"
        return start, _add(start, timedelta(days=7)), "week"
    if g["q"]:
        first = (int(g["q"]) - 1) * 3 + 1
        return _months(year, first, 3, "quarter")
    if g["h"]:
        return _months(year, 1 if g["h"] == "1" else 7, 6, "quarter")
    if g["season"]:
        month, _ = SEASON_START[g["season"]]
        return _months(year, month, 3, "season")
    if g["m"] is None:
        return _years(year, year + 1, "year")
    month = int(g["m"])
    if not 1 <= month <= 12:
        return None, None, None
    if g["d"] is None:
        return _months(year, month, 1, "month")
    start = _safe(datetime, year, month, int(g["d"]))
    if start is None:
        return None, None, None
    if g["part"]:
        low, high = DAY_PARTS[g["part"]]
        return start + timedelta(hours=low), _add(start, timedelta(hours=high)), "hour"
    if g["H"] is None:
        return start, _add(start, timedelta(days=1)), "day"
    hour = int(g["H"])
    if hour > 24:
        return None, None, None
    start += timedelta(hours=hour)
    if g["M"] is None:
        return start, _add(start, timedelta(hours=1)), "hour"
    minute = int(g["M"])
    if minute > 59:
        return None, None, None
    start += timedelta(minutes=minute)
    if g["S"] is None:
        return start, _add(start, timedelta(minutes=1)), "minute"
    second = int(g["S"])
    if second > 59:
        return None, None, None
    start += timedelta(seconds=second)
    return start, _add(start, timedelta(seconds=1)), "second"


def _add(start: datetime, delta: timedelta) -> datetime | None:
    try:
        return start + delta
    except OverflowError:
        return None


def _years(first: int, stop: int, precision: str) -> tuple[datetime | None, datetime | None, str | None]:
    if first < 1 or stop > 10000:
        return None, None, None
    return datetime(first, 1, 1), datetime(stop, 1, 1) if stop <= 9999 else None, precision


def _months(
    year: int, month: int, count: int, precision: str
) -> tuple[datetime | None, datetime | None, str | None]:
    end_year, end_month = shift_months(year, month, count)
    if end_year > 9999:
        return None, None, None
    return datetime(year, month, 1), datetime(end_year, end_month, 1), precision


def fmt_year(year: int) -> str | None:
    """Four-digit TIMEX3 year, or None outside 1-9999 (BC years use :func:`bc_value`)."""
    return f"{year:04d}" if 1 <= year <= 9999 else None


def bc_value(year: int) -> str:
    """TIMEX3 value of a year BC (``330 BC`` -> ``BC0330``): no calendar span."""
    return f"BC{year:04d}"
