"""Actor and place mentions per sentence, with simple document-level coreference.

Mentions come from the entity ruler (our gazetteer, ``actor:``/``place:`` ids) and
from the model's PERSON/ORG entities (unknown names still become actors). Then:
a surname alone becomes the full name seen earlier; "the government" becomes the
government of the dateline country; "the two sides" the last pair named; "the
militants" the last armed group named; "his government" the organisation of the
last person named.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from events.actors import actor_info, canonical_actor
from loaders.text.gazetteer import Place, lookup_place
from loaders.text.nlp import NON_ACTOR_KINDS

ARMED_KINDS = frozenset({"rebel group", "political militia", "identity militia"})
_GOVERNMENT = re.compile(r"\b(?:the|this|that)\s+(?:federal\s+)?government\b", re.IGNORECASE)
_POSSESSIVE_GOVT = re.compile(r"\b(?:his|her)\s+government\b", re.IGNORECASE)
_TWO_SIDES = re.compile(
    r"\b(?:the\s+two\s+sides|both\s+sides|the\s+two\s+parties|both\s+parties)\b", re.IGNORECASE
)
# Definite only: "militants who lay down arms" is generic, "the militants" refers back.
_MILITANTS = re.compile(
    r"\b(?:the|these|those)\s+(?:militants|insurgents|fighters|terrorists)\b", re.IGNORECASE
)
_GROUP = re.compile(r"\bthe\s+(?:militant\s+)?(?:group|outfit|organisation|organization)\b", re.IGNORECASE)
_FORCES = re.compile(
    r"(?<!foot )\b(?:the\s+army|the\s+military|security\s+forces|troops|soldiers|the\s+armed\s+forces)\b",
    re.IGNORECASE,
)
_POLICE = re.compile(r"\b(?:police(?:men)?|policemen|the\s+police)\b", re.IGNORECASE)
_INTERACTION = re.compile(
    r"\b(?:talks?|negotiat\w*|agree\w*|understanding|truce|cease-?fire|deal|mediat\w*|meet\w*|"
    r"clash\w*|fight\w*|between)\b",
    re.IGNORECASE,
)
_LOCATIVE = frozenset({"in", "at", "near", "across", "outside", "inside", "into", "from", "around", "within"})
# Model entities that are never actors (titles, generic words the small model tags).
_NOT_ACTORS = frozenset({"shariah", "sharia", "islam", "covid-19", "quran", "eid", "ramadan"})
_TITLES = re.compile(
    r"^(?:prime\s+minister|president|minister|general|gen\.|lt\.?\s*gen\.?|major|col\.?|colonel|mr\.?|"
    r"mrs\.?|ms\.?|dr\.?|mufti|maulana|mullah|sheikh|commander|chief|spokesman|spokesperson)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """An actor named in the text: canonical name, kind, and where (chars and tokens)."""

    name: str
    kind: str
    start: int
    end: int
    token_start: int
    token_end: int
    resolved: str = ""
    """How a pronoun-like phrase was resolved ("coreference"), empty for names."""


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text, with whether it is a possessive modifier ("Afghanistan's")."""

    place: Place
    start: int
    end: int
    token_start: int
    possessive: bool = False
    locative: bool = False
    """Introduced by "in", "at", "near"...: where something happened, not whose."""


@dataclass
class DocumentActors:
    """Mentions per sentence index, and the document state coreference needs."""

    actors: dict[int, list[Mention]] = field(default_factory=dict)
    places: dict[int, list[PlaceMention]] = field(default_factory=dict)


_PLACE_NOUNS = frozenset(
    {"district", "districts", "province", "provinces", "valley", "city", "town", "village", "villages",
     "area", "region", "tehsil", "county", "neighbourhood", "neighborhood", "border", "crossing"}
)  # fmt: skip


def _names_a_place(doc: Any, ent: Any) -> bool:
    """True when a model entity is followed by a place noun ("X district", "X and Y districts")."""
    i = ent.end
    for _ in range(4):
        if i >= len(doc):
            return False
        token = doc[i]
        if token.lower_ in _PLACE_NOUNS:
            return True
        if token.lower_ in ("and", ",", "&") or (
            token.ent_type_ in ("PERSON", "ORG", "GPE") and not token.ent_id_
        ):
            i += 1
            continue
        return False
    return False


def _kind(name: str) -> str:
    info = actor_info(name)
    return info.kind if info else ""


def _surname_index(full_names: dict[str, str], name: str) -> str | None:
    return full_names.get(name.split()[-1].lower()) if name else None


def _char_to_token(doc: Any, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0, 0
    return span.start, span.end


def document_actors(
    doc: Any, *, dateline_country: str = "", dateline_span: tuple[int, int] | None = None
) -> DocumentActors:
    """Resolve actor and place mentions for every sentence of a parsed document."""
    out = DocumentActors()
    full_names: dict[str, str] = {}  # surname (lower) -> canonical full name
    last_pair: list[str] = []
    last_armed = ""
    last_person = ""
    armed_counts: dict[str, int] = {}
    armed_order: dict[str, int] = {}
    sents = list(doc.sents)
    # Span.ents scans every entity of the document: bucket them by sentence once.
    starts = [s.start for s in sents]
    ents_by_sent: dict[int, list[Any]] = {}
    for ent in doc.ents:
        ents_by_sent.setdefault(bisect_right(starts, ent.start) - 1, []).append(ent)
    for s_index, sent in enumerate(sents):
        mentions: list[Mention] = []
        places: list[PlaceMention] = []
        for ent in ents_by_sent.get(s_index, ()):
            ent_id = ent.ent_id_
            if ent_id.startswith("place:"):
                if dateline_span and dateline_span[0] <= ent.start_char < dateline_span[1]:
                    continue  # where the report was filed, not where anything happened
                place = lookup_place(ent_id[6:]) or lookup_place(ent.text)
                if place:
                    nxt = doc[ent.end] if ent.end < len(doc) else None
                    possessive = nxt is not None and nxt.text in ("'s", "'", "’s")
                    prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
                    locative = prev in _LOCATIVE
                    places.append(
                        PlaceMention(place, ent.start_char, ent.end_char, ent.start, possessive, locative)
                    )
                continue
            if ent_id.startswith("actor:"):
                name = ent_id[6:]
            elif ent.label_ in ("PERSON", "ORG") and _names_a_place(doc, ent):
                # "Panjgur and Noshki districts": the small model calls them people.
                places.append(
                    PlaceMention(
                        Place(ent.text.strip(), 3, dateline_country), ent.start_char, ent.end_char, ent.start
                    )
                )
                continue
            elif ent.label_ in ("PERSON", "ORG"):
                text = _TITLES.sub("", ent.text.strip()).strip(" '\"")
                if text.lower().startswith("the "):
                    text = text[4:]
                if not text or text.lower() in _NOT_ACTORS or not any(c.isupper() for c in text):
                    continue
                name = canonical_actor(text)
                if len(name.split()) == 1:  # the small model sometimes tags a lone surname ORG
                    name = _surname_index(full_names, name) or name
            else:
                continue
            kind = _kind(name)
            if kind in NON_ACTOR_KINDS:
                continue
            if ent.label_ == "PERSON" and len(name.split()) > 1:
                full_names[name.split()[-1].lower()] = name
            mentions.append(Mention(name, kind, ent.start_char, ent.end_char, ent.start, ent.end))
        text = sent.text
        base = sent.start_char
        # Coreference for generic phrases, only where no name covers the phrase.
        covered = [(m.start, m.end) for m in mentions]

        def free(start: int, end: int, covered: list[tuple[int, int]] = covered) -> bool:
            return all(end <= a or start >= b for a, b in covered)

        for m in _POSSESSIVE_GOVT.finditer(text):
            # "his government": the nearest person named before it, in this sentence first.
            before = [x.name for x in mentions if x.kind == "person" and x.start < base + m.start()]
            person = before[-1] if before else last_person
            info = actor_info(person) if person else None
            if info and info.organisation and free(base + m.start(), base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                mentions.append(
                    Mention(
                        info.organisation,
                        _kind(info.organisation),
                        base + m.start(),
                        base + m.end(),
                        t0,
                        t1,
                        "coreference",
                    )
                )
        for m in _GOVERNMENT.finditer(text):
            if dateline_country and free(base + m.start(), base + m.end()):
                name = canonical_actor(f"Government of {dateline_country}")
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                mentions.append(
                    Mention(name, "government", base + m.start(), base + m.end(), t0, t1, "coreference")
                )
        for pattern, prefix in ((_FORCES, "Military Forces of"), (_POLICE, "Police Forces of")):
            name = canonical_actor(f"{prefix} {dateline_country}") if dateline_country else ""
            if not name or actor_info(name) is None:
                continue
            for m in pattern.finditer(text):
                if free(base + m.start(), base + m.end()):
                    t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                    mentions.append(
                        Mention(
                            name, _kind(name), base + m.start(), base + m.end(), t0, t1, "dateline country"
                        )
                    )
                    break
        for m in _TWO_SIDES.finditer(text):
            if len(last_pair) == 2 and free(base + m.start(), base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                for name in last_pair:
                    mentions.append(
                        Mention(name, _kind(name), base + m.start(), base + m.end(), t0, t1, "coreference")
                    )
        # "the militants": the last armed group named; "the group": the armed group the
        # article is mostly about (the latest named when two are named equally often).
        main_armed = (
            max(armed_counts, key=lambda n: (armed_counts[n], armed_order[n])) if armed_counts else ""
        )
        for pattern, target in ((_MILITANTS, last_armed), (_GROUP, main_armed)):
            for m in pattern.finditer(text):
                if target and free(base + m.start(), base + m.end()):
                    t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                    mentions.append(
                        Mention(
                            target, _kind(target), base + m.start(), base + m.end(), t0, t1, "coreference"
                        )
                    )
        mentions.sort(key=lambda m: (m.start, m.name))
        # Update the document state from names (not from resolved phrases).
        named = [m.name for m in mentions if not m.resolved]
        distinct = list(dict.fromkeys(named))
        parties = [n for n in distinct if _kind(n) not in ("person", "media")]
        # "The two sides" are negotiating or fighting parties: only sentences about
        # an interaction between them set the pair.
        if len(parties) >= 2 and _INTERACTION.search(text):
            last_pair = parties[:2]
        for name in named:
            kind = _kind(name)
            if kind in ARMED_KINDS:
                last_armed = name
                armed_counts[name] = armed_counts.get(name, 0) + 1
                armed_order[name] = len(armed_order) + s_index * 1000
            if kind == "person":
                last_person = name
        out.actors[s_index] = mentions
        out.places[s_index] = places
    return out


def best_place(places: list[PlaceMention]) -> Place | None:
    """The most specific place in a sentence, ignoring possessive modifiers when others exist."""
    if not places:
        return None
    usable = [p for p in places if not p.possessive] or []
    if not usable:
        return None
    return max(usable, key=lambda p: (p.place.admin_level, p.locative, -p.start)).place
