"""News text loader: a plain-text, Markdown or HTML article in, events with evidence out.

Stages, one per module: ``clean`` (page noise, publication date), ``nlp`` (the
cached spaCy pipeline + entity ruler), the temporal tagger (``loaders.temporal``),
``actors`` (mentions and coreference), ``types`` (trigger lexicon), ``status``,
``assemble`` (timex -> event spans). Character offsets on events (``char_start``,
``char_end``, ``timex_start``, ``timex_end``) point into ``meta["text"]``, the
cleaned text, which has exactly the length of the decoded (or HTML-stripped)
input: cleaning blanks noise with spaces instead of cutting it out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from events.errors import BadValueError, EmptyInputError, FileTooLargeError, SchemaError, TimelineError
from events.schema import Event, to_table
from loaders.registry import LoadOptions, LoadResult
from loaders.temporal.timex import Timex
from loaders.text.actors import NEWS_HUBS, country_mentioned, document_actors, lead_country
from loaders.text.assemble import build_events
from loaders.text.clean import (
    CleanText,
    clean,
    find_published,
    html_to_text,
    looks_like_html,
    markdown_to_text,
)
from loaders.text.gazetteer import lookup_place
from loaders.text.nlp import pipeline, sentences

NAME = "text"
DESCRIPTION = "News articles as plain text, Markdown or HTML: events found in the sentences"
NO_DATE_WARNING = (
    "No publication date was found in the text and none was given, so relative expressions "
    '("last month", "for two weeks", "on Friday") cannot be anchored: those events are listed '
    "without a date. Set the publication date to place them on the timeline."
)
NO_TAGGER_WARNING = "The temporal tagger is not available: every event is listed without a date."
MAX_CHARS = 500_000
"""Longest article accepted (characters after decoding); longer input is not one article."""
_TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
_TABLE_EXTENSIONS = (".csv", ".tsv", ".xlsx", ".xls", ".json", ".parquet", ".jsonl")


def sniff(head: bytes, filename: str) -> float:
    """How sure we are this is an article: high for .txt/.md/.html prose, low for tables and binary."""
    name = filename.lower()
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 0.0
    if name.endswith(_TABLE_EXTENSIONS):
        return 0.02
    sample = head[:8192].decode("utf-8", errors="replace")
    lines = [ln for ln in sample.splitlines()[:20] if ln.strip()]
    if lines:
        # Tables: the same (non-zero) number of separators on most lines.
        for sep in (",", "\t", ";", "|"):
            counts = [ln.count(sep) for ln in lines]
            if (
                counts[0] >= 2
                and sum(c == counts[0] for c in counts) >= 0.8 * len(counts)
                and len(lines) >= 3
            ):
                return 0.05
    if name.endswith(_TEXT_EXTENSIONS):
        return 0.8
    words = re.findall(r"[A-Za-z]{2,}", sample)
    return 0.4 if len(words) >= 20 else 0.1 if words else 0.0


def _doc_id(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def _tag(text: str, reference: date | None, mode: str = "auto") -> list[Timex] | None:
    """Run the temporal tagger; None when it is not installed yet."""
    try:
        from loaders.temporal import tag
    except ImportError:
        return None
    # Without a publication date the tagger still needs a reference; expressions
    # anchored on it are dropped below, absolute ones ("5 March 2022") are kept.
    return list(tag(text, reference_date=reference or date(2000, 1, 1), mode=mode))


def _prepare(
    text: str, *, published: date | None, source: str = ""
) -> tuple[CleanText, date | None, str, str]:
    """Clean the text and settle the publication date: (clean, date, from, as written)."""
    if len(text) > MAX_CHARS:
        raise FileTooLargeError(
            f"the text has {len(text):,} characters; one article may have at most {MAX_CHARS:,}. "
            "Split it into separate articles (one file each).",
            source=source or None,
        )
    cleaned = clean(text)
    if published is not None:
        return cleaned, published, "user", ""
    found, written = find_published(cleaned)
    if found is not None:
        return cleaned, found, "text", written
    return cleaned, None, "none", ""


def _finish(
    doc: Any,
    cleaned: CleanText,
    *,
    source: str,
    published: date | None,
    published_from: str,
    published_text: str,
    doc_id: str | None,
    warnings: list[str],
    mode: str = "auto",
) -> tuple[list[Event], dict[str, Any]]:
    """Events of a parsed document and its meta (counts filled in by :func:`_result`)."""
    doc_id = doc_id or _doc_id(cleaned.text)
    dateline_place = lookup_place(cleaned.dateline.city) if cleaned.dateline else None
    if dateline_place is None and cleaned.dateline and cleaned.dateline.region:
        # "ADEN, Yemen (AFP) -": a city we do not list, in a country (or province) we do.
        dateline_place = lookup_place(cleaned.dateline.region)
    dateline_country = dateline_place.country if dateline_place else ""
    # The country whose forces "the army" and "police" are: the dateline's, unless the report
    # was filed from a news hub ("LONDON (Reuters) -") that the story itself never mentions.
    body = cleaned.text[cleaned.dateline.end :] if cleaned.dateline else cleaned.text
    local_country = (
        dateline_country
        if not (cleaned.dateline and cleaned.dateline.city.lower() in NEWS_HUBS)
        or country_mentioned(body, dateline_country)
        else ""
    )
    if not cleaned.dateline or dateline_place is None:
        # A dateline place we do not know ("ZHOB:", "SINJAR, Kurdistan Region -") says no more
        # than none does. No dateline ("Published On 3 Nov 2021" above the story): the country
        # the headline or the lead names owns "the military" and "the government".
        local_country = lead_country(f"{cleaned.headline}\n{body[:400]}")
    if published is None and cleaned.dateline and cleaned.dateline.date_text:
        warnings.append(
            f"The dateline gives {cleaned.dateline.date_text!r} without a year; "
            "set the publication date to use it."
        )
    timexes = _tag(cleaned.text, published, mode)
    if timexes is None:
        warnings.append(NO_TAGGER_WARNING)
        timexes = []
    if cleaned.dateline:
        # The dateline's date is when the report was filed, not when anything happened.
        timexes = [t for t in timexes if not cleaned.dateline.start <= t.start < cleaned.dateline.end]
    if published is None:
        # Anything resolved against the reference date would be an invented date; so would
        # "the year before" anchored on a "last year" that was itself resolved against it.
        # In a history ("in 1857 ... in May ... two weeks later") a date anchored on the story's
        # own dates is the text's, not invented: kept while nothing before it leaned on the
        # (missing) report date.
        first_dct = min((t.start for t in timexes if t.anchor == "dct"), default=len(cleaned.text))
        dropped = [
            t
            for t in timexes
            if t.anchor == "dct" or t.type == "DURATION" or (t.anchor == "narrative" and t.start > first_dct)
        ]
        timexes = [t for t in timexes if t not in dropped]
        if dropped:
            warnings.append(NO_DATE_WARNING)
    actors = document_actors(
        doc,
        dateline_country=local_country,
        dateline_span=(cleaned.dateline.start, cleaned.dateline.end) if cleaned.dateline else None,
    )
    doc.user_data["dateline_end"] = cleaned.dateline.end if cleaned.dateline else 0
    events = build_events(
        doc,
        timexes,
        published=published,
        source=source,
        doc_id=doc_id,
        actors=actors,
        dateline_country=local_country,
    )
    meta = {
        "published": published.isoformat() if published else None,
        "published_from": published_from,
        "published_text": published_text,
        "doc_id": doc_id,
        "text": cleaned.text,
        "headline": cleaned.headline,
        "dateline": cleaned.dateline.city if cleaned.dateline else "",
        "dateline_country": dateline_country,
        "removed": [list(r) for r in cleaned.removed],
        "counts": {"sentences": sum(1 for s in sentences(doc) if s.text.strip()), "timexes": len(timexes)},
        "warnings": warnings,
    }
    return events, meta


def _result(table: pd.DataFrame, meta: dict[str, Any], *, source: str) -> LoadResult:
    """Wrap one document's validated table and meta as a LoadResult."""
    warnings = meta.pop("warnings")
    dated = int(table["start"].notna().sum())
    meta["counts"].update(events=len(table), dated=dated, undated=len(table) - dated)
    return LoadResult(
        table=table,
        source=source,
        loader=NAME,
        rows_read=meta["counts"]["sentences"],
        warnings=tuple(dict.fromkeys(warnings)),
        meta=meta,
    )


def extract(
    text: str,
    *,
    source: str,
    published: date | None = None,
    doc_id: str | None = None,
    mode: str = "auto",
) -> LoadResult:
    """Events of one article. ``published`` (the user's) wins over a date found in the text.

    ``mode`` says how relative dates anchor: ``news`` (on the publication date),
    ``narrative`` (on the last date the text gave, as in a history) or ``auto`` (the
    tagger tells them apart).
    """
    _check_mode(mode, source)
    cleaned, pub, pub_from, pub_text = _prepare(text, published=published, source=source)
    pipe = pipeline()
    warnings = [pipe.warning] if pipe.warning else []
    doc = pipe.nlp(cleaned.text)
    events, meta = _finish(
        doc,
        cleaned,
        source=source,
        published=pub,
        published_from=pub_from,
        published_text=pub_text,
        doc_id=doc_id,
        warnings=warnings,
        mode=mode,
    )
    return _result(to_table(events), meta, source=source)


def extract_many(
    texts: Iterable[tuple[str, str]],
    *,
    published: date | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    mode: str = "auto",
) -> list[LoadResult]:
    """Events of many articles, parsed in batches with ``nlp.pipe``.

    ``texts`` yields ``(text, source)`` pairs (spaCy's ``as_tuples`` order);
    results come back in the same order.
    """
    _check_mode(mode, "")
    items = list(texts)
    prepared = [_prepare(text, published=published, source=source) for text, source in items]
    return _extract_prepared(
        [source for _, source in items], prepared, n_process=n_process, batch_size=batch_size, mode=mode
    )


def _extract_prepared(
    sources: list[str],
    prepared: list[tuple[CleanText, date | None, str, str]],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    mode: str = "auto",
) -> list[LoadResult]:
    """Parse prepared articles with one ``nlp.pipe`` and validate one table for the batch."""
    pipe = pipeline()
    docs = pipe.nlp.pipe((p[0].text for p in prepared), n_process=n_process, batch_size=batch_size)
    per_doc = []
    for source, (cleaned, pub, pub_from, pub_text), doc in zip(sources, prepared, docs, strict=True):
        warnings = [pipe.warning] if pipe.warning else []
        per_doc.append(
            _finish(
                doc,
                cleaned,
                source=source,
                published=pub,
                published_from=pub_from,
                published_text=pub_text,
                doc_id=None,
                warnings=warnings,
                mode=mode,
            )
        )
    # Validating one table for the batch is much cheaper than one per article;
    # the same article given twice repeats its ids, and then each is validated alone.
    try:
        table = to_table([event for events, _ in per_doc for event in events])
    except SchemaError:
        return [
            _result(to_table(events), meta, source=source)
            for (events, meta), source in zip(per_doc, sources, strict=True)
        ]
    results, offset = [], 0
    for (events, meta), source in zip(per_doc, sources, strict=True):
        part = table.iloc[offset : offset + len(events)].reset_index(drop=True)
        offset += len(events)
        results.append(_result(part, meta, source=source))
    return results


def _decode(data: bytes, *, source: str) -> str:
    """Decoded article text; HTML pages and Markdown reduced to their text (same offsets rule)."""
    from loaders.io import decode_text

    text = decode_text(data, source=source)
    if source.lower().endswith((".html", ".htm", ".xhtml")) or looks_like_html(text):
        return html_to_text(text)
    if source.lower().endswith((".md", ".markdown")):
        return markdown_to_text(text)
    return text


def load_many(
    items: Sequence[tuple[bytes, str]], *, options: LoadOptions
) -> list[LoadResult | TimelineError]:
    """Many articles at once: ``(data, source)`` in, one result or error per item, in order.

    Decoding, size and emptiness problems are returned in the item's place (not raised),
    so one bad file does not cost the others; the good ones share one ``nlp.pipe``.
    """
    _check_mode(options.text_mode, "")
    out: list[LoadResult | TimelineError | None] = [None] * len(items)
    good: list[int] = []
    prepared: list[tuple[CleanText, date | None, str, str]] = []
    for i, (data, source) in enumerate(items):
        try:
            if len(data) > options.max_bytes:
                raise FileTooLargeError(
                    f"file is {len(data) / 1e6:.1f} MB; the limit is {options.max_bytes / 1e6:.1f} MB",
                    source=source,
                )
            text = _decode(data, source=source)
            if not text.strip():
                raise EmptyInputError("the file is empty: there is nothing to load", source=source)
            prepared.append(_prepare(text, published=options.published, source=source))
        except TimelineError as exc:
            out[i] = exc
            continue
        good.append(i)
    if good:
        results = _extract_prepared([items[i][1] for i in good], prepared, mode=options.text_mode)
        for i, result in zip(good, results, strict=True):
            out[i] = result
    return [r for r in out if r is not None]


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Decode, strip HTML when it is a page, and extract events."""
    return extract(
        _decode(data, source=source), source=source, published=options.published, mode=options.text_mode
    )


MODES = ("auto", "news", "narrative")


def _check_mode(mode: str, source: str) -> None:
    if mode not in MODES:
        raise BadValueError(
            f"text mode must be one of {', '.join(MODES)}; got {mode!r}", source=source or None
        )


__all__ = ["DESCRIPTION", "NAME", "extract", "extract_many", "load", "load_many", "sniff"]
