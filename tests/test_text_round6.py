"""Round-6 rules of the text loader: actors as a class.

Armed groups of current conflicts named by their common names, aliases and acronyms reach
the event's actors (data rows in `events/data/actors.csv`, fed to the entity ruler), folded
to one canonical name.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from events.actors import canonical_actor
from loaders.text import extract

PUB = date(2024, 3, 14)


def _actors(text: str, fragment: str) -> set[str]:
    table: pd.DataFrame = extract(text, source="round6.txt", published=PUB).table
    rows = table[table["evidence"].str.contains(fragment, regex=False)]
    return {a for r in rows.itertuples() for a in r.actors}


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("AQAP", "Al-Qaeda in the Arabian Peninsula"),
        ("AQIM", "Al-Qaeda in the Islamic Maghreb"),
        ("FDLR", "Democratic Forces for the Liberation of Rwanda"),
        ("ARSA", "Arakan Rohingya Salvation Army"),
        ("KNDF", "Karenni Nationalities Defence Force"),
        ("UWSA", "United Wa State Army"),
        ("ULFA-I", "United Liberation Front of Asom"),
        ("NSCN-IM", "National Socialist Council of Nagaland"),
        ("PAFF", "People's Anti-Fascist Front"),
        ("LeT", "Lashkar-e-Taiba"),
        ("Shabaab", "Al-Shabaab"),
        ("OLF-Shane", "Oromo Liberation Army"),
        ("Wilayat Sinai", "Islamic State Sinai Province"),
        ("Ahlu Sunnah wa Jama'a", "Islamic State Mozambique Province"),
        ("Asaib Ahl al-Haq", "Asa'ib Ahl al-Haq"),
        ("Rwanda Defence Force", "Military Forces of Rwanda"),
        ("Ukrainian Armed Forces", "Military Forces of Ukraine"),
        ("Janjaweed militias", "Janjaweed"),
        ("Polisario", "Polisario Front"),
        ("U.S.-led coalition", "US-led coalition"),
        ("G5 Sahel Joint Force", "G5 Sahel"),
        ("JUI-F", "Jamiat Ulema-e-Islam-Fazl"),
        ("KRG", "Kurdistan Regional Government"),
        ("CARICOM", "Caribbean Community"),
        ("Assam Rifles", "Military Forces of India"),
        ("Resolute Support", "North Atlantic Treaty Organization"),
    ],
)
def test_text_round6_group_aliases_fold(alias: str, canonical: str) -> None:
    assert canonical_actor(alias) == canonical


@pytest.mark.parametrize(
    ("text", "fragment", "present"),
    [
        (
            "ADEN, Yemen - Fighters of AQAP attacked an army checkpoint in Abyan province "
            "on Tuesday, killing four soldiers, local officials said.",
            "attacked an army checkpoint",
            "Al-Qaeda in the Arabian Peninsula",
        ),
        (
            "GOMA, Congo - FDLR gunmen raided a village in Rutshuru territory on Monday, "
            "burning dozens of houses, residents said.",
            "raided a village",
            "Democratic Forces for the Liberation of Rwanda",
        ),
        (
            "IMPHAL, India - Suspected ULFA-I militants ambushed a patrol near the border "
            "with Myanmar on Wednesday, the army said.",
            "ambushed a patrol",
            "United Liberation Front of Asom",
        ),
        (
            "YANGON, Myanmar - The Arakan Rohingya Salvation Army clashed with rival fighters "
            "in a camp near Maungdaw on Sunday.",
            "clashed with rival fighters",
            "Arakan Rohingya Salvation Army",
        ),
    ],
)
def test_text_round6_groups_in_text(text: str, fragment: str, present: str) -> None:
    assert present in _actors(text, fragment)


@pytest.mark.parametrize(
    ("text", "fragment", "present"),
    [
        # A pair set by an armed interaction, not only by talks or clashes.
        (
            "TILLABERI, Niger - The Nigerien army said its soldiers had repelled an ISGS attack on a "
            "post near the border with Mali. Fighting between the two sides has gone on since "
            "Tuesday, residents said.",
            "Fighting between the two sides",
            "Military Forces of Niger",
        ),
        # A sentence naming two parties is its own pair for "both sides".
        (
            "KABUL, Afghanistan - Islamic State militants attacked a Taliban checkpoint in Kunar "
            "on Monday. In the north, Taliban forces have been fighting the National Resistance "
            "Front in the Panjshir valley since Tuesday, both sides said.",
            "have been fighting",
            "National Resistance Front",
        ),
    ],
)
def test_text_round6_two_sides(text: str, fragment: str, present: str) -> None:
    assert present in _actors(text, fragment)


def test_text_round6_both_sides_not_the_earlier_pair() -> None:
    text = (
        "KABUL, Afghanistan - Islamic State militants attacked a Taliban checkpoint in Kunar "
        "on Monday. In the north, Taliban forces have been fighting the National Resistance "
        "Front in the Panjshir valley since Tuesday, both sides said."
    )
    assert "Islamic State Khorasan Province" not in _actors(text, "have been fighting")


@pytest.mark.parametrize(
    ("text", "fragment", "present"),
    [
        # A subject "he" is the last person named, even one our table does not know.
        (
            "ANKARA, Turkey - Foreign Minister Dilek Sarioglu-Baran said on Monday that Ankara "
            "would keep its troops in the north. She is expected to visit Baghdad next week.",
            "expected to visit",
            "Dilek Sarioglu-Baran",
        ),
        # "His" opening a sentence: the person of the sentence before.
        (
            "PORT-AU-PRINCE, Haiti - Prime Minister Ariel Henry left for Nairobi on Thursday. "
            "His aides announced a boycott of the talks on Tuesday.",
            "announced a boycott",
            "Ariel Henry",
        ),
    ],
)
def test_text_round6_person_pronouns(text: str, fragment: str, present: str) -> None:
    assert present in _actors(text, fragment)


def test_text_round6_pronoun_after_a_named_person_is_not_resolved() -> None:
    text = (
        "JUBA, South Sudan - Riek Machar fled the capital on Monday. "
        "Salva Kiir said he would hold talks on Friday."
    )
    assert "Riek Machar" not in _actors(text, "would hold talks")


@pytest.mark.parametrize(
    ("text", "fragment", "present", "absent"),
    [
        # The sponsor of talks or of a mission takes part through its government.
        (
            "KHARTOUM, Sudan - Qatari-brokered talks between the two warring sides collapsed in "
            "Doha on Monday.",
            "talks between",
            "Government of Qatar",
            "",
        ),
        (
            "PORT-AU-PRINCE, Haiti - The Security Council extended the Kenyan-led mission on Tuesday.",
            "extended",
            "Government of Kenya",
            "",
        ),
        # Forces led by a country are its armed forces.
        (
            "MOSUL, Iraq - American-led forces pushed into the old city on Sunday.",
            "pushed into",
            "Military Forces of the United States",
            "",
        ),
        # A backer of a militia is a label, not a party.
        (
            "BAGHDAD, Iraq - Iran-backed militiamen fired rockets at a base on Tuesday.",
            "fired rockets",
            "",
            "Government of Iran",
        ),
    ],
)
def test_text_round6_sponsors(text: str, fragment: str, present: str, absent: str) -> None:
    got = _actors(text, fragment)
    assert not present or present in got
    assert not absent or absent not in got


def test_text_round6_it_opening_is_the_armed_group_before() -> None:
    text = (
        "BAIDOA, Somalia - Al-Shabaab fighters attacked an army base near the town on Monday. "
        "It was driven out of Kismayo in 2012."
    )
    assert "Al-Shabaab" in _actors(text, "driven out")


@pytest.mark.parametrize(
    ("text", "fragment", "present", "absent"),
    [
        # Tanks, missiles, marines of a country are its armed forces.
        (
            "KHAN YOUNIS, Gaza Strip - In Rafah, Israeli tanks pushed into the eastern districts "
            "on Wednesday.",
            "tanks pushed",
            "Military Forces of Israel",
            "Military Forces of Gaza Strip",
        ),
        (
            "KYIV, Ukraine - Russian missiles struck a power plant near Odesa on Tuesday.",
            "missiles struck",
            "Military Forces of Russia",
            "",
        ),
    ],
)
def test_text_round6_national_weapons(text: str, fragment: str, present: str, absent: str) -> None:
    got = _actors(text, fragment)
    assert present in got
    assert not absent or absent not in got


def test_text_round6_place_words_inside_aliases_are_not_groups() -> None:
    text = (
        "ARISH, Egypt - Gunmen attacked a checkpoint in North Sinai Province on Monday. "
        "Russian warships sailed into the Sea of Azov on Tuesday."
    )
    table = extract(text, source="round6.txt", published=PUB).table
    found = {a for actors in table["actors"] for a in actors}
    assert not found & {"Islamic State Sinai Province", "Azov Brigade"}
