"""Fuzz the PDF and Word loader with mutated copies of our document fixtures.

Usage: ``python bench/fuzz_document.py [N] [--seed S]`` (N inputs, default 2,000).

Each input is a fixture PDF or a .docx built from our own report text, mutated by a
few random edits: truncation, byte flips, a block repeated or deleted, bytes of
another fixture spliced in, PDF keywords or zip headers inserted. It goes through
``loaders.registry.load`` (sniffing included). Anything raised other than
``TimelineError`` is a crash: each distinct crash (exception type and place) is
printed once. Prints inputs per second. Exit code 1 if any crash was found.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.errors import TimelineError  # noqa: E402
from loaders.registry import load  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "document"
TOKENS = [
    b"%PDF-1.7\n", b"%%EOF", b"obj", b"endobj", b"stream\n", b"endstream", b"/Encrypt", b"/Length 999999999",
    b"xref", b"trailer", b"<<", b">>", b"PK\x03\x04", b"PK\x05\x06", b"\x00" * 16, b"\xff" * 16,
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>",
]  # fmt: skip
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def _docx(paragraphs: list[str]) -> bytes:
    """A minimal .docx holding ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def corpus() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every fixture PDF and a .docx per fixture text."""
    seeds = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.pdf"))]
    for src in sorted((FIXTURES / "src").glob("*.txt")):
        paragraphs = [p for p in src.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        seeds.append((src.stem + ".docx", _docx(paragraphs)))
    return seeds


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """A few random edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        kind = rng.randrange(6)
        at = rng.randrange(len(out))
        if kind == 0:
            del out[rng.randrange(len(out)) :]
        elif kind == 1:
            for _ in range(rng.randint(1, 32)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif kind == 2:
            n = rng.randint(1, 512)
            out[at:at] = out[at : at + n] * rng.randint(1, 8)
        elif kind == 3:
            del out[at : at + rng.randint(1, 2048)]
        elif kind == 4:
            other = rng.choice(others)
            start = rng.randrange(len(other))
            out[at:at] = other[start : start + rng.randint(1, 4096)]
        else:
            out[at:at] = rng.choice(TOKENS)
    return bytes(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seeds = corpus()
    others = [data for _, data in seeds]
    crashes: dict[tuple[str, str], str] = {}
    loaded = refused = 0
    t0 = time.perf_counter()
    for i in range(args.n):
        name, data = rng.choice(seeds)
        fuzzed = mutate(data, rng, others)
        try:
            load(fuzzed, source=name)
            loaded += 1
        except TimelineError:
            refused += 1
        except Exception as err:  # anything else is the crash we look for
            frame = traceback.extract_tb(err.__traceback__)[-1]
            key = (type(err).__name__, f"{Path(frame.filename).name}:{frame.lineno}")
            if key not in crashes:
                crashes[key] = f"input {i} from {name}: {err!r}"[:300]
                print(f"CRASH {key[0]} at {key[1]}: {crashes[key]}")
    seconds = time.perf_counter() - t0
    print(
        f"document: {args.n:,} inputs in {seconds:.0f} s ({args.n / seconds:.0f}/s); {loaded:,} loaded, "
        f"{refused:,} refused with a TimelineError, {len(crashes)} distinct crash(es)"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
