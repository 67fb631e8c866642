"""UCDP Georeferenced Event Dataset (GED) CSV into the event table.

Mapping decisions:

- ``event_id`` is ``ucdp:`` + ``id``; ``doc_id`` is ``relid``.
- Span ``[date_start, date_end + 1 day)``: UCDP's end is the last day, ours is exclusive.
  ``date_prec`` sets the precision: 1 exact day -> ``day``; 2 (known within 2-6 days)
  and 3 (the week) -> ``week``; 4 (the month) -> ``month``; 5 (only the year or
  more than a month) -> ``year``. Precision 2-5 are ``approximate``: the event
  happened at some point inside the span, not over all of it.
- ``type_of_violence`` 1/2/3 -> ``event_type`` "State-based conflict",
  "Non-state conflict", "One-sided violence"; ``sub_event_type`` is the conflict name.
- ``fatalities`` is ``best``; ``low``/``high``, the death split, ``where_prec``,
  ``date_prec``, the dyad, admin areas and UCDP's source fields go into ``notes``.
  ``evidence`` is the source headline (or the place description when there is none).
- An HXL tag row under the header (HDX exports) is skipped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.schema import row_ids
from loaders import tables_common as tc
from loaders.registry import LoadOptions, LoadResult

NAME = "ucdp"
DESCRIPTION = "UCDP GED event CSV (date_start/date_end, side_a/side_b, best/low/high deaths)"
REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end")
SIGNATURE = ("relid", "type_of_violence", "side_a", "side_b", "date_prec", "where_prec", "best", "dyad_name")
COLUMNS = (
    "id", "relid", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
    "source_article", "source_original", "source_headline", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low",
)  # fmt: skip
VIOLENCE_TYPES = {"1": "State-based conflict", "2": "Non-state conflict", "3": "One-sided violence"}
PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d %H:%M:%S.%f", "day"),
    ("%Y-%m-%d", "day"),
    ("%Y-%m-%d %H:%M:%S", "day"),
    ("%Y-%m-%dT%H:%M:%S", "day"),
    ("%Y-%m-%dT%H:%M:%S.%f", "day"),
    ("%d/%m/%Y", "day"),
)
NOTE_FIELDS = (
    ("low", "deaths low"),
    ("high", "deaths high"),
    ("deaths_a", "deaths side a"),
    ("deaths_b", "deaths side b"),
    ("deaths_civilians", "deaths civilians"),
    ("deaths_unknown", "deaths unknown"),
    ("date_prec", "date_prec"),
    ("where_prec", "where_prec"),
    ("dyad_name", "dyad"),
    ("adm_1", "adm_1"),
    ("adm_2", "adm_2"),
    ("where_description", "place"),
    ("source_original", "UCDP source"),
    ("source_article", "source article"),
)
DAY = np.timedelta64(86400, "s")
HASHED = ("date_start", "date_end", "side_a", "side_b", "relid", "where_coordinates")


def sniff(head: bytes, filename: str) -> float:
    """UCDP GED if the header carries its distinctive column names."""
    fields = set(tc.header_fields(head))
    hits = sum(c in fields for c in SIGNATURE)
    if hits >= 5 and "date_start" in fields:
        return 0.9 + 0.01 * hits
    return 0.0


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Read a UCDP GED CSV; rows with unreadable dates are listed and skipped."""
    tc.check_size(data, source=source, max_bytes=options.max_bytes)
    problems = tc.Problems(source)
    with tc.parsing(source):
        frame, warnings = tc.read_delimited(data, source=source, problems=problems, usecols=COLUMNS)
        tc.require_columns(frame, REQUIRED, source=source, what="UCDP GED")
        table = to_events(frame, source=source, problems=problems)
    return tc.result(
        table, source=source, loader=NAME, problems=problems, rows_read=len(frame), warnings=warnings
    )


def to_events(frame: pd.DataFrame, *, source: str, problems: tc.Problems) -> pd.DataFrame:
    """UCDP rows (string columns, indexed by spreadsheet row) to a validated event table."""
    s = {c: tc.strings(frame, c) for c in COLUMNS}
    first, _ = tc.parse_dates(s["date_start"].where(s["date_start"] != ""), DATE_FORMATS)
    last, _ = tc.parse_dates(s["date_end"].where(s["date_end"] != ""), DATE_FORMATS)
    bad_start = np.isnat(first)
    if bad_start.any():
        problems.add_rows(
            frame.index[bad_start], "date_start", "cannot read the date (expected 2021-11-02); row skipped",
            s["date_start"][bad_start].tolist(),
        )  # fmt: skip
    no_end = np.isnat(last) & ~bad_start
    if no_end.any():
        problems.add_rows(
            frame.index[no_end], "date_end", "cannot read the date; used date_start",
            s["date_end"][no_end].tolist(),
        )  # fmt: skip
        last[no_end] = first[no_end]
    backwards = ~bad_start & (last < first)
    if backwards.any():
        problems.add_rows(
            frame.index[backwards], "date_end", "is before date_start; row skipped",
            s["date_end"][backwards].tolist(),
        )  # fmt: skip
    start = first.astype("datetime64[D]").astype("datetime64[s]")
    end = last.astype("datetime64[D]").astype("datetime64[s]") + DAY
    code = s["date_prec"]
    precision = code.map(PRECISION).fillna("day").to_numpy(dtype=object)
    odd = ~code.isin(list(PRECISION))
    if "date_prec" not in frame.columns:
        # An older or trimmed GED without the column: one note, not one problem per row.
        odd = np.zeros(len(code), dtype=bool)
        problems.notes.append(
            "no date_prec column: every event is dated by its date_start..date_end days (precision day)"
        )
    if odd.any():
        problems.add_rows(
            frame.index[odd], "date_prec", "expected 1 to 5; read as 1 (day)", code[odd].tolist()
        )
    violence = s["type_of_violence"]
    event_type = violence.map(VIOLENCE_TYPES).fillna(violence)
    ids = s["id"]
    event_id = "ucdp:" + ids
    missing = ids == ""
    if missing.any():
        hashed = tc_row_ids(s, missing)
        event_id[missing] = "ucdp:row-" + hashed
    actor1 = tc.fold_names(s["side_a"])
    actor2 = tc.fold_names(s["side_b"])
    actors = tc.actor_lists([s["side_a"], s["side_b"]], split=[False, False])
    lat, lon = tc.coordinates(frame, "latitude", "longitude", problems)
    title = s["dyad_name"].where(s["dyad_name"] != "", s["conflict_name"])
    place = s["where_coordinates"]
    title = title.where(place == "", title + " in " + place)
    evidence = s["source_headline"].where(s["source_headline"] != "", s["where_description"])
    columns = {
        "event_id": event_id,
        "title": title,
        "event_type": event_type,
        "sub_event_type": s["conflict_name"],
        "start": start,
        "end": end,
        "precision": precision,
        "approximate": code.isin(["2", "3", "4", "5"]).to_numpy(),
        "status": "occurred",
        "actors": actors,
        "actor1": actor1,
        "actor2": actor2,
        "location": place.where(place != "", s["adm_2"].where(s["adm_2"] != "", s["adm_1"])),
        "country": s["country"],
        "latitude": lat,
        "longitude": lon,
        "fatalities": tc.numbers(frame, "best", problems, integer=True, minimum=0),
        "doc_id": s["relid"],
        "source": source,
        "evidence": evidence,
        "notes": tc.labelled_notes(s, NOTE_FIELDS),
    }
    keep = pd.Series(~bad_start & ~backwards, index=frame.index)
    return tc.finish(columns, index=frame.index, source=source, problems=problems, keep=keep)


def tc_row_ids(s: dict[str, pd.Series], mask: pd.Series) -> np.ndarray:
    """Content hashes for rows without an id."""
    hashed = row_ids(pd.DataFrame(s)[mask.to_numpy()], HASHED)
    return hashed.to_numpy()
