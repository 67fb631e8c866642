"""Event triggers: a lexicon (``event_types.csv``) mapping words to ACLED types and CAMEO codes.

A trigger is a lemma ("talk", "bombing") or a phrase of lemmas ("suicide attack",
"take over"), optionally limited to a part of speech. Reporting verbs ("said",
"reported", "added") are not in the lexicon: they are never events by themselves.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_CSV = Path(__file__).parent / "event_types.csv"
REPORTING_VERBS = frozenset(
    {
        "say", "report", "add", "tell", "quote", "explain", "state", "note", "confirm", "insist",
        "cite", "write", "according", "accord", "claim", "believe", "think", "know", "mention", "reveal",
        "describe", "ask", "reply", "respond", "told", "stress", "emphasise", "emphasize",
    }
)  # fmt: skip


@dataclass(frozen=True)
class EventKind:
    """What a trigger means: a short label for titles, ACLED type/sub-type, CAMEO code."""

    label: str
    event_type: str
    sub_event_type: str
    cameo: str
    weight: int
    pos: str = ""


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a sentence: token range ``[start, end)`` (doc indices), head token index."""

    start: int
    end: int
    head: int
    kind: EventKind
    text: str


@cache
def lexicon() -> dict[tuple[str, ...], EventKind]:
    """Lemma tuple -> kind, read once from the CSV."""
    table: dict[tuple[str, ...], EventKind] = {}
    with LEXICON_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = tuple(row["trigger"].lower().split())
            table[key] = EventKind(
                label=row["label"],
                event_type=row["event_type"],
                sub_event_type=row["sub_event_type"],
                cameo=row["cameo"],
                weight=int(row["weight"]),
                pos=row["pos"],
            )
    return table


@cache
def _max_len() -> int:
    return max(len(k) for k in lexicon())


def lemma(token: Any) -> str:
    """The token's lemma in lower case; without a lemmatizer, a crude plural strip."""
    # Each attribute read once; a token with its own tag shows the document is tagged without
    # Doc.has_annotation's walk (1.5 us, once for most tokens of every sentence).
    lemma_, word = token.lemma_, token.text
    if lemma_ and lemma_ != word:
        return lemma_.lower()
    text = token.lower_
    if lemma_ == word and (token.tag or token.doc.has_annotation("TAG")):
        return text
    # No lemmatizer (fallback pipeline): "talks" -> "talk", "bombings" -> "bombing".
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e")):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            stem = text[: -len(suffix)] + repl
            if (stem,) in lexicon():
                return stem
    return text


def _pos_ok(kind: EventKind, token: Any) -> bool:
    if not kind.pos or not token.pos_:
        return True
    if kind.pos == "NOUN":
        return token.pos_ in ("NOUN", "PROPN")
    if kind.pos == "VERB":
        return token.pos_ in ("VERB", "AUX")
    return token.pos_ == kind.pos


PEOPLE = frozenset(
    {"prisoner", "detainee", "captive", "hostage", "militant", "fighter", "soldier", "member", "supporter",
     "people", "man", "woman", "suspect", "commander", "leader", "official", "journalist", "worker",
     "civilian", "child", "student", "activist", "inmate", "policeman", "officer", "guard",
     "he", "she", "they"}
)  # fmt: skip


def _releases_people(head: Any) -> bool:
    """A release is a prisoner release only when people are released ("released a report" is not)."""
    if not head.doc.has_annotation("DEP"):
        return True
    related = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass", "prep")]
    if head.dep_ in ("acl", "relcl") or head.head.lemma_.lower() in PEOPLE:
        related.append(head.head)
    words = {lemma(t) for c in related for t in c.subtree} | {lemma(head.head)}
    return bool(words & PEOPLE)


def find_triggers(sent: Any) -> list[Trigger]:
    """Every lexicon trigger in a sentence span, longest match first, no overlaps."""
    table = lexicon()
    tokens = list(sent)
    lemmas = [lemma(t) for t in tokens]
    found: list[Trigger] = []
    i = 0
    while i < len(tokens):
        match = None
        for n in range(min(_max_len(), len(tokens) - i), 0, -1):
            key = tuple(lemmas[i : i + n])
            if n > 1 and key not in table:
                # Phrases match on surface words too ("suicide attacks" lemmatises fine,
                # but "exchanged fire" needs the verb's lemma only).
                continue
            kind = table.get(key)
            if kind is None:
                continue
            # The head of a phrase: the first token for verbs ("take over"), the last for nouns.
            head = tokens[i] if kind.pos == "VERB" else tokens[i + n - 1]
            if n > 1 and kind.pos != "VERB" and "of" in key and sent.doc.has_annotation("DEP"):
                head = sent.doc[tokens[i].i : tokens[i + n - 1].i + 1].root  # "state of emergency"
            if (
                _pos_ok(kind, head)
                and head.ent_type_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP")
                and (kind.cameo != "0841" or _releases_people(head))
            ):
                match = Trigger(
                    tokens[i].i,
                    tokens[i + n - 1].i + 1,
                    head.i,
                    kind,
                    sent.doc[tokens[i].i : tokens[i + n - 1].i + 1].text,
                )
                break
        if match:
            found.append(match)
            i += match.end - match.start
        else:
            i += 1
    return found
