"""Document cleaning and publication-date detection."""

from __future__ import annotations

import time
from datetime import date

import pytest

from loaders.text.clean import (
    clean,
    find_published,
    html_to_text,
    looks_like_html,
    markdown_to_text,
    match_dateline,
    normalise,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b", "a b"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("it\u2019s", "it's"),
        ("line\r\nnext", "line \nnext"),
        ("x\u202fy\u200bz", "x y z"),
        ("\u202ereversed\u202c and \u2066isolated\u2069", " reversed  and  isolated "),
    ],
)
def test_text_clean_normalise_keeps_length(raw: str, expected: str) -> None:
    assert normalise(raw) == expected
    assert len(normalise(raw)) == len(raw)


ARTICLE = (
    "Army clears district after week of clashes-\n\n\n"
    "Cricket: home side wins series-\n\n\n"
    "PESHAWAR: Troops cleared the last militant positions in the district, officials said on Monday.\n\n"
    "Residents began returning home as shops reopened in the main bazaar.\n\n"
    "Source link"
)


def test_text_clean_blanks_noise_without_moving_offsets() -> None:
    doc = clean(ARTICLE)
    assert len(doc.text) == len(ARTICLE)
    assert doc.headline == "Army clears district after week of clashes"
    assert "Cricket" not in doc.text and "Source link" not in doc.text
    reasons = [r for _, _, r in doc.removed]
    assert reasons == ["headline", "teaser headline", "page noise"]
    body = ARTICLE.index("PESHAWAR")
    assert doc.text[body:].startswith("PESHAWAR: Troops")
    assert doc.dateline is not None and doc.dateline.city == "PESHAWAR"


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        (
            "ISLAMABAD: Talks began, according to a media report on Friday, November 5, 2021.",
            date(2021, 11, 5),
            "Friday, November 5, 2021",
        ),
        (
            "KABUL, Afghanistan, March 3, 2022 (AP) — Taliban fighters took a post.",
            date(2022, 3, 3),
            "March 3, 2022",
        ),
        (
            "Published: 15 June 2022\nHeadline here\n\n"
            "KABUL, June 15 (Reuters) - Talks resumed in the city today.",
            date(2022, 6, 15),
            "15 June 2022",
        ),
        (
            "September 20, 2021\nBlast hits market\n\n"
            "QUETTA: A bomb exploded in a market, police said on Monday.",
            date(2021, 9, 20),
            "September 20, 2021",
        ),
        # Page headers as sites write them: labels, times before or after, numeric dates.
        (
            "Army retakes town\n\nMetro Desk | Published June 2, 2019\n\n"
            "Troops entered the town on Saturday after a week of fighting, officials said.",
            date(2019, 6, 2),
            "June 2, 2019",
        ),
        (
            "Army retakes town\n\nIssued on: 14/06/2023 - 09:10 Modified: 15/06/2023 - 11:00\n\n"
            "Troops entered the town on Saturday after a week of fighting, officials said.",
            date(2023, 6, 14),
            "14/06/2023",
        ),
        (
            "Updated 9:40 AM GMT+1, February 3, 2020\n\n"
            "LAGOS (AP) — Gunmen seized a bus on Sunday, police said on Monday.",
            date(2020, 2, 3),
            "February 3, 2020",
        ),
        (
            "Thu Jan 9, 2014 4:02pm EST\nClashes in the north\n\n"
            "Troops clashed with rebels near the border on Wednesday, the army said in a statement.",
            date(2014, 1, 9),
            "Jan 9, 2014",
        ),
        (
            "By Amina Yusuf | 2022-07-19T08:30:00Z\n\n"
            "Troops clashed with rebels near the border on Monday, the army said in a statement.",
            date(2022, 7, 19),
            "2022-07-19",
        ),
        (
            "Last updated 12.05.2018 | First published on 11 May 2018\n\n"
            "Troops clashed with rebels near the border on Thursday, the army said in a statement.",
            date(2018, 5, 11),
            "11 May 2018",
        ),
        (
            "Troops clashed with rebels near the border on Thursday, the army said in a statement.\n\n"
            "Published on 11 May 2018",
            date(2018, 5, 11),
            "11 May 2018",
        ),
        (
            "Rebels take border post\n\nJune 4, 2021 3:05 PM GMT+4:30 Updated 3 hours ago\n\n"
            "Rebels took a border post on Thursday after a night of fighting, officials said.",
            date(2021, 6, 4),
            "June 4, 2021",
        ),
        (
            "Rebels take border post\n\nA standfirst that sums up the story in one full sentence here.\n\n"
            "First published on 4 Jun 2021\n\n"
            "Rebels took a border post on Thursday after a night of fighting, officials said.",
            date(2021, 6, 4),
            "4 Jun 2021",
        ),
        (
            "Rebels take border post\n\nSara Ahmadi  |  08.09.2020\n\n"
            "Rebels took a border post on Monday after a night of fighting, officials said.",
            date(2020, 9, 8),
            "08.09.2020",
        ),
        # Not a byline, but a later header line's date is the last resort for the page's date...
        (
            "Rebels take border post\n\nrebels took the post | 08.09.2020\n\n"
            "Rebels took a border post on Monday after a night of fighting, officials said.",
            date(2020, 9, 8),
            "08.09.2020",
        ),
        # ... and any labelled or bare date line outranks it.
        (
            "Rebels take border post\n\nSport | Results of 3 March 2021 | Live\n\nPublished: 5 March 2021\n\n"
            "Rebels took a border post on Friday after a night of fighting, officials said.",
            date(2021, 3, 5),
            "5 March 2021",
        ),
        (
            "Gunmen kill 25 villagers\n\nUpdated 21:04, 07-Jun-2022\n\n"
            "Gunmen killed 25 villagers in two attacks on Sunday and Monday, the army said in a statement.",
            date(2022, 6, 7),
            "07-Jun-2022",
        ),
        (
            "Factions trade fire near the dam\n\nFriday - 2 Rajab 1446 AH - 3 January 2025 AD\n\n"
            "Rival factions traded fire near the dam for a third day, a war monitor said on Friday.",
            date(2025, 1, 3),
            "3 January 2025",
        ),
        (
            "Talks to resume on March 3, 2022 in Doha\n\n"
            "Negotiators will meet again next week, a spokesman said on Tuesday in the capital.",
            None,
            "",
        ),
        # Reports filed from two places, datelines written as names, reading times, outlets.
        (
            "GAO / BAMAKO, May 9, 2023 - Soldiers repelled an attack on a base, the army said.",
            date(2023, 5, 9),
            "May 9, 2023",
        ),
        (
            "Misrata, 14 July 2019: Rival forces exchanged fire near the port overnight, residents said.",
            date(2019, 7, 14),
            "14 July 2019",
        ),
        (
            "Kabul, the capital, was calm on Monday - officials said the curfew held everywhere.",
            None,
            "",
        ),
        (
            "Rebels take border post\n\nAugust 2, 2020 7:12 AM 6 min read\n\n"
            "Rebels took a border post on Saturday after a night of fighting, officials said.",
            date(2020, 8, 2),
            "August 2, 2020",
        ),
        (
            "Morning Herald of Accra / 11:40 AM April 8, 2016\n\n"
            "Gunmen attacked a checkpoint on Thursday, police said in a statement on Friday.",
            date(2016, 4, 8),
            "April 8, 2016",
        ),
        (
            "Monrovia - NOV 2, 2018 - 08:15 GMT\n\n"
            "Gunmen attacked a checkpoint on Thursday, police said in a statement on Friday.",
            date(2018, 11, 2),
            "NOV 2, 2018",
        ),
        (
            "Friday, 9th of October 2020\nQUETTA: Gunmen attacked a checkpoint on Thursday, police said.",
            date(2020, 10, 9),
            "9th of October 2020",
        ),
        (
            "Dated: 17-02-2021\n\nQUETTA: Gunmen attacked a checkpoint on Tuesday, police said.",
            date(2021, 2, 17),
            "17-02-2021",
        ),
        (
            "SANA'A, March 2nd 2017: Air strikes hit the city overnight, residents said.",
            date(2017, 3, 2),
            "March 2nd 2017",
        ),
        # A site's bar above the headline, and a date opening the body before "(CITY) -".
        (
            "Home / World  ·  Tuesday, 4 May 2021  ·  E-Paper  ·  Kabul 20°C\n\n"
            "Five soldiers killed in checkpoint raid\n\n"
            "QUETTA: Five soldiers were killed when attackers stormed a checkpost on Friday night, "
            "the army said.",
            date(2021, 5, 4),
            "4 May 2021",
        ),
        (
            "Army and rebels clash near the border\n\n"
            "March 2, 2017 (JUBA) - Fighting between the army and rebels has killed at least 30 people "
            "around the town, officials said on Thursday.",
            date(2017, 3, 2),
            "March 2, 2017",
        ),
        ("ISLAMABAD, Nov 5 (Reuters) - The army said militants attacked a post.", None, ""),
        ("Militants attacked a post in the north of the country, officials said.", None, ""),
    ],
)
def test_text_clean_publication_date(text: str, expected: date | None, written: str) -> None:
    assert find_published(clean(text)) == (expected, written)


BODY = "\n\nTroops clashed with rebels near the border overnight, the army said in a statement."


@pytest.mark.parametrize(
    ("header", "expected", "written"),
    [
        # A year glued to the time after it, or to the same date repeated, by copying.
        (
            "Border post reopens\n\nJune 3, 20228:15 AM UTCUpdated 2 years ago",
            date(2022, 6, 3),
            "June 3, 2022",
        ),
        (
            "Border post reopens\n\nJune 3, 20228:15 AM GMT+3Updated June 4, 2022",
            date(2022, 6, 3),
            "June 3, 2022",
        ),
        ("Published On 3 Jun 20223 Jun 2022", date(2022, 6, 3), "3 Jun 2022"),
        # A label alone on its line, its date on the next; the original publication wins.
        ("Border post reopens\n\nPublished\n3 June 2022\n\nShare", date(2022, 6, 3), "3 June 2022"),
        ("Posted\n4 Jun 2022\nOriginally published\n3 Jun 2022\nOrigin", date(2022, 6, 3), "3 Jun 2022"),
        ("Updated 5 June 2022\nAFP\nJune 3, 2022 22:41", date(2022, 6, 3), "June 3, 2022"),
        ("Updated June 4, 2022 11:32 AM\nPosted June 3, 2022 6:05 AM", date(2022, 6, 3), "June 3, 2022"),
        # Numeric dates: day first, unless the header names the month first beside them or
        # prints US time zones; year first always.
        ("Border post reopens\n\n06/03/2022June 3, 2022", date(2022, 6, 3), "06/03/2022"),
        ("Border post reopens\n\n06/03/2022 10:15 AM ET", date(2022, 6, 3), "06/03/2022"),
        ("Border post reopens\n\n06/03/2022 10:15 PKT", date(2022, 3, 6), "06/03/2022"),
        ("Source: Wire | 2022/06/03 10:15 | Editor: desk", date(2022, 6, 3), "2022/06/03"),
        ("Wire Desk | 2022/06/03 10:15", date(2022, 6, 3), "2022/06/03"),
        # Forms some outlets use: "Month D - YYYY", "Month D/YYYY" in a dateline, ordinals.
        ("June 3 - 2022 GAO / BAMAKO", date(2022, 6, 3), "June 3 - 2022"),
        ("Aden - Wire: [03/June/2022]", date(2022, 6, 3), "03/June/2022"),
        (
            "Border post reopens\n\nMekelle, June 3/2022 - Troops clashed near the border.",
            date(2022, 6, 3),
            "June 3/2022",
        ),
        # French and Spanish editions.
        (
            "Publi\u00e9 le 03 juin 2022 \u00e0 14h21, modifi\u00e9 le 04 juin 2022",
            date(2022, 6, 3),
            "03 juin 2022",
        ),
        ("Publicado el 3 de junio de 2022", date(2022, 6, 3), "3 de junio de 2022"),
        ("REDACCI\u00d3N\nCiudad de M\u00e9xico - 03 ago 2022 - 20:41 CEST", date(2022, 8, 3), "03 ago 2022"),
        ("Publicado em 3 de junho de 2022, \u00e0s 14:21", date(2022, 6, 3), "3 de junho de 2022"),
        # ... with the weekday in the edition's language, abbreviated or whole.
        (
            "Publi\u00e9 le ven, 03/06/2022 - 14:21 | Modifi\u00e9 le sam, 04/06/2022",
            date(2022, 6, 3),
            "03/06/2022",
        ),
        ("Publi\u00e9 le vendredi 3 juin 2022 \u00e0 14h21", date(2022, 6, 3), "3 juin 2022"),
        ("Publicado el viernes, 3 de junio de 2022 a las 14:21", date(2022, 6, 3), "3 de junio de 2022"),
        (
            "Mis \u00e0 jour le sam. 4 juin 2022\nPubli\u00e9 le ven. 3 juin 2022",
            date(2022, 6, 3),
            "3 juin 2022",
        ),
        (
            "Atualizado em sexta-feira, 3 de junho de 2022 \u00e0s 14h21",
            date(2022, 6, 3),
            "3 de junho de 2022",
        ),
        # A label in capitals is not a dateline's city; a labelled date line ending in a full stop
        # is not the body.
        ("UPDATED : 3 Jun 2022 at 14:21", date(2022, 6, 3), "3 Jun 2022"),
        (
            "Border post reopens\n\nPubli\u00e9 le 3 juin 2022 Lecture : 3 minutes.",
            date(2022, 6, 3),
            "3 juin 2022",
        ),
        ("June 3, 2022 03:00 PM Age: 2 years", date(2022, 6, 3), "June 3, 2022"),
        # Another calendar's numeric date beside the Gregorian one; two-digit years are not read.
        ("1401/03/13 | 2022-06-03", date(2022, 6, 3), "2022-06-03"),
        ("2079-02-20 | Jun 3, 2022", date(2022, 6, 3), "Jun 3, 2022"),
        ("Published: 06.03.22, 14:21", None, ""),
        # The page address pasted above the headline: the last resort.
        (
            "https://news.example.org/world/2022/06/03/border-post-reopens/\n\nBorder post reopens",
            date(2022, 6, 3),
            "2022-06-03",
        ),
        (
            "https://news.example.org/world/border-post-reopens\n\nPublished 4 June 2022",
            date(2022, 6, 4),
            "4 June 2022",
        ),
        # A byline beside the date, as blogs print it; a headline's "by" is not one.
        ("Border post reopens\n\nPosted by admin on June 3, 2022", date(2022, 6, 3), "June 3, 2022"),
        ("Border post reopens\n\nJune 3, 2022 by Staff Writer", date(2022, 6, 3), "June 3, 2022"),
        ("World | Asia\n\n3 June 2022 offensive by Army", None, ""),
        # A report series' title with its issue's date, a byline without a mark, a blog's category.
        ("Iran Update, June 3, 2022\n\nStaff Writer and Staff Writer", date(2022, 6, 3), "June 3, 2022"),
        ("Flash Update No. 3, 3 June 2022", date(2022, 6, 3), "3 June 2022"),
        ("The day rebels took the town, June 3, 2022", None, ""),
        ("Border post reopens\n\nStaff Writer Jun 3, 2022", date(2022, 6, 3), "Jun 3, 2022"),
        ("Border post reopens\n\nTalks Stalled Jun 3, 2022", None, ""),
        ("Border post reopens\n\nJune 3, 2022 in News", date(2022, 6, 3), "June 3, 2022"),
        # An outlet's address, a view counter, a breadcrumb, a gap of spaces beside the date.
        ("WIRE.COM Jun 3, 2022\n\nBorder post reopens", date(2022, 6, 3), "Jun 3, 2022"),
        ("Wire Desk  June 3, 2022  1.2k views", date(2022, 6, 3), "June 3, 2022"),
        ("Home > World > Asia > 03.06.2022", date(2022, 6, 3), "03.06.2022"),
        ("Staff Reporter \u00b7 June 3, 2022 \u00b7 Comments (3)", date(2022, 6, 3), "June 3, 2022"),
        # Never a date: ages, "Today", dates that are events' (headline, caption, teaser).
        ("Border post reopens\n\n3 hours ago\n\nShare", None, ""),
        ("Border post reopens\n\nBy Staff Writer\nToday, 2:21 pm", None, ""),
        ("Updated 2 hours ago", None, ""),
        # A label or a weekday before a date and a dash is not a dateline's city.
        (
            "Border post reopens\n\nPublished Friday, 3 June 2022 - 16:20\nUpdated Sunday, 5 June 2022",
            date(2022, 6, 3),
            "3 June 2022",
        ),
        ("Border post reopens\n\nFriday, 3 June 2022 - 16:20", date(2022, 6, 3), "3 June 2022"),
        # Another story's date on a "Read more" or "Related" line.
        (
            "Border post reopens\n\nRelated: Curfew lifted in the city | 3 June 2022\nBy Staff Writer",
            None,
            "",
        ),
        # Dates that are other things': captions, keys that are not the page's, archives,
        # boxes of other stories or of a timeline (to the next blank line).
        ("Border post reopens\n\nGuards at the post. (File photo: 3 June 2022)", None, ""),
        ("Profile\n\nBorn: 3 June 1965\nCommissioned: 1987", None, ""),
        ("Talks adjourned\n\nNext session: 3 June 2022 | Geneva", None, ""),
        ("Border post reopens\n\nFrom the archive | 3 June 2011", None, ""),
        ("Trending\nFloods hit the north\n3 June 2022\n\nBorder post reopens", None, ""),
        ("Border post reopens\n\nTimeline\n3 June 2022: Town falls\n\nBy Staff Writer", None, ""),
        (
            "Trending\nFloods hit the north\n3 June 2022\n\nBorder post reopens\n\n5 June 2022",
            date(2022, 6, 5),
            "5 June 2022",
        ),
        ("Border post reopens\n\nReport date: 5 June 2022", date(2022, 6, 5), "5 June 2022"),
        # The end of the period a report covers.
        ("Weekly overview\n\n28 May - 3 June 2022", None, ""),
        ("Weekly overview\n\nSection | Overview: 28 May - 3 June 2022 | Print", None, ""),
        ("Weekly overview\n\nMay 28 to June 3, 2022", None, ""),
        ("Weekly overview\n\nWire Desk | 10:20 - 3 June 2022", date(2022, 6, 3), "3 June 2022"),
        ("Truce to start on 3 June 2022, mediators say", None, ""),
        ("World | Asia\n\nVote set for 3 June 2022 amid boycott calls", None, ""),
        (
            "Border post reopens\n\nGuards at the crossing in a file photo taken on June 3, 2022. - AFP/File",
            None,
            "",
        ),
    ],
)
def test_text_clean_publication_date_classes(header: str, expected: date | None, written: str) -> None:
    assert find_published(clean(header + BODY)) == (expected, written)


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        # The report's own date after a reporting word in the lead...
        (
            "QUETTA: Six men were held after a raid, the ministry announced on Monday, 4 July 2022.",
            date(2022, 7, 4),
            "Monday, 4 July 2022",
        ),
        (
            "QUETTA: Six men were held after a raid, police told reporters in the city on 4 July 2022.",
            date(2022, 7, 4),
            "4 July 2022",
        ),
        # ... or on the day of a year-less dateline.
        (
            "QUETTA, July 4 (AFP) - The toll rose to 12 on Monday, July 4, 2022, officials said.",
            date(2022, 7, 4),
            "Monday, July 4, 2022",
        ),
        # The day the report was filed outranks an update.
        (
            "Updated 6 July 2022\n\nQUETTA, July 4 (AFP) - Six men were held, police said.",
            date(2022, 7, 4),
            "July 4",
        ),
        (
            "Updated 2 Jan 2023\n\nQUETTA, Dec 31 (AFP) - Six men were held, police said.",
            date(2022, 12, 31),
            "Dec 31",
        ),
        (
            "Updated 6 July 2022\n\nQUETTA, July 4, 2022 (AP) - Six men were held, police said.",
            date(2022, 7, 4),
            "July 4, 2022",
        ),
        (
            "Published 6 July 2022\n\nQUETTA, July 4, 2022 (AP) - Six men were held, police said.",
            date(2022, 7, 6),
            "6 July 2022",
        ),
        (
            "Updated 6 July 2022\n\nQUETTA, May 4 (AFP) - Six men were held, police said.",
            date(2022, 7, 6),
            "6 July 2022",
        ),
        (
            "Six held after raid\n\nPolice say the men were planning an attack on a market in the city.\n\n"
            "By Staff Writer\nUpdated 6 July 2022\n\nQUETTA, July 4 (AFP) - Six men were held, police said.",
            date(2022, 7, 4),
            "July 4",
        ),
        # An ambiguous numeric header date read the way the dateline names the day.
        (
            "06/07/2022\n\nQUETTA, June 7 (AFP) - Six men were held, police said.",
            date(2022, 6, 7),
            "06/07/2022",
        ),
        (
            "06/07/2022\n\nQUETTA, July 6 (AFP) - Six men were held, police said.",
            date(2022, 7, 6),
            "06/07/2022",
        ),
        (
            "Six held after raid\n\nPolice say the men were planning an attack on a market in the city.\n\n"
            "Image source, Staff\nImage caption,\nThe market\nShare\nSave\nFacebook\nEmail\nPublished\n"
            "5 July 2022\n\nSix men were held after a raid on a house in the city, police said on Tuesday.",
            date(2022, 7, 5),
            "5 July 2022",
        ),
        # A print edition's date at the foot completes a year-less dateline a few days before it.
        (
            "QUETTA, July 4 - Six men were held after a raid, police said.\n\n"
            "Published in The Daily, July 5th, 2022.",
            date(2022, 7, 4),
            "July 4",
        ),
        (
            "QUETTA, July 4 - Six men were held, police said.\n\nPublished in The Daily, May 5, 2022.",
            None,
            "",
        ),
        # Any other date in the lead is an event's, and a quoted one is the speaker's.
        (
            "QUETTA: Fighting resumed, weeks after a truce signed on 3 March 2022 had held, residents said.",
            None,
            "",
        ),
        (
            "QUETTA, July 4 (AFP) - The truce agreed on Friday, 3 June 2022 has collapsed, officials said.",
            None,
            "",
        ),
        (
            'Curfew extended\n\nThe mayor said: "Since 12 March 2022 the city has been under curfew."',
            None,
            "",
        ),
    ],
)
def test_text_clean_report_date_in_lead(text: str, expected: date | None, written: str) -> None:
    assert find_published(clean(text)) == (expected, written)


def test_text_clean_dateline_under_a_standfirst() -> None:
    text = (
        "Police say the men were planning an attack on a market in the city.\n\nBy Staff Writer\n\n"
        "QUETTA, July 4 (AFP) - Six men were held, police said.\n\nKABUL: not a dateline here."
    )
    doc = clean(text)
    assert doc.body_start == 0
    assert doc.dateline is not None and (doc.dateline.city, doc.dateline.date_text) == ("QUETTA", "July 4")
    assert text[doc.dateline.start : doc.dateline.end].startswith("QUETTA, July 4 (AFP) -")
    # Without a date or an agency a capitalised opening there is not taken for a dateline.
    assert clean(text.replace(", July 4 (AFP)", "")).dateline is None


@pytest.mark.parametrize(
    "text",
    [
        "Staff" + " " * 5000 + "Writer November 5, 2021",
        "Flash Update " + "A" * 5000 + ", November 5, 2021",
        "a-" * 5000 + " November 5, 2021",
        "Head\n\n" + "Aaa " * 3000 + "Jun 3, 2022",
        "Head\n\n" + "".join(f"2021-13-{day:02d} | " for day in range(32, 99)) + "\n\nBody.",
    ],
    ids=["spaces", "capitals", "hyphens", "names", "impossible dates"],
)
def test_text_clean_publication_date_patterns_stay_linear(text: str) -> None:
    started = time.perf_counter()
    find_published(clean(text))
    assert time.perf_counter() - started < 1.0  # about 10 ms; a backtracking pattern takes seconds


def test_text_clean_html() -> None:
    html = (
        "<html><head><style>p{}</style><script>var x=1;</script></head>"
        "<body><h1>Title</h1><p>One &amp; two.</p><p>Three</p></body></html>"
    )
    assert looks_like_html(html)
    assert not looks_like_html("Plain prose with a <b> tag.")
    assert html_to_text(html) == "Title\n\nOne & two.\n\nThree"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2022-06-03T09:31:00+00:00">', date(2022, 6, 3)),
        ('<meta itemprop="datePublished" content="2022-06-03">', date(2022, 6, 3)),
        ('<script type="application/ld+json">{"datePublished": "2022-06-03"}</script>', date(2022, 6, 3)),
        ('<meta property="article:modified_time" content="2022-06-05T09:31:00Z">', None),
        ('<meta property="article:published_time" content="yesterday">', None),
    ],
)  # fmt: skip
def test_text_clean_html_metadata_publication_date(head: str, expected: date | None) -> None:
    html = (
        f"<html><head>{head}</head><body><h1>Border post reopens</h1>"
        "<p>Troops clashed with rebels near the border overnight, the army said in a statement.</p>"
        "</body></html>"
    )
    text = html_to_text(html)
    assert find_published(clean(text))[0] == expected
    assert text.endswith("the army said in a statement.")


def test_text_clean_markdown_keeps_length() -> None:
    md = "# Title\n\n**KABUL**: Talks [resumed](https://example.org/x) in `Doha`.\n> quoted"
    out = markdown_to_text(md)
    assert len(out) == len(md)
    assert "**" not in out and "https" not in out and "#" not in out and "`" not in out
    assert "resumed" in out and out.index("resumed") == md.index("resumed")


FOOT_BODY = (
    "Checkpost attacked\n\nBANNU: Militants attacked a police checkpost late on Tuesday, police said.\n\n"
    "Reinforcements reached the post after two hours.\n\n"
)


@pytest.mark.parametrize(
    ("foot", "expected", "written"),
    [
        # A print edition's own line, or a labelled first publication, dates a page whose head gives none.
        ("Published in Dawn, March 21st, 2024", date(2024, 3, 21), "March 21st, 2024"),
        ("Published in The Express Tribune, June 3rd, 2022.", date(2022, 6, 3), "June 3rd, 2022"),
        (
            "A version of this article appears in print on June 3, 2022, Section A, Page 8.",
            date(2022, 6, 3),
            "June 3, 2022",
        ),
        ("This article was first published on 3 June 2022.", date(2022, 6, 3), "3 June 2022"),
        # A sentence that mentions publishing something is the body's, not the page's.
        ("The decree was published in the Gazette on 3 June 2022 and took effect at once.", None, ""),
    ],
)
def test_text_clean_publication_date_at_the_foot(foot: str, expected: date | None, written: str) -> None:
    assert find_published(clean(FOOT_BODY + foot + "\n")) == (expected, written)


@pytest.mark.parametrize(
    ("header", "expected", "written"),
    [
        # A weekday printed before a numeric date decides which number is the day.
        ("Security\n\nWed, 06/08/2022 - 10:35", date(2022, 6, 8), "Wed, 06/08/2022"),
        ("Security\n\nSat, 06/08/2022 - 10:35", date(2022, 8, 6), "Sat, 06/08/2022"),
        ("Security\n\nTuesday 11/02/2020", date(2020, 2, 11), "Tuesday 11/02/2020"),
        # A weekday that fits neither reading leaves the usual day-first reading.
        ("Security\n\nMon, 06/08/2022", date(2022, 8, 6), "Mon, 06/08/2022"),
        # An outlet's name before the page's date is not a dateline.
        ("THE DAILY LEDGER - Back Page; October 14, 2016", date(2016, 10, 14), "October 14, 2016"),
    ],
)
def test_text_clean_publication_date_weekday_and_outlet(
    header: str, expected: date | None, written: str
) -> None:
    assert find_published(clean(header + BODY)) == (expected, written)


@pytest.mark.parametrize(
    ("opening", "city", "date_text", "agency"),
    [
        # A place written as a name with a year-less date is a dateline only with an agency's bracket.
        ("Pemba, 8 Jun (AIM) - Insurgents raided two villages.", "Pemba", "8 Jun", "AIM"),
        ("Maputo, June 8 (Lusa) -- The army said it had retaken the town.", "Maputo", "June 8", "Lusa"),
        ("Kabul, 8 June - the day the talks opened.", None, "", ""),
    ],
)
def test_text_clean_titled_dateline_with_agency(
    opening: str, city: str | None, date_text: str, agency: str
) -> None:
    found = match_dateline(opening)
    if city is None:
        assert found is None
    else:
        assert found is not None
        assert (found.group("city"), found.group("date"), found.group("agency")) == (city, date_text, agency)
