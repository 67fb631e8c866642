"""`python -m events render`: draws our own tables; exit 2 with one line on user errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from events import export
from events.__main__ import main
from events.schema import Event, to_table, validate

ROOT = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, fmt: str) -> Path:
    table = to_table(
        [
            Event(
                title="Talks",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                actors=("Tehrik-i-Taliban Pakistan",),
            ),
            Event(
                title="Takeover",
                source="a.txt",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                actors=("Afghan Taliban",),
            ),
        ]
    )
    path = tmp_path / f"events.{fmt}"
    path.write_bytes(export.table_bytes(table, fmt))
    return path


@pytest.mark.parametrize("fmt", export.READ_FORMATS)
def test_events_cli_renders_html_from_each_table_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "chart.html"
    assert main(["render", str(_write(tmp_path, fmt)), "-o", str(out), "--actor", "TTP"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Plotly.newPlot" in page and "<script src=" not in page
    assert (
        "Tehrik-i-Taliban Pakistan" in page
        and 'Afghan Taliban"' not in page.split("Plotly.newPlot")[1][:5000]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "missing.json", "-o", "x.html"], "cannot read"),
        (["render", "{table}", "-o", "x.gif"], "output must end in"),
        (["render", "{bad}", "-o", "x.html"], "not an event table"),
        (["render", "{table}", "-o", "x.html", "--from", "2021-13-01"], "expected a date"),
        (["render", "{table}", "-o", "x.html", "--lane", "nope"], "invalid choice"),
        (["render", "{table}"], "required"),
        # Before: exit 0 and an empty chart.
        (
            ["render", "{table}", "-o", "x.html", "--from", "2022-01-01", "--to", "2021-01-01"],
            "is not before --to",
        ),
        (
            ["render", "{table}", "-o", "x.html", "--from", "2021-01-01", "--to", "2021-01-01"],
            "is not before --to",
        ),
        # Before: a PNG 100,000,000 pixels wide went to the browser; 0 and -5 were taken.
        (["render", "{table}", "-o", "x.png", "--width", "100000000"], "--width must be 200 to 10000"),
        (["render", "{table}", "-o", "x.html", "--width", "0"], "--width must be 200 to 10000"),
        (["render", "{table}", "-o", "x.html", "--max-raw", "-5"], "--max-raw must be 1 or more"),
    ],
)
def test_events_cli_user_errors_exit_2_with_one_line(tmp_path: Path, capsys, args, message) -> None:
    table = _write(tmp_path, "json")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    argv = [a.format(table=table, bad=bad) for a in args]
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_events_cli_subprocess_exit_code(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "events", "render", str(tmp_path / "none.csv"), "-o", "x.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


@pytest.mark.slow
def test_events_cli_large_table_renders_small_file(tmp_path: Path) -> None:
    n = 200_000
    rng = np.random.default_rng(0)
    start = np.datetime64("1990-01-01T00:00:00", "s") + rng.integers(0, 30 * 365 * 86_400, n).astype(
        "timedelta64[s]"
    )
    table = validate(
        pd.DataFrame(
            {
                "event_id": [f"e{i}" for i in range(n)],
                "source": "s",
                "precision": "day",
                "start": start,
                "end": start + np.timedelta64(86_400, "s"),
                "actors": [[f"A{i % 50}"] for i in range(n)],
            }
        )
    )
    path = tmp_path / "big.parquet"
    path.write_bytes(export.to_parquet(table))
    out = tmp_path / "big.html"
    assert main(["render", str(path), "-o", str(out)]) == 0
    assert out.stat().st_size < 10_000_000
    assert "counts per" in out.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
def test_events_cli_png(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    assert main(["render", str(_write(tmp_path, "csv")), "-o", str(out), "--width", "900"]) == 0
    assert out.read_bytes().startswith(b"\x89PNG") and int.from_bytes(out.read_bytes()[16:20], "big") == 900


def test_events_cli_internal_error_is_one_line_exit_1(tmp_path: Path, capsys, monkeypatch) -> None:
    import events.__main__ as cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.delenv("TIMELINE_DEBUG", raising=False)
    monkeypatch.setattr(cli, "timeline", broken)
    assert main(["render", str(_write(tmp_path, "json")), "-o", str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err and err.count("\n") == 1


def test_events_cli_filter_matching_nothing_warns(tmp_path: Path, capsys) -> None:
    out = tmp_path / "chart.html"
    assert main(["render", str(_write(tmp_path, "json")), "-o", str(out), "--actor", "Nobody"]) == 0
    err = capsys.readouterr().err
    assert "no event matches the filter" in err and err.count("\n") == 1
    assert out.is_file()


def test_events_cli_date_window_frames_the_chart(tmp_path: Path) -> None:
    out = tmp_path / "chart.html"
    table = str(_write(tmp_path, "csv"))
    args = ["render", table, "-o", str(out), "--from", "2021-10-01", "--to", "2021-12-01"]
    assert main(args) == 0
    layout = out.read_text(encoding="utf-8").split("Plotly.newPlot", 1)[1]
    # The window, not the data's first day (the August takeover is filtered out).
    assert '"range":["2021-10-01' in layout.replace(" ", "")
