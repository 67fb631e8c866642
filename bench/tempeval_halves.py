"""TempEval-3 ``train/`` scored per corpus: TimeBank and AQUAINT separately.

Usage: ``python bench/tempeval_halves.py [--root DIR]``.
A candidate rule is kept when it helps (or leaves alone) each corpus on its own: the two were
annotated by different people, so a rule that only pleases one of them is fitting its annotators.
Never touches ``platinum/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.append(str(ROOT / "bench"))  # appended: bench/events.py must not shadow the events package

import tempeval as te  # noqa: E402


def halves(root: Path = te.DATA) -> dict[str, dict[str, float]]:
    """Figures for the whole of ``train/`` and for its TimeBank and AQUAINT parts."""
    docs = te.load_split("train", root=root)
    parts = {
        "train": docs,
        "TimeBank": [d for d in docs if "TimeBank" in d.name],
        "AQUAINT": [d for d in docs if "AQUAINT" in d.name],
    }
    return {name: te.score(selected)[0] for name, selected in parts.items() if selected}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=te.DATA)
    args = parser.parse_args(argv)
    for name, f in halves(args.root).items():
        print(
            f"{name:<9} strict F1 {f['strict_f1']:5.2f} | relaxed P/R/F1 {f['relaxed_p']:5.2f} "
            f"{f['relaxed_r']:5.2f} {f['relaxed_f1']:5.2f} | value F1 {f['value_f1']:5.2f} | "
            f"type F1 {f['type_f1']:5.2f} | gold {f['gold']:.0f} system {f['system']:.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
