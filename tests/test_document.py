"""PDF and .docx reports: sniffing, extracted text, same events as the text, hostile files."""

from __future__ import annotations

import contextlib
import io
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from events.errors import (
    BadValueError,
    DecodeError,
    EmptyInputError,
    FileTooLargeError,
    TimelineError,
    UnknownFormatError,
)
from loaders import document
from loaders.document import (
    DamagedDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    extract_document,
    page_of,
    reflow,
)
from loaders.registry import LoadOptions, load, sniff

DOCS = Path(__file__).resolve().parent / "fixtures" / "document"
SRC = DOCS / "src"
COLUMNS = ["title", "start", "end", "precision", "timex", "approximate", "status"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _pdf(name: str) -> bytes:
    return (DOCS / name).read_bytes()


def _document_xml(paragraphs: list[str], *, prolog: str = "") -> bytes:
    """WordprocessingML for paragraphs; each split into two runs to exercise run joining."""
    body = []
    for para in paragraphs:
        half = len(para) // 2
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
            for part in (para[:half], para[half:])
        )
        body.append(f"<w:p>{runs}</w:p>")
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}</w:body></w:document>'
    ).encode()


def _docx(xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .docx: content types, package relationships and the main document part."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def _paragraphs(name: str) -> list[str]:
    return [p.strip() for p in (SRC / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _encrypted(password: str, algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("report1.pdf"))))
    # RC4 needs no optional crypto library; AES needs `cryptography` (pinned in requirements).
    writer.encrypt(user_password=password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "r.pdf", 0.95),
        (b"%PDF-1.4\n", "renamed.txt", 0.95),
        (b"\r\n%PDF-1.4\n", "", 0.95),  # junk before the magic, as some writers leave
        (b"PK\x03\x04rest-of-zip", "report.docx", 0.95),
        (b"PK\x03\x04....word/document.xml....", "", 0.95),
        (b"PK\x03\x04....xl/workbook.xml....", "events.xlsx", 0.0),
        (b"PK\x03\x04....", "archive.zip", 0.0),
        (b"KABUL, Nov 5 - Talks began last month.", "a.txt", 0.0),
        (b"date,actor\n2021-01-01,x\n", "a.csv", 0.0),
    ],
)
def test_document_sniff(head: bytes, filename: str, expected: float) -> None:
    assert document.sniff(head, filename) == expected


@pytest.mark.parametrize(
    ("data", "filename", "loader"),
    [
        (_pdf("report1.pdf"), "r.pdf", "document"),
        (_pdf("report1.pdf"), "no-extension", "document"),
        (_docx(_document_xml(["KABUL - Talks began last month."])), "r.docx", "document"),
        (_docx(_document_xml(["KABUL - Talks began last month."])), "upload.bin", "document"),
        ((SRC / "report1.txt").read_bytes(), "report1.txt", "text"),
        (b"event_date,actor1,fatalities\n2021-01-01,x,1\n2021-01-02,y,2\n2021-01-03,z,0\n", "t.csv", "table"),
    ],
)
def test_document_registry_picks_the_right_loader(data: bytes, filename: str, loader: str) -> None:
    assert sniff(data, filename) == loader


def test_document_registry_still_picks_table_for_xlsx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff(buf.getvalue(), "events.xlsx") == "table"


# --------------------------------------------------------------------------- extracted text


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # hard-wrapped lines of one paragraph become one line
        (
            "Police fired tear gas at protesters in central Nairobi on\n"
            "Wednesday as crowds gathered outside parliament, witnesses\n"
            "said.\nShort closing line.",
            "Police fired tear gas at protesters in central Nairobi on Wednesday as crowds gathered "
            "outside parliament, witnesses said.\n\nShort closing line.",
        ),
        # a word split at a line end is mended ...
        (
            "Suspected jihadist fighters attacked the town and its defend-\n"
            "ers withdrew to the barracks outside the town that night.",
            "Suspected jihadist fighters attacked the town and its defenders withdrew to the barracks "
            "outside the town that night.",
        ),
        # ... but a prefix keeps its hyphen, and so does a capitalised second part
        (
            "Witnesses said the clashes began between youths and the pro-\n"
            "government militia near the bus station of the al-\n"
            "Shabaab held district.",
            "Witnesses said the clashes began between youths and the pro-government militia near the "
            "bus station of the al-Shabaab held district.",
        ),
        # the document's own spelling decides: "cease-fire" written whole elsewhere
        (
            "The two sides agreed a cease-fire on Monday; the first cease-\n"
            "fire was broken within hours of being signed by both sides.",
            "The two sides agreed a cease-fire on Monday; the first cease-fire was broken within hours "
            "of being signed by both sides.",
        ),
        # a full line that ends a sentence runs on too: paragraphs rarely end on a full line
        (
            "The army said it launched an operation in the area on Monday.\n"
            "Soldiers arrested four suspects, the army said in a statement.",
            "The army said it launched an operation in the area on Monday. "
            "Soldiers arrested four suspects, the army said in a statement.",
        ),
        # a long headline is not run into the date line below it
        (
            "Ceasefire talks collapse as shelling resumes in the capital city\n"
            "Published: 2 June 2023\n"
            "KHARTOUM, Sudan - Heavy shelling hit several districts on Thursday, and\n"
            "residents fled.",
            "Ceasefire talks collapse as shelling resumes in the capital city\n\nPublished: 2 June 2023\n\n"
            "KHARTOUM, Sudan - Heavy shelling hit several districts on Thursday, and residents fled.",
        ),
        # a title or an initial at a line end does not end the sentence
        (
            "The prime minister's office said the leader, in a call with Mr.\n"
            "Erdogan, agreed to restore ties; envoys will return, said J.\n"
            "Smith, a spokesman for the office, in a statement on Friday.",
            "The prime minister's office said the leader, in a call with Mr. Erdogan, agreed to restore "
            "ties; envoys will return, said J. Smith, a spokesman for the office, in a statement on Friday.",
        ),
        # a line ending in a full stop continues when the next starts in lower case
        (
            "Talks were held at the ministry building with representatives of the U.N.\n"
            "and the regional bloc attending as observers for the first time.",
            "Talks were held at the ministry building with representatives of the U.N. and the regional "
            "bloc attending as observers for the first time.",
        ),
        # a short line before a lower-case one is a wrap, not a paragraph end
        (
            "Officials from both delegations met on Friday at the\n"
            "internationally-recognised\n"
            "government's offices in the port city of Aden.",
            "Officials from both delegations met on Friday at the internationally-recognised "
            "government's offices in the port city of Aden.",
        ),
        # ligatures, soft hyphens and control characters
        (
            "Of\ufb01cials con\ufb01rmed the \ufb02ight of the civilians from the vil\u00ad\n"
            "lage on Friday\x00 night.",
            "Officials confirmed the flight of the civilians from the village on Friday night.",
        ),
        ("", ""),
        ("  \n \n", ""),
    ],
    ids=[
        "wrap",
        "dehyphen",
        "prefix",
        "vocabulary",
        "sentence-line",
        "headline",
        "abbreviation",
        "lowercase-next",
        "short-wrap",
        "ligatures",
        "empty",
        "blank",
    ],
)
def test_document_reflow(page: str, expected: str) -> None:
    assert reflow(page) == expected


@pytest.mark.parametrize(
    ("name", "pages", "contains"),
    [
        ("report1.pdf", 1, ["Suspected jihadist fighters killed nine civilians on Sunday when they stormed"]),
        ("twopage.pdf", 2, ["had been suspended.\n\nResidents of the Omdurman district"]),
        (
            "wrapped.pdf",
            1,
            [
                "on Wednesday as demonstrations against new tax measures",
                "three days of protests this week",
                "pro-government youths and police on Tuesday.",
            ],
        ),
    ],
)
def test_document_pdf_text(name: str, pages: int, contains: list[str]) -> None:
    doc = extract_document(_pdf(name), source=name)
    assert doc.kind == "pdf"
    assert doc.pages == pages
    assert len(doc.page_starts) == pages
    for piece in contains:
        assert piece in doc.text
    assert "-\n" not in doc.text
    assert doc.warnings[0].startswith(f"Text extracted from PDF ({pages} page")


def test_document_pdf_page_starts_point_at_each_page() -> None:
    doc = extract_document(_pdf("twopage.pdf"), source="twopage.pdf")
    assert doc.page_starts[0] == 0
    assert doc.text[doc.page_starts[1] :].startswith("Residents of the Omdurman district")


def test_document_running_headers_and_page_numbers_left_out() -> None:
    doc = extract_document(_pdf("headers.pdf"), source="headers.pdf")
    assert doc.pages == 3
    assert "Page " not in doc.text
    # the header stays once, where it opens page 1 (a title often runs as the header)
    assert doc.text.count("SAHEL WIRE") == 1
    assert doc.text.startswith("SAHEL WIRE | Mali situation report No. 14\n\nMali situation report:")
    assert "since August.\n\nThe United Nations mission" in doc.text
    assert any("5 running header, footer or page-number lines left out" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (
            ["Report No. 3\nBody one.\nPage 1 of 2", "Report No. 3\nBody two.\nPage 2 of 2"],
            {"report no. #", "page # of #"},
        ),
        (["Body one.\n- 1 -", "Body two.\n- 2 -", "Body three.\n- 3 -"], {"- # -"}),
        (["Only page.\n7"], {"#"}),
        # a line repeated in the middle of pages is text, not a header
        (["A\nB\nThe truce held.\nC\nD", "E\nF\nThe truce held.\nG\nH"], set()),
        # a header on one page of three is not running
        (["Header\nOne.", "Two.\nx", "Three.\ny"], set()),
    ],
)
def test_document_running_lines(pages: list[str], expected: set[str]) -> None:
    assert document.running_lines(pages) == expected


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # a page break ends a sentence: blank line between pages
        (
            ["Fighters were seen near the town of Kidal on Monday.", "The army sent troops."],
            "Fighters were seen near the town of Kidal on Monday.\n\nThe army sent troops.",
        ),
        # a full last line cut mid-sentence goes on overleaf
        (
            [
                "Officials said that fighters were seen near the town of\n"
                "Kidal, and that the army had sent reinforcements by",
                "road on Monday.",
            ],
            "Officials said that fighters were seen near the town of Kidal, and that the army had sent "
            "reinforcements by road on Monday.",
        ),
        # ... mending a word split across the break
        (
            [
                "Officials said that fighters were seen near the town of\n"
                "Kidal, and that the army had sent reinforce-",
                "ments by road on Monday.",
            ],
            "Officials said that fighters were seen near the town of Kidal, and that the army had sent "
            "reinforcements by road on Monday.",
        ),
        # a short last line (a heading) does not run on
        (
            ["Fighters were seen near the town of Kidal on Monday.\nSecurity", "The army sent troops."],
            "Fighters were seen near the town of Kidal on Monday. Security\n\nThe army sent troops.",
        ),
        (["", "Only the second page has text.", " "], "Only the second page has text."),
    ],
    ids=["break", "runs-on", "runs-on-hyphen", "heading", "blank-pages"],
)
def test_document_join_pages(pages: list[str], expected: str) -> None:
    text, starts, _ = document.join_pages(pages)
    assert text == expected
    assert len(starts) == len(pages)


def test_document_docx_text() -> None:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        "<w:p><w:r><w:t>Heavy </w:t></w:r><w:r><w:t>shelling</w:t><w:tab/><w:t>hit</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t></w:r>"
        "<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>"
    ).encode()
    doc = extract_document(_docx(xml), source="r.docx")
    assert doc.kind == "docx"
    assert doc.text == "Heavy shelling\thit\n\nLine one\nline two\n\ncell text"
    assert doc.paragraphs == 3


# --------------------------------------------------------------------------- same events as the text


@pytest.mark.parametrize(
    ("make", "text_name"),
    [
        (lambda: _pdf("report1.pdf"), "report1.txt"),
        (lambda: _pdf("twopage.pdf"), "report2.txt"),
        (lambda: _pdf("wrapped.pdf"), "report3.txt"),
        (lambda: _pdf("headers.pdf"), "report4.txt"),
        (lambda: _docx(_document_xml(_paragraphs("report1.txt"))), "report1.txt"),
        (lambda: _docx(_document_xml(_paragraphs("report2.txt"))), "report2.txt"),
    ],
    ids=["pdf", "pdf-two-pages", "pdf-wrapped", "pdf-headers", "docx", "docx-2"],
)
def test_document_gives_the_same_events_as_the_text(make, text_name: str) -> None:
    data = make()
    name = "report.pdf" if data.startswith(b"%PDF") else "report.docx"
    result = load(data, source=name)
    as_text = load((SRC / text_name).read_bytes(), source=text_name)
    assert result.loader == "document"
    assert len(result.table) >= 3
    same = [c for c in COLUMNS if c != "notes"]
    assert result.table[same].equals(as_text.table[same])
    pages = result.meta["document"]["pages"]
    if result.meta["document"]["kind"] == "pdf" and pages > 1:
        # Notes cite the page of the evidence first ("p. 2; ..."), then what the text said.
        starts = result.meta["document"]["page_starts"]
        for row, text_note in zip(result.table.itertuples(), as_text.table["notes"], strict=True):
            page = f"p. {page_of(row.char_start, starts)}"
            assert row.notes == (f"{page}; {text_note}" if text_note else page)
        assert {n.split(";")[0] for n in result.table["notes"]} == {f"p. {i}" for i in range(1, pages + 1)}
    else:
        assert result.table["notes"].equals(as_text.table["notes"])
    assert result.meta["published"] == as_text.meta["published"]
    # offsets are honest: evidence and timex spans point into the extracted text
    text = result.meta["text"]
    for row in result.table.itertuples():
        assert text[row.char_start : row.char_end] == row.evidence
        if row.timex:
            assert text[row.timex_start : row.timex_end] == row.timex
    assert result.meta["document"]["kind"] in ("pdf", "docx")
    assert result.warnings[0].startswith("Text extracted from")


def test_document_user_publication_date_wins() -> None:
    result = load(_pdf("report1.pdf"), source="r.pdf", options=LoadOptions(published=date(2023, 3, 21)))
    sunday = result.table[result.table["timex"] == "Sunday"]
    assert str(sunday["start"].iloc[0].date()) == "2023-03-19"


# --------------------------------------------------------------------------- hostile files


def _bomb() -> bytes:
    # 80 MiB of one repeated byte deflates to ~80 KB: over the size limit and the ratio limit.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(80):
                part.write(chunk)
    return buf.getvalue()


def _ratio_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (8 << 20) + b"</w:document>")
    return buf.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
).encode()
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
).encode()


@pytest.mark.parametrize(
    ("make", "name", "error", "message"),
    [
        (
            lambda: _encrypted("secret"),
            "locked.pdf",
            EncryptedDocumentError,
            "locked.pdf: the PDF is password-protected",
        ),
        (
            lambda: _pdf("report1.pdf")[:4000],
            "cut.pdf",
            DamagedDocumentError,
            "cut.pdf: this PDF document is damaged",
        ),
        (
            lambda: b"%PDF-1.4\n%binary",
            "tiny.pdf",
            DamagedDocumentError,
            "PDF document is damaged or truncated",
        ),
        (
            lambda: _pdf("notext.pdf"),
            "scan.pdf",
            NoTextLayerError,
            "scan.pdf: .*no text layer.*run OCR first",
        ),
        (
            lambda: _docx(_document_xml(["x"]))[:300],
            "cut.docx",
            DamagedDocumentError,
            "cut.docx: the Word document is damaged",
        ),
        (
            lambda: _bomb(),
            "bomb.docx",
            FileTooLargeError,
            r"bomb.docx: .*unzips to 80 MB; the limit is 64 MB",
        ),
        (lambda: _ratio_bomb(), "ratio.docx", FileTooLargeError, "zip bomb"),
        (lambda: _docx(BILLION_LAUGHS), "laughs.docx", BadValueError, "laughs.docx: .*DTD or entities"),
        (lambda: _docx(EXTERNAL_ENTITY), "xxe.docx", BadValueError, "DTD or entities"),
        (lambda: _docx(b"<w:document><w:p>"), "broken.docx", DamagedDocumentError, "not well-formed XML"),
        (
            lambda: _docx(_document_xml([])),
            "empty.docx",
            NoTextLayerError,
            "empty.docx: the Word document has no text",
        ),
        (
            lambda: _docx(_document_xml(["x"]), compression=zipfile.ZIP_BZIP2),
            "bz.docx",
            DamagedDocumentError,
            "method 12",
        ),
    ],
    ids=[
        "encrypted",
        "truncated",
        "header-only",
        "scanned",
        "docx-truncated",
        "zip-bomb",
        "ratio-bomb",
        "billion-laughs",
        "external-entity",
        "bad-xml",
        "empty-docx",
        "bzip2",
    ],
)
def test_document_hostile_files_give_clear_errors(make, name: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        load(make(), source=name)
    assert isinstance(caught.value, TimelineError)


def test_document_zip_without_word_part_is_not_a_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(UnknownFormatError, match=r"no word/document\.xml"):
        load(buf.getvalue(), source="notes.docx", format="document")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_document_empty_user_password_opens_without_asking(algorithm: str) -> None:
    # Agency PDFs are often "restricted" (no copying) with no password to open them.
    result = extract_document(_encrypted("", algorithm), source="restricted.pdf")
    assert "Suspected jihadist fighters killed nine" in result.text


@pytest.mark.parametrize(
    ("make", "name"),
    [(lambda: _pdf("report1.pdf"), "big.pdf"), (lambda: _docx(_document_xml(["word " * 400])), "big.docx")],
)
def test_document_text_limit_names_size_and_limit(make, name: str) -> None:
    with pytest.raises(FileTooLargeError, match=f"{name}: .*(passes|more than) 500 characters.* at most 500"):
        extract_document(make(), source=name, max_chars=500)


def test_document_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "MAX_PAGES", 1)
    with pytest.raises(FileTooLargeError, match="the PDF has 2 pages; at most 1 are read"):
        extract_document(_pdf("twopage.pdf"), source="two.pdf")


def test_document_error_classes_are_user_fixable() -> None:
    assert issubclass(EncryptedDocumentError, DecodeError)
    assert issubclass(DamagedDocumentError, DecodeError)
    assert issubclass(NoTextLayerError, EmptyInputError)


def test_document_fixtures_are_small() -> None:
    for path in DOCS.rglob("*"):
        if path.is_file():
            assert path.stat().st_size < 50_000, path


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "expected"),
    [
        ("as demon-", "strations began", set(), "as demonstrations began"),  # lexicon word
        ("the highest-", "quality issues", set(), "the highest-quality issues"),  # both halves words
        ("the year-", "end net", {"year", "end"}, "the year-end net"),  # both words of the document
        ("the cease-", "fire held", {"cease-fire"}, "the cease-fire held"),  # the document's spelling
        ("its defend-", "ers fled", set(), "its defenders fled"),  # not words: mended
        ("the al-", "Shabaab group", set(), "the al-Shabaab group"),  # a capital keeps it
    ],
)
def test_document_join_hyphenated(left: str, right: str, vocabulary: set[str], expected: str) -> None:
    lexicon = {"demonstrations", "highest", "quality", "defenders"}
    assert document._join_hyphenated(left, right, vocabulary, lexicon) == expected


def test_document_tolerated_pdf_damage_becomes_warnings() -> None:
    # A wrong startxref offset: pypdf repairs it and logs; we keep its words as warnings.
    data = _pdf("report1.pdf").replace(b"startxref", b"startxref\n999999\n%", 1)
    doc = extract_document(data, source="repaired.pdf")
    assert "Suspected jihadist fighters" in doc.text
    assert any(w.startswith("PDF reader: ") for w in doc.warnings)


def test_document_docx_layout_parts_are_not_text() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" xmlns:mc="{mc}"><w:body>'
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>pro</w:t><w:noBreakHyphen/><w:t>government forces</w:t></w:r>"
        "<w:r><mc:AlternateContent><mc:Choice><w:t> advanced</w:t></mc:Choice>"
        "<mc:Fallback><w:t> advanced</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()
    assert extract_document(_docx(xml), source="r.docx").text == "pro-government forces advanced"


def test_document_page_of_names_the_page_of_each_event() -> None:
    result = load(_pdf("twopage.pdf"), source="two.pdf")
    starts = result.meta["document"]["page_starts"]
    pages = {row.timex: document.page_of(row.char_start, starts) for row in result.table.itertuples()}
    assert pages["Thursday"] == 1
    assert pages["Wednesday"] == 2
    assert document.page_of(5, []) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20230314093000+01'00'", "2023-03-14"),
        ("20211105", "2021-11-05"),
        ("D:2023", ""),
        (None, ""),
        ("x", ""),
    ],
)
def test_document_pdf_date(value: object, expected: str) -> None:
    assert document._pdf_date(value) == expected


def test_document_pdf_creation_date_is_offered_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    undated = document.Extracted(
        text="KABUL - Talks between the two sides began last month in Khost, officials said.",
        kind="pdf",
        pages=1,
        created="2021-11-05",
    )
    monkeypatch.setattr(document, "extract_document", lambda data, *, source: undated)
    result = load(b"%PDF-1.7\n", source="undated.pdf")
    assert result.meta["published"] is None
    assert result.meta["document"]["created"] == "2021-11-05"
    assert any("created on 2021-11-05" in w for w in result.warnings)
    assert result.table["start"].isna().all()  # "last month" stays undated: no invented date


def test_document_pdf_with_a_date_in_the_text_gets_no_creation_hint() -> None:
    result = load(_pdf("report1.pdf"), source="r.pdf")
    assert result.meta["document"]["created"]
    assert not any("created on" in w for w in result.warnings)


# --------------------------------------------------------------------------- fuzzed files


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_document_mutated_files_give_our_errors_only(seed: int) -> None:
    # The fuzzer's classes (a negative seek in a damaged zip, an unknown PDF filter, a zip
    # version zipfile does not know) became DamagedDocumentError; a fixed sample stays green.
    import random

    sys.path.append(str(Path(__file__).resolve().parent.parent / "bench"))
    import fuzz_document

    rng = random.Random(seed)
    seeds = fuzz_document.corpus()
    others = [data for _, data in seeds]
    for _ in range(120):
        name, data = rng.choice(seeds)
        with contextlib.suppress(TimelineError):
            load(fuzz_document.mutate(data, rng, others), source=name)
