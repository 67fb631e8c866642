"""Score the news-text loader on our gold articles, next to a naive dateparser baseline.

Run: ``python bench/events.py [--n-process 1] [--repeat 3] [--details]``.

Gold: ``bench/gold/articles/*.txt`` (written by us in the style of agency reports)
and ``bench/gold/events.yaml`` (hand-made event lists, written before tuning).
An event is found with the right date when an event from the same sentence has
the gold precision and the gold span (exact, or within 10% of its length, at
least a day, when the gold says ``approximate``). Invented dates: dated events in
sentences where the gold dates nothing. Actor names are compared through
:func:`actor_key` (one spelling per actor: aliases, accents, "of the"). The baseline makes
every ``dateparser.search.search_dates`` hit in a sentence a day-precision event.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.actors import canonical_actor
from loaders.text import extract_many
from loaders.text.actors import state_actor
from loaders.text.clean import clean
from loaders.text.gazetteer import lookup_place
from loaders.text.nlp import pipeline

GOLD = Path(__file__).resolve().parent / "gold"
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"')\]]*|$)")


@dataclass
class Pred:
    """One predicted event, reduced to what the scorer compares."""

    char_start: int
    char_end: int
    start: datetime | None
    end: datetime | None
    precision: str
    status: str
    actors: set[str]


@dataclass
class Score:
    """Counts summed over articles."""

    gold_dated: int = 0
    found: int = 0
    pred_dated: int = 0
    pred_right: int = 0
    invented: int = 0
    status_total: int = 0
    status_right: int = 0
    actors_gold: int = 0
    actors_pred: int = 0
    actors_common: int = 0
    published_right: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)
    invented_list: list[str] = field(default_factory=list)
    status_diffs: list[str] = field(default_factory=list)
    actor_diffs: list[str] = field(default_factory=list)

    def ratio(self, a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "   n/a"


SETS = {
    "tuning": ("events.yaml", "articles"),
    "heldout": ("heldout.yaml", "heldout"),
    "final": ("final.yaml", "final"),
    "unseen": ("unseen.yaml", "unseen"),
    "unseen2": ("unseen2.yaml", "unseen2"),
    "dev3": ("dev3.yaml", "dev3"),
    "dev4": ("dev4.yaml", "dev4"),
    "dev5": ("dev5.yaml", "dev5"),
    "unseen3": ("unseen3.yaml", "unseen3"),
    "unseen4": ("unseen4.yaml", "unseen4"),
    "unseen5": ("unseen5.yaml", "unseen5"),
    "unseen6": ("unseen6.yaml", "unseen6"),
    "unseen7": ("unseen7.yaml", "unseen7"),
    "unseen8": ("unseen8.yaml", "unseen8"),
    "unseen9": ("unseen9.yaml", "unseen9"),
    "unseen10": ("unseen10.yaml", "unseen10"),
    "unseen11": ("unseen11.yaml", "unseen11"),
    "unseen12": ("unseen12.yaml", "unseen12"),
    "unseen13": ("unseen13.yaml", "unseen13"),
    "unseen14": ("unseen14.yaml", "unseen14"),
    "unseen15": ("unseen15.yaml", "unseen15"),
    "unseen16": ("unseen16.yaml", "unseen16"),
    "unseen17": ("unseen17.yaml", "unseen17"),
}
"""Gold sets: (event list, article folder). "heldout" was written after tuning (its first score is
in the report; its second round then exposed bugs that were fixed); "final" was written last and
scored once; "unseen" (round 2: Sahel, Yemen, Myanmar, Colombia, Ukraine, Sudan) was written
before any round-2 change and scored once with the round-1 loader; "unseen2" (Somalia, DR Congo,
Burkina Faso, Haiti, Nigeria) was written after round 2 and scored once with the round-2 loader;
"dev3" (Sudan, Gaza, Yemen, Mali, Colombia, Ethiopia, Mexico) was written at the start of round 3,
scored first with the round-2 loader, and used for round-3 tuning; "dev4" (Myanmar, Nigeria,
Lebanon, Syria, Ukraine, Somalia) was written in the middle of round 3 as a check on its rules;
"dev5" (Mozambique, Haiti, Burkina Faso, Pakistan, Colombia) was written near its end.
"unseen3" and "unseen4" were written by independent annotators who never ran the loader (their
conventions are in each folder's CONVENTIONS.md). unseen3 was scored first with the round-2
loader (35.1% dated right; its missed publication-date forms were then fixed as a class) and
once with the round-3 loader (74.3%); unseen4 was scored once with the round-2 loader (26.1%)
and once with the round-3 loader (67.0%, the honest unseen figure), then its two missed
publication-date lines were fixed as well, so neither set is unseen any more. "unseen5" (a third
independent annotator, six articles) was written after those fixes and scored once with the
final round-3 loader: 73.7% dated right, 85.7% precision, 1 invented date, actors 59.3% / 60.3%;
its one missed publication date (a byline without "By") was then read as a class (84.2% after).
Round 4 tuned on unseen3, unseen4 and unseen5 (by class, following their annotators'
conventions): none of them is an unseen measure any more. "unseen6" and "unseen7" (two more
independent annotators) were first scored early in round 4 (67.8% and 56.5% dated right);
"unseen8" (a third) once with the round-4 loader (60.9%), and "unseen9" (a fourth, written after
every round-4 fix) once with the final one (59.2%). Each lost most of its misses on two of six
articles whose publication date went unread; those page forms were then read as classes, so none
of the four is unseen any more. Round 5: "unseen10" and "unseen11" (two more independent annotators)
were scored first with the round-4 loader (64.1% and 92.6%); their two publication-date misses, and
nothing else of them, were then looked at and read as classes. "unseen12" and "unseen13" were
scored once with the round-4 loader (47.6%, 52.9%) and once with the final round-5 loader (79.6%,
66.7%), nobody having looked at their misses. All four are committed after scoring and are dev
sets from now on. Round 7: "unseen14" to "unseen17" (four more independent annotators, written at
the start of the round) were scored once with the round-6 loader (81.5%, 78.2%, 90.2%, 79.4% dated
right) and once with the final round-7 loader (82.7%, 79.2%, 91.3%, 79.4%), nobody having looked at
their misses; committed after scoring, they are dev sets from now on."""


def load_gold(name: str = "tuning") -> tuple[dict[str, dict], Path]:
    events, folder = SETS[name]
    return yaml.safe_load((GOLD / events).read_text(encoding="utf-8")), GOLD / folder


def _dt(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def actor_key(name: str) -> str:
    """One spelling per actor: aliases folded (ECOWAS), accents and case dropped (Calderón),
    and "of the" read as "of" (Military Forces of the United States)."""
    name = canonical_actor(name)
    state = re.match(r"(Military Forces|Police Forces|Government) of (?:the )?(.+)$", name)
    if state:
        # "Government of Türkiye" / "of Turkey", "of DR Congo" / "of the Democratic Republic of Congo".
        country = _COUNTRY_SPELLINGS.get(state.group(2).lower(), state.group(2))
        place = lookup_place(country)
        if place is not None and place.admin_level == 0:
            name = state_actor(state.group(1), place.name)
        else:
            name = f"{state.group(1)} of {country}"
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"\bof the\b", "of", folded)


# Country spellings the gazetteer does not fold (pycountry's "Congo, The Democratic Republic of").
_COUNTRY_SPELLINGS = {
    "drc": "DR Congo",
    "dr congo": "DR Congo",
    "democratic republic of congo": "DR Congo",
    "democratic republic of the congo": "DR Congo",
    "congo-kinshasa": "DR Congo",
    "burma": "Myanmar",
    "ivory coast": "Côte d'Ivoire",
    "cote d'ivoire": "Côte d'Ivoire",
}


def date_right(gold: dict, pred: Pred) -> bool:
    """Same precision and the same span (with tolerance for approximate gold spans)."""
    start, end = _dt(gold["start"]), _dt(gold["end"])
    if pred.start is None or start is None or end is None or pred.end is None:
        return False
    if pred.precision != gold["precision"]:
        return False
    tol = max(timedelta(days=1), (end - start) / 10) if gold.get("approximate") else timedelta(0)
    return abs(pred.start - start) <= tol and abs(pred.end - end) <= tol


def score_article(
    name: str, text: str, gold: dict, preds: list[Pred], score: Score, *, published: str
) -> None:
    """Add one article's matches to ``score``."""
    score.articles += 1
    if published == str(gold["published"]):
        score.published_right += 1
    events = gold["events"]
    positions = []
    for g in events:
        pos = text.find(g["evidence"])
        if pos < 0:
            # The cleaner blanked the line holding it (a sub-headline): no prediction can
            # match it, so a dated one counts as missed.
            pos = len(text) + len(positions)
        positions.append(pos)

    def same_sentence(p: Pred, pos: int) -> bool:
        return p.char_start <= pos < p.char_end

    used: set[int] = set()
    for g, pos in zip(events, positions, strict=True):
        in_sentence = [i for i, p in enumerate(preds) if same_sentence(p, pos) and i not in used]
        if g["start"] is not None:
            score.gold_dated += 1
            hit = next(
                (i for i in in_sentence if preds[i].start is not None and date_right(g, preds[i])), None
            )
            if hit is None:
                score.misses.append(f"{name}: {g['evidence']!r} {g['start']}..{g['end']} {g['precision']}")
                continue
            score.found += 1
            used.add(hit)
        else:
            hit = next((i for i in in_sentence if preds[i].start is None), None)
            if hit is None:
                continue
            used.add(hit)
        pred = preds[hit]
        score.status_total += 1
        score.status_right += pred.status == g["status"]
        if pred.status != g["status"]:
            score.status_diffs.append(f"{name}: {g['evidence'][:60]!r} gold {g['status']} ours {pred.status}")
        if g["start"] is not None and g["actors"]:
            gold_actors = {actor_key(a): a for a in g["actors"]}
            pred_actors = {actor_key(a): a for a in pred.actors}
            score.actors_gold += len(gold_actors)
            score.actors_pred += len(pred_actors)
            score.actors_common += len(gold_actors.keys() & pred_actors.keys())
            if gold_actors.keys() != pred_actors.keys():
                missing = sorted(gold_actors[k] for k in gold_actors.keys() - pred_actors.keys())
                extra = sorted(pred_actors[k] for k in pred_actors.keys() - gold_actors.keys())
                score.actor_diffs.append(f"{name}: {g['evidence'][:40]!r} missing {missing} extra {extra}")
    dated_sentences = [pos for g, pos in zip(events, positions, strict=True) if g["start"] is not None]
    for i, p in enumerate(preds):
        if p.start is None:
            continue
        score.pred_dated += 1
        if i in used:
            score.pred_right += 1
        elif not any(same_sentence(p, pos) for pos in dated_sentences):
            score.invented += 1
            sentence = text[p.char_start : p.char_end].replace("\n", " ")
            score.invented_list.append(
                f"{name}: {sentence[:160]!r} {p.start:%Y-%m-%d}..{p.end:%Y-%m-%d} {p.precision} {p.status}"
            )


def run_ours(
    items: list[tuple[str, str]], *, n_process: int, published: list[date] | None = None
) -> tuple[list, float]:
    """Run the loader; ``published`` (one per item) passes each article's gold publication date."""
    pipeline()  # load once, outside the timing
    t0 = time.perf_counter()
    if published is None:
        results = extract_many(items, n_process=n_process)
    else:
        from loaders.text import _extract_prepared, _prepare

        pairs = zip(items, published, strict=True)
        prepared = [_prepare(text, published=pub, source=source) for (text, source), pub in pairs]
        results = _extract_prepared([source for _, source in items], prepared, n_process=n_process)
    return results, time.perf_counter() - t0


def run_cpu(items: list[tuple[str, str]]) -> float:
    """CPU seconds of one process for the batch: steady when the shared cores are busy."""
    pipeline()
    t0 = time.process_time()
    extract_many(items, n_process=1)
    return time.process_time() - t0


def baseline(text: str, published: date) -> list[Pred]:
    """Every dateparser hit in a sentence becomes a day-precision occurred event."""
    from dateparser.search import search_dates

    preds = []
    base = datetime(published.year, published.month, published.day)
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not sentence.strip():
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(sentence, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        for _, when in hits:
            day = datetime(when.year, when.month, when.day)
            preds.append(Pred(m.start(), m.end(), day, day + timedelta(days=1), "day", "occurred", set()))
    return preds


def report(label: str, score: Score, seconds: float, cpu_seconds: float | None = None) -> None:
    print(f"\n{label}")
    print(
        f"  dated events right date+precision (recall) {score.ratio(score.found, score.gold_dated)}"
        f"  ({score.found}/{score.gold_dated})"
    )
    print(
        f"  dated events precision                     {score.ratio(score.pred_right, score.pred_dated)}"
        f"  ({score.pred_right}/{score.pred_dated})"
    )
    print(f"  invented dates                             {score.invented:6d}")
    print(
        f"  status accuracy (matched events)           {score.ratio(score.status_right, score.status_total)}"
        f"  ({score.status_right}/{score.status_total})"
    )
    print(
        f"  actor recall / precision (dated matches)   {score.ratio(score.actors_common, score.actors_gold)}"
        f" / {score.ratio(score.actors_common, score.actors_pred)}"
    )
    print(
        f"  publication date from the text             {score.ratio(score.published_right, score.articles)}"
    )
    print(f"  throughput                                 {score.articles / seconds:6.1f} articles/s")
    if cpu_seconds:
        print(
            f"  throughput per CPU-second (one process)    {score.articles / cpu_seconds:6.1f} articles/s"
            "  (what one core sustains, whatever else runs)"
        )


SHARED_EVENTS = GOLD.parent.parent.parent / "shared" / "data" / "events"
ACLED_NOTES = SHARED_EVENTS / "acled_global_2020-04-27_2020-05-09.csv"


def score_acled_notes(path: Path, n: int) -> None:
    """Real reporting we did not write: ACLED's own event notes ("On 9 May 2020, clashes erupted
    between ..."), each a short text whose event date is known. Prints how often the note's
    day is found (day precision) and how many dated events fall outside that day."""
    import pandas as pd

    table = pd.read_csv(path)
    table = table[table["event_type"] != "Protests"].sample(min(n, len(table)), random_state=3)
    days = [datetime.strptime(d, "%d-%b-%y") for d in table["event_date"]]
    found = other = 0
    for day, note in zip(days, table["notes"], strict=True):
        # Published two days later, as a report would be; the notes name their dates in full.
        result = extract_many([(str(note), "note.txt")], published=(day + timedelta(days=2)).date())[0]
        dated = result.table[result.table["start"].notna()]
        hits = [(s == day and p == "day") for s, p in zip(dated["start"], dated["precision"], strict=True)]
        found += any(hits)
        other += sum(1 for s, e in zip(dated["start"], dated["end"], strict=True) if not s <= day < e)
    print(f"ACLED notes: {len(days)} non-protest notes from {path.name}")
    share = f"{100 * found / len(days):5.1f}%  ({found}/{len(days)})"
    print(f"  note's day found (day precision)           {share}")
    print(
        f"  dated events not covering the note's day   {other:6d}  (earlier events the notes name, or errors)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="repeat the corpus for the throughput figure")
    parser.add_argument("--details", action="store_true", help="list the gold events missed")
    parser.add_argument("--set", choices=[*SETS, "all"], default="all", help="which gold set to score")
    parser.add_argument(
        "--no-model", action="store_true", help="score the fallback pipeline (no spaCy model)"
    )
    parser.add_argument(
        "--acled-notes",
        type=int,
        default=0,
        metavar="N",
        help="also score N real ACLED event notes (../shared)",
    )
    parser.add_argument(
        "--given-pub",
        action="store_true",
        help="pass each article's gold publication date to the loader (diagnosis of dating misses)",
    )
    args = parser.parse_args(argv)
    if args.no_model:
        from loaders.text import nlp

        def missing() -> None:
            raise OSError("model disabled by --no-model")

        nlp._load_model = missing  # the same path as a machine without the model
        nlp.pipeline.cache_clear()
    for name in SETS if args.set == "all" else [args.set]:
        print(f"=== gold set: {name} ===")
        score_set(name, args)
        print()
    if args.acled_notes:
        if ACLED_NOTES.exists():
            score_acled_notes(ACLED_NOTES, args.acled_notes)
        else:
            print(f"ACLED notes not found at {ACLED_NOTES}: skipped")
    return 0


def score_set(set_name: str, args: argparse.Namespace) -> None:
    """Score one gold set and print the figures."""
    gold, folder = load_gold(set_name)
    names = sorted(gold)
    raw = {n: (folder / n).read_text(encoding="utf-8") for n in names}
    items = [(raw[n], n) for n in names]

    given = [_dt(gold[n]["published"]).date() for n in names] if args.given_pub else None
    results, _ = run_ours(items, n_process=1, published=given)
    ours = Score()
    for name, result in zip(names, results, strict=True):
        table = result.table
        preds = [
            Pred(
                int(r.char_start),
                int(r.char_end),
                None if r.start is None or r.start != r.start else r.start.to_pydatetime(),
                None if r.end is None or r.end != r.end else r.end.to_pydatetime(),
                r.precision,
                r.status,
                set(r.actors),
            )
            for r in table.itertuples()
        ]
        score_article(
            name, result.meta["text"], gold[name], preds, ours, published=result.meta["published"] or ""
        )
    # Distinct sources per copy: a batch is one table and its ids must not repeat.
    copies = [(text, f"{source}#{k}") for k in range(args.repeat) for text, source in items]
    if args.repeat:
        _, seconds = run_ours(copies, n_process=args.n_process)
        ours_seconds = seconds / args.repeat
        cpu_seconds = run_cpu(copies) / args.repeat
    else:  # --repeat 0: scores only
        ours_seconds, cpu_seconds = float("inf"), None

    base = Score()
    t0 = time.perf_counter()
    for name in names:
        text = clean(raw[name]).text
        published = gold[name]["published"]
        score_article(name, text, gold[name], baseline(text, published), base, published=str(published))
    base_seconds = time.perf_counter() - t0

    n_events = sum(len(g["events"]) for g in gold.values())
    print(f"Gold: {len(names)} articles, {n_events} events ({ours.gold_dated} dated)")
    report(f"Text loader (n_process={args.n_process})", ours, ours_seconds, cpu_seconds)
    report(
        "Baseline: dateparser.search_dates, day precision (given the publication date)", base, base_seconds
    )
    if args.details:
        print("\nMissed by the text loader:")
        for line in ours.misses:
            print("  " + line)
        print("\nInvented dates (dated events in sentences the gold does not date):")
        for line in ours.invented_list:
            print("  " + line)
        print("\nStatus differing on matched events:")
        for line in ours.status_diffs:
            print("  " + line)
        print("\nActors differing on matched dated events:")
        for line in ours.actor_diffs:
            print("  " + line)


if __name__ == "__main__":
    raise SystemExit(main())
