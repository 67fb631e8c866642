"""Round-4 rules of the text loader, end to end with a fixed publication date.

Dates along event chains: "since then" / "have since" from the event the text dated just
before, "N days after/before <a dated event>", "a day after launching ..." counted back from
the sentence's own date, a year-less month in a past clause that the tagger put after the
report date; no invented dates from a length in hours.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from loaders.text import extract

PUB = date(2024, 3, 14)  # a Thursday


def _events(text: str, published: date = PUB) -> pd.DataFrame:
    return extract(text, source="round4.txt", published=published).table


def _spans(table: pd.DataFrame, fragment: str) -> set[tuple[datetime, datetime, str, str]]:
    rows = table[table["evidence"].str.contains(fragment, regex=False) & table["start"].notna()]
    return {
        (r.start.to_pydatetime(), r.end.to_pydatetime(), r.precision, r.status) for r in rows.itertuples()
    }


D = datetime


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            "The rebel council declared an uprising against the army on November 20. "
            "Since then, fighting has spread to three provinces.",
            "Since then",
            (D(2023, 11, 20), D(2024, 3, 15), "day", "ongoing"),
        ),
        (
            "The insurgency began in May 2019 with raids on two border posts.\n\n"
            "Since then, the violence has displaced more than 40,000 people, aid groups said.",
            "Since then",
            (D(2019, 5, 1), D(2024, 3, 15), "month", "ongoing"),
        ),
        (
            "Officials said the militia had launched its push between March 2 and 4. "
            "He said 20 fighters had been killed in drone strikes since then.",
            "since then",
            (D(2024, 3, 2), D(2024, 3, 15), "day", "ongoing"),
        ),
        (
            "The militia captured the two districts in 2021 and has since controlled the main road.",
            "has since controlled",
            (D(2021, 1, 1), D(2024, 3, 15), "year", "ongoing"),
        ),
    ],
)
def test_text_since_then_runs_from_the_event_dated_before(text: str, fragment: str, expected: tuple) -> None:
    assert expected in _spans(_events(text), fragment)


def test_text_since_then_without_a_dated_event_stays_undated() -> None:
    table = _events("Since then, fighting has spread to three provinces, the monitor said.")
    assert table["start"].isna().all()


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            # The named date keeps its own event; the length before it dates the killing.
            "The commander was killed by a roadside bomb two days before the June 5, 2019 raid.",
            "roadside bomb",
            {
                (D(2019, 6, 3), D(2019, 6, 4), "day", "occurred"),
                (D(2019, 6, 5), D(2019, 6, 6), "day", "occurred"),
            },
        ),
        (
            # Read in March 2024, "the October 7 attack" is last year's.
            "The group fired rockets at the border towns a day after the October 7 attack.",
            "fired rockets",
            {(D(2023, 10, 8), D(2023, 10, 9), "day", "occurred")},
        ),
    ],
)
def test_text_length_before_or_after_a_named_date(text: str, fragment: str, expected: set) -> None:
    assert expected <= _spans(_events(text), fragment)


def test_text_a_day_after_launching_counts_back_from_the_sentence_date() -> None:
    text = (
        "Government troops advanced to the edge of the port city on Wednesday, a day after "
        "launching a major offensive to retake it from the rebels."
    )
    spans = _spans(_events(text), "advanced")
    assert (D(2024, 3, 13), D(2024, 3, 14), "day", "occurred") in spans
    starts = {s[0] for s in spans}
    assert D(2024, 3, 12) in starts  # the launch, a day before


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            # Read in March, a past "in October" is last October, not next.
            "The two delegations first met in Doha in October and have since held five rounds of talks.",
            "first met",
            {(D(2023, 10, 1), D(2023, 11, 1), "month", "occurred")},
        ),
    ],
)
def test_text_past_month_without_year_is_the_last_one(text: str, fragment: str, expected: set) -> None:
    assert expected <= _spans(_events(text), fragment)


def test_text_hours_with_no_day_stay_undated() -> None:
    table = _events("The attackers fought with the police for nearly four hours before escaping.")
    assert table["start"].isna().all()


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # A titled person is the person only.
        (
            "A truce brokered by German Chancellor Olaf Brandt took effect on Monday.",
            "Olaf Brandt",
            "Chancellor Olaf Brandt",
        ),
        (
            "Defense Secretary Rosa Elena Campos deployed 500 troops to the state on Monday.",
            "Rosa Elena Campos",
            "Secretary Rosa Elena Campos",
        ),
        # Cabo Delgado's "al-Shabaab" is the Islamic State's local province, not the Somali group.
        (
            "PEMBA, Mozambique, March 14, 2024 (Lusa) - Al-Shabaab fighters raided a village on Tuesday.",
            "Islamic State Mozambique Province",
            "Al-Shabaab",
        ),
        (
            "The Saudi-led coalition carried out air strikes on the port on Tuesday.",
            "Saudi-led coalition",
            "",
        ),
        # Districts the small model takes for names are places.
        ("Insurgents seized Musa Qala and Nawzad on Tuesday.", "", "Musa Qala"),
    ],
)
def test_text_round4_actor_conventions(text: str, present: str, absent: str) -> None:
    table = _events(text)
    actors = {a for row in table[table["start"].notna()]["actors"] for a in row}
    assert not present or present in actors
    assert not absent or absent not in actors


@pytest.mark.parametrize(
    ("text", "expected", "undated"),
    [
        # The address is news of its own; the plan it announces runs from its own start.
        (
            "The president said in a televised address on Sunday that the army would halt air"
            " raids for a month starting on Saturday.",
            {
                (D(2024, 3, 10), D(2024, 3, 11), "day", "occurred"),
                (D(2024, 3, 16), D(2024, 4, 16), "month", "planned"),
            },
            0,
        ),
        # "in a statement" only reports: the arrests stay undated, and nothing is dated.
        ("The ministry said in a statement on Monday that two suspects had been detained.", set(), 1),
    ],
)
def test_text_statement_that_is_news(text: str, expected: set, undated: int) -> None:
    table = _events(text)
    assert _spans(table, "") == expected
    assert int(table["start"].isna().sum()) == undated


def test_text_since_of_another_clause_does_not_reach_past_a_comma() -> None:
    text = "France, which has kept troops in the region since 2013, announced last month that it would leave."
    spans = _spans(_events(text), "announced")
    assert (D(2024, 2, 1), D(2024, 3, 1), "month", "occurred") in spans


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Troops burned houses in two villages on Monday and Tuesday.",
            date(2021, 11, 3),
            (D(2021, 11, 1), D(2021, 11, 3)),
        ),
        (
            "Radios exploded across the south on September 17 and 18.",
            date(2024, 9, 30),
            (D(2024, 9, 17), D(2024, 9, 19)),
        ),
        (
            "The raid on the camp lasted from Wednesday night until Thursday afternoon.",
            date(2024, 1, 19),
            (D(2024, 1, 17), D(2024, 1, 19)),
        ),
    ],
)
def test_text_two_days_running_are_one_span(text: str, published: date, expected: tuple) -> None:
    spans = _spans(_events(text, published), "")
    assert {(s, e) for s, e, p, _ in spans if p == "day"} == {expected}


def test_text_two_days_apart_stay_two_events() -> None:
    spans = _spans(_events("Talks were held on Monday and a strike hit the port on Wednesday."), "")
    assert {(s, e) for s, e, *_ in spans} == {
        (D(2024, 3, 11), D(2024, 3, 12)),
        (D(2024, 3, 13), D(2024, 3, 14)),
    }


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            "Rebels stormed the border town on March 3.\n\nThe army retook it two days after the attack.",
            "retook",
            (D(2024, 3, 5), D(2024, 3, 6), "day", "occurred"),
        ),
        (
            # The coup's day from the text; a relative clause about the source is not the event.
            "The generals seized power on February 1.\n\nTroops have killed 300 people since the coup,"
            " according to a monitoring group that tracks arrests.",
            "since the coup",
            (D(2024, 2, 1), D(2024, 3, 15), "day", "ongoing"),
        ),
    ],
)
def test_text_dated_from_an_event_named_before(text: str, fragment: str, expected: tuple) -> None:
    assert expected in _spans(_events(text), fragment)


@pytest.mark.parametrize(
    "text",
    [
        '"They came in the morning and burned the houses," a villager told reporters.',
        '"We will not let any gang impose its rule here," he told a news conference on Monday.',
        "Gunmen usually attack at night, residents said.",
    ],
)
def test_text_no_invented_dates_round4(text: str) -> None:
    assert _events(text)["start"].isna().all()


def test_text_began_clause_runs_the_main_clause_to_the_report_date() -> None:
    text = "The insurgency, which began in 2017, has killed more than 4,000 people."
    spans = _spans(_events(text), "insurgency")
    assert (D(2017, 1, 1), D(2018, 1, 1), "year", "occurred") in spans
    assert (D(2017, 1, 1), D(2024, 3, 15), "year", "ongoing") in spans


def test_text_began_clause_under_a_past_perfect_does_not_run_to_now() -> None:
    text = "The war, which began in 2011, had been largely frozen since a truce in March 2020."
    assert all(end <= D(2021, 1, 1) for _, end, *_ in _spans(_events(text), "war"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # The truce's run and its taking effect, both from Monday.
            "A month-long truce declared by the rebels took effect on Monday.",
            {
                (D(2024, 3, 11), D(2024, 4, 11), "month", "ongoing"),
                (D(2024, 3, 11), D(2024, 3, 12), "day", "occurred"),
            },
        ),
        (
            # The year of a since-run that comes after the day is not the day's year.
            "The rebels announced the truce on March 8 in Havana, where they have held talks"
            " since November 2012.",
            {
                (D(2024, 3, 8), D(2024, 3, 9), "day", "occurred"),
                (D(2012, 11, 1), D(2024, 3, 15), "month", "ongoing"),
            },
        ),
    ],
)
def test_text_lengths_and_years_round4(text: str, expected: set) -> None:
    assert expected <= _spans(_events(text), "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Troops recaptured the town earlier this month.",
            (D(2024, 3, 1), D(2024, 4, 1), "month", "occurred"),
        ),
        (
            "The group has attacked army posts several times this year.",
            (D(2024, 1, 1), D(2025, 1, 1), "year", "occurred"),
        ),
    ],
)
def test_text_this_month_or_year_is_the_whole_period(text: str, expected: tuple) -> None:
    table = _events(text)
    assert expected in _spans(table, "")
    assert table[table["start"].notna()]["approximate"].all()


def test_text_without_dateline_the_lead_country_owns_the_military() -> None:
    text = (
        "Myanmar junta accused of burning villages\n\nPublished On 14 Mar 2024\n\n"
        "The military seized the town on Tuesday, residents said."
    )
    table = extract(text, source="round4.txt").table
    assert "Military Forces of Myanmar" in set(table[table["start"].notna()].iloc[0]["actors"])


def test_text_generic_security_forces_are_not_an_actor() -> None:
    text = "KABUL, March 14 (Reuters) - Security forces killed five men at a checkpoint on Tuesday."
    actors = {a for row in _events(text)["actors"] for a in row}
    assert "Military Forces of Afghanistan" not in actors


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # A target force is listed; the country comes from a district the gazetteer knows.
        (
            "Militants attack police post in Kathua\n\nBy Staff Reporter | Mar 14, 2024\n\n"
            "Militants opened fire on a police checkpoint in Kathua district on Tuesday.",
            "Police Forces of India",
        ),
        # A country that trades fire acts through its armed forces.
        (
            "BEIRUT, March 14 (AP) - Israel and Hezbollah traded fire across the border on Tuesday.",
            "Military Forces of Israel",
        ),
    ],
)
def test_text_round4_forces(text: str, present: str) -> None:
    table = _events(text)
    assert present in {a for row in table[table["start"].notna()]["actors"] for a in row}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Moscow annexed the peninsula in March 2014.", "Government of Russia", "Military Forces of Russia"),
        (
            "The corridor was launched by Islamabad and Beijing in 2015.",
            "Government of China",
            "",
        ),
        ("Kabul fell to the insurgents in August 2021.", "", "Government of Afghanistan"),
    ],
)
def test_text_capital_that_acts_is_its_government(text: str, present: str, absent: str) -> None:
    actors = {a for row in _events(text)["actors"] for a in row}
    assert not present or present in actors
    assert not absent or absent not in actors


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "BAMAKO, March 14, 2024 (AFP) - The junta, which seized power in August 2020,"
            " expelled the envoy.",
            "Military Forces of Mali",
            "",
        ),
        (
            "Provincial Home Minister Sardar Khan said the road would reopen on Monday.",
            "",
            "Provincial Home",
        ),
        ("The China-Pakistan Economic Corridor was launched in 2015.", "", "China-"),
        (
            "The Palestinian health ministry said troops killed eight people in Nur Shams on Tuesday.",
            "Palestinian Ministry of Health",
            "Nur Shams",
        ),
    ],
)
def test_text_round4_actor_names(text: str, present: str, absent: str) -> None:
    actors = {a for row in _events(text)["actors"] for a in row}
    assert not present or present in actors
    assert not absent or absent not in actors


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            "Since 2009, when it was founded by exiled commanders, the group has killed hundreds.",
            "founded",
            (D(2009, 1, 1), D(2010, 1, 1), "year", "occurred"),
        ),
        (
            "The province saw heavy fighting from 2008 to 2013, when the foreign mission ended.",
            "mission ended",
            (D(2013, 1, 1), D(2014, 1, 1), "year", "occurred"),
        ),
        (
            # A future verb and a bare weekday: next week's, not the past one.
            "The envoy will meet the rebel leaders in Geneva on Tuesday.",
            "envoy",
            (D(2024, 3, 19), D(2024, 3, 20), "day", "planned"),
        ),
        (
            "Fighters tried to divert troops from the city last Friday with a surprise attack on the port.",
            "surprise attack",
            (D(2024, 3, 8), D(2024, 3, 9), "day", "occurred"),
        ),
    ],
)
def test_text_when_clauses_weekdays_and_attempts(text: str, fragment: str, expected: tuple) -> None:
    assert expected in _spans(_events(text), fragment)


def test_text_statement_event_and_its_plan_keep_their_own_actors() -> None:
    text = (
        "BOGOTA, March 14, 2024 (Reuters) - Gustavo Petro said in a televised address on Sunday"
        " that the army would halt air raids for a month starting on Saturday."
    )
    table = _events(text)
    rows = {r.event_type: set(r.actors) for r in table[table["start"].notna()].itertuples()}
    assert rows["Statement"] == {"Gustavo Petro"}
    assert "Gustavo Petro" not in set().union(*(a for t, a in rows.items() if t != "Statement"))


def test_text_beginning_on_a_day_is_an_event_and_a_run() -> None:
    spans = _spans(
        _events("Some 800 foreign troops began deploying to the province on 2 March."), "deploying"
    )
    assert (D(2024, 3, 2), D(2024, 3, 3), "day", "occurred") in spans
    assert (D(2024, 3, 2), D(2024, 3, 15), "day", "ongoing") in spans


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        (
            "The authorities have still not reopened the schools, which they ordered shut in January.",
            "ordered shut",
            (D(2024, 1, 1), D(2024, 2, 1), "month", "occurred"),
        ),
        (
            "The bloc will hold a summit next month to review its force,"
            " whose first troops arrived last month.",
            "first troops arrived",
            (D(2024, 2, 1), D(2024, 3, 1), "month", "occurred"),
        ),
    ],
)
def test_text_past_relative_clause_under_negated_or_planned_main(
    text: str, fragment: str, expected: tuple
) -> None:
    assert expected in _spans(_events(text), fragment)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        (
            "Ankara will host a summit with Russia, France and Germany on Thursday.",
            {"Government of Russia", "Government of France", "Government of Germany"},
        ),
        (
            "A Russian-Turkish ceasefire announced in January collapsed.",
            {"Government of Russia", "Government of Turkey"},
        ),
    ],
)
def test_text_countries_as_counterparts(text: str, present: set) -> None:
    actors = {a for row in _events(text)["actors"] for a in row}
    assert present <= actors


def test_text_length_inside_a_since_anchor_dates_nothing_of_its_own() -> None:
    text = (
        "Qatar and Egypt have been mediating between the two sides since the week-long truce"
        " collapsed on December 1."
    )
    spans = _spans(_events(text), "")
    assert all(p != "week" for _, _, p, _ in spans)
    assert (D(2023, 12, 1), D(2024, 3, 15), "day", "ongoing") in spans


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # The day after the attack, not after the day officials spoke of it.
        (
            "Gunmen attacked a checkpoint on Tuesday, officials said on Wednesday. The next day,"
            " troops raided a village.",
            "troops raided",
            (D(2024, 3, 13), D(2024, 3, 14)),
        ),
        (
            "Gunmen attacked a checkpoint on Tuesday, officials said on Wednesday. A day earlier, police had"
            " arrested two suspects.",
            "police had",
            (D(2024, 3, 11), D(2024, 3, 12)),
        ),
        (
            "Rebels seized the town on March 3, the army said on March 5. The following day,"
            " jets bombed the rebels.",
            "jets bombed",
            (D(2024, 3, 4), D(2024, 3, 5)),
        ),
        # The same sentence's own date comes first.
        (
            "On March 2, militants ambushed a convoy, and two days later a bomb hit a power line.",
            "ambushed",
            (D(2024, 3, 4), D(2024, 3, 5)),
        ),
    ],
)
def test_text_next_day_counts_from_the_event_not_the_statement(
    text: str, fragment: str, expected: tuple
) -> None:
    assert expected in {(s, e) for s, e, *_ in _spans(_events(text), fragment)}


def test_text_demonym_covers_both_forces() -> None:
    text = (
        "MAPUTO, 14 Mar 2024 (Lusa) - Some 800 Rwandan soldiers and police began deploying to Palma"
        " on Tuesday."
    )
    actors = {a for row in _events(text)["actors"] for a in row}
    assert "Police Forces of Rwanda" in actors and "Police Forces of Mozambique" not in actors


def test_text_after_days_of_fighting_are_the_days_before() -> None:
    text = "Insurgents overran the district centre on Wednesday after three days of heavy fighting."
    assert (D(2024, 3, 10), D(2024, 3, 13), "day", "occurred") in _spans(_events(text), "")


def test_text_fight_that_continued_into_the_next_day_spans_both() -> None:
    text = (
        "Militants opened fire on a checkpoint late on Monday, before a gunfight that continued"
        " into Tuesday morning."
    )
    assert (D(2024, 3, 11), D(2024, 3, 13), "day", "occurred") in _spans(_events(text), "")


def test_text_targeted_facility_is_not_a_party() -> None:
    text = "The group has carried out a string of attacks on Shia mosques in the city this year."
    actors = {a for row in _events(text)["actors"] for a in row}
    assert not any(a.lower().endswith("mosques") for a in actors)


def test_text_troops_a_country_sends_are_its_own() -> None:
    text = (
        "BAMAKO, March 14, 2024 (AFP) - France, which has deployed troops in the region since 2013,"
        " left on Monday."
    )
    actors = {a for row in _events(text)["actors"] for a in row}
    assert "Military Forces of France" in actors and "Military Forces of Mali" not in actors


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Rights groups accuse the army of torture.", "ongoing"),
        ("The rebels besiege the city.", "ongoing"),
        ("A delegation is due to visit the port later this month.", "planned"),
        ("The president has ruled out negotiations with the insurgents.", "negated"),
    ],
)
def test_text_status_round4(text: str, status: str) -> None:
    assert status in set(_events(text)["status"])


def test_text_running_toll_is_ongoing() -> None:
    assert set(_events("The war has killed more than 10,000 people.")["status"]) == {"ongoing"}


def test_text_surname_alias_inside_another_persons_name() -> None:
    actors = {
        a
        for row in _events("Minister Chaudhry Nisar Ali Khan will visit Quetta on Friday.")["actors"]
        for a in row
    }
    assert "Imran Khan" not in actors


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        # A passive simple past reported by a dated statement happened before it, on a day the
        # text does not give: the statement's date would be invented.
        ("Ten militants were killed in the clash, the army said on Wednesday, adding that two fled.", False),
        ("Two more suspects were arrested during the raid, a police official said on Sunday.", False),
        # Its own date still dates it.
        ("Two suspects were arrested on Sunday, a police official said.", True),
        # Present perfect is news of that moment: dated by the statement.
        ("The army has retaken the town, a spokesman said on Wednesday.", True),
    ],
)
def test_text_passive_past_reported_later_stays_undated(text: str, dated: bool) -> None:
    table = _events(text)
    assert bool(table["start"].notna().any()) is dated


@pytest.mark.parametrize(
    "text",
    [
        # The date after "said" is the statement's, even when the parse hangs it on the plan.
        "In the town, the forum said on Thursday it would hold a mass burial for the victims.",
        "The council said on Monday it would reopen the border crossing to traders.",
    ],
)
def test_text_plan_reported_on_a_day_is_not_dated_by_it(text: str) -> None:
    table = _events(text)
    assert table["start"].isna().all()
    assert set(table["status"]) == {"planned"}


def test_text_a_call_on_a_day_is_news_of_that_day() -> None:
    table = _events("The UN envoy on Wednesday called on all parties to stop the fighting around the dam.")
    assert ("Appeal" in table["title"].iloc[0]) and str(table["start"].iloc[0].date()) == "2024-03-13"
