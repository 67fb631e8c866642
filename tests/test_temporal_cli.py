"""``python -m loaders.temporal`` prints timexes as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.temporal.__main__ import main


def test_temporal_cli_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Fighting resumed last month and lasted for nearly two weeks.", encoding="utf-8")
    assert main([str(path), "--published", "2021-11-05"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["text"], r["value"], r["mod"]) for r in rows] == [
        ("last month", "2021-10", ""),
        ("nearly two weeks", "P2W", "APPROX"),
    ]
    assert rows[0]["span_start"] == "2021-10-01 00:00:00"


def test_temporal_cli_rejects_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("yesterday", encoding="utf-8")
    with pytest.raises(SystemExit):
        main([str(path), "--published", "05/11/2021"])
