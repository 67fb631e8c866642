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
