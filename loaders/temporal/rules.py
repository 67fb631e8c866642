# ruff: noqa: E501  (the rule table keeps one pattern per line)
"""English patterns (compiled once) and their resolution into TIMEX3 values.

Each rule is a regular expression plus a builder. Matching is purely lexical and returns a
resolver; resolvers run in text order so that narrative anchoring sees earlier dates first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loaders.temporal import lexicon as lx
from loaders.temporal.anchoring import PRESENT_CLAUSE, Context
from loaders.temporal.calendar import fmt_year, quarter_of, shift_months, valid_day, week_value


@dataclass(frozen=True)
class Hit:
    """A resolved expression before it becomes a Timex."""

    start: int
    end: int
    type: str
    value: str
    mod: str = ""
    anchor: str = ""
    quant: str = ""
    freq: str = ""


Resolver = Callable[[Context], "list[Hit] | Hit | None"]
Builder = Callable[[re.Match[str], str], "Resolver | None"]


def _alt(words) -> str:
    """Regex alternation, longest first, with spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_MON_WORDS = _alt(lx.MONTHS)
_WD_WORDS = _alt(w for w in lx.WEEKDAYS if len(w) > 4)
_WD_ABBR = _alt(w for w in lx.WEEKDAYS if len(w) <= 4)
_NUM_SIMPLE = _alt([*lx.NUMBERS, *lx.VAGUE_NUMBERS])
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUM = rf"(?:half\s+an?|half(?=-(?:hour|day|year|century)\b)|\d+\s+1/2(?![\d/])|(?:\d{{1,3}}|{_ONES}|ten|eleven|twelve)\s+and\s+a\s+half|(?<![/\d])\d+(?:,\d{{3}})*(?:\.\d+)?|(?:{_TENS})[-\s](?:{_ONES})|{_NUM_SIMPLE})"
_UNIT_WORDS = _alt([*lx.UNITS, "centuries"])
UNIT = rf"(?:{_UNIT_WORDS})"
_PRE_WORDS = _alt([*lx.APPROX_MODS, *lx.PART_MODS])
PRE = rf"(?:(?P<pre>{_PRE_WORDS})(?:\s+|-|(?<=-)))?"
_MON_FULL = _alt(w for w in lx.MONTHS if len(w) > 4 or w in ("may", "june", "july"))
_MON_ABBR = _alt(w for w in lx.MONTHS if not (len(w) > 4 or w in ("may", "june", "july")))
MON = rf"(?P<mon>{_MON_FULL}(?![a-z])|(?:{_MON_ABBR})(?:\.|(?![a-z])))"
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR4 = r"(?P<year>1\d{3}|20\d{2})(?![\d])"
WD = rf"(?P<wd>{_WD_WORDS})(?![a-z])"
_ORD_WORDS = _alt(lx.ORDINALS)
_TZ = _alt(lx.TIMEZONES)
_DAY_CUES = frozenset(
    [
        "in",
        "on",
        "since",
        "until",
        "till",
        "by",
        "from",
        "to",
        "through",
        "during",
        "before",
        "after",
        "of",
        "between",
        "and",
        "or",
        "last",
        "next",
        "this",
        "early",
        "late",
        "mid",
        "end",
        "beginning",
        "start",
        "around",
        "about",
        "until",
        "late-",
    ]
)
_TIME_CUES = frozenset(("at", "by", "until", "from", "around", "about", "before", "after", "to", "between"))
_SEASON_CUES = frozenset(
    [
        "in",
        "during",
        "since",
        "until",
        "by",
        "through",
        "throughout",
        "over",
        "from",
        "that",
        "early",
        "late",
        "into",
    ]
)
_QUANT_CONTEXT = re.compile(r"(?:\$|£|€|%|\d|per|percent|cents?|dollars?|shares?)\s*$", re.I)


def _norm(words: str | None) -> str:
    return " ".join((words or "").lower().split()).strip(" -.")


def _pre_mod(m: re.Match[str]) -> str:
    pre = _norm(m.groupdict().get("pre"))
    if not pre:
        return ""
    for key in (pre, pre + "-", pre + "."):  # _norm strips the "-" of "mid-" and the "." of "c."
        if key in lx.PART_MODS:
            return lx.PART_MODS[key]
        if key in lx.APPROX_MODS:
            return lx.APPROX_MODS[key]
    return ""


def _pre_is_part(m: re.Match[str]) -> bool:
    pre = _norm(m.groupdict().get("pre"))
    return pre in lx.PART_MODS or pre + "-" in lx.PART_MODS


def _num(word: str) -> float | str | None:
    """Number word or digits -> value; "X" for vague quantities."""
    w = _norm(word).replace(",", "")
    if w in lx.VAGUE_NUMBERS:
        return "X"
    if w in lx.NUMBERS:
        return lx.NUMBERS[w]
    if re.fullmatch(r"half(?:\s+an?)?", w):  # "half an hour", "a half-hour speech"
        return 0.5
    half = re.fullmatch(r"(\d+)\s+1/2", w)
    if half:
        return int(half.group(1)) + 0.5
    half = re.fullmatch(r"(\w+)\s+and\s+a\s+half", w)  # "four and a half years"
    if half:
        whole = _num(half.group(1))
        return whole + 0.5 if isinstance(whole, int) else None
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        number = float(w)
        return int(number) if number.is_integer() else number
    parts = re.split(r"[-\s]", w)
    if len(parts) == 2 and parts[0] in lx.NUMBERS and parts[1] in lx.NUMBERS:
        return lx.NUMBERS[parts[0]] + lx.NUMBERS[parts[1]]
    return None


def _unit(word: str) -> str:
    w = _norm(word)
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in lx.UNITS else w


def _fmt_amount(amount: float | str) -> str:
    if isinstance(amount, float) and not amount.is_integer():
        return f"{amount:g}"
    return str(int(amount)) if not isinstance(amount, str) else amount


def duration_value(amount: float | str, unit: str) -> str:
    """TIMEX3 duration value for an amount of a unit word (``2, "week"`` -> ``P2W``)."""
    letter, is_time, factor = lx.UNITS[unit]
    if isinstance(amount, str):  # "X": a vague quantity ("several years")
        return f"PTX{letter}" if is_time else f"PX{letter}"
    total = amount * factor
    if letter == "M" and not is_time and isinstance(total, float) and not total.is_integer():
        return f"P{int(total * 30)}D"
    if letter == "D" and isinstance(total, float) and not total.is_integer():
        hours = round((total - int(total)) * 24)
        return f"P{int(total)}DT{hours}H" if int(total) else f"PT{hours}H"
    if letter == "Y" and isinstance(total, float) and not total.is_integer():
        whole, months = int(total), round((total - int(total)) * 12)  # "2 1/2 years": P2Y6M
        return f"P{whole}Y{months}M" if whole else f"P{months}M"
    if is_time and letter in ("H", "M") and isinstance(total, float) and not total.is_integer():
        whole, rest = int(total), round((total - int(total)) * 60)
        smaller = "M" if letter == "H" else "S"
        return f"PT{whole}{letter}{rest}{smaller}" if whole else f"PT{rest}{smaller}"
    text = _fmt_amount(total)
    return f"PT{text}{letter}" if is_time else f"P{text}{letter}"


# --- calendar helpers -------------------------------------------------------------------


def grain_value(moment: datetime, grain: str) -> str | None:
    """The TIMEX3 value of the ``grain`` (day, week, month...) containing ``moment``."""
    year = fmt_year(moment.year)
    if year is None:
        return None
    if grain == "day":
        return (
            moment.strftime("%Y-%m-%d")
            if moment.year >= 1000
            else f"{year}-{moment.month:02d}-{moment.day:02d}"
        )
    if grain == "week":
        return week_value(moment.date())
    if grain == "month":
        return f"{year}-{moment.month:02d}"
    if grain == "quarter":
        return f"{year}-Q{quarter_of(moment.month)}"
    if grain == "year":
        return year
    if grain == "decade":
        return year[:3]
    if grain == "century":
        return year[:2]
    return None


def shift(moment: datetime, unit: str, amount: int) -> datetime | None:
    """``moment`` moved by ``amount`` units (calendar-aware for months and longer)."""
    try:
        if unit in ("day", "night"):
            return moment + timedelta(days=amount)
        if unit in ("week", "weekend"):
            return moment + timedelta(weeks=amount)
        if unit == "fortnight":
            return moment + timedelta(weeks=2 * amount)
        if unit in ("hour", "minute", "second"):
            return moment + timedelta(**{unit + "s": amount})
        months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
        if months is None:
            return None
        year, month = shift_months(moment.year, moment.month, months * amount)
        if not 1 <= year <= 9999:
            return None
        return moment.replace(year=year, month=month, day=min(moment.day, 28))
    except (OverflowError, ValueError):
        return None


# A past verb right before a date's preposition ("attacks occurred in January", "was killed on
# 3 May"): the tense is then no mere hint.
_PAST_VERB_BEFORE = re.compile(
    r"\b(?:was|were|[a-z]{2,}ed|began|fell|took|came|broke|fought|won|lost|met|left|struck|died|held"
    r"|hit|led|went|saw|made|gave|rose|sent|fled|stood|spoke|told|wrote|flew|ran)"
    r"(?:\s+(?:place|out|up|off|down|back|again|first|only|also))?\s+(?:in|on|during)\s+(?:early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)


def _month_year(
    month: int, day: int | None, base: datetime, tense: str | None, narrative: bool, *, firm: bool = False
) -> int:
    """The year of a year-less month (and day): the nearest occurrence, tense breaking near-ties.

    A past-tense "in August" written in November is the August just gone; "will begin on
    March 10" written in February is the coming one. Tense is only a hint (reported speech
    mixes tenses: "ruled he must leave by Jan. 14"), so it costs a wrong direction 200 days.
    """
    if narrative:
        # Histories move forward: "in February" after a November is the next year's.
        return base.year + 1 if base.month - month > 6 else base.year
    best_year, best_cost = base.year, float("inf")
    for year in (base.year - 1, base.year, base.year + 1):
        diff = (year - base.year) * 365 + (month - base.month) * 30.5
        if day is not None:
            diff += day - base.day
        cost = abs(diff)
        if (tense == "past" and diff > 0) or (tense == "future" and diff < 0):
            cost += 400 if firm else 200
        if diff > 0 and tense != "future":
            cost += 0.5  # exact ties go to the past: news mostly reports
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def _weekday_year(year: int, month: int, day: int, weekday: int, base: datetime) -> int:
    """The year a year-less "Thursday, March 21" is in: the weekday names it, whatever the tense.

    The tense guess only breaks ties between years; a weekday that fits the year next to the
    reference (and not the guessed one) settles it. Nothing fits: keep the guess.
    """
    fits = [
        y
        for y in sorted((base.year - 1, base.year, base.year + 1), key=lambda y: abs(y - year))
        if valid_day(y, month, day) and date(y, month, day).isoweekday() == weekday
    ]
    return year if not fits or year in fits else fits[0]


def _weekday_date(weekday: int, base: datetime, rel: str, tense: str | None) -> datetime:
    back = (base.isoweekday() - weekday) % 7
    fwd = (weekday - base.isoweekday()) % 7
    if rel == "last":
        offset = -(back or 7)
    elif rel in ("next", "coming"):
        offset = fwd or 7
    elif rel == "this":
        offset = weekday - base.isoweekday()
    elif tense == "past":
        offset = -back
    elif tense == "future":
        offset = fwd
    else:
        offset = -back  # no cue: news reports what happened
    return base + timedelta(days=offset)


def _hit(
    m: re.Match[str], type_: str, value: str | None, mod: str = "", anchor: str = "", **kw: str
) -> Hit | None:
    if value is None:
        return None
    pre = m.groupdict().get("pre")
    if pre and type_ == "DATE" and len(value) == 4 and value.isdigit():
        half = _HALVES.get(_norm(pre))
        if half:  # "the first half of 1989" is 1989-H1 (TIMEX3), not 1989 with a START mod
            value, mod = f"{value}-{half}", ""
    return Hit(m.start(), m.end(), type_, value, mod, anchor, kw.get("quant", ""), kw.get("freq", ""))


_HALVES = {
    "the first half of": "H1",
    "first half of": "H1",
    "the second half of": "H2",
    "second half of": "H2",
    "the last half of": "H2",
    "the latter half of": "H2",
}


def _cap(text: str, start: int) -> bool:
    return text[start : start + 1].isupper()


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z-]+)\W*$", text[max(0, start - 25) : start])
    return m.group(1).lower() if m else ""


def _veto(ctx: Context) -> None:
    """Resolver of an impossible date ("31 February 2021"): it claims its span and yields nothing,
    so that no shorter rule carves a coarser date ("February 2021") out of it."""
    return None


# --- builders -----------------------------------------------------------------------------


def b_iso(m: re.Match[str], text: str) -> Resolver | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not valid_day(y, mo, d):
        return _veto
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"]:
        if int(m["H"]) > 23 or int(m["M"]) > 59:
            return None
        value += f"T{m['H']}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
        return lambda ctx: _hit(m, "TIME", value)
    return lambda ctx: _hit(m, "DATE", value)


def b_dashed(m: re.Match[str], text: str) -> Resolver | None:
    """ "9-May-20", "09-May-2020" (spreadsheet exports): two-digit years are 1950-2049."""
    y = m["y"]
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    month, day = lx.MONTHS[_norm(m["mon"])], int(m["day"])
    if not valid_day(year, month, day):
        return _veto
    value = f"{year:04d}-{month:02d}-{day:02d}"
    return lambda ctx: _hit(m, "DATE", value)


def b_numeric(m: re.Match[str], text: str) -> Resolver | None:
    """5/11/2021: day first unless that is impossible (documented convention for non-US sources)."""
    a, b, y = int(m["a"]), int(m["b"] or m["b2"]), m["y"] or m["y2"]  # 5/11/2021, 5.11.2021, 05-11-2021
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    day, month = (a, b) if b <= 12 else (b, a)
    if not valid_day(year, month, day):
        return _veto
    value = f"{year:04d}-{month:02d}-{day:02d}"
    return lambda ctx: _hit(m, "DATE", value)


_RANGE_TAIL = re.compile(
    rf"(?:\s*[-–—]\s*|\s*(?:to|until|till|through|and)\s+)(?:(?:early|late|mid)[-\s]+)?(?:(?:[12]\d|3[01]|0?[1-9])\s+)?"
    rf"(?P<mon>{_MON_WORDS})\.?(?:\s+(?:[12]\d|3[01]|0?[1-9])(?!\d))?,?\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)


def _range_year(m: re.Match[str], month: int) -> int | None:
    """ "from March to May 2021": the first end takes the year written on the second
    (the year before when the months wrap: "from November to February 2021")."""
    tail = _RANGE_TAIL.match(m.string, m.end())
    if tail is None:
        return None
    end_year, end_month = int(tail["year"]), lx.MONTHS[_norm(tail["mon"]).rstrip(".")]
    return end_year if month <= end_month else end_year - 1


def _date_resolver(
    m: re.Match[str], month: int, day: int | None, year: int | None, mod: str
) -> Resolver | None:
    if year is not None and day is not None and not valid_day(year, month, day):
        return _veto
    if year is None and day is not None and not valid_day(2000, month, day):
        # "31 February" is an impossible date; "February 30" may be "in February 30 people...".
        day_first = m.start("day") < m.start("mon")
        return _veto if day_first else None

    shared = _range_year(m, month) if year is None else None

    def resolve(ctx: Context) -> Hit | None:
        y, anchor = year if year is not None else shared, ""
        if y is None:
            base, anchor = ctx.base()
            tense = ctx.tense(m.start(), m.end())
            firm = tense == "past" and _PAST_VERB_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) is not None
            y = _month_year(month, day, base, tense, anchor == "narrative", firm=firm)
            rel = _norm(m.groupdict().get("rel"))
            if rel in ("last", "next") and day is not None:
                # "last Oct. 23" is the one before the reference, "next March 5" the one after
                later = (month, day) > (base.month, base.day)
                y = base.year - (1 if later else 0) if rel == "last" else base.year + (0 if later else 1)
            wd = m.groupdict().get("wd")
            if wd and day is not None and not rel:
                y = _weekday_year(y, month, day, lx.WEEKDAYS[_norm(wd)], base)
            if day is not None and not valid_day(y, month, day):
                return None
        ys = fmt_year(y)
        if ys is None:
            return None
        value = f"{ys}-{month:02d}" + (f"-{day:02d}" if day else "")
        return _hit(m, "DATE", value, mod, anchor)

    return resolve


_ATTACKS_AFTER = re.compile(r"\s*(?:terror(?:ist)?\s+)?(?:attacks?|hijackings|commission)\b", re.IGNORECASE)


_PLACE_NAMED_BY_DATE = re.compile(
    r"\s+(?:neighbou?rhood|district|area|sector|street|avenue|road|square|bridge|camp|stadium|airport|city"
    r"|alliance|movement|coalition|brigade|youth\s+movement)(?![\w-])",
    re.IGNORECASE,
)


def b_month_day(m: re.Match[str], text: str) -> Resolver | None:
    mon = _norm(m["mon"])
    if mon in lx.AMBIGUOUS_MONTHS and not _cap(text, m.start("mon")):
        return None
    if m.start("mon") == m.start() and re.search(
        r"(?<![\d,.])\d{1,2}(?:st|nd|rd|th)?\s+$", text[max(0, m.start() - 6) : m.start()]
    ):
        return None  # "5 May 20 people": the day comes first, "20" is a count
    year = int(m["year"]) if m["year"] else None
    if year is None and _PLACE_NAMED_BY_DATE.match(text, m.end()):
        return _veto  # "the July 7 neighbourhood", "the March 14 alliance", "26 July Street": a name
    if (lx.MONTHS[mon], int(m["day"]), year) == (9, 11, None) and _ATTACKS_AFTER.match(text, m.end()):
        return lambda ctx: _hit(m, "DATE", "2001-09-11")  # "the September 11 attacks"
    return _date_resolver(m, lx.MONTHS[mon], int(m["day"]), year, _pre_mod(m))


def b_month_year(m: re.Match[str], text: str) -> Resolver | None:
    mon = _norm(m["mon"])
    if not _cap(text, m.start("mon")):
        return None
    bad = _YEAR_BAD_NEXT.match(text[m.end() : m.end() + 24])
    if bad and _norm(bad.group()) not in _YEAR_OK_NEXT:
        return None  # "May 1500 people came": a count, not a year
    return _date_resolver(m, lx.MONTHS[mon], None, int(m["year"]), _pre_mod(m))


_MONTH_DASH = re.compile(rf"(?:{_MON_WORDS})\.?\s*[-–]\s*$", re.I)
_DASH_MONTH = re.compile(rf"\s*[-–]\s*(?:{_MON_WORDS})(?![a-z])", re.I)
# A capitalised word right after a bare month makes the month a first name ("April Glaspie").
_NAME_AFTER = re.compile(r" ([A-Z][a-z]+)(?![a-z])")
_MONTH_PREPOSITIONS = frozenset(
    {"in", "on", "since", "by", "until", "till", "from", "during", "before", "after", "through"}
    | {"throughout", "of", "early", "late", "mid"}
)
_NOT_SURNAMES = frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS) | {"day", "the", "and", "or", "of"}


def b_month(m: re.Match[str], text: str) -> Resolver | None:
    mon = _norm(m["mon"])
    if not _cap(text, m.start("mon")):
        return None
    rel = _norm(m["rel"])
    if rel and re.match(r"\s*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])", text[m.end() : m.end() + 6]):
        return None  # "last Oct. 23": the month-day rule dates it (the month alone would lose the day)
    weak = mon in lx.AMBIGUOUS_MONTHS or m["mon"].endswith(".") or len(mon) <= 4
    if not rel and not m["pre"]:
        previous = _prev_word(text, m.start())
        in_range = (
            _MONTH_DASH.search(text, max(0, m.start() - 14), m.start()) is not None
            or _DASH_MONTH.match(text, m.end()) is not None
        )
        if weak and previous not in _DAY_CUES and not in_range:  # "the January-March period"
            return None
        follower = _NAME_AFTER.match(text, m.end())
        name = follower is not None and follower.group(1).lower() not in _NOT_SURNAMES
        if name and previous not in _MONTH_PREPOSITIONS:
            return None  # "envoy April Glaspie", "June Carter said", "and Jan Kavan": a first name
    month, mod = lx.MONTHS[mon], _pre_mod(m)
    if not rel:
        return _date_resolver(m, month, None, None, mod)

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base()
        if rel in ("last", "past", "this past"):
            year = base.year if month < base.month else base.year - 1
        elif rel in ("next", "coming"):
            year = base.year if month > base.month else base.year + 1
        else:
            year = base.year
        ys = fmt_year(year)
        return _hit(m, "DATE", ys and f"{ys}-{month:02d}", mod, anchor)

    return resolve


_YEAR_STEP = {"last": -1, "next": 1, "this": 0, "the previous": -1, "the following": 1, "the same": 0}


def b_month_rel_year(m: re.Match[str], text: str) -> Resolver | None:
    """ "August last year", "15 March next year", "in May the following year": one DATE."""
    mon = _norm(m["mon"])
    if not _cap(text, m.start("mon")):
        return None
    month = lx.MONTHS[mon]
    day = int(m.groupdict().get("day") or m["day2"] or 0) or None
    if day is not None and not valid_day(2000, month, day):
        return _veto
    rel = _norm(m["yrel"])
    step = _YEAR_STEP[rel]
    mod = _pre_mod(m)

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=rel.startswith("the "))
        year = base.year + step
        if day is not None and not valid_day(year, month, day):
            return None
        ys = fmt_year(year)
        value = ys and f"{ys}-{month:02d}" + (f"-{day:02d}" if day else "")
        return _hit(m, "DATE", value, mod, anchor)

    return resolve


def b_day_range(m: re.Match[str], text: str) -> Resolver | None:
    """ "3-7 March 2021", "between 3 and 7 March", "March 3-7": two expressions, as TempEval does."""
    mon = _norm(m["mon"])
    if mon in lx.AMBIGUOUS_MONTHS and not _cap(text, m.start("mon")):
        return None
    month, year = lx.MONTHS[mon], int(m["year"]) if m["year"] else None
    d1, d2 = int(m["d1"]), int(m["d2"])
    if d1 >= d2:
        return None
    # "3-7 March": the first day alone, then "7 March"; "March 3-7": "March 3", then the "7".
    first_start = m.start("d1") if m.start("d1") < m.start("mon") else m.start()
    spans = [(first_start, m.end("d1"), d1), (m.start("d2"), m.end(), d2)]
    if m["lst"]:
        # A list, "on 2, 3 and 4 November" / "November 2, 3 and 4": one DATE a day.
        if _norm(m["sep"]) not in ("and", ","):
            return None
        listed = [
            (m.start("lst") + d.start(), m.start("lst") + d.end(), int(d.group(1)))
            for d in re.finditer(r"(\d+)(?:st|nd|rd|th)?", m["lst"])
        ]
        if m.start("d1") < m.start("mon"):
            spans = [(listed[0][0] if i == 0 else a, b, d) for i, (a, b, d) in enumerate(listed)]
            d1_end = re.compile(r"(?:st|nd|rd|th)?").match(text, m.end("d1")).end()  # "8th"
            spans += [(m.start("d1"), d1_end, d1), (m.start("d2"), m.end(), d2)]
        else:
            spans = [(m.start(), m.end("d1"), d1), *listed, (m.start("d2"), m.end("d2"), d2)]
        days = [d for _, _, d in spans]
        if days != sorted(set(days)):
            return None

    def resolve(ctx: Context) -> list[Hit] | None:
        y, anchor = year, ""
        if y is None:
            base, anchor = ctx.base()
            y = _month_year(month, d1, base, ctx.tense(m.start(), m.end()), anchor == "narrative")
        hits = []
        for start, end, day in spans:
            if not valid_day(y, month, day):
                return None
            hits.append(Hit(start, end, "DATE", f"{y:04d}-{month:02d}-{day:02d}", "", anchor))
        return hits

    return resolve


def b_month_range(m: re.Match[str], text: str) -> Resolver | None:
    """ "the January-March period", "the May–July rains": two DATEs, the second in the first's year
    (the next one when the months wrap: "November-February")."""
    first, second = lx.MONTHS[_norm(m["mon"]).rstrip(".")], lx.MONTHS[_norm(m["mon2"]).rstrip(".")]
    if first == second or not (_cap(text, m.start("mon")) and _cap(text, m.start("mon2"))):
        return None

    def resolve(ctx: Context) -> list[Hit] | None:
        base, anchor = ctx.base()
        # Placed by where the range ends: "January-March" told in November is this year's.
        y2 = _month_year(second, None, base, ctx.tense(m.start(), m.end()), anchor == "narrative")
        y1 = y2 if second > first else y2 - 1
        if not (1 <= y1 <= 9999 and 1 <= y2 <= 9999):
            return None
        return [
            Hit(m.start(), m.end("mon"), "DATE", f"{y1:04d}-{first:02d}", "", anchor),
            Hit(m.start("mon2"), m.end(), "DATE", f"{y2:04d}-{second:02d}", "", anchor),
        ]

    return resolve


def b_year_range(m: re.Match[str], text: str) -> Resolver | None:
    y1, y2s = int(m["y1"]), m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not y1 < y2 <= 2100:
        return None
    return lambda ctx: [
        Hit(m.start("y1"), m.end("y1"), "DATE", f"{y1:04d}"),
        Hit(m.start("y2"), m.end("y2"), "DATE", f"{y2:04d}"),
    ]


_YEAR_BAD_NEXT = re.compile(
    r"\s*(?:%|percent|\d|[.,]\d|(?:[a-z]+s|people|men|women|troops|police|staff)\b(?!\s*(?:ago|later|earlier)))"
)
_YEAR_OK_NEXT = frozenset(
    [
        "was",
        "has",
        "is",
        "as",
        "its",
        "this",
        "his",
        "across",
        "thus",
        "unless",
        "whereas",
        "always",
        "perhaps",
        "plus",
        "versus",
        "towards",
        "afterwards",
        "besides",
        "does",
        "goes",
        "means",
    ]
)


_FUTURE_YEAR_CUE = re.compile(r"(?<![A-Za-z])(?:in|by|until|till|since|before|after|from|through)\s+$", re.I)


# A year right after one of these is a year even before a plural ("During 2012 exports fell",
# "Since 2011 rebels have held it"): they take a time, never a count. "In", "by" and the like do
# take counts ("resulted in 1500 deaths"), so they make a year only when they open a sentence or a
# clause ("In 2012 troops arrived", ", in 2012 prices rose" reads as a count only in odd prose).
_YEAR_ONLY_PREP = re.compile(r"(?<![A-Za-z])(?:during|since|until|till|throughout)\s+$", re.I)
_YEAR_OPENING_PREP = re.compile(r"(?:^|[.!?;:]\s+|\n\s*|,\s+)(?:In|By|Before|After|From)\s+$")

_COUNT_HEDGE_BEFORE = re.compile(r"\b(?:nearly|about|around|almost|some|over|approximately|roughly)\s+$", re.I)
_FUNCTION_WORDS = frozenset(
    {"when", "and", "or", "but", "the", "a", "an", "to", "as", "after", "before", "until", "with", "at", "in"}
    | {"on", "for", "of", "that", "which", "while", "was", "were", "is", "are", "had", "has", "have", "he"}
    | {"she", "it", "they", "we", "its", "their", "his", "her", "this"}
)
_OLD_YEAR_CUES = frozenset(
    ["in", "since", "by", "from", "until", "till", "of", "during", "before", "after", "to", "and", "between"]
)
_CLOCK_NOT_YEAR = re.compile(r"\bat\s+(?:(?:approximately|about|around|roughly|some)\s+)?$", re.I)
_CLOCK_AFTER = re.compile(r"\s*(?:[,;)]|hrs\b|hours\b|local\s+time\b|on\s|GMT\b|UTC\b)", re.I)
_YEAR_LISTED = re.compile(r"(?<![\d,.])(?:1\d|20)\d\d,\s+$")
_YEAR_BEFORE_EVENT = re.compile(r"(?:\bthe|'s|\bits|\btheir|\bhis|\bher)\s+$", re.I)
_EVENT_PLURAL = re.compile(
    r"\s+(?:protests|elections|polls|talks|riots|attacks|bombings|killings|massacres|clashes|uprisings"
    r"|demonstrations|strikes|floods|games|olympics|accords|agreements|negotiations|hearings|sanctions"
    r"|reforms|results|figures|levels|events|riots|wars|campaigns|offensives|raids)\b",
    re.I,
)


def b_year(m: re.Match[str], text: str) -> Resolver | None:
    year = int(m["year"])
    era = _norm(m["era"]).replace(".", "")
    before = text[max(0, m.start() - 12) : m.start()]
    if re.search(r"(?<![\d,.])\d{1,3}\s*[-–]\s*$", before):
        return None  # "around 500-1000 migrant workers": a count range
    hedge = _COUNT_HEDGE_BEFORE.search(text, max(0, m.start("year") - 16), m.start("year"))
    if (
        hedge
        and not era
        and _prev_word(text, hedge.start()) not in _OLD_YEAR_CUES
        and (after_word := re.match(r"\s+([a-z]+)", text[m.end() : m.end() + 24])) is not None
        and after_word.group(1) not in _FUNCTION_WORDS
    ):
        return None  # "nearly 2000 migrant laborers gathered": a hedged count ("Around 2000, ..." is a year)
    if year < 1500 and not era and _prev_word(text, m.start()) not in _OLD_YEAR_CUES:
        return None  # "about 1000 migrant labourers": an early year is only read after "in", "since"...
    clock = year % 100 < 60 and year // 100 < 24 and _CLOCK_AFTER.match(text, m.end()) is not None
    if clock and _CLOCK_NOT_YEAR.search(text, max(0, m.start() - 28), m.start()):
        return None  # "at approximately 1300, gunmen opened fire", "at 0200 local time"
    listed = _YEAR_LISTED.search(before) is not None  # "in 1994, 1995 and 1997"
    if not listed and re.search(r"(?:[$£€#]|no\.?|number|page|pp?\.|route|flight|room|\d[,.]?)\s*$", before, re.I):
        return None
    if not era:
        after = text[m.end() : m.end() + 24]
        bad = _YEAR_BAD_NEXT.match(after)
        if bad and 1900 <= year <= 2099 and _YEAR_BEFORE_EVENT.search(before) and _EVENT_PLURAL.match(after):
            bad = None  # "the 1992 protests", "its 2012 elections": a year naming events
        prefixed = re.search(r"(?:post|pre)-$", before, re.I)  # "post-1959 politics": a year
        if bad and 1900 <= year <= 2099:
            lead = text[max(0, m.start() - 14) : m.start()]
            if (
                _YEAR_ONLY_PREP.search(lead)
                or _YEAR_OPENING_PREP.search(text[max(0, m.start() - 10) : m.start()])
                or (m.groupdict().get("pre") and _norm(m["pre"]).endswith(" of"))
            ):
                bad = None  # "During 2012 exports fell", "In 2012 troops", "the end of 2012 talks"
        if bad and _norm(bad.group()) not in _YEAR_OK_NEXT and not m["fiscal"] and not prefixed:
            return None
        if not 1000 <= year <= 2100 and not (2100 < year <= 9999 and _FUTURE_YEAR_CUE.search(before)):
            return None  # far-future years only after a date preposition ("by 2400", not "2300 troops")
    if era in ("bc", "bce"):
        if year < 1:
            return None
        value = f"BC{year:04d}"
    else:
        value = fmt_year(year)
    return lambda ctx: _hit(m, "DATE", value, _pre_mod(m))


def b_spoken_year(m: re.Match[str], text: str) -> Resolver | None:
    if not m["c"]:
        extra = _num(m["r2"]) if m["r2"] else 0
        if not m["r2"] and not re.match(r"the\s+year", m.group(), re.I):
            return None  # "two thousand" alone is usually a count
        return lambda ctx: _hit(m, "DATE", f"{2000 + int(extra):04d}")
    century = {"nineteen": 19, "twenty": 20, "eighteen": 18}[_norm(m["c"])]
    rest = _num(m["r"])
    if not isinstance(rest, int) or not 10 <= rest <= 99:
        return None
    value = f"{century * 100 + rest:04d}"
    return lambda ctx: _hit(m, "DATE", value, _pre_mod(m))


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def b_decade(m: re.Match[str], text: str) -> Resolver | None:
    if m["d3"] and m["d3"].endswith("0") and not m["d3"].startswith("20"):
        value = m["d3"][:2]  # "the 1500s" is the century, not the decade 1500-1509
    elif m["d3"]:
        value = m["d3"]
    elif m["d1"]:
        value = f"19{m['d1']}"
    else:
        if not m["pre"] and not _norm(m["the"]):
            return None
        value = f"19{_DECADE_WORDS[_norm(m['dw'])]}"
    return lambda ctx: _hit(m, "DATE", value, _pre_mod(m))


def b_century(m: re.Match[str], text: str) -> Resolver | None:
    n = int(m["n"]) if m["n"] else lx.ORDINALS.get(_norm(m["ow"]), 0)
    if not 1 <= n <= 30:
        return None
    era = _norm(m["era"]).replace(".", "")
    value = f"BC{n - 1:02d}" if era in ("bc", "bce") else f"{n - 1:02d}"
    return lambda ctx: _hit(m, "DATE", value, _pre_mod(m))


def b_season(m: re.Match[str], text: str) -> Resolver | None:
    season = lx.SEASONS[_norm(m["season"])]
    rel = _norm(m["rel"])
    year = int(m["year"]) if m["year"] else None
    if m["yrel"]:  # "the autumn of last year": that year's season, counted from the reference
        step = {"last": -1, "this": 0, "next": 1}[_norm(m["yrel"])]

        def resolve_year(ctx: Context) -> Hit | None:
            base, anchor = ctx.base(deictic_at=m.start())
            return _hit(m, "DATE", f"{base.year + step:04d}-{season}", _pre_mod(m), anchor)

        return resolve_year
    after = text[m.end() : m.end() + 12]
    if season == "FA" and not year and (not rel or re.match(r"\s+of\b", after)):
        return None
    if not rel and not year and not m["pre"] and _prev_word(text, m.start()) not in _DAY_CUES:
        return None
    if rel == "the" and not year and _prev_word(text, m.start()) not in _SEASON_CUES:
        return None
    if (
        rel == "the"
        and not year
        and _prev_word(text, m.start()) == "into"
        and not re.match(r"\s*(?:[.,;:!?)]|of\b)", after)
    ):
        return None  # "well into the summer." but not "into the winter garden"
    mod = _pre_mod(m)

    def resolve(ctx: Context) -> Hit | None:
        anchor = ""
        y = year
        if y is None:
            base, anchor = ctx.base(anaphoric=rel in ("that", "the following", "the previous"))
            # Seasons run March to February: in January, last autumn is the previous year's.
            current = base.year - 1 if base.month < 3 else base.year
            index = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
            now_index = base.month if base.month >= 3 else base.month + 12
            if anchor == "narrative" and ctx.anchor_precision in ("year", "decade", "century"):
                # "founded in 1792; digging started the following spring": the text gave a
                # year, not its first of January, so the season is that year's or the next.
                step = 1 if rel in _REL_NEXT else -1 if rel in _REL_PAST or rel == "the previous" else 0
                if season == "WI" and step == 1:
                    step = 0  # the winter after 1846 begins in December 1846: 1846-WI
                y = base.year + step
            elif rel in ("last", "past", "this past", "the past", "the previous", "the last"):
                y = current if index < now_index and not (index <= now_index < index + 3) else current - 1
                if index + 3 <= now_index:
                    y = current
            elif rel in ("next", "coming", "the following", "the coming", "the next"):
                y = current if index > now_index else current + 1
            elif rel == "this":
                y = current
            elif anchor == "narrative":
                y = current + 1 if now_index - index > 6 else current
            else:
                y = _season_year(index, base, ctx.tense(m.start(), m.end()))
        ys = fmt_year(y)
        return _hit(m, "DATE", ys and f"{ys}-{season}", mod, anchor)

    return resolve


def _season_year(index: int, base: datetime, tense: str | None) -> int:
    """The season nearest to ``base`` (by its middle), a wrong tense direction costing 200 days."""
    best_year, best_cost = base.year, float("inf")
    for year in (base.year - 1, base.year, base.year + 1):
        if not 1 <= year <= 9999:
            continue
        start = datetime(year, index, 1)  # winter starts in December of its year
        diff = (start + timedelta(days=45) - base).days
        inside = start <= base < start + timedelta(days=91)
        cost = 0 if inside else abs(diff)
        if not inside and ((tense == "past" and diff > 0) or (tense == "future" and diff < 0)):
            cost += 200
        if diff > 0 and tense != "future":
            cost += 0.5
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter_year(q: int, base: datetime, tense: str | None, *, fiscal: bool = False) -> int:
    """The year of a named quarter without one: a quarter still ahead this year, told in the past
    ("profits fell in the fourth quarter", written in January), is last year's; one already gone,
    told in the future, next year's. Reports speak of a quarter just ended in the future tense
    ("will report first-quarter results" in April), so only a quarter two or more away moves ahead;
    a fiscal quarter never does (a fiscal year's first quarter mostly starts before January).
    """
    ahead = q - quarter_of(base.month)
    if ahead > 0 and (tense == "past" or (ahead == 3 and tense != "future")):
        return base.year - 1
    if ahead <= -2 and tense == "future" and not fiscal:
        return base.year + 1
    return base.year


def b_quarter(m: re.Match[str], text: str) -> Resolver | None:
    word = _norm(m["ord"])
    year = m["year"] or m["year2"]
    q = int(m["q"]) if m["q"] else _QUARTER_ORD.get(word)
    if q is None and not word and not _norm(m["the"]):
        return None
    mod = _pre_mod(m)
    fiscal = "fiscal" in m.group()

    def resolve(ctx: Context) -> Hit | None:
        anchor = ""
        base, anchor_name = ctx.base()
        if q is not None:
            y = int(year) if year else _quarter_year(q, base, ctx.tense(m.start(), m.end()), fiscal=fiscal)
            if not 1 <= y <= 9999:
                return None
            ctx.last_quarter = q
            anchor = "" if year else anchor_name
            return _hit(m, "DATE", f"{y:04d}-Q{q}", mod, anchor)
        current = quarter_of(base.month)
        if word in ("year-ago", "year-earlier", "comparable", "same"):
            qq = ctx.last_quarter or (current - 1 or 4)
            y = base.year - 1 if word != "same" else base.year
            return _hit(m, "DATE", f"{y:04d}-Q{qq}", mod, anchor_name)
        if word in ("last", "latest", "past", "previous", "final") or (
            not word and ctx.tense(m.start(), m.end()) != "future"
        ):
            moment = shift(base, "quarter", -1)
        elif word in ("next", "coming"):
            moment = shift(base, "quarter", 1)
        else:
            moment = base
        if moment is None:
            return None
        return _hit(m, "DATE", grain_value(moment, "quarter"), mod, anchor_name)

    return resolve


def b_year_quarter(m: re.Match[str], text: str) -> Resolver | None:
    """ "this year's third quarter", "the 1988 quarter", "the year-earlier third quarter": one DATE."""
    q = _QUARTER_ORD.get(_norm(m["ord"]))
    explicit = int(m["year"]) if m["year"] else None
    step = {"this": 0, "last": -1, "next": 1}.get(_norm(m["yrel"]), -1)

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base()
        year = explicit if explicit is not None else base.year + step
        quarter = q or ctx.last_quarter
        if q:
            ctx.last_quarter = q
        if not quarter:
            return _hit(m, "DATE", fmt_year(year), "", "" if explicit else anchor)
        return _hit(m, "DATE", f"{year:04d}-Q{quarter}", "", "" if explicit else anchor)

    return resolve


_NOT_A_DAY_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Star|Tribune|Mail|Independent|Observer|Sport|Club)\b"
)


_SAYING_BEFORE = re.compile(
    r"(?:\b(?:said|says|say|announced|announces|reported|reports|added|stated|confirmed|warned|noted"
    r"|claimed|insisted|believes?|believed|thinks?|thought|knew|knows?|hoped?|hopes|feared|fears|argued"
    r"|explained|estimated|told\s+[a-z]+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today)|,)\s+$",
    re.IGNORECASE,
)


def b_weekday(m: re.Match[str], text: str) -> Resolver | None:
    if not _cap(text, m.start("wd")) or _NOT_A_DAY_AFTER.match(text, m.end()):
        return None  # "The Sunday Times" is a newspaper
    weekday = lx.WEEKDAYS[_norm(m["wd"])]
    rel = _norm(m["rel"])
    if rel == "that" and _SAYING_BEFORE.search(text, max(0, m.start() - 30), m.start()):
        return None  # "officials said Wednesday that Tuesday's raid...": "that" opens a clause
    part = lx.DAY_PARTS.get(_norm(m["part"]), "")
    mod = _pre_mod(m)

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=rel in ("that", "the following", "the previous"))
        day = _weekday_date(weekday, base, rel, ctx.tense(m.start(), m.end()))
        value = grain_value(day, "day")
        if value and part:
            return _hit(m, "TIME", f"{value}T{part}", mod, anchor)
        return _hit(m, "DATE", value, mod, anchor)

    return resolve


def b_weekday_set(m: re.Match[str], text: str) -> Resolver | None:
    if not _cap(text, m.start("wd")):
        return None
    weekday = lx.WEEKDAYS[_norm(m["wd"])]
    part = lx.DAY_PARTS.get(_norm(m["part"]), "")
    value = f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
    return lambda ctx: _hit(m, "SET", value)


_DEICTIC = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "last night": -1,
    "overnight": 0,
    "this": 0,
}


def b_deictic(m: re.Match[str], text: str) -> Resolver | None:
    word = _norm(m["w"])
    part_word = _norm(m["part"])
    part = lx.DAY_PARTS.get(part_word, "")
    if word == "tonight":
        part = "NI"
    if word == "last night":
        part = "NI"
    if word == "this" and not part:
        return None
    if word == "overnight":
        part = "NI"
    offset = _DEICTIC[word]
    mod = _pre_mod(m)
    if (
        word == "today"
        and _cap(text, m.start("w"))
        and re.match(r"\s+(?:show|programme|program)", text[m.end() : m.end() + 40])
    ):
        return None

    def resolve(ctx: Context) -> Hit | None:
        # "Today most of the stores are museums" in a history is the day it was written.
        deictic = word == "today" and (
            PRESENT_CLAUSE.match(text, m.end()) is not None or ctx.tense(m.start(), m.end()) != "past"
        )
        base, anchor = ctx.base(deictic_at=m.start() if deictic else None)
        shift_days = offset
        if word == "overnight" and ctx.tense(m.start(), m.end()) != "future":
            shift_days = -1  # news reports the night that just ended: the night before the report
        value = grain_value(base + timedelta(days=shift_days), "day")
        if value and part:
            return _hit(m, "TIME", f"{value}T{part}", mod, anchor)
        return _hit(m, "DATE", value, mod, anchor)

    return resolve


def b_time(m: re.Match[str], text: str) -> Resolver | None:
    g = m.groupdict()
    if g.get("special"):
        special = _norm(g["special"])
        hour, minute = (12, 0) if special in ("noon", "midday") else (24, 0)
    else:
        hour = _num(g["h"]) if not g["h"].isdigit() else int(g["h"])
        if not isinstance(hour, int):
            return None
        minute = int(g.get("mi") or 0)
        ampm = _norm(g.get("ampm")).replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            if ampm.startswith("p") and hour != 12:
                hour += 12
            elif ampm.startswith("a") and hour == 12:
                hour = 0
        elif g.get("daypart"):
            dp = _norm(g["daypart"])
            if dp in ("afternoon", "evening", "night") and hour < 12:
                hour += 12
        elif g.get("clock") is None and not g.get("tz") and _prev_word(text, m.start()) not in _TIME_CUES:
            # Bare 14:30 needs a cue ("at 14:30") to tell it from a score or a ratio.
            return None
        if hour > 23 or minute > 59:
            return None
    dayexpr = g.get("dayexpr")
    mod = _pre_mod(m)

    def resolve(ctx: Context) -> Hit | None:
        # A bare clock time belongs to the day the text is talking about.
        day_known = ctx.anchor_precision in ("day", "hour", "minute", "second")
        base, anchor = ctx.base(anaphoric=not dayexpr and day_known)
        day = base
        if dayexpr:
            d = _norm(dayexpr)
            if d in _DEICTIC:
                day = base + timedelta(days=_DEICTIC[d])
            elif d in lx.WEEKDAYS:
                day = _weekday_date(lx.WEEKDAYS[d], base, "", ctx.tense(m.start(), m.end()))
            else:
                d = re.sub(rf"^(?:{_WD_WORDS}|{_WD_ABBR})\.?,?\s+(?=\d|[a-z])", "", d)  # a weekday before a date
                dm = re.match(rf"({_MON_WORDS})\.?\s+(\d{{1,2}})", d)
                md = re.match(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON_WORDS})", d)
                written = re.search(r"\d{4}$", d)
                if dm or md:
                    month = lx.MONTHS[dm.group(1) if dm else md.group(2)]
                    dd = int(dm.group(2) if dm else md.group(1))
                    year = (
                        int(written.group())
                        if written
                        else _month_year(month, dd, base, ctx.tense(m.start(), m.end()), anchor == "narrative")
                    )
                    if not valid_day(year, month, dd):
                        return None
                    day = datetime(year, month, dd)
        date_value = grain_value(day, "day")
        if date_value is None:
            return None
        return _hit(m, "TIME", f"{date_value}T{hour:02d}:{minute:02d}", mod, anchor)

    return resolve


_WEEK_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}


def b_nth_week(m: re.Match[str], text: str) -> Resolver | None:
    """ "the second week of October": the ISO week holding that month's 11th (the 4th, 18th, 25th;
    "the last week" the one holding its fourth-last day), one DATE."""
    month = lx.MONTHS[_norm(m["mon"]).rstrip(".")]
    n = _WEEK_ORD[_norm(m["ord"])]
    year = int(m["year"]) if m["year"] else None

    def resolve(ctx: Context) -> Hit | None:
        y, anchor = year, ""
        if y is None:
            base, anchor = ctx.base()
            y = _month_year(month, None, base, ctx.tense(m.start(), m.end()), anchor == "narrative")
        if not 1 <= y <= 9998:
            return None
        if n > 0:
            day = datetime(y, month, 4 + 7 * (n - 1))  # the week holding the 4th has most of its days in the month
        else:
            following = datetime(y + 1, 1, 1) if month == 12 else datetime(y, month + 1, 1)
            day = following - timedelta(days=4)
        return _hit(m, "DATE", week_value(day), _pre_mod(m), anchor)

    return resolve


_MILITARY_CUES = _TIME_CUES | {"approximately", "roughly", "some", "between", "and", "since", "till"}


def b_military(m: re.Match[str], text: str) -> Resolver | None:
    """ "0735 GMT", "0300 hrs"; after a time cue also "at 1430 hours", "at approximately 0200 local
    time on 3 November", "at 1300, gunmen..." (a four-digit clock time, as conflict reports write it)."""
    needs_cue = (m["hrs"] or "").lower() == "hours" or m["local"] is not None or m["bare"] is not None
    if needs_cue and _prev_word(text, m.start()) not in _MILITARY_CUES:
        return None  # "1000 hours of work", "in 1999, ..."
    return b_time(m, text)


def b_week_of(m: re.Match[str], text: str) -> Resolver | None:
    """ "the week of March 6" -> the ISO week holding that day (2000-W10), one DATE."""
    month = lx.MONTHS[_norm(m["mon"] or m["mon2"]).rstrip(".")]
    date_of = _date_resolver(m, month, int(m["day"] or m["day2"]), int(m["year"]) if m["year"] else None, "")
    return _from_date(
        date_of,
        lambda hit: Hit(hit.start, hit.end, "DATE", week_value(datetime.fromisoformat(hit.value)), "", hit.anchor),
    )


def _from_date(date_of: Resolver | None, make: Callable[[Hit], Hit]) -> Resolver | None:
    """A resolver giving ``make(hit)`` of the day ``date_of`` resolves to (its week, its night)."""
    if date_of is None:
        return None

    def resolve(ctx: Context) -> Hit | None:
        hit = date_of(ctx)
        return make(hit) if isinstance(hit, Hit) else None

    return resolve


def b_part_of_date(m: re.Match[str], text: str) -> Resolver | None:
    """ "the night of March 20" -> 2013-03-20TNI."""
    month = lx.MONTHS[_norm(m["mon"] or m["mon2"])]
    day = int(m["day"] or m["day2"])
    part = "NI" if m["over"] else lx.DAY_PARTS[_norm(m["part"])]  # "the night of 4-5 May": the 4th's night
    date_of = _date_resolver(m, month, day, int(m["year"]) if m["year"] else None, _pre_mod(m))
    return _from_date(date_of, lambda hit: Hit(hit.start, hit.end, "TIME", f"{hit.value}T{part}", hit.mod, hit.anchor))


_COUNT_AFTER = re.compile(rf"\s+(?:{NUM}|few|several|many)\s", re.I)
# "in recent years" is a length of time reaching back from now in most TempEval annotations.
_RECENT_UNITS = {"recent years": "PXY", "recent months": "PXM", "recent weeks": "PXW", "recent days": "PXD"}
_DETERMINER_BEFORE = re.compile(r"(?<![A-Za-z])(?:the|a|an|its|their|his|her|our|this|these)\s+$", re.I)


# A capitalised word after a lower-case word or a hyphenated name, with no sentence break between.
_MID_SENTENCE_CAPITAL = re.compile(r"(?:\b[a-z]+|[A-Za-z]+-[a-z]+) $")


def b_vague(m: re.Match[str], text: str) -> Resolver | None:
    value = lx.VAGUE.get(_norm(m["w"]))
    if not value:
        return None
    word = _norm(m["w"])
    if _norm(m["pre"]) and word in ("recent", "recently", "currently", "now", "soon", "lately"):
        return None
    if word in _RECENT_UNITS:
        return lambda ctx: _hit(m, "DURATION", _RECENT_UNITS[word], _pre_mod(m))
    if word == "recent" and _DETERMINER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return None  # "the recent sale", "a recent filing": an adjective on an event, not a time
    if word == "soon" and re.match(r"\s+as\b", text[m.end() : m.end() + 40]):
        return None
    if m["w"][:1].isupper() and _MID_SENTENCE_CAPITAL.search(text, max(0, m.start() - 30), m.start()):
        return None  # "in Karez-e Now of Washir district": a capital inside a sentence, a name
    if word == "noon" or (word == "future" and _norm(m["pre"]) != "the"):
        return None
    if word in ("the past", "the future") and _COUNT_AFTER.match(text, m.end()):
        return None  # "the past three summers": "the past" only opens a count of periods
    if word == "future" and re.match(r"\s+(?:generations?|plans?|of)\b", text[m.end() : m.end() + 40]):
        return None
    if word == "the future" and re.match(r"\s+of\s", text[m.end() : m.end() + 8]):
        return None  # "the future of the region": its fate, not a time (TimeML tags times)
    return lambda ctx: _hit(m, "DATE", value, _pre_mod(m))


_REL_PAST = {
    "last",
    "past",
    "previous",
    "this past",
    "the past",
    "the last",
    "the previous",
    "late last",
    "early last",
}
_REL_NEXT = {
    "next",
    "coming",
    "the next",
    "the coming",
    "early next",
    "late next",
    "following",
    "the following",
}
_REL_SAME = {
    "the full",
    "this",
    "current",
    "the current",
    "the same",
    "that",
    "the",
    "earlier this",
    "later this",
    "early this",
    "late this",
    "earlier that",
    "later that",
    "earlier in the",
    "later in the",
    "this same",
    "the present",
}
_REL_DEICTIC = {"last", "this", "this past", "earlier this", "later this", "early this", "late this"}
_REL_ANAPHORIC = {
    "that same",
    "the very same",
    "the following",
    "following",
    "the previous",
    "that",
    "the same",
    "earlier that",
    "later that",
    "the next",
}
_REL_MOD = {
    "earlier this": "START",
    "early this": "START",
    "earlier in the": "START",
    "early next": "START",
    "early last": "START",
    "later this": "END",
    "late this": "END",
    "later in the": "END",
    "late last": "END",
    "late next": "END",
    "earlier that": "START",
    "later that": "END",
}


def _quoted_title(m: re.Match[str], text: str) -> bool:
    """ "This Week" on ABC, CBS's "60 Minutes": a capitalised unit right after a quote is a title."""
    before = text[max(0, m.start() - 30) : m.start()]
    return m["unit"][:1].isupper() and bool(re.search(r"[\"“'‘]\s*(?:[A-Z0-9][\w-]*\s+)*$", before))


def b_relative(m: re.Match[str], text: str) -> Resolver | None:
    rel = _norm(m["rel"])
    unit = _unit(m["unit"])
    if _quoted_title(m, text):
        return None
    if (
        unit == "day"
        and rel
        in (
            "the",
            "this",
            "current",
            "past",
            "the past",
            "last",
            "the last",
            "coming",
            "the coming",
        )
        and not (rel == "the" and _pre_is_part(m))
    ):
        return None  # "the day", "the past day" are not dates we can place; "the end of the day" is
    if (
        rel == "the"
        and unit not in ("week", "month", "year", "quarter", "weekend", "day")
        and not (unit in ("decade", "century") and _pre_is_part(m))  # "by the end of the decade"
    ):
        return None
    # "the month before the attack" is not placed; "until the end of the month to respond" is.
    part_then_clause = _pre_is_part(m) and re.match(r"\s+(?:to|in|when)\b", text[m.end() : m.end() + 10])
    if (
        rel == "the"
        and re.match(r"\s*(?:'s|of|before|after|to|in|when|that|which|[0-9])\b", text[m.end() : m.end() + 40])
        and not part_then_clause
    ):
        return None
    mod = _REL_MOD.get(rel, "") or _pre_mod(m)
    # "For the year, volume was flat", "nine months of the year": the report's year, as the
    # corpora mark it; "the year ended June 30" is a fiscal year, a length of time.
    year_of_report = rel == "the" and not re.match(
        r"\s+(?:ended|ending|ahead|to\b)", text[m.end() : m.end() + 40]
    )
    span_back = (
        rel in ("the past", "the last")
        and unit in ("week", "month", "year", "quarter")
        and _prev_word(text, m.start()) in ("over", "during", "throughout", "for", "in", "within")
        and not re.match(r"\s+of\b", text[m.end() : m.end() + 40])
    )
    anaphoric = (rel in _REL_ANAPHORIC and unit == "day") or rel in (
        "that same",
        "the very same",
        "the following",
        "following",
        "the previous",
        "that",
        "earlier that",
        "later that",
        "the same",
    )

    # "last year", "this month" point at the writer's time; "next year" in a history often
    # means the following one, so it keeps following the text.
    deictic = rel in _REL_DEICTIC and unit in ("week", "month", "year", "decade", "century")

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=anaphoric, deictic_at=m.start() if deictic else None)
        if rel in _REL_PAST or rel in ("the previous",):
            amount = -1
        elif rel in _REL_NEXT:
            amount = 1
        else:
            amount = 0
        grain = {"weekend": "week", "night": "day"}.get(unit, unit)
        moment = shift(base, unit, amount) if amount else base
        if moment is None:
            return None
        if rel in ("the past", "the last", "past") and unit in ("decade", "century"):
            return _hit(m, "DURATION", duration_value(1, unit), mod)
        if span_back:
            # "over the past year": the twelve months up to now, not the previous calendar year.
            return _hit(m, "DURATION", duration_value(1, unit), mod)
        if rel == "the" and unit == "year" and not _pre_is_part(m) and not year_of_report:
            return _hit(m, "DURATION", "P1Y", mod)  # "the year ended June 30", "the year ahead"
        past_weekend = unit == "weekend" and rel == "the" and base.isoweekday() <= 5 and not anaphoric
        if past_weekend and ctx.tense(m.start(), m.end()) != "future":
            moment = base - timedelta(days=7)  # "over the weekend" on a weekday: the one just past
        if unit == "weekend":
            value = grain_value(moment, "week")
            return _hit(m, "DATE", value and value + "-WE", mod, anchor)
        if unit == "night":
            value = grain_value(moment, "day")
            return _hit(m, "TIME", value and value + "TNI", mod, anchor)
        if anaphoric and anchor == "narrative" and ctx.anchor_precision in _COARSER.get(grain, ()):
            # "that day", "the next day" after "in March 2019": only the month is known.
            grain = ctx.anchor_precision
        return _hit(m, "DATE", grain_value(moment, grain), mod, anchor)

    return resolve


def b_part_of_day(m: re.Match[str], text: str) -> Resolver | None:
    rel = _norm(m["rel"])
    part = lx.DAY_PARTS[_norm(m["part"])]
    offset = {
        "this": 0,
        "the": 0,
        "that": 0,
        "the next": 1,
        "the following": 1,
        "the previous": -1,
        "yesterday": -1,
        "tomorrow": 1,
        "last": -1,
        "later this": 0,
        "earlier this": 0,
        "early this": 0,
        "late this": 0,
    }.get(rel)
    if offset is None or (rel == "last" and part != "NI"):
        return None
    if rel == "the" and _prev_word(text, m.start()) not in ("in", "during", "on", "by", "until", "since"):
        return None
    mod = _REL_MOD.get(rel, "") or _pre_mod(m)
    anaphoric = rel in ("that", "the next", "the following", "the previous")

    def resolve(ctx: Context) -> Hit | None:
        # "Shares fell on Friday. Dealers sold in the morning": the morning of the day just named.
        on_day = rel == "the" and ctx.anchor_precision in ("day", "hour", "minute", "second")
        base, anchor = ctx.base(anaphoric=anaphoric or on_day)
        value = grain_value(base + timedelta(days=offset), "day")
        return _hit(m, "TIME", value and f"{value}T{part}", mod, anchor)

    return resolve


def b_offset(m: re.Match[str], text: str) -> Resolver | None:
    """ "two days later", "a year ago", "three weeks earlier", "in two weeks"."""
    amount = _num(m["num"])
    unit = _unit(m["unit"])
    if _quoted_title(m, text):
        return None
    direction = _norm(m["dir"])
    if amount is None or unit not in lx.UNIT_GRAIN:
        return None
    mod = _pre_mod(m)
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back", "prior") else 1
    anaphoric = direction in ("earlier", "later", "before", "after", "previously", "prior")
    if lx.UNITS[unit][1] and not isinstance(amount, str):
        # "an hour later": TimeML marks the length, not an instant we rarely know.
        return lambda ctx: _hit(m, "DURATION", duration_value(amount, unit), mod)

    if amount == "X" and anaphoric:
        # "a few days later", like "hours later": a vague length of time (TimeML DURATION PXD)
        return lambda ctx: _hit(m, "DURATION", duration_value("X", unit), mod)

    def resolve(ctx: Context) -> Hit | None:
        if amount == "X":
            return _hit(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)
        base, anchor = ctx.base(anaphoric=anaphoric)
        if isinstance(amount, float) and not amount.is_integer():
            return _hit(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)
        count = int(amount)
        if unit == "year" and count == 1 and ctx.last_quarter and ctx.mode == "news":
            # Company reports compare with the year before the report, whatever date came last.
            base, anchor = ctx.reference, "dct"
        moment = shift(base, unit, sign * count)
        if moment is None:
            return None
        grain = lx.UNIT_GRAIN[unit]
        if anchor == "narrative" and ctx.anchor_precision in _COARSER.get(grain, ()):
            # "two days later" after "in March": we only know the month.
            grain = ctx.anchor_precision if ctx.anchor_precision in _GRAINS else grain
        elif anchor == "narrative" and anaphoric and grain == "week" and ctx.anchor_precision == "day":
            grain = "day"  # "on 14 March ... a fortnight later": counted from a day, it is a day
        if unit == "year" and count == 1 and ctx.last_quarter:
            # Company reports: "a year ago" compares with the same quarter of the year before.
            return _hit(m, "DATE", f"{moment.year:04d}-Q{ctx.last_quarter}", mod, anchor)
        return _hit(m, "DATE", grain_value(moment, grain), mod, anchor)

    return resolve


def b_offset_dated(m: re.Match[str], text: str) -> Resolver | None:
    """ "a week after 5 March": one DATE, counted from the date written (TimeML anchors it there)."""
    amount, unit = _num(m["num"]), _unit(m["unit"])
    if not isinstance(amount, int) or unit not in lx.UNIT_GRAIN or lx.UNITS[unit][1]:
        return None  # vague amounts and clock units keep the duration reading
    mon = _norm(m["mon"]).rstrip(".")
    if mon in lx.AMBIGUOUS_MONTHS and not _cap(text, m.start("mon")):
        return None
    if bool(m["day"]) == bool(m["day2"]):
        return None  # a day on one side of the month, exactly
    month, day = lx.MONTHS[mon], int(m["day"] or m["day2"])
    year = int(m["year"]) if m["year"] else None
    if not valid_day(year or 2000, month, day):
        return _veto
    sign = -1 if _norm(m["dir"]) == "before" else 1
    mod = _pre_mod(m)

    # Two expressions, as TimeML marks them ("a week" and "5 March"), but the first is the
    # DATE it points to, so that the event stage gets the day the text means.
    date_start = m.start("day") if m["day"] else m.start("mon")
    unit_end = m.end("unit") + (text[m.end("unit") : m.end("unit") + 1] in ("s", "S"))

    def resolve(ctx: Context) -> list[Hit] | None:
        y, anchor = year, ""
        if y is None:
            base, anchor = ctx.base()
            y = _month_year(month, day, base, ctx.tense(m.start(), m.end()), anchor == "narrative")
            if not valid_day(y, month, day):
                return None
        moment = shift(datetime(y, month, day), unit, sign * amount)
        value = moment and grain_value(moment, "day")
        if value is None or fmt_year(y) is None:
            return None
        written = f"{fmt_year(y)}-{month:02d}-{day:02d}"
        return [
            Hit(m.start(), unit_end, "DATE", value, mod, "narrative"),
            Hit(date_start, m.end(), "DATE", written, "", anchor),
        ]

    return resolve


_GRAINS = ("day", "week", "month", "quarter", "year", "decade", "century")
_COARSER = {g: _GRAINS[i + 1 :] for i, g in enumerate(_GRAINS)}


def b_year_end(m: re.Match[str], text: str) -> Resolver | None:
    """ "by year-end": the end of the current (news) or narrated year."""

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base()
        return _hit(m, "DATE", fmt_year(base.year), "END", anchor)

    return resolve


def b_unit_before(m: re.Match[str], text: str) -> Resolver | None:
    """ "the day before", "the week after": one unit from the date the text last gave."""
    if re.match(r"\s+[A-Z0-9]", text[m.end() : m.end() + 3]):
        return None  # "the day before Christmas": the date is the next expression's
    unit = _unit(m["unit"])
    sign = -1 if _norm(m["dir"]) in ("before", "earlier", "prior") else 1

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=True)
        moment = shift(base, unit, sign)
        if moment is None:
            return None
        grain = lx.UNIT_GRAIN[unit]
        if anchor == "narrative" and ctx.anchor_precision in _COARSER.get(grain, ()):
            grain = ctx.anchor_precision
        return _hit(m, "DATE", grain_value(moment, grain), "", anchor)

    return resolve


def b_part_of_day_mod(m: re.Match[str], text: str) -> Resolver | None:
    """ "late afternoon", "mid-morning": that part of the day the text is on."""
    mod = {"early": "START", "late": "END", "mid": "MID"}[_norm(m["w"]).replace("the ", "")]
    part = lx.DAY_PARTS[_norm(m["part"])]

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=ctx.anchor_precision in ("day", "hour", "minute", "second"))
        value = grain_value(base, "day")
        return _hit(m, "TIME", value and f"{value}T{part}", mod, anchor)

    return resolve


def b_vague_duration(m: re.Match[str], text: str) -> Resolver | None:
    """ "for a while", "some time": a length of time with no number (TimeML ``PXX``)."""
    return lambda ctx: _hit(m, "DURATION", "PXX")


def b_period(m: re.Match[str], text: str) -> Resolver | None:
    """ "the latest period" in a company report: the quarter the report is about (else untagged)."""
    rel = _norm(m["rel"])

    def resolve(ctx: Context) -> Hit | None:
        if not ctx.last_quarter:
            return None
        base, anchor = ctx.base()
        year = base.year - 1 if rel in ("year-earlier", "year-ago", "comparable") else base.year
        return _hit(m, "DATE", f"{year:04d}-Q{ctx.last_quarter}", "", anchor)

    return resolve


def b_year_ago(m: re.Match[str], text: str) -> Resolver | None:
    """ "year-earlier", "the year-ago period": the same period of the previous year."""

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base()
        if ctx.last_quarter:
            return _hit(m, "DATE", f"{base.year - 1:04d}-Q{ctx.last_quarter}", "", anchor)
        return _hit(m, "DATE", fmt_year(base.year - 1), "", anchor)

    return resolve


_AMOUNT_WORDS = frozenset(["million", "billion", "thousand", "dozen", "hundred", "cds"])
_NOT_PLURAL = frozenset(
    ["always", "perhaps", "sometimes", "does", "goes", "means", "across", "besides", "whereas"]
)


def _count_noun_before(before: str) -> bool:
    """Whether ``before`` ends with an amount or a plural noun ("interviews", "$33 million")."""
    last = re.search(r"([A-Za-z]+)\s+$", before)
    if last is None:
        return False
    word = last.group(1).lower()
    if word in _AMOUNT_WORDS:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in _NOT_PLURAL
    )


# "opens a week from Monday", "ends a day after the vote": a length counted from a point is no
# frequency, even after a word ending in -s (a verb here, not a plural count).
_ANCHOR_AFTER = re.compile(r"\s+(?:from|after|before|later|earlier|ago|since|into|on\s+end)\b", re.I)

_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|can|shall)\s+$", re.IGNORECASE)


_NAMED_WAR = re.compile(r"['’]?\s*War\b")


def b_duration(m: re.Match[str], text: str) -> Resolver | None:
    if _NAMED_WAR.match(text, m.end()):
        return None  # "the Six-Day War", "the Hundred Years' War": a name
    amount = _num(m["num"])
    unit = _unit(m["unit"])
    if _quoted_title(m, text):
        return None
    if amount is None or unit not in lx.UNITS:
        return None
    num_word = _norm(m["num"])
    before = text[max(0, m.start() - 12) : m.start()]
    if num_word in ("a", "an") and not m["pre"]:
        if re.search(r"\b(?:once|twice|thrice|times)\s*$", before, re.I):
            letter = duration_value(1, unit)
            times = re.search(r"(once|twice|thrice|\w+ times)\s*$", before, re.I)
            return lambda ctx: _hit(m, "SET", letter, freq=_freq(times.group(1) if times else ""))
        if _QUANT_CONTEXT.search(before):
            return None  # "$5 a year", "3% a month": a rate, not a span of time
        if (
            not m["tail"]
            and _count_noun_before(text[max(0, m.start() - 20) : m.start()])
            and not _ANCHOR_AFTER.match(text, m.end())
        ):
            # "hundreds of interviews a day", "$33 million a year": a frequency (SET), as TimeML has it
            return lambda ctx: _hit(m, "SET", duration_value(1, unit))
    if num_word == "one" and unit == "day" and not m["pre"] and _MODAL_BEFORE.search(before):
        return lambda ctx: _hit(m, "DATE", "FUTURE_REF")  # "Islam will one day be...": some day ahead
    if isinstance(amount, (int, float)) and amount > 100000:
        return None
    if num_word in ("a", "an") and (m["dash"] or m.group().lower().endswith("-long")):
        return None  # "a month-long truce": the "long" rule tags "month-long"
    if unit == "second" and num_word in ("a", "an") and not m["pre"]:
        return None  # "a second" is usually the ordinal
    mod = _pre_mod(m) if not _pre_is_part(m) else ""
    if m["tail"] or m["tail2"]:
        tail = _norm(m["tail"] or m["tail2"].replace("-", " "))  # "a year-and-a-half"
        mod = mod or {"or so": "APPROX", "or more": "EQUAL_OR_MORE", "or less": "EQUAL_OR_LESS"}.get(tail, "")
        if tail == "and a half" and isinstance(amount, (int, float)):
            amount = amount + 0.5
    if re.match(r"[-\s]+old\b", text[m.end() : m.end() + 40]) or re.search(r"old$", m.group()):
        return None  # ages ("a 44-year-old protester") are not temporal expressions in TimeML
    if unit == "quarter" and re.search(r"-quarters?$", m.group(), re.I):
        return None  # "three-quarters" is a fraction
    if m["num2"]:
        second = _num(m["num2"])
        if not isinstance(second, (int, float)):
            return None
    value = duration_value(amount, unit)
    lead = re.match(r"the\s+", m.group(), re.IGNORECASE)
    if lead and m["dash"]:
        # "the 10-day truce": the article belongs to the noun, not to the duration.
        start = m.start() + lead.end()
        return lambda ctx: Hit(start, m.end(), "DURATION", value, mod)
    return lambda ctx: _hit(m, "DURATION", value, mod)


def b_long(m: re.Match[str], text: str) -> Resolver | None:
    """ "month-long" -> P1M, "decades-long" -> PXY."""
    word = _norm(m["unit"])
    unit = _unit(word)
    if unit not in lx.UNITS:
        return None
    value = duration_value("X" if word != unit else 1, unit)
    return lambda ctx: _hit(m, "DURATION", value, _pre_mod(m))


_BARE_CUES = frozenset(
    [
        "within",
        "or",
        "even",
        "take",
        "takes",
        "took",
        "spent",
        "lasted",
        "for",
        "in",
        "over",
        "within",
        "recent",
        "coming",
        "past",
        "next",
        "last",
        "the",
        "those",
        "these",
        "few",
        "after",
        "of",
        "many",
    ]
)


_COUNTED = re.compile(rf"(?<![A-Za-z]){NUM}[-\s]+$", re.IGNORECASE)


def b_bare_units(m: re.Match[str], text: str) -> Resolver | None:
    unit = _unit(m["unit"])
    if _quoted_title(m, text) or _COUNTED.search(text, max(0, m.start() - 30), m.start()):
        return None  # "two days after ...": the counted duration is the duration rule's
    if unit not in lx.UNITS or unit in ("weekend", "night"):
        return None
    if re.match(r"\s+ago\b", text[m.end() : m.end() + 6]):
        return None  # "only weeks ago": a DATE with its "ago" (the vague rule's), not a length
    if not m["pre"] and not m["later"] and _prev_word(text, m.start()) not in _BARE_CUES:
        return None
    if unit == "hour" and _pre_is_part(m) and re.match(r"\s+of\b", text[m.end() : m.end() + 6]):
        return None  # "in the early hours of Friday": a part of that day, the day is the expression
    value = duration_value("X", unit)
    if m["later"] and _norm(m["later"]) in ("before", "after"):
        end = m.end("unit")  # "days after the vote": the preposition stays outside
        return lambda ctx: Hit(m.start(), end, "DURATION", value, _pre_mod(m))
    return lambda ctx: _hit(m, "DURATION", value, _pre_mod(m))


_SPAN_CUES = frozenset(("over", "during", "in", "within", "for", "throughout", "through"))


def b_short_span(m: re.Match[str], text: str) -> Resolver | None:
    """ "in the past hour", "for the next hour", "over the last day": a DURATION of one unit
    (TimeML marks "the past year" after "over" the same way); "the next day" stays a date."""
    unit = _unit(m["unit"])
    if _prev_word(text, m.start()) not in _SPAN_CUES:
        return None
    if unit == "day" and _norm(m["rel"]) in ("next", "coming", "previous"):
        return None  # "the next day" is the day after a date (the relative rule's)
    if re.match(r"\s+or\s+(?:so|two)\b", text[m.end() : m.end() + 10]):
        return None
    return lambda ctx: _hit(m, "DURATION", duration_value(1, unit))


def b_future_units(m: re.Match[str], text: str) -> Resolver | None:
    """ "in coming months", "future quarters": an unspecified time ahead (FUTURE_REF, as the corpora
    mark them); "the coming weeks" keeps the vague-duration reading of the bare-units rule."""
    if re.match(r"the\s", m.group(), re.I):
        return None
    return lambda ctx: _hit(m, "DATE", "FUTURE_REF")


_APPOSITION = re.compile(r"(?:\d|day)\s*,\s*$", re.IGNORECASE)


def b_units_around(m: re.Match[str], text: str) -> Resolver | None:
    """ "in the weeks before the shooting": TimeML marks a DATE next to an event. Its month or
    year is the event's, which we cannot date, so the value is left open (no span)."""
    unit = _unit(m["unit"])
    value = "XXXX-XX" if unit in ("day", "week") else "XXXX"
    if not _norm(m["unit"]).endswith("s"):  # "the day after his death": one day, week or month
        value = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}[unit]
        if unit == "day" and _APPOSITION.search(text, max(0, m.start() - 12), m.start()):
            # "on Oct. 12, the day before the crash": the appositive names the date just given
            def resolve(ctx: Context) -> Hit | None:
                if ctx.anchor is None or ctx.anchor_precision != "day":
                    return Hit(m.start("unit"), m.end("unit"), "DATE", value, "", "")
                return Hit(m.start(), m.end("unit"), "DATE", grain_value(ctx.anchor, "day"), "", "narrative")

            return resolve
    start, end = m.start("unit"), m.end("unit")
    return lambda ctx: Hit(start, end, "DATE", value, "", "")


def b_units_per(m: re.Match[str], text: str) -> Resolver | None:
    """ "six days a week", "24 hours a day": how often, a SET of the longer unit (freq: the count)."""
    amount, unit = _num(m["num"]), _unit(m["unit"])
    if not isinstance(amount, int) or unit not in lx.UNITS:
        return None
    value = duration_value(1, _unit(m["per"]))
    freq = f"{amount}{lx.UNITS[unit][0]}"
    return lambda ctx: _hit(m, "SET", value, freq=freq)


def b_nine_eleven(m: re.Match[str], text: str) -> Resolver | None:
    """ "after 9/11": the September 2001 attacks' day, whatever the reference date."""
    return lambda ctx: Hit(m.start(), m.end(), "DATE", "2001-09-11", "", "")


def b_day_of_month(m: re.Match[str], text: str) -> Resolver | None:
    """ "on the 22nd": that day of the month the text is in (the nearest such day, tense
    breaking near-ties, as for a year-less month)."""
    day = int(m["d"])

    def resolve(ctx: Context) -> Hit | None:
        base, anchor = ctx.base(anaphoric=True)
        if (
            anchor == "narrative"
            and ctx.anchor_precision == "month"
            and valid_day(base.year, base.month, day)
        ):
            # "in October ... on the 27th": the month the text gave
            return Hit(
                m.start("day"), m.end(), "DATE", f"{base.year:04d}-{base.month:02d}-{day:02d}", "", anchor
            )
        tense = ctx.tense(m.start("day"), m.end())
        best, best_cost = None, float("inf")
        for step in (-1, 0, 1):
            year, month = divmod(base.year * 12 + base.month - 1 + step, 12)
            if not 1 <= year <= 9999 or not valid_day(year, month + 1, day):
                continue
            candidate = datetime(year, month + 1, day)
            ahead = (candidate - ctx.reference).days  # tense speaks of the writer's time
            wrong = (tense == "past" and ahead > 0) or (tense == "future" and ahead < 0)
            cost = abs((candidate - base).days) + (200 if wrong else 0)
            if cost < best_cost:
                best, best_cost = candidate, cost
        if best is None:
            return None
        return Hit(m.start("day"), m.end(), "DATE", grain_value(best, "day"), "", anchor)

    return resolve


def b_day_ordinal(m: re.Match[str], text: str) -> Resolver | None:
    """ "the second day of the offensive", "his first day in office": a DATE (TimeML) whose
    day is the event's, which we cannot date: the value stays open."""
    start = m.start() if _norm(m.group()).startswith("the") else m.start("ord")  # not "his"
    return lambda ctx: Hit(start, m.end(), "DATE", "XXXX-XX-XX", "", "")


def _freq(word: str) -> str:
    w = _norm(word)
    n = {"once": 1, "twice": 2, "thrice": 3}.get(w)
    if n is None:
        number = _num(w.replace(" times", ""))
        n = number if isinstance(number, int) else None
    return f"{n}X" if n else ""


# A newspaper: "the daily said". ("the Party daily Granma" stays tagged: AQUAINT marks it 3 times
# in 5, and dropping it lowered F1 there.)
_PAPER = re.compile(r"\s+(?:said|says|reported|reports|quoted|quotes|wrote|writes|added|cited|carried)\b")
_RATE_BEFORE = re.compile(r"(?:%|\bpercent|\bper\s+cent)\s*$", re.I)


def b_set(m: re.Match[str], text: str) -> Resolver | None:
    g = m.groupdict()
    if g.get("sw"):
        value = lx.SETS.get(_norm(g["sw"]))
        if not value:
            return None
        if _RATE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            return None  # "rise 8.5% annually" is a rate, as "3% a month" is
        if _cap(text, m.start("sw")) and re.match(r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]):
            return None  # "the Daily Mail", "the Weekly Standard": a title
        if not g.get("times") and _PAPER.match(text, m.end()):
            return None  # "the daily quoted him": a newspaper
        freq = _freq(g["times"]) if g.get("times") else ""  # "twice weekly": P1W, twice
        return lambda ctx: _hit(m, "SET", value, freq=freq)
    target = _norm(g["target"])
    quant = _norm(g["q"]).upper()
    other = bool(g.get("other"))
    if target.endswith("s") and target[:-1] in lx.UNITS:
        target = target[:-1]
    part = _norm(g.get("part"))  # "every Monday morning" (the pattern allows it after a weekday only)
    if target in lx.WEEKDAYS:
        value = f"XXXX-WXX-{lx.WEEKDAYS[target]}" + (f"T{lx.DAY_PARTS[part]}" if part else "")
    elif target in lx.MONTHS:
        value = f"XXXX-{lx.MONTHS[target]:02d}"
    elif target in lx.SEASONS:
        value = f"XXXX-{lx.SEASONS[target]}"
    elif target in ("morning", "afternoon", "evening", "night"):
        value = f"XXXX-XX-XXT{lx.DAY_PARTS[target]}"
    elif target == "weekend" and not g.get("num") and not other:
        value = "XXXX-WXX-WE"  # "every weekend": the weekends (TIMEX3), not a two-day length
    elif target in lx.UNITS:
        amount = _num(g["num"]) if g.get("num") else 1
        if amount == "X":  # "every few days": a SET of a vague length
            value = duration_value("X", target)
            return lambda ctx: _hit(m, "SET", value, quant=quant)
        if not isinstance(amount, (int, float)):
            return None
        value = duration_value(amount * (2 if other else 1), target)
    else:
        return None
    return lambda ctx: _hit(m, "SET", value, quant=quant)


_HOLIDAY_SEASON = re.compile(r"\s+(?:recess|holidays?|break|vacation|season|period|rush)\b", re.IGNORECASE)


def b_weekends(m: re.Match[str], text: str) -> Resolver | None:
    """ "closed on weekends", "at weekends": every weekend, a SET (as "on Sundays" is)."""
    if _prev_word(text, m.start()) not in ("on", "at", "during", "over", "most", "some"):
        return None
    return lambda ctx: _hit(m, "SET", "XXXX-WXX-WE")


def b_holiday(m: re.Match[str], text: str) -> Resolver | None:
    if m["accord"]:
        return _veto  # "the Good Friday Agreement" names a treaty, not a day
    name = _norm(m["hol"]).replace("’", "'")
    year = int(m["year"]) if m["year"] else None

    def place(ctx: Context, name: str) -> tuple[datetime | None, str, datetime]:
        base, anchor = ctx.base()
        y = year or base.year
        day = _holiday(name, y)
        if day is None:
            return None, anchor, base
        if year is None:
            # "left for the Easter recess": a holiday season is the nearest one, whatever the tense
            tense = None if _HOLIDAY_SEASON.match(text, m.end()) else ctx.tense(m.start(), m.end())
            if anchor == "narrative":  # histories move forward from the date they gave
                day = _holiday(name, _month_year(day.month, day.day, base, None, True))
            elif tense == "past" and day > base:
                day = _holiday(name, y - 1)
            elif tense == "future" and day < base:
                day = _holiday(name, y + 1)
            elif tense is None:
                day = _holiday(name, _month_year(day.month, day.day, base, None, anchor == "narrative"))
        return day, anchor, base

    def resolve(ctx: Context) -> Hit | None:
        day, anchor, base = place(ctx, name)
        if name == "labor day" and day is not None:
            # Labour Day is 1 May in most of the world, the first Monday of September in the US
            # (and Canada): the one nearer the text's date.
            may, _, _ = place(ctx, "labour day")
            if may is not None and abs((may - base).days) < abs((day - base).days):
                day = may
        if day is None:
            return None
        return _hit(m, "DATE", grain_value(day, "day"), "", "" if year else anchor)

    return resolve


def _holiday(name: str, year: int) -> datetime | None:
    if not 1 <= year <= 9999:
        return None
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "new year": (1, 1),
        "boxing day": (12, 26),
        "labour day": (5, 1),
    }
    if name in fixed:
        return datetime(year, *fixed[name])
    name = re.sub(r"\s+", " ", name).replace("st. ", "st ")
    fixed.update({"veterans day": (11, 11), "remembrance day": (11, 11), "armistice day": (11, 11)})
    fixed["st patrick's day"] = (3, 17)
    if name in fixed:
        return datetime(year, *fixed[name])
    # US holidays on the nth given weekday of a month: (month, weekday, nth; -1 = last)
    nth = {
        "labor day": (9, 0, 1), "memorial day": (5, 0, -1), "mother's day": (5, 6, 2),
        "father's day": (6, 6, 3),
    }  # fmt: skip
    if name in nth:
        month, weekday, n = nth[name]
        if n > 0:
            first = datetime(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        last = datetime(year, month + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        first = datetime(year, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    if name == "black friday":  # the day after (US) Thanksgiving
        thanksgiving = _holiday("thanksgiving", year)
        return thanksgiving + timedelta(days=1) if thanksgiving else None
    easter_offsets = {"good friday": -2, "palm sunday": -7, "ash wednesday": -46, "easter monday": 1}
    if name in easter_offsets:
        easter = _holiday("easter", year)
        return easter + timedelta(days=easter_offsets[name]) if easter else None
    if name in ("thanksgiving", "thanksgiving day"):
        first = datetime(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name in ("easter", "easter sunday"):
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        mm = (a + 11 * h + 22 * l_) // 451
        month = (h + l_ - 7 * mm + 114) // 31
        day = (h + l_ - 7 * mm + 114) % 31 + 1
        return datetime(year, month, day)
    return None


# --- the rule table ---------------------------------------------------------------------

# The day after a clock time: "5 p.m. EST, Nov. 6", "1:48 p.m. EDT, Thu March 21, 2013" (one TIME).
_DATE_AFTER_TIME = (
    rf"(?:(?:{_WD_WORDS}|{_WD_ABBR})\.?,?\s+)?(?:(?:{_MON_WORDS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\da-z])"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON_WORDS})(?![a-z]))(?:,?\s+(?:1\d|20)\d\d(?!\d))?"
)
_TIME_DAY = rf"(?:\s+local\s+time)?(?:,?\s+(?:on\s+)?(?P<dayexpr>{_DATE_AFTER_TIME}|{_WD_WORDS}|today|yesterday|tomorrow|tonight))?"
_AMPM = r"(?P<ampm>a\.m\.?|p\.m\.?|am(?![a-z])|pm(?![a-z]))"

RULES: list[tuple[str, str, Builder]] = [
    (
        "iso",
        r"(?<![\d-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?(?![\d-])",
        b_iso,
    ),
    (
        "numeric",
        r"(?<![\d/.-])(?P<a>\d{1,2})(?:[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})|-(?P<b2>\d{1,2})-(?P<y2>\d{4}))"
        r"(?![\d/-]|\.\d)",
        b_numeric,
    ),
    (
        "dashed",
        rf"(?P<day>[12]\d|3[01]|0?[1-9])(?P<sep>[-/])(?P<mon>{_MON_WORDS})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d])",
        b_dashed,
    ),
    ("ymd_slash", r"(?<![\d/])(?P<y>1\d{3}|20\d{2})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?![\d/])(?P<H>)", b_iso),
    (
        "month_day",
        rf"{PRE}(?:(?P<rel>last|next)\s+)?(?:{WD}\.?,?\s+)?{MON}\s+(?:the\s+)?{DAY}(?:(?:,\s*|\s+)(?P<year>\d{{4}})(?!\d))?",
        b_month_day,
    ),
    (
        "day_month",
        rf"{PRE}(?:{WD}\.?,?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MON}(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_month_day,
    ),
    ("month_year", rf"{PRE}{MON},?\s+(?:of\s+)?(?P<year>\d{{4}})(?!\d)", b_month_year),
    (
        # "last year's July 30 bombing": the year named first, as a possessive.
        "year_poss_month",
        rf"(?P<yrel>last|next|this)\s+year'?s\s+{MON}(?:\s+(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?)?(?![\d])",
        b_month_rel_year,
    ),
    (
        "month_rel_year",
        rf"{PRE}(?:(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?)?{MON}(?:\s+(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?(?P<yrel>last|next|this|the\s+previous|the\s+following|the\s+same)\s+year(?![a-z])",
        b_month_rel_year,
    ),
    ("month", rf"{PRE}(?:(?P<rel>last|next|this|coming|this\s+past)\s+)?{MON}", b_month),
    (
        "day_range",
        rf"(?:between\s+)?(?P<lst>(?<![\d.,])(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,\s*)+)?(?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?P<sep>\s*(?:-|–|to|and|until|through)\s*)(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?{MON}(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_day_range,
    ),
    (
        "day_range2",
        rf"{MON}\s+(?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?P<lst>(?:,\s*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:]))+)?(?P<sep>\s*(?:-|–|to|and|until|through)\s*)(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_day_range,
    ),
    (
        "month_range",
        rf"{MON}\s*[-–]\s*(?P<mon2>{_MON_FULL}(?![a-z])|(?:{_MON_ABBR})(?:\.|(?![a-z])))(?!\s*,?\s*\d)",
        b_month_range,
    ),
    (
        "year_range",
        r"(?<![\d$])(?P<y1>1\d{3}|20\d{2})\s*(?:-|–)\s*(?P<y2>\d{2}|1\d{3}|20\d{2})(?![\d%])",
        b_year_range,
    ),
    (
        "year",
        rf"{PRE}(?:(?P<fiscal>fiscal|FY)\s*)?(?<![\d.,'])(?P<year>\d{{4}})(?:\s*(?P<era>BCE|BC|B\.C\.|AD|A\.D\.|CE)(?![a-z]))?(?![\d])",
        b_year,
    ),
    (
        "year_bc",
        rf"{PRE}(?<![\d.,])(?P<year>\d{{1,4}})\s*(?P<era>BCE|BC|B\.C\.)(?![a-z])(?P<fiscal>)",
        b_year,
    ),
    ("year_ad", rf"{PRE}(?P<era>AD|A\.D\.)\s*(?P<year>\d{{1,4}})(?![\d])(?P<fiscal>)", b_year),
    (
        "spoken_year",
        rf"{PRE}(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen|twenty)\s+(?P<r>(?:{_TENS})(?:[-\s](?:{_ONES}))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+(?:and\s+)?(?P<r2>{_ONES}|ten))?)(?![a-z-])",
        b_spoken_year,
    ),
    (
        "decade",
        rf"{PRE}(?P<the>the\s+)?(?:(?P<d3>1\d{{2}}|20\d)0'?s|'(?P<d1>\d)0s|(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![a-z])",
        b_decade,
    ),
    (
        "century",
        rf"{PRE}(?:the\s+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<ow>{_ORD_WORDS}))[-\s]+century(?:\s+(?P<era>BCE|BC|B\.C\.|AD|A\.D\.|CE)(?![a-z]))?",
        b_century,
    ),
    (
        "season",
        rf"{PRE}(?:(?P<rel>last|this|next|past|coming|this\s+past|that|the\s+following|the\s+previous|the\s+past|the\s+last|the\s+next|the\s+coming|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?![a-z])(?:\s+(?:of\s+)?{YEAR4}|\s+of\s+(?P<yrel>last|this|next)\s+year(?![a-z]))?",
        b_season,
    ),
    (
        "quarter",
        rf"{PRE}(?P<the>the\s+)?(?:fiscal[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|past|previous|same|year-ago|year-earlier|comparable|next|coming|this)?(?:[-\s]+(?:fiscal|calendar))?[-\s]*quarter(?![a-z])(?:\s+of\s+(?:fiscal\s+)?(?P<year>\d{{4}})|,?\s+(?P<year2>\d{{4}}))?(?P<q>)",
        b_quarter,
    ),
    (
        "year_quarter",
        r"(?:(?P<yrel>this|last|next)\s+year['’]s|the\s+(?P<year>1\d{3}|20\d{2})|(?:the\s+)?year[-\s](?:ago|earlier))\s+(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?:fiscal\s+)?(?:quarter|period)(?![a-z])",
        b_year_quarter,
    ),
    (
        "quarter_q",
        r"(?<![A-Za-z])Q(?P<q>[1-4])(?:\s+(?:of\s+)?(?P<year>\d{4})|[-\s]?(?P<year2>\d{4}))?(?P<ord>)(?P<the>)(?P<pre>)(?![\w])",
        b_quarter,
    ),
    (
        "weekday",
        rf"{PRE}(?:(?P<rel>last|next|this|coming|that|the\s+following|the\s+previous)\s+)?{WD}(?:\s+(?P<part>morning|afternoon|evening|night))?",
        b_weekday,
    ),
    (
        "weekday_set",
        rf"(?P<wd>{_WD_WORDS})s(?:\s+(?P<part>mornings|afternoons|evenings|nights))?(?![a-z])",
        b_weekday_set,
    ),
    (
        "deictic",
        rf"{PRE}(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|last\s+night|overnight)(?![a-z])(?:\s+(?P<part>morning|afternoon|evening|night))?",
        b_deictic,
    ),
    (
        "part_of_day",
        rf"{PRE}(?P<rel>this|that|the\s+next|the\s+following|the\s+previous|yesterday|tomorrow|last|later\s+this|earlier\s+this|early\s+this|late\s+this|the)\s+(?P<part>morning|afternoon|evening|night)(?![a-z])",
        b_part_of_day,
    ),
    (
        "time_ampm",
        rf"{PRE}(?P<h>\d{{1,2}})(?:[:.](?P<mi>[0-5]\d))?\s*{_AMPM}(?:\s+(?P<tz>{_TZ})(?![a-z]))?{_TIME_DAY}",
        b_time,
    ),
    (
        "time_24",
        rf"{PRE}(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?:\s*(?P<clock>hrs|hours|h)(?![a-z]))?(?:\s+(?P<tz>{_TZ})(?![a-z]))?{_TIME_DAY}",
        b_time,
    ),
    (
        "time_clock",
        rf"{PRE}(?P<h>\d{{1,2}}|{_ONES}|ten|eleven|twelve)\s+(?P<clock>o'clock|o’clock)(?:\s+in\s+the\s+(?P<daypart>morning|afternoon|evening))?",
        b_time,
    ),
    (
        "time_daypart",
        rf"{PRE}(?P<h>\d{{1,2}})(?:[:.](?P<mi>[0-5]\d))?\s+in\s+the\s+(?P<daypart>morning|afternoon|evening|night)(?P<clock>)",
        b_time,
    ),
    ("time_special", rf"{PRE}(?P<special>noon|midday|midnight)(?![a-z]){_TIME_DAY}", b_time),
    (
        "time_military",
        rf"(?<![\d:.,])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?:\s*(?:(?P<tz>GMT|UTC|Z|{_TZ})|(?P<hrs>hrs|hours))(?![a-z])"
        rf"|(?P<local>(?=\s+local\s+time\b))|(?P<bare>(?=\s*[,;)]|\s+on\s)))(?P<clock>){_TIME_DAY}",
        b_military,
    ),
    (
        "week_of",
        rf"the\s+week\s+of\s+(?:{MON}\s+{DAY}|(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?P<mon2>{_MON_FULL}(?![a-z])|(?:{_MON_ABBR})(?:\.|(?![a-z]))))"
        rf"(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_week_of,
    ),
    (
        "nth_week",
        rf"{PRE}the\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{MON}(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_nth_week,
    ),
    (
        "part_of_date",
        rf"{PRE}(?:(?:the\s+)?(?P<part>morning|afternoon|evening|night)\s+of|(?P<over>overnight)\s+(?:on|of))\s+"
        rf"(?:{WD},?\s+)?(?:{MON}\s+{DAY}(?:\s*[-–/]\s*\d{{1,2}}(?!\d))?|(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        rf"(?:\s*[-–/]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?P<mon2>{_MON_FULL}(?![a-z])|(?:{_MON_ABBR})(?:\.|(?![a-z]))))(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_part_of_date,
    ),
    (
        "relative",
        rf"{PRE}(?P<rel>earlier\s+this|later\s+this|early\s+this|late\s+this|earlier\s+that|later\s+that|earlier\s+in\s+the|later\s+in\s+the|early\s+next|late\s+next|early\s+last|late\s+last|this\s+past|this\s+same|that\s+same|the\s+full|the\s+very\s+same|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following|the\s+current|the\s+same|the\s+present|this|last|next|past|coming|previous|following|current|that|the)\s+(?:fiscal\s+|calendar\s+|financial\s+)?(?P<unit>weekend|week|month|year|quarter|decade|century|day|night)(?![a-z-])",
        b_relative,
    ),
    (
        "offset",
        rf"{PRE}(?P<num>{NUM})[-\s]+(?P<unit>{UNIT})s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|previously|back|(?:before|after|prior)(?![a-z])(?!\s+[A-Za-z0-9]))(?![a-z])",
        b_offset,
    ),
    (
        "offset_dated",
        rf"{PRE}(?P<num>{NUM})[-\s]+(?P<unit>{UNIT})s?\s+(?P<dir>before|after)\s+(?:{DAY}\s+(?:of\s+)?)?{MON}(?:\s+(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:]))?(?:,?\s+(?P<year>\d{{4}})(?!\d))?",
        b_offset_dated,
    ),
    (
        "offset_in",
        rf"(?<=\bin\s)(?P<num>{NUM})[-\s]+(?P<unit>{UNIT})s?(?P<dir>)(?P<pre>)(?=\s+(?:time|from\s+now))",
        b_offset,
    ),
    (
        "duration",
        rf"{PRE}(?:the\s+)?(?P<num>{NUM})(?:\s*(?:to|or|-|–)\s*(?P<num2>{NUM}))?(?:[-\s]+(?:more|additional|full|straight|consecutive|long|whole|solid|further|trading|business|working))?(?P<dash>-)?[\s-]*(?P<unit>{UNIT})s?(?![a-z])(?:[-\s]+(?:long|old))?(?:\s+(?P<tail>or\s+so|or\s+more|or\s+less|and\s+a\s+half)|-(?P<tail2>and-a-half))?",
        b_duration,
    ),
    ("year_end", r"(?P<w>year[-\s]end|year['’]s\s+end)(?![a-z])", b_year_end),
    (
        "unit_before",
        r"(?P<rel>the|a)\s+(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later|prior)(?![a-z])(?!\s+[A-Za-z0-9])",
        b_unit_before,
    ),
    (
        "part_of_day_mod",
        r"(?P<w>early|late|mid-|mid|the\s+early|the\s+late)\s*(?P<part>morning|afternoon|evening)(?![a-z])",
        b_part_of_day_mod,
    ),
    (
        "vague_duration",
        r"(?P<w>a\s+(?:little\s+|long\s+|short\s+)?while|some\s+time|a\s+long\s+time|a\s+short\s+time)(?![a-z])(?!\s+ago)",
        b_vague_duration,
    ),
    (
        "period",
        r"the\s+(?:(?P<rel>latest|last|same|comparable|current|recent|year-earlier|year-ago)\s+)?(?:three-month\s+|fiscal\s+)?period(?![a-z])",
        b_period,
    ),
    (
        "year_ago",
        r"(?:the\s+)?(?:comparable\s+)?year[-\s](?:ago|earlier)(?:\s+(?:period|quarter|level|months?|results|figures?))?(?![a-z])",
        b_year_ago,
    ),
    ("weekends", r"weekends(?![a-z])", b_weekends),
    (
        # "over the past hour", "for the next hour": one unit of time up to or from now
        "short_span",
        r"the\s+(?P<rel>past|last|next|coming|previous)\s+(?P<unit>hour|minute|day)(?![a-z])",
        b_short_span,
    ),
    ("long", rf"{PRE}(?P<unit>{UNIT}s?)-long(?![a-z])", b_long),
    ("long_word", rf"{PRE}(?P<unit>day|night|week|month|year|decade|hour)long(?![a-z])", b_long),
    # "a decades-old dispute", "a century-old church": how long a thing has lasted (TimeML: a
    # DURATION). A person's age ("a 44-year-old", "two-year-old") has a number and stays untagged.
    ("old", r"(?<![\w-])(?P<unit>years|decades|centuries|months|weeks|decade|century)-old(?![a-z])", b_long),
    (
        "day_of_month",
        r"(?<![a-z])(?:on|by|until|till|since|before|after|from|through)\s+(?P<day>the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))"
        r"(?=\s*(?:[.,;:)!?]|$)|\s+(?:and|to|or|through|until|when|but|as|while|one|he|she|it|they|we|the|a|an"
        r"|his|her|its|their|this|that|there)\b)",
        b_day_of_month,
    ),
    (
        "units_per",
        rf"(?P<num>{NUM})\s+(?P<unit>hours|days|nights|weeks|months)\s+(?:a|an|per|each)\s+(?P<per>day|week|month|year)(?![a-z])",
        b_units_per,
    ),
    ("nine_eleven", r"(?<![\d/.])9/11(?![\d/]|\.\d)", b_nine_eleven),
    (
        "day_ordinal",
        rf"(?:the|his|her|its|their|our)\s+(?P<ord>{_alt(k for k in lx.ORDINALS if k not in ('last', 'final'))}|\d{{1,2}}(?:st|nd|rd|th))"
        r"\s+(?:(?:full|straight|consecutive)\s+)?day(?=\s+(?:of|in|since)\b)",
        b_day_ordinal,
    ),
    (
        "bare_units",
        rf"{PRE}(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?![a-z-])(?P<later>\s+(?:later|earlier|afterwards|before|after)(?![a-z]))?",
        b_bare_units,
    ),
    (
        "units_around",
        r"the\s+(?P<unit>days?|weeks?|months)\s+(?:before|after|following|preceding|leading\s+up\s+to)\s+(?=[A-Za-z])"
        r"(?!(?:yesterday|tomorrow|today|last|next|this)\b)",
        b_units_around,
    ),
    (
        "future_units",
        r"(?:the\s+)?(?:coming|upcoming|future)\s+(?:days|weeks|months|quarters|years)(?![a-z])",
        b_future_units,
    ),
    (
        "set_words",
        r"(?:(?P<times>once|twice|thrice|(?:two|three|four|five|six|\d)\s+times)\s+)?"
        r"(?P<sw>daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly|biannually|biennially|fortnightly)(?![a-z])",
        b_set,
    ),
    (
        "set_every",
        rf"(?P<q>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{NUM})\s+)?(?P<target>{_UNIT_WORDS}|{_WD_WORDS}|{_MON_WORDS}|spring|summer|autumn|fall|winter|morning|afternoon|evening|night)s?(?![a-z])"
        r"(?:(?:(?<=[A-Za-z]{3}day)|(?<=[A-Za-z]{3}days))\s+(?P<part>morning|afternoon|evening|night)s?(?![a-z]))?",
        b_set,
    ),
    (
        "vague",
        rf"{PRE}(?P<w>{_alt(k for k, v in lx.VAGUE.items() if v)})(?![a-z])",
        b_vague,
    ),
    (
        "holiday",
        r"(?P<hol>christmas\s+eve|christmas\s+day|christmas|new\s+year['’]s\s+day|new\s+year['’]s\s+eve|halloween|valentine['’]s\s+day|thanksgiving(?:\s+day)?|easter(?:\s+sunday|\s+monday)?|good\s+friday(?P<accord>\s+(?:agreement|accords?|peace\s+(?:deal|accord|agreement)))?|black\s+friday|palm\s+sunday|ash\s+wednesday|boxing\s+day|election\s+day|labou?r\s+day|memorial\s+day|veterans\s+day|remembrance\s+day|armistice\s+day|st\.?\s+patrick['’]s\s+day|mother['’]s\s+day|father['’]s\s+day)(?:\s+(?P<year>\d{4}))?(?![a-z])",
        b_holiday,
    ),
]


@dataclass(frozen=True)
class Rule:
    """A compiled rule: ``scan`` finds the core; ``full`` (with hedge prefix) is tried where one precedes it."""

    name: str
    scan: re.Pattern[str]
    full: re.Pattern[str] | None
    build: Builder
    gate: frozenset[str]
    # How far before its trigger token a match can begin (characters).
    left: int
    # ``scan`` lower-cased and case-sensitive, run over the lower-cased text: the same matches
    # at 2-3x the speed (IGNORECASE makes every literal comparison fold case).
    lower: re.Pattern[str]


def _lower_pattern(pattern: str) -> str:
    """``pattern`` with its literals lower-cased; escapes and group names left alone."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : close + 1])
            i = close + 1
            continue
        out.append(char.lower())
        i += 1
    return "".join(out)


def _compile(name: str, pattern: str, builder: Builder) -> Rule:
    # Scanning with the prefix alternation at every position is slow; scan for the core
    # (starting at a word boundary) and only try the prefixed pattern where a prefix precedes.
    core = pattern.replace(PRE, "(?P<pre>)", 1) if pattern.startswith(PRE) else pattern
    core = r"(?<![A-Za-z0-9])" + core if not core.startswith("(?<") else core
    scan = re.compile(core, re.IGNORECASE)
    full = re.compile(pattern, re.IGNORECASE) if pattern.startswith(PRE) else None
    gate = set(GATES[name])
    gate |= {word + "s" for word in gate if word.isalpha()}
    left = LEFT_REACH.get(name, DEFAULT_LEFT_REACH)
    return Rule(name, scan, full, builder, frozenset(gate), left, re.compile(_lower_pattern(core)))


_MON_GATE = set(lx.MONTHS)
_WD_GATE = {w for w in lx.WEEKDAYS if len(w) > 4}
_UNIT_GATE = {*lx.UNITS, "centuries"}
# A rule only runs on a stretch of text containing one of its trigger tokens (numbers below).
GATES: dict[str, set[str]] = {
    "iso": {"#4"}, "dashed": _MON_GATE, "ymd_slash": {"#4"}, "numeric": {"#/"}, "month_day": _MON_GATE, "day_month": _MON_GATE, "month_year": _MON_GATE, "month_rel_year": _MON_GATE, "year_poss_month": _MON_GATE,
    "month": _MON_GATE, "day_range": _MON_GATE, "day_range2": _MON_GATE, "month_range": _MON_GATE, "nth_week": _MON_GATE, "year_range": {"#4"}, "year": {"#4"},
    "year_bc": {"bc", "bce", "b"}, "year_ad": {"ad", "d"}, "spoken_year": {"nineteen", "eighteen", "twenty", "thousand"},
    "decade": {"#4", "'", *_DECADE_WORDS}, "century": {"century"}, "season": set(lx.SEASONS),
    "quarter": {"quarter"}, "year_quarter": {"quarter", "period"}, "quarter_q": {"q"}, "weekday": _WD_GATE, "weekday_set": _WD_GATE,
    "deictic": {"today", "yesterday", "tomorrow", "tonight", "night", "overnight"},
    "part_of_day": {"morning", "afternoon", "evening", "night"}, "time_ampm": {"am", "pm", "m"},
    "time_24": {":"}, "time_clock": {"clock"}, "time_daypart": {"morning", "afternoon", "evening", "night"},
    "time_special": {"noon", "midday", "midnight"}, "time_military": {"#4", "gmt", "utc", "z", "hrs", *(t.lower() for t in lx.TIMEZONES)}, "part_of_date": {"morning", "afternoon", "evening", "night", "overnight"},
    "relative": {"week", "weekend", "month", "year", "quarter", "decade", "century", "day", "night"},
    "offset": {"ago", "earlier", "later", "before", "after", "now", "hence", "previously", "back", "prior"},
    "offset_in": {"time", "now"}, "offset_dated": {"before", "after"}, "year_ago": {"ago", "earlier"}, "period": {"period"}, "vague_duration": {"while", "time"}, "part_of_day_mod": {"morning", "afternoon", "evening"}, "unit_before": {"before", "after", "earlier", "later", "prior"}, "year_end": {"end"}, "duration": _UNIT_GATE, "long": {"long"}, "old": {"old"}, "short_span": {"hour", "minute", "day"}, "weekends": {"weekends"},
    "bare_units": _UNIT_GATE, "set_words": set(lx.SETS), "future_units": {"coming", "upcoming", "future"}, "units_around": {"days", "weeks", "months", "day", "week", "month"},
    "long_word": {"daylong", "nightlong", "weeklong", "monthlong", "yearlong", "decadelong", "hourlong"},
    "nine_eleven": {"#/"}, "week_of": {"week"}, "units_per": {"hours", "days", "nights", "weeks", "months"}, "day_of_month": {"st", "nd", "rd", "th"}, "day_ordinal": {"day"}, "set_every": {"every", "each"},
    "vague": {k.split()[-1] for k in lx.VAGUE},
    "holiday": {
        "christmas", "new", "halloween", "valentine", "thanksgiving", "easter", "boxing", "good", "palm", "black",
        "ash", "election", "labor", "labour", "memorial", "veterans", "remembrance", "armistice", "st", "mother",
        "father",
    },
}  # fmt: skip
# "#4" is a run of exactly four digits, "#/" one or two digits before "/" or "." (other numbers
# trigger nothing), "'" an apostrophe before "90s".

# How far (in characters) before the start of its trigger token a rule's match can begin,
# read off each pattern with room for extra spaces; the scanner only tries the word starts in
# that stretch. Rules not listed get the default: the duration rule ("the twenty-five to
# thirty-five consecutive days" is 43 characters before "days").
DEFAULT_LEFT_REACH = 60
LEFT_REACH: dict[str, int] = {
    "iso": 0, "numeric": 0, "ymd_slash": 0, "year_range": 0, "month_year": 0, "day_range2": 0,
    "weekday_set": 0, "holiday": 0, "bare_units": 0, "set_every": 0, "quarter_q": 0,
    "time_military": 10, "year_ad": 4, "dashed": 6, "decade": 8, "year": 12, "year_bc": 10,
    "month": 16, "month_rel_year": 14, "year_poss_month": 14, "month_day": 16, "weekday": 20, "day_month": 32,
    "day_range": 40, "month_range": 16, "nth_week": 48, "relative": 32, "quarter": 44, "year_quarter": 40,
    "deictic": 20, "vague": 22, "part_of_day": 20, "year_ago": 26, "unit_before": 16,
    "offset": 45, "offset_dated": 45, "offset_in": 40, "long": 14, "old": 14, "short_span": 20, "weekends": 0, "spoken_year": 14,
    "century": 24, "season": 20, "time_ampm": 12, "time_24": 4, "time_clock": 12,
    "time_daypart": 18, "time_special": 0, "part_of_date": 8, "part_of_day_mod": 14,
    "vague_duration": 14, "period": 36, "units_around": 8, "long_word": 0, "nine_eleven": 0, "week_of": 4, "units_per": 24, "day_of_month": 22, "set_words": 12, "day_ordinal": 24, "future_units": 8, "year_end": 10,
}  # fmt: skip


# Hedges that only make sense on a length of time ("over the weekend" is not "more than").
DURATION_RULES = frozenset({"duration", "long", "bare_units", "offset"})
DATE_PREFIXES = frozenset(
    {
        *lx.PART_MODS,
        "about",
        "around",
        "approximately",
        "roughly",
        "circa",
        "c",
        "ca",
        "c.",
        "ca.",
        "nearly",
        "just",
        "end",  # "end-March", "start-2014" (the lexicon has them only with the hyphen)
        "start",
    }
)
PRE_TAIL = re.compile(rf"(?<![A-Za-z])(?:{_PRE_WORDS})(?:(?<=-)|\s+|-)$", re.IGNORECASE)
COMPILED: list[Rule] = [_compile(*rule) for rule in RULES]
