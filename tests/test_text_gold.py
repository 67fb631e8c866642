"""The benchmark's gold set is well formed (no pipeline run: fast)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from events.actors import canonical_actor
from events.schema import PRECISIONS, STATUSES

GOLD = Path(__file__).resolve().parent.parent / "bench" / "gold"
SETS = [
    ("events.yaml", "articles", 12),
    ("heldout.yaml", "heldout", 10),
    ("final.yaml", "final", 5),
    ("dev3.yaml", "dev3", 7),
    ("dev4.yaml", "dev4", 6),
    ("dev5.yaml", "dev5", 5),
]


@pytest.mark.parametrize(("events_file", "folder", "minimum"), SETS)
def test_text_gold_well_formed(events_file: str, folder: str, minimum: int) -> None:
    gold = yaml.safe_load((GOLD / events_file).read_text(encoding="utf-8"))
    assert len(gold) >= minimum
    for name, entry in gold.items():
        text = (GOLD / folder / name).read_text(encoding="utf-8")
        assert isinstance(entry["published"], date)
        for event in entry["events"]:
            assert event["evidence"] in text, (name, event["evidence"])
            assert event["status"] in STATUSES
            for actor in event["actors"]:
                assert canonical_actor(actor) == actor, actor
            if event["start"] is not None:
                assert event["precision"] in PRECISIONS
                assert event["start"] < event["end"]
