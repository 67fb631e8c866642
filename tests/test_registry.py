"""Sniffing across every format: each fixture goes to its own loader; articles are not tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.errors import FileTooLargeError, TimelineError
from loaders.registry import LOADERS, LoadOptions, get_loader, load, sniff

DATASETS = Path(__file__).parent / "fixtures" / "datasets"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acled_2020.csv", "acled"),
        ("acled_2020_short_dates.csv", "acled"),
        ("acled_2023.csv", "acled"),
        ("acled_bad_rows.csv", "acled"),
        ("acled_missing_columns.csv", "acled"),
        ("ucdp_ged.csv", "ucdp"),
        ("ucdp_bad_rows.csv", "ucdp"),
        ("gdelt2_small.export.CSV", "gdelt"),
        ("table_events.csv", "table"),
        ("table_events.tsv", "table"),
        ("table_semicolon.csv", "table"),
        ("table_events.json", "table"),
        ("table_events.jsonl", "table"),
        ("table_wrapped.json", "table"),
        ("table_events.parquet", "table"),
        ("table_events.xlsx", "table"),
        ("table_merged.xlsx", "table"),
        ("table_cp1252.csv", "table"),
        ("table_utf16.csv", "table"),
        ("table_ragged.csv", "table"),
        ("table_unclosed_quote.csv", "table"),
        ("table_bad_dates.csv", "table"),
    ],
)
def test_registry_sniffs_each_fixture_as_its_format(name: str, expected: str) -> None:
    data = (DATASETS / name).read_bytes()
    assert sniff(data, name) == expected
    # The extension is only a hint: the bytes alone decide the same way.
    assert sniff(data, "upload") == expected


@pytest.mark.parametrize(
    "name", ["acled_2020.csv", "ucdp_ged.csv", "gdelt2_small.export.CSV", "table_events.csv"]
)
def test_registry_load_end_to_end(name: str) -> None:
    result = load((DATASETS / name).read_bytes(), source=name)
    assert len(result.table) == 4
    assert result.loader == sniff((DATASETS / name).read_bytes(), name)


@pytest.mark.parametrize(
    "text",
    [
        b"Officials said on Tuesday, after talks in Kabul, that the truce would hold.\n"
        b"The group, however, denied it. A spokesman, speaking by phone, said so.\n"
        b"Analysts, for their part, were not surprised.\n",
        b"ISLAMABAD: The government and the militants agreed to a month-long ceasefire on Monday.\n",
    ],
)
def test_registry_article_is_not_a_table(text: bytes) -> None:
    for name in ("acled", "ucdp", "gdelt", "table"):
        assert get_loader(name).sniff(text, "article.txt") == 0.0
    assert sniff(text, "article.txt") == "text"


def test_registry_size_limit_before_parsing() -> None:
    data = (DATASETS / "acled_2020.csv").read_bytes()
    with pytest.raises(FileTooLargeError, match=r"acled_2020.csv: file is .* MB; the limit is"):
        load(data, source="acled_2020.csv", options=LoadOptions(max_bytes=1000))


@pytest.mark.parametrize("name", ["binary_renamed.csv", "empty.csv"])
def test_registry_bad_files_give_our_error_or_nothing(name: str) -> None:
    data = (DATASETS / name).read_bytes()
    try:
        result = load(data, source=name)
    except TimelineError as err:
        assert name in str(err)
    else:
        assert len(result.table) == 0


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acled_afghanistan_2020-03.csv", "acled"),
        ("acled_global_2020-04-27_2020-05-09.csv", "acled"),
        ("ucdp_ged_pakistan_hdx.csv", "ucdp"),
        ("gdelt2_events_20180101000000.export.CSV", "gdelt"),
    ],
)
def test_registry_sniffs_real_samples(shared: Path, name: str, expected: str) -> None:
    assert sniff((shared / "data" / "events" / name).read_bytes(), name) == expected


@pytest.mark.shared
def test_registry_seed_article_is_text(seed_text: str) -> None:
    assert sniff(seed_text.encode("utf-8"), "article-2021-11-05.txt") == "text"
    assert get_loader("table").sniff(seed_text.encode("utf-8"), "article-2021-11-05.txt") == 0.0


def test_registry_every_loader_has_the_contract() -> None:
    for name in LOADERS:
        module = get_loader(name)
        assert name == module.NAME
        assert module.DESCRIPTION
        assert callable(module.sniff) and callable(module.load)
