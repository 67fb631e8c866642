"""Figure build time and payload at 10k, 100k and 1M synthetic events vs a plain px.timeline.

Run: ``python bench/figure.py [--sizes 10000 100000 1000000] [--px-cap 100000]``.
px.timeline above ``--px-cap`` events is not run (minutes, GBs); its figures there are
extrapolated linearly from the largest size measured and marked with ``~``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events import filters
from events.figure import timeline
from events.schema import validate

TYPES = (
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
)
PRECISIONS = ("day", "day", "day", "week", "month", "year")


def synthetic(n: int, *, seed: int = 0, n_actors: int = 300) -> pd.DataFrame:
    """``n`` events over 1990-2024 with 1-2 actors each, vectorised."""
    rng = np.random.default_rng(seed)
    base = np.datetime64("1990-01-01T00:00:00", "s")
    start = base + rng.integers(0, 35 * 365 * 86_400, n).astype("timedelta64[s]")
    dur = np.where(rng.random(n) < 0.7, 86_400, rng.integers(86_400, 60 * 86_400, n))
    actors = np.array([f"Actor {i:03d}" for i in range(n_actors)], dtype=object)
    a1 = actors[rng.integers(0, n_actors, n)]
    a2 = actors[rng.integers(0, n_actors, n)]
    two = rng.random(n) < 0.5
    actor_lists = [[x, y] if t and x != y else [x] for x, y, t in zip(a1, a2, two, strict=True)]
    table = pd.DataFrame(
        {
            "event_id": [f"e{i:08d}" for i in range(n)],
            "title": np.char.add("Event ", np.arange(n).astype(str)),
            "event_type": np.array(TYPES, dtype=object)[rng.integers(0, len(TYPES), n)],
            "start": start,
            "end": start + dur.astype("timedelta64[s]"),
            "precision": np.array(PRECISIONS, dtype=object)[rng.integers(0, len(PRECISIONS), n)],
            "approximate": rng.random(n) < 0.1,
            "actors": actor_lists,
            "country": np.array(["Pakistan", "Afghanistan", "Syria", "Yemen"], dtype=object)[
                rng.integers(0, 4, n)
            ],
            "source": "synthetic",
            "evidence": "A synthetic sentence standing in for the evidence of this event.",
        }
    )
    return validate(table)


def timed(fn, repeat: int = 1):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def ours(table: pd.DataFrame, where: np.ndarray | None = None) -> tuple[float, int, str]:
    seconds, payload = timed(lambda: timeline(table, where=where).to_json())
    fig = timeline(table, where=where)
    return seconds, len(payload), fig.layout.meta["mode"]


def plain_px(table: pd.DataFrame) -> tuple[float, int]:
    def build() -> str:
        frame = table.explode("actors")
        frame = frame.assign(start=frame["start"].astype("datetime64[ns]", errors="ignore"))
        fig = px.timeline(
            frame,
            x_start="start",
            x_end="end",
            y="actors",
            color="event_type",
            hover_name="title",
            custom_data=["event_id"],
        )
        return fig.to_json()

    seconds, payload = timed(build)
    return seconds, len(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--px-cap", type=int, default=100_000)
    args = parser.parse_args(argv)

    print(
        f"{'events':>10} {'ours s':>8} {'ours MB':>8} {'mode':>10} {'px s':>9} {'px MB':>9} "
        f"{'time x':>8} {'size x':>8}"
    )
    px_rate: tuple[float, float] | None = None
    largest = None
    timeline(synthetic(100)).to_json()  # warm-up: imports and plotly validators
    for n in args.sizes:
        table = synthetic(n)
        filters.lane_index(table, "actor")  # built once per loaded table, like the app does
        t_ours, size_ours, mode = ours(table)
        if n <= args.px_cap:
            t_px, size_px = plain_px(table)
            px_rate = (t_px / n, size_px / n)
            mark = ""
        elif px_rate is not None:
            t_px, size_px = px_rate[0] * n, px_rate[1] * n
            mark = "~"
        else:
            t_px = size_px = float("nan")
            mark = "?"
        print(
            f"{n:>10,} {t_ours:>8.3f} {size_ours / 1e6:>8.2f} {mode:>10} {mark + f'{t_px:.2f}':>9} "
            f"{mark + f'{size_px / 1e6:.1f}':>9} {t_px / t_ours:>7.0f}x {size_px / size_ours:>7.0f}x"
        )
        largest = table

    if largest is not None:
        print("\nraw drawing (one shape per event, what the app does below the threshold):")
        for n in (1_000, 5_000, 10_000):
            subset = largest.head(n)
            seconds, payload = timed(lambda subset=subset, n=n: timeline(subset, max_raw=n).to_json())
            print(f"  {n:>7,} events {seconds:6.3f} s  {len(payload) / 1e6:6.2f} MB")
        n = len(largest)
        print(f"\nfilter + redraw + serialise at {n:,} events (lane index cached per table):")
        names = filters.lane_index(largest, "actor").names
        cases = {
            "one actor": filters.Filter(actors=(str(names[0]),)),
            "five actors": filters.Filter(actors=tuple(str(x) for x in names[:5])),
            "type + country": filters.Filter(event_types=("Battles",), countries=("Syria",)),
            "date range 2010": filters.Filter(
                date_from=pd.Timestamp("2010-01-01").date(), date_to=pd.Timestamp("2011-01-01").date()
            ),
            "text search": filters.Filter(text="event 12345"),
            "hide year-level": filters.Filter(precisions=("day", "week", "month")),
        }
        for label, flt in cases.items():

            def redraw(flt: filters.Filter = flt) -> tuple[str, dict]:
                where = filters.mask(largest, flt)
                fig = timeline(largest, where=where)
                return fig.to_json(), fig.layout.meta

            seconds, (payload, meta) = timed(redraw, repeat=3)
            print(
                f"  {label:<18} {seconds:6.3f} s  {len(payload) / 1e6:6.2f} MB  "
                f"{meta['mode']:>9}  visible {meta['visible']:,}"
            )
        seconds, _ = timed(
            lambda: timeline(largest, x_range=("2003-01-01", "2003-01-10")).to_json(), repeat=3
        )
        print(f"  {'zoom to 9 days':<18} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
