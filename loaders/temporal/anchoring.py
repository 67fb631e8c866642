"""Which date a relative expression is resolved against: tense guessing, news vs narrative mode."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

MODES: tuple[str, ...] = ("news", "narrative", "auto")

# Words that put the nearest event in the future or the past. "-ed" words are past unless listed.
_FUTURE_WORDS = frozenset(
    [
        "will",
        "shall",
        "won't",
        "'ll",
        "going",
        "expected",
        "scheduled",
        "would",
        "upcoming",
        "must",
        "should",
        "deadline",
        "expires",
        "ahead",
        "soon",
        "coming",
        "next",
        "to-be",
        "begins",
        "opens",
        "reopens",
        "resumes",
        "meets",
        "convenes",
        "travels",
        "visits",
        "arrives",
        "hosts",
        "votes",
        "starts",
        "tomorrow",
        "proposed",
        "slated",
        "poised",
        "effective",
    ]
)
_PAST_WORDS = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "ago",
        "last",
        "earlier",
        "been",
        "since",
        "began",
        "fought",
        "led",
        "fell",
        "won",
        "lost",
        "met",
        "left",
        "held",
        "told",
        "saw",
        "gave",
        "got",
        "found",
        "broke",
        "struck",
        "shot",
        "rose",
        "sent",
        "spent",
        "became",
        "brought",
        "built",
        "ran",
        "drove",
        "flew",
        "fled",
        "took",
        "came",
        "went",
        "made",
        "killed",
        "yesterday",
        "previously",
        "recently",
        "seized",
        "hit",
        "overran",
        "blew",
        "sank",
        "slew",
        "wrote",
        "spoke",
        "chose",
        "drew",
        "withdrew",
        "began",
        "arose",
        "sought",
        "taught",
        "thought",
        "bought",
        "caught",
    ]
)
# Past-tense cue words that are not verbs (they cannot head a reduced relative clause).
_PAST_NOT_VERBS = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "ago",
        "last",
        "earlier",
        "been",
        "since",
        "yesterday",
        "previously",
        "recently",
    ]
)
# Words ending in "-ed" that are not past-tense verbs.
_NOT_PAST_ED = frozenset(
    [
        "united",
        "based",
        "need",
        "indeed",
        "hundred",
        "red",
        "bed",
        "seed",
        "speed",
        "feed",
        "breed",
        "proceed",
        "exceed",
        "succeed",
        "alleged",
        "so-called",
        "armed",
        "embed",
        "shed",
        "deed",
        "heed",
        "reed",
        "weed",
    ]
)
_TENSE_REACH = 250
# Intention verbs point ahead only as "plans to", "hopes to" or passive "is planned".
_INTENT = frozenset(
    ["plan", "plans", "planning", "expects", "expect", "intend", "intends", "aims", "aim", "hopes", "hope"]
)
_MODALS = frozenset(["to", "will", "would", "could", "can", "may", "might", "should", "must", "not", "'ll"])
_LAST_VERB = re.compile(r"\s+(?:until|till|through|for|into|beyond|as\s+long|longer)\b", re.I)
_AHEAD_OF = re.compile(
    r"\b(?:will|'ll|shall|ahead\s+of|in\s+the\s+run-up\s+to|in\s+advance\s+of|to\s+attend|to\s+hold)"
    r"(?:\s+[a-z]+){0,3}\s+$",
    re.I,
)
_EXPECT = frozenset(["expects", "expect"])
_INTENT_PAST = frozenset(["planned", "intended", "hoped", "aimed", "expected"])
_BE = frozenset(["is", "are", "was", "were", "be", "been", "being", "'s"])
_REPORTING = frozenset(["said", "told", "added", "stated", "reported", "announced", "according", "noted"])
_AUXILIARIES = frozenset(
    [
        "be",
        "is",
        "are",
        "am",
        "being",
        "stay",
        "stays",
        "remain",
        "remains",
        "get",
        "gets",
        "become",
        "becomes",
    ]
)
_CUE = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z\"“])|\n\s*\n|\n(?=[A-Z])")
_YEAR = re.compile(r"(?<![\d$])(1[0-9]\d\d|20\d\d)(?!\d)")
# Report-date cues. A weekday named without a date after it ("said Tuesday", "on Friday")
# places the text in the week it was written; histories give the date ("Sunday, 9 May 1915"),
# and "every Thursday" is a SET, no cue.
_NEWS_CUES = re.compile(
    r"\b(?:yesterday|today|tomorrow|this week|last week|"
    r"(?<!every )(?<!each )(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"(?!,?\s+(?:the\s+)?\d|,?\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)))\b",
    re.IGNORECASE,
)


def as_datetime(reference: date | datetime | str) -> datetime:
    """The reference date as a naive datetime; strings are ISO dates ("2021-11-05")."""
    if isinstance(reference, datetime):
        return reference.replace(tzinfo=None)
    if isinstance(reference, date):
        return datetime(reference.year, reference.month, reference.day)
    if isinstance(reference, str):
        try:
            return as_datetime(datetime.fromisoformat(reference.strip()))
        except ValueError as err:
            raise ValueError(
                f"reference_date must be an ISO date like '2021-11-05'; got {reference!r}"
            ) from err
    raise TypeError(f"reference_date must be a date, datetime or ISO string; got {type(reference).__name__}")


# "Today it is a footbridge; ...": a present tense in the clause after "today" (before any
# punctuation) is the writer's own time, whatever past tense follows in the sentence.
PRESENT_CLAUSE = re.compile(
    r",?\s+(?:[A-Za-z'-]+\s+){0,4}?(?:is|are|has|have|remains?|stands?|lies|serves?)\b[^.;:!?]*",
    re.IGNORECASE,
)


def guess_mode(text: str, reference: datetime) -> str:
    """ "narrative" for histories (mostly explicit past years, no report-date cues), else "news"."""
    years = [int(y) for y in _YEAR.findall(text)]
    old = sum(1 for y in years if y <= reference.year - 3)
    # Two years are enough when both are old (a short history: "1744 ... 1802").
    if len(years) < 2 or (len(years) == 2 and old < 2):
        return "news"
    # A history told in order may end in the writer's present ("It was closed last year and
    # reopened on Tuesday"): cues after the last of four or more old years do not make it news.
    old_positions = [m.start() for m in _YEAR.finditer(text) if int(m.group()) <= reference.year - 3]
    present_after = old_positions[-1] if len(old_positions) >= 4 else len(text)
    for cue in _NEWS_CUES.finditer(text):
        # A history may end in the writer's present: "Today it is a footbridge."
        if cue.start() > present_after:
            continue
        if not (cue.group() == "Today" and old >= 3 and PRESENT_CLAUSE.match(text, cue.end())):
            return "news"
    return "narrative" if old / len(years) >= 0.6 else "news"


@dataclass
class Context:
    """Resolution state while walking a document's expressions in order."""

    text: str
    reference: datetime
    mode: str = "news"
    anchor: datetime | None = None
    anchor_precision: str | None = None
    # The last date came from the writer's own time ("last year", "today"): the text is back in
    # the present, so what follows without a pointer back ("reopened on Tuesday") is placed there.
    anchor_is_dct: bool = False
    last_quarter: int | None = None
    _bounds: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._bounds = [m.end() for m in _SENTENCE_END.finditer(self.text)]

    def base(self, *, anaphoric: bool = False, deictic_at: int | None = None) -> tuple[datetime, str]:
        """The date to resolve against and its name ("dct" or "narrative").

        ``deictic_at``: the expression (at that offset) points at the writer's own time
        ("today", "last year"); even a history means the time it was written, unless the
        words are quoted ("'Last year we lost the harvest,' he wrote in 1917").
        """
        if deictic_at is not None and not anaphoric and not self.quoted(deictic_at):
            return self.reference, "dct"
        if anaphoric and self.anchor is not None:
            return self.anchor, "narrative"
        if self.mode == "narrative" and self.anchor is not None and not self.anchor_is_dct:
            return self.anchor, "narrative"
        return self.reference, "dct"

    def quoted(self, position: int) -> bool:
        """Whether ``position`` lies inside quotation marks within its sentence."""
        low, _ = self.sentence(position, position)
        before = self.text[low:position]
        opening = before.count("“") + before.count("``")
        closing = before.count("”") + before.count("''")
        return opening > closing or before.count('"') % 2 == 1

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around [start, end)."""
        import bisect

        i = bisect.bisect_right(self._bounds, start)
        low = self._bounds[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self._bounds, end)
        high = self._bounds[j] if j < len(self._bounds) else len(self.text)
        return low, high

    def tense(self, start: int, end: int) -> str | None:
        """Guess "past" or "future" from the cue word nearest to [start, end) in its sentence."""
        low, high = self.sentence(start, end)
        # Tense cues are local: a long unpunctuated text must not make this quadratic.
        low, high = max(low, start - _TENSE_REACH), min(high, end + _TENSE_REACH)
        best: tuple[int, str] | None = None
        before_cue: tuple[int, str, str, int] | None = None
        before = self.text[max(low, start - 12) : start].lower()
        if re.search(r"\bsince\s*$", before):
            return "past"
        if _RESCHEDULED.search(self.text, max(low, start - 60), start):
            return "future"  # "was postponed to June", "has until Sunday": a new date ahead
        if self.text.startswith("'s ", end) and not re.search(r"\b(?:next|this|coming|upcoming)\s*$", before):
            # "Wednesday's ruling": a possessive date names an event already known, unless a
            # future word governs it ("will attend Saturday's summit", "ahead of Sunday's vote").
            if _AHEAD_OF.search(self.text, max(low, start - 40), start):
                return "future"
            return None
        previous = ""
        for m in _CUE.finditer(self.text, low, high):
            if best is not None and (m.start() - end) * 2 >= best[0]:
                break  # no later cue can be nearer than the best one so far
            word = m.group().lower()
            if start <= m.start() < end:
                previous = word
                continue
            kind = _classify(word)
            if word == "last" and (previous in _MODALS or _LAST_VERB.match(self.text, m.end())):
                kind = None  # "would last until June", "to last for weeks": the verb, not "last week"
            elif word in _INTENT:
                # "expects a loss in the fourth quarter": what one expects lies ahead, with or
                # without "to"; "plans a rally" is handled below.
                kind = "future" if self.text.startswith(" to ", m.end()) or word in _EXPECT else None
            elif (
                word in _INTENT_PAST
                and previous in _BE
                and (previous not in ("was", "were", "been") or self.text.startswith(" for ", m.end()))
            ):
                kind = "future"  # "the vote is planned for Tuesday"
            elif word == "due" and previous in ("is", "are", "'s"):
                kind = "future"  # "the president is due to speak on Monday"
            elif (
                (word in _INTENT_PAST or word == "set")
                and m.end() <= start  # "On Friday, the government planned to pay": the planning is past
                and self.text.startswith(" to ", m.end())
            ):
                kind = "future"  # "planned to leave on Thursday", "set to resume Monday"
            elif (
                word in ("planned", "planning", "plans")
                and m.end() <= start
                and re.match(r" an? ", self.text[m.end() : m.end() + 4])
            ):
                kind = "future"  # "protesters planned a rally on Saturday"
            # "will stay closed", "is expected", "to be held": an -ed form after an
            # auxiliary is a participle or adjective; the auxiliary carries the tense.
            elif kind == "past" and word not in _PAST_NOT_VERBS and previous in _AUXILIARIES:
                # irregular participles too: "will be held", "is being built"
                kind = None
            previous = word
            if kind is None:
                continue
            if word in _REPORTING and m.start() >= end and "," in self.text[end : m.start()]:
                continue  # "..., the ministry said": the reporting clause does not date the event
            if m.end() <= start:
                distance = start - m.end()
                if before_cue is None or distance < before_cue[0]:
                    before_cue = (distance, kind, word, m.end())
            else:
                # The verb a date modifies mostly comes before it: later cues count double.
                distance = (m.start() - end) * 2
            if best is None or distance < best[0]:
                best = (distance, kind)
        if best and best[1] == "future" and before_cue and _governs(self.text, before_cue, start):
            return "past"
        return best[1] if best else None


_RESCHEDULED = re.compile(
    r"(?:\b(?:postponed|delayed|deferred|extended|adjourned|pushed\s+back|rescheduled|put\s+off)"
    r"(?:\s+[a-z]+){0,3}?\s+(?:to|until|till)|\b(?:has|have)\s+until)\s+(?:the\s+|next\s+)?"
    r"(?:midnight\s+(?:on\s+)?|noon\s+(?:on\s+)?)?$",
    re.IGNORECASE,
)
_FORWARD_PREPOSITIONS = re.compile(r"\b(?:until|till|by|to|for|through|before|from)\s+(?:the\s+)?$", re.I)


def _governs(text: str, cue: tuple[int, str, str, int], start: int) -> bool:
    """Whether a past participle before the date governs it over a later future cue.

    "a curfew imposed in the city on Monday will remain": the date modifies "imposed"
    (a reduced relative clause), while "will" belongs to the main clause. Not when a
    comma intervenes or the date is a deadline ("postponed until Friday will...").
    """
    _, kind, word, cue_end = cue
    if kind != "past" or word in _REPORTING or word in _PAST_NOT_VERBS:
        return False
    between = text[cue_end:start]
    if "," in between or len(between.split()) > 6:
        return False
    return _FORWARD_PREPOSITIONS.search(between) is None


@lru_cache(maxsize=8192)
def _classify(word: str) -> str | None:
    if word in _FUTURE_WORDS or word.endswith("'ll"):
        return "future"
    if word in _PAST_WORDS:
        return "past"
    if len(word) >= 4 and word.endswith("ed") and word not in _NOT_PAST_ED:
        return "past"
    return None
