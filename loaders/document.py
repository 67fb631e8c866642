"""PDF and Word (.docx) reports: their text extracted, then read like a pasted article.

PDF text comes from ``pypdf`` page by page; hard-wrapped lines are joined back into
paragraphs and words split at a line end are re-joined, so the sentence splitter sees
prose. DOCX text comes from ``word/document.xml`` (stdlib zip + expat, no new
dependency). The extracted text goes through :func:`loaders.text.extract`, so events'
``char_start``/``evidence`` refer to ``meta["text"]``, the extracted text itself.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
import struct
import threading
import warnings
import zipfile
import zlib
from collections.abc import Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any
from xml.parsers import expat

from events.errors import BadValueError, DecodeError, EmptyInputError, FileTooLargeError, UnknownFormatError
from loaders.registry import LoadOptions, LoadResult

NAME = "document"
DESCRIPTION = "PDF and Word (.docx) reports: the text is extracted and read like a news article"

MAX_PAGES = 2_000
# What pypdf lets through on malformed files besides its own errors (found by
# bench/fuzz_document.py): unknown filters, bad numbers, broken object tables. Only the
# parse of the PDF is guarded with these; they mean "damaged", never our bug.
_PDF_PARSER_LEAKS: tuple[type[BaseException], ...] = (
    NotImplementedError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    RecursionError,
    struct.error,
    zlib.error,
)
# The same for zipfile on a damaged .docx (a negative seek, a short read, an unknown version).
_ZIP_LEAKS: tuple[type[BaseException], ...] = (
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    struct.error,
    NotImplementedError,
)
"""Most PDF pages read: a longer file is a book or a hostile file, not one report."""
MAX_DOCX_XML = 64 * 1024 * 1024
"""Largest unzipped word/document.xml (64 MiB): a small .docx can expand to gigabytes."""
MAX_ZIP_RATIO = 200
"""Largest unzipped/zipped ratio of document.xml once it is over 1 MiB (real files: 5-30)."""
MARGIN_LINES = 2
"""Lines at the top and at the bottom of a PDF page that may be a running header or footer."""
MAX_WARNINGS = 5
"""PDF reader complaints kept as warnings; one damaged file can log hundreds."""
PDF_NOTE = "Text extracted from PDF ({pages} page{s}): layout, tables and images are read as plain text."
DOCX_NOTE = "Text extracted from a Word document ({paragraphs} paragraphs): tables are read as plain text."

# Words split at a line end whose first part is one of these keep their hyphen
# ("pro-\ngovernment" -> "pro-government") unless the document spells the word whole.
_HYPHEN_PREFIXES = frozenset(
    [
        *("al", "el", "ex", "co", "pro", "anti", "non", "self", "so", "post", "pre", "counter", "cross"),
        *("semi", "multi", "inter", "intra", "ultra", "well", "half", "mid", "quasi", "vice", "pan", "neo"),
    ]
)
# A short line like this after a long headline is its own line, not the headline's end.
_STANDALONE = re.compile(
    r"^(?:published|updated|posted|last updated|by|date|dated|filed)\b|\b(?:1[89]|20)\d\d\b", re.IGNORECASE
)
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SENTENCE_END = re.compile(r"""[.!?]["'\u2019\u201d)\]]*$""")
# A line ending in one of these (or in an initial, "J.") has not ended its sentence.
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Adm|Brig|Gov|Sen|Rep|Pres|Amb|Rev|"
    r"St|Jr|Sr|No|Nos|Art|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z]|"
    r"(?:[A-Za-z]\.)+[A-Za-z])\.$"
)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013(\[]?\s*#\s*[-\u2013)\]]?(?:\s*(?:/|of)\s*#)?$")
_LINE_SPLIT = re.compile(r"(?<![^\W\d_])[^\W\d_]+[-\u00ad][ \t]*(?:\r?\n)[ \t]*[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"


class EncryptedDocumentError(DecodeError):
    """The PDF is password-protected (or its encryption needs a missing library)."""


class DamagedDocumentError(DecodeError):
    """The PDF or .docx is truncated or corrupt."""


class NoTextLayerError(EmptyInputError):
    """The document holds no text: a scanned PDF (images only) or an empty .docx."""


@dataclass(frozen=True)
class Extracted:
    """Text of one document and what the UI report shows about it."""

    text: str
    kind: str
    """"pdf" or "docx"."""
    pages: int = 0
    page_starts: tuple[int, ...] = ()
    """Offset in ``text`` where each PDF page starts (the UI can name an event's page)."""
    empty_pages: tuple[int, ...] = ()
    """1-based numbers of PDF pages without any text (scanned images)."""
    paragraphs: int = 0
    created: str = ""
    """The PDF's own creation date (ISO day) if it states one: a hint, never used as a date."""
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- sniffing


def is_pdf(head: bytes) -> bool:
    """True for bytes that open like a PDF (some writers put junk before the magic)."""
    return b"%PDF-" in head[:1024]


def is_docx(head: bytes, filename: str = "") -> bool:
    """True for a zip that is a Word document: a .docx name, or word/ parts in the head."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    return filename.lower().endswith((".docx", ".docm")) or b"word/document.xml" in head[:65536]


def sniff(head: bytes, filename: str) -> float:
    """High for PDF magic and for a zip that is a Word document; 0 otherwise."""
    if is_pdf(head):
        return 0.95
    if is_docx(head, filename):
        return 0.95
    return 0.0


# --------------------------------------------------------------------------- text reflow


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and not _ABBREVIATION.search(line)


@dataclass(frozen=True)
class _Either:
    """Membership in either of two word sets."""

    first: Container[str]
    second: Container[str]

    def __contains__(self, word: object) -> bool:
        return word in self.first or word in self.second


def _vocabulary(text: str) -> set[str]:
    """Lower-case words the text spells whole (halves of words split at a line end left out)."""
    return set(_WORD.findall(_LINE_SPLIT.sub(" ", text).lower()))


def _join_hyphenated(
    left: str, right: str, vocabulary: set[str], lexicon: Container[str] = frozenset()
) -> str:
    """How ``left-`` at a line end and ``right`` at the next line's start read as one word.

    The document's own spelling decides first, then a prefix ("pro-", "al-") or a capital
    keeps the hyphen, then ``lexicon`` (known words, e.g. spaCy's string store) mends
    "demon-strations"; two words of the document either side ("year-end") stay a compound.
    """
    head = _WORD.findall(left[-80:])
    tail = _WORD.match(right)
    first = head[-1] if head else ""
    second = tail.group() if tail else ""
    whole = (first + second).lower()
    hyphenated = f"{first}-{second}".lower()
    if hyphenated in vocabulary and whole not in vocabulary:
        return f"{left}{right}"
    if whole in vocabulary:
        return f"{left[:-1]}{right}"
    last = first.lower().split("-")[-1]
    if last in _HYPHEN_PREFIXES or second[:1].isupper():
        return f"{left}{right}"
    if whole in lexicon or first + second in lexicon:
        return f"{left[:-1]}{right}"
    known = vocabulary if len(second) < 4 else _Either(vocabulary, lexicon)
    if len(last) > 1 and len(second) > 2 and last in known and second.lower() in known:
        # Both halves are words of this document ("year-end", "highest-quality"): a compound.
        return f"{left}{right}"
    return f"{left[:-1]}{right}"


def _width(lines: list[str]) -> int:
    """The page's typical full-line length (0 for a blank page); short pages count as 30."""
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if not lengths:
        return 0
    return max(lengths[int(0.9 * (len(lengths) - 1))], 30)


def _runs_on(page: str) -> bool:
    """True when the page's last line is a full line cut mid-sentence (it goes on overleaf)."""
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    if not lines:
        return False
    last = lines[-1]
    return (
        len(last) >= 0.7 * _width(lines) and bool(re.search(r"[\w,;\-]$", last)) and not _ends_sentence(last)
    )


def reflow(
    page_text: str, *, vocabulary: set[str] | None = None, lexicon: Container[str] = frozenset()
) -> str:
    """Join hard-wrapped lines of one page into paragraphs and mend words split at line ends.

    A line that fills most of the page's width continues on the next line (even after a
    full stop: a paragraph seldom ends on a full line, and joining keeps "Mr. Erdogan"
    whole); a short line ends its paragraph (blank line), as does a full line followed
    by a dated line such as "Published: 2 June 2023". ``vocabulary`` (lower-case words
    of the whole document) and ``lexicon`` (known words) decide whether a word split at a
    line end keeps its hyphen ("pro-\\ngovernment") or not ("demon-\\nstrations").
    """
    text = _CONTROL.sub("", page_text.translate(_LIGATURES)).replace("\r\n", "\n").replace("\r", "\n")
    # A soft hyphen only marks where a word may break: at a line end it joins the halves.
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text).replace("\u00ad", "")
    lines = [ln.strip() for ln in text.replace("\f", "\n").split("\n")]
    vocab = vocabulary if vocabulary is not None else _vocabulary(text)
    width = _width(lines)
    if not width:
        return ""
    out: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                out.append(current)
                current = ""
            continue
        current = f"{current}{line}" if current else line
        following = next((ln for ln in lines[i + 1 : i + 2] if ln), "")
        if not following:
            continue
        long = len(line) >= 0.7 * width
        split_word = current.endswith("-") and len(current) > 1 and current[-2].isalpha()
        if split_word and following[:1].isalpha() and (long or following[:1].islower()):
            current = _join_hyphenated(current, following, vocab, lexicon)[: -len(following)]
            continue
        heading_next = len(following) < 0.7 * width and not _ends_sentence(following)
        if long and heading_next and _STANDALONE.search(following):
            out.append(current)
            current = ""
        elif long or (following[:1].islower() and not _ends_sentence(line)):
            # A short line before a lower-case one is a wrap too (a long word moved down).
            current += " "
        else:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n\n".join(out)


def _margin_key(line: str) -> str:
    """A header/footer line with its numbers blanked: "Page 2 of 9" and "Page 3 of 9" match."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pages: list[str]) -> set[str]:
    """Keys of lines that open or close most pages: running headers, footers, page numbers.

    Only the first and last ``MARGIN_LINES`` non-blank lines of a page are candidates; a
    line counts when it is there on at least half of the pages (and on two or more), or
    when it is nothing but a page number ("7", "Page 7", "- 7 -", "7 / 12").
    """
    seen: dict[str, int] = {}
    for page in pages:
        lines = [ln for ln in page.splitlines() if ln.strip()]
        margin = lines[:MARGIN_LINES] + lines[-MARGIN_LINES:] if len(lines) > 2 * MARGIN_LINES else lines
        for key in {_margin_key(ln) for ln in margin}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if (n >= needed and len(pages) >= 2) or _PAGE_NUMBER.match(key)}


def _strip_margins(page: str, keys: set[str], *, first: bool = False) -> tuple[str, list[str]]:
    """The page without its running lines (only at its top or bottom) and what was removed.

    On the first page the top lines stay unless they are a page number: a report's title
    often opens page 1 and then runs as the header of the others.
    """
    lines = page.splitlines()
    removed: list[str] = []
    top_keys = {k for k in keys if _PAGE_NUMBER.match(k)} if first else keys
    for order, wanted in ((range(len(lines)), top_keys), (range(len(lines) - 1, -1, -1), keys)):
        checked = 0
        for i in order:
            if not lines[i].strip():
                continue
            if checked >= MARGIN_LINES:
                break
            checked += 1
            if _margin_key(lines[i]) in wanted:
                removed.append(lines[i].strip())
                lines[i] = ""
    return "\n".join(lines), removed


def join_pages(
    pages: list[str], *, lexicon: Container[str] = frozenset()
) -> tuple[str, tuple[int, ...], tuple[str, ...]]:
    """Reflowed pages joined by a blank line, or by a space where a sentence runs on overleaf.

    Returns the text, the offset where each page starts, and the running headers/footers
    and page numbers that were left out.
    """
    keys = running_lines(pages)
    stripped = [_strip_margins(page, keys, first=i == 0) for i, page in enumerate(pages)]
    vocabulary = _vocabulary("\n".join(s for s, _ in stripped).translate(_LIGATURES))
    starts: list[int] = []
    removed: list[str] = []
    text = ""
    runs_on = False
    for page, cut in stripped:
        removed.extend(cut)
        body = reflow(page, vocabulary=vocabulary, lexicon=lexicon)
        if not body:
            starts.append(len(text))
            continue
        if not text:
            pass
        elif runs_on and body[:1].isalnum():
            # A sentence cut by the page break goes on: join it (mending a split word).
            if text.endswith("-") and text[-2:-1].isalpha() and body[:1].islower():
                head = _join_hyphenated(text, body, vocabulary, lexicon)
                text, body = head[: len(head) - len(body)], body
            else:
                text += " "
        else:
            text += "\n\n"
        starts.append(len(text))
        text += body
        runs_on = _runs_on(page)
    return text, tuple(starts), tuple(removed)


# --------------------------------------------------------------------------- PDF


def _lexicon() -> Container[str]:
    """Known words: the spaCy pipeline's string store (the text loader loads it anyway)."""
    from loaders.text.nlp import pipeline

    return pipeline().nlp.vocab.strings


class _Collect(logging.Handler):
    """Keeps what pypdf logs in this thread (it logs damage instead of raising)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _pdf_complaints() -> Iterator[list[str]]:
    """Collect pypdf's logged and warned complaints instead of printing or raising them."""
    handler = _Collect()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        # pypdf warns (PdfReadWarning) on odd but readable files; under pytest's
        # filterwarnings=error that would abort a readable file, so record them.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
        handler.messages.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)


def _pdf_date(value: object) -> str:
    """ISO day of a PDF date string ("D:20230314093000+01'00'"), or "" if it is not one."""
    match = re.match(r"(?:D:)?((?:1[6-9]|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])", str(value or ""))
    return "-".join(match.groups()) if match else ""


def extract_pdf(data: bytes, *, source: str, max_chars: int) -> Extracted:
    """Text of a PDF, page by page; clear errors for encrypted, damaged, scanned or huge files."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    pages: list[str] = []
    total = 0
    with _pdf_complaints() as complaints:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Many PDFs are encrypted with an empty user password (copy/print limits
                # only): those open without asking anyone for a password.
                try:
                    opened = reader.decrypt("")
                except DependencyError as err:
                    raise EncryptedDocumentError(
                        "the PDF is encrypted with a method this installation cannot open "
                        f"({err}); save an unencrypted copy and load that",
                        source=source,
                    ) from err
                if not opened:
                    raise EncryptedDocumentError(
                        "the PDF is password-protected; open it, save a copy without a password "
                        "(or print it to PDF) and load that",
                        source=source,
                    )
            created = _pdf_date(reader.metadata.get("/CreationDate") if reader.metadata else None)
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise FileTooLargeError(
                    f"the PDF has {count:,} pages; at most {MAX_PAGES:,} are read. "
                    "Split it into separate reports",
                    source=source,
                )
            for number, page in enumerate(reader.pages, start=1):
                text = page.extract_text() or ""
                total += len(text)
                if total > max_chars:
                    raise FileTooLargeError(
                        f"the PDF's text passes {max_chars:,} characters at page {number} of {count}; "
                        f"one report may have at most {max_chars:,} characters. Split it into "
                        "separate reports",
                        source=source,
                    )
                pages.append(text)
        except FileNotDecryptedError as err:
            raise EncryptedDocumentError(
                "the PDF is password-protected; save a copy without a password and load that",
                source=source,
            ) from err
        except DependencyError as err:
            raise EncryptedDocumentError(
                f"the PDF needs a library this installation lacks ({err})", source=source
            ) from err
        except (PyPdfError, *_PDF_PARSER_LEAKS) as err:
            raise DamagedDocumentError(
                f"this PDF document is damaged or truncated and cannot be read ({err}); "
                "re-download it or print it to a new PDF",
                source=source,
            ) from err
    if not pages:
        raise NoTextLayerError("the PDF has no pages", source=source)
    empty = tuple(i for i, text in enumerate(pages, start=1) if not text.strip())
    if len(empty) == len(pages):
        raise NoTextLayerError(
            f"the PDF has {len(pages)} page{'s' if len(pages) != 1 else ''} but no text layer "
            "(scanned images); run OCR first (for example ocrmypdf) and load the result",
            source=source,
        )
    text, starts, removed = join_pages(pages, lexicon=_lexicon())
    notes = [PDF_NOTE.format(pages=len(pages), s="s" if len(pages) != 1 else "")]
    if removed:
        kinds = list({_margin_key(line): line for line in reversed(removed)}.values())[::-1]
        shown = "; ".join(repr(line) for line in kinds[:3]) + ("; ..." if len(kinds) > 3 else "")
        notes.append(
            f"{len(removed)} running header, footer or page-number line{'s' if len(removed) != 1 else ''} "
            f"left out, such as {shown}."
        )
    if empty:
        notes.append(
            f"Page{'s' if len(empty) != 1 else ''} {', '.join(map(str, empty))} of {len(pages)} "
            "hold no text (scanned images?) and were not read; run OCR to read them."
        )
    complaints = list(dict.fromkeys(complaints))
    notes.extend(f"PDF reader: {m}" for m in complaints[:MAX_WARNINGS])
    if len(complaints) > MAX_WARNINGS:
        notes.append(f"PDF reader: {len(complaints) - MAX_WARNINGS} more complaints not shown.")
    return Extracted(
        text=text,
        kind="pdf",
        pages=len(pages),
        page_starts=starts,
        empty_pages=empty,
        created=created,
        warnings=tuple(notes),
    )


# --------------------------------------------------------------------------- DOCX


def _document_xml(data: bytes, *, source: str) -> bytes:
    """The bytes of word/document.xml, refusing zip bombs, encryption and damage."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                info = zf.getinfo("word/document.xml")
            except KeyError:
                raise UnknownFormatError(
                    "this zip file is not a Word document (it has no word/document.xml); "
                    "save the report as .docx or PDF",
                    source=source,
                ) from None
            if info.flag_bits & 0x1:
                raise EncryptedDocumentError(
                    "the Word document is password-protected; save a copy without a password",
                    source=source,
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise DamagedDocumentError(
                    f"word/document.xml uses zip compression method {info.compress_type}, "
                    "which Word never writes",
                    source=source,
                )
            size, packed = info.file_size, max(info.compress_size, 1)
            if size > MAX_DOCX_XML:
                raise FileTooLargeError(
                    f"the Word document's text part unzips to {size / 2**20:,.0f} MB; "
                    f"the limit is {MAX_DOCX_XML / 2**20:,.0f} MB",
                    source=source,
                )
            if size > 2**20 and size / packed > MAX_ZIP_RATIO:
                raise FileTooLargeError(
                    f"the Word document's text part unzips {size / packed:,.0f} times larger than "
                    f"it is stored (limit {MAX_ZIP_RATIO}): a zip bomb, refused",
                    source=source,
                )
            with zf.open(info) as part:
                # The declared size bounds what zipfile returns; read one byte more to be sure.
                body = part.read(MAX_DOCX_XML + 1)
    except (zipfile.BadZipFile, *_ZIP_LEAKS) as err:
        # A damaged central directory surfaces as any of these (a negative seek, a short read).
        raise DamagedDocumentError(
            f"the Word document is damaged or truncated ({err}); open and re-save it", source=source
        ) from err
    if len(body) > MAX_DOCX_XML:
        raise FileTooLargeError(
            f"the Word document's text part is over {MAX_DOCX_XML / 2**20:,.0f} MB", source=source
        )
    return body


class _DocxText:
    """Expat handlers that collect paragraph text from WordprocessingML."""

    def __init__(self, *, source: str, max_chars: int) -> None:
        self.source = source
        self.max_chars = max_chars
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.in_text = 0
        self.in_run = 0
        self.fallback = 0
        self.size = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _MC_FALLBACK:
            # Word writes a text box twice (mc:Choice and an older mc:Fallback): read one.
            self.fallback += 1
        if self.fallback or not name.startswith(_W):
            return
        tag = name[len(_W) + 1 :]
        if tag == "r":
            self.in_run += 1
        elif not self.in_run:
            return  # w:tab and w:br outside a run are tab stops and layout, not text
        elif tag == "t":
            self.in_text += 1
        elif tag == "tab":
            self.current.append("\t")
        elif tag in ("br", "cr"):
            self.current.append("\n")
        elif tag == "noBreakHyphen":
            self.current.append("-")

    def end(self, name: str) -> None:
        if name == _MC_FALLBACK:
            self.fallback -= 1
        if self.fallback or not name.startswith(_W):
            return
        tag = name[len(_W) + 1 :]
        if tag == "t":
            self.in_text -= 1
        elif tag == "r":
            self.in_run -= 1
        elif tag == "p":
            self.paragraphs.append("".join(self.current).strip())
            self.current = []

    def chars(self, data: str) -> None:
        if self.in_text and not self.fallback:
            self.size += len(data)
            if self.size > self.max_chars:
                raise FileTooLargeError(
                    f"the Word document's text has more than {self.max_chars:,} characters; "
                    f"one report may have at most {self.max_chars:,}. Split it into separate reports",
                    source=self.source,
                )
            self.current.append(data)

    def refuse_dtd(self, *args: Any) -> None:
        # Word never writes a DTD; one in document.xml is an entity-expansion or
        # external-entity trick, refused before anything is expanded.
        raise BadValueError(
            "word/document.xml declares a DTD or entities, which Word never writes; refused",
            source=self.source,
        )


def extract_docx(data: bytes, *, source: str, max_chars: int) -> Extracted:
    """Paragraph text of a .docx (runs, tabs, breaks), paragraphs joined by blank lines."""
    body = _document_xml(data, source=source)
    handler = _DocxText(source=source, max_chars=max_chars)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.StartDoctypeDeclHandler = handler.refuse_dtd
    parser.EntityDeclHandler = handler.refuse_dtd
    parser.ExternalEntityRefHandler = handler.refuse_dtd
    try:
        parser.Parse(body, True)
    except expat.ExpatError as err:
        raise DamagedDocumentError(
            f"word/document.xml is not well-formed XML ({expat.ErrorString(err.code)} at line "
            f"{err.lineno}); open and re-save the document",
            source=source,
        ) from err
    paragraphs = [p for p in handler.paragraphs if p]
    if not paragraphs:
        raise NoTextLayerError("the Word document has no text", source=source)
    return Extracted(
        text="\n\n".join(paragraphs),
        kind="docx",
        paragraphs=len(paragraphs),
        warnings=(DOCX_NOTE.format(paragraphs=len(paragraphs)),),
    )


# --------------------------------------------------------------------------- loader


def extract_document(data: bytes, *, source: str, max_chars: int | None = None) -> Extracted:
    """The text of a PDF or .docx (chosen by its bytes, then its name)."""
    from loaders.text import MAX_CHARS

    limit = MAX_CHARS if max_chars is None else max_chars
    if is_pdf(data[:1024]):
        return extract_pdf(data, source=source, max_chars=limit)
    if data.startswith(b"PK\x03\x04"):
        return extract_docx(data, source=source, max_chars=limit)
    raise UnknownFormatError("this is neither a PDF nor a Word (.docx) document", source=source)


def page_of(offset: int, page_starts: list[int] | tuple[int, ...]) -> int | None:
    """1-based PDF page holding character ``offset`` of the extracted text (None without pages).

    ``page_starts`` is ``result.meta["document"]["page_starts"]``; use it to say where in
    the PDF an event's evidence (``char_start``) is.
    """
    if not page_starts or offset < 0:
        return None
    return bisect.bisect_right(page_starts, offset) or None


def load(data: bytes, *, source: str, options: LoadOptions) -> LoadResult:
    """Extract the document's text and read it like an article (see :mod:`loaders.text`)."""
    from loaders.text import extract

    doc = extract_document(data, source=source)
    result = extract(doc.text, source=source, published=options.published, mode=options.text_mode)
    meta = dict(result.meta)
    meta["document"] = {
        "kind": doc.kind,
        "pages": doc.pages,
        "page_starts": list(doc.page_starts),
        "empty_pages": list(doc.empty_pages),
        "paragraphs": doc.paragraphs,
        "created": doc.created,
        "chars": len(doc.text),
    }
    table = result.table
    if doc.kind == "pdf" and doc.pages > 1 and len(table):
        table = _with_pages(table, doc.page_starts)
    notes = list(doc.warnings)
    if result.meta.get("published") is None and doc.created:
        notes.append(
            f"The PDF file says it was created on {doc.created}. If that is the report's date, set "
            "it as the publication date to place the relative dates."
        )
    return replace(
        result,
        table=table,
        loader=NAME,
        warnings=tuple(dict.fromkeys([*notes, *result.warnings])),
        meta=meta,
    )


def _with_pages(table: Any, page_starts: tuple[int, ...] | list[int]) -> Any:
    """Each event's notes start with the PDF page its evidence is on ("p. 3"), for citing."""
    from events.schema import validate

    pages = [page_of(int(c), page_starts) if c == c and c is not None else None for c in table["char_start"]]
    notes = [
        (f"p. {p}" + (f"; {n}" if n else "")) if p else n
        for p, n in zip(pages, table["notes"].tolist(), strict=True)
    ]
    return validate(table.assign(notes=notes))


__all__ = [
    "DESCRIPTION",
    "NAME",
    "DamagedDocumentError",
    "EncryptedDocumentError",
    "Extracted",
    "NoTextLayerError",
    "extract_document",
    "extract_docx",
    "extract_pdf",
    "is_docx",
    "is_pdf",
    "join_pages",
    "load",
    "page_of",
    "reflow",
    "sniff",
]
