"""Acronyms a report spells out, and operation names that are not organisations."""

from __future__ import annotations

import pytest

from loaders.text.names import acronym_definitions, is_operation_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen of the Northern Hills Liberation Front (NHLF) raided a camp. NHLF later withdrew.",
            {"NHLF": "Northern Hills Liberation Front"},
        ),
        # Function words and hyphenated prefixes are skipped by the initials.
        ("the Islamic State of Iraq and Syria (ISIS)", {"ISIS": "Islamic State of Iraq and Syria"}),
        ("Tehrik-i-Taliban Pakistan (TTP) fighters", {"TTP": "Tehrik-i-Taliban Pakistan"}),
        (
            "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) claimed it",
            {"JNIM": "Jama'at Nusrat al-Islam wal-Muslimin"},
        ),
        ("the Ministry of Defence (MoD) said", {"MoD": "Ministry of Defence"}),
        # The shortest run that spells it: "said the" is not part of the name.
        ("officials said the Coastal Defence Brigade (CDB) fired", {"CDB": "Coastal Defence Brigade"}),
        # The first definition wins.
        (
            "the Popular Front (PF) met. A Patriotic Force (PF) split.",
            {"PF": "Popular Front"},
        ),
        # Brackets that are not acronyms of what precedes them.
        ("KABUL (AP) - Fighting resumed.", {}),
        ("a court in Kano (Nigeria) ruled", {}),
        ("the Forces for the Defence of Rwanda (FDLR)", {}),
        ("a fighter (26) was hurt", {}),
        ("", {}),
    ],
)
def test_acronym_definitions(text: str, expected: dict[str, str]) -> None:
    assert acronym_definitions(text) == expected


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from loaders.text.nlp import pipeline

    pipe = pipeline()
    if pipe.warning:
        pytest.skip("the spaCy model is not installed")
    return pipe.nlp


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("The army launched Operation Zarb-e-Azb in June 2014.", "Zarb-e-Azb", True),
        ("The Khyber-4 operation cleared the valley.", "Khyber-4", True),
        ("Government forces began a counter-offensive, dubbed Desert Shield, on Monday.", "Shield", True),
        ("The Rapid Support Forces shelled the market on Monday.", "Rapid Support Forces", False),
        ("A group called Ansar al-Sunna claimed the raid.", "Ansar al-Sunna", False),
    ],
)
def test_is_operation_name(nlp, sentence: str, name: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    start = sentence.index(name)
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    assert span is not None
    assert is_operation_name(doc, span) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The report's own acronym folds into the full name, even for letters our table
        # reads otherwise (JEM is also Jaish-e-Mohammed's acronym).
        (
            "KHARTOUM, Sudan, May 14, 2024 - Fighters of the Justice and Equality Movement (JEM) "
            "clashed with the Rapid Support Forces near El Fasher on Monday, officials said. "
            "JEM fighters withdrew from the town on Tuesday.",
            [
                ["Justice and Equality Movement", "Rapid Support Forces"],
                ["Justice and Equality Movement"],
            ],
        ),
        (
            "COTABATO, Philippines, March 10, 2015 - Members of the Southern Hills Armed Front (SHAF) "
            "ambushed an army patrol on Sunday, the military said. SHAF gunmen burned a school "
            "on Monday.",
            [
                ["Southern Hills Armed Front", "Military Forces of Philippines"],
                ["Southern Hills Armed Front"],
            ],
        ),
        # Titles come off persons; two people named before and joined by "and" are both actors.
        (
            "JUBA, Sept 22, 2016 - Forces loyal to former First Vice President Riek Machar attacked "
            "the town on Friday, officials said.",
            [["Riek Machar"]],
        ),
        (
            "JUBA, Sept 22, 2016 - President Salva Kiir accused Riek Machar of plotting a coup on Monday. "
            "The war began in December 2013 when Kiir and Machar fell out, officials said.",
            [["Salva Kiir", "Riek Machar"], ["Salva Kiir", "Riek Machar"]],
        ),
        # A government's organs stand for it.
        (
            "NIAMEY, Sept 24, 2019 - The Council of Ministers on Monday extended the state of emergency "
            "in the region by three months.",
            [["Government of Niger"], ["Government of Niger"]],  # the decision, and the three months
        ),
        # A place named by its facility is a place, not an actor.
        (
            "QUETTA, Nov 13, 2023 - Nine soldiers were killed on Sunday in an attack on the Zhob garrison, "
            "officials said.",
            [["Military Forces of Pakistan"]],
        ),
        # An operation's name is not an actor.
        (
            "PESHAWAR, June 20, 2014 - The army launched Operation Sher-e-Khyber in the valley on "
            "Sunday, a spokesman said.",
            [["Military Forces of Pakistan"]],
        ),
    ],
)
def test_text_loader_uses_the_reports_names(text: str, expected: list[list[str]]) -> None:
    from loaders.registry import load

    table = load(text.encode(), source="report.txt").table
    assert [sorted(a) for a in table["actors"]] == [sorted(a) for a in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dateline whose country is several words still gives the publication date.
        (
            "BENI, Democratic Republic of Congo, March 9, 2021 - Gunmen raided a village on Sunday, "
            "the army said.",
            [("2021-03-07", ["Military Forces of the Democratic Republic of Congo"])],
        ),
        # A report about the DRC means it by "Congo" too.
        (
            "GOMA, DR Congo, March 9, 2021 - Congo and Rwanda held talks in Luanda on Monday, "
            "officials said.",
            [("2021-03-08", [])],
        ),
        # "before dawn last Saturday" is Saturday: "before" belongs to the dawn.
        (
            "KISMAYO, Sept 2, 2023 - Militants of al-Shabaab attacked the base before dawn last Saturday, "
            "officials said.",
            [("2023-08-26", ["Al-Shabaab", "Military Forces of Somalia"])],  # the base is the army's
        ),
    ],
)
def test_text_loader_reads_the_report_as_written(text: str, expected: list[tuple[str, list[str]]]) -> None:
    from loaders.registry import load

    table = load(text.encode(), source="report.txt").table
    got = [(str(r.start.date()), sorted(r.actors)) for r in table.itertuples() if r.start == r.start]
    assert got == [(day, sorted(actors)) for day, actors in expected]


def test_text_loader_one_spelling_for_the_drc() -> None:
    from loaders.registry import load

    text = (
        "GOMA, DR Congo, March 9, 2021 - Fighting in Congo killed five people on Sunday, officials said. "
        "Troops shelled rebel positions near Goma on Monday."
    )
    table = load(text.encode(), source="report.txt").table
    assert set(table["country"]) == {"Democratic Republic of Congo"}
