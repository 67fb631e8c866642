"""Bytes to text: encodings detected from the bytes, binary refused with a clear message."""

from __future__ import annotations

import codecs
import re

from events.errors import DecodeError

# Control bytes that never appear in text (NUL and most C0 controls except \t \n \r \f).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats people rename to .txt or .csv.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "a Rich Text document (.rtf)"),
    (b"SQLite format 3", "an SQLite database"),
)


# Streams that name what an OLE compound file (Office 97-2003, or an encrypted
# Office 2007+ file) holds; directory entries are UTF-16 names.
_COMPOUND_STREAMS: tuple[tuple[str, str, str], ...] = (
    ("EncryptedPackage", "a password-protected Office file",
     "open it, remove the password (File > Info > Protect), save it"),
    ("WordDocument", "an old Word 97-2003 document (.doc)", "save it as .docx, PDF or plain text"),
    ("PowerPoint Document", "an old PowerPoint file (.ppt)", "save its text as .docx, PDF or plain text"),
    ("Workbook", "an old Excel 97-2003 (.xls) workbook", "save it as .xlsx or CSV"),
    ("Book", "an old Excel 5.0 (.xls) workbook", "save it as .xlsx or CSV"),
)  # fmt: skip
COMPOUND_MAGIC = b"\xd0\xcf\x11\xe0"


def compound_kind(data: bytes) -> tuple[str, str] | None:
    """(what, what to do) for an OLE compound file (old Office, or encrypted new Office)."""
    if not data.startswith(COMPOUND_MAGIC):
        return None
    for stream, what, advice in _COMPOUND_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return what, advice
    return "an old Office 97-2003 file (.xls, .doc or .ppt)", "save it as .xlsx, .docx, CSV or plain text"


_STRAY = re.compile("[\udc80-\udcff]")


def _byte_as_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def sniff_encoding(data: bytes) -> str | None:
    """The encoding a BOM or a UTF-16 byte pattern announces, else ``None``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) >= 4:
        # UTF-16 without BOM: every other byte is NUL for ASCII-range text.
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """A description of ``data`` if it looks like a binary file, else ``None``."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if sniff_encoding(data):
        return None
    head = data[:8192]
    if not head:
        return None
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    if b"\x00" in head or controls > 0.01 * len(head):
        return "binary data"
    return None


# Legacy code pages of non-Latin scripts, tried in this order when the bytes are neither
# UTF-8 nor plausible Windows-1252 (stricter multi-byte ones first: gb18030 decodes nearly
# anything); each must give letters of its own script.
_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "arabic": ((0x0600, 0x06FF), (0xFB50, 0xFEFF)),
    "cyrillic": ((0x0400, 0x04FF),),
    "greek": ((0x0370, 0x03FF),),
    "hebrew": ((0x0590, 0x05FF),),
    "hangul": ((0xAC00, 0xD7AF), (0x3130, 0x318F)),
    # Full-width forms, not half-width katakana (what Shift-JIS makes of single high bytes).
    "cjk": ((0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xFF00, 0xFF60)),
}
LEGACY_ENCODINGS: tuple[tuple[str, str, str], ...] = (
    ("shift_jis", "cjk", "Shift-JIS (Japanese)"),
    ("euc-kr", "hangul", "EUC-KR (Korean)"),
    ("gb18030", "gb2312", "GB18030 (Chinese)"),
    ("big5", "cjk", "Big5 (Chinese)"),
    ("cp1256", "arabic", "Windows-1256 (Arabic)"),
    ("cp1255", "hebrew", "Windows-1255 (Hebrew)"),
    ("cp1253", "greek", "Windows-1253 (Greek)"),
    ("cp1251", "cyrillic", "Windows-1251 (Cyrillic)"),
    ("koi8-r", "cyrillic", "KOI8-R (Russian)"),
)
ENCODING_NAMES = {enc: name for enc, _, name in LEGACY_ENCODINGS} | {"cp1252": "Windows-1252"}
# Typographic marks that any of these code pages may hold beside its letters.
_MARKS = frozenset(
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u00ab\u00bb\u00a0\u00b0\u20ac\u2022\u00b7"
)
# Three or more non-ASCII characters in a row: Western text has few, another script read
# as Windows-1252 is nothing else ('Ïîëèöèÿ' for Russian).
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]{3,}")
SAMPLE_BYTES = 64 * 1024
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _in_script(char: str, script: str) -> bool:
    if script == "gb2312":
        # GB text is simplified Chinese in GB2312; Big5 bytes read as GBK are not.
        if not _in_script(char, "cjk"):
            return False
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _SCRIPTS[script])


def legacy_encoding(data: bytes) -> str:
    """The code page of non-UTF-8 ``data``: Windows-1252 unless another script reads clearly.

    Judged from the first 64 KiB: Windows-1252 when its non-ASCII characters stand alone
    (accents in Latin words); else the first of :data:`LEGACY_ENCODINGS` that decodes them
    and gives 95% letters of its own script.
    """
    head = data[:SAMPLE_BYTES]
    escaped = head.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY.findall(escaped))
    if len(_NON_ASCII.findall(escaped)) - stray >= stray:
        # Mostly real UTF-8 with a few stray bytes (a file pasted together from two
        # encodings): its 3-byte quotes and dashes look like runs, but it is no code page.
        return "cp1252"
    latin = head.decode("cp1252", errors="replace")
    non_ascii = sum(1 for c in latin if ord(c) > 127)
    if non_ascii < 8 or sum(map(len, _NON_ASCII_RUN.findall(latin))) <= non_ascii // 2:
        return "cp1252"
    for encoding, script, _ in LEGACY_ENCODINGS:
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as err:
            if err.start < len(head) - 4:  # not just a character cut at the sample's end
                continue
            text = head[: err.start].decode(encoding)
        letters = [c for c in text if ord(c) > 127 and c not in _MARKS]
        own = [c for c in letters if _in_script(c, script)]
        if letters and len(own) >= 0.95 * len(letters) and _plausible(own, script):
            return encoding
    return "cp1252"


def _plausible(letters: list[str], script: str) -> bool:
    """Letter statistics of real text, where code pages alone cannot tell.

    Every high byte is a letter in Windows-1256 and in the Cyrillic pages: Arabic text has
    alef and lam among its commonest letters; Russian and Greek text is mostly lower case (KOI8-R
    read as Windows-1251 is mostly upper case, and the other way round); Hebrew text is
    letters, rarely vowel points.
    """
    if script == "arabic":
        return sum(c in "\u0627\u0644" for c in letters) >= 0.12 * len(letters)
    if script in ("cyrillic", "greek"):
        return sum(c.islower() for c in letters) >= 0.5 * len(letters)
    if script == "hebrew":  # letters, not a run of vowel points (what KOI8-R reads as)
        return sum("\u05d0" <= c <= "\u05ea" for c in letters) >= 0.7 * len(letters)
    return True


def decode_text(data: bytes, *, source: str) -> str:
    """Decode ``data`` as text: BOM/UTF-16 detection, then UTF-8, then cp1252.

    Raises :class:`DecodeError` for binary input. Line endings are kept as they are
    (offsets stay true to the decoded text).
    """
    kind = binary_kind(data)
    if kind:
        raise DecodeError(
            f"this is {kind}, not text; save it as plain text (.txt), HTML or CSV and load that",
            source=source,
        )
    encoding = sniff_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as err:
            raise DecodeError(
                f"the file announces {encoding} but byte {err.start} is not valid {encoding}",
                source=source,
            ) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy = legacy_encoding(data)
    if legacy != "cp1252":
        # Arabic, Cyrillic, Chinese... in their old code page: read as Windows-1252 every
        # name became mojibake ('ÍÑßÉ' for an Arabic word) without a word said.
        try:
            return data.decode(legacy)
        except UnicodeDecodeError:
            pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    if any(ord(c) > 127 and not 0xDC80 <= ord(c) <= 0xDCFF for c in escaped):
        # Real UTF-8 sequences next to stray single bytes: a file pasted together
        # from two encodings. Keep the UTF-8 and read each stray byte as cp1252.
        return _STRAY.sub(lambda m: _byte_as_cp1252(ord(m.group()) - 0xDC00), escaped)
    # cp1252 leaves five bytes undefined; fall back to latin-1 for those, which maps
    # every byte, so mixed encodings decode instead of failing.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
