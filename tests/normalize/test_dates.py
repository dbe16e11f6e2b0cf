"""parse_date: one table, grouped by language and then by kind of expression.

Cases marked "seed" are the seed article's dates as its gold annotation reads them.
"""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.normalize import ParsedDate, has_date, parse_date
from summarizer.normalize.calendars import Calendar
from summarizer.normalize.dates import Precision

REF = date(2025, 4, 30)  # a Wednesday
G: Calendar = "gregorian"
H: Calendar = "hijri"
S: Calendar = "solar_hijri"


def day(
    value: str, calendar: Calendar = G, *, inferred: bool = False, relative: bool = False
) -> ParsedDate:
    y, m, d = (int(p) for p in value.split("-"))
    return ParsedDate(value, "day", calendar, inferred, relative, y, m, d)


def month(value: str, *, inferred: bool = False, relative: bool = False) -> ParsedDate:
    y, m = (int(p) for p in value.split("-"))
    return ParsedDate(value, "month", G, inferred, relative, y, m, None)


def year(value: str, *, inferred: bool = False, relative: bool = False) -> ParsedDate:
    return ParsedDate(value, "year", G, inferred, relative, int(value), None, None)


UNANCHORED_DAY = ParsedDate(None, "day", G, False, True, None, None, None)


def span(precision: Precision) -> ParsedDate:
    return ParsedDate(None, precision, G, False, True, None, None, None)


DATES = [
    # --- Arabic: the three month-name sets, the doubled form, years, weekdays ---------------
    pytest.param(
        "17 كانون الثاني/ يناير 2025", None, day("2025-01-17"), id="ar-seed-doubled-month"
    ),
    pytest.param(
        "الأربعاء 23 نيسان/ أبريل 2025", None, day("2025-04-23"), id="ar-seed-weekday-doubled-month"
    ),
    pytest.param("في عام 2024", None, year("2024"), id="ar-seed-year"),
    pytest.param("عام 2025", REF, year("2025"), id="ar-seed-year-with-reference"),
    pytest.param("2025م", None, year("2025"), id="ar-year-miladi-mark"),
    pytest.param(
        "15 أيار/ مايو",
        None,
        ParsedDate(None, "day", G, False, False, None, 5, 15),
        id="ar-seed-yearless-unanchored",
    ),
    pytest.param(
        "15 أيار/ مايو",
        date(2025, 6, 1),
        day("2025-05-15", inferred=True),
        id="ar-seed-yearless-inferred",
    ),
    pytest.param(
        "25 كانون الأول",
        date(2025, 1, 10),
        day("2024-12-25", inferred=True),
        id="ar-yearless-previous-year",
    ),
    pytest.param("3 شباط 2024", None, day("2024-02-03"), id="ar-levant-february"),
    pytest.param("1 آذار 2023", None, day("2023-03-01"), id="ar-levant-march"),
    pytest.param("9 حزيران 2022", None, day("2022-06-09"), id="ar-levant-june"),
    pytest.param("14 تموز 2021", None, day("2021-07-14"), id="ar-levant-july"),
    pytest.param("آب 2020", None, month("2020-08"), id="ar-levant-august-month"),
    pytest.param("30 أيلول 2019", None, day("2019-09-30"), id="ar-levant-september"),
    pytest.param("6 تشرين الأول 2023", None, day("2023-10-06"), id="ar-levant-october"),
    pytest.param("11 تشرين الثاني 2024", None, day("2024-11-11"), id="ar-levant-november"),
    pytest.param("31 كانون الأول 2024", None, day("2024-12-31"), id="ar-levant-december"),
    pytest.param("5 يونيو 2024", None, day("2024-06-05"), id="ar-egypt-june"),
    pytest.param("5 يونيه 2024", None, day("2024-06-05"), id="ar-egypt-june-alt"),
    pytest.param("20 يوليه 2024", None, day("2024-07-20"), id="ar-egypt-july-alt"),
    pytest.param("1 أغسطس 2024", None, day("2024-08-01"), id="ar-egypt-august"),
    pytest.param("2 فبراير 2025", None, day("2025-02-02"), id="ar-egypt-february"),
    pytest.param("3 مارس 2025", None, day("2025-03-03"), id="ar-egypt-march"),
    pytest.param("4 يوليو 2025", None, day("2025-07-04"), id="ar-egypt-july"),
    pytest.param("9 سبتمبر 2025", None, day("2025-09-09"), id="ar-egypt-september"),
    pytest.param("6 أكتوبر 2025", None, day("2025-10-06"), id="ar-egypt-october"),
    pytest.param("11 نوفمبر 2025", None, day("2025-11-11"), id="ar-egypt-november"),
    pytest.param("25 ديسمبر 2025", None, day("2025-12-25"), id="ar-egypt-december"),
    pytest.param("10 جانفي 2025", None, day("2025-01-10"), id="ar-maghreb-january"),
    pytest.param("2 فيفري 2025", None, day("2025-02-02"), id="ar-maghreb-february"),
    pytest.param("7 أفريل 2025", None, day("2025-04-07"), id="ar-maghreb-april"),
    pytest.param("ماي 2025", None, month("2025-05"), id="ar-maghreb-may-month"),
    pytest.param("12 جوان 2025", None, day("2025-06-12"), id="ar-maghreb-june"),
    pytest.param("5 جويلية 2025", None, day("2025-07-05"), id="ar-maghreb-july"),
    pytest.param("15 أوت 2025", None, day("2025-08-15"), id="ar-maghreb-august"),
    pytest.param("أيار/ مايو 2025", None, month("2025-05"), id="ar-doubled-month-year"),
    pytest.param("أيار", REF, month("2025-05", inferred=True), id="ar-month-inferred-year"),
    pytest.param(
        "مايو الماضي", REF, month("2024-05", inferred=True, relative=True), id="ar-last-may"
    ),
    pytest.param("١٧ كانون الثاني ٢٠٢٥", None, day("2025-01-17"), id="ar-indic-digits"),
    pytest.param("15 رمضان 1446 هـ", None, day("2025-03-15", H), id="ar-hijri-day"),
    pytest.param("1 محرم 1447هـ", None, day("2025-06-26", H), id="ar-hijri-new-year"),
    pytest.param("10 ذو الحجة 1445 هـ", None, day("2024-06-16", H), id="ar-hijri-two-words"),
    pytest.param(
        "رمضان 1446 هـ",
        None,
        ParsedDate(None, "month", H, False, False, 2025, None, None),
        id="ar-hijri-month-within-one-year",
    ),
    pytest.param(
        "1446 هـ",
        None,
        ParsedDate(None, "year", H, False, False, None, None, None),
        id="ar-hijri-year-unanchored",
    ),
    pytest.param("15/09/1446 هـ", None, day("2025-03-15", H), id="ar-hijri-numeric"),
    pytest.param("أمس الثلاثاء", None, UNANCHORED_DAY, id="ar-seed-yesterday-unanchored"),
    pytest.param(
        "أمس الثلاثاء",
        REF,
        day("2025-04-29", inferred=True, relative=True),
        id="ar-seed-yesterday-anchored",
    ),
    pytest.param("يوم الإثنين", None, UNANCHORED_DAY, id="ar-seed-monday-unanchored"),
    pytest.param(
        "يوم الإثنين",
        REF,
        day("2025-04-28", inferred=True, relative=True),
        id="ar-seed-monday-most-recent",
    ),
    pytest.param(
        "الأربعاء",
        REF,
        day("2025-04-30", inferred=True, relative=True),
        id="ar-weekday-is-reference-day",
    ),
    pytest.param(
        "الخميس المقبل", REF, day("2025-05-01", inferred=True, relative=True), id="ar-next-thursday"
    ),
    pytest.param(
        "الأربعاء الماضي",
        REF,
        day("2025-04-23", inferred=True, relative=True),
        id="ar-last-wednesday",
    ),
    pytest.param(
        "أول أمس",
        REF,
        day("2025-04-28", inferred=True, relative=True),
        id="ar-day-before-yesterday",
    ),
    pytest.param("اليوم", REF, day("2025-04-30", inferred=True, relative=True), id="ar-today"),
    pytest.param("غداً", REF, day("2025-05-01", inferred=True, relative=True), id="ar-tomorrow"),
    pytest.param(
        "الأسبوع الماضي",
        REF,
        ParsedDate("2025-W17", "week", G, True, True, 2025, None, None),
        id="ar-last-week",
    ),
    pytest.param(
        "الأسبوع الماضي",
        None,
        ParsedDate(None, "week", G, False, True, None, None, None),
        id="ar-last-week-unanchored",
    ),
    pytest.param(
        "الشهر الماضي", REF, month("2025-03", inferred=True, relative=True), id="ar-last-month"
    ),
    pytest.param(
        "العام الماضي", REF, year("2024", inferred=True, relative=True), id="ar-last-year"
    ),
    pytest.param(
        "العام المقبل", REF, year("2026", inferred=True, relative=True), id="ar-next-year"
    ),
    pytest.param(
        "قبل ثلاثة أيام",
        REF,
        day("2025-04-27", inferred=True, relative=True),
        id="ar-three-days-ago",
    ),
    pytest.param("لا تاريخ هنا", REF, None, id="ar-no-date"),
    # --- Persian: Solar Hijri in words and numbers ------------------------------------------
    pytest.param("۱۴۰۴/۰۲/۰۳", None, day("2025-04-23", S), id="fa-solar-numeric"),
    pytest.param("۳ اردیبهشت ۱۴۰۴", None, day("2025-04-23", S), id="fa-solar-words"),
    pytest.param("1404/2/3", None, day("2025-04-23", S), id="fa-solar-ascii-digits"),
    pytest.param("۱ فروردین ۱۴۰۴", None, day("2025-03-21", S), id="fa-nowruz"),
    pytest.param("۱۰ دی ۱۴۰۳", None, day("2024-12-30", S), id="fa-dey"),
    pytest.param("۲۹ اسفند ۱۴۰۳", None, day("2025-03-19", S), id="fa-esfand"),
    pytest.param("۱۵ مهر ۱۴۰۲", None, day("2023-10-07", S), id="fa-mehr"),
    pytest.param(
        "۳ اردیبهشت",
        date(2025, 5, 1),
        day("2025-04-23", S, inferred=True),
        id="fa-solar-yearless-inferred",
    ),
    pytest.param(
        "۳ اردیبهشت",
        None,
        ParsedDate(None, "day", S, False, False, None, None, None),
        id="fa-solar-yearless-unanchored",
    ),
    pytest.param("۲۳ آوریل ۲۰۲۵", None, day("2025-04-23"), id="fa-gregorian-month-name"),
    pytest.param("دیروز", REF, day("2025-04-29", inferred=True, relative=True), id="fa-yesterday"),
    pytest.param(
        "سه‌شنبه", REF, day("2025-04-29", inferred=True, relative=True), id="fa-tuesday-zwnj"
    ),
    pytest.param(
        "هفته گذشته",
        REF,
        ParsedDate("2025-W17", "week", G, True, True, 2025, None, None),
        id="fa-last-week",
    ),
    pytest.param(
        "سال ۱۴۰۳",
        None,
        ParsedDate(None, "year", S, False, False, None, None, None),
        id="fa-solar-year-unanchored",
    ),
    # --- Russian -----------------------------------------------------------------------------
    pytest.param("23 апреля 2025 года", None, day("2025-04-23"), id="ru-genitive-month"),
    pytest.param("1 января 2024 г.", None, day("2024-01-01"), id="ru-year-abbrev"),
    pytest.param("в мае 2025 года", None, month("2025-05"), id="ru-prepositional-month"),
    pytest.param("март 2024", None, month("2024-03"), id="ru-nominative-month"),
    pytest.param(
        "15 мая", date(2025, 6, 1), day("2025-05-15", inferred=True), id="ru-yearless-inferred"
    ),
    pytest.param("23.04.2025", None, day("2025-04-23"), id="ru-dotted-numeric"),
    pytest.param("вчера", REF, day("2025-04-29", inferred=True, relative=True), id="ru-yesterday"),
    pytest.param(
        "в понедельник", REF, day("2025-04-28", inferred=True, relative=True), id="ru-monday"
    ),
    pytest.param(
        "на прошлой неделе",
        REF,
        ParsedDate("2025-W17", "week", G, True, True, 2025, None, None),
        id="ru-last-week",
    ),
    pytest.param(
        "в прошлом году", REF, year("2024", inferred=True, relative=True), id="ru-last-year"
    ),
    pytest.param(
        "два дня назад", REF, day("2025-04-28", inferred=True, relative=True), id="ru-two-days-ago"
    ),
    pytest.param("в 2024 году", None, year("2024"), id="ru-year"),
    # --- French -----------------------------------------------------------------------------
    pytest.param("1er mai 2025", None, day("2025-05-01"), id="fr-premier"),
    pytest.param("le 14 juillet 2024", None, day("2024-07-14"), id="fr-day-month-year"),
    pytest.param("15 août 2023", None, day("2023-08-15"), id="fr-accented-month"),
    pytest.param("en février 2025", None, month("2025-02"), id="fr-month-year"),
    pytest.param("23/04/2025", None, day("2025-04-23"), id="fr-numeric-dmy"),
    pytest.param("hier", REF, day("2025-04-29", inferred=True, relative=True), id="fr-hier"),
    pytest.param(
        "mardi dernier", REF, day("2025-04-29", inferred=True, relative=True), id="fr-last-tuesday"
    ),
    pytest.param(
        "la semaine dernière",
        REF,
        ParsedDate("2025-W17", "week", G, True, True, 2025, None, None),
        id="fr-last-week",
    ),
    pytest.param(
        "l'an dernier", REF, year("2024", inferred=True, relative=True), id="fr-last-year"
    ),
    pytest.param(
        "il y a trois jours",
        REF,
        day("2025-04-27", inferred=True, relative=True),
        id="fr-three-days-ago",
    ),
    pytest.param(
        "le mois prochain", REF, month("2025-05", inferred=True, relative=True), id="fr-next-month"
    ),
    # --- English -----------------------------------------------------------------------------
    pytest.param("March 22, 2013", None, day("2013-03-22"), id="en-month-day-year"),
    pytest.param("22 March 2013", None, day("2013-03-22"), id="en-day-month-year"),
    pytest.param("Jan. 5, 2024", None, day("2024-01-05"), id="en-abbreviated-month"),
    pytest.param("Sept 11th, 2001", None, day("2001-09-11"), id="en-ordinal-day"),
    pytest.param("December 2012", None, month("2012-12"), id="en-month-year"),
    pytest.param(
        "March 21", date(2013, 3, 22), day("2013-03-21", inferred=True), id="en-yearless-inferred"
    ),
    pytest.param("in 2009", None, year("2009"), id="en-year"),
    pytest.param("2025-04-23", None, day("2025-04-23"), id="en-iso-date"),
    pytest.param("2025-04", None, month("2025-04"), id="en-iso-month"),
    pytest.param("04/23/2025", None, day("2025-04-23"), id="en-us-mdy-when-unambiguous"),
    pytest.param(
        "yesterday", REF, day("2025-04-29", inferred=True, relative=True), id="en-yesterday"
    ),
    pytest.param("yesterday", None, UNANCHORED_DAY, id="en-yesterday-unanchored"),
    pytest.param(
        "Thursday",
        date(2013, 3, 22),
        day("2013-03-21", inferred=True, relative=True),
        id="en-weekday",
    ),
    pytest.param(
        "next Monday", REF, day("2025-05-05", inferred=True, relative=True), id="en-next-monday"
    ),
    pytest.param(
        "last week",
        REF,
        ParsedDate("2025-W17", "week", G, True, True, 2025, None, None),
        id="en-last-week",
    ),
    pytest.param("this year", REF, year("2025", inferred=True, relative=True), id="en-this-year"),
    pytest.param(
        "last June",
        date(2013, 3, 22),
        month("2012-06", inferred=True, relative=True),
        id="en-last-june",
    ),
    pytest.param(
        "two weeks ago",
        REF,
        ParsedDate("2025-W16", "week", G, True, True, 2025, None, None),
        id="en-two-weeks-ago",
    ),
    # --- a day written as an ordinal word, in the five languages (issue 14) -----------------
    pytest.param("الأول من يناير 2024", None, day("2024-01-01"), id="ar-ordinal-day-first"),
    pytest.param(
        "الثاني من مارس",
        None,
        ParsedDate(None, "day", G, False, False, None, 3, 2),
        id="ar-ordinal-day-yearless",
    ),
    pytest.param(
        "الثاني من مارس", REF, day("2025-03-02", inferred=True), id="ar-ordinal-day-inferred"
    ),
    pytest.param(
        "الحادي والعشرين من أيلول 2023", None, day("2023-09-21"), id="ar-compound-ordinal-day"
    ),
    pytest.param("الخامس عشر من شهر مايو 2024", None, day("2024-05-15"), id="ar-ordinal-teens"),
    pytest.param("أول يناير 2024", None, day("2024-01-01"), id="ar-awwal-day"),
    pytest.param(
        "الأول من ديسمبر من العام 2009", None, day("2009-12-01"), id="ar-gold-min-al-am-year"
    ),
    pytest.param("5 مايو سنة 2024", None, day("2024-05-05"), id="ar-sana-year"),
    pytest.param("غرة يناير 2024", None, day("2024-01-01"), id="ar-ghurra-gregorian"),
    pytest.param("اول فروردین ۱۴۰۳", None, day("2024-03-20", S), id="fa-ordinal-day-first"),
    pytest.param("بیست و پنجم اسفند ۱۴۰۲", None, day("2024-03-15", S), id="fa-compound-ordinal"),
    pytest.param("первое января 2024", None, day("2024-01-01"), id="ru-ordinal-day-neuter"),
    pytest.param(
        "до двадцать пятого декабря 2023", None, day("2023-12-25"), id="ru-ordinal-genitive"
    ),
    pytest.param(
        "первое января",
        date(2024, 3, 1),
        day("2024-01-01", inferred=True),
        id="ru-ordinal-day-inferred",
    ),
    pytest.param("le premier janvier 2024", None, day("2024-01-01"), id="fr-premier-word"),
    pytest.param("le vingt-cinq décembre 2023", None, day("2023-12-25"), id="fr-cardinal-day"),
    pytest.param("1er janvier 2024", None, day("2024-01-01"), id="fr-1er-january"),
    pytest.param("the first of January 2024", None, day("2024-01-01"), id="en-first-of-month"),
    pytest.param(
        "the twenty-first of June 2024", None, day("2024-06-21"), id="en-compound-ordinal-of"
    ),
    pytest.param("January first, 2024", None, day("2024-01-01"), id="en-month-then-ordinal"),
    pytest.param("June the 21st, 2024", None, day("2024-06-21"), id="en-month-the-day"),
    # --- the first of a Hijri month: غرة, مستهل, through hijridate --------------------------
    pytest.param("غرة رمضان 1445", None, day("2024-03-11", H), id="ar-ghurra-ramadan"),
    pytest.param("مستهل شهر رمضان 1445 هـ", None, day("2024-03-11", H), id="ar-mustahall-ramadan"),
    pytest.param(
        "غرة محرم", date(2024, 5, 1), day("2023-07-19", H, inferred=True), id="ar-ghurra-inferred"
    ),
    pytest.param(
        "غرة شوال",
        None,
        ParsedDate(None, "day", H, False, False, None, None, None),
        id="ar-ghurra-unanchored",
    ),
    # --- unsure: no day read where the words do not give one ------------------------------
    pytest.param("الأسبوع الأول من يناير 2024", None, month("2024-01"), id="ar-unsure-first-week"),
    pytest.param("النصف الأول من مارس 2024", None, month("2024-03"), id="ar-unsure-first-half"),
    pytest.param("مستهل يناير 2024", None, month("2024-01"), id="ar-unsure-mustahall-gregorian"),
    pytest.param(
        "مطلع رمضان 1445",
        None,
        ParsedDate(None, "month", H, False, False, 2024, None, None),
        id="ar-unsure-early-ramadan",
    ),
    pytest.param(
        "هفته اول فروردین ۱۴۰۳",
        None,
        ParsedDate(None, "month", S, False, False, 2024, None, None),
        id="fa-unsure-first-week",
    ),
    pytest.param(
        "в первой половине января 2024", None, month("2024-01"), id="ru-unsure-first-half"
    ),
    pytest.param(
        "la première semaine de janvier 2024", None, month("2024-01"), id="fr-unsure-first-week"
    ),
    pytest.param(
        "the first week of January 2024", None, month("2024-01"), id="en-unsure-first-week"
    ),
    pytest.param("a second March 2024 summit", None, month("2024-03"), id="en-unsure-no-of"),
    # --- a stretch of time back or forward: relative, no one ISO value ---------------------
    pytest.param("خلال الشهرين الماضيين", REF, span("month"), id="ar-gold-dual-months-span"),
    pytest.param("السنوات الأخيرة", REF, span("year"), id="ar-recent-years-span"),
    pytest.param("سال‌های اخیر", REF, span("year"), id="fa-recent-years-span"),
    pytest.param("دو ماه گذشته", REF, span("month"), id="fa-past-two-months-not-last-month"),
    pytest.param("طی سه سال گذشته", REF, span("year"), id="fa-past-three-years-span"),
    pytest.param("за последние два месяца", REF, span("month"), id="ru-last-two-months-span"),
    pytest.param("les trois derniers mois", REF, span("month"), id="fr-last-three-months-span"),
    pytest.param("over the past two weeks", REF, span("week"), id="en-past-two-weeks-span"),
    pytest.param("10 авг", REF, day("2025-08-10", inferred=True), id="ru-gold-abbreviated-month"),
    pytest.param("3 janv. 2024", None, day("2024-01-03"), id="fr-abbreviated-month"),
    pytest.param("31 February 2025", None, None, id="en-impossible-day"),
    pytest.param("no date at all", REF, None, id="en-no-date"),
]


@pytest.mark.parametrize(("raw", "reference", "expected"), DATES)
def test_parse_date(raw: str, reference: date | None, expected: ParsedDate | None) -> None:
    assert parse_date(raw, reference=reference) == expected


# Whether a text holds a date expression at all (a date item without one is refused).
# A bare month name is one: a month whose year comes from context (docs/normalize.md).
HAS_DATE = [
    pytest.param("في أعقاب تراجع حاد في قيمة الليرة التركية", False, id="ar-clause-no-date"),
    pytest.param("بتوقيع المعاهدة", False, id="ar-event-no-date"),
    pytest.param("أمس", True, id="ar-relative-yesterday"),
    pytest.param("الأسبوع الماضي", True, id="ar-relative-last-week"),
    pytest.param("نيسان/أبريل 2025", True, id="ar-doubled-month-year"),
    pytest.param("غرة رمضان", True, id="ar-ghurra-yearless"),
    pytest.param("رمضان 1446", True, id="ar-hijri-month-unanchored"),
    pytest.param("مذاکرات دو کشور", False, id="fa-no-date"),
    pytest.param("دیروز", True, id="fa-yesterday"),
    pytest.param("переговоры в Москве", False, id="ru-no-date"),
    pytest.param("два дня назад", True, id="ru-days-ago"),
    pytest.param("les négociations", False, id="fr-no-date"),
    pytest.param("le premier janvier", True, id="fr-premier-janvier"),
    pytest.param("the talks", False, id="en-no-date"),
    pytest.param("yesterday", True, id="en-yesterday"),
    pytest.param("2025", True, id="en-year"),
    pytest.param("June summit", True, id="en-bare-month-is-a-date"),
    pytest.param("31 February 2025", True, id="en-impossible-day-is-an-expression"),
    pytest.param("خلال الشهرين الماضيين", True, id="ar-span-is-relative"),
    pytest.param("الأشهر الثمانية الأولى", False, id="ar-count-of-months-no-date"),
    pytest.param("the past two weeks", True, id="en-span-is-relative"),
    pytest.param("", False, id="empty"),
]


@pytest.mark.parametrize(("raw", "expected"), HAS_DATE)
def test_has_date(raw: str, expected: bool) -> None:
    assert has_date(raw) is expected
