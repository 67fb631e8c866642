"""Actor and place mentions per sentence, with simple document-level coreference.

Mentions come from the entity ruler (our gazetteer, ``actor:``/``place:`` ids) and
from the model's PERSON/ORG entities (unknown names still become actors). Then:
a surname alone becomes the full name seen earlier; "the government" becomes the
government of the dateline country; "the two sides" the last pair named; "the
militants" the last armed group named; "his government" the organisation of the
last person named.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from events.actors import actor_info, canonical_actor
from loaders.text.gazetteer import Place, capital_country, lookup_place, place_aliases
from loaders.text.names import acronym_definitions, is_operation_name
from loaders.text.nlp import NON_ACTOR_KINDS, sentences

ARMED_KINDS = frozenset({"rebel group", "political militia", "identity militia"})
_GOVERNMENT = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:federal|military|transitional|interim|ruling|central|national|civilian|elected)\s+)?"
    r"(?:government|junta|cabinet|council\s+of\s+ministers)\b",
    re.IGNORECASE,
)
# Organs of a government that stand for it ("the Council of Ministers on Monday extended ...").
_GOVERNMENT_BODIES = frozenset({"council of ministers", "cabinet", "federal cabinet", "presidency"})
DEMONYMS_CSV = Path(__file__).parent / "demonyms.csv"
# "regime forces", "junta aircraft", "regime shelling": a regime's or junta's arms are its armed
# forces; "the regime" alone (not its ministries) is the side that fights.
_REGIME_ARMS = (
    r"forces|troops|soldiers|aircraft|jets|warplanes|artillery|shelling|air\s*strikes?|strikes?|targets|"
    r"positions|army|military|drones?|bombardment|helicopters?|offensive|units|tanks|militias?"
)
_REGIME = re.compile(
    rf"\b(?:(?:the\s+)?(?:regime|junta)(?:'s|’s)?\s+(?P<arms>{_REGIME_ARMS})|"
    r"the\s+regime(?!(?:'s|’s)?\s+[\w-]+\s+(?:ministry|minister|office|agency|media|television))(?![\w-])|"
    r"(?P<office>(?:the\s+)?(?:regime|junta)(?:'s|’s)\s+(?:[\w-]+\s+)?(?:ministry|minister|spokesman|media)))\b",
    re.IGNORECASE,
)
# "Sudan's army", "Russian forces", "Mali's transitional government", "Ukrainian officials".
_MILITARY_NOUNS = (
    rf"government\s+(?:forces|troops|soldiers)|(?:regime|junta)\s+(?:{_REGIME_ARMS})|army|military|armed\s+forces|forces|troops|soldiers|air\s+force|navy|warplanes|jets|"
    r"security\s+forces|defen[cs]e\s+forces|special\s+forces|(?:air\s*)?strikes?|drones?|"
    r"shelling|artillery|warships?|fighter\s+jets|commandos|paratroopers|gunships?|helicopters?|"
    r"air\s+defen[cs]es?|tanks|armou?red\s+vehicles|missiles?|marines|infantry|gunboats|naval\s+forces|"
    r"aircraft|bombers|service\s*(?:members|men)|military\s+personnel|warplane"
)
_TITLE_NOUN = re.compile(
    r"president|prime\s+minister|(?:deputy\s+)?(?:defen[cs]e|foreign|interior)\s+minister|envoys?",
    re.IGNORECASE,
)
_NAME_NEXT = re.compile(r"\s+[A-Z][a-z]")
_POLICE_NOUNS = r"police(?:\s+officers|men)?|policemen"
_GOVERNMENT_NOUNS = (
    r"government|authorities|officials|junta|foreign\s+ministry|ministry|president|prime\s+minister|"
    r"(?:deputy\s+)?(?:defen[cs]e|foreign|interior)\s+minister|mediators|negotiators|diplomats|"
    r"delegations?|envoys?|leaders|cabinet|administration|regime|embassy|embassies|consulate|"
    # "an insurgency against the Pakistani state" (not "Nigerian state media")
    r"state(?!\s+(?:media|television|tv|news|broadcaster|radio|agency|department|governor|house|assembly|"
    r"legislature|of|-run|owned)\b)"
)
# Cheap test first: most sentences have none of these nouns, and the country alternation is long.
_TAIL_ANY = re.compile(rf"\b(?:{_MILITARY_NOUNS}|{_POLICE_NOUNS}|{_GOVERNMENT_NOUNS})\b", re.IGNORECASE)
_NATIONAL_TAIL = (
    rf"(?:'s?)?\s+(?:(?:transitional|interim|military|federal|ruling|new)\s+)?"
    rf"(?:(?P<mil>{_MILITARY_NOUNS})|(?P<pol>{_POLICE_NOUNS})|(?P<gov>{_GOVERNMENT_NOUNS}))\b"
)
# Generic words the small model tags ORG: the phrase patterns above resolve them.
_GENERIC_ORGS = frozenset(
    {"army", "military", "police", "government", "junta", "navy", "air force", "coast guard", "coast guards"}
)
_DATE_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
     "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
)  # fmt: skip
# "the town of X", "control of X": an unknown name after these is a place.
_PLACE_OF = re.compile(
    r"\b(?:towns?|city|cities|villages?|districts?|provinces?|regions?|state|control|capture|outskirts|suburbs?|"
    r"shrine|tomb|mausoleum|communities|community|forests?|parts|areas?|neighbou?rhoods?|valleys?)\s+of\s*$",
    re.IGNORECASE,
)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into"})


@cache
def _national() -> re.Pattern[str]:
    """One pattern for every demonym and country name followed by a military or government noun."""
    return re.compile(rf"(?<![\w-])(?P<who>{_alternation()}){_NATIONAL_TAIL}", re.IGNORECASE)


@cache
def _national_first() -> re.Pattern[str]:
    """ "U.S. and British warplanes": the first of two countries, read back from the second."""
    return re.compile(rf"(?<![\w-])(?P<first>{_alternation()})(?:,\s+|\s+and\s+)$", re.IGNORECASE)


@cache
def _alternation() -> str:
    names: dict[str, str] = {}
    with DEMONYMS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names[row["demonym"]] = row["country"]
    for alias, place in place_aliases():
        if place.admin_level == 0 and alias[:1].isupper():
            names.setdefault(alias, place.name)
    return _trie(names)


# Characters that match more than their lower case when case is ignored (the regex engine's
# case "fixes": long s, Kelvin and Angstrom signs, dotted and dotless i, final sigma...): a trie
# of lower-case names is exact only without them.
_CASE_FIXES = frozenset(
    "\u017f\u212a\u212b\u2126\u0131\u0130\u00b5\u03c2\u00df\u1e9e\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u1e9b\ufb05\u0345"
)


def _trie(names: Iterable[str]) -> str:
    """The names as one case-insensitive alternation, longest first, written as a trie.

    Same matches as ``"|".join`` of the names sorted longest first (names that match at one
    place are prefixes of each other, and both try the longest first), but the engine drops
    an alternative at its first differing letter instead of trying ~600 names at every
    character (2.6 ms of an article, now 0.3).
    """
    names = list(names)
    if any(c in _CASE_FIXES or len(c.lower()) != 1 for n in names for c in n):
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    root: dict[str, dict] = {}
    for name in names:
        node = root
        for ch in name.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a shorter name ends here: tried last

    return emit(root)


@cache
def _demonym_country() -> dict[str, str]:
    with DEMONYMS_CSV.open(encoding="utf-8", newline="") as fh:
        out = {row["demonym"].lower(): row["country"] for row in csv.DictReader(fh)}
    for alias, place in place_aliases():
        if place.admin_level == 0:
            out.setdefault(alias.lower(), place.name)
    return out


# Cities agencies file from about other countries' wars ("LONDON (Reuters) -", "NAIROBI, Kenya
# (AP) - Sudan's army..."): their country is the story's only when the story names it.
NEWS_HUBS = frozenset(
    {"london", "washington", "new york", "united nations", "geneva", "paris", "brussels", "berlin",
     "dubai", "doha", "istanbul", "johannesburg", "dakar", "nairobi", "bangkok", "singapore",
     "hong kong", "rome", "vienna", "the hague", "cairo", "amman", "abu dhabi", "beijing", "moscow",
     "tokyo", "new delhi", "madrid", "ottawa", "sydney", "jakarta"}
)  # fmt: skip


def country_mentioned(text: str, country: str) -> bool:
    """True when the text names the country or its people ("Kenya", "Kenyan")."""
    if not country:
        return False
    names = {country.removeprefix("the ")} | {d for d, c in _demonym_country().items() if c == country}
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE) is not None


@cache
def _country_words() -> re.Pattern[str]:
    names = sorted(_demonym_country(), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])", re.IGNORECASE)


# What a pair pattern ends on: a sentence without one (or without a hyphen) cannot match it.
_PAIR_NOUN = re.compile(
    r"(?:cease-?fire|truce|deal|agreement|accord|talks|summit|negotiations|mediation)\b", re.IGNORECASE
)


@cache
def _pair_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(_demonym_country(), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?P<a>{names})-(?P<b>{names})\s+(?:[\w-]+\s+)?"
        r"(?:cease-?fire|truce|deal|agreement|accord|talks|summit|negotiations|mediation)\b",
        re.IGNORECASE,
    )


def _sender_country(token: Any) -> str:
    """ "France, which has deployed troops in the Sahel": troops a country sends are its own."""
    if not token.doc.has_annotation("DEP") or token.dep_ != "dobj":
        return ""
    verb = token.head
    if verb.lemma_.lower() not in ("deploy", "send", "withdraw", "pull", "station", "dispatch", "sent"):
        return ""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
        subject = verb.head
    if subject is None:
        return ""
    place = lookup_place(subject.text)
    return place.name if place is not None and place.admin_level == 0 else ""


def lead_country(text: str) -> str:
    """The country a report without a dateline is about: the first one its headline or lead
    names ("Myanmar army accused of ...", "Israeli forces kill ..."), or "" when none."""
    # The country named most wins, the first on a tie; a country named only as where something
    # happened ("talks in Tanzania", "Dar es Salaam, Tanzania") counts half: the story is about
    # the parties' country ("the Ethiopian government"), not the venue's (a quarter).
    tally: dict[str, float] = {}
    for m in _country_words().finditer(text):
        if _BORDER_AFTER.match(text, m.end()):
            continue  # "sneaked in from across the Afghan border": where from, not where
        country = _demonym_country().get(m.group(0).lower(), "")
        if not country:
            continue
        venue = _VENUE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) is not None
        tally[country] = tally.get(country, 0.0) + (0.25 if venue else 1.0)
    # Places the gazetteer knows count half ("west of Aleppo"), a quarter as a venue ("in Nairobi").
    for name in _CAPITALISED.finditer(text):
        place = lookup_place(name.group(0))
        if place is not None and place.admin_level > 0 and place.country:
            venue = _VENUE_BEFORE.search(text[max(0, name.start() - 30) : name.start()]) is not None
            tally[place.country] = tally.get(place.country, 0.0) + (0.25 if venue else 0.5)
    if tally:
        return max(tally, key=lambda c: tally[c])  # dicts keep order: the first wins a tie
    # "Militants attack police post in Kathua": a place the gazetteer knows gives its country.
    for name in _CAPITALISED.finditer(text):
        for candidate in (name.group(0), name.group(0).split()[0]):
            place = lookup_place(candidate)
            if place is not None and place.country:
                return place.country
    return ""


_CAPITALISED = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")
_CAPITAL_OWNER = re.compile(r"\b([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)(?:'s|’s)\s+\Z")
_VENUE_BEFORE = re.compile(r"(?:\b(?:in|into|to|at)\s+|[A-Z][a-z]+,\s+)\Z")
_POSSESSIVE_END = re.compile(r"(?:'s|’s|')$")
_NICKNAME = re.compile(r'\s+"[^"]{1,30}"\s+')
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier|side)\b", re.IGNORECASE)


def state_actor(kind: str, country: str) -> str:
    """ACLED's name for a country's government or forces ("Military Forces of Sudan")."""
    if country.startswith("the "):
        country = country[4:]
    display = {"United States": "the United States", "United Kingdom": "the United Kingdom"}.get(
        country, country
    )
    display = {
        "Russian Federation": "Russia",
        "Syrian Arab Republic": "Syria",
        "Congo, The Democratic Republic of the": "the Democratic Republic of Congo",
        "Democratic Republic of Congo": "the Democratic Republic of Congo",
        "Democratic Republic of the Congo": "the Democratic Republic of Congo",
        "DR Congo": "the Democratic Republic of Congo",
        "DRC": "the Democratic Republic of Congo",
        "Congo": "the Republic of Congo",
        "Republic of Congo": "the Republic of Congo",
        "Republic of the Congo": "the Republic of Congo",
        "Palestine, State of": "Palestine",
        "Türkiye": "Turkey",  # ACLED's and most agencies' spelling
        "Côte d'Ivoire": "Ivory Coast",
    }.get(display, display)
    return canonical_actor(f"{kind} of {display}")


# "Petro's government", "the Trump administration": a person's government.
_NAMED_GOVT = re.compile(r"(?:'s?|’s?)?\s+(?:government|administration|cabinet)\b", re.IGNORECASE)
_POSSESSIVE_GOVT = re.compile(r"\b(?:his|her)\s+(?:government|administration)\b", re.IGNORECASE)
_TWO_MEN = re.compile(r"\bthe\s+(?:two\s+)?(?:generals|strongmen|warlords)\b", re.IGNORECASE)
_TWO_SIDES = re.compile(
    r"\b(?:the\s+two\s+(?:(?:warring|rival)\s+)?(?:sides|parties|neighbou?rs|countries|governments|rivals|camps|"
    r"factions|blocs|groups|movements|alliances|forces|armies)|the\s+warring\s+(?:sides|parties)|"
    r"both\s+(?:sides|parties|camps))\b",
    re.IGNORECASE,
)
# Definite only: "militants who lay down arms" is generic, "the militants" refers back.
_MILITANTS = re.compile(
    r"\b(?:the|these|those)\s+(?:militants|insurgents|fighters|terrorists|rebels|paramilitaries|"
    r"jihadists|guerrillas|militiamen|separatists)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\bthe\s+(?:(?:militant|armed|rebel|jihadist|paramilitary|separatist|Islamist)\s+)?"
    r"(?:group|outfit|organisation|organization|cartel|gang|militia|movement)\b",
    re.IGNORECASE,
)
_FORCES = re.compile(
    r"(?<!foot )\b(?:the\s+army|army|the\s+military|troops|soldiers|coast\s*guards?|the\s+air\s+force|"
    r"(?:government|federal|regime)\s+forces|"
    r"the\s+armed\s+forces)\b",
    re.IGNORECASE,
)
_POLICE = re.compile(r"\b(?:police(?:men)?|policemen|the\s+police)\b", re.IGNORECASE)
_INTERACTION = re.compile(
    r"\b(?:talks?|negotiat\w*|agree\w*|understanding|truce|cease-?fire|deal|mediat\w*|meet\w*|"
    r"clash\w*|fight(?!ers?\b)\w*|fought|between|"
    # Armed interaction between the two named parties ("repelled an RSF attack", "traded fire").
    r"attack\w*|repel\w*|repuls\w*|ambush\w*|assault\w*|offensive|war|battl\w*|shell\w*|"
    r"traded|exchang\w*)\b",
    re.IGNORECASE,
)
# "The two sides agreed on the rules": the pair last named at the table, not the last to fight.
_TALKS = re.compile(
    r"\b(?:talks?|negotiat\w*|agree\w*|understanding|truce|cease-?fire|deal|mediat\w*|meet\w*|"
    r"met|accord|round)\b",
    re.IGNORECASE,
)
# "the alliance", "the coalition's jets", "Coalition warplanes", "the mission", "the force's commander".
_BODY_NOUN = re.compile(
    r"\b[Tt]he\s+(?P<noun>alliance|coalition|mission|force|bloc|council)(?![\w-])(?!(?:'s|’s)?\s+(?:of|for)\b)"
    r"|(?<![\w-])(?P<capital>Alliance|Coalition)(?=\s+[a-z])",
)
_BODY_NOUN_WORDS = frozenset({"alliance", "coalition", "mission", "force", "bloc", "council"})


def _body_nouns(name: str, written: str) -> frozenset[str]:
    """The body nouns in an actor's name or in the words that named it ("Three Brotherhood
    Alliance" -> alliance; "the African Union Transition Mission (ATMIS)" -> mission)."""
    if _kind(name) == "person" or name.startswith(("Military Forces", "Police Forces", "Government of")):
        return frozenset()
    words = {w.lower() for w in re.split(r"[\s()-]+", f"{name} {written}")}
    return frozenset(words & _BODY_NOUN_WORDS)


# A state's or province's own government; "the Centre" (India's national government).
_SUBNATIONAL = re.compile(
    r"\b[Tt]he\s+(?:State|state|[Pp]rovincial|[Rr]egional)\s+(?:government|[Cc]abinet|administration)\b"
    r"(?!\s+(?:spokes\w+|officials?|sources?|ministers?|ministry|departments?|employees|forces|troops)\b)"
    r"|\b[Tt]he\s+Centre\b(?!\s+(?:for|of)\b)"
    r"|\b[Tt]he\s+(?P<bare>State)\b(?!\s+(?:[A-Z]|of\b|Department))(?!['’-])",
)
_SUBNATIONAL_WORDS = frozenset(
    {"state", "state cabinet", "state government", "centre", "provincial government"}
)
_LOCATIVE = frozenset({"in", "at", "near", "across", "outside", "inside", "into", "from", "around", "within"})
# Model entities that are never actors (titles, generic words the small model tags).
_FACILITIES = frozenset(
    {"mosque", "mosques", "church", "churches", "school", "schools", "hospital", "hospitals", "market",
     "markets", "camp", "checkpoint", "checkpoints", "airport", "bridge", "highway", "road", "university"}
)  # fmt: skip
_INNER_TITLE = re.compile(
    r"\b(?:Secretary|Minister|Governor|Commissioner|Affairs|Officer|Chief|Commander|Representative|Envoy|"
    r"Advis[eo]r|Spokes(?:man|woman|person)|Director|Inspector|Superintendent|Ambassador|President)\s+(?=[A-Z])"
)
_PEOPLE_AFTER = frozenset(
    {"people", "peoples", "community", "communities", "villagers", "residents", "tribesmen", "civilians",
     "youths", "families", "settlers", "herders", "farmers", "act", "law", "bill", "ordinance"}
)  # fmt: skip
_TITLE_AFTER = frozenset(
    {"minister", "secretary", "chief", "commander", "spokesman", "spokeswoman", "governor"}
)
_NOT_ACTORS = frozenset(
    {"shariah", "sharia", "islam", "covid-19", "quran", "eid", "ramadan", "group", "assembly", "defense",
     "defence", "interior", "ministry", "secretary"}
)  # fmt: skip
# Titles before a name: the person is the actor ("Chancellor Angela Merkel" is Angela Merkel).
# Several may follow one another ("Defense Secretary", "Police Chief").
_TITLES = re.compile(
    r"^(?:(?:prime\s+minister|president|minister|general|gen\.|lt\.?\s*gen\.?|major|col\.?|colonel|mr\.?|"
    r"mrs\.?|ms\.?|dr\.?|mufti|maulana|mullah|sheikh|commander|chief|spokesman|spokesperson|chancellor|"
    r"secretary|defen[cs]e|interior|foreign|governor|gov\.|envoy|ambassador|senator|sen\.|deputy|acting|"
    r"inspector|brigadier|brig\.|captain|capt\.|lieutenant|admiral|marshal|king|crown\s+prince|prince|"
    r"vice|first\s+vice|executive|former|caretaker|mayor|"
    r"police(?=\s+\S+\s+\S))"  # "Police Lines" is a place; "Police Moazzam Jah Ansari" a person
    r"\s+)+(?=\S)",
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
    armed_before: dict[int, str] = field(default_factory=dict)
    """The last armed group named before each sentence (for "such attacks" with no actor)."""


_PLACE_NOUNS = frozenset(
    {"district", "districts", "province", "provinces", "valley", "city", "town", "village", "villages",
     "area", "region", "tehsil", "county", "neighbourhood", "neighborhood", "border", "crossing",
     "forest", "mountains", "hills", "river", "lake", "desert", "state", "municipality", "commune",
     "department", "prefecture", "governorate", "oblast", "township", "townships", "camp", "island",
     "garrison", "cantonment", "airport", "airbase", "checkpoint", "checkpost", "prison", "bazaar",
     "dam", "bridge", "highway", "port", "base", "territory", "peninsula", "penitentiary"}
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
        if token.lower_ == "air" and i + 1 < len(doc) and doc[i + 1].lower_ == "base":
            return True  # "the Taftanaz air base"
        if token.lower_ in ("and", ",", "&") or (
            token.ent_type_ in ("PERSON", "ORG", "GPE") and not token.ent_id_
        ):
            i += 1
            continue
        return False
    return False


# "al Qaeda-linked", "Iran-backed", "Hamas-run": the name describes another party ("-led" does
# not: "Hamas-led gunmen" are Hamas).
_AFFILIATION = frozenset(
    {"linked", "affiliated", "allied", "backed", "aligned", "inspired", "run", "controlled", "held",
     "funded", "sponsored", "supported", "leaning", "friendly", "appointed", "installed"}
)  # fmt: skip


_AFFILIATE_NOUNS = frozenset({"affiliate", "offshoot", "branch", "franchise", "ally", "proxy", "splinter"})


def _affiliation(doc: Any, ent: Any) -> bool:
    """True when a name only qualifies the next noun ("al Qaeda-linked JNIM", "the Al Qaeda
    affiliate JNIM")."""
    i = ent.end
    if i + 1 < len(doc) and doc[i].lower_ in _AFFILIATE_NOUNS and doc[i + 1].ent_type_ in ("ORG", "PERSON"):
        return True
    return (
        i + 1 < len(doc)
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and doc[i + 1].lower_ in _AFFILIATION
    )


# "US-backed talks", "a Qatari-brokered truce", "the Kenyan-led mission": a sponsor of talks
# or of a mission is a party (unlike "Iran-backed militia", a label of another group).
_SPONSORED = re.compile(
    r"(?<![\w.-])(?P<who>[A-Z][A-Za-z.]*)-(?:backed|brokered|mediated|sponsored|led|hosted)\s+"
    r"(?:(?:peace|ceasefire|indirect|direct|multinational|security|police)\s+)?"
    r"(?:talks|negotiations|ceasefire|cease-fire|truce|deal|agreement|accord|mission|mediation|process)\b"
)
_LED_FORCES = re.compile(
    r"(?<![\w.-])(?P<who>[A-Z][A-Za-z.]*)-led\s+(?:(?:international|foreign|multinational|coalition)\s+)?"
    r"(?:forces|troops)\b"
)
_MEETING_WORDS = frozenset(
    {"summit", "talks", "meeting", "meet", "negotiate", "negotiations", "agreement", "deal", "ceasefire",
     "truce", "accord", "talk", "conference"}
)  # fmt: skip
_MILITARY_ACTS = frozenset(
    {"invade", "invasion", "offensive", "strike", "airstrike", "bomb", "shell", "attack", "fire",
     "launch", "bombard", "shoot", "kill", "incursion", "assault", "raid", "operation", "annex",
     "fight", "wage", "besiege", "recapture", "retake", "capture", "storm", "overrun", "shoot down",
     "retook", "overran", "ambush"}
)  # fmt: skip


def _military_act(verb: Any) -> bool:
    """ "Russia launched its invasion", "Israel struck Beirut": the act of armed forces."""
    if verb.lemma_.lower() == "trade":
        # "Israel and Hezbollah have traded fire": an exchange of fire, not of goods.
        return any(c.lower_ in ("fire", "blows", "shots", "strikes") for c in verb.children)
    if verb.lemma_.lower() not in _MILITARY_ACTS:
        return False
    if verb.lemma_.lower() != "launch":
        return True
    weapons = _MILITARY_ACTS | {"missile", "drone", "rocket", "artillery", "barrage"}
    # "launched a massive missile and drone attack": the object phrase, conjuncts included.
    return any(t.lemma_.lower() in weapons for c in verb.children if c.dep_ == "dobj" for t in c.subtree)


_ARMED_NAME = re.compile(
    r"(?<![\w-])(?:(?:The|A|An|This|That)\s+)?"
    r"(?P<name>[A-Z0-9][\w'’]*(?:-[\w'’]+)*(?:\s+(?:[A-Z][\w'’]*(?:-[\w'’]+)*|al-\w+|of|de|del|wal))*)"
    r"\s+(?:armed\s+|rebel\s+|jihadist\s+|militant\s+)?"
    r"(?:group|militia|movement|rebels|militants|insurgents|faction|jihadists|gang|guerrillas)\b"
)
_NAME_JOINERS = frozenset({"of", "de", "del", "wal", "al"})
# Ethnic, religious and political words that describe fighters without naming a group.
_PEOPLE_WORDS = frozenset(
    {"tuareg", "fulani", "kurdish", "arab", "islamist", "jihadist", "sunni", "shia", "shiite", "muslim",
     "christian", "hindu", "buddhist", "baloch", "pashtun", "amhara", "oromo", "tigrayan", "rohingya",
     "hutu", "tutsi", "maoist", "naxal", "marxist", "communist", "anglophone", "ambazonian", "druze",
     "alawite", "yazidi", "dogon", "bambara", "mossi", "igbo", "hausa", "karen", "kachin", "shan",
     "ethnic", "separatist", "armed", "rebel", "suspected", "unidentified", "rival", "local", "several",
     "hema", "lendu", "kuki", "zo", "meitei", "naga", "nuer", "dinka", "murle", "masalit", "zaghawa",
     "nuba", "afar", "fur", "bamar", "chin", "rakhine", "uyghur", "uighur"}
)  # fmt: skip


def _proper_words(span: Any) -> bool:
    """Every word of the span starts with a proper noun or a number ("Lashkar-e-Islam": the
    pieces after the hyphens are tagged anyhow)."""
    starts = [t for i, t in enumerate(span) if i == 0 or span[i - 1].whitespace_]
    return all(t.pos_ in ("PROPN", "NUM") or t.lower_ in _NAME_JOINERS for t in starts)


def _is_people_word(word: str) -> bool:
    low = word.lower()
    return low in _PEOPLE_WORDS or low in _demonym_country()


def _described(doc: Any, ent: Any, sent: Any) -> bool:
    """A name inside an apposition that describes a person named before it ("Luis Manuel Diaz,
    the father of Liverpool footballer Luis Diaz"): part of the description, not a party."""
    node = ent.root
    for _ in range(6):
        if node.dep_ == "appos" and node.i != ent.root.i and node.head.ent_type_ == "PERSON":
            return True
        if node.head is node or node.head.i < sent.start:
            return False
        node = node.head
    return False


_ROLE_WORDS = frozenset(
    {"chief", "commander", "leader", "spokesman", "spokeswoman", "spokesperson", "head", "founder",
     "gen", "gen.", "general", "lt", "lt.", "col", "col.", "maj", "maj.", "colonel", "major", "deputy",
     "military", "operations", "official", "minister", "president", "governor", "mr", "mr.", "'s", "’s",
     "acting", "defence", "defense", "interior", "foreign", "home", "information", "former", "top", "senior",
     ",", "mullah", "maulana", "sheikh", "emir", "supreme", "political", "secretary", "chairman",
     "chairwoman", "chair", "boss", "director", "coordinator", "negotiator", "lieutenant"}
)  # fmt: skip


def _without_title_orgs(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """ "Army chief Gen. Abdel Fattah Burhan", "RSF commander Mohamed Hamdan Dagalo": the body
    in a person's title describes the person, who is the actor."""
    persons = {m.token_start for m in mentions if m.kind == "person"}
    if not persons:
        return mentions
    out = []
    for m in mentions:
        if m.kind != "person":
            j = m.token_end
            steps = set()
            while j < len(doc) and j - m.token_end < 6 and doc[j].lower_ in _ROLE_WORDS:
                j += 1
                steps.add(j)  # the person's name may start on a title word ("Gen. X")
            if steps & persons:
                continue
        out.append(m)
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


@cache
def _subdivisions() -> dict[str, Place]:
    """Every first-level subdivision pycountry knows (states, provinces, governorates), by folded name."""
    try:
        import pycountry
    except ImportError:  # the country list still comes from places.csv and capitals.csv
        return {}
    out: dict[str, Place] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        out.setdefault(_fold(sub.name), Place(sub.name, 1, getattr(country, "name", "")))
    return out


def _subdivision(text: str) -> Place | None:
    name = text.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return _subdivisions().get(_fold(name))


_DARFUR = frozenset({"Sudan", "Chad", "South Sudan", "Libya"})
_SHARED_DEMONYM = re.compile(r"\b([A-Z][a-z]+)\s+(?:soldiers|troops|forces|army|military|police)\s+and\s+$")
_ISKP = "Islamic State Khorasan Province"
_KHORASAN = frozenset({"Afghanistan", "Pakistan", ""})
# "Islamic State fighters" in a report from one of these countries are its local province's.
_IS_PROVINCES = {
    "Niger": "Islamic State Sahel Province",
    "Mali": "Islamic State Sahel Province",
    "Burkina Faso": "Islamic State Sahel Province",
    "Nigeria": "Islamic State West Africa Province",
    "Chad": "Islamic State West Africa Province",
    "Cameroon": "Islamic State West Africa Province",
    "Mozambique": "Islamic State Mozambique Province",
    "Somalia": "Islamic State Somalia Province",
    "Democratic Republic of Congo": "Allied Democratic Forces",
    "Uganda": "Allied Democratic Forces",
    "Egypt": "Islamic State Sinai Province",
}
_GENERIC_IS = frozenset({"islamic state", "daesh", "isis", "isil", "is", "is group", "islamic state group"})


def _kind(name: str) -> str:
    info = actor_info(name)
    return info.kind if info else ""


def _surname_index(full_names: dict[str, str], name: str) -> str | None:
    return full_names.get(_surname_key(name.split()[-1])) if name else None


def _surname_key(word: str) -> str:
    """ "Guzmán" and "Guzman" are one surname: accents and case dropped."""
    return _fold(word) if not word.isascii() else word.lower()


def _char_to_token(doc: Any, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0, 0
    return span.start, span.end


_PLACE_HEADS = frozenset(
    {"barangay", "village", "town", "district", "province", "camp", "mount", "lake", "wadi"}
)


def _unknown_place(doc: Any, ent: Any) -> bool:
    """A model name that reads as a place: after "in/at/near", or "the town of"/"control of"."""
    if ent.ent_id_ or len(ent) > 3:
        return False
    if len(ent) > 1 and ent[0].lower_ in _PLACE_HEADS:
        return True  # "Barangay Tumantangis", "Camp Kasese"
    if ent[-1].lower_ in _SITE_WORDS:
        return True  # "the Hayat Hotel", "the Presidential Palace": a site, not a party
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is None:
        return False
    if prev.lower_ in _PLACE_PREPOSITIONS and (ent.label_ == "PERSON" or len(ent) == 1):
        return True
    root = ent.root
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _VISITED and ent[-1].lower_ not in _BODY_WORDS:
        return True  # "visited Imphal", "stormed Gajiram", "will visit Khar"
    if (
        root.dep_ == "pobj"
        and root.head.lower_ in ("to", "into", "toward", "towards")
        and root.head.head.lemma_.lower() in _MOTION
    ):
        return True  # "travel to Tibu", "flew to Benghazi", "pushed into Ocana"
    window = doc[max(ent.start - 3, 0) : ent.start].text
    if _PLACE_OF.search(window):
        return True
    return _listed_with_place(ent)


def _is_place_token(token: Any) -> bool:
    return token.ent_id_.startswith("place:") or token.ent_type_ in ("GPE", "LOC", "FAC")


def _listed_with_place(ent: Any) -> bool:
    """ "between Anefis and Kidal", "Panjshir, Andarab and parts of Kapisa", "Furcy and Belot": an
    unknown name in a list with a known place, or what a road runs between, is a place too."""
    root = ent.root
    doc = ent.doc
    if not doc.has_annotation("DEP"):
        return False
    first = root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    between = first.dep_ == "pobj" and first.head.lower_ == "between"
    if between and first.head.head.lemma_.lower() in _ROUTE_WORDS:
        return True
    if first.dep_ in ("nsubj", "nsubjpass"):
        return False  # "Hamas and Israel agreed": a subject list names parties
    members, stack = [first], [first]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj":
                members.append(child)
                stack.append(child)
    others = [t for t in members if not ent.start <= t.i < ent.end]
    # Only lists whose other members are places or plain nouns ("parts of Kapisa").
    return any(_is_place_token(t) for t in others) and all(
        _is_place_token(t) or not t.ent_type_ for t in others
    )


_NATIONAL_BODIES = {
    "supreme court": "Supreme Court",
    "high court": "High Court",
    "constitutional court": "Constitutional Court",
    "senate": "Senate",
    "parliament": "Parliament",
    "national assembly": "National Assembly",
}


_MINISTRY = re.compile(
    r"^(?:(defen[cs]e|foreign|interior|home)\s+ministry|ministry\s+of\s+(?:the\s+)?(defen[cs]e|foreign\s+affairs|"
    r"interior|home\s+affairs))$"
)


def _national_body(doc: Any, t0: int, text: str, country: str) -> str:
    """ "the Supreme Court" -> "Supreme Court of India": a national institution named alone, of the
    country a demonym before it names ("the Nigerian senate") or else the report's country."""
    words = text.lower().split()
    demonym = _demonym_country().get(words[0], "") if words else ""
    if demonym:
        words = words[1:]
    elif t0 > 0:
        demonym = _demonym_country().get(doc[t0 - 1].lower_, "")
    key = " ".join(words)
    owner = demonym or country
    ministry = _MINISTRY.match(key)
    if ministry and owner:
        # "the Defense Ministry said": the country's armed forces; a foreign or interior ministry
        # is its government.
        which = ministry.group(1) or ministry.group(2)
        kind = "Military Forces" if which.startswith("defen") else "Government"
        place = lookup_place(owner)
        return state_actor(kind, place.name if place is not None else owner)
    body = _NATIONAL_BODIES.get(key)
    if body is None or not owner:
        return ""
    place = lookup_place(owner)
    return f"{body} of {place.name if place is not None else owner}"


_SITE_WORDS = frozenset(
    {"hotel", "palace", "shrine", "mosque", "church", "temple", "stadium", "market", "bazaar", "square",
     "compound", "prison", "jail", "hospital", "airport", "bridge", "dam", "mall", "penitentiary", "base",
     "barracks", "lines", "conference", "headquarters", "cantonment", "peninsula", "territory", "forum"}
)  # fmt: skip
# What a road or a journey runs "between": two places ("on the road between Bint Jbeil and X").
_ROUTE_WORDS = frozenset(
    {"road", "highway", "route", "border", "frontier", "corridor", "stretch", "line", "boundary", "shuttle",
     "travel", "drive", "commute", "way", "journey", "section"}
)  # fmt: skip
_VISITED = frozenset(
    {"visit", "storm", "overrun", "overran", "enter", "reach", "besiege", "shell", "raid", "seize",
     "capture", "retake", "recapture", "tour", "bomb"}
)  # fmt: skip
_MOTION = frozenset(
    {"travel", "fly", "go", "return", "move", "head", "arrive", "push", "advance", "cross", "flee",
     "come", "drive", "march", "withdraw", "retreat", "deploy", "send", "relocate", "escape"}
)  # fmt: skip
_BODY_WORDS = frozenset(
    {"army", "forces", "force", "group", "front", "movement", "militia", "brigade", "brigades", "party",
     "council", "government", "police", "guard", "cartel", "gang", "network", "alliance", "coalition"}
)  # fmt: skip


def _extend_name(doc: Any, ent: Any, sent: Any) -> tuple[int, int]:
    """Token span of a model name grown over pieces the small model cut off.

    "Dairo [Antonio Usuga]": capitalised proper nouns just before a person's name;
    "[Tehreek]-e-Labbaik Pakistan": a hyphenated name and the capitalised words after it.
    """
    start, end = ent.start, ent.end
    if ent.label_ == "PERSON":
        while (
            start - 1 > sent.start
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].text.istitle()
            and not doc[start - 1].ent_type_
            and doc[start - 1].lower_ not in _DATE_WORDS
            and not _TITLES.match(doc[start - 1].text + " ")
        ):
            start -= 1
    hyphenated = False
    while (
        end + 1 < sent.end and not doc[end - 1].whitespace_ and doc[end].text == "-" and doc[end + 1].is_alpha
    ):
        end += 2
        hyphenated = True
    if hyphenated:
        while (
            end < sent.end
            and doc[end].text.istitle()
            and doc[end].pos_ == "PROPN"
            and doc[end].lower_ not in _DATE_WORDS
            and not doc[end].ent_id_.startswith("actor:")
            and not (end + 1 < len(doc) and doc[end + 1].text in ("'s", "'"))
        ):
            end += 1
    return start, end


# Last words of organisations' names: a spelled-out acronym ending so names a party.
_BODY_HEADS = frozenset(
    {
        "front",
        "movement",
        "army",
        "forces",
        "force",
        "party",
        "group",
        "groups",
        "brigade",
        "brigades",
        "council",
        "union",
        "organisation",
        "organization",
        "network",
        "alliance",
        "coalition",
        "fighters",
        "militia",
        "militias",
        "command",
        "committee",
        "congress",
        "league",
        "state",
        "province",
        "battalion",
        "corps",
        "guard",
        "guards",
        "police",
        "service",
        "agency",
        "authority",
        "ministry",
        "government",
        "mission",
        "office",
        "commission",
        "court",
        "tribunal",
        "assembly",
        "parliament",
        "resistance",
        "rebels",
        "mujahideen",
        "cartel",
        "gang",
        "federation",
        "defenders",
        "jihad",
        "liberation",
        "revolutionaries",
        "partisans",
        "unit",
        "units",
    }
)


def _names_a_body(long_form: str) -> bool:
    """Whether a spelled-out acronym names an organisation (or an actor we list)."""
    words = long_form.split()
    return bool(words) and (words[-1].lower() in _BODY_HEADS or bool(_kind(canonical_actor(long_form))))


def document_actors(
    doc: Any, *, dateline_country: str = "", dateline_span: tuple[int, int] | None = None
) -> DocumentActors:
    """Resolve actor and place mentions for every sentence of a parsed document."""
    out = DocumentActors()
    # "the Bangsamoro Islamic Freedom Fighters (BIFF)": the report's own acronyms.
    full_text = doc.user_data.get("text") or doc.text
    acronyms = acronym_definitions(full_text)
    drc = _DRC.search(full_text) is not None
    # Long forms first, so "Armed Front (SHAF)" is one mention, not the acronym inside it.
    # Only names of organisations are looked for ("Internally Displaced Persons (IDPs)" is not).
    defined = sorted(
        (p for p in {*acronyms.items(), *((v, v) for v in acronyms.values())} if _names_a_body(p[1])),
        key=lambda pair: -len(pair[0]),
    )
    full_names: dict[str, str] = {}  # surname (lower) -> canonical full name
    last_pair: list[str] = []
    last_talks: list[str] = []  # the last pair named in talks or an agreement
    pair_at = talks_at = -1  # sentence index where each pair was last set
    last_armed = ""
    provinces: dict[str, int] = {}  # first-level divisions named so far ("Manipur" -> 3)
    last_body: dict[str, str] = {}  # "alliance" -> the last body named with that noun in its name
    last_person = ""
    last_persons: list[str] = []  # persons in the order last named ("the two generals")
    prev_subject = ""  # the first non-person actor of the previous sentence ("Its", "Their")
    inferred: dict[str, str] = {}  # kinds of groups found by their armed-group noun
    armed_counts: dict[str, int] = {}
    armed_order: dict[str, int] = {}
    sents = sentences(doc)
    # Span.ents scans every entity of the document: bucket them by sentence once.
    starts = [s.start for s in sents]
    ents_by_sent: dict[int, list[Any]] = {}
    for ent in doc.ents:
        ents_by_sent.setdefault(bisect_right(starts, ent.start) - 1, []).append(ent)
    for s_index, sent in enumerate(sents):
        out.armed_before[s_index] = last_armed
        mentions: list[Mention] = []
        places: list[PlaceMention] = []
        for ent in ents_by_sent.get(s_index, ()):
            ent_id = ent.ent_id_
            if ent_id and len(ent) == 1 and ent.text.islower():
                # The ruler matches lower case; one word is a name only as written ("a trump
                # card", "before dawn", "burning tyres" name nobody and nowhere).
                continue
            if _affiliation(doc, ent):
                continue  # "al Qaeda-linked JNIM", "the Hamas-run ministry": a label, not a party
            if (
                ent.start >= 2
                and doc[ent.start - 1].text == "-"
                and doc[ent.start - 2].lower_ in ("anti", "pro")
                and not doc[ent.start - 2].whitespace_
            ):
                continue  # "anti-Taliban figures", "pro-Houthi tribes": a stance, not the party
            if dateline_span and dateline_span[0] <= ent.start_char < dateline_span[1]:
                continue  # "GOMA, Congo (AP) -": where the report was filed, never an actor
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
                if ent.text in acronyms:
                    # The report's own "(JEM)" outranks our table's reading of the letters.
                    name = canonical_actor(acronyms[ent.text])
                if name in (_ISKP, "Islamic State") and ent.text.lower() in _GENERIC_IS:
                    # "Islamic State claimed the attack": its Khorasan branch in Afghanistan and
                    # Pakistan (and where the text does not say), the group itself elsewhere.
                    local = _IS_PROVINCES.get(dateline_country, "Islamic State")
                    name = _ISKP if dateline_country in _KHORASAN else local
                elif name == "Jaish-e-Mohammed" and ent.text == "JEM" and dateline_country in _DARFUR:
                    # Darfur's JEM is the Justice and Equality Movement, not the Kashmir group.
                    name = "Justice and Equality Movement"
                elif name == "Al-Shabaab" and dateline_country == "Mozambique":
                    # Cabo Delgado's insurgents are called al-Shabaab locally; they are not the
                    # Somali group.
                    name = "Islamic State Mozambique Province"
                if _kind(name) != "person" and _described(doc, ent, sent):
                    continue  # "Mohammed Abdulsalam, the Houthis' chief negotiator": a description
                nxt = doc[ent.end] if ent.end < len(doc) else None
                if (
                    len(ent) == 1
                    and nxt is not None
                    and ent.label_ == "PERSON"
                    and nxt.text.istitle()
                    and nxt.pos_ == "PROPN"
                    and not nxt.ent_id_
                    and ent.start > sent.start
                ):
                    continue  # "Khan Younis", "Khan Sheikhoun": a surname alias inside another name
                prv = doc[ent.start - 1] if ent.start > sent.start else None
                if (
                    len(ent) == 1
                    and prv is not None
                    and _kind(name) == "person"
                    and prv.text.istitle()
                    and prv.pos_ == "PROPN"
                    and not prv.ent_id_
                    and not _TITLES.match(prv.text + " x")
                ):
                    continue  # "Chaudhry Nisar Ali Khan": the surname of another person's name
            elif ent.label_ in ("PERSON", "ORG") and _names_a_place(doc, ent):
                # "Panjgur and Noshki districts": the small model calls them people.
                places.append(
                    PlaceMention(
                        Place(ent.text.strip(), 3, dateline_country), ent.start_char, ent.end_char, ent.start
                    )
                )
                continue
            elif ent.label_ in ("PERSON", "ORG"):
                if len(ent) == 1 and ent.root.tag_ in ("NN", "NNS"):
                    continue  # "Kidnappings ...", "Gang leader": a capitalised common noun
                subdivision = _subdivision(ent.text)
                if subdivision is not None:
                    # "Pernambuco", "Nord-Kivu": a province the small model took for a name.
                    places.append(PlaceMention(subdivision, ent.start_char, ent.end_char, ent.start))
                    continue
                if _unknown_place(doc, ent):
                    # "near Gao", "control of Chinshwehaw": a place the gazetteer does not list.
                    places.append(
                        PlaceMention(
                            Place(ent.text.strip(), 3, dateline_country),
                            ent.start_char,
                            ent.end_char,
                            ent.start,
                            locative=True,
                        )
                    )
                    continue
                if is_operation_name(doc, ent):
                    continue  # "Operation Zarb-e-Azb": a campaign's name, not a party to it
                t0, t1 = _extend_name(doc, ent, sent)
                text = _TITLES.sub("", doc[t0:t1].text.strip()).strip(" '\"")
                # "Mustafa al-Kadhimi's office": the person, not the possessive; 'Joaquin "El Chapo"
                # Guzman': the name without the nickname.
                text = _NICKNAME.sub(" ", _POSSESSIVE_END.sub("", text)).strip(" '\"")
                if text.lower().startswith("the "):
                    text = text[4:]
                if ent.label_ == "PERSON":
                    # "Security Secretary Gerardo Merida Sanchez", "District Police Officer Zahid
                    # Khan": the name after the last title word.
                    cut = list(_INNER_TITLE.finditer(text))
                    if cut and len(text[cut[-1].end() :].split()) >= 2:
                        text = text[cut[-1].end() :]
                if " -- " in text:
                    # "MARAWI CITY, Lanao del Sur -- Government troops": a dateline glued to the
                    # story's first words; the words after the dash are the story's.
                    continue
                after = doc[t1].lower_ if t1 < len(doc) else ""
                if (
                    not text
                    or text.lower() in _NOT_ACTORS
                    or text.lower() in _GENERIC_ORGS
                    or not any(c.isupper() for c in text)
                    or text.endswith("-")  # "China-[Pakistan Economic Corridor]": a cut name
                    # "Ugandan", "Nigeriens", "Hema and Lendu", "Kuki-Zo": peoples, not parties
                    or all(
                        _is_people_word(w.removesuffix("s")) or _is_people_word(w) or w == "and"
                        for w in re.split(r"[\s-]+", text)
                    )
                    or text[0].isdigit()  # "215th Corps", "3rd Brigade": a unit, not a party we name
                    or text.count("(") != text.count(")")  # "the Armed Forces (Special Powers) Act"
                    or after in _PEOPLE_AFTER  # "young Moro people", "Kuki villagers": a people
                    or after in _TITLE_AFTER  # "Provincial Home [Minister X]": part of a title
                    or text.split()[-1].lower() in _FACILITIES  # "Hazara mosques": a target, not a party
                ):
                    continue
                if text.lower() in _SUBNATIONAL_WORDS:
                    continue  # "the State government", "the Centre": read by the patterns below
                if text.lower() in _GOVERNMENT_BODIES and dateline_country:
                    name = state_actor("Government", dateline_country)
                    mentions.append(Mention(name, _kind(name), ent.start_char, ent.end_char, t0, t1))
                    continue
                body = _national_body(doc, t0, text, dateline_country)
                if body:
                    # "the Supreme Court", "the Nigerian senate": the country's own institution.
                    mentions.append(
                        Mention(body, "other", doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1]), t0, t1)
                    )
                    continue
                pair = text.split(" and ")
                if len(pair) == 2 and all(_surname_index(full_names, p.strip()) for p in pair):
                    # "when Kiir and Machar fell out": two people named before, joined in one name.
                    for part in pair:
                        person = canonical_actor(part.strip())
                        if len(person.split()) == 1:
                            person = _surname_index(full_names, person) or person
                        at = full_text.find(part, ent.start_char)
                        kind = _kind(person) or "person"
                        mentions.append(Mention(person, kind, at, at + len(part), t0, t1))
                    continue
                name = canonical_actor(acronyms.get(text, text))
                if name == "Jaish-e-Mohammed" and text == "JEM" and dateline_country in _DARFUR:
                    name = "Justice and Equality Movement"  # Darfur's JEM, not the Kashmir group
                if len(name.split()) == 1:  # the small model sometimes tags a lone surname ORG
                    name = _surname_index(full_names, name) or name
                kind = _kind(name) or ("person" if ent.label_ == "PERSON" else "")
                if _described(doc, ent, sent):
                    continue  # "X, the father of Liverpool footballer Y": Y only describes X
                if kind in NON_ACTOR_KINDS:
                    continue
                if ent.label_ == "PERSON" and len(name.split()) > 1:
                    full_names[_surname_key(name.split()[-1])] = name
                mentions.append(Mention(name, kind, doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1]), t0, t1))
                continue
            else:
                continue
            kind = _kind(name)
            if kind in NON_ACTOR_KINDS:
                continue
            if ent.label_ == "PERSON" and len(name.split()) > 1:
                full_names[_surname_key(name.split()[-1])] = name
            mentions.append(Mention(name, kind, ent.start_char, ent.end_char, ent.start, ent.end))
        text = sent.text
        base = sent.start_char
        # Coreference for generic phrases, only where no name covers the phrase.
        covered = [(m.start, m.end) for m in mentions]
        if full_names:
            for token in sent:
                # "Madobe met ...": a surname alone that the small model did not tag.
                full = full_names.get(token.lower_) or (
                    full_names.get(_surname_key(token.text)) if not token.is_ascii else None
                )
                if (
                    full
                    and token.is_title
                    and token.pos_ == "PROPN"
                    and not token.ent_type_
                    and all(token.idx >= b or token.idx + len(token) <= a for a, b in covered)
                ):
                    end = token.idx + len(token)
                    mentions.append(Mention(full, "person", token.idx, end, token.i, token.i + 1, "surname"))
                    covered.append((token.idx, token.idx + len(token)))

        def free(start: int, end: int, covered: list[tuple[int, int]] = covered) -> bool:
            return all(end <= a or start >= b for a, b in covered)

        for written, long_form in defined:
            # The report's own names the small model did not tag: "Members of the Southern
            # Hills Armed Front (SHAF) ... SHAF gunmen", matched as written.
            for m in re.finditer(rf"(?<![\w-]){re.escape(written)}(?![\w-])", text):
                start, end = base + m.start(), base + m.end()
                if not free(start, end):
                    continue
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                name = canonical_actor(long_form)
                mentions.append(Mention(name, _kind(name), start, end, span.start, span.end))
                covered.append((start, end))

        for m in _ARMED_NAME.finditer(text):
            # "the Lashkar-e-Islam group", "Mai-Mai Yakutumba militia": a group the small model
            # and the gazetteer miss, named by the proper nouns before an armed-group noun.
            start, end = base + m.start("name"), base + m.end("name")
            span = doc.char_span(start, end, alignment_mode="expand")
            words = m.group("name").split()
            if (
                span is None
                or not free(start, end)
                or not _proper_words(span)
                or words[0].lower() in _NAME_JOINERS
                or not words[0][0].isalpha()
                or (len(words) == 1 and _is_people_word(words[0]))
                or any(t.ent_id_.startswith("place:") for t in span)
            ):
                continue
            name = canonical_actor(m.group("name"))
            kind = _kind(name) or "rebel group"
            inferred[name] = kind
            mentions.append(Mention(name, kind, start, end, span.start, span.end))
            covered.append((start, end))
        for m in _NAMED_GOVT.finditer(text):
            # "President Gustavo Petro's government": the person's organisation, else the
            # government of the dateline country.
            owner = next((x for x in mentions if x.kind == "person" and x.end == base + m.start()), None)
            info = actor_info(owner.name) if owner else None
            org = info.organisation if info and info.organisation else ""
            if owner and not org and dateline_country:
                org = state_actor("Government", dateline_country)
            if owner and org and free(base + m.start() + 3, base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                kind = _kind(org) or "government"
                mentions.remove(owner)  # the government acts, not its head in person
                mentions.append(
                    Mention(org, kind, owner.start, base + m.end(), owner.token_start, t1, "coreference")
                )
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
        for m in _national().finditer(text) if _TAIL_ANY.search(text) else ():
            # "Sudan's army", "Russian forces", "U.S. and British warplanes": the country is
            # named, no need for the dateline.
            named = not free(base + m.start(), base + m.end())  # "Rwandan troops" in our table
            if named and not (m.group("mil") or m.group("pol")):
                continue
            if m.group("gov") and _TITLE_NOUN.fullmatch(m.group("gov")) and _NAME_NEXT.match(text, m.end()):
                continue  # "Lebanese Prime Minister Najib Mikati": a title; the person is the actor
            prefix = (
                "Military Forces" if m.group("mil") else "Police Forces" if m.group("pol") else "Government"
            )
            lead = text[max(0, m.start() - 40) : m.start()]
            first = _national_first().search(lead) if lead.endswith((" and ", ", ")) else None
            before = lead[: first.start()].split() if first is not None else []
            if before and before[-1].lower() in _LOCATIVE:
                first = None  # "In Gaza, Israeli tanks": where, not a second country
            # "Mozambican and Rwandan troops": the first country's forces too, even when the
            # second's are a name the ruler already found.
            found = [] if named else [(m.group("who"), base + m.start("who"))]
            if first is not None:
                found.insert(0, (first.group("first"), base + m.start() - len(lead) + first.start("first")))
            for who, start in found:
                country = _demonym_country().get(who.lower())
                end = start + len(who) if named else base + m.end()
                if not country or (named and not free(start, end)):
                    continue
                t0, t1 = _char_to_token(doc, start, end)
                name = state_actor(prefix, country)
                mentions.append(Mention(name, _kind(name), start, end, t0, t1))
            covered.append((base + m.start(), base + m.end()))
        for token in sent:
            # "the Rwandans retook the port town": a people as the subject of a military act is
            # its country's armed forces (a people elsewhere is not a party).
            if (
                token.dep_ == "nsubj"
                and token.tag_ == "NNPS"
                and token.text.endswith("s")
                and _military_act(token.head)
                and free(token.idx, token.idx + len(token))
            ):
                country = _demonym_country().get(token.lower_[:-1], "")
                if country:
                    name = state_actor("Military Forces", country)
                    end = token.idx + len(token)
                    t0, t1 = token.i, token.i + 1
                    mentions.append(Mention(name, "state forces", token.idx, end, t0, t1, "country"))
        for m in _pair_pattern().finditer(text) if "-" in text and _PAIR_NOUN.search(text) else ():
            # "A Russian-Turkish ceasefire", "US-Iranian talks": both governments are parties.
            for group in ("a", "b"):
                country = _demonym_country().get(m.group(group).lower())
                start, end = base + m.start(group), base + m.end(group)
                if country and free(start, end):
                    t0, t1 = _char_to_token(doc, start, end)
                    name = state_actor("Government", country)
                    mentions.append(Mention(name, "government", start, end, t0, t1, "country"))
        for m in _SPONSORED.finditer(text):
            # "US-backed talks", "the Kenyan-led mission": the sponsor's government takes part.
            country = _demonym_country().get(m.group("who").lower())
            start, end = base + m.start("who"), base + m.end("who")
            if country and free(start, end):
                t0, t1 = _char_to_token(doc, start, end)
                name = state_actor("Government", country)
                mentions.append(Mention(name, "government", start, end, t0, t1, "country"))
        for m in _LED_FORCES.finditer(text):
            # "American-led forces toppled the Taliban": the leading country's armed forces.
            country = _demonym_country().get(m.group("who").lower())
            start, end = base + m.start("who"), base + m.end("who")
            if country and free(start, end):
                t0, t1 = _char_to_token(doc, start, end)
                name = state_actor("Military Forces", country)
                mentions.append(Mention(name, "state forces", start, end, t0, t1, "country"))
        for place in places:
            # "Russia launched an invasion", "Colombia signed a deal": a country as the subject
            # acts through its government.
            capital = capital_country(place.place.name) if place.place.admin_level else ""
            if (place.place.admin_level != 0 and not capital) or place.possessive:
                continue
            if not free(place.start, place.end):
                continue
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            token = span.root if span is not None else doc[place.token_start]
            first = token
            while first.dep_ == "conj" and first.head is not first:
                first = first.head  # "Russia, France and Germany": the list's first name
            agent = first.dep_ == "pobj" and first.head.lower_ == "by" and first.head.dep_ == "agent"
            partner = (
                not capital
                and first.dep_ == "pobj"
                and first.head.lower_ == "with"
                and first.head.head.lemma_.lower() in _MEETING_WORDS
            )
            if partner:
                # "would host a summit with Russia, France and Germany": the counterparts too.
                name = state_actor("Government", place.place.name)
                t0 = span.start if span is not None else token.i
                t1 = span.end if span is not None else token.i + 1
                mentions.append(Mention(name, "government", place.start, place.end, t0, t1, "country"))
                continue
            if first.dep_ == "nsubj" or (first.dep_ == "nsubjpass" and token is first) or agent:
                # "brokered by Russia and Turkey": the agent of a passive acts too. "Russia
                # launched its invasion", "Israel struck": a military act is the armed forces'.
                verb = first.head.head if agent else first.head
                if capital and not agent and not any(c.dep_ == "dobj" for c in verb.children):
                    continue  # "Moscow annexed Crimea" is the government; "Kabul fell" is the city
                military = _military_act(verb) and not capital  # "Moscow annexed": the government
                kind = "state forces" if military else "government"
                country = capital or place.place.name
                name = state_actor("Military Forces" if military else "Government", country)
                mentions.append(
                    Mention(name, kind, place.start, place.end, span.start, span.end, "country")
                    if span is not None
                    else Mention(name, kind, place.start, place.end, token.i, token.i + 1, "country")
                )
        for m in _SUBNATIONAL.finditer(text):
            # "The State government imposed a curfew", "the provincial government", "the State
            # Cabinet": the government of the state or province the report keeps naming;
            # "the Centre" (India): the national government.
            centre = m.group(0).lower().endswith("centre")
            if centre and dateline_country != "India":
                continue
            if m.group("bare") and dateline_country != "India":
                continue  # "the State" alone stands for a state government only in Indian usage
            if centre:
                name = state_actor("Government", "India")
            else:
                province = max(provinces, key=lambda p: provinces[p]) if provinces else ""
                if not province:
                    continue
                suffix = " State" if dateline_country == "Nigeria" else ""
                name = f"Government of {province}{suffix}"
            start, end = base + m.start(), base + m.end()
            if free(start, end):
                t0, t1 = _char_to_token(doc, start, end)
                mentions.append(Mention(name, "government", start, end, t0, t1, "coreference"))
                covered.append((start, end))
        for m in _REGIME.finditer(text) if dateline_country else ():
            if free(base + m.start(), base + m.end()):
                # "the regime's transport ministry": the government; its arms: the forces.
                prefix = "Government" if m.group("office") else "Military Forces"
                name = state_actor(prefix, dateline_country)
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                start, end = base + m.start(), base + m.end()
                kind = "government" if m.group("office") else "state forces"
                mentions.append(Mention(name, kind, start, end, t0, t1, "dateline country"))
                covered.append((start, end))
        for m in _GOVERNMENT.finditer(text):
            if dateline_country and free(base + m.start(), base + m.end()):
                name = state_actor("Government", dateline_country)
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                mentions.append(
                    Mention(name, "government", base + m.start(), base + m.end(), t0, t1, "coreference")
                )
                covered.append((base + m.start(), base + m.end()))  # "the military government"
        for pattern, prefix in ((_FORCES, "Military Forces"), (_POLICE, "Police Forces")):
            name = state_actor(prefix, dateline_country) if dateline_country else ""
            if not name or actor_info(name) is None:
                continue
            for m in pattern.finditer(text):
                if free(base + m.start(), base + m.end()):
                    t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                    if t1 < len(doc) and doc[t1].ent_iob_ == "I" and doc[t1].ent_type_ in ("FAC", "ORG"):
                        continue  # "the Army Public School": a name the word is part of
                    # "Rwandan soldiers and police": the demonym covers both nouns.
                    shared = _SHARED_DEMONYM.search(text[max(0, m.start() - 40) : m.start()])
                    country = _demonym_country().get(shared.group(1).lower(), "") if shared else ""
                    # "Moscow's troops": the capital's country, whatever the dateline.
                    owner = _CAPITAL_OWNER.search(text[max(0, m.start() - 30) : m.start()])
                    country = country or (capital_country(owner.group(1)) if owner else "")
                    country = country or _sender_country(doc[max(t1 - 1, t0)])
                    own = state_actor(prefix, country) if country else name
                    mentions.append(
                        Mention(own, _kind(own), base + m.start(), base + m.end(), t0, t1, "dateline country")
                    )
                    break
        if dateline_country:
            mentions.extend(_unnamed_posts(sent, dateline_country, free))
        # Outside talk the latest pair wins: "Pakistan and the Taliban held talks ... The two
        # neighbours exchanged fire" after an earlier attack by a third party.
        talks_pair = len(last_talks) == 2 and (
            _TALKS.search(text) or len(last_pair) < 2 or talks_at > pair_at
        )
        pair = last_talks if talks_pair else last_pair
        # "fought around Manbij, with dozens killed on both sides": a sentence naming two
        # parties itself is about them, not about the pair named before.
        own = list(
            dict.fromkeys(
                m.name
                for m in mentions
                if not m.resolved and (_kind(m.name) or m.kind) not in ("person", "media")
            )
        )
        if len(own) >= 2:
            pair = own[:2]
        for m in _TWO_MEN.finditer(text):
            # "The two generals had seized power together": the last two persons named.
            if len(last_persons) >= 2 and free(base + m.start(), base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                for name in last_persons[-2:]:
                    mentions.append(
                        Mention(name, "person", base + m.start(), base + m.end(), t0, t1, "coreference")
                    )
                covered.append((base + m.start(), base + m.end()))
        for m in _TWO_SIDES.finditer(text):
            if len(pair) == 2 and free(base + m.start(), base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                for name in pair:
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
        for m in _BODY_NOUN.finditer(text):
            # "the alliance", "Coalition warplanes", "the mission", "the force's commander": the
            # last body named whose name has that noun.
            target = last_body.get((m.group("noun") or m.group("capital")).lower(), "")
            if target and free(base + m.start(), base + m.end()):
                t0, t1 = _char_to_token(doc, base + m.start(), base + m.end())
                mentions.append(
                    Mention(target, _kind(target), base + m.start(), base + m.end(), t0, t1, "coreference")
                )
        first_token = next((t for t in sent if not t.is_space), None)
        if (
            first_token is not None
            and (
                first_token.lower_ in ("its", "their")
                # "It was driven out of Mogadishu in 2011": an armed group of the sentence before.
                or (
                    first_token.lower_ == "it"
                    and first_token.dep_ in ("nsubj", "nsubjpass")
                    and _kind(prev_subject) in ARMED_KINDS
                )
            )
            and prev_subject
            and free(first_token.idx, first_token.idx + len(first_token))
        ):
            # "Its offensive began on ...": the party the previous sentence was about.
            mentions.append(
                Mention(
                    prev_subject,
                    _kind(prev_subject),
                    first_token.idx,
                    first_token.idx + len(first_token),
                    first_token.i,
                    first_token.i + 1,
                    "coreference",
                )
            )
        if last_person:
            mentions.extend(_person_pronoun(sent, last_person, mentions, free))
        mentions = _without_title_orgs(doc, mentions)
        mentions.sort(key=lambda m: (m.start, m.name))
        prev_subject = next((m.name for m in mentions if _kind(m.name) not in ("person", "media")), "")
        # Update the document state from names (not from resolved phrases).
        named = [m.name for m in mentions if not m.resolved]
        # Parties may be named or resolved ("the army has been fighting the paramilitaries").
        # A source ("according to X", "told X") or a broker ("talks brokered by X and Y") is
        # never one of "the two sides".
        aside = _sources_and_brokers(sent) if len(mentions) >= 2 else set()
        sides = [m for m in mentions if m.token_start not in aside]
        distinct = list(dict.fromkeys(m.name for m in sides if m.resolved != "country"))
        kinds = {m.name: m.kind for m in mentions}
        parties = [n for n in distinct if (_kind(n) or kinds.get(n, "")) not in ("person", "media")]
        # "The two sides" are negotiating or fighting parties: only sentences about
        # an interaction between them set the pair.
        # Two armed sides named together before any pair are one whatever the verb ("as the SAF
        # tried to push the RSF back from positions near the bridge").
        if len(parties) >= 2 and (
            _INTERACTION.search(text)
            or (len(last_pair) < 2 and all(_armed_side(n, kinds.get(n, "")) for n in parties[:2]))
        ):
            last_pair = parties[:2]
            pair_at = s_index
        # Countries that negotiate are parties too ("Pakistan and the Taliban held talks").
        # A minister speaking of talks stands for the government ("Interior Minister X said talks
        # with the TTP were no longer an option").
        negotiators = [
            n
            for n in dict.fromkeys(_person_org(m.name) for m in sides)
            if (_kind(n) or kinds.get(n, "")) not in ("person", "media")
        ]
        if len(negotiators) >= 2 and _TALKS.search(text):
            last_talks = negotiators[:2]
            talks_at = s_index
        for m in mentions:
            if not m.resolved:
                for noun in _body_nouns(m.name, full_text[m.start : m.end]):
                    last_body[noun] = m.name
        for name in named:
            kind = _kind(name) or inferred.get(name, "")
            if kind in ARMED_KINDS:
                last_armed = name
                armed_counts[name] = armed_counts.get(name, 0) + 1
                armed_order[name] = len(armed_order) + s_index * 1000
            if kind == "person" or kinds.get(name) == "person":
                last_person = name
                if name in last_persons:
                    last_persons.remove(name)
                last_persons.append(name)
        for m in mentions:
            # "The cartel has been fighting the rival Sinaloa Cartel": the group the text keeps
            # referring back to is what it is about.
            if m.resolved == "coreference" and m.name in armed_counts:
                armed_counts[m.name] += 1
        if drc:
            mentions = [replace(m, name=_as_drc(m.name)) for m in mentions]
            places = [_place_as_drc(p) for p in places]
        for place in places:
            level = place.place
            if level.admin_level == 1 and (not dateline_country or level.country == dateline_country):
                provinces[level.name] = provinces.get(level.name, 0) + 1
        out.actors[s_index] = mentions
        out.places[s_index] = places
    return out


def _armed_side(name: str, kind: str) -> bool:
    """An armed group or a state's armed forces."""
    kind = _kind(name) or kind
    return kind in ARMED_KINDS or name.startswith("Military Forces of")


def _person_org(name: str) -> str:
    """A government member's government ("Chaudhry Nisar Ali Khan" -> Government of Pakistan),
    else the name itself."""
    info = actor_info(name)
    if (
        info is not None
        and info.kind == "person"
        and info.organisation.startswith("Government of")
        and "minister" in info.role.lower()  # a minister, not an envoy who is a party himself
    ):
        return info.organisation
    return name


_BROKER_VERBS = frozenset(
    {"broker", "mediate", "facilitate", "host", "sponsor", "back", "organise", "organize", "convene",
     "chair", "guarantee", "witness"}
)  # fmt: skip


def _sources_and_brokers(sent: Any) -> set[int]:
    """Tokens of the sentence that name a source ("according to the National News Agency",
    "told Radio Okapi") or a broker ("talks brokered by Saudi Arabia and the United States")."""
    out: set[int] = set()
    if not sent.doc.has_annotation("DEP"):
        return out
    for tok in sent:
        low = tok.lower_
        broker = low == "by" and tok.dep_ == "agent" and tok.head.lemma_.lower() in _BROKER_VERBS
        if low == "according" or broker:
            out.update(t.i for t in tok.subtree)
        elif tok.lemma_.lower() == "tell" and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("dative", "dobj") or (child.dep_ == "prep" and child.lower_ == "to"):
                    out.update(t.i for t in child.subtree)
    return out


_SAYING = frozenset({"say", "tell", "add", "note", "claim", "insist", "write"})


def _person_pronoun(sent: Any, person: str, mentions: list[Mention], free: Any) -> list[Mention]:
    """A pronoun for the last person named ("He is expected to visit", "His plane was diverted").

    Only a subject "he"/"she" or a "his"/"her" opening the sentence, with no person named
    before it in the sentence; "he said" is a speaker, not a party.
    """
    first = next((t for t in sent if not t.is_space), None)
    for tok in sent:
        subject = tok.lower_ in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass")
        opening = first is not None and tok.i == first.i and tok.lower_ in ("his", "her")
        if opening and _POSSESSIVE_GOVT.match(sent.doc[tok.i : tok.i + 2].text):
            return []  # "His government" is the organisation, resolved above
        if not (subject or opening):
            continue
        if subject and tok.head.lemma_.lower() in _SAYING:
            return []
        if any(m.kind == "person" and m.start < tok.idx for m in mentions):
            return []
        if not free(tok.idx, tok.idx + len(tok)):
            return []
        return [Mention(person, "person", tok.idx, tok.idx + len(tok), tok.i, tok.i + 1, "coreference")]
    return []


_POSTS = frozenset(
    {"base", "bases", "post", "posts", "outpost", "outposts", "checkpost", "checkposts", "checkpoint",
     "checkpoints", "barracks", "garrison", "station", "stations", "convoy", "convoys", "patrol", "patrols"}
)  # fmt: skip
_ATTACKS_ON = frozenset(
    {"attack", "storm", "overrun", "strike", "raid", "ambush", "target", "hit", "shell", "bomb", "assault",
     "seize", "capture", "besiege", "overwhelm", "torch", "burn", "loot", "ram"}
)  # fmt: skip


def _unnamed_posts(sent: Any, country: str, free: Any) -> list[Mention]:
    """A target named only by a security post ("stormed a checkpost", "attacked the base",
    "overran army outposts", "an ambush on a police convoy"): the forces of the report's country,
    as the independent annotators list targets (ACLED's actor2). Not when someone owns it
    ("an RSF base", "its base"), and a police post is the police's."""
    out = []
    for token in sent:
        if token.lower_ not in _POSTS or not free(token.idx, token.idx + len(token)):
            continue
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in ("on", "against") and head.head.pos_ == "NOUN":
            head = head.head  # "an attack on a military post"
        elif token.dep_ not in ("dobj", "nsubjpass"):
            continue
        if head.lemma_.lower() not in _ATTACKS_ON:
            continue
        left = list(token.lefts)
        if any(t.dep_ == "poss" or t.pos_ == "PROPN" or t.ent_type_ for t in left):
            continue
        words = {t.lower_ for t in token.subtree if t.i < token.i}
        if token.lower_.startswith("station") and "police" not in words:
            continue
        kind = "Police Forces" if "police" in words else "Military Forces"
        if token.lower_.startswith(("convoy", "patrol")) and not words & {"police", "army", "military"}:
            continue  # "a convoy" may carry anyone
        name = state_actor(kind, country)
        if actor_info(name) is None:
            continue
        out.append(Mention(name, _kind(name), token.idx, token.idx + len(token), token.i, token.i + 1,
                           "dateline country"))  # fmt: skip
    return out


# A report that names the Democratic Republic of Congo means it by "Congo" and "Congolese".
_DRC = re.compile(r"\bDemocratic\s+Republic\s+of\s+(?:the\s+)?Congo\b|\bD\.?R\.?\s?Congo\b|\bDRC\b")


def _as_drc(name: str) -> str:
    return name.replace("the Republic of Congo", "the Democratic Republic of Congo")


def _place_as_drc(mention: PlaceMention) -> PlaceMention:
    if mention.place.country != "Republic of Congo":
        return mention
    if mention.place.admin_level == 0:
        drc = lookup_place("Democratic Republic of Congo")
        return replace(mention, place=drc) if drc else mention
    return replace(mention, place=replace(mention.place, country="Democratic Republic of Congo"))


def best_place(places: list[PlaceMention]) -> Place | None:
    """The most specific place in a sentence, ignoring possessive modifiers when others exist."""
    if not places:
        return None
    usable = [p for p in places if not p.possessive] or []
    if not usable:
        return None
    return max(usable, key=lambda p: (p.place.admin_level, p.locative, -p.start)).place
