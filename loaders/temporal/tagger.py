"""Find and resolve English temporal expressions in raw text."""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime

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
    if mode == "auto":
        mode = guess_mode(text, reference)
    candidates: list = []
    positions = _token_positions(text)
    present = positions.keys()
    windows_for: dict[frozenset[str], list[tuple[int, int]]] = {}
    for rule in COMPILED:
        triggers = frozenset(rule.gate & present)
        if not triggers:
            continue
        windows = windows_for.get(triggers)
        if windows is None:  # several rules share trigger sets (all the digit rules)
            windows = _windows(text, sorted(p for t in triggers for p in positions[t]))
            windows_for[triggers] = windows
        for low, high in windows:
            _scan(rule, text, low, high, candidates)
    chosen = _select(candidates)
    ctx = Context(text=text, reference=reference, mode=mode)
    timexes: list[Timex] = []
    taken_until = 0
    for _, _, _, resolver in chosen:
        result = resolver(ctx)
        if result is None:
            continue
        hits = result if isinstance(result, list) else [result]
        for hit in hits:
            timex = _to_timex(hit, text)
            if timex is None or timex.start < taken_until:
                continue
            timexes.append(timex)
            taken_until = timex.end
            if timex.span_start is not None and timex.type in ("DATE", "TIME"):
                ctx.anchor, ctx.anchor_precision = timex.span_start, timex.precision
    return timexes


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
_TOKEN = re.compile(r"(?<![a-z])" + _trie_pattern(_GATE_WORDS) + r"(?![a-z])|\d+|:")
# Every rule's match contains one of its trigger tokens, and no match is longer than this
# on either side of it; scanning only these windows keeps long documents fast.
_REACH = 70
_WORD_END = re.compile(r"[^0-9A-Za-z]")


def _token_positions(text: str) -> dict[str, list[int]]:
    """Where each lower-cased word occurs ("#" stands for any number)."""
    positions: dict[str, list[int]] = {}
    for match in _TOKEN.finditer(text.lower()):
        token = match.group()
        key = "#" if token[0].isdigit() else token
        positions.setdefault(key, []).append(match.start())
    return positions


def _windows(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Merged [low, high) windows around trigger positions, ending on word boundaries."""
    windows: list[list[int]] = []
    for position in starts:
        if windows and position - _REACH <= windows[-1][1]:
            windows[-1][1] = position + _REACH
        else:
            windows.append([position - _REACH, position + _REACH])
    size = len(text)
    result = []
    for low, high in windows:
        end = _WORD_END.search(text, min(size, high)) if high < size else None
        result.append((max(0, low), end.start() if end else size))
    return result


def _scan(rule: Rule, text: str, low: int, high: int, candidates: list) -> None:
    for match in rule.scan.finditer(text, low, high):
        if match.end() == match.start():
            continue
        if rule.full is not None and match.start() > 0:
            # A hedge or part word in front ("nearly", "the end of") joins the expression.
            prefix = PRE_TAIL.search(text, max(0, match.start() - 30), match.start())
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
        if resolver is not None:
            candidates.append((match.start(), match.end(), _PRIORITY[rule.name], resolver))


def _norm(words: str) -> str:
    return re.sub(r"\s+", " ", words.lower()).strip(" -")


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


def _to_timex(hit: Hit, text: str) -> Timex | None:
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
        text=text[start:end],
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
