"""Text pipeline stages: gazetteer, actors and coreference, triggers, status, spans from timexes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from loaders.temporal.timex import Timex
from loaders.text.actors import best_place, document_actors
from loaders.text.assemble import build_events, duration_parts, merge_adjacent
from loaders.text.gazetteer import lookup_place
from loaders.text.nlp import pipeline
from loaders.text.status import status_of
from loaders.text.types import find_triggers

REF = date(2021, 11, 5)


def _doc(text: str):
    return pipeline().nlp(text)


@pytest.mark.parametrize(
    ("name", "level", "country"),
    [
        ("Khost province", 1, "Afghanistan"),
        ("north waziristan", 2, "Pakistan"),
        ("Bamyan", 1, "Afghanistan"),
        ("Peshawar", 2, "Pakistan"),
        ("Doha", 2, "Qatar"),
        ("Turkey", 0, "Türkiye"),
        ("Pakistan", 0, "Pakistan"),
    ],
)
def test_text_gazetteer_lookup(name: str, level: int, country: str) -> None:
    place = lookup_place(name)
    assert place is not None and place.admin_level == level and place.country == country


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("Tehreek-i-Taliban Pakistan fighters attacked a post.", ["Tehrik-i-Taliban Pakistan"]),
        (
            "The Pakistani Taliban and the Afghan Taliban met.",
            ["Tehrik-i-Taliban Pakistan", "Afghan Taliban"],
        ),
        ("Tehrik-e-Taliban Pakistan (TTP) said it attacked.", ["Tehrik-i-Taliban Pakistan"]),
        ("The Haqqani Network denied it.", ["Haqqani Network"]),
        ("Prime Minister Imran Khan spoke.", ["Imran Khan"]),
        ("The Dawn newspaper reported the talks.", []),  # the outlet is not an actor
        ("Let us hope the talks succeed.", []),  # "us", "let" are words, not acronyms
    ],
)
def test_text_actors_folded(sentence: str, actors: list[str]) -> None:
    found = document_actors(_doc(sentence))
    assert list(dict.fromkeys(m.name for m in found.actors[0])) == actors


def test_text_actors_coreference() -> None:
    text = (
        "ISLAMABAD: Officials of the Pakistani government held talks with the TTP in Kabul.\n\n"
        "Sirajuddin Haqqani hosted the meeting.\n\n"
        "Haqqani said the two sides would meet again.\n\n"
        "The government said the militants must disarm.\n\n"
        "Omar Farooq, a local commander, said Farooq would not attend."
    )
    doc = _doc(text)
    found = document_actors(doc, dateline_country="Pakistan")
    names = [[m.name for m in found.actors[i]] for i in range(len(list(doc.sents)))]
    assert "Sirajuddin Haqqani" in names[2]
    assert {"Government of Pakistan", "Tehrik-i-Taliban Pakistan"} <= set(names[2])
    assert names[3] == ["Government of Pakistan", "Tehrik-i-Taliban Pakistan"]
    assert names[4].count("Omar Farooq") == 2  # surname alone -> the full name seen before


def test_text_places_specific_and_not_possessive() -> None:
    doc = _doc("Talks were held in Afghanistan's Khost province near the border.")
    found = document_actors(doc)
    place = best_place(found.places[0])
    assert place is not None and place.name == "Khost"
    doc = _doc("Afghanistan's minister spoke.")
    assert best_place(document_actors(doc).places[0]) is None


@pytest.mark.parametrize(
    ("sentence", "label", "event_type", "cameo"),
    [
        ("The Taliban takeover of Kabul shocked the world.", "Takeover", "Strategic developments", "192"),
        ("Talks resumed in Doha.", "Talks", "Strategic developments", "046"),
        ("A month-long truce was declared.", "Truce", "Strategic developments", "0871"),
        ("A suicide attack hit the market.", "Suicide attack", "Explosions/Remote violence", "183"),
        ("Police arrested five men.", "Arrest", "Strategic developments", "173"),
        ("Khan gave an interview.", "Interview", "Statement", "010"),
        ("The army launched a military operation.", "Military operation", "Battles", "190"),
        ("The prisoners were released.", "Prisoner release", "Strategic developments", "0841"),
    ],
)
def test_text_types_triggers(sentence: str, label: str, event_type: str, cameo: str) -> None:
    doc = _doc(sentence)
    kinds = [t.kind for t in find_triggers(next(doc.sents))]
    assert any(k.label == label and k.event_type == event_type and k.cameo == cameo for k in kinds)


def test_text_types_reporting_verbs_are_not_events() -> None:
    doc = _doc("Sources said the report added details, officials told reporters.")
    assert find_triggers(next(doc.sents)) == []


@pytest.mark.parametrize(
    ("sentence", "trigger", "status"),
    [
        ("The army attacked the post.", "attacked", "occurred"),
        ("The army will attack the post.", "attack", "planned"),
        ("The truce shall be extendable.", "truce", "planned"),
        ("Talks are being held in Kabul.", "Talks", "ongoing"),
        ("The army did not attack the post.", "attack", "negated"),
        ("The promised talks never happened.", "talks", "negated"),
        ("The government plans to release the prisoners.", "release", "planned"),
        ("No talks were held.", "talks", "negated"),
        ("The group has yet to confirm the talks.", "confirm", "negated"),
        ("Elections expected later this year will be tense.", "Elections", "planned"),
        ("A truce, which will begin once prisoners are freed, was agreed.", "truce", "planned"),
    ],
)
def test_text_status(sentence: str, trigger: str, status: str) -> None:
    doc = _doc(sentence)
    token = next(t for t in doc if t.text == trigger)
    assert status_of(token) == status


def _tx(text: str, phrase: str, **kw) -> Timex:
    start = text.index(phrase)
    return Timex(start=start, end=start + len(phrase), text=phrase, **kw)


def _events(text: str, timexes: list[Timex], published: date | None = REF):
    doc = _doc(text)
    actors = document_actors(doc, dateline_country="Pakistan")
    return build_events(doc, timexes, published=published, source="t", doc_id="d", actors=actors)


AUG = {
    "type": "DATE",
    "value": "2021-08",
    "span_start": datetime(2021, 8, 1),
    "span_end": datetime(2021, 9, 1),
    "precision": "month",
}


@pytest.mark.parametrize(
    ("text", "phrase", "timex", "start", "end", "precision", "status", "approximate"),
    [
        (
            "Talks have been held in Khost for nearly two weeks.",
            "nearly two weeks",
            {"type": "DURATION", "value": "P2W", "mod": "APPROX"},
            "2021-10-23",
            "2021-11-06",
            "week",
            None,
            True,
        ),
        (
            "A month-long truce will take effect once prisoners are freed.",
            "month-long",
            {"type": "DURATION", "value": "P1M"},
            "2021-11-05",
            "2021-12-05",
            "month",
            "planned",
            True,
        ),
        (
            "Attacks have risen since August.",
            "August",
            AUG,
            "2021-08-01",
            "2021-11-06",
            "month",
            "ongoing",
            False,
        ),
        (
            "The Taliban took Kabul in August.",
            "August",
            AUG,
            "2021-08-01",
            "2021-09-01",
            "month",
            "occurred",
            False,
        ),
        (
            "The army ended nearly two decades of militancy.",
            "nearly two decades",
            {"type": "DURATION", "value": "P2DE", "mod": "APPROX"},
            "2001-11-06",
            "2021-11-06",
            "decade",
            "occurred",
            True,
        ),
        (
            "Militants attacked a post on Sunday evening.",
            "Sunday evening",
            {
                "type": "TIME",
                "value": "2021-10-31TEV",
                "span_start": datetime(2021, 10, 31, 18),
                "span_end": datetime(2021, 11, 1),
                "precision": "hour",
            },
            "2021-10-31",
            "2021-11-01",
            "day",
            "occurred",
            False,
        ),
    ],
)
def test_text_assemble_spans(text, phrase, timex, start, end, precision, status, approximate) -> None:
    events = _events(text, [_tx(text, phrase, **timex)])
    dated = [e for e in events if e.start is not None]
    assert len(dated) == 1
    event = dated[0]
    assert (event.start, event.end) == (datetime.fromisoformat(start), datetime.fromisoformat(end))
    assert event.precision == precision and event.approximate is approximate
    if status:
        assert event.status == status
    assert event.timex == phrase and text[event.timex_start : event.timex_end] == phrase


def test_text_assemble_since_clause_gives_two_events() -> None:
    text = "Attacks have risen since the Taliban takeover of Kabul in August."
    events = _events(text, [_tx(text, "August", **AUG)])
    # The label alone: the main clause names no actor, so its title has no ": actor" part.
    spans = {(e.title.split(":")[0].split(" in ")[0], e.start, e.end, e.status) for e in events}
    assert ("Takeover", datetime(2021, 8, 1), datetime(2021, 9, 1), "occurred") in spans
    assert ("Attack", datetime(2021, 8, 1), datetime(2021, 11, 6), "ongoing") in spans


def test_text_assemble_undated_sentence_gets_no_date() -> None:
    text = "The army launched a major operation in North Waziristan."
    (event,) = _events(text, [])
    assert event.start is None and event.precision == "unknown"
    assert event.location == "North Waziristan" and event.actor1 == "Military Forces of Pakistan"


def test_text_assemble_statement_date_is_not_the_event_date() -> None:
    text = "Ten people were killed when a bomb exploded on Monday, officials said on Wednesday."
    monday = {
        "type": "DATE",
        "value": "2021-11-01",
        "span_start": datetime(2021, 11, 1),
        "span_end": datetime(2021, 11, 2),
        "precision": "day",
    }
    wednesday = {
        "type": "DATE",
        "value": "2021-11-03",
        "span_start": datetime(2021, 11, 3),
        "span_end": datetime(2021, 11, 4),
        "precision": "day",
    }
    events = _events(text, [_tx(text, "Monday", **monday), _tx(text, "Wednesday", **wednesday)])
    assert [e.start for e in events] == [datetime(2021, 11, 1)]
    assert events[0].fatalities == 10


def test_text_assemble_shortly_before_another_event() -> None:
    text = (
        "Shortly before the Taliban takeover, the government formed a commission.\n\n"
        "The takeover of Kabul came in August."
    )
    events = _events(text, [_tx(text, "August", **AUG)])
    before = next(e for e in events if "commission" in e.evidence)
    assert before.end == datetime(2021, 8, 1) and before.approximate


def test_text_assemble_merge_adjacent_month_and_year() -> None:
    text = "in March last year"
    march = _tx(
        text,
        "March",
        type="DATE",
        value="2023-03",
        span_start=datetime(2023, 3, 1),
        span_end=datetime(2023, 4, 1),
        precision="month",
    )
    last = _tx(
        text,
        "last year",
        type="DATE",
        value="2022",
        span_start=datetime(2022, 1, 1),
        span_end=datetime(2023, 1, 1),
        precision="year",
    )
    (merged,) = merge_adjacent(text, [march, last])
    assert (merged.span_start, merged.span_end, merged.text) == (
        datetime(2022, 3, 1),
        datetime(2022, 4, 1),
        "March last year",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P2W", (0, 14, "week")),
        ("P1M", (1, 0, "month")),
        ("P20Y", (240, 0, "year")),
        ("P2DE", (240, 0, "decade")),
        ("PT72H", (0, 3, "hour")),
        ("P1DT12H", (0, 1, "day")),
        ("PXY", None),
        ("P99999999999W", None),
        ("P99999CE", None),
    ],
)
def test_text_assemble_parse_duration(value: str, expected) -> None:
    parsed = duration_parts(value)
    if expected is None:
        assert parsed is None
    else:
        assert (parsed[0], parsed[1].days, parsed[2]) == expected


def test_text_nlp_paragraphs_break_sentences_but_wrapped_lines_do_not() -> None:
    doc = _doc("Talks began in Doha on the\nfirst day of the month.\n\nFighting continued in Kunar")
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents == ["Talks began in Doha on the\nfirst day of the month.", "Fighting continued in Kunar"]


def test_text_assemble_range_and_planned_in_the_past() -> None:
    text = "The Taliban ruled Afghanistan from 1996 to 2001.\n\nThe last troops will leave by September 11."
    y1996 = _tx(
        text,
        "1996",
        type="DATE",
        value="1996",
        span_start=datetime(1996, 1, 1),
        span_end=datetime(1997, 1, 1),
        precision="year",
    )
    y2001 = _tx(
        text,
        "2001",
        type="DATE",
        value="2001",
        span_start=datetime(2001, 1, 1),
        span_end=datetime(2002, 1, 1),
        precision="year",
    )
    # A tagger slip: a year-less date in a future sentence resolved into the past.
    sept = _tx(
        text,
        "September 11",
        type="DATE",
        value="2021-09-11",
        span_start=datetime(2021, 9, 11),
        span_end=datetime(2021, 9, 12),
        precision="day",
    )
    events = _events(text, [y1996, y2001, sept])
    rule = next(e for e in events if "ruled" in e.evidence)
    assert (rule.start, rule.end, rule.precision) == (datetime(1996, 1, 1), datetime(2002, 1, 1), "year")
    leave = next(e for e in events if "leave" in e.evidence)
    assert leave.start is None and leave.status == "planned"


def test_text_actors_unknown_place_names_are_not_actors() -> None:
    doc = _doc("Fighters attacked camps in the Panjgur and Noshki districts.")
    found = document_actors(doc, dateline_country="Pakistan")
    assert all(m.name not in ("Panjgur", "Noshki") for m in found.actors[0])


# The actors stage's name alternation written as a trie: exactly the matches of the plain one.
TRIE_NAMES = ["Sudan", "Sudanese", "South Sudan", "South Sudanese", "U.S.", "US", "Côte d'Ivoire", "Congo",
              "Congolese", "Niger", "Nigeria", "Nigerian", "Nigerien"]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Sudanese army and South Sudan's forces; NIGERIEN troops, nigerian police",
        "the U.S. and US-backed forces near the Côte d'Ivoire border, côte d'ivoire's army",
        "Congolese, Congo and the DR Congo government; Nigeria-Niger talks",
        "Sudanes Sudan Sudanesex -Sudan Sudan-",
    ],
)
def test_text_actors_trie_matches_the_plain_alternation(text: str) -> None:
    import re

    from loaders.text.actors import _NATIONAL_TAIL, _trie

    plain = "|".join(re.escape(n) for n in sorted(TRIE_NAMES, key=len, reverse=True))
    for tail in (_NATIONAL_TAIL, r"(?:,\s+|\s+and\s+)", ""):
        old = re.compile(rf"(?<![\w-])(?P<who>{plain}){tail}", re.IGNORECASE)
        new = re.compile(rf"(?<![\w-])(?P<who>{_trie(TRIE_NAMES)}){tail}", re.IGNORECASE)
        assert [(m.span(), m.groupdict()) for m in new.finditer(text)] == [
            (m.span(), m.groupdict()) for m in old.finditer(text)
        ]


def test_text_actors_trie_falls_back_for_special_case_letters() -> None:
    from loaders.text.actors import _trie

    assert _trie(["Kelvin\u212a", "Kenya"]) == "Kelvin\u212a|Kenya"
