"""Find and resolve English temporal expressions in raw text."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from datetime import date, datetime, timedelta

from loaders.temporal import lexicon as lx
from loaders.temporal.anchoring import MODES, Context, as_datetime, guess_mode
from loaders.temporal.calendar import value_span
from loaders.temporal.rules import COMPILED, DATE_PREFIXES, DURATION_RULES, PRE_TAIL, Hit, Rule
from loaders.temporal.timex import Timex

# Rules listed first win ties between candidates of the same length.
_PRIORITY = {rule.name: i for i, rule in enumerate(COMPILED)}


def tag(
    text: str,
    *,
    reference_date: date | datetime | str,
    mode: str = "news",
    lang: str = "en",
) -> list[Timex]:
    """Temporal expressions in ``text``, sorted by start and non-overlapping.

    ``mode``: "news" anchors deictic expressions ("last month") to ``reference_date``;
    "narrative" anchors them to the latest date the text established; "auto" decides.
    ``lang`` other than "en" finds absolute dates through dateparser (see ``multilingual``).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    reference = as_datetime(reference_date)
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    if lang != "en":
        from loaders.temporal.multilingual import tag_foreign

        return tag_foreign(text, reference=reference, lang=lang)
    original = text
    text = text.translate(_SAME_LENGTH_PUNCTUATION)
    if mode == "auto":
        mode = guess_mode(text, reference)
    chosen = _select(_candidates(text))
    ctx = Context(text=text, reference=reference, mode=mode)
    timexes: list[Timex] = []
    taken_until = 0
    for _, _, _, resolver in chosen:
        try:
            result = resolver(ctx)
        except (OverflowError, ValueError):
            # Calendar arithmetic past year 1 or 9999 ("Friday" written on 0001-01-01): no date.
            continue
        if result is None:
            continue
        hits = result if isinstance(result, list) else [result]
        for hit in hits:
            timex = _to_timex(hit, text, original)
            if timex is None or timex.start < taken_until:
                continue
            timexes.append(timex)
            taken_until = timex.end
            if timex.span_start is not None and timex.type in ("DATE", "TIME"):
                # "By the end of the year ... in January": the story has reached the year's
                # last days, so what follows comes after them.
                at_end = timex.mod == "END" and timex.span_end is not None
                ctx.anchor = timex.span_end - timedelta(days=1) if at_end else timex.span_start
                if "T24" in timex.value:  # midnight ends its day: the story is still on that day
                    ctx.anchor -= timedelta(hours=1)
                ctx.anchor_precision = timex.precision
                ctx.anchor_is_dct = timex.anchor == "dct"
    return timexes


# Web text writes hyphens, spaces and apostrophes as other characters ("fourth\u2011quarter",
# "March\u00a021", "Sunday\u2019s"); the rules see them as the ASCII ones. One character for one,
# so offsets into the original text stay right.
_SAME_LENGTH_PUNCTUATION = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
     "\u2019": "'", "\u2018": "'"}
)  # fmt: skip


def _candidates(text: str) -> list:
    """(start, end, priority, resolver) for every rule match near one of the rule's trigger words."""
    candidates: list = []
    lowered = _lower(text)
    positions = _token_positions(lowered)
    triggered: dict[int, list[str]] = {}
    for word in positions:
        for index in _RULES_FOR[word]:
            triggered.setdefault(index, []).append(word)
    starts = _starts(lowered, positions)
    windows_for: dict[tuple[frozenset[str], int], list[tuple[list[int], int]]] = {}
    for index in sorted(triggered):
        rule = COMPILED[index]
        triggers = frozenset(triggered[index])
        windows = windows_for.get((triggers, rule.left))
        if windows is None:  # several rules share trigger sets (the digit rules, the month rules)
            at = sorted(p for t in triggers for p in positions[t])
            windows = _windows(lowered, starts, at, rule.left)
            windows_for[triggers, rule.left] = windows
        for starts_here, high in windows:
            _scan(rule, text, lowered, starts_here, high, candidates)
    return candidates


def _candidates_exhaustive(text: str) -> list:
    """The same as ``_candidates`` by trying every rule at every position (slow; for tests)."""
    candidates: list = []
    lowered = _lower(text)
    starts = list(range(len(text)))
    for rule in COMPILED:
        _scan(rule, text, lowered, starts, len(text), candidates)
    return candidates


# Only words some rule is gated on matter: finding just those (and numbers, and ":") is
# several times faster than splitting the whole text into words.
def _trie_pattern(words: set[str]) -> str:
    """One regex alternation shaped as a trie (Python's re tries alternatives one by one)."""
    branches: dict[str, set[str]] = {}
    ends = False
    for word in words:
        if word:
            branches.setdefault(word[0], set()).add(word[1:])
        else:
            ends = True
    if not branches:
        return ""
    parts = [re.escape(first) + _trie_pattern(rest) for first, rest in sorted(branches.items())]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body


_GATE_WORDS = {w for rule in COMPILED for w in rule.gate if w.isalpha()}
# A gate word after a non-letter (the text gets a space in front). Consuming that character
# instead of looking behind lets the regex engine skip along to the next non-letter quickly.
_GATE_WORD = re.compile(r"[^a-z](" + _trie_pattern(_GATE_WORDS) + r")(?![a-z])")
# Numbers, ":" and the "'" of "'90s"; the leading character class again lets the engine skip.
_GATE_SIGN = re.compile(r"[\d:'](?:(?<=\d)\d*|(?<=:)|(?<=')(?=\d0s))")
_RULES_FOR: dict[str, tuple[int, ...]] = defaultdict(tuple)
_LEFT_FOR: dict[str, int] = defaultdict(int)  # the longest reach of the rules a word triggers
for _index, _rule in enumerate(COMPILED):
    for _word in _rule.gate:
        _RULES_FOR[_word] += (_index,)
        _LEFT_FOR[_word] = max(_LEFT_FOR[_word], _rule.left)
# Every rule's match contains one of its trigger tokens, starts at most ``rule.left``
# characters before it and ends at most _REACH after. Trying a rule only at the word starts
# in front of its triggers, instead of scanning whole windows, keeps long documents fast.
_REACH = 70
# The last word of every hedge or part phrase ("nearly", "the end of", "mid-"): a prefix can only
# join where the word before the match is one of them.
_PRE_LAST_WORDS = frozenset(w.lower().replace("-", " ").split()[-1] for w in (*lx.APPROX_MODS, *lx.PART_MODS))
_WORD_END = re.compile(r"[^0-9a-z]")
# Where a match can begin: a run of letters or digits, or the "'" of "'90s".
_STARTS = re.compile(r"[a-z]+|\d+|'")


def _lower(text: str) -> str:
    """``text`` lower-cased character by character, so that offsets stay the same."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case to two ("İ"); those stay as they are.
    return "".join(low if len(low) == 1 else char for char in text for low in (char.lower(),))


def _token_positions(lowered: str) -> dict[str, list[int]]:
    """Where each gate word of the lower-cased text occurs ("#4": a four-digit number, "#/": one or
    two digits before "/" or ".")."""
    positions: dict[str, list[int]] = {}
    for match in _GATE_WORD.finditer(" " + lowered):
        positions.setdefault(match.group(1), []).append(match.start())  # start(1) - 1 for the space
    for match in _GATE_SIGN.finditer(lowered):
        token = match.group()
        if token[0].isdigit():
            if len(token) == 4:
                key = "#4"
            elif len(token) <= 2 and lowered.startswith(("/", ".", "-"), match.end()):
                key = "#/"  # "5/11/2021", "5.11.2021", "05-11-2021"
            else:
                continue  # amounts, counts, prices: no rule starts there
        else:
            key = token
        positions.setdefault(key, []).append(match.start())
    return positions


def _starts(lowered: str, positions: dict[str, list[int]]) -> list[int]:
    """Sorted word starts in every stretch where some rule may begin a match."""
    stretches = sorted((p - _LEFT_FOR[word], p) for word, found in positions.items() for p in found)
    starts: list[int] = []
    low, high = -1, -1
    for begin, end in stretches:
        if begin > high + 1:
            if high >= 0:
                starts += [m.start() for m in _STARTS.finditer(lowered, max(0, low), high + 1)]
            low = begin
        high = max(high, end)
    if high >= 0:
        starts += [m.start() for m in _STARTS.finditer(lowered, max(0, low), high + 1)]
    return starts


def _windows(lowered: str, starts: list[int], triggers: list[int], left: int) -> list[tuple[list[int], int]]:
    """(possible match starts, end limit) for each run of nearby trigger positions."""
    groups: list[list[int]] = []
    for position in triggers:
        if groups and position - left <= groups[-1][1] + 1:
            groups[-1][1] = position
        else:
            groups.append([position - left, position])
    size = len(lowered)
    result = []
    word_ends: list[int] | None = None
    for low, last in groups:
        here = starts[bisect.bisect_left(starts, low) : bisect.bisect_right(starts, last)]
        high = last + _REACH
        if high >= size:
            result.append((here, size))
            continue
        # The window ends with the word it reaches into. Text that lost its spaces (a PDF's) has
        # words of thousands of letters: past a short look, the word ends are listed once for the
        # whole text, so many windows do not each search to the same far end.
        end = _WORD_END.search(lowered, high, high + 256)
        if end is not None:
            result.append((here, end.start()))
            continue
        if word_ends is None:
            word_ends = [m.start() for m in _WORD_END.finditer(lowered)]
        index = bisect.bisect_left(word_ends, high)
        result.append((here, word_ends[index] if index < len(word_ends) else size))
    return result


def _scan(rule: Rule, text: str, lowered: str, starts: list[int], high: int, candidates: list) -> None:
    taken_until = -1
    lower, scan = rule.lower, rule.scan
    for at in starts:
        if at < taken_until or lower.match(lowered, at, high) is None:
            continue
        # Found on the lower-cased text; matched again on the original so builders see its case.
        match = scan.match(text, at, high)
        if match is None or match.end() == match.start():
            continue
        core = match
        if rule.full is not None and at > 0:
            # A hedge or part word in front ("nearly", "the end of") joins the expression.
            prefix = _prefix(text, lowered, at)
            if prefix is not None:
                longer = rule.full.match(text, prefix.start(), high)
                if (
                    longer is not None
                    and longer.end() >= match.end()
                    and longer.group("pre")
                    and (rule.name in DURATION_RULES or _norm(longer.group("pre")) in DATE_PREFIXES)
                    and not (
                        _norm(longer.group("pre")) in ("over", "under")
                        and match.group().lower().startswith("the ")
                    )
                ):
                    match = longer
        resolver = rule.build(match, text)
        if resolver is None and match is not core:
            # The hedge made no sense here ("talked about recent losses"): the core alone may.
            match = core
            resolver = rule.build(match, text)
        if resolver is not None:
            taken_until = match.end()
            candidates.append((match.start(), match.end(), _PRIORITY[rule.name], resolver))
        else:
            # Refused ("that Tuesday" after "said"): a later word start may still begin a match.
            taken_until = at + 1


def _prefix(text: str, lowered: str, at: int) -> re.Match[str] | None:
    """The hedge or part words ending just before ``at``, if any (PRE_TAIL, checked cheaply)."""
    tail = lowered[max(0, at - 16) : at]
    if not (tail[-1:].isspace() or tail[-1:] == "-"):
        return None
    words = tail.replace("-", " ").split()
    if not words or words[-1] not in _PRE_LAST_WORDS:
        return None
    return PRE_TAIL.search(text, max(0, at - 30), at)


def _norm(words: str) -> str:
    return " ".join(words.lower().split()).strip(" -")


def _select(candidates: list) -> list:
    """Longest candidates first; drop any that overlap one already taken; return in text order."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    starts: list[int] = []  # sorted starts of taken spans, with their ends alongside
    ends: list[int] = []
    taken: list = []
    for cand in candidates:
        start, end = cand[0], cand[1]
        i = bisect.bisect_left(starts, end)
        # Only the taken span starting just before ``end`` can overlap (taken spans are disjoint).
        if i > 0 and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        taken.append(cand)
    taken.sort(key=lambda c: c[0])
    return taken


def _to_timex(hit: Hit, text: str, original: str) -> Timex | None:
    start, end = hit.start, hit.end
    # Trim whitespace and trailing commas so that text == text[start:end] reads cleanly.
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    while start < end and text[start] in " \t\n":
        start += 1
    if end <= start:
        return None
    span_start = span_end = precision = None
    if hit.type in ("DATE", "TIME"):
        span_start, span_end, precision = value_span(hit.value)
        if span_start is None or span_end is None:
            span_start = span_end = precision = None
    return Timex(
        start=start,
        end=end,
        text=original[start:end],
        type=hit.type,
        value=hit.value,
        mod=hit.mod,
        span_start=span_start,
        span_end=span_end,
        precision=precision,
        anchor=hit.anchor,
        quant=hit.quant,
        freq=hit.freq,
    )
