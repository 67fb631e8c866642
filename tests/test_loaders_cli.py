"""The ``python -m loaders`` command line and batch extraction."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from events.export import read_table
from loaders.__main__ import main
from loaders.batch import content_hash, extract_paths, iter_files, time_limit
from loaders.registry import LoadOptions

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures"
DATASETS = FIX / "datasets"

ARTICLE = """KABUL, March 3, 2022 - Negotiators from the two sides met in Doha on Tuesday and agreed
to a prisoner exchange, officials said.

The talks, which lasted for nearly two weeks, followed a month-long lull in fighting.
Clashes in Kunar province had killed 12 people last month.
"""


def _write_articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article_{i:02}.txt"
        path.write_text(ARTICLE.replace("12 people", f"{i + 3} people"), encoding="utf-8")
        paths.append(path)
    return paths


def test_loaders_cli_extract_json_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (path,) = _write_articles(tmp_path, 1)
    assert main(["extract", str(path), "--format", "json"]) == 0
    events = json.loads(capsysbinary.readouterr().out)
    by_timex = {e["timex"]: e for e in events}
    assert by_timex["last month"]["start"].startswith("2022-02-01")
    assert by_timex["last month"]["precision"] == "month"
    assert all(isinstance(e["actors"], list) for e in events)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "this is a PNG image"),
        ("missing.txt", None, "No such file"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_loaders_cli_extract_refuses_with_one_line(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "extract", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message.lower() in lines[0].lower(), proc.stderr
    assert "Traceback" not in proc.stderr


def test_loaders_cli_extract_bad_date_option() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "extract", "x.txt", "--published", "5/11/2021"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr and "Traceback" not in proc.stderr


def test_loaders_cli_extract_folder_is_resumable(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 3)
    out = tmp_path / "events.parquet"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    first = read_table(out.read_bytes(), "parquet")
    done = json.loads((tmp_path / "events.parquet.done.json").read_text())
    assert len(done) == 3
    # A new file arrives; the three already done are skipped, not extracted twice.
    _write_articles(tmp_path / "in2", 4)
    assert main(["extract", str(tmp_path / "in"), str(tmp_path / "in2"), "-o", str(out), "-q"]) == 0
    second = read_table(out.read_bytes(), "parquet")
    assert len(json.loads((tmp_path / "events.parquet.done.json").read_text())) == 4
    per_doc = len(first) // 3
    assert len(second) == len(first) + per_doc
    assert second["event_id"].is_unique


def test_loaders_cli_mixed_folder_reports_bad_file_and_keeps_good(tmp_path: Path) -> None:
    _write_articles(tmp_path, 2)
    (tmp_path / "broken.csv").write_bytes(b"PK\x03\x04 zip pretending to be csv")
    out = tmp_path / "events.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", "extract", str(tmp_path), "-o", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "broken.csv" in proc.stderr and "Traceback" not in proc.stderr
    table = read_table(out.read_bytes(), "csv")
    assert set(table["source"]) == {"article_00.txt", "article_01.txt"}


def test_loaders_cli_formats_lists_every_loader(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for name in ("acled", "ucdp", "gdelt", "table", "text"):
        assert name in out


def test_loaders_cli_timex_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = _write_articles(tmp_path, 1)
    assert main(["timex", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference_date"] == "2022-03-03"
    values = {t["text"]: t["value"] for t in data["timexes"]}
    assert values["last month"] == "2022-02"
    assert values["nearly two weeks"] == "P2W"


def test_batch_process_pool_matches_serial(tmp_path: Path) -> None:
    _write_articles(tmp_path, 5)
    serial = extract_paths([tmp_path], jobs=1, chunk_size=2)
    pooled = extract_paths([tmp_path], jobs=2, chunk_size=2)
    key = ["source", "event_id"]
    pd.testing.assert_frame_equal(
        serial.table.sort_values(key).reset_index(drop=True),
        pooled.table.sort_values(key).reset_index(drop=True),
    )
    assert [r.path for r in pooled.reports] == [str(p) for p in iter_files([tmp_path])]


def test_batch_skips_done_and_duplicate_content(tmp_path: Path) -> None:
    paths = _write_articles(tmp_path, 2)
    (tmp_path / "copy.txt").write_bytes(paths[0].read_bytes())
    result = extract_paths([tmp_path], done={content_hash(paths[1].read_bytes())})
    loaded = [r for r in result.reports if r.loader == "text"]
    assert [Path(r.path).name for r in loaded] == ["article_00.txt"]


def test_batch_refuses_a_file_over_the_limit_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write_articles(tmp_path, 2)
    big = tmp_path / "huge.txt"
    big.write_bytes(b"x" * 5000)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert self.name != "huge.txt", "the oversized file was read"
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    limit = max(p.stat().st_size for p in paths) + 1
    result = extract_paths([tmp_path], options=LoadOptions(max_bytes=limit))
    errors = {Path(r.path).name: r.error for r in result.reports if r.error}
    assert list(errors) == ["huge.txt"] and "the limit is" in errors["huge.txt"]
    assert sorted(Path(r.path).name for r in result.reports if r.loader == "text") == [p.name for p in paths]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_batch_reports_broken_links_and_pipes_without_opening_them(tmp_path: Path) -> None:
    paths = _write_articles(tmp_path, 1)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block the run for ever
    result = extract_paths([tmp_path])
    errors = {Path(r.path).name: r.error for r in result.reports if r.error}
    assert set(errors) == {"gone.txt", "pipe.txt"}
    assert "gone.txt: cannot be read" in errors["gone.txt"]
    assert "pipe.txt: not a regular file" in errors["pipe.txt"]
    assert [Path(r.path).name for r in result.reports if r.loader == "text"] == [paths[0].name]


@pytest.mark.slow
def test_batch_runs_on_a_dask_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    _write_articles(tmp_path, 3)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = extract_paths([tmp_path], dask_scheduler=client, chunk_size=1)
    local = extract_paths([tmp_path])
    assert sorted(result.table["event_id"]) == sorted(local.table["event_id"])


def test_batch_time_limit_stops_a_slow_document() -> None:
    import time

    from loaders.batch import ExtractionTimeout

    with pytest.raises(ExtractionTimeout, match=r"longer than 0\.2 s"), time_limit(0.2, what="slow.txt"):
        time.sleep(2)


def test_batch_extracts_datasets_too() -> None:
    result = extract_paths([DATASETS / "acled_2020.csv", DATASETS / "ucdp_ged.csv"], options=LoadOptions())
    assert {r.loader for r in result.reports} == {"acled", "ucdp"}
    assert len(result.table) == sum(r.events for r in result.reports) > 0


def test_loaders_cli_extract_merge_joins_reports_across_documents(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _write_articles(tmp_path, 2)
    assert main(["extract", str(tmp_path), "--format", "json"]) == 0
    separate = json.loads(capsysbinary.readouterr().out)
    assert main(["extract", str(tmp_path), "--format", "json", "--merge"]) == 0
    merged = json.loads(capsysbinary.readouterr().out)
    assert len(merged) < len(separate)
    assert any(e["source"] == "article_00.txt | article_01.txt" for e in merged)


@pytest.mark.parametrize(
    ("names", "fmt", "preloads"),
    [
        (["a.txt", "b.csv"], None, True),
        (["report.pdf"], None, True),
        (["notes"], None, True),  # no suffix: may well be text
        (["a.csv", "b.xlsx"], None, False),
        (["a.txt"], "acled", False),
        (["a.md"], "text", True),
    ],
)
def test_batch_loads_the_text_pipeline_before_forking_only_for_texts(
    monkeypatch: pytest.MonkeyPatch, names: list[str], fmt: str | None, preloads: bool
) -> None:
    from loaders import batch
    from loaders.text import nlp

    calls: list[int] = []
    monkeypatch.setattr(nlp, "pipeline", lambda: calls.append(1))
    batch._preload_text_pipeline([Path(n) for n in names], fmt)
    assert bool(calls) is preloads


def test_cli_file_names_cannot_split_or_colour_the_message(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[31mred\nsecond line.txt").write_bytes(b"\x00\x01 binary")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    # Before: the newline split the error in two and the escape coloured the terminal.
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "evil\\x1b[31mred\\nsecond line.txt" in err


@pytest.mark.parametrize(("files", "jobs", "workers"), [(1, 100_000, None), (40, 100_000, 3), (40, 2, 2)])
def test_batch_never_starts_more_workers_than_chunks_or_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, jobs: int, workers: int | None
) -> None:
    # '-j 100000' forked 100,000 processes up front for one file (the machine hung).
    started: list[int] = []

    class Pool:
        def __init__(self, max_workers: int) -> None:
            started.append(max_workers)
            raise RuntimeError("stop here")

    monkeypatch.setattr("loaders.batch.ProcessPoolExecutor", Pool)
    monkeypatch.setattr("loaders.batch.os.cpu_count", lambda: 1)
    monkeypatch.setattr("loaders.batch._preload_text_pipeline", lambda *a: None)
    paths = _write_articles(tmp_path, files)
    if workers is None:
        assert len(extract_paths(paths, jobs=jobs, options=LoadOptions()).table) > 0
        assert started == []
    else:
        with pytest.raises(RuntimeError, match="stop here"):
            extract_paths(paths, jobs=jobs, chunk_size=16)
        assert started == [workers]


def test_loaders_cli_negative_jobs_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_articles(tmp_path, 1)[0]
    assert main(["extract", "-q", "-j", "-3", str(path)]) == 2
    assert capsys.readouterr().err.strip() == "error: --jobs must be 0 (every core) or more, not -3"


@pytest.mark.parametrize("overwrite", [False, True])
def test_loaders_cli_never_replaces_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], overwrite: bool
) -> None:
    # '-o mine.csv' replaced an analyst's own file without a word.
    article = _write_articles(tmp_path / "in", 1)[0]
    mine = tmp_path / "mine.csv"
    mine.write_text("name,phone\nbob,123\n", encoding="utf-8")
    code = main(["extract", "-q", str(article), "-o", str(mine), *(["--overwrite"] if overwrite else [])])
    if overwrite:
        assert code == 0 and "event_id" in mine.read_text(encoding="utf-8-sig")
    else:
        assert code == 2
        assert mine.read_text(encoding="utf-8") == "name,phone\nbob,123\n"
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and "exists and is not the output of an earlier run" in err
        assert "\n" not in err
    # Our own output (with its manifest) is resumed, as before.
    assert main(["extract", "-q", str(article), "-o", str(tmp_path / "ours.csv")]) == 0
    assert main(["extract", "-q", str(article), "-o", str(tmp_path / "ours.csv")]) == 0
