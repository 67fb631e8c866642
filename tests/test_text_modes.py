"""How relative dates in articles anchor: news, narrative (histories) and auto, end to end."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from events.errors import BadValueError
from loaders.__main__ import main
from loaders.registry import LoadOptions, load
from loaders.text import extract

# A history of our own: one explicit year, then dates that lean on it.
HISTORY = (
    "The Relief of the Mission\n\n"
    "In 1912 the tribesmen besieged the mission in April. Three weeks later the garrison "
    "surrendered. The following year government troops recaptured the mission."
)
# A report without a publication date: everything relative leans on the missing date.
UNDATED_REPORT = (
    "Militants attacked a police post in the north last year, officials said. "
    "Two days later the army launched an operation in the valley."
)


def _dated(table) -> dict[str, tuple[datetime, str]]:
    rows = table[table["start"].notna()]
    columns = zip(rows["timex"], rows["start"], rows["precision"], strict=True)
    return {t: (s.to_pydatetime(), p) for t, s, p in columns}


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "narrative",
            {
                "1912": (datetime(1912, 1, 1), "year"),
                "April": (datetime(1912, 4, 1), "month"),
                "The following year": (datetime(1913, 1, 1), "year"),
            },
        ),
        # As news with no publication date, "April" would lean on a date nobody gave.
        ("news", {"1912": (datetime(1912, 1, 1), "year")}),
    ],
)
def test_text_modes_history_without_a_publication_date(mode: str, expected: dict) -> None:
    dated = _dated(extract(HISTORY, source="history.txt", mode=mode).table)
    assert {k: v for k, v in dated.items() if k in expected} == expected
    assert set(dated) <= set(expected) | {"Three weeks later"}


@pytest.mark.parametrize("mode", ["auto", "news", "narrative"])
def test_text_modes_never_invent_dates_from_a_missing_publication_date(mode: str) -> None:
    result = extract(UNDATED_REPORT, source="report.txt", mode=mode)
    assert result.table["start"].isna().all()
    assert any("No publication date" in w for w in result.warnings)


def test_text_modes_news_anchors_on_the_publication_date() -> None:
    table = extract(HISTORY, source="history.txt", published=date(2021, 11, 5), mode="news").table
    assert _dated(table)["April"] == (datetime(2021, 4, 1), "month")


def test_text_modes_reach_the_loader_through_options() -> None:
    data = HISTORY.encode()
    narrative = load(data, source="history.txt", options=LoadOptions(text_mode="narrative"))
    assert _dated(narrative.table)["April"] == (datetime(1912, 4, 1), "month")


@pytest.mark.parametrize("mode", ["history", "", "NEWS"])
def test_text_modes_unknown_mode_is_refused(mode: str) -> None:
    with pytest.raises(BadValueError, match="text mode must be one of auto, news, narrative"):
        extract(HISTORY, source="history.txt", mode=mode)


def test_text_modes_cli_flag(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "history.txt"
    path.write_text(HISTORY, encoding="utf-8")
    assert main(["extract", str(path), "--format", "json", "--mode", "narrative"]) == 0
    events = json.loads(capsysbinary.readouterr().out)
    assert {e["timex"]: e["start"][:10] for e in events if e["start"]}["April"] == "1912-04-01"
