"""Hostile and broken input through the public entry point: events or our own error, never a crash."""

from __future__ import annotations

import codecs
import contextlib
import time
from datetime import date

import numpy as np
import pytest

from events.errors import DecodeError, EmptyInputError, FileTooLargeError, TimelineError, UnknownFormatError
from events.schema import COLUMNS
from loaders.registry import LoadOptions, load
from loaders.temporal import tag

OPTIONS = LoadOptions(published=date(2021, 11, 5))
ARTICLE = "KABUL, Nov 5 - Talks between the two sides began last month in Khost, officials said."


def _load(data: bytes, name: str = "input.txt"):
    return load(data, source=name, options=OPTIONS)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInputError, "input.txt: the file is empty"),
        (b"  \r\n\t\n", EmptyInputError, "the file is empty"),
        (codecs.BOM_UTF8, EmptyInputError, "the file is empty"),
        (b"\x00\x01\x02\x03binary\xff" * 50, (DecodeError, UnknownFormatError), "binary data"),
        (b"%PDF-1.4\n%binary", (DecodeError, UnknownFormatError), "PDF document"),
        (b"\x7fELF\x02\x01\x01", (DecodeError, UnknownFormatError), "a program"),
    ],
)
def test_hostile_refused_with_a_specific_message(data: bytes, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        _load(data)


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),  # with a BOM
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        ARTICLE.replace("Talks", "\u201cTalks\u201d \u2013").encode("cp1252"),
        ARTICLE.replace(" ", "\u00a0").encode("utf-8"),  # non-breaking spaces everywhere
        ARTICLE.replace(" began", "\u00e9 began").encode("utf-8") + b" \x93stray cp1252\x94",
        ARTICLE.replace("\n", "\r\n").encode(),
    ],
    ids=["utf8", "utf16-bom", "utf8-bom", "cp1252", "nbsp", "mixed", "crlf"],
)
def test_hostile_encodings_give_the_same_event(data: bytes) -> None:
    table = _load(data).table
    dated = table[table["timex"] == "last month"]
    assert len(dated) == 1
    assert dated["start"].iloc[0] == np.datetime64("2021-10-01", "s")
    assert dated["precision"].iloc[0] == "month"


def test_hostile_html_scripts_and_styles_never_reach_events() -> None:
    page = (
        b"<html><head><style>p{color:red}</style><script>alert('last month')</script></head>"
        b"<body><p>KABUL, Nov 5 - Talks <b>began</b> last month in Khost.</p>"
        b"<a href='http://example.invalid'>click</a><script>document.write('x')</script></body></html>"
    )
    table = _load(page, "page.html").table
    assert len(table[table["timex"] == "last month"]) == 1
    text = " ".join(table["evidence"]) + " ".join(table["title"])
    for bad in ("alert", "<script", "color:red", "document.write", "<b>"):
        assert bad not in text


def test_hostile_text_without_dates_is_no_error() -> None:
    table = _load(b"The minister spoke about the weather. Nothing else was said.").table
    assert table["start"].isna().all()
    assert list(table.columns) == list(COLUMNS)


@pytest.mark.parametrize(
    ("size", "repeat"),
    [("5 MB single line", 120_000), ("50 MB text", 1_200_000)],
)
def test_hostile_huge_text_is_refused_quickly(size: str, repeat: int) -> None:
    data = ("Talks began on 5 March 2021 and ended. " * repeat).encode()
    started = time.perf_counter()
    with pytest.raises(FileTooLargeError, match="characters; one article may have at most"):
        _load(data)
    # Refused before any parsing: no spaCy run over megabytes (generous bound, CI is slow).
    assert time.perf_counter() - started < 20


def test_hostile_size_limit_is_checked_before_decoding() -> None:
    with pytest.raises(FileTooLargeError, match=r"big.txt: file is .* MB; the limit is"):
        load(b"x" * 2_000_000, source="big.txt", options=LoadOptions(max_bytes=1_000_000))


@pytest.mark.slow
def test_hostile_thousands_of_dates_load_in_linear_time() -> None:
    sentences = [f"On {d} March 2020 there was a clash in Kabul." for d in range(1, 29)] * 72  # 2,016
    started = time.perf_counter()
    table = _load(" ".join(sentences).encode()).table
    elapsed = time.perf_counter() - started
    assert table["start"].notna().sum() >= 2000
    assert elapsed < 60, f"2,016 dated sentences took {elapsed:.0f} s"


def test_hostile_tagger_handles_tens_of_thousands_of_dates() -> None:
    text = " ".join(f"On {d} March 2020 and in {1900 + d} they met." for d in range(1, 29)) * 400
    timexes = tag(text, reference_date="2021-11-05")
    assert len(timexes) >= 20_000
    assert all(text[t.start : t.end] == t.text for t in timexes[:500])


@pytest.mark.parametrize(
    "sentence",
    [
        "It happened on 31 February 2021, they said.",
        "The file was dated 2021-13-45 by mistake.",
        "It was signed in the year 0, or so the legend goes.",
        "The plan runs to the year 99999.",
        "On 00/00/0000 nothing happened.",
        "On 29 February 2023 the talks began.",
        # found by bench/fuzz_text.py: a duration longer than the calendar
        "999996th 99999century; Babur took Kabul in 1504.",
        "The siege lasted 99999999 hours, then 999999 weeks later it ended.",
    ],
)
def test_hostile_absurd_dates_never_crash_or_give_impossible_days(sentence: str) -> None:
    table = _load(f"KABUL, Nov 5 - {sentence}".encode()).table
    dated = table.dropna(subset=["start"])
    assert (dated["start"] < dated["end"]).all()
    assert not (dated["precision"] == "day").any(), dated[["timex", "start"]]


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("The statues were carved in the 6th century.", "0500-01-01", "0600-01-01", "century"),
        ("Babur's forces took Kabul in 1504.", "1504-01-01", "1505-01-01", "year"),
        ("The fort was besieged in March 1601.", "1601-03-01", "1601-04-01", "month"),
        ("Talks are planned for March 2400.", "2400-03-01", "2400-04-01", "month"),
    ],
)
def test_hostile_historic_and_far_future_dates_are_kept(
    sentence: str, start: str, end: str, precision: str
) -> None:
    table = _load(f"KABUL, Nov 5 - {sentence}".encode()).table
    dated = table.dropna(subset=["start"])
    assert len(dated) >= 1, table[["title", "timex"]]
    row = dated.iloc[0]
    assert (row["start"], row["end"], row["precision"]) == (
        np.datetime64(start, "s"),
        np.datetime64(end, "s"),
        precision,
    )


def test_hostile_every_refusal_is_our_error_type() -> None:
    junk = [b"\xff\xfe\x00", b"\xfe\xff", b"<html></html>", b"{", b"[1, 2", b",,,\n,,,", b"\t\t\n"]
    for data in junk:
        with contextlib.suppress(TimelineError):
            _load(data)
