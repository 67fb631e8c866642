"""Train the tagger's keep/drop filter on TempEval-3 ``train/`` and cross-validate it.

Usage: ``python bench/train_filter.py [--epochs N] [--margins M1,M2]``.
Candidates are the rules' own expressions on the training documents; one is labelled "keep"
when it overlaps a gold TIMEX3. Cross-validation trains on TimeBank and tests on AQUAINT,
then the reverse, and prints rules-only beside rules + filter on the held-out corpus.
Never touches ``platinum/``.

Result (round 4): the filter lowers F1 in both directions at every margin (the expressions
annotators leave out, "now", "recently", "daily", are left out inconsistently), so the tagger
does not ship it; this script keeps the experiment reproducible.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.append(str(ROOT / "bench"))  # appended: bench/events.py must not shadow the events package

import tempeval as te  # noqa: E402

from loaders.temporal import tag  # noqa: E402

Example = tuple[list[str], int]
WORD = re.compile(r"[a-z]+|\d+|[^\sa-z\d]")


def _shape(value: str) -> str:
    return re.sub(r"\d+", "9", value)


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _quoted(text: str, at: int) -> bool:
    return text.count('"', 0, at) % 2 == 1 or "``" in text[max(0, at - 200) : at]


def features(timex, text: str) -> list[str]:
    """Sparse indicator features of one expression: its words, shape and neighbours."""
    inside = _words(timex.text) or [""]
    before = _words(text[max(0, timex.start - 40) : timex.start])[-2:]
    after = _words(text[timex.end : timex.end + 30])[:2]
    prev1 = before[-1] if before else "<s>"
    prev2 = before[-2] if len(before) > 1 else "<s>"
    next1 = after[0] if after else "</s>"
    head = inside[-1]
    feats = [
        "bias",
        f"type={timex.type}",
        f"shape={_shape(timex.value)}",
        f"mod={timex.mod}",
        f"first={inside[0]}",
        f"last={head}",
        f"n={min(len(inside), 4)}",
        f"prev1={prev1}",
        f"prev2={prev2}",
        f"next1={next1}",
        f"type+prev1={timex.type}|{prev1}",
        f"last+prev1={head}|{prev1}",
        f"last+next1={head}|{next1}",
        f"cap={timex.text[:1].isupper()}",
        f"quoted={_quoted(text, timex.start)}",
    ]
    feats.extend(f"w={w}" for w in inside)
    return feats


def score(feats: Iterable[str], weights: Mapping[str, float]) -> float:
    return sum(weights.get(f, 0.0) for f in feats)


def candidates(doc: te.Document) -> list[tuple[object, list[str], int]]:
    """(timex, features, +1 keep / -1 drop) for each of the rules' expressions (no filter)."""
    out = []
    for t in tag(doc.text, reference_date=doc.dct):
        label = 1 if any(g.start < t.end and t.start < g.end for g in doc.gold) else -1
        out.append((t, features(t, doc.text), label))
    return out


def train(examples: list[Example], epochs: int = 10, seed: int = 13) -> dict[str, float]:
    """Averaged perceptron over sparse indicator features (deterministic order)."""
    weights: dict[str, float] = {}
    totals: dict[str, float] = {}
    stamps: dict[str, int] = {}
    step = 1
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, label = examples[i]
            if label * score(feats, weights) <= 0:
                for f in feats:
                    # lazy averaging: add the weight's value over the steps it stood unchanged
                    totals[f] = totals.get(f, 0.0) + (step - stamps.get(f, 0)) * weights.get(f, 0.0)
                    stamps[f] = step
                    weights[f] = weights.get(f, 0.0) + label
            step += 1
    averaged = {}
    for f, w in weights.items():
        total = totals.get(f, 0.0) + (step - stamps.get(f, 0)) * w
        if total:
            averaged[f] = round(total / step, 4)
    return averaged


def evaluate(
    docs: list[te.Document], cands: dict[str, list], weights: dict[str, float] | None, margin: float
) -> dict[str, float]:
    counts = te.Counts()
    for doc in docs:
        kept = [t for t, feats, _ in cands[doc.name] if weights is None or score(feats, weights) >= margin]
        te.compare(doc, [te.Gold(t.start, t.end, t.type, t.value, t.text) for t in kept], counts)
    return te.figures(counts)


def _line(name: str, f: dict[str, float]) -> str:
    return (
        f"  {name:<22} relaxed P/R/F1 {f['relaxed_p']:5.1f} {f['relaxed_r']:5.1f} {f['relaxed_f1']:5.1f}"
        f" | strict F1 {f['strict_f1']:5.1f} | value F1 {f['value_f1']:5.1f} | type F1 {f['type_f1']:5.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--margin", type=float, default=0.0, help="drop below this score")
    parser.add_argument("--margins", default="", help="comma-separated margins to compare in CV")
    args = parser.parse_args(argv)
    docs = te.load_split("train")
    cands = {doc.name: candidates(doc) for doc in docs}
    margins = [float(m) for m in args.margins.split(",")] if args.margins else [args.margin]
    corpora = {
        "TimeBank": [d for d in docs if "/TimeBank/" in d.name],
        "AQUAINT": [d for d in docs if "/AQUAINT/" in d.name],
    }
    for train_on, test_on in (("TimeBank", "AQUAINT"), ("AQUAINT", "TimeBank")):
        examples = [(feats, label) for d in corpora[train_on] for _, feats, label in cands[d.name]]
        weights = train(examples, args.epochs)
        print(f"train on {train_on} ({len(examples)} candidates) -> test on {test_on}")
        print(_line("rules only", evaluate(corpora[test_on], cands, None, 0.0)))
        for margin in margins:
            print(
                _line(f"rules + filter (>= {margin:g})", evaluate(corpora[test_on], cands, weights, margin))
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
