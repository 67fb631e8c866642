"""Score the publication date read from pasted news-page openings.

Run: ``python bench/pubdate.py [--split dev|test|all] [--details] [--variants] [--synthetic N]``.

Corpus: ``bench/pubdate/*.txt``, each the opening of a page as a browser copies it (site
bar, section, headline, standfirst, byline, date lines, dateline, first paragraph), written
by us in our own words in the header layouts of real outlets; ``bench/pubdate/index.tsv``
gives each file's split, outlet style and gold publication date (``none`` when the page
gives none: "2 hours ago", "Today, 2:21 pm", a date that is an event's). The ``test`` half
was written before any tuning and is scored only at the end of a round; tune on ``dev``.

A wrong date is far worse than none: every relative date in the article would be resolved
against it, silently. The figures are right / wrong / not found, per outlet and overall.
``--variants`` also scores each opening pasted other ways (blank lines dropped or doubled, the
first line left off, Windows line ends and non-breaking spaces), which finds fragile rules.
``--synthetic N`` builds N headers from parts (fixed seed): date lines in many forms, labels,
times and zones, bylines, Published and Updated in either order, and distractors that must
never be read (a dated headline, a dated photo caption, an event date in the lead, an age).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.text.clean import clean, find_published

CORPUS = Path(__file__).resolve().parent / "pubdate"


def read_index(split: str) -> list[tuple[str, str, str, date | None]]:
    """(file stem, split, outlet, gold date or None) for the chosen split."""
    rows = []
    for line in (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, part, outlet, gold = line.split("\t")
        if split in ("all", part):
            rows.append((name, part, outlet, None if gold == "none" else date.fromisoformat(gold)))
    return rows


def variants(text: str) -> dict[str, str]:
    """The same opening pasted other ways."""
    lines = text.splitlines()
    return {
        "as written": text,
        "no blank lines": "\n".join(line for line in lines if line.strip()),
        "blank line after each": "\n\n".join(line for line in lines if line.strip()),
        "first line left off": "\n".join(lines[1:]),
        "CRLF and NBSP": text.replace("\n", "\r\n").replace(" ", "\u00a0", 3),
    }


def verdict(found: date | None, gold: date | None) -> str:
    """right (the gold date, or none where the page gives none), wrong, or missed."""
    if found == gold:
        return "right"
    return "missed" if found is None else "wrong"


def main() -> None:
    """Print right / wrong / missed per outlet style and overall."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--details", action="store_true", help="one line per opening")
    parser.add_argument("--variants", action="store_true", help="also score other ways of pasting")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="score N built headers")
    args = parser.parse_args()
    rows = read_index(args.split)
    if args.variants:
        score_variants(rows)
        return
    if args.synthetic:
        score_synthetic(args.synthetic)
        return
    by_outlet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    for name, _, outlet, gold in rows:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        found, written = find_published(clean(text))
        result = verdict(found, gold)
        by_outlet[outlet][result] += 1
        total[result] += 1
        total["gold none" if gold is None else "gold dated"] += 1
        if args.details or result != "right":
            print(f"{result:6}  {name:34} gold {gold or 'none'}  found {found or 'none'}  {written!r}")
    print(
        f"\n=== publication date: {args.split} split, {len(rows)} openings, "
        f"{len(by_outlet)} outlet styles ==="
    )
    print(f"{'outlet style':24} {'right':>5} {'wrong':>5} {'missed':>6}")
    for outlet in sorted(by_outlet, key=str.lower):
        counts = by_outlet[outlet]
        print(f"{outlet:24} {counts['right']:5} {counts['wrong']:5} {counts['missed']:6}")
    n = len(rows) or 1
    print(
        f"\noverall: right {total['right']} ({100 * total['right'] / n:.1f}%), "
        f"wrong {total['wrong']} ({100 * total['wrong'] / n:.1f}%), "
        f"missed {total['missed']} ({100 * total['missed'] / n:.1f}%)  "
        f"[{total['gold dated']} pages dated, {total['gold none']} giving none]"
    )


def score_variants(rows: list[tuple[str, str, str, date | None]]) -> None:
    """Right / wrong / missed for each way of pasting the openings."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, _, _, gold in rows:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        for how, pasted in variants(text).items():
            found, written = find_published(clean(pasted))
            result = verdict(found, gold)
            counts[how][result] += 1
            if result == "wrong":
                print(f"wrong   {name:34} ({how}) gold {gold or 'none'}  found {found}  {written!r}")
    print(f"\n{'pasted':24} {'right':>5} {'wrong':>5} {'missed':>6}")
    for how, c in counts.items():
        print(f"{how:24} {c['right']:5} {c['wrong']:5} {c['missed']:6}")


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def written_date(day: date, rng: random.Random, form: int | None = None) -> tuple[str, int]:
    """One way pages write ``day`` (the form's number, random unless given)."""
    month, mon = MONTHS[day.month - 1], MONTHS[day.month - 1][:3]
    wkd = WEEKDAYS[day.weekday()]
    forms = [
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{mon} {day.day}, {day.year}",
        f"{mon}. {day.day}, {day.year}",
        f"{day.day} {mon} {day.year}",
        f"{wkd}, {day.day} {month} {day.year}",
        f"{wkd[:3]} {mon} {day.day}, {day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.isoformat()}",
        f"{day.isoformat()}T09:31:00Z",
        f"{day.month:02d}/{day.day:02d}/{day.year} 10:15 AM ET",
        f"{month.upper()} {day.day}, {day.year}",
        f"{day.day}th {month} {day.year}"
        if day.day in (4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
        else f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}9:31 AM UTC",
        f"{mon} {day.day}th {day.year}",
        f"{month} {day.day} - {day.year}",
        f"{day.day} {month} {day.year} | 3 Rajab 1445 AH",
        f"{wkd} {month} {day.day:02d} {day.year}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
    ]
    i = rng.randrange(len(forms)) if form is None else form
    return forms[i], i


US_FORM = 12  # "03/04/2024 10:15 AM ET"
TIMES = ["", " 10:20", " 10:20 AM", " 4:31 PM GMT+5", " 14.05 GMT", " | 10:20 PKT", " - 16:20", " 2 min read"]


def synthetic_page(rng: random.Random) -> tuple[str, date | None]:
    """A header built from parts and its gold publication date."""
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(2000))
    other = published - timedelta(days=rng.randrange(3, 400))  # an event's date, never the page's
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(rng.choice(["World", "Home / Asia", "News|Conflict", "National", "Africa"]))
    headline = rng.choice(
        ["Militants attack border post", "Army retakes district centre", "Talks stall again"]
    )
    if rng.random() < 0.25:
        headline = f"Truce to take effect on {written_date(other, rng)[0].split('T')[0]}, mediators say"
    if rng.random() < 0.85:
        lines += ["", headline, ""]
    if rng.random() < 0.3:
        # A standfirst; with a full stop it reads as the body's first line.
        lines += [
            "Officials say the attack was the deadliest this year in the province" + rng.choice(["", "."]),
            "",
        ]
    byline = rng.choice(
        ["", "By Staff Writer", "Staff Writer", "By STAFF WRITER and OTHER NAME", "Our Correspondent"]
    )
    pub_text, form = written_date(published, rng)
    us = form == US_FORM
    # A page writes its dates one way.
    upd_text = written_date(published + timedelta(days=rng.randrange(1, 4)), rng, form)[0]
    kinds = [
        "bare",
        "published",
        "both",
        "both reversed",
        "byline",
        "label line",
        "none",
        "ago",
        "updated",
        "ap",
        "update over a dateline",
    ]
    kind = rng.choice(kinds)
    gold: date | None = published
    time = rng.choice(TIMES)
    if kind == "bare":
        date_lines = [pub_text + time]
    elif kind == "published":
        date_lines = [
            rng.choice(["Published ", "Published: ", "Published on ", "Posted ", "Issued on: "])
            + pub_text
            + time
        ]
    elif kind == "both":
        date_lines = [f"Published {pub_text}{time}", f"Updated {upd_text}"]
    elif kind == "both reversed":
        date_lines = [f"Updated {upd_text} | Published {pub_text}{time}"]
    elif kind == "byline":
        date_lines = [f"{byline or 'Staff Writer'} | {pub_text}{time}"]
        byline = ""
    elif kind == "updated":
        date_lines = [rng.choice(["Updated ", "Last updated: ", "Updated on "]) + pub_text + time]
    elif kind == "update over a dateline":
        date_lines = [f"Updated {upd_text}"]  # the dateline below gives the filing day
    elif kind == "ap":
        month = MONTHS[published.month - 1]
        date_lines = [
            f"{rng.choice(['Updated', 'Published'])} 4:41 PM GMT+1, {month} {published.day}, {published.year}"
        ]
    elif kind == "label line":
        date_lines = [rng.choice(["Published", "First published"]), pub_text]
    elif kind == "ago":
        date_lines, gold = (
            [rng.choice(["3 hours ago", "Updated 2 hours ago", "Today, 2:21 pm", "5 mins ago"])],
            None,
        )
    else:
        date_lines, gold = [], None
    if us and gold is not None and "/" in pub_text and rng.random() < 0.5:
        date_lines[-1] += " | " + f"{MONTHS[published.month - 1]} {published.day}, {published.year}"
    head = ([byline] if byline else []) + date_lines
    if rng.random() < 0.3:
        head.append(
            f"Guards at the crossing in a file photo taken on {written_date(other, rng)[0]}. - AFP/File"
        )
    if rng.random() < 0.3:
        head += ["", "Share", "Facebook", "Twitter"]
    if rng.random() < 0.15:
        # Captions and share buttons between a standfirst and the date lines.
        head[:0] = [
            "Image source, Staff",
            "Image caption,",
            "Residents fled",
            "Share",
            "Save",
            "Facebook",
            "Email",
        ]
    if rng.random() < 0.2:
        related = rng.choice(
            [
                "Read more: Talks collapse again",
                "Related: Curfew lifted in the city",
                "Also read: Aid convoy reaches town",
            ]
        )
        head.insert(rng.randrange(len(head) + 1), f"{related} | {written_date(other, rng)[0]}")
    lines += [*head, ""]
    filed = f"KABUL, {MONTHS[published.month - 1][:3]} {published.day} (Reuters) - "
    dateline = filed if kind == "update over a dateline" else rng.choice(["KABUL: ", "", filed])
    lead = rng.choice(
        [
            "Militants attacked a border post overnight, killing two soldiers, officials said.",
            f"Fighting resumed on Sunday, weeks after a truce signed on {written_date(other, rng)[0]}, "
            "residents said.",
        ]
    )
    lines += [dateline + lead, "", "The army said it had sent reinforcements to the area."]
    return "\n".join(lines), gold


def score_synthetic(n: int) -> None:
    """Right / wrong / missed on ``n`` built headers; every wrong one is printed."""
    rng = random.Random(5)
    counts: dict[str, int] = defaultdict(int)
    for _ in range(n):
        text, gold = synthetic_page(rng)
        found, written = find_published(clean(text))
        result = verdict(found, gold)
        counts[result] += 1
        if result == "wrong":
            print(f"wrong: gold {gold} found {found} {written!r}\n{text}\n---")
    print(
        f"synthetic headers: {n}; right {counts['right']}, wrong {counts['wrong']}, missed {counts['missed']}"
    )


if __name__ == "__main__":
    main()
