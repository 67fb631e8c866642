"""ACLED exports (2020 and 2023+ layouts) into the event table.

Mapping decisions (also in the README's loader table):

- ``event_id`` is ``acled:`` + ``event_id_cnty``; ``doc_id`` is ``event_id_cnty``
  (the ACLED record the evidence comes from).
- ``time_precision`` 1 = the day: ``[d, d+1)``, precision ``day``.
  2 = ACLED only knows the week and codes a day inside it: the 7-day span centred
  on the coded day ``[d-3, d+4)``, precision ``week``, ``approximate``.
  3 = only the month is known: the whole month ``[1st, 1st of next month)``,
  precision ``month``. The coded day itself is kept in ``timex_value`` (ISO).
- ``evidence`` is ACLED's ``notes`` (its description of the event). Our ``notes``
  column carries ACLED's own ``source`` and ``source_scale``, ``admin1``,
  ``geo_precision``, ``time_precision`` and, in newer exports, ``disorder_type``,
  ``civilian_targeting`` and ``tags``. The table's ``source`` column is the file
  the event came from.
- ``actors`` folds ``actor1``, ``assoc_actor_1`` (``;``-separated), ``actor2`` and
  ``assoc_actor_2`` through the shared alias table.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from events.schema import row_ids
from loaders import tables_common as tc
from loaders.registry import LoadOptions, LoadResult

NAME = "acled"
DESCRIPTION = "ACLED export (CSV, 2020 or 2023+ layout; dates like 21 March 2020, 9-May-20 or 2020-03-21)"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1")
SIGNATURE = ("event_id_cnty", "event_date", "time_precision", "sub_event_type", "actor1", "interaction")
# The columns read (admin2 and admin3 have no place in the table: not read, to save memory).
COLUMNS = (
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags",
)  # fmt: skip
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d", "day"),
    ("%d %B %Y", "day"),
    ("%d-%b-%y", "day"),
    ("%d %b %Y", "day"),
    ("%d-%b-%Y", "day"),
    ("%d-%B-%Y", "day"),
    ("%d-%m-%Y", "day"),
    ("%Y-%m-%dT%H:%M:%S", "day"),
    ("%Y-%m-%d %H:%M:%S", "day"),
    ("%B %d, %Y", "day"),
)
NOTE_FIELDS = (
    ("source", "ACLED source"),
    ("source_scale", "source scale"),
    ("admin1", "admin1"),
    ("geo_precision", "geo_precision"),
    ("time_precision", "time_precision"),
    ("disorder_type", "disorder type"),
    ("civilian_targeting", "civilian targeting"),
    ("tags", "tags"),
)
DAY = np.timedelta64(86400, "s")
NUMERIC = ("latitude", "longitude", "fatalities")
HASHED = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "notes")


def sniff(head: bytes, filename: str) -> float:
    """ACLED if the header has ACLED's own column names."""
    fields = set(tc.header_fields(head))
    hits = sum(c in fields for c in SIGNATURE)
    if "event_id_cnty" in fields and hits >= 3:
        # ACLED's own id column: an export missing event_date or actor1 is still ACLED,
        # and the ACLED loader names the missing column rather than a guess reading it.
        return 0.9 + 0.01 * hits
    return 0.0 if hits < 4 else 0.5


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Read an ACLED export; rows with an unreadable date are listed and skipped."""
    tc.check_size(data, source=source, max_bytes=options.max_bytes)
    problems = tc.Problems(source)
    with tc.parsing(source):
        frame, warnings = tc.read_delimited(
            data, source=source, problems=problems, usecols=COLUMNS, floats=NUMERIC
        )
        tc.require_columns(frame, REQUIRED, source=source, what="ACLED")
        table = to_events(frame, source=source, problems=problems)
    return tc.result(
        table, source=source, loader=NAME, problems=problems, rows_read=len(frame), warnings=warnings
    )


def to_events(frame: pd.DataFrame, *, source: str, problems: tc.Problems) -> pd.DataFrame:
    """ACLED rows (string columns, indexed by spreadsheet row) to a validated event table."""
    # ACLED cells are clean: no strip (fold_actors ignores outer spaces anyway).
    s = {c: tc.strings(frame, c, strip=False) for c in COLUMNS if c not in NUMERIC}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="acled") as pool:
        # Dates and text columns are mostly Arrow work, which runs without the GIL: they are
        # built on a second core while this thread folds actors (Python objects).
        texts = pool.submit(_texts, s, frame.index)
        actors, (actor1, actor2) = tc.actor_columns(
            [s["actor1"], s["assoc_actor_1"], s["actor2"], s["assoc_actor_2"]],
            split=[False, True, False, True],
            singles=(0, 2),
        )
        lat, lon = tc.coordinates(frame, "latitude", "longitude", problems)
        fatalities = tc.numbers(frame, "fatalities", problems, integer=True, minimum=0)
        code = _precision_codes(s["time_precision"])
        day, title, timex_value, notes = texts.result()
    raw_date = s["event_date"]
    ambiguous = tc.slash_order_warning(raw_date, "event_date")
    if ambiguous:
        problems.notes.append(ambiguous)
    bad = np.isnat(day)
    if bad.any():
        problems.add_rows(
            frame.index[bad], "event_date",
            "cannot read the date (expected e.g. 21 March 2020, 9-May-20 or 2020-03-21); row skipped",
            raw_date[bad].tolist(),
        )  # fmt: skip
    odd = ~np.isin(code, [1, 2, 3]) & (s["time_precision"] != "").to_numpy()
    if odd.any():
        problems.add_rows(
            frame.index[odd], "time_precision", "expected 1, 2 or 3; read as 1 (day)",
            s["time_precision"][odd].tolist(),
        )  # fmt: skip
    week = code == 2
    month = code == 3
    start = day.copy()
    end = day + DAY
    start[week] = day[week] - 3 * DAY
    end[week] = day[week] + 4 * DAY
    start[month] = day[month].astype("datetime64[M]").astype("datetime64[s]")
    end[month] = (day[month].astype("datetime64[M]") + 1).astype("datetime64[s]")
    precision = tc.take_strings(["day", "week", "month"], week + 2 * month, frame.index)

    ids = s["event_id_cnty"]
    event_id = "acled:" + ids
    missing = ids == ""
    if missing.any():
        # A real export has rows without event_id_cnty: give them a content hash.
        hashed = row_ids(pd.DataFrame(s)[missing.to_numpy()], HASHED)
        event_id[missing] = "acled:row-" + hashed.to_numpy()
    columns = {
        "event_id": event_id,
        "title": title,
        "event_type": s["event_type"],
        "sub_event_type": s["sub_event_type"],
        "start": start,
        "end": end,
        "precision": precision,
        "approximate": week,
        "status": "occurred",
        "actors": actors,
        "actor1": actor1,
        "actor2": actor2,
        "location": s["location"],
        "country": s["country"],
        "latitude": lat,
        "longitude": lon,
        "fatalities": fatalities,
        "doc_id": ids,
        "source": source,
        "evidence": s["notes"],
        "timex_value": timex_value,
        "notes": notes,
    }
    keep = pd.Series(~bad, index=frame.index)
    return tc.finish(columns, index=frame.index, source=source, problems=problems, keep=keep)


def _texts(s: dict[str, pd.Series], index: pd.Index) -> tuple[np.ndarray, pd.Series, pd.Series, pd.Series]:
    """(coded day, title, timex_value, notes): the columns that need no actor and no problem list.

    The title is the sub-event type (or event type) "in" the place; timex_value the ISO day.
    """
    raw_date = s["event_date"]
    day, _ = tc.parse_dates(raw_date, _formats(raw_date))
    sub = s["sub_event_type"]
    title = tc.joined(sub.where(sub != "", s["event_type"]), s["location"], " in ")
    return day, title, _iso_days(day, index), tc.labelled_notes(s, NOTE_FIELDS)


def _precision_codes(raw: pd.Series) -> np.ndarray:
    """``time_precision`` as numbers (NaN where unreadable), each distinct cell read once."""
    codes, uniques = pd.factorize(raw)
    distinct = pd.DataFrame({"code": pd.Series(uniques, dtype="str")})
    values = tc.numbers(distinct, "code", tc.Problems("")).to_numpy()
    return np.append(values, np.nan)[codes]  # code -1 (missing) takes the trailing NaN


def _formats(raw: pd.Series) -> list[tuple[str, str]]:
    """ACLED's layouts, plus slash and dotted dates (a re-saved export) in the order the data implies."""
    other = tc.generic_formats(raw)
    return [*DATE_FORMATS, *(f for f in other if ("/" in f[0] or "." in f[0]) and f[1] == "day")]


def _iso_days(day: np.ndarray, index: pd.Index) -> pd.Series:
    """ISO day strings, converted once per distinct day."""
    codes, uniques = pd.factorize(pd.Series(day.astype("datetime64[D]")))
    text = np.datetime_as_string(np.asarray(uniques, dtype="datetime64[D]"), unit="D").tolist()
    return tc.take_strings(text, codes, index)
