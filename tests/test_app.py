"""The app through Streamlit's AppTest: each control, selection, edits, store, no tracebacks."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from events import edits as E
from events.schema import Event, to_table
from events.workspace import Source, Store, Workspace

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT = 60


def _table() -> pd.DataFrame:
    return to_table(
        [
            Event(
                title="Talks in Khost",
                source="a.txt",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                approximate=True,
                event_type="Strategic developments",
                timex="nearly two weeks",
                actors=("Tehrik-i-Taliban Pakistan", "Government of Pakistan"),
                char_start=0,
                timex_start=26,
                evidence="They talked <b>in</b> Khost nearly two weeks.",
            ),
            Event(
                title="Truce",
                source="a.txt",
                start=datetime(2021, 11, 10),
                end=datetime(2021, 12, 10),
                precision="month",
                status="planned",
                actors=("Tehrik-i-Taliban Pakistan",),
                event_type="Agreement",
            ),
            Event(
                title="Kabul falls",
                source="a.txt",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                actors=("Afghan Taliban",),
                event_type="Battles",
            ),
            Event(title="Undated operation", source="a.txt", actors=("Military Forces of Pakistan",)),
        ]
    )


@pytest.fixture
def app(monkeypatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("TIMELINE_STORE", str(tmp_path / "store.sqlite"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.run()
    assert not at.exception
    return at


def _spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _ids(at: AppTest) -> set[str]:
    return {row[0] for trace in _spec(at)["data"] for row in trace.get("customdata") or []}


def _widget(elements, label: str):
    return next(w for w in elements if w.label == label)


def test_app_opens_with_chart_undated_list_and_no_errors(app: AppTest) -> None:
    assert not app.error
    table = _table()
    assert _ids(app) == set(table.event_id[:3])
    undated = [h.proto.body for h in app.get("html") if "class='undated'" in h.proto.body]
    assert len(undated) == 1 and "Undated operation" in undated[0] and "a.txt" in undated[0]


def test_app_actor_filter_changes_traces_and_url(app: AppTest) -> None:
    _widget(app.multiselect, "Actors").select("Afghan Taliban").run()
    assert _ids(app) == {_table().event_id[2]}
    assert app.query_params["actors"] in ("Afghan Taliban", ["Afghan Taliban"])


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [("Event type", "Battles", [2]), ("Status", "planned", [1]), ("Date precision", "day", [0])],
)
def test_app_other_filters(app: AppTest, label: str, value: str, expected: list[int]) -> None:
    _widget(app.multiselect, label).select(value).run()
    assert _ids(app) == {_table().event_id[i] for i in expected}


def test_app_text_search(app: AppTest) -> None:
    _widget(app.text_input, "Search titles and evidence").input("kabul").run()
    assert _ids(app) == {_table().event_id[2]}


def test_app_view_opens_from_url(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.query_params["actors"] = ["TTP"]
    at.query_params["lane"] = "event_type"
    at.run()
    assert not at.exception
    assert _widget(at.multiselect, "Actors").value == ["Tehrik-i-Taliban Pakistan"]
    assert _spec(at)["layout"]["meta"]["lane"] == "event_type"
    assert _ids(at) == set(_table().event_id[:2])


def test_app_date_filter_frames_the_chart(monkeypatch) -> None:
    """A link 'from' a date shows that window, not the whole span of a long overlapping event."""
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.query_params["date_from"] = "2021-10-01"
    at.run()
    assert not at.exception
    lo, hi = _spec(at)["layout"]["xaxis"]["range"]
    assert lo.startswith("2021-10-01") and hi.startswith("2021-12-10")
    assert _ids(at) == set(_table().event_id[:2])


def test_app_caption_and_report_lines_name_only_the_sources_in_view(monkeypatch) -> None:
    """A chart of one article must not cite (in its caption and exports) a dataset filtered out."""
    from datetime import date

    monkeypatch.setenv("TIMELINE_STORE", "off")
    other = _table().assign(source="acled.csv")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace(
        [
            Source("a.txt", b"article", "text", _table(), report_date=date(2021, 11, 5)),
            Source("acled.csv", b"x", "acled", other, report_date=date(2020, 1, 1)),
        ]
    )
    at.query_params["sources"] = "a.txt"
    at.run()
    assert not at.exception
    layout = _spec(at)["layout"]
    subtitle = layout["title"]["subtitle"]["text"]
    assert subtitle.startswith("Sources: a.txt · Filter: sources: a.txt") and "acled" not in subtitle
    assert [s["x0"][:10] for s in layout["shapes"]] == ["2021-11-05"]
    export = next(c.value for c in at.caption if c.value.startswith("Exports hold"))
    assert "acled" not in export


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "garbage"},
        {"date_from": "99999-01-01"},
        {"date_from": "2021-12-01", "date_to": "2021-01-01"},
    ],
)
def test_app_bad_link_is_reported_at_once_and_the_chart_still_shows(monkeypatch, query) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any("date\\_from" in w.value and "not understood" in w.value for w in at.warning)
    assert _ids(at) == set(_table().event_id[:3])


def test_app_historic_and_far_future_dates_open_and_filter(monkeypatch) -> None:
    # Streamlit's date slider raised on a 6th-century event: the whole page was lost.
    monkeypatch.setenv("TIMELINE_STORE", "off")
    table = to_table(
        [
            Event(title="Carved", source="h.txt", start=datetime(550, 1, 1), end=datetime(600, 1, 1)),
            Event(title="Now", source="h.txt", start=datetime(2021, 11, 5), end=datetime(2021, 11, 6)),
            Event(title="Far", source="h.txt", start=datetime(3000, 1, 1), end=datetime(3001, 1, 1)),
        ]
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("h.txt", b"h", "text", table)])
    at.run()
    assert not at.exception and not at.error
    assert _ids(at) == set(table.event_id)
    dates = at.date_input(key="f_dates_wide")
    dates.set_value((datetime(2000, 1, 1).date(), datetime(2100, 1, 1).date())).run()
    assert not at.exception and _ids(at) == {table.event_id[1]}
    _select(at, table.event_id[0])
    assert not at.exception
    assert at.text_input(key=f"qe_start_{table.event_id[0]}").value == "0550-01-01"


def test_app_lane_and_colour_choice(app: AppTest) -> None:
    _widget(app.selectbox, "Lanes").select("source").run()
    _widget(app.selectbox, "Colour").select("status").run()
    meta = _spec(app)["layout"]["meta"]
    assert (meta["lane"], meta["color"]) == ("source", "status")
    assert {t["name"] for t in _spec(app)["data"] if t.get("customdata")} == {"occurred", "planned"}


def test_app_chart_selection_shows_escaped_details_with_timex_highlighted(app: AppTest) -> None:
    event_id = _table().event_id[0]
    app.session_state["chart"] = {
        "selection": {"points": [{"customdata": [event_id]}], "point_indices": [0], "box": [], "lasso": []}
    }
    app.run()
    bodies = [h.proto.body for h in app.get("html")]
    body = next(b for b in bodies if "Talks in Khost" in b)
    assert "&lt;b&gt;in&lt;/b&gt;" in body and "<mark>nearly two weeks</mark>" in body
    # The dates in words first (the fields below give the exclusive end to the second).
    assert "<b>2021-10-22 – 2021-11-04 (approximate)</b> · a.txt" in body


def test_app_seeded_editor_edit_changes_table_and_chart(app: AppTest) -> None:
    app.session_state["editor_0"] = {
        "edited_rows": {1: {"title": "Truce (corrected)", "status": "occurred"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception and not app.error
    ws = app.session_state["ws"]
    assert len(ws.edits) == 1
    hover = json.dumps(_spec(app)["data"])
    assert "Truce (corrected)" in hover
    # The edit survives re-filtering.
    _widget(app.multiselect, "Status").select("occurred").run()
    assert _table().event_id[1] in _ids(app)


def _select(at: AppTest, event_id: str) -> None:
    at.session_state["chart"] = {
        "selection": {"points": [{"customdata": [event_id]}], "point_indices": [0], "box": [], "lasso": []}
    }
    at.run()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # The form asks for the last day ('15 August' is a one-day event), the table keeps the end.
        ("2021-08-15", "2021-08-15", ("2021-08-15", "2021-08-16")),
        ("2021-08-01", "2021-08-31", ("2021-08-01", "2021-09-01")),
        ("2021-08-01", "", None),  # cleared end: refused with a message, table unchanged
        ("15/08/2021x", "2021-08-16", None),  # not a date: refused with a message
    ],
)
def test_app_quick_edit_corrects_dates_or_says_why_not(app: AppTest, start, end, expected) -> None:
    event_id = _table().event_id[2]
    _select(app, event_id)
    assert app.text_input(key=f"qe_end_{event_id}").label == "Last day"
    assert app.text_input(key=f"qe_end_{event_id}").value == "2021-08-31"  # the month of August
    app.text_input(key=f"qe_start_{event_id}").set_value(start)
    app.text_input(key=f"qe_end_{event_id}").set_value(end)
    app.text_input(key=f"qe_type_{event_id}").set_value("Non-violent transfer of territory")
    next(b for b in app.button if b.label == "Save correction").click().run()
    assert not app.exception
    row = app.session_state["ws"].table().set_index("event_id").loc[event_id]
    if expected is None:
        assert app.error and "not" in app.error[0].value.lower()
        assert not app.session_state["ws"].edits and str(row["start"]).startswith("2021-08-01")
    else:
        assert (str(row["start"])[:10], str(row["end"])[:10]) == expected and bool(row["edited"])
        assert row["event_type"] == "Non-violent transfer of territory"


def test_app_quick_edit_dates_an_undated_event_from_its_start_alone(app: AppTest) -> None:
    event_id = _table().event_id[3]
    _select(app, event_id)
    app.text_input(key=f"qe_start_{event_id}").set_value("2021-09-10")
    next(b for b in app.button if b.label == "Save correction").click().run()
    assert not app.exception and not app.error
    row = app.session_state["ws"].table().set_index("event_id").loc[event_id]
    assert (str(row["start"])[:10], str(row["end"])[:10]) == ("2021-09-10", "2021-09-11")


def test_app_editor_add_and_delete(app: AppTest) -> None:
    app.session_state["editor_0"] = {
        "edited_rows": {},
        "added_rows": [
            {"title": "Manual event", "start": "2021-09-10T00:00:00", "end": "2021-09-11T00:00:00"}
        ],
        "deleted_rows": [2],
    }
    app.run()
    titles = json.dumps(_spec(app)["data"])
    assert "Manual event" in titles and "Kabul falls" not in titles


def test_app_editor_keeps_a_new_row_until_it_has_a_title(app: AppTest) -> None:
    """Typing a new row's date first used to make the row vanish (the editor was reset)."""
    app.session_state["editor_0"] = {
        "edited_rows": {},
        "added_rows": [{"start": "2021-09-10T00:00:00"}],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception and app.session_state["ws"].edits == []
    assert app.session_state["editor_0"]["added_rows"]  # still in the editor
    assert any("once it has a title" in c.value for c in app.caption)


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2021-09-10", "", "day", ("2021-09-10", "2021-09-11")),
        ("2021-09-01", "", "month", ("2021-09-01", "2021-10-01")),
        ("2021-09-01", "2021-09-03", "day", ("2021-09-01", "2021-09-04")),  # a last day
        ("", "", "day", ("NaT", "NaT")),
    ],
)
def test_app_add_an_event_form(app: AppTest, start: str, end: str, precision: str, expected) -> None:
    app.text_input(key="add_title").input("Checkpoint attack reported by phone")
    app.text_input(key="add_start").input(start)
    app.text_input(key="add_end").input(end)
    app.selectbox(key="add_precision").select(precision)
    app.text_input(key="add_actors").input("TTP")
    next(b for b in app.button if b.label == "Add the event").click().run()
    assert not app.exception and not app.error
    (edit,) = app.session_state["ws"].edits
    assert edit.op == "add" and edit.values["actors"] == ["Tehrik-i-Taliban Pakistan"]
    table = E.apply_edits(_table(), [edit])
    row = table[table["title"] == "Checkpoint attack reported by phone"].iloc[0]
    assert (str(row["start"])[:10], str(row["end"])[:10]) == expected
    assert any("Added the event" in m.value for m in app.success)


def test_app_added_event_hidden_by_the_filter_is_said(monkeypatch) -> None:
    """A source filter hid the analyst's new event: it looked as if nothing had been added."""
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.query_params["sources"] = "a.txt"
    at.run()
    at.text_input(key="add_title").input("Phone report")
    at.text_input(key="add_start").input("2021-11-20")
    next(b for b in at.button if b.label == "Add the event").click().run()
    assert not at.exception and len(at.session_state["ws"].edits) == 1
    said = [w.value.replace("\\", "") for w in at.warning]
    assert any("hides 1 event(s) just added" in w and "sources: a.txt" in w for w in said)


def test_app_add_an_event_without_a_title_says_why(app: AppTest) -> None:
    app.text_input(key="add_start").input("2021-09-10")
    next(b for b in app.button if b.label == "Add the event").click().run()
    assert app.session_state["ws"].edits == []
    assert any("needs a title" in e.value for e in app.error)


def test_app_bad_edit_is_reported_not_applied(app: AppTest) -> None:
    app.session_state["editor_0"] = {
        "edited_rows": {0: {"start": "2022-01-01T00:00:00"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert any("start must be before end" in e.value for e in app.error)
    assert app.session_state["ws"].edits == []


def test_app_merge_selected_events(app: AppTest) -> None:
    ids = list(_table().event_id[:2])
    app.session_state["chart"] = {
        "selection": {
            "points": [{"customdata": [i]} for i in ids],
            "point_indices": [0, 1],
            "box": [],
            "lasso": [],
        }
    }
    app.run()
    # Several selected: the actions come first, then one folded line per event (title, dates, source).
    labels = [e.label for e in app.expander if " — " in e.label]
    assert [label.split(" — ")[0] for label in labels] == ["Talks in Khost", "Truce"]
    assert "2021\\-11\\-10 – 2021\\-12\\-09 \\(month, planned\\)" in labels[1]
    next(b for b in app.button if b.label.startswith("Merge these")).click().run()
    assert not app.exception
    assert app.session_state["ws"].edits[0].op == "merge"
    assert not set(ids) & _ids(app)


def test_app_merge_reports_across_documents_and_undo(monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")

    def report(name: str) -> pd.DataFrame:
        return to_table(
            [
                Event(
                    title="Clash in Bannu",
                    source=name,
                    doc_id=name,
                    start=datetime(2021, 11, 3),
                    end=datetime(2021, 11, 4),
                    precision="day",
                    event_type="Battles",
                    location="Bannu",
                    country="Pakistan",
                    actors=("Tehrik-i-Taliban Pakistan",),
                )
            ]
        )

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace(
        [Source("a.txt", b"a", "text", report("a.txt")), Source("b.txt", b"b", "text", report("b.txt"))]
    )
    at.run()
    assert len(_ids(at)) == 2
    at.button(key="merge_reports").click().run()
    assert not at.exception
    assert [e.op for e in at.session_state["ws"].edits] == ["merge_reports"]
    assert len(_ids(at)) == 1 and "Merged reports" in at.success[0].value
    assert at.button(key="merge_reports").disabled
    at.button(key="undo").click().run()
    assert not at.session_state["ws"].edits and len(_ids(at)) == 2


def test_app_remove_source_keeps_the_rest(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    other = to_table(
        [
            Event(
                title="Other",
                source="b.csv",
                start=datetime(2020, 1, 1),
                end=datetime(2020, 1, 2),
                precision="day",
            )
        ]
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace(
        [Source("a.txt", b"a", "text", _table()), Source("b.csv", b"b", "table", other)]
    )
    at.run()
    key = at.session_state["ws"].sources[0].key
    at.button(key=f"rm_{key}").click().run()
    assert not at.exception
    assert [s.name for s in at.session_state["ws"].sources] == ["b.csv"]
    assert _ids(at) == set(other.event_id)


def test_app_workspace_survives_a_new_session(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_STORE", str(tmp_path / "store.sqlite"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.run()
    at.session_state["editor_0"] = {
        "edited_rows": {0: {"title": "Kept"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert len(Store(tmp_path / "store.sqlite").load().edits) == 1
    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)  # a browser refresh or a server restart
    fresh.run()
    assert not fresh.exception
    assert "Kept" in json.dumps(_spec(fresh)["data"])


def test_app_empty_workspace_shows_guidance(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace()
    at.run()
    assert not at.exception
    assert any("No events yet" in i.value for i in at.info)


def test_app_pasted_text_error_keeps_loaded_data(app: AppTest) -> None:
    before = _ids(app)
    app.text_area(key="paste_text").input("\x00\x01\x02 binary junk \x00")
    next(b for b in app.button if b.label == "Add pasted text").click().run()
    assert not app.exception
    assert before <= _ids(app)
    # The message shows at once and names the input.
    assert app.error and "pasted" in app.error[0].value


def test_app_pasted_article_is_listed_and_reported_at_once(app: AppTest) -> None:
    app.text_area(key="paste_text").input(
        "PESHAWAR: On 3 November 2021 militants attacked a police checkpoint in Bannu, officials said."
    )
    next(b for b in app.button if b.label == "Add pasted text").click().run()
    assert not app.exception and not app.error
    assert [s.name for s in app.session_state["ws"].sources][-1] == "pasted-1.txt"
    assert any("pasted" in e.label for e in app.expander)
    assert app.success and "Added pasted" in app.success[0].value


@pytest.mark.slow
def test_app_opens_on_the_first_bundled_sample(monkeypatch) -> None:
    samples = (
        sorted(p for p in (ROOT / "samples").glob("*") if p.is_file()) if (ROOT / "samples").is_dir() else []
    )
    if not samples:
        pytest.skip("no bundled samples yet")
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    assert [s.name for s in at.session_state["ws"].sources] == [samples[0].name]
    assert _ids(at)


def test_app_column_mapping_editor_loads_a_table_without_a_date_header(monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace()
    data = b"when,who,what\n2021-03-01,TTP,attack\n2021-04-02,Afghan Taliban,talks\n"
    at.session_state["pending"] = {"odd.csv": (data, None)}
    at.run()
    at.selectbox(key="map_pending_odd.csv_start").select("when")
    at.selectbox(key="map_pending_odd.csv_actors").select("who")
    at.button(key="map_apply_pending_odd.csv").click().run()
    assert not at.exception and not at.error
    (source,) = at.session_state["ws"].sources
    assert source.loader == "table" and source.mapping["start"] == "when"
    assert source.table["actors"].tolist() == [["Tehrik-i-Taliban Pakistan"], ["Afghan Taliban"]]
    assert at.session_state["pending"] == {}


def test_app_markdown_from_data_is_escaped(monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    name = "![x](https://evil.example/p.png) [click](https://evil.example)"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    table = _table().assign(source=name)
    at.session_state["ws"] = Workspace([Source(name, b"a", "text", table, warnings=(name,))])
    at.run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    shown = " ".join(labels + [w.value for w in at.warning] + [c.value for c in at.caption])
    assert "![x](" not in shown and "[click](" not in shown
    assert r"\!\[x\]\(https\:" in shown


def test_app_box_select_on_aggregated_view_zooms_to_single_events(monkeypatch) -> None:
    import numpy as np

    from events.schema import validate

    monkeypatch.setenv("TIMELINE_STORE", "off")
    n = 6_000
    start = np.datetime64("2000-01-01T00:00:00", "s") + (np.arange(n) * 3 * 86_400).astype("timedelta64[s]")
    table = validate(
        pd.DataFrame(
            {
                "event_id": [f"e{i}" for i in range(n)],
                "title": "t",
                "source": "s",
                "precision": "day",
                "start": start,
                "end": start + np.timedelta64(86_400, "s"),
                "actors": [["A"]] * n,
            }
        )
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("big.csv", b"x", "table", table)])
    at.run()
    assert _spec(at)["layout"]["meta"]["mode"] == "aggregate"
    box = {"x": ["2001-01-01", "2001-03-01"], "y": [0, 1], "xref": "x", "yref": "y"}
    at.session_state["chart"] = {"selection": {"points": [], "point_indices": [], "box": [box], "lasso": []}}
    at.run()
    assert not at.exception
    meta = _spec(at)["layout"]["meta"]
    assert meta["mode"] == "raw" and 0 < meta["visible"] < 30
    # The caption says the chart is zoomed (its counts are the filter's, not the window's).
    assert "chart zoomed to 2001-01-01 – 2001-03-01" in _spec(at)["layout"]["title"]["subtitle"]["text"]
    at.button(key="zoom_reset").click().run()
    assert _spec(at)["layout"]["meta"]["mode"] == "aggregate"
    # A clicked cell (an invisible marker carrying the cell's period) zooms to that period.
    cell = {"customdata": ["2002-01-01", "2002-02-01"], "x": "2002-01-16", "y": "A"}
    at.session_state["chart"] = {
        "selection": {"points": [cell], "point_indices": [0], "box": [], "lasso": []}
    }
    at.run()
    meta = _spec(at)["layout"]["meta"]
    assert meta["mode"] == "raw" and 0 < meta["visible"] < 15


def test_app_bare_link_reopens_the_kept_view(monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    view = {"actors": ["Afghan Taliban"], "color": ["status"]}
    at.session_state["ws"] = Workspace([Source("a.txt", b"a", "text", _table())], view=view)
    at.run()
    assert not at.exception
    assert _ids(at) == {_table().event_id[2]}
    assert _spec(at)["layout"]["meta"]["color"] == "status"


@pytest.mark.slow
def test_app_reload_a_text_source_with_another_publication_date(monkeypatch) -> None:
    pytest.importorskip("loaders.text")
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["ws"] = Workspace()
    at.run()
    at.text_area(key="paste_text").input("Officials said the talks began last month.")
    next(b for b in at.button if b.label == "Add pasted text").click().run()
    (source,) = at.session_state["ws"].sources
    at.checkbox(key="pub_set").check().run()
    at.date_input(key="pub_date").set_value(datetime(2021, 11, 5).date()).run()
    at.button(key=f"reload_{source.key}").click().run()
    assert not at.exception
    (fresh,) = at.session_state["ws"].sources
    assert fresh.published == datetime(2021, 11, 5).date() and fresh.name == source.name
    assert source.table["start"].isna().all() and fresh.table["start"].notna().any()


def test_app_failed_chart_image_serves_no_file_and_logs_one_line(monkeypatch, caplog) -> None:
    import logging

    import plotly.graph_objects as go

    from events import export
    from events.export import ExportError
    from ui import main

    def broken(fig, fmt, **_):
        raise ExportError(f"could not draw the chart as {fmt}: browser closed")

    monkeypatch.setattr(export, "chart_image", broken)
    build = main._image(go.Figure(), "png")
    with pytest.raises(main.ChartExportError, match="browser closed"):
        build()
    main.quiet_export_failures()
    main.quiet_export_failures()  # once only
    logger = logging.getLogger("streamlit.runtime.backend_operation_handler")
    assert sum(isinstance(f, main.QuietExportFailures) for f in logger.filters) == 1
    try:
        build()
    except main.ChartExportError:
        with caplog.at_level(logging.WARNING, logger=logger.name):
            logger.exception("Error executing deferred callable for file_id %s", "x")
    (record,) = [r for r in caplog.records if r.name == logger.name]
    assert record.exc_info is None and record.levelname == "WARNING"
    assert record.getMessage() == "Chart export failed: could not draw the chart as png: browser closed"


def _flash_script() -> None:
    import streamlit as st

    from ui import state

    state.show_flash()
    if st.session_state.get("add"):
        state.flash("success", st.session_state.pop("add"))
    if not st.session_state.get("cut"):
        state.end_run()


def test_app_messages_survive_an_interrupted_run() -> None:
    at = AppTest.from_function(_flash_script)
    at.session_state["add"] = "Added a source"
    at.run()
    assert [m.value for m in at.success] == []  # added after the top was drawn: next run
    at.session_state["cut"] = True  # this run is cut short before its end
    at.run()
    assert [m.value for m in at.success] == ["Added a source"]
    at.session_state["cut"] = False
    at.run()  # shown again (the cut page was never seen), and now done
    assert [m.value for m in at.success] == ["Added a source"]
    at.run()
    assert [m.value for m in at.success] == []


def test_app_messages_of_one_kind_share_one_box_errors_first() -> None:
    """Four uploads said in four boxes pushed the chart below the fold."""
    at = AppTest.from_function(_flash_script)
    at.session_state["flash"] = [
        ("success", "Added a.csv"),
        ("warning", "b.txt: no date"),
        ("success", "Added b.txt"),
        ("error", "c.pdf is damaged"),
    ]
    at.run()
    assert [m.value for m in at.success] == ["Added a.csv  \nAdded b.txt"]
    assert [m.value for m in at.warning] == ["b.txt: no date"]
    kinds = [type(m).__name__ for m in at.main if type(m).__name__ in ("Error", "Warning", "Success")]
    assert kinds == ["Error", "Warning", "Success"]


def test_app_pasted_article_without_a_date_warns_at_once(app: AppTest) -> None:
    app.text_area(key="paste_text").input(
        "Militants attacked a police post in the north last month, officials said on Friday."
    )
    next(b for b in app.button if b.label == "Add pasted text").click().run()
    assert not app.exception
    shown = [w.value.replace("\\", "") for w in app.warning]
    assert any(w.startswith("pasted-1.txt: No publication date") for w in shown)


def test_app_history_mode_dates_a_pasted_history(app: AppTest) -> None:
    app.selectbox(key="text_mode").select("narrative").run()
    app.text_area(key="paste_text").input(
        "In 1912 the tribesmen besieged the mission in April. The following year government "
        "troops recaptured the mission."
    )
    next(b for b in app.button if b.label == "Add pasted text").click().run()
    assert not app.exception
    table = app.session_state["ws"].sources[-1].table
    starts = {t: s for t, s in zip(table["timex"], table["start"], strict=True) if t}
    assert starts["April"] == pd.Timestamp("1912-04-01")
    assert starts["The following year"] == pd.Timestamp("1913-01-01")


def test_app_edit_that_no_longer_fits_is_skipped_and_the_others_kept(monkeypatch) -> None:
    from events import edits as E

    monkeypatch.setenv("TIMELINE_STORE", "off")
    table = _table()
    talks, truce = table.event_id[0], table.event_id[1]
    ws = Workspace([Source("a.txt", b"article", "text", table)])
    # The end was set before the source was reloaded; the talks now start after it.
    ws.edits = [E.update(truce, title="Truce (corrected)"), E.update(talks, end="2021-01-01")]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = ws
    at.run()
    # Before: "Some edits could not be applied and were dropped" and ws.edits emptied.
    assert not at.exception and not at.error
    assert any("1 of 2 edits no longer apply" in w.value for w in at.warning)
    assert len(at.session_state["ws"].edits) == 2
    assert "Truce (corrected)" in json.dumps(_spec(at)["data"])


def test_app_store_that_cannot_be_written_warns_and_keeps_working(monkeypatch, tmp_path: Path) -> None:
    # A directory where the store file should be: SQLite cannot open it.
    monkeypatch.setenv("TIMELINE_STORE", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.run()
    app_ws = at.session_state["ws"]
    at.session_state["editor_0"] = {
        "edited_rows": {1: {"title": "Truce (corrected)"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    # Before: sqlite3.OperationalError escaped on every change.
    assert not at.exception
    assert len(app_ws.edits) == 1
    assert any("Could not keep the workspace on disk" in w.value for w in at.warning)


def test_app_damaged_store_is_set_aside_and_the_app_opens(monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    Store(path).save(Workspace([Source("a.txt", b"article", "text", _table())]))
    with sqlite3.connect(path) as conn:
        # Damage no reader can work around (a damaged row alone is left out, see below).
        conn.execute("UPDATE meta SET value = 'abc' WHERE key = 'version'")
    conn.close()
    damaged = path.read_bytes()
    monkeypatch.setenv("TIMELINE_STORE", str(path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    # Before: the JSON error escaped from the store at start-up, on every session.
    assert not at.exception
    assert any("could not be read" in w.value and "unreadable" in w.value for w in at.warning)
    assert (tmp_path / "store.sqlite.unreadable").read_bytes() == damaged


def test_app_a_loader_bug_is_one_line_and_keeps_everything(app: AppTest, monkeypatch) -> None:
    import loaders

    def broken(*args, **kwargs):
        raise RuntimeError("a bug deep in a loader")

    monkeypatch.setattr(loaders, "load", broken)
    before = _ids(app)
    app.text_area(key="paste_text").input("On 3 November 2021 a loader bug was found in Bannu.")
    next(b for b in app.button if b.label == "Add pasted text").click().run()
    # Before: the RuntimeError escaped the sidebar and the page stopped there.
    assert not app.exception
    assert any("internal error \\(RuntimeError\\)" in e.value for e in app.error)
    assert not any("a bug deep" in e.value for e in app.error)  # no internals shown
    assert _ids(app) == before


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (["2021-11-05T00:00:00", None], "YYYY-MM-DD"),
        (["2021-11-05T00:00:00", "2021-11-05T14:30:00"], "YYYY-MM-DD HH:mm"),
        (["1504-03-01T00:00:00", "0550-01-01T00:00:00"], "YYYY-MM-DD"),  # before 1970 too
    ],
)
def test_app_table_shows_days_alone_unless_a_time_is_given(times, expected: str) -> None:
    from ui.main import date_format

    values = pd.Series([pd.NaT if t is None else t for t in times]).astype("datetime64[s]")
    assert date_format(pd.DataFrame({"start": values, "end": values})) == expected


def test_app_undated_list_takes_the_row_until_something_is_selected(app: AppTest) -> None:
    def undated_html() -> str:
        return next(h.proto.body for h in app.get("html") if "class='undated'" in h.proto.body)

    assert "column-count:3" in undated_html()  # nothing selected: across the page
    event_id = _table().event_id[0]
    app.session_state["chart"] = {
        "selection": {"points": [{"customdata": [event_id]}], "point_indices": [0], "box": [], "lasso": []}
    }
    app.run()
    assert "column-count" not in undated_html()  # beside the details


@pytest.mark.parametrize(
    ("rows", "problems", "expected"),
    [
        (1, 1, "1 event (1 dated) · loader: table · 1 row skipped"),
        (1200, 3, "1,200 events (1,200 dated) · loader: table · 3 rows skipped"),
    ],
)
def test_app_source_summary_counts_read_well(rows: int, problems: int, expected: str) -> None:
    from events.errors import RowProblem
    from ui.sources import _summary

    table = to_table(
        [
            Event(title=f"e{n}", source="t.csv", start=datetime(2021, 1, 1), end=datetime(2021, 1, 2))
            for n in range(rows)
        ]
    )
    source = Source(
        "t.csv", b"x", "table", table, problems=tuple(RowProblem(n, "date", "bad") for n in range(problems))
    )
    assert _summary(source) == expected


def test_app_clear_the_filters_shows_every_event_again(monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_STORE", "off")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ws"] = Workspace([Source("a.txt", b"article", "text", _table())])
    at.query_params["actors"] = ["TTP"]
    at.query_params["text"] = "khost"
    at.query_params["lane"] = "event_type"
    at.run()
    assert _ids(at) == {_table().event_id[0]}
    at.button(key="f_clear").click().run()
    assert not at.exception
    assert _ids(at) == set(_table().event_id[:3])  # every dated event
    assert _widget(at.multiselect, "Actors").value == [] and at.text_input(key="f_text").value == ""
    assert _spec(at)["layout"]["meta"]["lane"] == "event_type"  # the view stays
    assert dict(at.query_params) in ({"lane": ["event_type"]}, {"lane": "event_type"})


def test_app_kept_workspace_with_a_damaged_edit_opens_and_names_it(monkeypatch, tmp_path: Path) -> None:
    from events import edits as E

    path = tmp_path / "store.sqlite"
    table = _table()
    ws = Workspace([Source("a.txt", b"article", "text", table)], [E.update(table.event_id[0], title="Fixed")])
    Store(path).save(ws)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE edits SET edit = '{not json'")
    monkeypatch.setenv("TIMELINE_STORE", str(path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert [s.name for s in at.session_state["ws"].sources] == ["a.txt"]  # the source is kept
    said = [w.value.replace("\\", "") for w in at.warning]
    assert any("The kept workspace: edit 1 could not be read" in w for w in said)


def test_app_events_table_shows_the_dates_in_words_read_only(app: AppTest) -> None:
    frame = app.dataframe[0].value
    assert frame.columns.tolist()[:3] == ["event_id", "title", "when"]
    assert frame["when"].tolist() == [
        "2021-10-22 – 2021-11-04 (approximate)",
        "2021-11-10 – 2021-12-09 (month, planned)",
        "2021-08 (month)",
        "undated",
    ]
