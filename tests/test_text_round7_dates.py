"""Round-7 date rules of the text loader, end to end with a fixed publication date.

Each class of dating error found on the dev sets gets a table of sentences written for
these tests: "since <an event>" anchored on the event the text dated just before, told by
another word ("since the blast" after "a car bomb exploded"; "since the clashes began" after
"violence broke out").
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from loaders.text import extract

PUB = date(2024, 3, 14)  # a Thursday
D = datetime


def _events(text: str, published: date = PUB) -> pd.DataFrame:
    return extract(text, source="round7.txt", published=published).table


def _rows(table: pd.DataFrame, fragment: str) -> pd.DataFrame:
    return table[table["evidence"].str.contains(fragment, regex=False)]


def _spans(table: pd.DataFrame, fragment: str) -> set[tuple[datetime, datetime, str]]:
    rows = _rows(table, fragment)
    rows = rows[rows["start"].notna()]
    return {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # A generic name for fighting with its beginning: the beginning the text dated.
        (
            "Clashes erupted on February 2 between two rival militias in the district. More than 80 "
            "people have been killed since the fighting began, local officials said.",
            "since the fighting",
            (D(2024, 2, 2), D(2024, 3, 15), "day"),
        ),
        # ... not a later incident of the same name.
        (
            "The region was hit by communal violence that broke out on May 3 last year. Dozens of "
            "people were killed in a gunfight on Tuesday. More than 250 people have died since the "
            "clashes began.",
            "since the clashes",
            (D(2023, 5, 3), D(2024, 3, 15), "day"),
        ),
        # One incident told by another word in the sentences just before.
        (
            "A car bomb exploded outside the mosque on Friday, killing six worshippers. Shops in the "
            "area have stayed closed since the blast, residents said.",
            "since the blast",
            (D(2024, 3, 8), D(2024, 3, 15), "day"),
        ),
        (
            "Soldiers ousted the elected president on July 26 last year. He has been detained at his "
            "residence since the coup.",
            "since the coup",
            (D(2023, 7, 26), D(2024, 3, 15), "day"),
        ),
        (
            "The gang's founder was shot dead in a restaurant in December. Rival factions have fought "
            "for control of the prisons since his killing.",
            "since his killing",
            (D(2023, 12, 1), D(2024, 3, 15), "month"),
        ),
    ],
)
def test_since_an_event_told_by_another_word(text: str, fragment: str, span: tuple) -> None:
    table = _events(text)
    assert span in _spans(table, fragment)
    rows = _rows(table, fragment)
    assert set(rows.loc[rows["start"].notna(), "status"]) == {"ongoing"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # Nothing dated before: the anchor stays unknown, never the report date.
        ("Shops in the area have stayed closed since the blast, residents said.", "since the blast"),
        ("He has been detained at his residence since the coup.", "since the coup"),
        # An incident too far back is not the one meant.
        (
            "A car bomb exploded outside the mosque on Friday. The mayor visited the site. Schools "
            "reopened in the afternoon. Traders met the governor. Shops have stayed closed since the "
            "blast.",
            "since the blast",
        ),
    ],
)
def test_since_an_event_with_no_dated_anchor_stays_undated(text: str, fragment: str) -> None:
    assert not _spans(_events(text), fragment)


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # A year-less month under a verb of intent is the next one ("future = next").
        (
            "The council has promised to hold a general election in November and to hand over power "
            "in February.",
            "promised to hold",
            (D(2024, 11, 1), D(2024, 12, 1), "month"),
        ),
        (
            "The council has promised to hold a general election in November and to hand over power "
            "in February.",
            "promised to hold",
            (D(2025, 2, 1), D(2025, 3, 1), "month"),
        ),
        ("The ministry plans to reopen the border crossing on February 2.", "plans to reopen",
         (D(2025, 2, 2), D(2025, 2, 3), "day")),
    ],
)  # fmt: skip
def test_intent_verb_dates_lie_ahead(text: str, fragment: str, span: tuple) -> None:
    table = _events(text)
    assert span in _spans(table, fragment)
    assert set(_rows(table, fragment)["status"]) == {"planned"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # "agreed to" may be the past agreement's date: no year is moved.
        ("The rebels agreed to release the remaining hostages in January, the mediator said.", "agreed"),
        # A past plan that never happened keeps no date ahead of the report.
        (
            "The final accord, due to be signed on March 1, never materialised as the parties fell "
            "out over the timetable.",
            "never materialised",
        ),
    ],
)
def test_no_year_moved_forward_for_past_plans(text: str, fragment: str) -> None:
    rows = _rows(_events(text), fragment)
    assert not (rows["start"].notna() & (rows["start"] > pd.Timestamp(PUB))).any()


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # The act described by a participle happened on its date; the failure is undated.
        (
            "A ceasefire brokered by Qatar in June 2022 never took hold.",
            "brokered by Qatar",
            (D(2022, 6, 1), D(2022, 7, 1), "month"),
        ),
        (
            "A similar truce proposed by the governor in May never took hold.",
            "proposed by the governor",
            (D(2023, 5, 1), D(2023, 6, 1), "month"),
        ),
    ],
)
def test_dated_participle_of_a_failed_plan(text: str, fragment: str, span: tuple) -> None:
    table = _events(text)
    rows = _rows(table, fragment)
    assert _spans(table, fragment) == {span}
    assert set(rows.loc[rows["start"].notna(), "status"]) == {"occurred"}
    assert "negated" in set(rows.loc[rows["start"].isna(), "status"])


@pytest.mark.parametrize(
    "text",
    [
        # "for <date>" is the date of what was promised, and it did not happen: no date at all.
        "Elections promised for October 2023 never took place.",
        "A vote that the junta had announced for last year never took place.",
        "A referendum scheduled for December did not take place.",
    ],
)
def test_promised_date_of_what_never_happened_is_not_a_date(text: str) -> None:
    table = _events(text)
    assert table["start"].isna().all()
    assert "negated" in set(table["status"])


def test_a_plan_for_a_date_under_another_negation_keeps_its_plan() -> None:
    # "would not attend" negates the attending, not the conference planned for later this month.
    text = "The rebels said on Tuesday they would not attend a conference planned for later this month."
    notes = " ".join(_events(text)["notes"])
    assert "did not happen" not in notes


@pytest.mark.parametrize(
    "line",
    [
        "Published in The Frontier Post, March 9th, 2024",
        "Updated 11 March 2024",
        "Posted on March 8, 2024 by Amina Yusuf",
        "First published: 12 March 2024 09:40 GMT",
    ],
)
def test_page_line_at_the_foot_is_not_an_event(line: str) -> None:
    text = "Gunmen attacked a police post in the district on Tuesday, officials said.\n\n" + line + "\n"
    table = _events(text)
    assert not _rows(table, line[:12]).shape[0]
    assert _spans(table, "Gunmen attacked") == {(D(2024, 3, 12), D(2024, 3, 13), "day")}


def test_a_sentence_about_publishing_is_still_read() -> None:
    text = "The commission published its report on March 3, 2024, blaming the army for the killings."
    assert _spans(_events(text), "published its report")


@pytest.mark.parametrize(
    "text",
    [
        "Officials did not say whether the two men were linked to Friday's bombing.",
        "No one has been arrested in connection with Tuesday's ambush.",
    ],
)
def test_event_named_by_its_day_under_a_negation_is_not_dated(text: str) -> None:
    table = _events(text)
    assert table["start"].isna().all()


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # Outside a negation the named day still dates the event.
        ("Police have arrested three men in connection with Tuesday's ambush.", "Tuesday's ambush",
         (D(2024, 3, 12), D(2024, 3, 13), "day")),
        # A since-anchor inside a negated "has not let up" keeps its own date.
        ("The shelling has not let up since the March 2 offensive began.", "March 2 offensive",
         (D(2024, 3, 2), D(2024, 3, 3), "day")),
    ],
)  # fmt: skip
def test_event_named_by_its_day_outside_a_negation_is_dated(text: str, fragment: str, span: tuple) -> None:
    assert span in _spans(_events(text), fragment)


def test_since_an_incident_prefers_the_one_just_told_over_a_later_namesake() -> None:
    text = (
        "The gang's founder was shot dead in a restaurant in December. Rival factions have fought "
        "for control of the prisons since his killing. In February, riots in two prisons killed 40 "
        "inmates."
    )
    assert (D(2023, 12, 1), D(2024, 3, 15), "month") in _spans(_events(text), "since his killing")


@pytest.mark.parametrize(
    ("text", "fragment", "label", "span"),
    [
        # A past clause with its own subject joined by "and": a second event, the same date.
        (
            "Rebel fighters fired rockets at an army post near the border on Monday, the group said, "
            "and the army answered with artillery fire and air strikes on three villages.",
            "fired rockets",
            "Air strike",
            (D(2024, 3, 11), D(2024, 3, 12), "day"),
        ),
        # "prompting X to <event>": the consequence, the same date.
        (
            "On Sunday, six soldiers died when rebel artillery hit a post near the town, prompting "
            "the government to strike dozens of rebel targets.",
            "six soldiers died",
            "Strike",
            (D(2024, 3, 10), D(2024, 3, 11), "day"),
        ),
    ],
)
def test_joined_clause_is_a_second_event_on_the_same_date(
    text: str, fragment: str, label: str, span: tuple
) -> None:
    rows = _rows(_events(text), fragment)
    rows = rows[rows["title"].str.startswith(label) & rows["start"].notna()]
    got = {(r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision) for r in rows.itertuples()}
    assert got == {span}


def test_joined_clause_with_its_own_date_keeps_it() -> None:
    text = "Gunmen attacked a bus on Tuesday and police arrested two suspects on Wednesday."
    table = _events(text)
    arrests = table[table["title"].str.startswith("Arrest")]
    assert {r.start.to_pydatetime() for r in arrests.itertuples()} == {D(2024, 3, 13)}


def test_nested_clause_inside_a_joined_one_is_not_joined() -> None:
    # The curfew belongs to "clamping", nested in the second clause: not given the first's date.
    text = (
        "The town was tense on Wednesday after a gunfight left four men dead and two others "
        "unaccounted for, with the state government clamping a curfew across the valley."
    )
    rows = _rows(_events(text), "The town was tense")
    assert not rows["notes"].str.contains("joined").any()


@pytest.mark.parametrize(
    ("text", "fragment", "span", "status"),
    [
        # A state running "until <day>" from the act dated just before.
        (
            "The junta declared three days of national mourning on Tuesday. Flags will fly at "
            "half-mast until Saturday, state television said.",
            "Flags will fly",
            (D(2024, 3, 12), D(2024, 3, 17), "day"),
            "ongoing",
        ),
        # No dated act before: from the report date.
        (
            "The roads will stay closed until Saturday, police said.",
            "roads will stay closed",
            (D(2024, 3, 14), D(2024, 3, 17), "day"),
            "ongoing",
        ),
        # A one-off act moved to a date keeps that date.
        (
            "The talks were postponed until next week.",
            "postponed",
            (D(2024, 3, 18), D(2024, 3, 25), "week"),
            "planned",
        ),
    ],
)
def test_until_a_day_runs_from_the_act_that_began_it(
    text: str, fragment: str, span: tuple, status: str
) -> None:
    table = _events(text)
    assert span in _spans(table, fragment)
    rows = _rows(table, fragment)
    assert status in set(rows.loc[rows["start"].notna(), "status"])


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # The nearest expression before a year-less day is the report's time: no year carried over.
        (
            "The army launched one operation in the north in June 2014 and another across the "
            "country last month after a wave of bombings that included the February 13 suicide "
            "attack on a market in Lahore.",
            "February 13",
            (D(2024, 2, 13), D(2024, 2, 14), "day"),
        ),
        # A year written just before still carries over.
        (
            "The war began in October 2001, weeks after the September 11 attacks.",
            "September 11",
            (D(2001, 9, 11), D(2001, 9, 12), "day"),
        ),
        # "of that year": the year last written.
        (
            "The March 2021 raid on the port town led the energy company to suspend work on its gas "
            "project in April of that year.",
            "April of that year",
            (D(2021, 4, 1), D(2021, 5, 1), "month"),
        ),
        (
            "Fighters overran the garrison in 2019. The army took it back in May of that year.",
            "May of that year",
            (D(2019, 5, 1), D(2019, 6, 1), "month"),
        ),
    ],
)
def test_year_of_a_yearless_date(text: str, fragment: str, span: tuple) -> None:
    assert span in _spans(_events(text), fragment)


@pytest.mark.parametrize(
    ("text", "fragment", "span", "status"),
    [
        # A perfect takes no past weekday: the day called for is ahead.
        ("The tribal council has called a total shutdown in the hill districts on Friday to "
         "protest the killings.", "total shutdown", (D(2024, 3, 15), D(2024, 3, 16), "day"), "planned"),
        ("Opposition parties have announced a rally in the capital on Saturday.", "a rally",
         (D(2024, 3, 16), D(2024, 3, 17), "day"), "planned"),
        # A simple past call is the call's own day.
        ("The tribal council called a total shutdown in the hill districts on Monday.",
         "total shutdown", (D(2024, 3, 11), D(2024, 3, 12), "day"), "occurred"),
    ],
)  # fmt: skip
def test_perfect_call_for_a_weekday_is_ahead(text: str, fragment: str, span: tuple, status: str) -> None:
    table = _events(text)
    assert _spans(table, fragment) == {span}
    rows = _rows(table, fragment)
    assert set(rows["status"]) == {status}


def test_a_day_later_after_a_week_the_tagger_anchored_on() -> None:
    # "this week" ends the sentence before, but "a day later" is counted from Thursday night.
    text = (
        "Rebels say their fighters attacked a checkpoint in the district on Thursday night, killing "
        "four guards, in one of several clashes reported in the north this week. In a statement, "
        "the rebels said the attack lasted more than an hour. A day later, troops launched a search "
        "operation in the next district, residents told a local radio."
    )
    table = _events(text, published=date(2024, 3, 16))  # a Saturday
    assert _spans(table, "A day later") == {(D(2024, 3, 15), D(2024, 3, 16), "day")}


def test_offset_from_an_incident_named_by_a_shared_word() -> None:
    # "the school massacre" is the assault on the school dated before, told by another word.
    text = (
        "The city remains on alert after the March 2 assault on a girls' school in the north, in "
        "which gunmen killed 30 pupils. The government closed all schools in the province a day "
        "after the school massacre."
    )
    assert _spans(_events(text), "closed all schools") == {(D(2024, 3, 3), D(2024, 3, 4), "day")}


def test_offset_from_an_unrelated_incident_stays_undated() -> None:
    text = (
        "Gunmen attacked a bus on the highway on March 2. The government closed all schools a day "
        "after the school massacre."
    )
    assert not _spans(_events(text), "closed all schools")


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # "The attack came three days after <clause>": the clause three days before the attack.
        (
            "Gunmen ambushed an army convoy near the town on Monday, killing 12 soldiers. The attack "
            "came three days after the mercenary group announced that it was leaving the country.",
            "The attack came",
            (D(2024, 3, 8), D(2024, 3, 9), "day"),
        ),
        # "a day" after "came" is the offset, not a date of its own; "since 2012" is no date here.
        (
            "Government troops captured two villages west of the city on Wednesday. The advance came "
            "a day after regime forces took full control of the highway, which links the two cities, "
            "for the first time since 2012.",
            "The advance came",
            (D(2024, 3, 12), D(2024, 3, 13), "day"),
        ),
        # The event of the subject's name, even told further back.
        (
            "Rebels attacked a convoy of soldiers on Monday. The convoy was carrying fuel to the "
            "garrison. The army said it repelled the assault. Officials gave no toll. The attack came "
            "two days after the mercenaries announced their departure.",
            "The attack came",
            (D(2024, 3, 9), D(2024, 3, 10), "day"),
        ),
    ],
)
def test_event_came_n_days_after_a_clause(text: str, fragment: str, span: tuple) -> None:
    assert span in _spans(_events(text), fragment)


def test_came_after_a_clause_with_its_own_date_keeps_it() -> None:
    text = "The bombing came three weeks after militants ambushed a convoy on February 20, killing six."
    spans = _spans(_events(text), "The bombing came")
    assert (D(2024, 2, 20), D(2024, 2, 21), "day") in spans


@pytest.mark.parametrize(
    ("text", "fragment", "span"),
    [
        # An act that starts a state, with its length: from its day on.
        ("Work on the highway was suspended on Monday for three days, contractors said.", "suspended",
         (D(2024, 3, 11), D(2024, 3, 14), "day")),
        ("The government closed the border crossing on March 4 for two weeks.", "closed the border",
         (D(2024, 3, 4), D(2024, 3, 18), "week")),
    ],
)  # fmt: skip
def test_state_started_on_a_day_for_a_length_runs_forward(text: str, fragment: str, span: tuple) -> None:
    assert span in _spans(_events(text), fragment)


def test_length_ending_at_its_date_still_counts_back() -> None:
    text = "The ceasefire collapsed in December after lasting a month."
    spans = _spans(_events(text), "collapsed")
    assert (D(2023, 11, 1), D(2024, 1, 1), "month") in spans or all(s[0] <= D(2023, 12, 1) for s in spans)


def test_will_clause_apart_from_the_dated_event_is_a_plan_ahead() -> None:
    text = (
        "Troops handed over the air base to local forces on July 2, and the president has said the "
        "military mission will end on August 31."
    )
    table = _events(text)
    rows = table[table["timex"] == "August 31"]
    assert {(r.start.to_pydatetime(), r.status) for r in rows.itertuples()} == {(D(2024, 8, 31), "planned")}
    assert (D(2023, 7, 2), D(2023, 7, 3), "day") in _spans(table, "handed over")


def test_since_then_points_to_the_main_clause_not_its_participle() -> None:
    text = (
        "The new government lifted the ban on the party on February 16, reversing a decision "
        "announced by its predecessor in January. The party has held rallies in several cities "
        "since then."
    )
    assert _spans(_events(text), "since then") == {(D(2024, 2, 16), D(2024, 3, 15), "day")}
