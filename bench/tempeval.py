"""TempEval-3 Task A benchmark: our tagger vs dateparser's ``search_dates`` on TimeML files.

Usage: ``python bench/tempeval.py [--split train|platinum|both] [--errors N] [--root DIR]
[--baselines auto,en | --no-baseline]``.
Develop on ``train``; ``platinum`` is the held-out figure (never print its errors).
Scores: strict and relaxed (any overlap) span P/R/F1; value F1 = value accuracy on relaxed
matches x relaxed F1; type F1 likewise (as TempEval-3 reports them).
"""

from __future__ import annotations

import argparse
import gc
import html
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.temporal import tag  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "tempeval3"
# History passages we wrote and annotated ourselves (relative dates anchored as a reader would).
NARRATIVE = ROOT / "bench" / "gold_narrative"
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class Document:
    name: str
    text: str
    dct: datetime
    gold: list[Gold] = field(default_factory=list)


def parse_tml(source: str | Path, *, name: str = "") -> Document:
    """A TimeML document: the TEXT without tags, its DCT and the gold TIMEX3 (DCT excluded)."""
    raw = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if dct_match is None:
        raise ValueError(f"{name or source}: no CREATION_TIME TIMEX3")
    attrs = dict(_ATTR.findall(dct_match.group()))
    dct_value = attrs.get("value", "")[:10]
    dct = (
        datetime.strptime(dct_value, "%Y-%m-%d")
        if len(dct_value) == 10
        else datetime.strptime(dct_value[:7], "%Y-%m")
    )
    start_tag = raw.find("<TEXT>")
    end_tag = raw.find("</TEXT>")
    if start_tag < 0 or end_tag < 0:
        raise ValueError(f"{name or source}: no TEXT element")
    body = raw[start_tag + len("<TEXT>") : end_tag]
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    position = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[position : match.start()])
        parts.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, tag_name = match.group(1), match.group(2)
        if tag_name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(match.group(3)))))
        elif open_timex:
            begin, a = open_timex.pop()
            gold.append(Gold(begin, length, a.get("type", ""), a.get("value", "")))
    parts.append(html.unescape(body[position:]))
    text = "".join(parts)
    gold = [Gold(g.start, g.end, g.type, g.value, text[g.start : g.end]) for g in gold]
    return Document(name or str(source), text, dct, gold)


def load_split(split: str, *, root: Path = DATA) -> list[Document]:
    """All documents of a split ("train", "platinum" or "both") under ``root``."""
    folders = {"train": ["train"], "platinum": ["platinum"], "both": ["train", "platinum"]}[split]
    docs = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.tml")):
            docs.append(parse_tml(path, name=str(path.relative_to(root))))
    return docs


# --- systems --------------------------------------------------------------------------------

Prediction = list[Gold]


def ours(doc: Document, mode: str = "news") -> Prediction:
    return [
        Gold(t.start, t.end, t.type, t.value, t.text)
        for t in tag(doc.text, reference_date=doc.dct, mode=mode)
    ]


BASELINE_LANGUAGES: list[str] | None = None
"""None: search_dates as users call it (it detects the language); ["en"] is a faster variant."""


def baseline(doc: Document, languages: list[str] | None = None) -> Prediction:
    """dateparser's search_dates anchored at the DCT; offsets found by scanning forward."""
    from dateparser.search import search_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = (
            search_dates(
                doc.text,
                languages=languages if languages is not None else BASELINE_LANGUAGES,
                settings={"RELATIVE_BASE": doc.dct},
            )
            or []
        )
    predictions = []
    cursor = 0
    for substring, moment in found:
        at = doc.text.find(substring, cursor)
        if at < 0:
            at = doc.text.find(substring)
            if at < 0:
                continue
        cursor = at + len(substring)
        has_time = (moment.hour, moment.minute) != (0, 0)
        value = moment.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")
        predictions.append(Gold(at, at + len(substring), "TIME" if has_time else "DATE", value, substring))
    return predictions


def baseline_system(languages: str) -> tuple[str, Callable[[Document], Prediction]]:
    """("search_dates", fn) for "auto" (language detection, as users call it) or e.g. "en"."""
    if languages == "auto":
        return "search_dates", lambda doc: baseline(doc, None)
    codes = languages.split("+")
    return f"search_dates({'+'.join(codes)})", lambda doc: baseline(doc, codes)


# --- scoring --------------------------------------------------------------------------------


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    seconds: float = 0.0
    docs: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def compare(doc: Document, predicted: Prediction, counts: Counts, *, keep_errors: bool = False) -> None:
    """Add one document's matches to ``counts`` (each gold matches at most one prediction)."""
    counts.gold += len(doc.gold)
    counts.system += len(predicted)
    used: set[int] = set()
    for g in doc.gold:
        match = None
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                match = i
                break
        if match is None:
            if keep_errors:
                counts.errors.append(
                    ("missed", doc.name, f"{g.text!r} {g.type} {g.value} | {_context(doc, g)}")
                )
            continue
        used.add(match)
        p = predicted[match]
        counts.relaxed += 1
        counts.strict += (p.start, p.end) == (g.start, g.end)
        counts.value += p.value == g.value
        counts.type += p.type == g.type
        if keep_errors and (p.value != g.value or p.type != g.type):
            counts.errors.append(
                (
                    "value",
                    doc.name,
                    f"{g.text!r}->{p.text!r} gold {g.type} {g.value} got {p.type} {p.value}"
                    f" | {_context(doc, g)}",
                )
            )
    if keep_errors:
        for i, p in enumerate(predicted):
            if i not in used:
                counts.errors.append(
                    ("spurious", doc.name, f"{p.text!r} {p.type} {p.value} | {_context(doc, p)}")
                )


def _context(doc: Document, g: Gold) -> str:
    return doc.text[max(0, g.start - 60) : g.end + 40].replace("\n", " ")


def figures(counts: Counts) -> dict[str, float]:
    """Percentages: strict/relaxed P, R, F1, value F1, type F1, seconds per document."""
    sp, sr, sf = _prf(counts.strict, counts.system, counts.gold)
    rp, rr, rf = _prf(counts.relaxed, counts.system, counts.gold)
    value_acc = counts.value / counts.relaxed if counts.relaxed else 0.0
    type_acc = counts.type / counts.relaxed if counts.relaxed else 0.0
    return {
        "strict_p": 100 * sp, "strict_r": 100 * sr, "strict_f1": 100 * sf,
        "relaxed_p": 100 * rp, "relaxed_r": 100 * rr, "relaxed_f1": 100 * rf,
        "value_f1": 100 * value_acc * rf, "type_f1": 100 * type_acc * rf,
        "sec_per_doc": counts.seconds / counts.docs if counts.docs else 0.0,
        "gold": counts.gold, "system": counts.system,
    }  # fmt: skip


def score(
    docs: Iterable[Document],
    system: Callable[[Document], Prediction] = ours,
    *,
    keep_errors: bool = False,
) -> tuple[dict[str, float], Counts]:
    """Run ``system`` on each document and return (figures, counts)."""
    results = run(list(docs), {"system": system}, keep_errors=keep_errors, warm_up=False)
    figures_, counts, _ = results["system"]
    return figures_, counts


CHUNK = 64


def run(
    docs: list[Document],
    systems: dict[str, Callable[[Document], Prediction]],
    *,
    keep_errors: bool = False,
    warm_up: bool = True,
) -> dict[str, tuple[dict[str, float], Counts, list[float]]]:
    """Score several systems in one pass: {name: (figures, counts, seconds per document)}.

    Systems take turns on chunks of CHUNK documents, so a load change on a shared machine hits
    all of them alike while each keeps its own data in the processor's caches for a while, as
    it would tagging a folder of articles. With ``warm_up`` each first runs once, untimed, on
    the first document (imports, compiled patterns, dateparser's language data). Garbage is
    collected between chunks, never during a call. Times are process CPU seconds.
    """
    if warm_up and docs:
        for system in systems.values():
            system(docs[0])
    counts = {name: Counts() for name in systems}
    times: dict[str, list[float]] = {name: [] for name in systems}
    # As timeit does: no garbage collection inside a timed call (one system's garbage would
    # be collected on another's clock); collect between chunks instead. Times are CPU time of
    # this process, so other jobs on a shared machine do not count against either system.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for first in range(0, len(docs), CHUNK):
            for name, system in systems.items():
                for doc in docs[first : first + CHUNK]:
                    started = time.process_time()
                    predicted = system(doc)
                    elapsed = time.process_time() - started
                    times[name].append(elapsed)
                    counts[name].seconds += elapsed
                    counts[name].docs += 1
                    compare(doc, predicted, counts[name], keep_errors=keep_errors)
                gc.collect()  # between chunks: a full collection evicts the caches (~0.4 ms for us)
    finally:
        if collecting:
            gc.enable()
    return {name: (figures(counts[name]), counts[name], times[name]) for name in systems}


def speed_ratio(ours_times: list[float], other_times: list[float]) -> tuple[float, float]:
    """How many times faster ours is: (by total time, by median time per document)."""
    total = sum(other_times) / sum(ours_times) if sum(ours_times) else 0.0
    median_ours = statistics.median(ours_times) if ours_times else 0.0
    median = statistics.median(other_times) / median_ours if median_ours else 0.0
    return total, median


def _row(name: str, f: dict[str, float], times: list[float]) -> str:
    median = 1000 * statistics.median(times) if times else 0.0
    return (
        f"{name:<18} strict P/R/F1 {f['strict_p']:5.1f} {f['strict_r']:5.1f} {f['strict_f1']:5.1f} | "
        f"relaxed P/R/F1 {f['relaxed_p']:5.1f} {f['relaxed_r']:5.1f} {f['relaxed_f1']:5.1f} | "
        f"value F1 {f['value_f1']:5.1f} | type F1 {f['type_f1']:5.1f} | "
        f"ms/doc mean {1000 * f['sec_per_doc']:7.2f} median {median:7.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "platinum", "both"], default="both")
    parser.add_argument("--errors", type=int, default=0, help="print N error examples (train only)")
    parser.add_argument("--root", type=Path, default=DATA)
    parser.add_argument("--no-baseline", action="store_true", help="skip search_dates (faster iteration)")
    parser.add_argument(
        "--baselines",
        default="auto,en",
        help="search_dates variants, comma-separated: 'auto' (detects the language, as users call it),"
        " 'en' (told the language: faster)",
    )
    parser.add_argument("--baseline-languages", default="", help="old spelling: one variant, e.g. 'en'")
    parser.add_argument(
        "--narrative",
        nargs="?",
        const=NARRATIVE,
        type=Path,
        help="score our history passages (or the .tml files in DIR) in news, narrative and auto mode",
    )
    args = parser.parse_args(argv)
    variants = [args.baseline_languages] if args.baseline_languages else args.baselines.split(",")
    if args.narrative is not None:
        return _narrative(args.narrative, variants if not args.no_baseline else [], args.errors)
    splits = ["train", "platinum"] if args.split == "both" else [args.split]
    for split in splits:
        docs = load_split(split, root=args.root)
        keep = bool(args.errors) and split == "train"
        systems: dict[str, Callable[[Document], Prediction]] = {"ours": ours}
        if not args.no_baseline:
            systems.update(baseline_system(v.strip()) for v in variants if v.strip())
        results = run(docs, systems, keep_errors=keep)
        counts = results["ours"][1]
        print(f"== {split}: {len(docs)} documents, {counts.gold} gold TIMEX3")
        for name, (f, _, times) in results.items():
            print(_row(name, f, times))
        if len(systems) > 1:
            print(f"   (one run; systems take turns on chunks of {CHUNK} documents after an untimed warm-up)")
        for name, (_, _, times) in results.items():
            if name != "ours":
                total, median = speed_ratio(results["ours"][2], times)
                print(
                    f"speed ratio vs {name}: ours is {total:.1f}x faster by total time,"
                    f" {median:.1f}x by median time per document"
                )
        if keep:
            for kind, name, detail in counts.errors[: args.errors]:
                print(f"  [{kind}] {name}: {detail}")
    return 0


def _narrative(folder: Path, variants: list[str], errors: int) -> int:
    """Score the tagger's three modes (and search_dates) on history passages."""
    docs = [parse_tml(path, name=path.stem) for path in sorted(folder.glob("*.tml"))]
    systems: dict[str, Callable[[Document], Prediction]] = {
        f"ours ({mode})": (lambda doc, mode=mode: ours(doc, mode)) for mode in ("news", "narrative", "auto")
    }
    systems.update(baseline_system(v.strip()) for v in variants if v.strip())
    results = run(docs, systems, keep_errors=bool(errors))
    gold = results["ours (news)"][1].gold
    print(f"== narrative: {len(docs)} history passages, {gold} gold TIMEX3 ({folder})")
    for name, (f, _, times) in results.items():
        print(_row(name, f, times))
    if errors:
        for mode in ("narrative", "auto"):
            for kind, name, detail in results[f"ours ({mode})"][1].errors[:errors]:
                print(f"  {mode}: [{kind}] {name}: {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
