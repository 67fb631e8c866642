"""Round-5 rules of the text loader, end to end with a fixed publication date.

No invented dates: a simple past reported by a dated statement even when the small model
tags the verb as a participle, an infinitive hanging on a past perfect, a length of something
only asked for, a past-perfect length with no date, a date of a negated clause other than the
event's, a date inside a quote opened earlier in the paragraph.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from loaders.text import extract

PUB = date(2024, 3, 14)  # a Thursday


def _events(text: str, published: date = PUB) -> pd.DataFrame:
    return extract(text, source="round5.txt", published=published).table


def _dated(table: pd.DataFrame, fragment: str) -> pd.DataFrame:
    return table[table["evidence"].str.contains(fragment, regex=False) & table["start"].notna()]


D = datetime


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # A participle with an object is a simple past: the statement's day is not the attack's.
        (
            "KANO, Nigeria - Suspected bandits killed at least nine farmers in a raid on a village "
            "near the border with Niger, the state government said Thursday.",
            "killed at least nine",
        ),
        # An infinitive takes its time from the past perfect it hangs on.
        (
            "The interior ministry said on Wednesday that a team of police officers had been sent "
            "to the district to investigate the clashes.",
            "investigate the clashes",
        ),
        (
            "A military spokesman said on Tuesday that units had been told to launch raids to "
            "root out the gang.",
            "launch raids",
        ),
        # A length of something only wished for or proposed.
        (
            "The mediator said the rebels wanted a ten-day truce so that food convoys could pass.",
            "ten-day truce",
        ),
        (
            "The governor proposed a 30-day ceasefire to allow the wounded to be evacuated.",
            "30-day ceasefire",
        ),
        # A past-perfect length with no date ends at a moment the text does not give.
        (
            "Neighbours told the radio station the two drivers had lived in the town for less than "
            "a year and had no ties to any armed group.",
            "for less than",
        ),
        # The date of a negated clause is not another event's.
        (
            "Aid groups warn that hunger is spreading in the camps, where the agency said its "
            "trucks had not arrived since January.",
            "since January",
        ),
        # A date inside a quote opened earlier in the paragraph, on a sentence with no event word.
        (
            'Farmers said the eradication began on Monday. "They cut down everything. We will have '
            'nothing by spring," one grower told a local radio by phone.',
            "by spring",
        ),
    ],
)
def test_text_round5_no_invented_dates(text: str, fragment: str) -> None:
    assert _dated(_events(text), fragment).empty


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # A backshifted state ("said the town had been under siege for three weeks") still runs to
        # the report date: only activities that ended at an unnamed moment lose their length.
        (
            "Local officials said the town had been under siege for three weeks.",
            "under siege",
            (D(2024, 2, 23), D(2024, 3, 15), "week"),
        ),
        # A dated statement still dates what is news of its moment.
        (
            "The army has reached an agreement with the tribal elders, a spokesman said on Thursday.",
            "reached an agreement",
            (D(2024, 3, 14), D(2024, 3, 15), "day"),
        ),
    ],
)
def test_text_round5_dates_kept(text: str, fragment: str, expected: tuple) -> None:
    rows = _dated(_events(text), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected in spans


def _actors(table: pd.DataFrame, fragment: str) -> set[str]:
    rows = table[table["evidence"].str.contains(fragment, regex=False)]
    return {a for r in rows.itertuples() for a in r.actors}


@pytest.mark.parametrize(
    ("text", "fragment", "present", "absent"),
    [
        # A target named only by a security post is the forces of the report's country.
        (
            "GAO, Mali - Gunmen on motorbikes overran an army outpost near the town on Sunday.",
            "overran",
            "Military Forces of Mali",
            "",
        ),
        (
            "MOGADISHU, Somalia - The insurgents stormed the base before dawn on Monday.",
            "stormed",
            "Military Forces of Somalia",
            "",
        ),
        (
            "LAHORE, Pakistan - Gunmen opened fire on a police checkpoint on Tuesday, officials said.",
            "police checkpoint",
            "Police Forces of Pakistan",
            "Military Forces of Pakistan",
        ),
        # A post someone owns is theirs, not the state's.
        (
            "KHARTOUM, Sudan - The army shelled an RSF base on Monday.",
            "RSF base",
            "Rapid Support Forces",
            "",
        ),
        # A dateline city we do not list says nothing; the lead's country owns "the army".
        (
            "QALAT: The army repelled an attack on a border post in Zabul province on Friday, "
            "Afghan officials said.",
            "repelled",
            "Military Forces of Afghanistan",
            "",
        ),
    ],
)
def test_text_round5_unnamed_targets(text: str, fragment: str, present: str, absent: str) -> None:
    got = _actors(_events(text), fragment)
    assert present in got
    assert not absent or absent not in got


def test_text_round5_two_sides_of_talks_are_the_negotiating_pair() -> None:
    text = (
        "The Sudanese army and the RSF held talks in Jeddah on Monday. "
        "On Tuesday, RSF fighters attacked a police station in the city, killing three officers. "
        "The two sides agreed on Wednesday to meet again next month."
    )
    got = _actors(_events(text), "The two sides agreed")
    assert {"Military Forces of Sudan", "Rapid Support Forces"} <= got
    assert "Police Forces of Sudan" not in got


@pytest.mark.parametrize(
    ("text", "fragment", "present", "absent"),
    [
        # A possessive and a quoted nickname are not part of the name.
        (
            "ERBIL, Iraq - Prime Minister Omar al-Rashidi's office announced on Tuesday a new "
            "committee for the district.",
            "announced",
            "Omar al-Rashidi",
            "Omar al-Rashidi's",
        ),
        (
            'Joaquin "El Chapo" Guzman escaped from a prison in Sinaloa in July 2015.',
            "escaped",
            "Joaquin Guzman",
            'Joaquin "El Chapo" Guzman',
        ),
        # Peoples and demonyms alone are not parties.
        (
            "BUNIA, Congo - The clashes between Hema and Lendu militias began on Sunday.",
            "clashes",
            "",
            "Hema",
        ),
        # A relative clause's event takes the noun phrase it describes ("a council of elders").
        (
            "QUETTA, Pakistan - A grand jirga of elders from both tribes, which last met on Tuesday, "
            "will reconvene next week.",
            "last met",
            "Jirga",
            "",
        ),
    ],
)
def test_text_round5_names_as_written(text: str, fragment: str, present: str, absent: str) -> None:
    got = _actors(_events(text), fragment)
    assert not present or present in got
    assert not absent or absent not in got


@pytest.mark.parametrize(
    ("text", "published", "fragment", "expected"),
    [
        # A year written after a year-less day, in another clause, is not the day's year.
        (
            "The army launched an offensive on February 25 against the faction, which split from "
            "the main movement in 2009.",
            date(2015, 3, 10),
            "launched an offensive",
            (D(2015, 2, 25), D(2015, 2, 26), "day"),
        ),
        (
            "The fighting erupted on January 16, when the rebels attacked a rival group that had "
            "rejected the 2016 peace deal.",
            date(2025, 2, 11),
            "erupted",
            (D(2025, 1, 16), D(2025, 1, 17), "day"),
        ),
        # A year written before it carries over.
        (
            "The war began in October 2001, weeks after the September 11 attacks.",
            date(2021, 8, 20),
            "September 11",
            (D(2001, 9, 11), D(2001, 9, 12), "day"),
        ),
    ],
)
def test_text_round5_year_of_a_yearless_day(
    text: str, published: date, fragment: str, expected: tuple
) -> None:
    rows = _dated(_events(text, published), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected in spans


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # "since then" with no event word still runs on from the event dated just before.
        (
            "Government troops pushed the rebels out of the valley in November 2023. "
            "More than 40,000 displaced people have gone home since then.",
            "gone home",
            (D(2023, 11, 1), D(2024, 3, 15), "month"),
        ),
        (
            "Gunmen seized the mining town in 2019, and the road south has been closed ever since.",
            "ever since",
            (D(2019, 1, 1), D(2024, 3, 15), "year"),
        ),
    ],
)
def test_text_round5_since_then_without_event_word(text: str, fragment: str, expected: tuple) -> None:
    rows = _dated(_events(text), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected in spans


def test_text_round5_negated_since_stays_undated() -> None:
    text = (
        "The president flew to Nairobi on Tuesday, and he has not returned to the capital since."
    )
    rows = _dated(_events(text), "Nairobi")
    assert all(r.status != "ongoing" for r in rows.itertuples())


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # An extension runs from the day it is decided, known to its unit.
        (
            "BAMAKO, Mali - The junta extended the curfew in the capital for two months on Monday.",
            "extended",
            {(D(2024, 3, 11), D(2024, 3, 12), "day"), (D(2024, 3, 11), D(2024, 5, 11), "month")},
        ),
        (
            "NIAMEY, Niger - The cabinet on Tuesday extended for three months the state of emergency "
            "in two regions.",
            "extended",
            {(D(2024, 3, 12), D(2024, 3, 13), "day"), (D(2024, 3, 12), D(2024, 6, 12), "month")},
        ),
        # "for N weeks from Monday" is known to the week.
        (
            "The mediators will suspend the talks for two weeks from Monday.",
            "suspend",
            {(D(2024, 3, 18), D(2024, 4, 1), "week")},
        ),
        # A deprivation state up to now: "has been without power for two weeks".
        (
            "The northern district has been without power for more than two weeks.",
            "without power",
            {(D(2024, 3, 1), D(2024, 3, 15), "week")},
        ),
    ],
)
def test_text_round5_lengths(text: str, fragment: str, expected: set) -> None:
    rows = _dated(_events(text), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected <= spans


@pytest.mark.parametrize(
    ("text", "published", "fragment", "expected"),
    [
        # A date right after the relation's own noun dates that noun.
        (
            "The raid came after heavy clashes earlier this month between the army and the militia.",
            date(2022, 5, 17),
            "heavy clashes",
            (D(2022, 5, 1), D(2022, 6, 1), "month"),
        ),
        # A passive participle the small model tags as a noun is still the event.
        (
            "Mosul was overrun by the Islamic State group in June 2014.",
            date(2022, 5, 17),
            "overrun",
            (D(2014, 6, 1), D(2014, 7, 1), "month"),
        ),
    ],
)
def test_text_round5_dates_of_nouns(text: str, published: date, fragment: str, expected: tuple) -> None:
    rows = _dated(_events(text, published), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected in spans


def test_text_round5_date_inside_a_reported_plan() -> None:
    # The date inside the reported plan is the plan's; a year-less day before the report in a
    # would-clause is next year's.
    text = (
        "The defence minister announced last month that the garrison would be reduced to 800 "
        "soldiers by February 10."
    )
    rows = _dated(_events(text, date(2020, 12, 8)), "reduced")
    spans = {(r.start.to_pydatetime(), r.precision, r.status) for r in rows.itertuples()}
    assert (D(2021, 2, 10), "day", "planned") in spans
    assert (D(2020, 11, 1), "month", "occurred") in spans


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # "since the start of the war": the war's own start, not the latest launch.
        (
            "The war between the army and the militia broke out in April 2023. "
            "On March 2, the militia launched an assault on the city. "
            "Aid agencies say 9 million people have fled their homes since the start of the war.",
            "since the start",
            (D(2023, 4, 1), D(2024, 3, 15), "month"),
        ),
        # The event named again by its noun is the one the text dated where it first named it.
        (
            "The fighting erupted on March 4, when the rebels launched a coordinated offensive on "
            "the valley. The president suspended the talks a day after the offensive started.",
            "suspended the talks",
            (D(2024, 3, 5), D(2024, 3, 6), "day"),
        ),
        # A since-anchor dates what a dated statement reports.
        (
            "The commander announced the offensive on the capital on March 7. The health ministry "
            "said on Thursday that 40 people had been killed since the offensive began.",
            "had been killed",
            (D(2024, 3, 7), D(2024, 3, 15), "day"),
        ),
    ],
)
def test_text_round5_since_the_offensive(text: str, fragment: str, expected: tuple) -> None:
    rows = _dated(_events(text), fragment)
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert expected in spans


@pytest.mark.parametrize(
    ("text", "fragment", "present", "absent"),
    [
        # Places a model takes for names: what is visited, stormed or travelled to, and sites.
        (
            "KABUL, Afghanistan - The minister visited Khashrod on Monday.",
            "visited",
            "",
            "Khashrod",
        ),
        (
            "MOGADISHU, Somalia - Gunmen stormed the Sahafi Hotel on Sunday.",
            "stormed",
            "",
            "Sahafi Hotel",
        ),
        (
            "The envoy will travel to Tibu on Thursday to meet local leaders.",
            "travel",
            "",
            "Tibu",
        ),
        # "the <demonym> state" is the country's government.
        (
            "The group has waged an insurgency against the Pakistani state since 2007.",
            "insurgency",
            "Government of Pakistan",
            "",
        ),
    ],
)
def test_text_round5_places_and_states(text: str, fragment: str, present: str, absent: str) -> None:
    got = _actors(_events(text), fragment)
    assert not present or present in got
    assert not absent or absent not in got


def test_text_round5_is_and_the_two_neighbours() -> None:
    text = (
        "JALALABAD, Afghanistan - IS militants attacked a checkpoint in the city on Monday. "
        "Pakistan and the Taliban government held talks on the border on Tuesday. "
        "The two neighbours exchanged fire at the crossing on Wednesday."
    )
    table = _events(text)
    assert "Islamic State Khorasan Province" in _actors(table, "IS militants")
    assert {"Government of Pakistan", "Afghan Taliban"} <= _actors(table, "two neighbours")


@pytest.mark.parametrize(
    ("text", "fragment", "present"),
    [
        # A national institution named alone is the report's country's.
        (
            "IMPHAL, India - The Supreme Court will hear the petitions again on March 20.",
            "hear the petitions",
            "Supreme Court of India",
        ),
        # The country's police where the dateline is a town of a state we list.
        (
            "IMPHAL: Two people were killed on Wednesday when police fired on protesters.",
            "police fired",
            "Police Forces of India",
        ),
    ],
)
def test_text_round5_national_bodies(text: str, fragment: str, present: str) -> None:
    assert present in _actors(_events(text), fragment)


def test_text_round5_date_of_a_verb_without_event_word() -> None:
    # The date is the sending's, not that of the capture told in the purpose clause below it.
    text = (
        "The rights commission will send a team to the district later this week to look into "
        "reports that captured soldiers were beaten."
    )
    rows = _dated(_events(text, date(2020, 12, 8)), "send a team")
    assert {r.status for r in rows.itertuples()} == {"planned"}


def test_text_round5_forces_in_a_describing_clause() -> None:
    # "police" only describe the curfew: they take no part in the extension.
    text = (
        "PORT-AU-PRINCE, Haiti - The government extended the state of emergency for a month on "
        "Thursday along with a curfew that police have struggled to enforce."
    )
    got = _actors(_events(text), "extended")
    assert "Police Forces of Haiti" not in got
    assert "Government of Haiti" in got


def test_text_round5_since_a_named_event() -> None:
    # The since-phrase hangs on the second clause's perfect; the clash is the one the text names.
    text = (
        "Forty police commandos died in the January 25 clash in Tukanalipao village. "
        "Troops and rebels clashed again near the market on March 8. "
        "Lawmakers were due to vote on the bill, but hearings have been suspended since the "
        "Tukanalipao clash."
    )
    rows = _dated(_events(text, date(2015, 3, 10)), "hearings")
    spans = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.status) for r in rows.itertuples()}
    assert (D(2015, 1, 25), D(2015, 3, 11), "ongoing") in spans


def test_text_round5_shrine_and_khorasan_branch() -> None:
    text = (
        "PESHAWAR, Pakistan - A suicide bomber killed 20 worshippers at the shrine of Pir Baba "
        "Sahib on Friday, an attack claimed by the Islamic State's Khorasan branch."
    )
    got = _actors(_events(text), "suicide bomber")
    assert "Islamic State Khorasan Province" in got
    assert not {"Khorasan", "Pir Baba Sahib"} & got


def test_text_round5_defence_ministry_is_the_forces() -> None:
    text = "CULIACAN, Mexico - Soldiers detained a cell leader on Thursday, the Defense Ministry said."
    got = _actors(_events(text), "detained")
    assert "Military Forces of Mexico" in got
    assert "Defense Ministry" not in got
