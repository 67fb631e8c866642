"""End to end in a real browser: Playwright drives Debian's chromium against `streamlit run app.py`.

Loads two sources, filters by an actor, clicks a bar and sees its details, corrects the
event, saves the workspace, removes a source, reopens the workspace, downloads a PNG,
and checks that every request the page made stayed on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from events import export
from events import workspace as W
from events.schema import Event, to_table

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TIMELINE_STORE": str(tmp_path / "store.sqlite"), "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("streamlit did not become healthy: " + (tmp_path / "server.log").read_text())
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _sources(tmp_path: Path) -> tuple[Path, Path]:
    first = to_table(
        [
            Event(
                title="Talks in Khost",
                source="talks.csv",
                start=datetime(2021, 10, 22),
                end=datetime(2021, 11, 5),
                precision="day",
                approximate=True,
                event_type="Strategic developments",
                timex="nearly two weeks",
                actors=("Tehrik-i-Taliban Pakistan", "Government of Pakistan"),
                evidence="Officials said talks had gone on for nearly two weeks.",
            ),
            Event(
                title="Planned truce",
                source="talks.csv",
                start=datetime(2021, 11, 10),
                end=datetime(2021, 12, 10),
                precision="month",
                status="planned",
                actors=("Tehrik-i-Taliban Pakistan",),
                event_type="Agreement",
            ),
        ]
    )
    second = to_table(
        [
            Event(
                title="Kabul taken",
                source="kabul.json",
                start=datetime(2021, 8, 1),
                end=datetime(2021, 9, 1),
                precision="month",
                actors=("Afghan Taliban",),
                event_type="Battles",
            ),
        ]
    )
    a, b = tmp_path / "talks.csv", tmp_path / "kabul.json"
    a.write_bytes(export.to_csv(first))
    b.write_bytes(export.to_json(second))
    return a, b


def _idle(page) -> None:
    """Wait until the app has finished its run (a stale button's deferred download is dropped)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(300)


def _download(page, name: str) -> bytes:
    for attempt in range(2):
        _idle(page)
        try:
            with page.expect_download(timeout=30_000) as download:
                page.get_by_role("button", name=name).click()
            return Path(download.value.path()).read_bytes()
        except sync_error() as err:
            if attempt:
                raise AssertionError(f"no download from {name!r}") from err
    raise AssertionError("unreachable")


def sync_error() -> type[Exception]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    return PlaywrightTimeout


def _chart_titles(page) -> set[str]:
    hover = page.evaluate(
        "() => { const p = document.querySelector('.js-plotly-plot'); if (!p || !p.data) return [];"
        " return p.data.flatMap(t => t.hovertext || []); }"
    )
    return {h.split("</b>")[0].removeprefix("<b>") for h in hover}


def _wait_titles(page, predicate, what: str) -> set[str]:
    deadline = time.monotonic() + WAIT_MS / 1000
    titles: set[str] = set()
    while time.monotonic() < deadline:
        titles = _chart_titles(page)
        if predicate(titles):
            return titles
        page.wait_for_timeout(250)
    pytest.fail(f"chart never showed {what}; it shows {sorted(titles)}")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_browser_end_to_end(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    talks, kabul = _sources(tmp_path)
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        page.on("request", lambda r: requests.append(r.url))
        page.set_default_timeout(WAIT_MS)
        page.goto(server)
        page.wait_for_selector("text=Sources")

        # Two sources at once through the sidebar uploader.
        sidebar = page.locator('section[data-testid="stSidebar"]')
        sidebar.locator("input[type=file]").first.set_input_files([str(talks), str(kabul)])
        _wait_titles(page, lambda t: {"Talks in Khost", "Kabul taken"} <= t, "both sources")

        # A hostile upload (an image renamed .csv) is refused by name; the loaded data stays.
        fake = tmp_path / "photo.csv"
        fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
        # Upload only once the app is idle: a file set while a run is still going
        # can be swallowed by that run's rerun, and its message never shows.
        _idle(page)
        sidebar.locator("input[type=file]").first.set_input_files(str(fake))
        alert = page.locator('[data-testid="stAlert"]').filter(has_text="photo.csv")
        alert.wait_for()
        assert "PNG" in alert.inner_text()
        assert not page.locator('[data-testid="stException"]').count()
        _wait_titles(page, lambda t: {"Talks in Khost", "Kabul taken"} <= t, "both sources kept")

        # Filter by an actor (alias typed, canonical name offered).
        box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Actors")
        box.click()
        page.keyboard.type("Afghan")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        # (The bundled sample, opened at start, may add events of its own.)
        _wait_titles(
            page,
            lambda t: "Kabul taken" in t and not t & {"Talks in Khost", "Planned truce"},
            "the actor's events",
        )
        assert "actors=Afghan+Taliban" in page.url or "actors=Afghan%20Taliban" in page.url

        # Narrow to the one event (sample events can overlap it), click its bar: its details appear.
        sidebar.get_by_label("Search titles and evidence").fill("Kabul taken")
        sidebar.get_by_label("Search titles and evidence").press("Enter")
        _wait_titles(page, lambda t: t == {"Kabul taken"}, "the searched event")
        page.locator('.js-plotly-plot .barlayer .point path:not([d="M0,0Z"])').first.click(force=True)
        details = page.locator(".event-details").first
        details.wait_for()
        assert "Kabul taken" in details.inner_text()

        # Correct the event in the form under the details.
        form = page.locator('[data-testid="stForm"]').filter(has_text="Correct this event")
        title = form.get_by_label("Title", exact=True)
        title.fill("Kabul taken by the Taliban")
        page.get_by_role("button", name="Save correction").click()
        _wait_titles(
            page, lambda t: "Kabul taken by the Taliban" in t and "Kabul taken" not in t, "the correction"
        )

        # Save the workspace, remove a source, reopen the workspace: the source and the edit come back.
        ws_path = tmp_path / "saved.timeline"
        ws_path.write_bytes(_download(page, "Save workspace"))
        assert ws_path.read_bytes().startswith(b"SQLite format 3\x00")
        # Click only once the app is idle: a click that lands while a run redraws the sidebar
        # can hit the element being replaced.
        _idle(page)
        source = sidebar.locator('[data-testid="stExpander"]').filter(has_text="kabul.json")
        source.locator("summary").click()
        _idle(page)
        source.get_by_role("button", name="Remove", exact=True).click()
        _wait_titles(page, lambda t: "Kabul taken by the Taliban" not in t, "the source removed")
        page.locator('[data-testid="stFileUploader"]').filter(has_text="Open a workspace").locator(
            "input[type=file]"
        ).set_input_files(str(ws_path))
        _wait_titles(
            page, lambda t: t == {"Kabul taken by the Taliban"}, "the reopened workspace and its view"
        )

        # Download the chart as PNG.
        _idle(page)
        height = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.height")
        data = _download(page, "Chart (PNG)")
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1400, height)

        # Opening the file replaced the workspace without the Kabul source; nothing of it is lost:
        # a copy sits beside the store, and "Go back" swaps the two (and back again).
        previous = W.from_bytes((tmp_path / "store.previous.timeline").read_bytes())
        assert "kabul.json" not in {s.name for s in previous.sources}
        _idle(page)
        page.get_by_role("button", name="Go back to the previous workspace").click()
        page.locator('[data-testid="stAlert"]').filter(has_text="Back to the previous workspace").wait_for()
        _wait_titles(page, lambda t: "Kabul taken by the Taliban" not in t, "the workspace before opening")
        _idle(page)
        page.get_by_role("button", name="Go back to the previous workspace").click()
        _wait_titles(page, lambda t: t == {"Kabul taken by the Taliban"}, "the opened workspace again")
        browser.close()

    off_machine = [
        u
        for u in requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
    ]
    assert not off_machine, json.dumps(off_machine[:10])
