"""GDELT events exports (2.0: 61 tab-separated columns, no header; 1.0: 57/58) into the event table.

Mapping decisions:

- Every column is read as text, so CAMEO codes keep their leading zeros ("043").
- ``event_id`` is ``gdelt:`` + ``GLOBALEVENTID`` (also ``doc_id``).
- ``SQLDATE`` (YYYYMMDD) is the day: ``[d, d+1)``, precision ``day``.
- ``cameo`` is ``EventCode``; ``sub_event_type`` its CAMEO name, ``event_type`` the
  name of its root code (``loaders/data/cameo.csv``); ``title`` the CAMEO name.
- Actors: ``Actor1Name``/``Actor2Name`` (GDELT writes them upper-case; we title-case
  them, then fold through the shared alias table). A state type (GOV, MIL, COP) with a
  country becomes the state actor ACLED would name ("Police Forces of United States").
- Place: ``ActionGeo_FullName``, its last comma-separated part as the country,
  ``ActionGeo_Lat``/``ActionGeo_Long``.
- ``notes``: the source URL (as text: escaping is the chart's job), Goldstein
  scale, QuadClass, mentions, sources, articles and tone. No evidence sentence.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from loaders import tables_common as tc
from loaders.registry import LoadOptions, LoadResult

NAME = "gdelt"
DESCRIPTION = "GDELT events export (tab-separated, no header; 2.0 with 61 columns or 1.0 with 57/58)"
CAMEO_CSV = Path(__file__).parent / "data" / "cameo.csv"
COLUMNS_V2 = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
    "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
    "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
    "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type", "Actor2Geo_FullName",
    "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat",
    "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type", "ActionGeo_FullName",
    "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat",
    "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
)  # fmt: skip
# GDELT 1.0 lacks the three *_ADM2Code columns; SOURCEURL is there from April 2013 on.
COLUMNS_V1 = tuple(c for c in COLUMNS_V2 if not c.endswith("ADM2Code"))
COLUMN_SETS = {61: COLUMNS_V2, 58: COLUMNS_V1, 57: COLUMNS_V1[:-1]}
NOTE_FIELDS = (
    ("SOURCEURL", "source URL"),
    ("GoldsteinScale", "Goldstein"),
    ("QuadClass", "QuadClass"),
    ("NumMentions", "mentions"),
    ("NumSources", "sources"),
    ("NumArticles", "articles"),
    ("AvgTone", "tone"),
)
DAY = np.timedelta64(86400, "s")


@cache
def cameo_names() -> dict[str, str]:
    """CAMEO event code -> name (codes as text with their leading zeros)."""
    with CAMEO_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


_GKG_ID = re.compile(r"\d{14}-T?\d+")


def other_table(line: str) -> str | None:
    """What a GDELT 2.0 table other than events is, from its first line (else None)."""
    fields = line.split("\t")
    stamps = len(fields) > 2 and all(len(f) == 14 and f.isdigit() for f in fields[1:3])
    if len(fields) in (15, 16) and fields[0].isdigit() and stamps:
        return "a GDELT 2.0 mentions table (*.mentions.CSV)"
    if len(fields) in (26, 27) and _GKG_ID.fullmatch(fields[0]):
        return "a GDELT Global Knowledge Graph table (*.gkg.csv)"
    return None


def sniff(head: bytes, filename: str) -> float:
    """GDELT if lines are tab-separated with 57/58/61 fields, a numeric id and a YYYYMMDD date."""
    lines = [ln for ln in tc.first_lines(head, 20) if ln.strip()]
    if not lines:
        return 0.0
    if other_table(lines[0]):
        return 0.9  # ours to refuse by name (was 'no date column; the table has: 1, 2018...')
    good = 0
    for line in lines:
        fields = line.split("\t")
        if len(fields) in COLUMN_SETS and fields[0].isdigit() and len(fields[1]) == 8 and fields[1].isdigit():
            good += 1
    return 0.95 * good / len(lines)


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Read a GDELT events export; rows with an unreadable SQLDATE are listed and skipped."""
    tc.check_size(data, source=source, max_bytes=options.max_bytes)
    problems = tc.Problems(source)
    first = tc.first_lines(data[:65536], 1)
    other = other_table(first[0]) if first else None
    if other:
        raise tc.UnknownFormatError(
            f"this is {other}, not the GDELT events table; load the events export of the same "
            "time (YYYYMMDDHHMMSS.export.CSV), which holds one row per event",
            source=source,
        )
    width = len(first[0].split("\t")) if first else 0
    if width not in COLUMN_SETS:
        raise tc.UnknownFormatError(
            f"a GDELT events file has 57, 58 or 61 tab-separated columns; row 1 has {width}",
            source=source,
        )
    with tc.parsing(source):
        frame, warnings = tc.read_delimited(
            data, source=source, problems=problems, sep="\t", names=COLUMN_SETS[width]
        )
        table = to_events(frame, source=source, problems=problems)
    return tc.result(
        table, source=source, loader=NAME, problems=problems, rows_read=len(frame), warnings=warnings
    )


def to_events(frame: pd.DataFrame, *, source: str, problems: tc.Problems) -> pd.DataFrame:
    """GDELT rows (string columns, indexed by row number) to a validated event table."""
    cols = [c for c in COLUMNS_V2 if c in frame.columns]
    s = {c: tc.strings(frame, c) for c in cols}
    s.setdefault("SOURCEURL", pd.Series("", index=frame.index, dtype="str"))
    day, _ = tc.parse_dates(s["SQLDATE"].where(s["SQLDATE"] != ""), (("%Y%m%d", "day"),))
    bad = np.isnat(day)
    if bad.any():
        problems.add_rows(
            frame.index[bad], "SQLDATE", "cannot read the date (expected YYYYMMDD); row skipped",
            s["SQLDATE"][bad].tolist(),
        )  # fmt: skip
    ids = s["GLOBALEVENTID"]
    no_id = (ids == "").to_numpy()
    if no_id.any():
        problems.add_rows(frame.index[no_id], "GLOBALEVENTID", "no event id; row skipped")
    names = cameo_names()
    code = s["EventCode"]
    root = s["EventRootCode"].where(s["EventRootCode"] != "", code.str[:2])
    code_name = code.map(names)
    code_name = code_name.where(code_name.notna(), ("CAMEO " + code).where(code != "", "")).astype("str")
    root_name = root.map(names).fillna("").astype("str")
    place = s["ActionGeo_FullName"]
    country = place.str.rsplit(",", n=1).str[-1].str.strip().fillna("")
    actor1 = _actor(s["Actor1Name"], s["Actor1CountryCode"], s["Actor1Type1Code"], country)
    actor2 = _actor(s["Actor2Name"], s["Actor2CountryCode"], s["Actor2Type1Code"], country)
    actors = tc.actor_lists([actor1, actor2], split=[False, False])
    lat, lon = tc.coordinates(frame, "ActionGeo_Lat", "ActionGeo_Long", problems)
    columns = {
        "event_id": "gdelt:" + ids,
        "title": code_name,
        "event_type": root_name,
        "sub_event_type": code_name,
        "cameo": code,
        "start": day,
        "end": day + DAY,
        "precision": "day",
        "status": "occurred",
        "actors": actors,
        "actor1": tc.fold_names(actor1),
        "actor2": tc.fold_names(actor2),
        "location": place,
        "country": country,
        "latitude": lat,
        "longitude": lon,
        "doc_id": ids,
        "source": source,
        "notes": tc.labelled_notes(s, NOTE_FIELDS),
    }
    keep = pd.Series(~bad & ~no_id, index=frame.index)
    return tc.finish(columns, index=frame.index, source=source, problems=problems, keep=keep)


# CAMEO actor types that name a state body; with a country code they become the
# state actor ACLED would name ("POLICE", USA, COP -> "Police Forces of United States"),
# so GDELT's generic roles join the same actor space as ACLED and text events.
STATE_TYPES = {"GOV": "Government of {}", "MIL": "Military Forces of {}", "COP": "Police Forces of {}"}


@cache
def _country_name(code: str) -> str:
    """Country name for a CAMEO/ISO alpha-3 code ("" for regions and unknown codes)."""
    import pycountry

    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if found is None:
        return ""
    return getattr(found, "common_name", None) or found.name


def _actor(names: pd.Series, countries: pd.Series, types: pd.Series, places: pd.Series) -> pd.Series:
    """One actor name per row: a state actor where the type and country say so, else
    GDELT's upper-case name title-cased. Computed once per distinct combination.

    A state type with no actor country ("POLICE", GOV, no code) takes the country
    where the event took place: GDELT codes local officials that way.
    """
    keys = pd.DataFrame({"n": names, "c": countries, "t": types, "p": places}).fillna("")
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    resolved = []
    for name, country, kind, place in uniques:
        state = ""
        if kind in STATE_TYPES and name:
            state = _country_name(country) if country else place
        resolved.append(STATE_TYPES[kind].format(state) if state else str(name).title())
    values = np.asarray(resolved, dtype=object)[codes] if len(codes) else np.empty(0, dtype=object)
    return pd.Series(values, index=names.index).astype("str")
