"""Document cleaning and publication-date detection.

Cleaning never changes the length of the text: page noise (teaser headlines,
"Source link" trailers, share buttons) is blanked with spaces and odd characters
(non-breaking spaces, curly quotes) are replaced one for one. Every character
offset computed on the cleaned text is therefore also an offset into the decoded
document, and ``char_start``/``char_end`` on events point into both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser

import dateparser

# One-for-one replacements: the cleaned text keeps every offset.
_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": " ",
        # Bidirectional controls can make evidence read differently from what it says
        # ("Trojan Source"): blanked, one for one.
        **dict.fromkeys("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", " "),
        "\ufeff": " ",
        "\r": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
    }
)
# Lines that are page furniture wherever they appear.
_NOISE_LINE = re.compile(
    r"^\s*(source\s*link|read\s+more\b.*|also\s+read\b.*|related\s*:.*|share\s+(this|on)\b.*|"
    r"follow\s+us\b.*|click\s+here\b.*|advertisement|subscribe\b.*|sign\s+up\b.*|"
    r"copyright\b.*|\(c\)\s.*|©.*|image\s*:.*|photo\s*:.*|file\s+photo\b.*)\s*$",
    re.IGNORECASE,
)
_BYLINE_START = re.compile(r"^\s*by\s+[A-Z]", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*(,.*)?$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# French, Spanish and Portuguese month names as pasted from those editions ("05 novembre 2023",
# "14 ago 2023", "5 de noviembre de 2023"); the English abbreviations they share are in _MONTH.
_MONTH_ROMANCE = (
    r"(?:janvier|janv|f[ée]vrier|f[ée]vr|mars|avril|avr|mai|juin|juillet|juil|ao[uû]t|septembre|octobre"
    r"|novembre|d[ée]cembre|d[ée]c|enero|ene|febrero|marzo|abril|abr|mayo|junio|julio|agosto|ago"
    r"|septiembre|setiembre|octubre|noviembre|diciembre|dic|janeiro|fevereiro|mar[çc]o|maio|junho|julho"
    r"|setembro|outubro|novembro|dezembro)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WEEKDAY_ROMANCE = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes"
    r"|s[áa]bado|domingo|segunda-feira|ter[çc]a-feira|quarta-feira|quinta-feira|sexta-feira)"
)
_WEEKDAY_ROMANCE_SHORT = r"(?:lun|mar|mer|jeu|ven|sam|dim|mi[ée]|jue|vie|s[áa]b|dom|seg|ter|qua|qui|sex)"
_FULL_DATE = (
    rf"(?:(?:{_WEEKDAY}),?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+|/)\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
# Capitals and lower case with the accented Latin letters place names carry ("CULIACÁN").
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAPS_NAME = rf"[{_UP}][{_UP}.'\-]+(?:\s+[{_UP}][{_UP}.'\-]+){{0,3}}"
# The country or province after the city: "Yemen", "North Kivu", "Democratic Republic of Congo".
_REGION = rf"[{_UP}][{_UP}{_LOW}.]*[{_LOW}A-Z](?:\s+(?:(?:of|the|and)\s+){{0,2}}[{_UP}][{_LOW}]+){{0,4}}"
# "ISLAMABAD:", "ISLAMABAD, Nov 5 (Reuters) -", "KABUL, Afghanistan, March 3, 2022 (AP) —",
# and reports filed from two places at once, "GOMA / KIGALI, May 2 -".
DATELINE = re.compile(
    rf"\s*(?P<city>{_CAPS_NAME}(?:\s*/\s*{_CAPS_NAME})*)"
    rf"(?:,\s*(?P<region>{_REGION}))?"
    rf"(?:,?\s*(?P<date>(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}}|/\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?)))?"
    r",?\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*(?:[:\-\u2013\u2014]|--)\s"
)
# Some sites write the city as a name, not in capitals; then only a full date makes it a
# dateline ("Tripoli, 10 April 2019:"), so a sentence opening "Kabul, the capital" is not one.
DATELINE_TITLED = re.compile(
    rf"\s*(?P<city>[{_UP}][{_LOW}'\-]+(?:\s+[{_UP}][{_LOW}'\-]+){{0,2}})"
    rf"(?:,\s*(?P<region>{_REGION}))?"
    rf",\s*(?P<date>{_FULL_DATE})"
    r",?\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*(?:[:\-\u2013\u2014]|--)\s"
)


# A name and a year-less date are a dateline only with the agency's bracket after them
# ("Pemba, 8 Jun (AIM) -"): "Kabul, 8 June -" could open a list.
DATELINE_TITLED_AGENCY = re.compile(
    rf"\s*(?P<city>[{_UP}][{_LOW}'\-]+(?:\s+[{_UP}][{_LOW}'\-]+){{0,2}})"
    rf"(?:,\s*(?P<region>{_REGION}))?"
    rf",\s*(?P<date>(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}))"
    r",?\s*\((?P<agency>[A-Za-z .]{2,30})\)\s*(?:[:\-\u2013\u2014]|--)\s"
)


def match_dateline(text: str, pos: int = 0) -> re.Match[str] | None:
    """The dateline opening the body at ``pos``: in capitals, or a name with a full date or an agency."""
    for pattern in (DATELINE, DATELINE_TITLED, DATELINE_TITLED_AGENCY):
        found = pattern.match(text, pos)
        if found:
            return found
    return None


# The report's own date in its first paragraph: a full date after a reporting word ("the
# ministry said on Friday, 12 May 2023", "according to a media report on ...", "in a statement
# dated ..."). A date after any other verb is an event's ("a truce signed on 3 March 2021").
# Up to four words may stand between, none a participle ("told reporters in Kabul on").
_REPORT_DATE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|report|statement|stated|confirmed|declared|claimed"
    r"|added|briefing|communiqu[ée])\b(?:\s+(?![\w']+(?:ed|ing)\b)[\w']+){0,4}?\s+on"
    r"|\b(?:dated|published(?:\s+on)?|released(?:\s+on)?|issued\s+on))"
    rf"\s+(?P<date>{_FULL_DATE})",
    re.IGNORECASE,
)
_FULL_DATE_RE = re.compile(_FULL_DATE, re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_WORD = (
    r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_WEEKDAY_PREFIX = re.compile(rf"(?P<wd>{_WEEKDAY_WORD})\.?,?\s+(?=\d)", re.IGNORECASE)
# A weekday just before a page's numeric date: kept with the date, it decides day or month first.
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY_WORD}\.?,?\s+$", re.IGNORECASE)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january", "janvier", "janv", "enero", "ene", "janeiro"),
         ("feb", "february", "février", "fevrier", "févr", "fevr", "febrero", "fevereiro"),
         ("mar", "march", "mars", "marzo", "março", "marco"),
         ("apr", "april", "avril", "avr", "abril", "abr"), ("may", "mai", "mayo", "maio"),
         ("jun", "june", "juin", "junio", "junho"), ("jul", "july", "juillet", "juil", "julio", "julho"),
         ("aug", "august", "août", "aout", "agosto", "ago"),
         ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "setembro"),
         ("oct", "october", "octobre", "octubre", "outubro"),
         ("nov", "november", "novembre", "noviembre", "novembro"),
         ("dec", "december", "décembre", "decembre", "déc", "dic", "diciembre", "dezembro")],
        start=1,
    )
    for m in names
}  # fmt: skip
_SIMPLE_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m1>[^\W\d_]+)\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+|\s*[-/]\s*)(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th|er)?(?:\s+(?:of\s+|de\s+)?|[-/])(?P<m2>[^\W\d_]+)\.?(?:,?\s+(?:de\s+)?|[-/])"
    r"(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})(?P<ysep>[/.-])(?P<m3>\d{1,2})(?P=ysep)(?P<d3>\d{1,2})"
    r"|(?P<d4>\d{1,2})(?P<sep>[/.-])(?P<m4>\d{1,2})(?P=sep)(?P<y4>\d{4}))",
    re.IGNORECASE,
)
# What may follow a page date's year glued on by copying ("November 5, 20219:31 AM UTC",
# "Published On 12 Jan 202412 Jan 2024"): a time or the same date again, never more digits.
_AFTER_YEAR = rf"(?:(?![/.-]?\d)|(?=\d{{1,2}}:\d{{2}})|(?=\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))"
# Dates in page headers and footers, where sites put them: "Published On 3 Nov 2021",
# "Issued on: 27/01/2025 - 14:05", "Updated 6:12 PM GMT+3, September 30, 2024",
# "Wed Feb 18, 2015 10:21am EST", "2024-09-30T14:05:00Z", "November 8 - 2023", "2023/11/05",
# "14 ago 2023", "5 de noviembre de 2023".
_PAGE_DATE = re.compile(
    rf"(?<![\w/.-])(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+|\s+-\s+)\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:of\s+|de\s+)?(?:{_MONTH}|{_MONTH_ROMANCE}),?\s+(?:de\s+)?\d{{4}}"
    rf"|\d{{1,2}}(?P<msep>[/-]){_MONTH}(?P=msep)\d{{4}}"
    r"|\d{1,2}(?P<psep>[/.-])\d{1,2}(?P=psep)\d{4}|\d{4}(?P<ysep>[/.-])\d{1,2}(?P=ysep)\d{1,2})"
    + _AFTER_YEAR,
    re.IGNORECASE,
)
# Labels before a page date: the first publication outranks a publication, which outranks an
# update. French and Spanish editions: "Publié le", "Mis à jour le", "Publicado el".
_PAGE_LABEL = re.compile(
    r"\b(?:(?P<origin>first\s+published|originally\s+published|first\s+posted)"
    r"|(?P<first>published|publi[ée]e?|publicad[oa]|issued|posted|created|released|dated|date)"
    r"|(?P<later>last\s+updated|last\s+modified|last\s+update|updated|modified|modifi[ée]e?|edited|revised"
    r"|mis\s+[àa]\s+jour|actualizad[oa]|atualizad[oa]))\b"
    r"(?:\s+(?:on|at|le|el|em))?\s*[:\-\u2013]?\s*$",
    re.IGNORECASE,
)
# A print edition's line at the foot of a page: "Published in Dawn, March 21st, 2024", "Published in
# The Express Tribune, June 3rd, 2022.", "A version of this article appears in print on June 3, 2022".
_PRINT_EDITION = re.compile(
    r"^\s*(?:(?:this\s+article\s+was\s+|it\s+was\s+)?(?:first\s+)?(?:published|printed)\s+in"
    r"\s+(?:the\s+)?[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4}(?:\s+(?:print\s+)?(?:edition|newspaper))?"
    r"|a\s+version\s+of\s+this\s+(?:article|story)\s+(?:appears|appeared)\s+in\s+print)"
    rf"\s*,?\s*(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})",
    re.IGNORECASE,
)
# A label alone on its line, its date on the next ("Published\n14 August 2023").
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,2})\s*:?\s*$")
# The start of a range before a date ("28 October - 3 November 2023", "Oct 28 to Nov 3, 2023"):
# then the date is the end of a period a report covers, not the page's.
_RANGE_BEFORE = re.compile(
    rf"(?:(?<![:.])\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTH})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\bfrom\b[^|]*)"
    r"\s*(?:[-\u2013\u2014]|\bto\b|\buntil\b|\btill\b|\band\b)\s*$",
    re.IGNORECASE,
)
# What a dateline pattern can take for a city on a date line: a label or a weekday.
_NOT_A_CITY = re.compile(
    rf"\s*(?:(?:first|last|originally)\s+)?(?:published|updated|modified|posted|issued|released|dated|date"
    rf"|publi[ée]e?|publicad[oa]|actualizad[oa]|atualizad[oa]|{_WEEKDAY})\b",
    re.IGNORECASE,
)
# A byline beside the date, at either end ("Posted by admin on 5 November 2021", "November 5,
# 2021 by Staff Writer"): names after "by", the first of any case.
_BY_PHRASE = re.compile(
    r"\s*(?:(?:[Ww]ritten|[Pp]osted|[Rr]eported|[Pp]ublished|[Ss]tory)\s+)?(?:[Bb]y|BY)\s+[\w.'-]+"
    r"(?:\s+(?:[A-Z][\w.'-]*|and|&))*\s*",
)
# A report series' title and its issue's date: "Iran Update, November 9, 2023", "Flash Update
# No. 3, 5 Nov 2023". A headline with a date after a comma is otherwise an event's.
_SERIES_TITLE = re.compile(
    r"^\s*(?=[^,]{0,60}\b(?:[Uu]pdate|[Rr]eport|[Aa]ssessment|[Oo]verview|[Bb]rief(?:ing)?|[Bb]ulletin|[Dd]igest"
    r"|[Rr]oundup|[Ss]itrep|[Ss]napshot|[Ss]ummary|[Aa]lert|[Mm]onitor|[Tt]racker|CrisisWatch)\b)"
    r"[A-Z0-9][\w.'#&-]*(?:\s+[A-Z0-9][\w.'#&-]*){0,7},\s*"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})\s*$"
)
# Under the headline, a name of two or three capitalised words, then a date and nothing else.
_NAME_THEN_DATE = re.compile(
    rf"^\s*(?!\S*(?:ed|ing)\b)[A-Z][a-z'-]+(?:\s+(?!\S*(?:ed|ing)\b)[A-Z][a-z'-]+){{1,2}}\s+(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})\s*$"
)
# A blog's category after its date: "March 13, 2023 in News".
_CATEGORY = re.compile(r"\s*in\s+[A-Z][\w&-]*(?:\s+(?:[A-Z&][\w&-]*))?\s*")
# A date some other thing has: a caption's or an archive's, a birth, a deadline, a meeting to
# come, an anniversary. Such a line never gives the page's date.
_FOREIGN_DATE_LINE = re.compile(
    r"\b(?:photos?|image|file|caption|credit|archives?|anniversary|on\s+this\s+day|born|died|deadline"
    r"|next|upcoming|scheduled|venue|expires?|until|since|timeline|remembering|ago\s+today)\b",
    re.IGNORECASE,
)
# "Key: <date>" where the key is not the page's own: "Born: 12 May 1965", "Next session: ...".
_KEY_BEFORE = re.compile(r"([^\W\d_][\w' .-]{0,30}?)\s*:\s*$")
_PAGE_KEY = re.compile(
    r"\b(?:date|dated|published|publi[ée]e?|publicad[oa]|posted|updated?|modifi(?:ed|[ée]e?)|issued|released"
    r"|created|original|sent|filed|edition|actualizad[oa]|atualizad[oa]|mis\s+[àa]\s+jour)\b|^(?:on|at|le|el|em)$",
    re.IGNORECASE,
)
# A box of other stories or dates above or beside the article: its dates are theirs, to the next
# blank line ("Trending", "Most read", "Timeline", "Related stories").
_BOX_LABEL = re.compile(
    r"^\s*(?:trending(?:\s+now)?|most\s+(?:read|popular|viewed|shared)|popular(?:\s+now)?|latest(?:\s+news)?"
    r"|related(?:\s+(?:stories|articles|news|coverage))?|more\s+(?:stories|news|from\s+[\w ]+)|recommended"
    r"|top\s+stories|editor'?s\s+picks?|timeline|key\s+dates|you\s+may\s+also\s+like|don'?t\s+miss"
    r"|read\s+next|in\s+pictures|also\s+in\s+[\w ]+)\s*:?\s*$",
    re.IGNORECASE,
)


# Keys of an event's notice ("Date: 12 March 2022 / Venue: Press Club"): its dates are the event's.
_NOTICE_KEY = re.compile(
    r"^\s*(?:venue|location|where|place|rsvp|registration|organi[sz]ers?|speakers?|agenda|tickets?)\s*:",
    re.IGNORECASE,
)


def _notice_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of lines in a block (between blank lines) that holds an event notice's keys."""
    notices: set[int] = set()
    block: list[int] = []
    for index, (start, end) in enumerate([*spans, (len(text), len(text))]):
        if text[start:end].strip() and index < len(spans):
            block.append(index)
            continue
        if any(_NOTICE_KEY.match(text[spans[i][0] : spans[i][1]]) for i in block):
            # Only the notice's own lines when the paste lost its blank lines.
            keyed = [
                i for i in block if re.match(r"^\s*[^\W\d_][\w' ]{0,30}:", text[spans[i][0] : spans[i][1]])
            ]
            notices.update(keyed if len(block) > 8 else block)
        block = []
    return notices


def _foreign_date(line: str, start: int) -> bool:
    """True when the date at ``start`` is some other thing's: a caption's, a key that is not a
    publication's ("Born: 12 May 1965"), an archive's."""
    if _FOREIGN_DATE_LINE.search(line):
        return True
    key = _KEY_BEFORE.search(_LEADING_FURNITURE.sub("", line[:start]))
    return key is not None and not _PAGE_KEY.search(key.group(1).strip())


# Years a page's Gregorian date may have; the Bikram Sambat calendar runs 56 years ahead.
PLAUSIBLE_YEARS = (1900, 2059)
# Ranks of the page's date candidates, best first.
RANK_ORIGIN, RANK_LABELLED, RANK_BARE, RANK_UPDATED, RANK_FURNITURE, RANK_URL = range(6)
# A page address pasted with the text: its path often carries the date ("/2023/11/05/", "-2023-11-05/").
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)([/-])(\d{1,2})\2(\d{1,2})(?=[/_.-]|$)")
# US time zones: a numeric date beside them is month first ("03/04/2024 10:15 AM ET").
_US_ZONE = re.compile(r"\b(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b")
# Glued by copying: "2023February", "GMT+3Updated", "UTCUpdated".
_GLUE = re.compile(r"(?<=[\da-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})")
# Hijri months as Arab sites print them beside the Gregorian date ("11 Jumada al-Akhirah 1446 AH").
_HIJRI_MONTH = (
    r"(?:Muharram|Safar|Rabi[\w' -]{0,3}(?:al|ul|el)?[ -]?(?:Awwal|Thani|Akhir(?:ah)?|Akhar)"
    r"|Jumad[ae][\w' -]{0,3}(?:al|ul|el)?[ -]?(?:Awwal|Ula|Oula|Ukhra|Thani|Thaniyah|Akhir(?:ah)?|Akhar)"
    r"|Rajab|Sha'?aban|Sha'?ban|Ramadh?an|Shawwal"
    r"|Dhu[\w' -]{0,3}(?:al|ul|el)?[ -]?(?:Qa'?dah|Qi'?dah|Hijjah))"
)
# What may stand beside a date on a line of its own: times, zones, weekdays, separators.
_PAGE_FURNITURE = re.compile(
    r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:UTC|GMT|[ECMP][SD]T|IST|PKT|AFT|CET|CEST|EET|EEST|BST|AST|EAT|WAT|CAT|MSK|SAST|ICT|JST)"
    r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\b"
    r"|\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\b\.?"
    # French, Spanish and Portuguese editions name the weekday too ("Publié le lun, 17/02/2025",
    # "Publicado el martes 3 de mayo de 2022 a las 10:05", "às 11h40"); abbreviated only with
    # their mark, so a name such as "Sam" is not taken for "samedi".
    rf"|\b{_WEEKDAY_ROMANCE}\b|\b{_WEEKDAY_ROMANCE_SHORT}[.,]"
    r"|\b\d{1,2}\s?h\s?\d{2}\b|\b(?:[àa]|a\s+las|[àa]s)\b(?=\s+\d)"
    rf"|\b\d{{1,2}}\s+{_HIJRI_MONTH}\s+\d{{3,4}}(?:\s*(?:AH|H)\b)?|\b(?:AD|CE|AH)\b"
    r"|\b(?:at|on)\b|[|,;:()\[\]\-\u2013\u2014/]",
    re.IGNORECASE,
)
# Times and zones right after a date ("13 Nov 2023 10:05 PKT ·").
_PAGE_FURNITURE_START = re.compile(
    r"^(?:[\s,]*(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|(?:UTC|GMT|[ECMP][SD]T|IST|PKT|CET|EAT|WAT)\b))*",
    re.IGNORECASE,
)
# Also harmless on a date's line: a label away from the date, an age ("Updated 2 hours ago").
_PAGE_ASIDES = re.compile(
    r"\b(?:first\s+|last\s+|originally\s+)?(?:published|updated|modified|posted|issued|publi[ée]e?|publicad[oa]"
    r"|modifi[ée]e?|mis\s+[àa]\s+jour|actualizad[oa]|atualizad[oa])\b(?:\s+(?:on|at|le|el|em)\b)?"
    r"|\blecture\s*:?\s*\d+\s*min(?:ute)?s?\b|\bage\s*:\s*\d+\s+(?:year|month|week|day|hour)s?\b"
    # Counters and the site's own address: "1.2k views", "Comments (3)", "DAWN.COM".
    r"|\b\d[\d.,]*\s*[km]?\s+(?:views|reads|comments|shares)\b|\bcomments\s*\(\d+\)"
    r"|\b[\w-]+\.(?:com|org|net|co|tv|news|info|pk|af|in|ng|ke|so|et|ua|il|lb|iq|sd|mm|uk)\b"
    r"|\b(?:about\s+|over\s+|almost\s+)?(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?"
    r"(?:\s+\d+\s+(?:day|week|month)s?)?\s+ago\b"
    r"|\b\d+\s*-?\s*min(?:ute)?s?\s+read\b|\bread(?:ing)?\s+time\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?:[^\W_]|')+")
# Lower-case words inside outlet and place names ("Gazette of Lagos", "Dar es Salaam").
_NAME_PARTICLES = frozenset({"of", "the", "de", "del", "des", "du", "la", "le", "el", "al", "es", "and"})
# Marks that set a byline or an outlet off from the date: bars, bullets, breadcrumbs, a dash
# between spaces, a gap of several spaces.
_NAME_MARK = re.compile(r"[|/\u2022\u00b7>\u00bb\u203a]|\s[-\u2013\u2014]\s|\S\s{2,}\S")
_SENTENCE_END = re.compile(r"""[.!?]["')\]]?\s*$""")


@dataclass(frozen=True)
class Dateline:
    """The dateline that opens the body: place, optional date as written, agency."""

    city: str
    start: int
    end: int
    date_text: str = ""
    agency: str = ""
    region: str = ""
    """What follows the city ("ADEN, Yemen"): a country or province, used when the city is unknown."""


@dataclass(frozen=True)
class CleanText:
    """The cleaned text (same length as the input) and what cleaning found."""

    text: str
    headline: str = ""
    removed: tuple[tuple[int, int, str], ...] = ()
    """Blanked ranges ``(start, end, reason)`` in the text."""
    dateline: Dateline | None = None
    body_start: int = 0
    header_dates: tuple[str, ...] = field(default=())
    header_ranks: tuple[int, ...] = field(default=())
    """The rank of each header date (``RANK_ORIGIN`` ... ``RANK_URL``), best first."""
    month_first: bool = False
    """The page writes numeric dates month first (US time zones by its dates: "10:15 AM ET")."""


def normalise(text: str) -> str:
    """Replace non-breaking spaces, curly quotes and odd hyphens one for one."""
    return text.translate(_SAME_LENGTH)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_body_line(line: str) -> bool:
    words = _WORD.findall(line)
    return (bool(_SENTENCE_END.search(line)) and len(words) >= 8) or len(words) >= 30


def _is_headline_like(line: str) -> bool:
    stripped = line.strip()
    words = _WORD.findall(stripped)
    if not words or len(words) > 25:
        return False
    return stripped.endswith(("-", "\u2013", "\u2014", "|")) or not _SENTENCE_END.search(stripped)


def _label_rank(label: re.Match[str]) -> int:
    if label.group("origin"):
        return RANK_ORIGIN
    return RANK_LABELLED if label.group("first") else RANK_UPDATED


def label_line(line: str) -> int | None:
    """The rank a line holding nothing but a label gives the date on the next line, or None."""
    if len(line) > 60 or not _LABEL_LINE.match(line):
        return None
    label = _PAGE_LABEL.search(line)
    if label is None or line[: label.start()].strip():
        return None
    return _label_rank(label)


def _rest_words(line: str) -> list[str]:
    """The words of a date line besides its dates, labels, times, zones, ages and byline."""
    rest = _PAGE_FURNITURE.sub(" ", _PAGE_ASIDES.sub(" ", _PAGE_DATE.sub(" ", line)))
    # A byline or a blog's category is the whole of the rest or nothing: "3 March 2021 offensive
    # by Army" is a headline.
    return [] if _BY_PHRASE.fullmatch(rest) or _CATEGORY.fullmatch(rest) else _WORD.findall(rest)


def _is_date_line(line: str) -> bool:
    """A line holding a page date and next to nothing else ("PUBLISHED : 1 Mar 2023 at 14:21.")."""
    return bool(page_dates(line)) and len(_rest_words(_GLUE.sub(" ", line))) <= 3


def _with_weekday(line: str, m: re.Match[str]) -> str:
    """A page's numeric date as written, with the weekday printed just before it ("Wed, 06/08/2022")."""
    if m.group("psep"):
        weekday = _WEEKDAY_BEFORE.search(line, max(0, m.start() - 14), m.start())
        if weekday is not None:
            return line[weekday.start() : m.end("date")]
    return m.group("date")


def page_dates(line: str, *, labelled_only: bool = False) -> list[tuple[int, str]]:
    """Dates a header or footer line gives for the page, each with its rank (0 is best).

    Labelled dates count on any short line ("Dawn Report | Published March 10, 2025"): a
    first publication ranks best, then a publication, an update last. An unlabelled date
    ranks between them, and only on a line holding little else (a time, a zone, a weekday,
    a byline), so a dated headline is not taken.
    """
    if len(line) > 400:
        return []  # a date line is short; a long one is prose (and kept off the slower patterns)
    line = _GLUE.sub(" ", line)
    if len(_WORD.findall(line)) > 24:
        return []
    found: list[tuple[int, str]] = []
    byline = _BYLINE_START.match(line) is not None
    for m in _PAGE_DATE.finditer(line):
        if _RANGE_BEFORE.search(line[max(0, m.start() - 48) : m.start()]) or _foreign_date(line, m.start()):
            continue
        # The label may stand before a time: "Updated 6:12 PM GMT+3, September 30, 2024".
        before = _PAGE_FURNITURE.sub(" ", line[max(0, m.start() - 48) : m.start()])
        label = _PAGE_LABEL.search(before)
        written = _with_weekday(line, m)
        if label is not None:
            found.append((_label_rank(label), written))
        elif not labelled_only:
            found.append((RANK_BARE, written))
    if not found or all(rank != RANK_BARE for rank, _ in found):
        return found
    words = _rest_words(line)
    # "Aamir Latif | 14.05.2019", "Daily Courier / 04:22 AM March 10, 2015", "Gao - 3 MAR 2020":
    # a byline without "By", an outlet or a place, is a short run of names set off by a mark.
    named = (
        _NAME_MARK.search(line) is not None
        and len(words) <= 5
        and all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_PARTICLES for w in words)
    )
    if not byline and not named and len(words) > 1:
        found = [item for item in found if item[0] != RANK_BARE]
    return found


_SEPARATORS = "\u00b7|/\u2013\u2014-\u2022:()[],>\u00bb\u203a"
_LEADING_FURNITURE = re.compile(
    rf"(?:{_WEEKDAY}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)[,\s]*$", re.IGNORECASE
)


def furniture_date(line: str, *, at_start: bool = False) -> str | None:
    """A full date set off by separators on a line of page furniture, or None.

    "Home / Pakistan · Monday, 13 Nov 2023 · E-Paper", "September 22, 2016 (JUBA) -":
    nothing but separators, a weekday, a time or the line's edge stands on either side
    of the date, so it is the page's date, not a date inside a headline's prose
    ("Talks to resume on March 3, 2022 in Doha"). ``at_start``: only a date opening the line.
    """
    line = _GLUE.sub(" ", line)
    for m in _PAGE_DATE.finditer(line[:200]):  # page furniture is short; a body line's date opens it
        before = _LEADING_FURNITURE.sub("", line[: m.start()]).rstrip(" ,")
        if _RANGE_BEFORE.search(before[-48:]) or _foreign_date(line, m.start()):
            return None
        if at_start and before.strip():
            return None
        after = _PAGE_FURNITURE_START.sub("", line[m.end() :]).lstrip()
        left_ok = not before.strip() or before.rstrip()[-1] in _SEPARATORS
        right_ok = not after or after[0] in _SEPARATORS
        if left_ok and right_ok:
            return _with_weekday(line, m)
        if at_start:
            return None
    return None


def clean(text: str) -> CleanText:
    """Blank page noise and normalise characters; the result has ``len(text)`` characters."""
    text = normalise(text)
    chars = list(text)
    removed: list[tuple[int, int, str]] = []
    spans = _lines(text)
    headline = ""
    header_dates: list[tuple[int, str]] = []
    header_fallback: list[tuple[int, str]] = []
    body_start = 0
    month_first = False
    pending: int | None = None  # the rank a label alone on the previous line gives

    def blank(start: int, end: int, reason: str) -> None:
        if end > start:
            chars[start:end] = " " * (end - start)
            removed.append((start, end, reason))

    def dates_on(line: str, *, labelled_only: bool = False) -> list[tuple[int, str]]:
        """The line's page dates, a bare one taking the rank of a label on the line before."""
        nonlocal month_first, pending
        rank_before, pending = pending, label_line(line)
        if pending is not None:
            return []
        found = page_dates(line, labelled_only=labelled_only and rank_before is None)
        if rank_before is not None:
            found = [(rank_before if rank == RANK_BARE else rank, written) for rank, written in found]
        if found and _US_ZONE.search(line):
            month_first = True
        return found

    # Header: lines before the first body paragraph. The first headline-like line
    # is this article's headline; later ones are teasers of other articles.
    in_box = 0  # lines left in a box of other stories' dates
    notices = _notice_lines(text, spans)
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        if not line.strip():
            in_box = 0
            continue
        opening = match_dateline(line)
        if opening and _NOT_A_CITY.match(opening.group("city")):
            # "PUBLISHED : 1 Mar 2023 at 14:21", "Published Tuesday, 23 January 2024 - 16:20".
            opening = None
        elif opening and not _is_body_line(line) and _PAGE_DATE.search(_GLUE.sub(" ", line[opening.end() :])):
            # "DAWN - Front Page; March 23, 2015": an outlet's name before the page's date, not a
            # city before the story.
            opening = None
        if opening or (_is_body_line(line) and not _is_date_line(line)):
            body_start = start
            break
        if _BOX_LABEL.match(line):
            in_box = 12
        elif in_box and page_dates(line, labelled_only=True):
            in_box = 0  # "Published 12 April 2022" under the box: the page's own again
        if in_box or index in notices:
            # "Trending\nFloods hit the north\n12 March 2022": other stories' dates, to the blank
            # line; "Date: 12 March 2022\nVenue: Press Club": an event's notice.
            in_box, pending = max(0, in_box - 1), None
            blank(start, end, "page noise")
            continue
        if _NOISE_LINE.match(line):
            # "Read more: <another story> | 3 March 2021": that story's date, not this page's.
            pending = None
            blank(start, end, "page noise")
            continue
        found = dates_on(line)
        furniture = None if found or pending is not None else furniture_date(line)
        if pending is not None:
            # "Published" alone, its date on the next line.
            blank(start, end, "header date")
        elif found:
            # "Published: 15 June 2022", or a line holding nothing but a date (and a time).
            header_dates.extend(found)
            blank(start, end, "header date")
        elif furniture:
            # "Home / Pakistan · Monday, 13 Nov 2023 · E-Paper": a site's bar, not a headline.
            header_fallback.append((RANK_FURNITURE, furniture))
            blank(start, end, "header date")
        elif _URL_LINE.match(line):
            # The page's address: its path's date is the last resort for the page's date.
            m = _URL_DATE.search(line)
            if m:
                year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
                header_fallback.append((RANK_URL, f"{year}-{month:02d}-{day:02d}"))
            blank(start, end, "page address")
        elif _BYLINE.match(line):
            blank(start, end, "byline")
        elif _is_headline_like(line):
            # A report series' title with its issue's date ("Iran Update, November 9, 2023").
            series = _SERIES_TITLE.match(line)
            if series:
                header_fallback.append((RANK_FURNITURE, series.group("date")))
            if not headline:
                headline = line.strip().rstrip("-\u2013\u2014| ").strip()
                blank(start, end, "headline")
            else:
                blank(start, end, "teaser headline")
                # A date inside a teaser's words is an event's ("Vote set for 15 March 2024"), but
                # under the headline a name and a date alone are a byline ("Staff Writer Sep 16,
                # 2022"): a last resort for the page's date. (A date set off by separators was
                # taken above as the site's bar.)
                named = _NAME_THEN_DATE.match(line)
                if named:
                    header_fallback.append((RANK_FURNITURE, named.group("date")))
    for start, end in spans:
        if start >= body_start and _NOISE_LINE.match(text[start:end]):
            blank(start, end, "page noise")
    if not header_dates:
        # A date line under a standfirst ("Published On 3 Nov 2021" after the summary), or
        # "Published on ..." under the article: the first and last few short lines.
        body = [(a, b) for a, b in spans if a >= body_start and text[a:b].strip()]
        # Below a standfirst, captions and share buttons may push the date line further down:
        # up to ten more short lines, as far as the next paragraph.
        further = []
        for a, b in body[6:16]:
            if _is_body_line(text[a:b]):
                break
            further.append((a, b))
        head = set(body[:6] + further)
        tail = body[6 + len(further) :][-6:]
        pending = None
        in_box, previous_end = False, -2
        for start, end in body[:6] + further + tail:
            line = text[start:end]
            in_box = (in_box and start == previous_end + 1) or _BOX_LABEL.match(line) is not None
            previous_end = end
            labelled_only = (start, end) not in head  # a bare date at the very end may be anything
            if start == body_start and match_dateline(line):
                continue  # the dateline's own date is read from the dateline, and it stays text
            if _is_body_line(line) or _NOISE_LINE.match(line) or in_box:
                pending = None
                continue
            found = dates_on(line, labelled_only=labelled_only)
            if pending is not None:
                blank(start, end, "page date")
            if found:
                header_dates.extend(found)
                blank(start, end, "page date")
    if not header_dates and not header_fallback and body_start < len(text):
        # "September 22, 2016 (JUBA) - Fighting ...": a date opening the body, set off.
        line_end = text.find("\n", body_start)
        opening = furniture_date(text[body_start : line_end if line_end >= 0 else len(text)], at_start=True)
        if opening:
            header_fallback.append((RANK_FURNITURE, opening))
    if not header_dates:
        header_fallback.sort(key=lambda item: item[0])
        header_dates = header_fallback[:1]
    header_dates.sort(key=lambda item: item[0])
    cleaned = "".join(chars)
    dateline = None
    m = match_dateline(cleaned, body_start)
    if m is None:
        # A standfirst read as the body's first line, then the dateline under the date lines:
        # "Officials say ... province.\n\nUpdated Nov 8, 2020\n\nKABUL, Nov 6 (Reuters) - ...".
        # A byline and share buttons may stand between.
        body_lines = [(a, b) for a, b in spans if a >= body_start and cleaned[a:b].strip()][:20]
        if len(body_lines) > 1 and _is_body_line(cleaned[body_lines[0][0] : body_lines[0][1]]):
            for a, b in body_lines[1:]:
                if _is_body_line(cleaned[a:b]):
                    m = DATELINE.match(cleaned, a)
                    if m and not (m.group("date") or m.group("agency")):
                        m = None  # only a dateline that says so: a date or an agency after the place
                    break
    if m and len(m.group("city")) >= 3:
        dateline = Dateline(
            # "GOMA / KIGALI": the first place named is where the report was filed.
            city=m.group("city").split("/")[0].strip(),
            start=m.start("city"),
            end=m.end(),
            date_text=(m.group("date") or "").strip(),
            agency=(m.group("agency") or "").strip(),
            region=(m.group("region") or "").strip(),
        )
    return CleanText(
        text=cleaned,
        headline=headline,
        removed=tuple(removed),
        dateline=dateline,
        body_start=body_start,
        header_dates=tuple(written for _, written in header_dates),
        header_ranks=tuple(rank for rank, _ in header_dates),
        month_first=month_first,
    )


def _weekday_split(text: str) -> tuple[int | None, str]:
    """The weekday written before a date (0 is Monday), if any, and the date without it."""
    m = _WEEKDAY_PREFIX.match(text)
    if m is None:
        return None, text
    return _WEEKDAYS.index(m.group("wd")[:3].lower()), text[m.end() :]


def _numeric_readings(m: re.Match[str]) -> list[date]:
    """The valid readings of a numeric "dd/mm/yyyy" match: day first, then month first."""
    year, first, second = int(m.group("y4")), int(m.group("d4")), int(m.group("m4"))
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found not in readings:
            readings.append(found)
    return readings


def _simple_date(text: str) -> date | None:
    """The common written forms ("Nov. 5, 2021", "5 November 2021", "2021-11-05") without dateparser."""
    weekday, text = _weekday_split(text)
    m = _SIMPLE_DATE.fullmatch(text)
    if not m:
        return None
    if m.group("y4"):
        # Numeric dates in page headers are day first ("27/01/2025") unless that is impossible,
        # or a weekday printed before it says otherwise ("Wed, 06/08/2022" is 8 June).
        readings = _numeric_readings(m)
        matching = [d for d in readings if weekday is not None and d.weekday() == weekday]
        return (matching or readings or [None])[0]
    if m.group("y3"):
        year, month, day = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
    else:
        name = (m.group("m1") or m.group("m2")).lower()
        if name not in _MONTHS:
            return None
        year, month = int(m.group("y1") or m.group("y2")), _MONTHS[name]
        day = int(m.group("d1") or m.group("d2"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_first(text: str) -> date | None:
    """The month-first reading of an ambiguous numeric date ("02/08/2023"), else None."""
    weekday, text = _weekday_split(text.strip(" ,."))
    m = _SIMPLE_DATE.fullmatch(text)
    if not m or not m.group("y4"):
        return None
    if weekday is not None and any(d.weekday() == weekday for d in _numeric_readings(m)):
        return None  # the weekday printed before it has decided
    day, month = int(m.group("d4")), int(m.group("m4"))
    if day == month or day > 12 or month > 12:
        return None
    try:
        return date(int(m.group("y4")), day, month)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_full_date(text: str) -> date | None:
    """Normalise one absolute date string that names day, month and year."""
    # dateparser costs ~9 ms a call, as much as parsing the article: try the usual forms first.
    simple = _simple_date(text.strip(" ,."))
    if simple is not None:
        return simple
    if not re.search(r"\d{4}", text):
        return None  # the year is required: "Jan 31" alone never parses (and dateparser loads slowly)
    m = _SIMPLE_DATE.fullmatch(text.strip(" ,."))
    if m and (m.group("y3") or m.group("y4") or (m.group("m1") or m.group("m2") or "").lower() in _MONTHS):
        return None  # a usual form with an impossible day or month ("2021-13-45"): nothing to ask
    parsed = dateparser.parse(
        text.strip(" ,."),
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return parsed.date() if parsed else None


def _header_date(doc: CleanText) -> tuple[date, str, int] | None:
    """The best header date: (date, as written, rank)."""
    ranks = doc.header_ranks or (RANK_BARE,) * len(doc.header_dates)
    for text, rank in zip(doc.header_dates, ranks, strict=False):
        found = parse_full_date(text)
        if found is None or not PLAUSIBLE_YEARS[0] <= found.year <= PLAUSIBLE_YEARS[1]:
            continue  # "1402/08/14", "2080-07-19": a Solar Hijri or Bikram Sambat date beside the Gregorian
        other = _month_first(text)
        if other is not None:
            # "02/08/2023": day first, unless the page names the month first elsewhere in its
            # header ("02/08/2023February 8, 2023") or by its dateline ("KABUL, Feb 8 (Reuters)"),
            # or prints US time zones by its dates.
            named = {parse_full_date(t) for t in doc.header_dates if t != text}
            if doc.dateline and doc.dateline.date_text:
                named.add(dateline_month_day(doc, found.year) or parse_full_date(doc.dateline.date_text))
            if other in named or (doc.month_first and found not in named):
                return other, text, rank
        return found, text, rank
    return None


def find_published(doc: CleanText, *, window: int = 1500) -> tuple[date | None, str]:
    """The publication date stated in the text and the phrase that gave it.

    Looks, in order, at header lines ("Published: ..."; a dated dateline outranks an
    update, and a year-less one a few days before the header's date is the filing day),
    a dated dateline, and a full date after a reporting word in the first paragraph
    ("according to a media report on Friday, November 5, 2021").
    """
    filed_text = doc.dateline.date_text if doc.dateline else ""
    filed = parse_full_date(filed_text) if filed_text else None
    header = _header_date(doc)
    if header is not None:
        found, text, rank = header
        if filed is not None and rank >= RANK_UPDATED:
            return filed, filed_text  # the day the report was filed, not the day it was updated
        if filed_text and filed is None:
            # "KABUL, Nov 5 (Reuters) -" under "Updated November 6, 2021": the filing day, in the
            # header date's year, when it lies a little before it (or a day after, across zones).
            for year in (found.year, found.year - 1):
                day = parse_full_date(f"{filed_text} {year}")
                if day is not None and day != found and -1 <= (found - day).days <= 7:
                    return day, filed_text
        return found, text
    if filed is not None:
        return filed, filed_text
    head = doc.text[doc.body_start : doc.body_start + window]
    first_para = head.split("\n\n", 1)[0] if "\n\n" in head.strip() else head
    for m in _REPORT_DATE.finditer(first_para):
        found = parse_full_date(m.group("date"))
        if found:
            return found, m.group("date")
    # "PESHAWAR, Jan 31 (AFP) - The toll rose to 93 on Tuesday, January 31, 2023": the lead's
    # full date on the year-less dateline's day gives that day its year.
    for m in _FULL_DATE_RE.finditer(first_para):
        found = parse_full_date(m.group(0))
        if found and dateline_month_day(doc, found.year) == found:
            return found, m.group(0)
    lines = [line for line in doc.text[-800:].split("\n") if line.strip()][-4:]
    if filed_text and filed is None:
        # "Published in Dawn, November 6th, 2021." under "ISLAMABAD, Nov 5 -": a date line at the
        # foot, the day of the dateline or up to a week after it, gives the filing day its year.
        for line in lines:
            if _is_body_line(line) and len(_WORD.findall(line)) > 12:
                continue
            for m in _PAGE_DATE.finditer(_GLUE.sub(" ", line)):
                foot = parse_full_date(m.group("date"))
                if foot is None:
                    continue
                for year in (foot.year, foot.year - 1):
                    day = dateline_month_day(doc, year)
                    if day is not None and 0 <= (foot - day).days <= 7:
                        return day, filed_text
    # With no date at the head, a foot line that says it is the publication's own: a print
    # edition's ("Published in Dawn, March 21st, 2024", "A version of this article appears in
    # print on June 3, 2022") or a labelled first publication ("This article was first
    # published on 3 June 2022"). An update or a bare date at the foot is still not read, nor one
    # a year-less dateline contradicts (it would have completed the dateline above).
    if filed_text:
        return None, ""
    for line in reversed(lines):
        if len(line) > 300:
            continue
        line = _GLUE.sub(" ", line)
        m = _PRINT_EDITION.search(line)
        if m:
            found = parse_full_date(m.group("date"))
            if found:
                return found, m.group("date")
        for rank, written in page_dates(line, labelled_only=True):
            found = parse_full_date(written) if rank <= RANK_LABELLED else None
            if found:
                return found, written
    return None, ""


def dateline_month_day(doc: CleanText, year: int) -> date | None:
    """A year-less dateline date ("Nov 5") completed with a known year."""
    if doc.dateline and doc.dateline.date_text and not re.search(r"\d{4}", doc.dateline.date_text):
        return parse_full_date(f"{doc.dateline.date_text} {year}")
    return None


_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)")
_MD_MARKS = re.compile(r"(\*\*|__|(?m:^#{1,6}(?= ))|(?m:^>+ ?)|`)")


def markdown_to_text(text: str) -> str:
    """Markdown marks blanked with spaces (same length): headings, emphasis, quotes, link targets."""

    def link(m: re.Match[str]) -> str:
        return " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1)

    text = _MD_LINK.sub(link, text)
    return _MD_MARKS.sub(lambda m: " " * len(m.group(0)), text)


# Where pages state their publication time for machines: meta tags, microdata, JSON-LD.
_META_PUBLISHED = frozenset(
    {"article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
     "publish-date", "publication_date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
     "sailthru.date", "parsely-pub-date"}
)  # fmt: skip
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})')
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


class _TextExtractor(HTMLParser):
    """Collect visible text; skip scripts, styles and other invisible elements."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "nav", "footer"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._json_ld = False
        self.published = ""
        """The page's publication day (YYYY-MM-DD) from its metadata, the first one given."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if not self.published:
            key = (named.get("property") or named.get("name") or named.get("itemprop") or "").lower()
            value = named.get("content") or named.get("datetime") or ""
            m = _ISO_DAY.match(value)
            if key in _META_PUBLISHED and m:
                self.published = m.group(1)
        self._json_ld = tag == "script" and (named.get("type") or "").lower() == "application/ld+json"
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._json_ld and not self.published:
            m = _JSON_LD_PUBLISHED.search(data)
            if m:
                self.published = m.group(1)
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, paragraphs separated by blank lines.

    When the page's metadata gives its publication time (``article:published_time``,
    ``datePublished``), a first line "Published: YYYY-MM-DD" says so, where
    :func:`find_published` reads it.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*\n *", "\n\n", text).strip()
    if parser.published:
        text = f"Published: {parser.published}\n\n{text}"
    return text


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page or fragment rather than prose."""
    head = text[:2000].lower()
    return (
        "<html" in head or "<!doctype html" in head or len(re.findall(r"</?(p|div|span|body|a)\b", head)) >= 3
    )
