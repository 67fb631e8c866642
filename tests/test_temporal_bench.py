"""The TempEval-3 benchmark script runs on a tiny TimeML file we wrote ourselves."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench"))  # appended: bench/events.py must not shadow the events package

import tempeval  # noqa: E402
import tempeval_categories  # noqa: E402

TINY = Path(__file__).parent / "fixtures" / "temporal" / "tiny.tml"


def test_temporal_bench_parses_timeml() -> None:
    doc = tempeval.parse_tml(TINY)
    assert doc.dct == datetime(2021, 11, 5)
    assert [g.text for g in doc.gold][:3] == ["yesterday", "month-long", "last month"]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)
    assert "&" in doc.text and "&amp;" not in doc.text


def test_temporal_bench_scores_tiny_fixture() -> None:
    doc = tempeval.parse_tml(TINY)
    figures, counts = tempeval.score([doc])
    assert counts.gold == 7
    assert figures["relaxed_f1"] == pytest.approx(100.0)
    assert figures["value_f1"] == pytest.approx(100.0)
    assert figures["type_f1"] == pytest.approx(100.0)
    # "in September" is annotated with its preposition; we leave prepositions out.
    assert figures["strict_f1"] == pytest.approx(100 * 6 / 7)


def test_temporal_bench_scoring_arithmetic() -> None:
    doc = tempeval.Document("d", "abc def ghi", datetime(2021, 1, 1), [tempeval.Gold(0, 3, "DATE", "2021")])
    predicted = [tempeval.Gold(1, 3, "DATE", "2020"), tempeval.Gold(4, 7, "DATE", "2021")]
    counts = tempeval.Counts()
    tempeval.compare(doc, predicted, counts)
    figures = tempeval.figures(counts)
    assert figures["relaxed_p"] == pytest.approx(50.0)
    assert figures["relaxed_r"] == pytest.approx(100.0)
    assert figures["strict_f1"] == 0.0
    assert figures["value_f1"] == 0.0
    assert figures["type_f1"] == pytest.approx(figures["relaxed_f1"])


def test_temporal_bench_baseline_runs() -> None:
    pytest.importorskip("dateparser")
    doc = tempeval.parse_tml(TINY)
    predictions = tempeval.baseline(doc)
    assert all(doc.text[p.start : p.end] == p.text for p in predictions)


@pytest.mark.slow
def test_temporal_bench_main_on_fixture_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "tiny.tml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    assert tempeval.main(["--split", "train", "--root", str(tmp_path), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "ours" in out and "search_dates" in out and "speed ratio" in out


def test_temporal_bench_on_shared_train_sample(shared: Path) -> None:
    docs = tempeval.load_split("train", root=shared / "data" / "tempeval3")[:10]
    figures, _ = tempeval.score(docs)
    assert figures["relaxed_f1"] > 85


def test_temporal_filter_perceptron_learns_a_separable_rule() -> None:
    import train_filter

    examples = [(["bias", "w=now"], -1), (["bias", "w=friday"], 1), (["bias", "w=march"], 1)] * 5
    weights = train_filter.train(examples, epochs=5)
    assert (
        train_filter.score(["bias", "w=now"], weights) < 0 < train_filter.score(["bias", "w=friday"], weights)
    )
    timex = tempeval.tag("Prices are rising now.", reference_date="2021-11-05")[0]
    feats = train_filter.features(timex, "Prices are rising now.")
    assert {"w=now", "prev1=rising", "type=DATE", "shape=PRESENT_REF"} <= set(feats)


def test_temporal_bench_halves_split_by_corpus(tmp_path: Path) -> None:
    import tempeval_halves

    tiny = TINY.read_text(encoding="utf-8")
    for corpus in ("TimeBank", "AQUAINT"):
        (tmp_path / "train" / corpus).mkdir(parents=True)
        (tmp_path / "train" / corpus / "tiny.tml").write_text(tiny, encoding="utf-8")
    figures = tempeval_halves.halves(tmp_path)
    assert set(figures) == {"train", "TimeBank", "AQUAINT"}
    assert figures["train"]["gold"] == 2 * figures["TimeBank"]["gold"] == 2 * figures["AQUAINT"]["gold"]
    assert figures["TimeBank"]["relaxed_f1"] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("text", "type_", "expected"),
    [
        ("now", "DATE", "vague reference (now, recent, future, soon...)"),
        ("the third quarter", "DATE", "business period (quarter, fiscal, period, year-end)"),
        ("yesterday", "DATE", "deictic day (today, yesterday, tonight...)"),
        ("March 5, 2013", "DATE", "explicit date (year, month, day written)"),
        ("Tuesday", "DATE", "weekday"),
        ("two weeks ago", "DATE", "anchored relative (last/next/this/ago/later...)"),
        ("the week", "DATE", "bare generic unit (the year, the day, the week)"),
        ("three hours", "DURATION", "duration"),
        ("every Friday", "SET", "weekday"),
        ("each month", "SET", "set (frequency)"),
        ("noon", "TIME", "time of day"),
    ],
)
def test_temporal_bench_error_categories(text: str, type_: str, expected: str) -> None:
    assert tempeval_categories.category(text, type_) == expected
