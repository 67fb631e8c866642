"""Fuzz the text loader (cleaning, tagging, spaCy, event assembly) from a seed corpus.

Usage: ``python bench/fuzz_text.py [N] [--seed S] [--stage tagger|loader]`` (N inputs,
default 100,000). Seeds are our sample and gold articles plus hostile snippets
(absurd and historic dates, HTML, huge numbers); each input is a seed cut to a
random window and mutated with the same edits as ``bench/fuzz_csv.py`` plus
date-shaped tokens. ``--stage tagger`` fuzzes ``loaders.temporal.tag`` alone (fast);
``--stage loader`` (default) runs the whole text loader. Anything raised other than
``TimelineError`` is a crash, as is a broken invariant (offsets outside the text,
``start >= end``, repeated ids). Exit code 1 if any crash was found.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fuzz_csv import TOKENS, _mutate  # noqa: E402  (one mutation engine for every fuzzer)

from events.errors import TimelineError  # noqa: E402
from loaders.registry import LoadOptions  # noqa: E402
from loaders.temporal import tag  # noqa: E402
from loaders.text import load as load_text  # noqa: E402

SEED_DIRS = (ROOT / "samples", ROOT / "bench" / "gold" / "articles", ROOT / "tests" / "fixtures" / "text")
SNIPPETS = [
    b"KABUL, Nov 5 (Reuters) - It happened on 31 February 2021 and 2021-13-45, in year 0 and 99999.",
    b"The Buddhas were carved in the 6th century; Babur took Kabul in 1504; Alexander came in 330 BC.",
    b"<html><script>alert(1)</script><p>Talks began <b>last month</b> in Khost.</p></html>",
    b"At 3 p.m. IST on Friday, and at 14:00 GMT yesterday, the truce held for nearly two weeks.",
    b"Between 3 and 7 March, from 2014 to 2016, every Friday, annually, in the 1990s, Q3 2021.",
]
TEXT_TOKENS = [
    b" last month ", b" in August ", b" for nearly two weeks ", b" month-long ", b" since ",
    b" 5 November 2021 ", b" the 1990s ", b" 12th century ", b" 2262-04-12 ", b" 1677-09-21 ",
    b" mid-", b" early ", b" two days later ", b" \xe2\x80\x94 ", b" \xc2\xa0", b"\r\n\r\n",
    b" 9999999999999999999 ", b" March ", b" May ", b" We ", b"Source link",
]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stage", choices=("loader", "tagger"), default="loader")
    args = parser.parse_args(argv)
    seeds = [p.read_bytes() for d in SEED_DIRS if d.is_dir() for p in sorted(d.glob("*.txt"))] + SNIPPETS
    tokens = TOKENS + TEXT_TOKENS
    crashes: dict[tuple[str, str], tuple[bytes, str]] = {}
    stats = {"inputs": 0, "ok": 0, "refused": 0}
    options = LoadOptions(published=date(2021, 11, 5))

    def check_loader(data: bytes) -> None:
        result = load_text(data, source="fuzz.txt", options=options)
        table = result.table
        dated = table["start"].notna()
        if not (table.loc[dated, "start"] < table.loc[dated, "end"]).all():
            raise AssertionError("an event with start >= end")
        if not table["event_id"].is_unique:
            raise AssertionError("repeated event ids")

    def check_tagger(data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        for timex in tag(text, reference_date=date(2021, 11, 5)):
            if text[timex.start : timex.end] != timex.text:
                raise AssertionError("timex offsets do not match its text")
            if timex.span_start is not None and not timex.span_start < timex.span_end:
                raise AssertionError("timex span start >= end")

    check = check_loader if args.stage == "loader" else check_tagger

    @settings(
        max_examples=args.n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data_strategy: st.DataObject) -> None:
        seed = data_strategy.draw(st.sampled_from(seeds))
        start = data_strategy.draw(st.integers(0, max(len(seed) - 1, 0)))
        window = seed[start : start + data_strategy.draw(st.integers(1, 1500))]
        data = _mutate(window, data_strategy.draw)
        if data_strategy.draw(st.booleans()):
            at = data_strategy.draw(st.integers(0, len(data)))
            data = data[:at] + data_strategy.draw(st.sampled_from(tokens)) + data[at:]
        stats["inputs"] += 1
        try:
            check(data)
            stats["ok"] += 1
        except TimelineError:
            stats["refused"] += 1
        except Exception as err:  # a crash: anything but our own error
            frames = traceback.extract_tb(err.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            key = (type(err).__name__, where)
            if key not in crashes or len(data) < len(crashes[key][0]):
                crashes[key] = (data, f"{type(err).__name__}: {err}"[:300])

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(
        f"{args.stage}: {stats['inputs']:,} inputs in {elapsed:.0f} s ({stats['inputs'] / elapsed:.0f}/s); "
        f"{stats['ok']:,} processed, {stats['refused']:,} refused with a TimelineError, "
        f"{len(crashes)} distinct crash(es)"
    )
    for (name, where), (data, message) in sorted(crashes.items()):
        print(f"\nCRASH {name} at {where}\n  input ({len(data)} bytes): {data[:300]!r}\n  {message}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
