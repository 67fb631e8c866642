"""Bidi controls in untrusted text are shown as marks in charts, details and HTML exports."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from events import export
from events.figure import timeline
from events.schema import Event, to_table
from events.textsafe import esc_html, mark_bidi
from ui.text import md

SPOOF = "report\u202etxt.exe"  # a right-to-left override shows this as "reportexe.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        (SPOOF, "report[U+202E]txt.exe"),
        ("\u2066isolated\u2069", "[U+2066]isolated[U+2069]"),
        ("\u202aembedded\u202c", "[U+202A]embedded[U+202C]"),
        # Right-to-left script and its marks (LRM/RLM) are text, not controls: kept.
        ("\u0637\u0627\u0644\u0628\u0627\u0646 \u200f", "\u0637\u0627\u0644\u0628\u0627\u0646 \u200f"),
    ],
)
def test_textsafe_mark_bidi(text: str, expected: str) -> None:
    assert mark_bidi(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("it's \"q\"", "it&#x27;s &quot;q&quot;"),
        (SPOOF, "report[U+202E]txt.exe"),
    ],
)
def test_textsafe_esc_html(text: str, expected: str) -> None:
    assert esc_html(text) == expected


def _table():
    return to_table(
        [
            Event(
                title=SPOOF,
                source=SPOOF,
                start=datetime(2021, 1, 1),
                end=datetime(2021, 1, 2),
                precision="day",
                actors=(SPOOF,),
                event_type=SPOOF,
                evidence=SPOOF,
                location=SPOOF,
            )
        ]
    )


@pytest.mark.parametrize("lane", ["actor", "event_type", "location", "source"])
def test_textsafe_chart_shows_marks_not_controls(lane: str) -> None:
    fig = timeline(_table(), lane=lane, color="source")
    spec = json.loads(fig.to_json())
    spec["layout"].pop("meta", None)
    text = json.dumps(spec, ensure_ascii=False)
    assert "\u202e" not in text
    assert "[U+202E]" in text


def test_textsafe_exports_keep_data_and_mark_html() -> None:
    table = _table()
    # Data exports keep the text as loaded (nothing lost); TimelineJS renders HTML: marked.
    assert SPOOF in export.to_csv(table).decode("utf-8-sig")
    assert SPOOF in export.to_json(table).decode("utf-8")
    timelinejs = export.to_timelinejs(table).decode("utf-8")
    assert "\\u202e" not in timelinejs.lower() and "\u202e" not in timelinejs
    assert "[U+202E]" in timelinejs
    assert "\u202e" not in md(SPOOF) and "U\\+202E" in md(SPOOF)
