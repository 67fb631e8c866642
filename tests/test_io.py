"""Decoding bytes into text."""

from __future__ import annotations

import codecs

import pytest

from events.errors import DecodeError
from loaders.io import binary_kind, decode_text

TEXT = "Kabul, 5 November 2021 — talks «resumed» in Khōst"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),  # with BOM
        (TEXT.encode("utf-16-le"), TEXT),  # without BOM
        (TEXT.encode("utf-16-be"), TEXT),
        (TEXT.encode("utf-32"), TEXT),
        ("caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "caf\u00e9 \u201cquoted\u201d"),
        (b"plain ascii\r\nline two", "plain ascii\r\nline two"),
        (b"", ""),
        # mixed: utf-8 text with stray cp1252 bytes keeps both readable
        ("na\u00efve".encode() + b" \x93x\x94", "na\u00efve \u201cx\u201d"),
        (b"\x81\x8d", "\x81\x8d"),  # bytes undefined in cp1252 fall back to latin-1
    ],
)
def test_io_decode_text(data: bytes, expected: str) -> None:
    assert decode_text(data, source="f.txt") == expected


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"abc\x00\x01\x02def" * 10, "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_io_decode_text_refuses_binary(data: bytes, kind: str) -> None:
    assert binary_kind(data)
    with pytest.raises(DecodeError, match=f"report.csv: this is .*{kind}"):
        decode_text(data, source="report.csv")
