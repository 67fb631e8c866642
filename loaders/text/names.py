"""Names a report defines or uses in passing: acronyms spelled out in the text, operation names.

Reports introduce a group once in full and then use its acronym ("the Bangsamoro
Islamic Freedom Fighters (BIFF) ... BIFF gunmen"). Our actor table cannot list
every small group, so the text's own definition folds the acronym into the full
name. Military operations carry names ("Operation Zarb-e-Azb") that the small
model tags as organisations; they name a campaign, not a party to it.
"""

from __future__ import annotations

import re
from typing import Any

# "Full Name of the Group (FNG)": the acronym in brackets right after its long form.
_ACRONYM = re.compile(r"\((?P<acronym>[A-Z][A-Za-z&\-]{1,9})\)")
_REACH = 160  # characters before the bracket that may hold the long form
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
# Words an acronym may skip ("Islamic State of Iraq and Syria" is ISIS).
_SKIPPABLE = frozenset(
    {"of", "the", "and", "for", "in", "on", "al", "wal", "el", "de", "del", "i", "e", "ul", "a"}
)
# Prefixes joined by a hyphen that an acronym usually skips ("al-Islam" gives I).
_PREFIXES = ("al-", "el-", "wal-", "ul-", "e-", "i-", "ad-", "ash-", "as-", "ar-")
_MAX_WORDS = 10


def _parts(word: str) -> list[str]:
    """The pieces of a word an acronym may take initials from ("Tehrik-i-Taliban" -> 3)."""
    lowered = word.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix) and len(word) > len(prefix):
            return [word[len(prefix) :]]
    return [p for p in word.split("-") if p]


def _spells(words: list[str], letters: str) -> bool:
    """Whether the initials of ``words`` spell ``letters``, skipping function words."""

    def walk(i: int, j: int, pieces: list[str]) -> bool:
        if j == len(letters):
            return i == len(pieces)
        if i == len(pieces):
            return False
        piece = pieces[i]
        if piece[0].lower() == letters[j].lower() and walk(i + 1, j + 1, pieces):
            return True
        return piece.lower() in _SKIPPABLE and walk(i + 1, j, pieces)

    pieces = [p for w in words for p in _parts(w)]
    return bool(pieces) and pieces[0][0].isupper() and walk(0, 0, pieces)


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronym -> the long form the text spells it out as, for every "Long Form (LF)".

    The long form is the shortest run of words just before the bracket whose
    initials spell the acronym's capitals; a bracket that is not such an acronym
    ("(AP)", "(Reuters)", a place) gives nothing. The first definition wins.
    """
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        acronym = m.group("acronym")
        letters = "".join(c for c in acronym if c.isupper())
        if len(letters) < 2 or acronym in found:
            continue
        # The long form stays on its line and outside other brackets.
        before = text[max(0, m.start() - _REACH) : m.start()]
        cut = max(before.rfind("\n"), before.rfind("("), before.rfind(")"))
        words = _WORD.findall(before[cut + 1 :])[-_MAX_WORDS:]
        for k in range(1, len(words) + 1):
            run = words[-k:]
            if run[0].lower() in _SKIPPABLE:
                continue
            if _spells(run, letters):
                found[acronym] = " ".join(run).strip(" ,.'\u2019")
                break
    return found


_OPERATION_WORDS = frozenset({"operation", "operations", "op."})
_NAMING_WORDS = frozenset({"dubbed", "codenamed", "code-named", "named", "called"})
_CAMPAIGN_WORDS = frozenset({"operation", "offensive", "counteroffensive", "campaign", "mission", "assault"})
# Tokens that may stand between "Operation" and the name ("Operation 'Volcano of Anger'").
_NAME_GLUE = frozenset({"of", "the", "'", '"', "-", "al", "e", "ul", ","})


def is_operation_name(doc: Any, ent: Any) -> bool:
    """Whether an entity is the name of a military operation, not an organisation.

    "Operation Zarb-e-Azb", "the Radd-ul-Fasaad operation", "a counter-offensive,
    dubbed Volcano of Anger": the word "operation" opens the name or follows it, with
    only names and joining words in between, or the campaign is "dubbed" the name.
    """
    if ent.text.split(" ", 1)[0].lower() in _OPERATION_WORDS:
        return True
    sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
    i = ent.start - 1
    steps = 0
    while i >= sent_start and steps < 5:
        token = doc[i]
        if token.lower_ in _OPERATION_WORDS:
            return True
        if token.lower_ in _NAMING_WORDS:
            # "a counter-offensive, dubbed Volcano of Anger": a name given to a campaign.
            return any(
                doc[j].lower_.split("-")[-1] in _CAMPAIGN_WORDS for j in range(max(sent_start, i - 3), i)
            )
        if not (token.is_title or token.lower_ in _NAME_GLUE or token.is_quote):
            break
        i -= 1
        steps += 1
    after = ent.end
    return after < len(doc) and doc[after].lower_ in _OPERATION_WORDS
