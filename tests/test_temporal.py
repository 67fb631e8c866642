"""Temporal tagger: a hand-written corpus of expressions, spans, precision and invariants.

Each case marks the expected expression with [brackets]; the test strips them and checks
that the tagger returns exactly that span with the expected TIMEX3 type, value and mod.
Reference date 2021-11-05 is a Friday.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.schema import PRECISIONS
from loaders.temporal import (
    Timex,
    duration_to_timedelta,
    parse_absolute,
    parse_duration,
    ranges,
    tag,
    value_span,
)

REF = date(2021, 11, 5)
FEB = date(2022, 2, 10)
DCT89 = date(1989, 10, 26)
JAN = date(2022, 1, 20)

# (sentence with [expression], reference date, type, value, mod)
CASES: list[tuple[str, date, str, str, str]] = [
    # --- the seed article's constructions, in our own sentences
    (
        "The siege of the town lasted [for nearly two weeks] before the army withdrew.",
        REF,
        "DURATION",
        "P2W",
        "APPROX",
    ),
    ("Talks between the two sides broke down [last month].", REF, "DATE", "2021-10", ""),
    ("The group announced a [month-long] ceasefire on Monday.", REF, "DURATION", "P1M", ""),
    ("Attacks have risen sharply since [August].", REF, "DATE", "2021-08", ""),
    ("The insurgency has lasted [nearly two decades].", REF, "DURATION", "P20Y", "APPROX"),
    ("A one-month truce ended [on Friday].", REF, "DATE", "2021-11-05", ""),
    ("Officials met in Kabul [in August] to discuss prisoners.", REF, "DATE", "2021-08", ""),
    ("The group took control of the capital [in August].", REF, "DATE", "2021-08", ""),
    # --- absolute dates, every common written form
    ("The bombing happened on [5 November 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [November 5, 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [Nov. 5, 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [Nov 5 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [2021-11-05] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [the 5th of November] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [Friday, November 5, 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [5th November 2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [November 5th] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [5/11/2021] near the market.", REF, "DATE", "2021-11-05", ""),
    ("The bombing happened on [25/12/2020] in the evening.", REF, "DATE", "2020-12-25", ""),
    ("The register shows [12/25/2020] as the date.", REF, "DATE", "2020-12-25", ""),
    ("The accord was signed in [March 2014].", REF, "DATE", "2014-03", ""),
    ("The accord was signed in [March of 2014].", REF, "DATE", "2014-03", ""),
    ("The accord was signed in [2014].", REF, "DATE", "2014", ""),
    ("The accord was signed on [Sept. 30, 1989].", REF, "DATE", "1989-09-30", ""),
    ("The accord was signed on [Sept 30].", DCT89, "DATE", "1989-09-30", ""),
    ("Fighting resumed on [2 Jan 2022].", REF, "DATE", "2022-01-02", ""),
    ("Fighting resumed on [January 2nd, 2022].", REF, "DATE", "2022-01-02", ""),
    ("The curfew started at [2021-11-05T15:00].", REF, "TIME", "2021-11-05T15:00", ""),
    ("The report is dated [1 Feb. 2020].", REF, "DATE", "2020-02-01", ""),
    ("The city fell on [15 August 2021], after a rapid advance.", REF, "DATE", "2021-08-15", ""),
    ("Elections are due in [October 2022].", REF, "DATE", "2022-10", ""),
    # --- year-less dates and tense
    ("The convoy was attacked [in August].", REF, "DATE", "2021-08", ""),
    ("The army will begin its offensive [on March 10].", FEB, "DATE", "2022-03-10", ""),
    ("Talks will resume [in January].", REF, "DATE", "2022-01", ""),
    ("The governor resigned [in January].", FEB, "DATE", "2022-01", ""),
    ("The assembly met [on October 22].", REF, "DATE", "2021-10-22", ""),
    ("The court will rule [on December 3].", REF, "DATE", "2021-12-03", ""),
    ("The ministry said the deadline is [Jan. 14].", date(2000, 1, 6), "DATE", "2000-01-14", ""),
    ("The aid convoy arrived [in early March].", date(2022, 6, 1), "DATE", "2022-03", "START"),
    ("Protests erupted [in late September].", REF, "DATE", "2021-09", "END"),
    ("The talks are planned for [mid-December].", REF, "DATE", "2021-12", "MID"),
    ("The monsoon floods hit [in July].", REF, "DATE", "2021-07", ""),
    ("The troops left [last August].", REF, "DATE", "2021-08", ""),
    ("The troops will leave [next March].", REF, "DATE", "2022-03", ""),
    # --- deictic relatives (news mode)
    ("Two soldiers were killed [yesterday].", REF, "DATE", "2021-11-04", ""),
    ("The minister spoke [today].", REF, "DATE", "2021-11-05", ""),
    ("The vote will take place [tomorrow].", REF, "DATE", "2021-11-06", ""),
    ("Shelling continued [this week].", REF, "DATE", "2021-W44", ""),
    ("Shelling continued [last week].", REF, "DATE", "2021-W43", ""),
    ("Talks are expected [next week].", REF, "DATE", "2021-W45", ""),
    ("Inflation has doubled [this year].", REF, "DATE", "2021", ""),
    ("Inflation doubled [last year].", REF, "DATE", "2020", ""),
    ("Elections are planned [next year].", REF, "DATE", "2022", ""),
    ("Prices rose [this month].", REF, "DATE", "2021-11", ""),
    ("Prices will rise [next month].", REF, "DATE", "2021-12", ""),
    ("The offensive began [a week ago].", REF, "DATE", "2021-W43", ""),
    ("The offensive began [two days ago].", REF, "DATE", "2021-11-03", ""),
    ("The offensive began [three months ago].", REF, "DATE", "2021-08", ""),
    ("The offensive began [five years ago].", REF, "DATE", "2016", ""),
    ("The camp was set up [a decade ago].", REF, "DATE", "2011", ""),
    ("The results are due [two weeks from now].", REF, "DATE", "2021-W46", ""),
    ("The group had regrouped [earlier this year].", REF, "DATE", "2021", "START"),
    ("A new round is expected [later this year].", REF, "DATE", "2021", "END"),
    ("Clashes broke out [earlier this month].", REF, "DATE", "2021-11", "START"),
    ("Elections are due [early next year].", REF, "DATE", "2022", "START"),
    ("Rebels seized the town [last Friday].", REF, "DATE", "2021-10-29", ""),
    ("Rebels will attack [next Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("Rebels seized the town [on Tuesday].", REF, "DATE", "2021-11-02", ""),
    ("Rebels said they will attack [on Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("The president arrived [Wednesday].", REF, "DATE", "2021-11-03", ""),
    ("The president is expected to arrive [on Monday].", REF, "DATE", "2021-11-08", ""),
    ("Troops crossed the border [this morning].", REF, "TIME", "2021-11-05TMO", ""),
    ("The strike happened [last night].", REF, "TIME", "2021-11-04TNI", ""),
    ("Sirens sounded [yesterday morning].", REF, "TIME", "2021-11-04TMO", ""),
    ("The curfew begins [tonight].", REF, "TIME", "2021-11-05TNI", ""),
    ("Protesters gathered [Thursday evening].", REF, "TIME", "2021-11-04TEV", ""),
    ("The talks resume [this afternoon].", REF, "TIME", "2021-11-05TAF", ""),
    ("The blast happened [this weekend].", REF, "DATE", "2021-W44-WE", ""),
    ("Shops reopened [last weekend].", REF, "DATE", "2021-W43-WE", ""),
    ("The decade ended and [the next decade] began with war.", REF, "DATE", "203", ""),
    ("Unrest grew [last decade].", REF, "DATE", "201", ""),
    ("The town was shelled [the day before yesterday].", REF, "DATE", "2021-11-03", ""),
    ("Results come out [the day after tomorrow].", REF, "DATE", "2021-11-07", ""),
    ("The group was founded [this century].", REF, "DATE", "20", ""),
    # --- times of day
    ("The explosion happened at [3 p.m.] near the gate.", REF, "TIME", "2021-11-05T15:00", ""),
    ("The explosion happened at [10:35 a.m.] near the gate.", REF, "TIME", "2021-11-05T10:35", ""),
    (
        "The explosion happened at [about 10:35 a.m.] near the gate.",
        REF,
        "TIME",
        "2021-11-05T10:35",
        "APPROX",
    ),
    ("The explosion happened at [9 a.m. Tuesday] near the gate.", REF, "TIME", "2021-11-02T09:00", ""),
    ("The explosion happened at [5 p.m. EST] near the gate.", REF, "TIME", "2021-11-05T17:00", ""),
    ("The curfew starts at [midnight].", REF, "TIME", "2021-11-05T24:00", ""),
    ("The ceasefire took effect at [noon] on the border.", REF, "TIME", "2021-11-05T12:00", ""),
    ("The raid started at [14:30 local time].", REF, "TIME", "2021-11-05T14:30", ""),
    ("Gunfire was heard at [4 in the morning].", REF, "TIME", "2021-11-05T04:00", ""),
    ("The raid ended at [6 o'clock].", REF, "TIME", "2021-11-05T06:00", ""),
    ("The parliament met at [11:45 pm] on the last day.", REF, "TIME", "2021-11-05T23:45", ""),
    # --- durations
    ("The talks lasted [two weeks].", REF, "DURATION", "P2W", ""),
    ("The talks lasted [a mere 24 hours].", REF, "DURATION", "PT24H", ""),
    ("The militia held the bridge for [several years].", REF, "DURATION", "PXY", ""),
    ("The war lasted [two decades].", REF, "DURATION", "P20Y", ""),
    ("The blockade lasted [three months].", REF, "DURATION", "P3M", ""),
    ("He served a [10-year] sentence.", REF, "DURATION", "P10Y", ""),
    ("The hostages were held for [five days].", REF, "DURATION", "P5D", ""),
    ("The hostages were held for [about five days].", REF, "DURATION", "P5D", "APPROX"),
    ("The hostages were held for [more than five days].", REF, "DURATION", "P5D", "MORE_THAN"),
    ("The hostages were held for [less than an hour].", REF, "DURATION", "PT1H", "LESS_THAN"),
    ("The hostages were held for [at least 72 hours].", REF, "DURATION", "PT72H", "EQUAL_OR_MORE"),
    ("The hostages were held for [up to 180 days].", REF, "DURATION", "P180D", "EQUAL_OR_LESS"),
    ("The hostages were held for [almost a year].", REF, "DURATION", "P1Y", "LESS_THAN"),
    ("The hostages were held for [45 minutes].", REF, "DURATION", "PT45M", ""),
    ("The hostages were held for [ten seconds].", REF, "DURATION", "PT10S", ""),
    ("It was a [two-day] visit.", REF, "DURATION", "P2D", ""),
    ("It was a [16-hour] journey.", REF, "DURATION", "PT16H", ""),
    ("It was a [week-long] siege.", REF, "DURATION", "P1W", ""),
    ("It ended a [decades-long] dispute.", REF, "DURATION", "PXY", ""),
    ("The dispute went on for [years].", REF, "DURATION", "PXY", ""),
    ("The region has been unstable for [months].", REF, "DURATION", "PXM", ""),
    ("The fighting went on for [a couple of years].", REF, "DURATION", "P2Y", ""),
    ("Aid will flow over [the next two years].", REF, "DURATION", "P2Y", ""),
    ("Prices rose over [the past two months].", REF, "DURATION", "P2M", ""),
    ("The camp grew during [the past five days].", REF, "DURATION", "P5D", ""),
    ("The province has changed hands in [the last twenty years].", REF, "DURATION", "P20Y", ""),
    ("The ruins have stood for [two centuries].", REF, "DURATION", "P200Y", ""),
    ("Shelling lasted [twenty-four hours] without pause.", REF, "DURATION", "PT24H", ""),
    ("The agency counted refugees for [a fortnight].", REF, "DURATION", "P2W", ""),
    ("The operation took [a few weeks].", REF, "DURATION", "PXW", ""),
    ("They waited for [a decade].", REF, "DURATION", "P10Y", ""),
    ("The regime ruled for [half a century].", REF, "DURATION", "P50Y", ""),
    # --- ranges: two expressions, as TempEval annotates them
    ("Voting took place between 3 and [7 March 2021].", REF, "DATE", "2021-03-07", ""),
    ("Voting took place between [3] and 7 March 2021.", REF, "DATE", "2021-03-03", ""),
    ("The war ran from [2014] to 2016.", REF, "DATE", "2014", ""),
    ("The war ran from 2014 to [2016].", REF, "DATE", "2016", ""),
    ("The war ran [2014]-16 in the north.", REF, "DATE", "2014", ""),
    ("The war ran 2014-[16] in the north.", REF, "DATE", "2016", ""),
    ("Fighting peaked on [March 3]-7, 2021.", REF, "DATE", "2021-03-03", ""),
    ("Fighting peaked on March 3-[7, 2021].", REF, "DATE", "2021-03-07", ""),
    # --- approximations and parts
    ("The shrine was built [around 1504].", REF, "DATE", "1504", "APPROX"),
    ("The rebellion started in [early 2020].", REF, "DATE", "2020", "START"),
    ("The rebellion started in [mid-2020].", REF, "DATE", "2020", "MID"),
    ("The rebellion started in [late 2020].", REF, "DATE", "2020", "END"),
    ("The deal is due by [the end of 2022].", REF, "DATE", "2022", "END"),
    ("Fighting resumed at [the beginning of October].", REF, "DATE", "2021-10", "START"),
    ("Fighting resumed in [the middle of October].", REF, "DATE", "2021-10", "MID"),
    ("Fighting resumed at [the end of the year].", REF, "DATE", "2021", "END"),
    ("The army withdrew in [the late 1980s].", REF, "DATE", "198", "END"),
    ("The army withdrew in [the early 1990s].", REF, "DATE", "199", "START"),
    # --- seasons, quarters, decades, centuries, historic dates
    ("The offensive came in [summer 2021].", REF, "DATE", "2021-SU", ""),
    ("The offensive came [last summer].", REF, "DATE", "2021-SU", ""),
    ("The offensive will come [next spring].", REF, "DATE", "2022-SP", ""),
    ("The offensive came in [the winter of 1994].", REF, "DATE", "1994-WI", ""),
    ("The offensive came [this fall].", REF, "DATE", "2021-FA", ""),
    ("Profits rose in [the third quarter].", REF, "DATE", "2021-Q3", ""),
    ("Profits rose in [the third quarter of 2020].", REF, "DATE", "2020-Q3", ""),
    ("Profits rose in [Q3 2020].", REF, "DATE", "2020-Q3", ""),
    ("[Third-quarter] profits rose.", DCT89, "DATE", "1989-Q3", ""),
    ("Profits rose in [the fiscal second quarter].", DCT89, "DATE", "1989-Q2", ""),
    ("In the third quarter profits rose from [a year ago].", DCT89, "DATE", "1988-Q3", ""),
    ("The movement began in [the 1990s].", REF, "DATE", "199", ""),
    ("The movement began in [the '80s].", REF, "DATE", "198", ""),
    ("The movement began in [the sixties].", REF, "DATE", "196", ""),
    ("The statues were carved in [the 6th century].", REF, "DATE", "05", ""),
    ("The statues were carved in [the sixth century].", REF, "DATE", "05", ""),
    ("The statues date from [the 20th century].", REF, "DATE", "19", ""),
    ("The fort was built in [1504].", REF, "DATE", "1504", ""),
    ("The city was founded in [330 BC].", REF, "DATE", "BC0330", ""),
    ("The city was rebuilt in [AD 79].", REF, "DATE", "0079", ""),
    ("The manuscript dates from [1066].", REF, "DATE", "1066", ""),
    ("The treaty was signed in [the year two thousand].", REF, "DATE", "2000", ""),
    ("It happened in [nineteen ninety-six].", REF, "DATE", "1996", ""),
    # --- sets
    ("Patrols pass [every Friday].", REF, "SET", "XXXX-WXX-5", ""),
    ("The council meets [annually].", REF, "SET", "P1Y", ""),
    ("The council meets [daily].", REF, "SET", "P1D", ""),
    ("The council meets [weekly].", REF, "SET", "P1W", ""),
    ("The council meets [monthly].", REF, "SET", "P1M", ""),
    ("The council meets [every month].", REF, "SET", "P1M", ""),
    ("The council meets [each year].", REF, "SET", "P1Y", ""),
    ("The council meets [every two weeks].", REF, "SET", "P2W", ""),
    ("The council meets [every July].", REF, "SET", "XXXX-07", ""),
    ("The council meets twice [a year].", REF, "SET", "P1Y", ""),
    ("The market opens on [Tuesdays].", REF, "SET", "XXXX-WXX-2", ""),
    ("The council meets [every morning].", REF, "SET", "XXXX-XX-XXTMO", ""),
    # --- vague references
    ("The city is [now] under curfew.", REF, "DATE", "PRESENT_REF", ""),
    ("The city is [currently] under curfew.", REF, "DATE", "PRESENT_REF", ""),
    ("The city was [recently] retaken.", REF, "DATE", "PAST_REF", ""),
    ("Such raids were common in [the past].", REF, "DATE", "PAST_REF", ""),
    ("Such raids may happen in [the future].", REF, "DATE", "FUTURE_REF", ""),
    ("Such raids have grown in [recent years].", REF, "DURATION", "PXY", ""),
    ("Shelling has eased in [recent days].", REF, "DURATION", "PXD", ""),
    ("Investors worried about [recent] losses at the bank.", REF, "DATE", "PAST_REF", ""),
    ("The [current] government denies it.", REF, "DATE", "PRESENT_REF", ""),
    ("Such raids were common [several years ago].", REF, "DATE", "PAST_REF", ""),
    ("The two sides have met [lately].", REF, "DATE", "PAST_REF", ""),
    ("Life is hard [these days] in the camps.", REF, "DATE", "PRESENT_REF", ""),
    # --- holidays
    ("The attack came on [Christmas Day].", REF, "DATE", "2020-12-25", ""),
    ("The attack came on [New Year's Eve 2019].", REF, "DATE", "2019-12-31", ""),
    ("The truce held over [Easter 2021].", REF, "DATE", "2021-04-04", ""),
    # --- history dates with explicit years far from the reference
    ("The fort fell on [12 June 1916].", REF, "DATE", "1916-06-12", ""),
    ("The uprising of [1857] spread quickly.", REF, "DATE", "1857", ""),
    ("The revolt broke out in [May 1916].", REF, "DATE", "1916-05", ""),
    # --- company-report idioms from the benchmark genre (our own sentences)
    ("Sales rose in [the latest quarter].", DCT89, "DATE", "1989-Q3", ""),
    ("Earnings fell from [a year earlier].", DCT89, "DATE", "1988", ""),
    ("In the third quarter revenue rose from [the year-earlier period].", DCT89, "DATE", "1988-Q3", ""),
    ("Revenue grew in [fiscal 1989].", DCT89, "DATE", "1989", ""),
    ("Revenue grew over [the nine months].", DCT89, "DURATION", "P9M", ""),
    # --- other languages' shapes in English text are left to parse_absolute
    ("The truce held until [Sunday].", REF, "DATE", "2021-10-31", ""),
    ("Negotiators will return [on Sunday].", REF, "DATE", "2021-11-07", ""),
    ("He was born on [July 4, 1976].", REF, "DATE", "1976-07-04", ""),
    ("The talks were held [last April].", REF, "DATE", "2021-04", ""),
    ("The bombing was in [April 2013].", REF, "DATE", "2013-04", ""),
    ("Violence spiked [in recent weeks].", REF, "DURATION", "PXW", ""),
    ("The deal expires at [the end of this week].", REF, "DATE", "2021-W44", "END"),
    ("The deal expires at [the end of the month].", REF, "DATE", "2021-11", "END"),
    ("The election was held [in September].", REF, "DATE", "2021-09", ""),
    ("The election will be in [December].", REF, "DATE", "2021-12", ""),
    ("Shops closed [this past weekend].", REF, "DATE", "2021-W43-WE", ""),
    ("The siege ended in [the spring of 1916].", REF, "DATE", "1916-SP", ""),
    ("The first convoy left in [2019], the second in 2020.", REF, "DATE", "2019", ""),
    ("Unrest spread in [2011] across the region.", REF, "DATE", "2011", ""),
    ("The rebels retook it [last year] after a siege.", FEB, "DATE", "2021", ""),
    ("Three people died [on Sunday night].", REF, "TIME", "2021-10-31TNI", ""),
    ("The order came [Monday morning].", REF, "TIME", "2021-11-01TMO", ""),
    ("The accord took effect on [1 January 2022].", REF, "DATE", "2022-01-01", ""),
    ("The accord took effect on [January 1].", FEB, "DATE", "2022-01-01", ""),
    ("He has lived there [since 2015].", REF, "DATE", "2015", ""),
    ("The colony will be founded in [March 2400], the novel says.", REF, "DATE", "2400-03", ""),
    ("The treaty is dated [3 March 2300].", REF, "DATE", "2300-03-03", ""),
    ("The power will be out for [a while].", REF, "DURATION", "PXX", ""),
    ("By [mid afternoon], the streets were empty.", REF, "TIME", "2021-11-05TAF", "MID"),
    ("The raid began in [the early morning].", REF, "TIME", "2021-11-05TMO", "START"),
    ("Third-quarter sales rose; in [the latest period] costs fell.", DCT89, "DATE", "1989-Q3", ""),
    ("Profit for [the full year] is expected to rise.", DCT89, "DATE", "1989", ""),
    ("The vote is planned for [Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("Relatives said they would fight [Wednesday]'s ruling.", REF, "DATE", "2021-11-03", ""),
    ("The minister hopes to sign the deal on [Monday].", REF, "DATE", "2021-11-08", ""),
    ("The shrine was built [c. 1504].", REF, "DATE", "1504", "APPROX"),
    ("The shrine was built in [the 1500s].", REF, "DATE", "15", ""),
    ("The town was quiet by [the end of the day].", REF, "DATE", "2021-11-05", "END"),
    ("The parliament reopens on [Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("The ceasefire ended at [6pm on 14 August].", REF, "TIME", "2021-08-14T18:00", ""),
    ("The banks will stay closed until [Tuesday], the bank said.", REF, "DATE", "2021-11-09", ""),
    ("The bank was closed on [Tuesday].", REF, "DATE", "2021-11-02", ""),
    ("The vote is scheduled for [2 p.m. local time on Friday].", REF, "TIME", "2021-11-05T14:00", ""),
    ("On [5 May] 20 people died in the raid.", REF, "DATE", "2021-05-05", ""),
    ("The export lists [9-May-20] as the date.", REF, "DATE", "2020-05-09", ""),
    ("The export lists [2020/05/09] as the date.", REF, "DATE", "2020-05-09", ""),
    ("The storm hit on [the night of March 20].", date(2013, 3, 22), "TIME", "2013-03-20TNI", ""),
    ("The strike began at [0800 GMT on Thursday].", REF, "TIME", "2021-11-04T08:00", ""),
    ("He has worked there for [a year and a half].", REF, "DURATION", "P1Y6M", ""),
    ("Officials said it could take [weeks] or even months.", REF, "DURATION", "PXW", ""),
    ("Over [the past decade], growth averaged 10 percent.", REF, "DURATION", "P10Y", ""),
    ("[Hours later], the building collapsed.", REF, "DURATION", "PTXH", ""),
    ("Rescuers arrived within [hours] of the collapse.", REF, "DURATION", "PTXH", ""),
    ("The deal must be closed by [year-end].", REF, "DATE", "2021", "END"),
    ("The building was designed in [the mid-2000s].", REF, "DATE", "200", "MID"),
    ("The league's [2012]-13 season ended early.", REF, "DATE", "2012", ""),
    ("The ban took effect at [midnight Thursday].", REF, "TIME", "2021-11-04T24:00", ""),
    ("The plant has been closed since [last spring].", REF, "DATE", "2021-SP", ""),
    ("The vote was held [that same day].", REF, "DATE", "2021-11-05", ""),
    ("Sales fell in [the current fiscal year].", REF, "DATE", "2021", ""),
    # --- round 2: reports from the event stage, in our own sentences
    ("The clinic was shelled in [August last year].", REF, "DATE", "2020-08", ""),
    ("Grain prices peaked in [March last year] and fell after.", REF, "DATE", "2020-03", ""),
    ("[Last year's June 12] raid on the depot is still unsolved.", REF, "DATE", "2020-06-12", ""),
    ("Voters remember [last year's October] floods.", REF, "DATE", "2020-10", ""),
    ("Parties are preparing for [next year's May 3] election.", REF, "DATE", "2022-05-03", ""),
    ("The mission ends on [15 March next year].", REF, "DATE", "2022-03-15", ""),
    ("The army left in [late April last year].", REF, "DATE", "2020-04", "END"),
    ("Since [the start of the year], 40 villages emptied.", REF, "DATE", "2021", "START"),
    ("Since [the start of the month] the road has been shut.", REF, "DATE", "2021-11", "START"),
    ("The contingent will pull out by [September 11].", date(2021, 4, 14), "DATE", "2021-09-11", ""),
    ("The crossing will stay shut until [Wednesday].", REF, "DATE", "2021-11-10", ""),
    ("A ban imposed in the province on [Monday] will stay in place.", REF, "DATE", "2021-11-01", ""),
    ("Convoys that arrived on [Tuesday] will leave soon.", REF, "DATE", "2021-11-02", ""),
    ("The talks, postponed until [Tuesday], will be held in Doha.", REF, "DATE", "2021-11-09", ""),
    ("[A week] after gunmen stormed the hall, the trial opened.", REF, "DURATION", "P1W", ""),
    ("[Two days] after the convoy left, the bridge fell.", REF, "DURATION", "P2D", ""),
    ("[Two days after], the bridge fell.", REF, "DATE", "2021-11-07", ""),
    ("Kidnappings have doubled over [the past year].", REF, "DURATION", "P1Y", ""),
    ("Fuel was scarce during [the last month].", REF, "DURATION", "P1M", ""),
    ("Militias shelled the port [overnight], officials said.", REF, "TIME", "2021-11-04TNI", ""),
    ("The convoy will cross [overnight].", REF, "TIME", "2021-11-05TNI", ""),
    ("The colony is due to be settled in [2300].", REF, "DATE", "2300", ""),
    ("Sea levels may rise by a metre by [2400].", REF, "DATE", "2400", ""),
    ("Fighting raged from [March] to May 2021.", REF, "DATE", "2021-03", ""),
    ("The truce collapsed [a week] after 5 March 2021.", REF, "DATE", "2021-03-12", ""),
    ("The truce collapsed a week after [5 March 2021].", REF, "DATE", "2021-03-05", ""),
    ("Polls closed [two days] before October 3, officials said.", REF, "DATE", "2021-10-01", ""),
    ("The convoy left [three hours] after 5 March 2021.", REF, "DURATION", "PT3H", ""),
    ("The truck was seen near the base in the [weeks] before the blast.", REF, "DATE", "XXXX-XX", ""),
    ("The drought lasted from [November] to February 2021.", REF, "DATE", "2020-11", ""),
    ("The envoy spent [5 1/2 hours] at the border post.", REF, "DURATION", "PT5H30M", ""),
    ("Police run hundreds of checks [a day] at the crossing.", REF, "SET", "P1D", ""),
    ("The levy brings in $40 million [a year].", REF, "SET", "P1Y", ""),
    ("The town was under siege for [a year].", REF, "DURATION", "P1Y", ""),
    ("It was [a year] of hunger.", REF, "DURATION", "P1Y", ""),
    ("Then, [a week or so ago], the militia withdrew.", REF, "DATE", "2021-W43", ""),
    ("The shelling stopped for [half an hour].", REF, "DURATION", "PT30M", ""),
    ("The hostages were held for [3 1/2 days].", REF, "DURATION", "P3DT12H", ""),
    ("The monitors planned to visit the camp on [Thursday].", REF, "DATE", "2021-11-11", ""),
    ("Negotiations are set to resume [Monday] in Geneva.", REF, "DATE", "2021-11-08", ""),
    ("On [Tuesday], the council planned to meet again.", REF, "DATE", "2021-11-02", ""),
    ("The ambush was planned in [March], the court heard.", REF, "DATE", "2021-03", ""),
    ("Aid cuts will bite in [coming months], the agency warned.", REF, "DATE", "FUTURE_REF", ""),
    ("Revenue for [this year's third quarter] fell 8%.", DCT89, "DATE", "1989-Q3", ""),
    ("For [the year], exports were flat.", DCT89, "DATE", "1989", ""),
    ("Margins narrowed in [the first half of 1989].", DCT89, "DATE", "1989-H1", ""),
    ("Sales should recover in [the second half of the year].", DCT89, "DATE", "1989-H2", ""),
    ("Net income for [the year] ended June 30 rose.", DCT89, "DURATION", "P1Y", ""),
    ("Fighting eased over [the weekend], monitors said.", date(2021, 11, 8), "DATE", "2021-W44-WE", ""),
    ("Talks will go on over [the weekend].", date(2021, 11, 8), "DATE", "2021-W45-WE", ""),
    ("Hiring picked up [last fall], the survey found.", FEB, "DATE", "2021-FA", ""),
    ("Aid groups are not going to be left alone [this summer].", date(2021, 3, 20), "DATE", "2021-SU", ""),
    ("Food prices are going to climb in [the spring].", FEB, "DATE", "2022-SP", ""),
    ("The ban is effective [Feb. 1].", date(2021, 6, 10), "DATE", "2022-02-01", ""),
    ("The airline will add routes by [August] to reach markets untouched.", FEB, "DATE", "2022-08", ""),
    ("The plant could reopen in [next year's first quarter].", DCT89, "DATE", "1990-Q1", ""),
    ("In [the 1988 third quarter], the firm lost money.", DCT89, "DATE", "1988-Q3", ""),
    ("Third-quarter sales rose; in [the year-earlier period] they fell.", DCT89, "DATE", "1988-Q3", ""),
    ("In 1987 the third quarter was weak; profit rose from [a year earlier].", DCT89, "DATE", "1988-Q3", ""),
    # --- round 4: holidays, the open future, time zones, midnight as an anchor
    ("Polling stations opened on [Election Day] across the country.", REF, "DATE", "2021-11-02", ""),
    ("Markets stay shut on [Good Friday] this year.", FEB, "DATE", "2022-04-15", ""),
    ("Crowds marched on [Easter Monday] despite the ban.", REF, "DATE", "2021-04-05", ""),
    ("Crowds gathered on [St. Patrick's Day] in the capital.", REF, "DATE", "2021-03-17", ""),
    ("Veterans laid wreaths on [Memorial Day].", REF, "DATE", "2021-05-31", ""),
    ("Prices may ease in [the short term], the bank said.", REF, "DATE", "FUTURE_REF", ""),
    ("The blast was heard at [0230 HKT] near the harbour.", REF, "TIME", "2021-11-05T02:30", ""),
    ("The truce began at midnight; the first convoy crossed at [noon].", REF, "TIME", "2021-11-05T12:00", ""),
    ("Airport checks tightened after [9/11].", REF, "DATE", "2001-09-11", ""),
    ("Shelling resumed on [the third day] of the offensive.", REF, "DATE", "XXXX-XX-XX", ""),
    ("She promised to sign it on her [first day] in office.", REF, "DATE", "XXXX-XX-XX", ""),
    ("Neighbours saw him the [day] after the fire.", REF, "DATE", "XXXX-XX-XX", ""),
    ("He vanished on Oct. 2, [the day] before the raid.", REF, "DATE", "2021-10-02", ""),
    ("The [weeklong] summit ended without a deal.", REF, "DURATION", "P1W", ""),
    ("A [yearlong] inquiry cleared the officers.", REF, "DURATION", "P1Y", ""),
    ("The post-[1991] borders were recognised.", REF, "DATE", "1991", ""),
    ("The envoy is due to brief the council on [Monday].", REF, "DATE", "2021-11-08", ""),
    ("The inquiry took [four and a half years].", REF, "DURATION", "P4Y6M", ""),
    ("Negotiators talked for [two and a half hours].", REF, "DURATION", "PT2H30M", ""),
    ("The convoy reached the border on [the 3rd].", REF, "DATE", "2021-11-03", ""),
    ("The hearing will be held on [the 2nd].", REF, "DATE", "2021-12-02", ""),
    ("Troops crossed on 28 October and withdrew on [the 30th].", REF, "DATE", "2021-10-30", ""),
    ("The summit will be held on [Monday] in Geneva.", REF, "DATE", "2021-11-08", ""),
    ("The foreign minister travels to Ankara on [Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("Aid workers hope the border will [one day] reopen.", REF, "DATE", "FUTURE_REF", ""),
    ("Militias struck in the early hours of [Wednesday].", REF, "DATE", "2021-11-03", ""),
    ("The hearing was adjourned until [Tuesday].", REF, "DATE", "2021-11-09", ""),
    ("The runoff was postponed to [December].", REF, "DATE", "2021-12", ""),
    ("The rebels have until [Sunday] to hand over their weapons.", REF, "DATE", "2021-11-07", ""),
    ("Exports slumped by [end-September].", REF, "DATE", "2021-09", "END"),
    ("The new terminal should open in [start-2023].", REF, "DATE", "2023", "START"),
    ("Retailers slashed prices on [Black Friday].", REF, "DATE", "2020-11-27", ""),
    ("Shells have landed [every few days] since the truce.", REF, "SET", "PXD", ""),
    ("The suspect must report to the police [twice weekly].", REF, "SET", "P1W", ""),
    ("The envoy was kidnapped [last Dec. 12] near the border.", REF, "DATE", "2020-12-12", ""),
    ("The runoff is scheduled for [next March 6].", REF, "DATE", "2022-03-06", ""),
    ("Volunteers staffed the hotline [seven days a week].", REF, "SET", "P1W", ""),
    ("Militants raided the village during [the night of 4-5 May 2021].", REF, "TIME", "2021-05-04TNI", ""),
    ("[Overnight on 8-9 September 2021], drones struck a convoy.", REF, "TIME", "2021-09-08TNI", ""),
    ("A bomb exploded at [0300 hrs] near the market.", REF, "TIME", "2021-11-05T03:00", ""),
    ("The incident was reported on [04-06-2021].", REF, "DATE", "2021-06-04", ""),
    ("Protests peaked in [the week of 12 April 2021].", REF, "DATE", "2021-W15", ""),
    ("The envoy was named in [the autumn of last year].", REF, "DATE", "2020-FA", ""),
    ("The town fell in [the last days of August].", REF, "DATE", "2021-08", "END"),
    ("[A few days later], the council reversed its decision.", REF, "DURATION", "PXD", ""),
    ("Security changed after the [September 11] attacks.", REF, "DATE", "2001-09-11", ""),
    ("The occupation lasted [a year-and-a-half].", REF, "DURATION", "P1Y6M", ""),
    ("Shortages will last well into [the winter].", REF, "DATE", "2021-WI", ""),
    ("MPs broke up for the [Easter] recess after the vote.", date(2021, 3, 27), "DATE", "2021-04-04", ""),
    # --- round 5: a named quarter without a year follows the tense, as months do
    ("Profits fell 18% in [the fourth quarter], the firm said.", JAN, "DATE", "2021-Q4", ""),
    ("The firm expects a charge in [the fourth quarter].", JAN, "DATE", "2022-Q4", ""),
    ("The firm will report [first-quarter] results next week.", date(2022, 4, 20), "DATE", "2022-Q1", ""),
    ("The mine will reopen in [the first quarter].", REF, "DATE", "2022-Q1", ""),
    ("The firm earned $5 million in [the fiscal first quarter].", REF, "DATE", "2021-Q1", ""),
    # --- round 5: "last" as a verb is no past-tense cue; "expects" points ahead without "to"
    ("The envoy said the mission would last until [June].", FEB, "DATE", "2022-06", ""),
    ("The talks are expected to last until [Friday].", FEB, "DATE", "2022-02-11", ""),
    ("The firm expects a loss in [March].", FEB, "DATE", "2022-03", ""),
    ("The siege, which began [last week], ended on Friday.", REF, "DATE", "2021-W43", ""),
    # --- round 5: a clock time and the full date after it are one TIME
    ("Updated [1:48 p.m. EDT, Thu March 21, 2013].", REF, "TIME", "2013-03-21T13:48", ""),
    ("The offer expires at [5 p.m. EST, Nov. 6, 2022].", REF, "TIME", "2022-11-06T17:00", ""),
    ("Talks begin at [10 a.m. Tuesday, November 9].", REF, "TIME", "2021-11-09T10:00", ""),
    ("The strike came at [9 p.m. on Friday, October 29th].", REF, "TIME", "2021-10-29T21:00", ""),
    # --- round 5: a possessive weekday governed by a future word is the coming one
    ("The minister will fly home after [Sunday]'s summit.", REF, "DATE", "2021-11-07", ""),
    ("Campaigning ended ahead of [Sunday]'s vote.", REF, "DATE", "2021-11-07", ""),
    ("Before [Tuesday]'s attack, the town was calm.", REF, "DATE", "2021-11-02", ""),
    ("The opposition rejected [Wednesday]'s ruling.", REF, "DATE", "2021-11-03", ""),
    # --- round 5: a list of days is one DATE a day
    ("The camp was shelled on [2], 3 and 4 November.", REF, "DATE", "2021-11-02", ""),
    ("The camp was shelled on 2, [3] and 4 November.", REF, "DATE", "2021-11-03", ""),
    ("The camp was shelled on November 2, 3 and [4].", REF, "DATE", "2021-11-04", ""),
    ("Raids took place on 7th, [8th] and 9th October 2020.", REF, "DATE", "2020-10-08", ""),
    # --- round 5: the middle of a list of years; a year naming events before a plural
    ("Floods hit the valley in 2017, [2018] and 2020.", REF, "DATE", "2018", ""),
    ("Leaders of the [2011] protests were jailed.", REF, "DATE", "2011", ""),
    ("The party boycotted its [2018] elections.", REF, "DATE", "2018", ""),
    # --- round 5: month ranges with a dash; "half-" lengths
    ("Sales in the January-[March] period rose.", REF, "DATE", "2021-03", ""),
    ("The [May]-July rains flooded the camps.", REF, "DATE", "2021-05", ""),
    ("The Nov.-[Feb.] winter was harsh.", date(2021, 3, 3), "DATE", "2021-02", ""),
    ("The offensive ran [March]-May 2012.", REF, "DATE", "2012-03", ""),
    ("He gave a [half-hour] speech.", REF, "DURATION", "PT30M", ""),
    # --- round 5: a past verb right before the date's preposition makes the tense firm
    ("Attacks occurred in [January], the report said.", REF, "DATE", "2021-01", ""),
    ("The journalist was killed on [3 January].", REF, "DATE", "2021-01-03", ""),
    ("The attack took place in [January].", REF, "DATE", "2021-01", ""),
    ("He said the talks would resume in [January].", REF, "DATE", "2022-01", ""),
    ("The government has until [the end of the month] to respond.", REF, "DATE", "2021-11", "END"),
    ("Troops will leave by [the end of the year] in line with the deal.", REF, "DATE", "2021", "END"),
    # --- round 5: "said that Tuesday's ...": "that" opens a clause, the weekday stands alone
    ("Officials said Wednesday that [Tuesday]'s raid killed five.", REF, "DATE", "2021-11-02", ""),
    ("The army said that [Tuesday] was calm.", REF, "DATE", "2021-11-02", ""),
    # --- round 5: "in the morning" after a day the text named is that day's morning
    ("Markets fell on Tuesday. Traders sold in [the morning].", REF, "TIME", "2021-11-02TMO", ""),
    ("The attack began in [the morning] and ended at night.", REF, "TIME", "2021-11-05TMO", ""),
    # --- round 5: "that day" after a month the text named invents no day
    ("The town fell in March 2019. [That day], hundreds fled.", REF, "DATE", "2019-03", ""),
    ("The town fell on 3 March 2019. [The next day], the army left.", REF, "DATE", "2019-03-04", ""),
    # --- round 5: the nth week of a month; no sentence full stop inside "the evening of 28 October."
    ("Troops regained control in [the second week of October].", REF, "DATE", "2021-W41", ""),
    ("Talks failed in [the first week of January 2021].", REF, "DATE", "2021-W01", ""),
    ("Talks are set for [the last week of November 2021].", REF, "DATE", "2021-W47", ""),
    ("He has been missing since [the evening of 28 October].", REF, "TIME", "2021-10-28TEV", ""),
    # --- round 5: four-digit clock times as conflict reports write them
    ("At about [0200 local time on 3 November], gunmen struck.", REF, "TIME", "2021-11-03T02:00", ""),
    ("The incident occurred at [1430 hours on 2 November 2021].", REF, "TIME", "2021-11-02T14:30", ""),
    ("On 4/11/2021 at approximately [1300], gunmen opened fire.", REF, "TIME", "2021-11-04T13:00", ""),
    ("Volunteers gave [1000 hours] of work.", REF, "DURATION", "PT1000H", ""),
    ("On [the night of 2/3 November], drones struck the depot.", REF, "TIME", "2021-11-02TNI", ""),
    ("A curfew applies between [22:00] and 06:00 hrs.", REF, "TIME", "2021-11-05T22:00", ""),
    # --- round 5: Labour Day is 1 May in most of the world, the US one in September
    ("Workers marched on [Labor Day] against the lockdown.", date(2020, 5, 3), "DATE", "2020-05-01", ""),
    ("Unions marched on [Labor Day].", date(2021, 9, 10), "DATE", "2021-09-06", ""),
    ("Unions marched on [Labour Day].", REF, "DATE", "2021-05-01", ""),
    ("The fortress was sacked in [about 1100].", REF, "DATE", "1100", "APPROX"),
    ("Prices peaked [around 2008] when the crisis hit.", REF, "DATE", "2008", "APPROX"),
    ("[Around 2000], the company grew.", REF, "DATE", "2000", "APPROX"),
    # --- round 6: a year after a time-only preposition, or one opening a clause, before a plural
    ("During [2019] harvests failed twice.", REF, "DATE", "2019", ""),
    ("Militias have held the pass since [2017] checkpoints say.", REF, "DATE", "2017", ""),
    ("In [2015] refugees crossed the border daily.", REF, "DATE", "2015", ""),
    ("Over [the second half of 2020] imports fell.", REF, "DATE", "2020-H2", ""),
    # --- round 6: a weekday written with a year-less date picks the year it fits
    ("The hearing took place on [Wednesday, November 10].", REF, "DATE", "2021-11-10", ""),
    ("Envoys met on [Monday, 1 November].", REF, "DATE", "2021-11-01", ""),
    # --- round 6: "a week from Monday" counts from a day; no frequency after a verb in -s
    ("The inquiry opens [a week] from Monday.", REF, "DURATION", "P1W", ""),
    ("The convoy reaches the camp [a day] after the pass reopens.", REF, "DURATION", "P1D", ""),
    # --- round 6: "decades-old" is how long a thing has lasted (a DURATION); ages stay untagged
    ("The [decades-old] border dispute flared again.", REF, "DURATION", "PXY", ""),
    ("Shelling hit a [century-old] mosque.", REF, "DURATION", "P100Y", ""),
    # --- round 6: "X ago" with no number is a vague past DATE, "ago" included
    ("Rescuers reached the village [just days ago].", REF, "DATE", "PAST_REF", ""),
    ("The agency said [moments ago] that the road had reopened.", REF, "DATE", "PAST_REF", ""),
    ("The border was sealed only [weeks ago].", REF, "DATE", "PAST_REF", ""),
    ("I met the envoy [the other day].", REF, "DATE", "PAST_REF", ""),
    # --- round 6: "every Monday morning" is one SET; "the past hour" after "in/over/for" a length
    ("Aid trucks leave [every Monday morning].", REF, "SET", "XXXX-WXX-1TMO", ""),
    ("The market opens [each Friday night].", REF, "SET", "XXXX-WXX-5TNI", ""),
    ("Two more blasts were heard in [the past hour].", REF, "DURATION", "PT1H", ""),
    ("Shelling is expected to go on for [the next hour].", REF, "DURATION", "PT1H", ""),
    # --- round 6: "trading / business / working days" are counted days
    ("The court gave the party [ten working days] to appeal.", REF, "DURATION", "P10D", ""),
    # --- round 6: weekends as a frequency
    ("The border crossing is closed on [weekends].", REF, "SET", "XXXX-WXX-WE", ""),
    ("Volunteers deliver food [every weekend].", REF, "SET", "XXXX-WXX-WE", ""),
]

# Words that only look like dates must not be tagged.
NOT_DATES: list[str] = [
    "We said the deal may fail.",
    "Police linked him to the recent bomb attacks.",
    "Sales are expected to rise 8.5% annually.",
    "Riots broke out in the past three summers.",
    "The bank disclosed the stake in a recent filing.",
    "Protesters will march on parliament.",
    "Thousands March against the law.",
    "The Sun reported the story first.",
    "The Sunday Times reported the leak.",
    "Theresa May said the plan was dead.",
    "It was a second attempt to cross.",
    "She came in second in the race.",
    "The group has 2000 fighters and 1500 rifles.",
    "He paid $1999 for the car.",
    "Prices rose 3% a month.",
    "They may well leave soon.",
    "A 44-year-old man was arrested.",
    "The fall of the city shocked the region.",
    "Wed to the idea, the minister refused.",
    "Score was 2:1 at half-time.",
    "Mar the surface and it shows.",
    "The army said 1,500 troops were deployed.",
    "The spring water was clean.",
    "During the period the rebels regrouped.",
    "May 1500 people come home safely.",
    "The fleet landed 2300 troops.",
    "The 2000 troops left the base.",
    "He paid $1,995 for the rifle.",
    "The Theresa May-led government fell.",
    "Around 500-1000 migrant workers protested.",
    "A truck was hit in Karez-e Now of Washir district.",
    "Shells hit the July 7 neighbourhood of the city.",
    "The March 14 alliance met on 26 July Street.",
    "About 1000 migrant labourers marched to the border.",
    "Nearly 2000 migrant laborers gathered at the gate.",
    "Police fired in the 25 of March sector of the city.",
    "Shortly before the takeover, aid workers left.",
    "The form said 31 February 2021, which cannot be.",
    "The file is dated 2021-13-45 by mistake.",
    "The form said 30/02/2021.",
    'The minister told CBS\'s "60 Minutes" he would stay.',
    'Speaking on "This Week," the envoy defended the deal.',
    '"Two Weeks Later" opened at the festival.',
    "The entry reads February 30th, 2021.",
    "He lives on the 22nd floor.",
    "The Good Friday Agreement ended the fighting.",
    # round 5: a bare month before a capitalised name is a first name; a newspaper is no SET
    "The envoy April Glaspie met the president.",
    "June Carter said the talks would go on.",
    "The ministers Janos Martonyi and Jan Kavan signed the treaty.",
    '"We will not retreat," the daily quoted him as saying.',
    "The story ran in the Daily Telegraph.",
    "Veterans of the Six-Day War marched.",
    "Guests walked into the winter garden.",
    "Historians of the Hundred Years' War met.",
    "The unit joined the 3rd Brigade.",
    "The clashes resulted in 1500 deaths.",
    "A two-year-old girl was among the wounded.",
    "Delegates argued over the future of the province.",
]


def _case(marked: str) -> tuple[str, int, int]:
    start = marked.index("[")
    end = marked.index("]") - 1
    return marked.replace("[", "").replace("]", ""), start, end


@pytest.mark.parametrize(("marked", "reference", "type_", "value", "mod"), CASES)
def test_temporal_corpus(marked: str, reference: date, type_: str, value: str, mod: str) -> None:
    text, start, end = _case(marked)
    timexes = tag(text, reference_date=reference)
    found = [t for t in timexes if t.start < end and start < t.end]
    assert found, f"nothing tagged for {text[start:end]!r} in {text!r}: {timexes}"
    timex = found[0]
    assert (timex.type, timex.value, timex.mod) == (type_, value, mod), timex
    # Spans: our convention leaves prepositions like "in", "on", "for", "since" outside.
    expected = text[start:end]
    for prep in ("for ", "in ", "on ", "since ", "at "):
        if expected.startswith(prep) and not timex.text.startswith(prep):
            expected = expected[len(prep) :]
    assert timex.text == expected


def test_temporal_corpus_size() -> None:
    assert len(CASES) >= 200


@pytest.mark.parametrize("text", NOT_DATES)
def test_temporal_lookalikes_untagged(text: str) -> None:
    assert tag(text, reference_date=REF) == []


@pytest.mark.parametrize(
    ("text", "value", "start", "end", "precision"),
    [
        ("in August", "2021-08", datetime(2021, 8, 1), datetime(2021, 9, 1), "month"),
        ("this week", "2021-W44", datetime(2021, 11, 1), datetime(2021, 11, 8), "week"),
        ("on 5 November 2021", "2021-11-05", datetime(2021, 11, 5), datetime(2021, 11, 6), "day"),
        ("in 2021", "2021", datetime(2021, 1, 1), datetime(2022, 1, 1), "year"),
        ("in the 1990s", "199", datetime(1990, 1, 1), datetime(2000, 1, 1), "decade"),
        ("in the 6th century", "05", datetime(500, 1, 1), datetime(600, 1, 1), "century"),
        ("in summer 2021", "2021-SU", datetime(2021, 6, 1), datetime(2021, 9, 1), "season"),
        ("in Q3 2021", "2021-Q3", datetime(2021, 7, 1), datetime(2021, 10, 1), "quarter"),
        ("at 3 p.m.", "2021-11-05T15:00", datetime(2021, 11, 5, 15), datetime(2021, 11, 5, 15, 1), "minute"),
        ("in 1504", "1504", datetime(1504, 1, 1), datetime(1505, 1, 1), "year"),
        ("on 3 March 1600", "1600-03-03", datetime(1600, 3, 3), datetime(1600, 3, 4), "day"),
        ("in winter 2021", "2021-WI", datetime(2021, 12, 1), datetime(2022, 3, 1), "season"),
    ],
)
def test_temporal_spans_and_precision(
    text: str, value: str, start: datetime, end: datetime, precision: str
) -> None:
    (timex,) = tag(text, reference_date=REF)
    assert (timex.value, timex.span_start, timex.span_end, timex.precision) == (value, start, end, precision)
    assert timex.precision in PRECISIONS


def test_temporal_durations_have_no_span() -> None:
    (timex,) = tag("for nearly two weeks", reference_date=REF)
    assert (timex.span_start, timex.span_end, timex.precision) == (None, None, None)


@pytest.mark.parametrize(
    "text",
    ["31 February 2021", "2021-13-45", "the year 0", "in year 99999", "2021-02-30", "99/99/9999"],
)
def test_temporal_absurd_dates_do_not_crash(text: str) -> None:
    for timex in tag(text, reference_date=REF):
        assert timex.span_start is None or timex.span_start < timex.span_end


@pytest.mark.parametrize(
    ("value", "anchor", "before"),
    [
        ("P2W", datetime(2021, 11, 5), datetime(2021, 10, 22)),
        ("P1M", datetime(2021, 3, 31), datetime(2021, 2, 28)),
        ("P20Y", datetime(2021, 11, 5), datetime(2001, 11, 5)),
        ("PT24H", datetime(2021, 11, 5), datetime(2021, 11, 4)),
        ("P1D", datetime(1500, 1, 2), datetime(1500, 1, 1)),
    ],
)
def test_temporal_duration_arithmetic(value: str, anchor: datetime, before: datetime) -> None:
    duration = parse_duration(value)
    assert duration is not None and duration.before(anchor) == before


def test_temporal_duration_helpers() -> None:
    assert duration_to_timedelta("P2W") == timedelta(days=14)
    assert duration_to_timedelta("PT1H30M") == timedelta(hours=1, minutes=30)
    assert duration_to_timedelta("PXY") is None
    assert parse_duration("PXY").vague
    assert parse_duration("PXX").vague
    assert duration_to_timedelta("PXX") is None
    assert parse_duration("2021-08") is None


def test_temporal_value_span_out_of_range() -> None:
    assert value_span("BC0330") == (None, None, None)
    assert value_span("9999")[1] is None or value_span("9999")[0] == datetime(9999, 1, 1)
    assert value_span("PAST_REF") == (None, None, None)


def test_temporal_reference_date_forms() -> None:
    for reference in (REF, datetime(2021, 11, 5, 12), "2021-11-05"):
        (timex,) = tag("yesterday", reference_date=reference)
        assert timex.value == "2021-11-04"
    with pytest.raises(ValueError, match="reference_date"):
        tag("yesterday", reference_date="not a date")
    with pytest.raises(ValueError, match="mode"):
        tag("yesterday", reference_date=REF, mode="poetry")


@pytest.mark.parametrize(
    ("text", "expected", "value"),
    [
        ("Profits fell in the fourth\u2011quarter.", "the fourth\u2011quarter", "2020-Q4"),
        ("The talks opened on 21\u00a0March\u00a02013 in Geneva.", "21\u00a0March\u00a02013", "2013-03-21"),
        ("He will attend Sunday\u2019s summit.", "Sunday", "2021-03-07"),
        ("The \u2018final\u2019 vote came last\u00a0week.", "last\u00a0week", "2021-W08"),
    ],
)
def test_temporal_web_punctuation(text: str, expected: str, value: str) -> None:
    """Round 5: non-breaking hyphens and spaces, curly apostrophes read as the ASCII ones."""
    (timex,) = tag(text, reference_date=date(2021, 3, 3))
    assert (timex.text, timex.value) == (expected, value)
    assert text[timex.start : timex.end] == timex.text


@pytest.mark.parametrize("reference", [date(1, 1, 1), date(9999, 12, 31)])
@pytest.mark.parametrize(
    "text",
    ["of spring", "Friday", "the fourth quarter fell", "the Nov.-Feb. winter", "the last week of December"],
)
def test_temporal_calendar_edges_do_not_crash(text: str, reference: date) -> None:
    """Round 5: hypothesis found 'of spring' written on 0001-01-01 crashing (year 0)."""
    _check_invariants(text, tag(text, reference_date=reference))


def test_temporal_results_sorted_and_disjoint() -> None:
    text = "On 3 March 2021 and again last month, for two weeks, every Friday, the 1990s."
    timexes = tag(text, reference_date=REF)
    assert len(timexes) == 5
    for left, right in itertools.pairwise(timexes):
        assert left.end <= right.start


@pytest.mark.slow
def test_temporal_long_text_is_linear() -> None:
    import time

    text = "On 5 March 2021 and 2021-03-06, at 3 p.m. last week, two days later, " * 1000
    started = time.perf_counter()
    timexes = tag(text, reference_date=REF)
    assert len(timexes) == 5000
    assert time.perf_counter() - started < 10


# --- other languages through dateparser --------------------------------------------


@pytest.mark.parametrize(
    ("text", "languages", "value"),
    [
        ("5 novembre 2021", ["fr"], "2021-11-05"),
        ("le 14 juillet 1789", ["fr"], "1789-07-14"),
        ("novembre 2021", ["fr"], "2021-11"),
        ("5 de noviembre de 2021", ["es"], "2021-11-05"),
        ("marzo de 2014", ["es"], "2014-03"),
        ("5 نومبر 2021", ["ur"], "2021-11-05"),
        ("14 اگست 1947", ["ur"], "1947-08-14"),
        ("5 November 2021", None, "2021-11-05"),
    ],
)
def test_temporal_parse_absolute_languages(text: str, languages: list[str] | None, value: str) -> None:
    timex = parse_absolute(text, languages=languages)
    assert timex is not None and timex.value == value
    assert timex.span_start is not None


def test_temporal_parse_absolute_refuses_relative_and_junk() -> None:
    assert parse_absolute("hier", languages=["fr"]) is None
    assert parse_absolute("bonjour", languages=["fr"]) is None
    assert parse_absolute("", languages=["fr"]) is None


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("L'attaque a eu lieu le 5 novembre 2021 à Kaboul.", "fr", "2021-11-05"),
        ("El ataque ocurrió el 5 de noviembre de 2021 en Kabul.", "es", "2021-11-05"),
        ("حملہ 5 نومبر 2021 کو ہوا۔", "ur", "2021-11-05"),
    ],
)
def test_temporal_tag_other_languages(text: str, lang: str, value: str) -> None:
    timexes = tag(text, reference_date=REF, lang=lang)
    assert [t.value for t in timexes] == [value]
    (timex,) = timexes
    assert text[timex.start : timex.end] == timex.text


# --- invariants -------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "9-May-20",
        "0800",
        "GMT",
        "AD",
        "year-end",
        "0001",
        "9999",
        "night",
        "of",
        "between",
        "following",
        "that",
        "same",
        "day",
        "before",
        "in",
        "on",
        "the",
        "last",
        "next",
        "ago",
        "later",
        "early",
        "mid-",
        "late",
        "August",
        "May",
        "March",
        "Friday",
        "2021",
        "1504",
        "5",
        "31",
        "13",
        "0",
        "99999",
        "2021-13-45",
        "3/4/2021",
        "weeks",
        "years",
        "a",
        "two",
        "nearly",
        "about",
        "since",
        "p.m.",
        "10:30",
        "BC",
        "1990s",
        "century",
        "quarter",
        "spring",
        "fall",
        "every",
        "daily",
        "now",
        "yesterday",
        ",",
        ".",
        "-",
        "'",
        "–",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_WORDS, max_size=14).map(" ".join),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_temporal_never_raises_on_word_salad(text: str, reference: date) -> None:
    _check_invariants(text, tag(text, reference_date=reference))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_temporal_never_raises_on_arbitrary_text(text: str) -> None:
    _check_invariants(text, tag(text, reference_date=REF, mode="auto"))


def _check_invariants(text: str, timexes: list[Timex]) -> None:
    last_end = 0
    for timex in timexes:
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.start >= last_end
        last_end = timex.end
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        if timex.span_start is not None:
            assert timex.span_end is not None and timex.span_start < timex.span_end
            assert timex.precision in PRECISIONS


@pytest.mark.parametrize(
    ("text", "joined", "start", "end"),
    [
        ("He ruled from 1996 to 2001.", "from 1996 to 2001", datetime(1996, 1, 1), datetime(2002, 1, 1)),
        (
            "Aid was cut between March and May 2021.",
            "between March and May 2021",
            datetime(2021, 3, 1),
            datetime(2021, 6, 1),
        ),
        ("The 2014-2016 drought.", "2014-2016", datetime(2014, 1, 1), datetime(2017, 1, 1)),
        (
            "Roads shut from Monday until Wednesday.",
            "from Monday until Wednesday",
            datetime(2021, 11, 1),
            datetime(2021, 11, 4),
        ),
    ],
)
def test_temporal_ranges_join_two_ends(text: str, joined: str, start: datetime, end: datetime) -> None:
    (found,) = ranges(tag(text, reference_date=REF), text)
    assert (text[found.start : found.end], found.span_start, found.span_end) == (joined, start, end)


@pytest.mark.parametrize(
    "text",
    ["Elections were held in 1996 and 2001.", "In 2001, 1996 was forgotten.", "From 2001 to 1996 backwards."],
)
def test_temporal_ranges_need_a_range_reading(text: str) -> None:
    assert ranges(tag(text, reference_date=REF), text) == []
