"""Round-7 rules of the text loader's actor stage, each a class of errors.

Places are not parties (a name listed with a known place, what a road runs between, a site);
the story's country is the one its lead names most, not a venue; bodies named by their common
aliases fold to one canonical actor; a surname written with or without accents is one person;
a capital's troops are its country's.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from events.actors import canonical_actor
from loaders.text import extract
from loaders.text.actors import lead_country

PUB = date(2024, 5, 16)  # a Thursday


def _table(text: str) -> pd.DataFrame:
    return extract(text, source="round7.txt", published=PUB).table


def _assert_actor(text: str, fragment: str, expected: str, absent: str) -> None:
    """The event whose evidence holds ``fragment`` names ``expected`` and not ``absent`` ("": no check)."""
    actors = _actors(text, fragment)
    assert expected in actors
    if absent:
        assert absent not in actors


def _actors(text: str, fragment: str) -> set[str]:
    table = _table(text)
    rows = table[table["evidence"].str.contains(fragment, regex=False)]
    return {a for r in rows.itertuples() for a in r.actors}


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Security Council", "United Nations"),
        ("United Nations Interim Force in Lebanon", "UNIFIL"),
        ("Counter-Terrorism Department", "Police Forces of Pakistan"),
        ("Central Reserve Police Force", "Police Forces of India"),
        ("CRPF", "Police Forces of India"),
        ("Haitian National Police", "Police Forces of Haiti"),
        ("PNH", "Police Forces of Haiti"),
        ("El Chapo", "Joaquin Guzman"),
        ("Miyetti Allah", "Miyetti Allah Cattle Breeders Association of Nigeria"),
        ("Chaudhry Nisar", "Chaudhry Nisar Ali Khan"),
        ("Nawab Akbar Bugti", "Akbar Bugti"),
    ],
)
def test_round7_aliases_fold(alias: str, canonical: str) -> None:
    assert canonical_actor(alias) == canonical


@pytest.mark.parametrize(
    ("lead", "country"),
    [
        # A country named only as the venue loses to the parties' country.
        ("Peace talks in Kenya end without a deal\n\nThe Ethiopian government and the rebels "
         "ended a round of talks in Nairobi, Kenya, on Tuesday.", "Ethiopia"),
        # Places the gazetteer knows count towards their country.
        ("Regime forces take villages near Aleppo as Turkish convoys enter Idlib\n\nSyrian troops "
         "advanced on Wednesday.", "Syria"),
        # One country named: that one.
        ("Gunmen kill four in Peshawar\n\nPakistani police said four men died.", "Pakistan"),
    ],
)
def test_round7_lead_country_counts_mentions(lead: str, country: str) -> None:
    assert lead_country(lead) == country


@pytest.mark.parametrize(
    ("text", "fragment", "not_actor"),
    [
        # A name listed with a known place is a place.
        ("KIDAL, Mali (AFP) - Fighters ambushed an army convoy between Zorbi and Kidal on Monday, "
         "officials said.", "ambushed", "Zorbi"),
        # What a road runs between is a place.
        ("BEIRUT, Lebanon (AP) - An Israeli drone struck a motorbike on the road between Qlayaa and "
         "Marjayoun on Tuesday, the agency said.", "struck", "Qlayaa"),
        # A site where something happens is not a party.
        ("GUAYAQUIL, Ecuador (AP) - Inmates rioted in the Pacifico Penitentiary on Monday, police "
         "said.", "rioted", "Pacifico Penitentiary"),
        # A people is not a party.
        ("COTABATO CITY, Philippines - In a speech on Monday, the MILF urged young Tausug people "
         "to shun armed groups.", "urged", "Tausug"),
    ],
)
def test_round7_places_and_peoples_are_not_actors(text: str, fragment: str, not_actor: str) -> None:
    actors = _actors(text, fragment)
    assert actors, "the event should be found"
    assert not any(not_actor in a for a in actors)


def test_round7_capital_possessive_troops_are_that_country() -> None:
    text = (
        "KYIV, Ukraine (Reuters) - Ukrainian officials said on Friday that fighting went on.\n\n"
        "Moscow's troops shelled the town of Kupiansk on Thursday, the officials said."
    )
    actors = _actors(text, "shelled")
    assert "Military Forces of Russia" in actors
    assert "Military Forces of Ukraine" not in actors


def test_round7_surname_with_or_without_accents() -> None:
    text = (
        "CULIACAN, Mexico (AP) - The cartel split after Joaquín \"El Chapo\" Guzmán was jailed.\n\n"
        "Guzmán was extradited to the United States in January 2017."
    )
    assert "Joaquin Guzman" in _actors(text, "extradited")


@pytest.mark.parametrize(
    ("text", "fragment", "expected", "absent"),
    [
        # A regime's or junta's arms are its armed forces; "the regime" alone is the side that fights.
        ("DAMASCUS, Syria (AP) - Regime shelling hit the town of Sarmin on Tuesday, activists said.",
         "shelling", "Military Forces of Syria", "Government of Syria"),
        ("DAMASCUS, Syria (AP) - The village fell to the regime on Tuesday after a week of fighting.",
         "fell", "Military Forces of Syria", ""),
        ("YANGON, Myanmar (AP) - Junta aircraft bombed a school in Sagaing on Wednesday, residents said.",
         "bombed", "Military Forces of Myanmar", "Government of Myanmar"),
        # "anti-X" and "pro-X" are stances, not the party.
        ("KABUL, Afghanistan (AP) - The NRF will hold a meeting of anti-Taliban figures in Vienna next week.",
         "meeting", "National Resistance Front", "Afghan Taliban"),
        # The body in a person's title describes the person.
        ("KABUL, Afghanistan (AP) - The Taliban's acting defence minister, Mullah Mohammad Yaqoob, visited "
         "Panjshir on Monday.", "visited", "Mohammad Yaqoob", "Afghan Taliban"),
        # A president's administration is the government.
        ("WASHINGTON (AP) - The sanctions were imposed by the Trump administration in January.",
         "imposed", "Government of the United States", "Donald Trump"),
    ],
)
def test_round7_forces_stances_titles(text: str, fragment: str, expected: str, absent: str) -> None:
    _assert_actor(text, fragment, expected, absent)


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # "the alliance" is the last body named with "Alliance" in its name.
        ("LASHIO, Myanmar (AP) - The Three Brotherhood Alliance said its fighters took a border post.\n\n"
         "The alliance launched a new offensive on Monday, residents said.", "launched",
         {"Three Brotherhood Alliance"}),
        # "the mission" is the last mission named.
        ("PORT-AU-PRINCE, Haiti (AP) - Officers of the Multinational Security Support Mission patrolled "
         "the port.\n\nThe mission opened a new base in Kenscoff on Monday.", "opened",
         {"Multinational Security Support Mission"}),
        # Brokers are not "the two sides"; two armed sides named together before any pair are.
        ("KHARTOUM, Sudan (AP) - Artillery hit homes as the Sudanese army tried to push the Rapid Support "
         "Forces back from the bridge.\n\nThe warring parties met in Jeddah in talks brokered by Saudi "
         "Arabia and the United States.\n\nThe two sides signed a declaration on Thursday.", "signed",
         {"Military Forces of Sudan", "Rapid Support Forces"}),
    ],
)
def test_round7_body_nouns_and_pairs(text: str, fragment: str, expected: set[str]) -> None:
    assert _actors(text, fragment) == expected


@pytest.mark.parametrize(
    ("text", "fragment", "expected", "absent"),
    [
        # "Islamic State" fighters in a country with a local province are that province's.
        ("NIAMEY, Niger (AP) - Islamic State fighters killed 12 soldiers near Tera on Tuesday.",
         "killed", "Islamic State Sahel Province", "Islamic State"),
        ("MAIDUGURI, Nigeria (AP) - Islamic State fighters raided a base near Monguno on Tuesday.",
         "raided", "Islamic State West Africa Province", "Islamic State"),
        # Two demonyms before one force noun: both countries' forces, also when our table names
        # the second ("Rwandan troops").
        ("PEMBA, Mozambique (AP) - Mozambican and Rwandan troops attacked a camp near Macomia on Monday.",
         "attacked", "Military Forces of Mozambique", ""),
        # A people as the subject of a military act is its country's armed forces.
        ("PEMBA, Mozambique (AP) - The Rwandans recaptured the port of Mocimboa da Praia on Monday.",
         "recaptured", "Military Forces of Rwanda", ""),
        # A state's government is the government of the state the report names.
        ("IMPHAL, India (PTI) - Manipur stayed tense after a gunfight in Manipur's Jiribam district.\n\n"
         "The State government imposed a curfew in Imphal on Tuesday.", "curfew", "Government of Manipur",
         "State"),
        # "the Centre" in an Indian report is the national government.
        ("IMPHAL, India (PTI) - Manipur stayed tense.\n\nThe Centre sent 20 more companies of troops to "
         "Manipur on Tuesday.", "sent", "Government of India", ""),
    ],
)
def test_round7_local_names(text: str, fragment: str, expected: str, absent: str) -> None:
    _assert_actor(text, fragment, expected, absent)


def test_round7_spokesman_of_a_provincial_government_is_not_it() -> None:
    text = (
        "PESHAWAR, Pakistan (AP) - Khyber Pakhtunkhwa police said on Monday that two men were held.\n\n"
        "Elders will travel to Kabul next week, a provincial government spokesman said."
    )
    assert not any(a.startswith("Government of Khyber") for a in _actors(text, "travel"))


@pytest.mark.parametrize(
    ("text", "fragment", "expected", "absent"),
    [
        # "the council" is the last council named.
        ("PORT-AU-PRINCE, Haiti (AP) - The Transitional Presidential Council named a new premier.\n\n"
         "The council will hold elections in November.", "elections",
         "Transitional Presidential Council", ""),
        # Two demonyms before "delegations": both governments.
        ("ANKARA, Turkey (AP) - Talks between Russian and Turkish delegations ended on Monday.",
         "Talks", "Government of Russia", ""),
        # A demonym before "embassy" names that government (the target).
        ("KABUL, Afghanistan (AP) - A suicide bomber struck the gate of the Russian embassy on Monday.",
         "struck", "Government of Russia", ""),
        # A regime's ministry is the government.
        ("DAMASCUS, Syria (AP) - The regime's transport ministry said on Monday the airport would reopen.",
         "reopen", "Government of Syria", "Military Forces of Syria"),
        # A country's aircraft are its armed forces.
        ("JALALABAD, Afghanistan (AP) - US aircraft struck a hideout in Achin on Tuesday.",
         "struck", "Military Forces of the United States", ""),
        # "the air force" is the country's armed forces.
        ("GUSAU, Nigeria (AP) - The air force bombed camps in the Dansadau forest on Sunday.",
         "bombed", "Military Forces of Nigeria", ""),
        # The name after the last title word is the person.
        ("CULIACAN, Mexico (AP) - Sinaloa Security Secretary Gerardo Merida Sanchez said on Monday that "
         "police had arrested 14 suspects.", "arrested", "Gerardo Merida Sanchez",
         "Security Secretary Gerardo Merida Sanchez"),
    ],
)
def test_round7_bodies_and_titles(text: str, fragment: str, expected: str, absent: str) -> None:
    _assert_actor(text, fragment, expected, absent)


@pytest.mark.parametrize(
    ("text", "fragment", "expected", "absent"),
    [
        # An outlet that only reports is not a party.
        ("MARIB, Yemen - Houthi drones hit the city on Wednesday night, officials told Arab News.",
         "drones", "Houthis", "Arab News"),
        # A slash-joined alias is the same group.
        ("GOMA, Congo (AP) - Fighting between the M23/AFC rebels and Wazalendo militias resumed on Sunday.",
         "Fighting", "M23", "AFC"),
        # A force noun inside a longer name is the name's, not the forces'.
        ("PESHAWAR, Pakistan (AP) - The December 16 attack on the Army Public School, in which TTP gunmen "
         "killed 140 people, shocked the country.", "attack", "Tehrik-i-Taliban Pakistan",
         "Military Forces of Pakistan"),
        # A minister speaking of talks stands for the government in "the two sides".
        ("PESHAWAR, Pakistan (AP) - Interior Minister Chaudhry Nisar Ali Khan said talks with the TTP were "
         "over.\n\nPeace talks between the two sides had broken down last year.", "broken down",
         "Government of Pakistan", ""),
    ],
)
def test_round7_sources_names_and_ministers(text: str, fragment: str, expected: str, absent: str) -> None:
    _assert_actor(text, fragment, expected, absent)


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # "the two generals" are the last two persons named.
        ("KHARTOUM, Sudan (AP) - The feud between army chief Abdel Fattah al-Burhan and RSF commander "
         "Mohamed Hamdan Dagalo deepened.\n\nThe two generals seized power together in a coup in "
         "October 2021.", "seized", {"Abdel Fattah al-Burhan", "Mohamed Hamdan Dagalo"}),
        # "the two blocs" are the pair last named at talks.
        ("DAR ES SALAAM, Tanzania (AP) - At a summit on Saturday, the East African Community and the "
         "Southern African Development Community called for a ceasefire.\n\nForeign ministers of the two "
         "blocs will meet in Harare next week.", "Harare",
         {"East African Community", "Southern African Development Community"}),
    ],
)
def test_round7_people_and_bloc_pairs(text: str, fragment: str, expected: set[str]) -> None:
    assert expected <= _actors(text, fragment)


def test_round7_government_forces_are_the_report_country() -> None:
    text = "ADDIS ABABA, Ethiopia (AP) - Fighting between government forces and OLA fighters went on Sunday."
    assert "Military Forces of Ethiopia" in _actors(text, "Fighting")


def test_round7_chairman_title_body_describes_the_person() -> None:
    text = (
        "COTABATO CITY, Philippines - The transition body, led by MILF chairman Murad Ebrahim, will be "
        "sworn in on March 29."
    )
    actors = _actors(text, "sworn")
    assert "Murad Ebrahim" in actors
    assert "Moro Islamic Liberation Front" not in actors
