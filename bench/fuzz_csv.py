"""Fuzz the dataset and table loaders with hypothesis at volume, from a seed corpus of our fixtures.

Usage: ``python bench/fuzz_csv.py [N] [--seed S] [--corpus DIR]`` (N inputs, default 100,000).

Each input is a fixture (ACLED, UCDP GED, GDELT, CSV/TSV/JSON/Excel/Parquet tables
and the bad-file fixtures) mutated by a few hypothesis-drawn edits: truncation,
byte flips to CSV-significant bytes, inserted tokens (absurd dates, huge numbers,
quotes, BOMs, NULs), deleted or repeated lines, re-encoding as UTF-16 or cp1252.
It goes to the loader its seed belongs to, and every fourth input also through
sniffing. Anything raised other than ``TimelineError`` is a crash: each distinct
crash (exception type and place) is printed once with its smallest input seen.
Also checked on every loaded table: ``start < end`` for dated events, unique ids.
Prints inputs per second. Exit code 1 if any crash was found.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.errors import TimelineError  # noqa: E402
from loaders import acled, gdelt, table, ucdp  # noqa: E402
from loaders.registry import LoadOptions  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "datasets"
LOADERS = {"acled": acled, "ucdp": ucdp, "gdelt": gdelt, "table": table}
TOKENS = [
    b'"', b'""', b",", b"\t", b";", b"\n", b"\r", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"#",
    b"31 February 2021", b"2021-13-45", b"0000-00-00", b"99999", b"-1", b"1e400", b"nan", b"inf",
    b"330 BC", b"9-Xyz-20", b"12/31/99999", b"=HYPERLINK(\"http://x\")", b"\xe9", b"\xc3\xa9",
    b"\x80\x81\x8d", b"{", b"[", b"]", b"}", b"null", b"TTP: Tehreek-i-Taliban Pakistan", b";;;",
    b"2021", b"August 2021", b"  ", b"\\", b"'",
    # Round 6: other scripts' digits, invisibles, NFD, legacy code pages, Excel's directive,
    # date-times as spreadsheets write them.
    "\uff12\uff10\uff12\uff11-\uff11\uff11-\uff10\uff13".encode(), "\u0662\u0660\u0662\u0661".encode(),
    "\u200b".encode(), "\u200f".encode(), "e\u0301".encode(), "\u062d\u0631\u0643\u0629".encode("cp1256"),
    "\u041f\u043e\u043b\u0438\u0446\u0438\u044f".encode("koi8-r"), "\u89e3\u653e\u519b".encode("gb18030"),
    b"sep=;\n", b"03/11/2021 14:22", b"11/3/2021 2:22 PM", b"Wed, 03 Nov 2021 14:22:05 GMT", b"plannned",
]  # fmt: skip


def _seed_loader(path: Path) -> str:
    name = path.name
    for prefix in ("acled", "ucdp", "gdelt"):
        if name.startswith(prefix):
            return prefix
    return "table"


def _mutate(data: bytes, draw: Callable) -> bytes:
    """Apply 1-4 drawn edits to ``data``."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete", "repeat", "token", "encode", "junk"]))
        n = len(data)
        at = draw(st.integers(0, max(n, 0)))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip" and n:
            byte = draw(st.sampled_from(b'",;\t\n\r#\x00\xff'))
            at = min(at, n - 1)
            data = data[:at] + bytes([byte]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 200)) :]
        elif kind == "repeat":
            lines = data.split(b"\n")
            i = min(draw(st.integers(0, 50)), len(lines) - 1)
            lines.insert(i, lines[i] * draw(st.integers(1, 3)))
            data = b"\n".join(lines)
        elif kind == "token":
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        elif kind == "encode":
            text = data.decode("utf-8", errors="replace")
            codec = draw(st.sampled_from(["utf-16", "cp1252", "latin-1", "cp1256", "shift_jis", "koi8-r"]))
            data = text.encode(codec, errors="replace")
        elif kind == "junk":
            data = draw(st.binary(max_size=64)) + data[at:]
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="number of inputs (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    seeds = [(p, p.read_bytes(), _seed_loader(p)) for p in sorted(args.corpus.iterdir()) if p.is_file()]
    if not seeds:
        print(f"no seed files in {args.corpus}")
        return 2
    crashes: dict[tuple[str, str], tuple[bytes, str, str]] = {}
    stats = {"inputs": 0, "loaded": 0, "refused": 0}
    options = LoadOptions()

    def record(data: bytes, label: str, err: BaseException) -> None:
        frames = traceback.extract_tb(err.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        key = (type(err).__name__, where)
        if key not in crashes or len(data) < len(crashes[key][0]):
            crashes[key] = (data, label, f"{type(err).__name__}: {err}"[:300])

    @settings(
        max_examples=args.n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(st.data())
    def run(data_strategy: st.DataObject) -> None:
        path, seed, loader = data_strategy.draw(st.sampled_from(seeds))
        data = _mutate(seed, data_strategy.draw)
        stats["inputs"] += 1
        if stats["inputs"] % 10_000 == 0:
            rate = stats["inputs"] / (time.perf_counter() - started)
            print(f"  {stats['inputs']:,} inputs, {rate:.0f}/s, {len(crashes)} crash(es) so far", flush=True)
        label = f"{path.name} -> {loader}"
        try:
            if stats["inputs"] % 4 == 0:
                scores = {name: module.sniff(data[:65536], path.name) for name, module in LOADERS.items()}
                if max(scores.values()) > 0:
                    loader = max(scores, key=lambda k: scores[k])
                    label = f"{path.name} -> sniffed {loader}"
            result = LOADERS[loader].load(data, source=path.name, options=options)
            events = result.table
            dated = events["start"].notna()
            if not (events.loc[dated, "start"] < events.loc[dated, "end"]).all():
                raise AssertionError("an event with start >= end")
            if not events["event_id"].is_unique:
                raise AssertionError("repeated event ids")
            stats["loaded"] += 1
        except TimelineError:
            stats["refused"] += 1
        except Exception as err:  # a crash: anything but our own error
            record(data, label, err)

    started = time.perf_counter()
    try:
        seed(args.seed)(run)()
    except KeyboardInterrupt:
        print("interrupted: results so far")
    elapsed = time.perf_counter() - started
    print(
        f"{stats['inputs']:,} inputs in {elapsed:.0f} s: {stats['inputs'] / elapsed:.0f} inputs/s; "
        f"{stats['loaded']:,} loaded, {stats['refused']:,} refused with a TimelineError, "
        f"{len(crashes)} distinct crash(es)"
    )
    for (name, where), (data, label, message) in sorted(crashes.items()):
        print(f"\nCRASH {name} at {where}\n  input: {label}, {len(data)} bytes: {data[:200]!r}\n  {message}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
