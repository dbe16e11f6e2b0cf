"""parse_date: a date's raw text read at the precision it supports, in any of three calendars.

Relative expressions (yesterday, Tuesday, last week) resolve only against a reference date
(the publication date); without one they stay unanchored: a date is never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import date_words as dw
from . import lexicon as lx
from .calendars import Calendar, from_gregorian, month_span, to_gregorian
from .folding import fold_for_lookup

__all__ = ["ParsedDate", "has_date", "parse_date"]

Precision = dw.Precision


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date as the text supports it; value is ISO 8601 (Gregorian) or None if unanchored."""

    value: str | None
    precision: Precision
    calendar: Calendar
    inferred: bool
    relative: bool
    year: int | None
    month: int | None
    day: int | None


_HALF_YEAR = timedelta(days=183)
_L = r"[^\W\d_]"  # a letter in any script


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTHS: dict[str, tuple[Calendar, int]] = {
    **{k: ("solar_hijri", v) for k, v in dw.SOLAR_MONTHS.items()},
    **{k: ("hijri", v) for k, v in dw.HIJRI_MONTHS.items()},
    **{k: ("gregorian", v) for k, v in dw.GREGORIAN_MONTHS.items()},
}
_MONTH = re.compile(rf"(?<!{_L})(?:[وب](?=[^\W\d_]{{3}}))?({_alternation(_MONTHS)})\.?(?!{_L})")
_MONTH_JOIN = re.compile(r"^\s*[/\\\-(|]\s*$|^\s*$")
_DAY_BEFORE = re.compile(
    r"(?<!\d)(\d{1,2})(?:er|re|st|nd|rd|th|-?го|-?е|ام|م)?\s*(?:de\s+|of\s+|من\s+)?$"
)
_DAY_AFTER = re.compile(r"^\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?!\s*[:.]\d)")
_DAY_WORD_AFTER = re.compile(rf"^\s+(?:the\s+)?({_alternation(dw.ENGLISH_DAY_WORDS)})(?![^\W_])")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_YEAR_AFTER = re.compile(  # text is folded: سنة is written سنه
    r"^[\s,،./\-]*(?:de\s+|of\s+|(?:من\s+)?(?:ال)?(?:سنه|عام)\s+|سال\s+)?(\d{4}|'\d{2})(?!\d)"
)
_YMD = re.compile(r"(?<!\d)(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-]\d)")
_YM = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d\-])|(?<![\d/.])(\d{1,2})/(\d{4})(?!\d)")
_YEAR = re.compile(r"(?<![\d.,/])(\d{4})(?![\d.,/]\d|\d|'?s\b)")  # not a decade (1990s)
_HIJRI_MARK = re.compile(rf"(?<!{_L})(?:ه|هـ|ه\.?\s?ق|ق|هجري|هجريه|للهجره|ah)(?!{_L})")
_SOLAR_MARK = re.compile(rf"(?<!{_L})(?:ه\.?\s?ش|ش|شمسي|خورشيدي)(?!{_L})")
_PERSIAN = re.compile("[\u06f0-\u06f9پچژگ]")
_WEEKDAY = re.compile(rf"(?<!{_L})(?:[وب]|ال)?({_alternation(dw.WEEKDAYS)})(?!{_L})")
_DAY_OFFSET = re.compile(rf"(?<!{_L})(?:[وب])?({_alternation(dw.DAY_OFFSETS)})(?!{_L})")
_DIRECTION = re.compile(rf"(?<!{_L})(?:[وب]|ال)?({_alternation(dw.DIRECTIONS)})(?!{_L})")
_PERIOD = re.compile(rf"(?<!{_L})(?:[وبل]|ال|لل)?({_alternation(dw.PERIOD_UNITS)})(?!{_L})")
_SPAN_UNIT = re.compile(rf"(?<!{_L})(?:[وبل]|ال)?({_alternation(dw.SPAN_UNITS)})(?!{_L})")
_SPAN_MARKER = re.compile(rf"(?<!{_L})(?:[وبل]|ال)?(?:{_alternation(dw.SPAN_MARKERS)})(?!{_L})")
_LAST_YEAR = re.compile(rf"(?<!{_L})(?:پارسال|l'an dernier|l'année dernière)(?!{_L})")
_AGO = re.compile(
    rf"(?<!{_L})(?:قبل|منذ)\s+()((?:يوم|اسبوع|شهر|عام|سنت)ين)(?!{_L})"
    rf"|(?<!{_L})(?:قبل|منذ|il y a)\s+(\S+)\s+({_L}+)"
    rf"|(\S+)\s+({_L}+)\s+(?:ago|назад|پیش|قبل|earlier)(?!{_L})"
)
_AGO_UNITS: dict[str, Precision] = {
    **dict.fromkeys(
        (
            "day",
            "days",
            "jours",
            "jour",
            "дней",
            "дня",
            "день",
            "روز",
            "ايام",
            "يوما",
            "يوم",
            "يومين",
        ),
        "day",
    ),
    **dict.fromkeys(
        (
            "week",
            "weeks",
            "semaines",
            "semaine",
            "недель",
            "недели",
            "неделю",
            "هفته",
            "اسابيع",
            "اسبوع",
            "اسبوعا",
            "اسبوعين",
        ),
        "week",
    ),
    **dict.fromkeys(
        (
            "month",
            "months",
            "mois",
            "месяцев",
            "месяца",
            "месяц",
            "ماه",
            "اشهر",
            "شهور",
            "شهرا",
            "شهر",
            "شهرين",
        ),
        "month",
    ),
    **dict.fromkeys(
        (
            "year",
            "years",
            "ans",
            "an",
            "années",
            "лет",
            "года",
            "год",
            "سال",
            "سنوات",
            "اعوام",
            "عاما",
            "سنه",
            "عامين",
            "سنتين",
        ),
        "year",
    ),
}


def parse_date(raw: str, *, reference: date | None = None) -> ParsedDate | None:
    """None when the text holds no date. Relative expressions resolve only against reference;
    without one their value is None (never invent)."""
    text = fold_for_lookup(raw)
    found = _absolute(text, raw)
    if found is _NO_SUCH_DAY:
        return None  # a full date was written, but no such day exists: not a year
    direction = _direction(text)
    if isinstance(found, _Partial):
        return found.anchor(reference)
    if isinstance(found, ParsedDate):
        return _anchor(found, reference, direction)
    return _relative(text, reference, direction)


def has_date(raw: str) -> bool:
    """Whether the text holds a date expression at all: absolute (a year, a month name, a
    numeric date, even 31 February) or relative (yesterday, Tuesday, last week).

    A date item whose raw text has none ("the talks", a clause) is no date, where a relative
    one without a publication date is a date with no value yet.
    """
    text = fold_for_lookup(raw)
    return _absolute(text, raw) is not None or _relative(text, None, _direction(text)) is not None


def _absolute(text: str, raw: str) -> _Found | _Partial | None:
    """A numeric date, a month name with what goes with it, or a year alone."""
    found: _Found | _Partial | None = _numeric(text, raw)
    if found is None:
        found = _named_month(text, raw)
    if found is None:
        found = _year_only(text, raw)
    return found


def _direction(text: str) -> int | None:
    match = _DIRECTION.search(text)
    return dw.DIRECTIONS[match.group(1)] if match else None


def _calendar_of(year: int, text: str, raw: str) -> Calendar:
    """Calendar of a numeric year: markers first, then the year's range and the script."""
    if _SOLAR_MARK.search(text):
        return "solar_hijri"
    if _HIJRI_MARK.search(text):
        return "hijri"
    if 1300 <= year <= 1500:
        return "solar_hijri" if _PERSIAN.search(raw) or year < 1421 else "hijri"
    return "gregorian"


class _Impossible:
    """A fully written date that names no real day (31 February)."""


_NO_SUCH_DAY = _Impossible()
_Found = ParsedDate | _Impossible


def _full(calendar: Calendar, y: int, m: int, d: int) -> _Found:
    """A fully stated date, converted to Gregorian."""
    g = to_gregorian(calendar, y, m, d)
    if g is None:
        return _NO_SUCH_DAY
    return ParsedDate(g.isoformat(), "day", calendar, False, False, g.year, g.month, g.day)


def _year(y: int) -> int:
    return y + (2000 if y < 50 else 1900) if y < 100 else y


def _numeric(text: str, raw: str) -> _Found | None:
    """Y/M/D, D/M/Y (M/D/Y when the day cannot be a month) and Y-M, in any digit set."""
    if m := _YMD.search(text):
        y = int(m.group(1))
        return _full(_calendar_of(y, text, raw), y, int(m.group(3)), int(m.group(4)))
    if m := _DMY.search(text):
        first, second, y = int(m.group(1)), int(m.group(3)), _year(int(m.group(4)))
        if second > 12 >= first:
            first, second = second, first
        return _full(_calendar_of(y, text, raw), y, second, first)
    if m := _YM.search(text):
        y, mo = (
            (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        )
        if 1 <= mo <= 12:
            return _month_date(_calendar_of(y, text, raw), y, mo)
    return None


def _month_date(calendar: Calendar, y: int | None, mo: int) -> ParsedDate:
    """A month (with or without its year) at month precision."""
    if calendar == "gregorian":
        value = f"{y:04d}-{mo:02d}" if y is not None else None
        return ParsedDate(value, "month", calendar, False, False, y, mo, None)
    if y is None:
        return ParsedDate(None, "month", calendar, False, False, None, None, None)
    span = month_span(calendar, y, mo)
    # A non-Gregorian month straddles two Gregorian months: only its year may be certain.
    year = span[0].year if span and span[0].year == span[1].year else None
    return ParsedDate(None, "month", calendar, False, False, year, None, None)


def _named_month(text: str, raw: str) -> _Found | _Partial | None:
    """Day? month-name(/ doubled name)? year?: 17 كانون الثاني/ يناير 2025, 1er mai, May 3."""
    matches = list(_MONTH.finditer(text))
    if not matches:
        return None
    first = matches[0]
    calendar, month = _MONTHS[first.group(1)]
    end = first.end()
    for nxt in matches[1:]:  # the doubled Levantine/Egyptian form names one month twice
        if _MONTH_JOIN.match(text[end : nxt.start()]) and _MONTHS[nxt.group(1)][0] == calendar:
            end = nxt.end()
        else:
            break
    day: int | None = None
    if m := _DAY_BEFORE.search(text[: first.start()]):
        day = int(m.group(1))
    else:
        day = _day_word_before(text[: first.start()], calendar)
    rest = text[end:]
    if day is None and (m := _DAY_AFTER.match(rest) or _DAY_WORD_AFTER.match(rest)):
        # May 3, March 22, 2013, January the first
        token = m.group(1)
        day = int(token) if token.isdigit() else dw.ENGLISH_DAY_WORDS[token]
        rest = rest[m.end() :]
    year: int | None = None
    if m := _YEAR_AFTER.match(rest):
        token = m.group(1)
        year = _year(int(token[1:])) if token.startswith("'") else int(token)
    if day is not None and not 1 <= day <= 31:
        day = None
    if calendar == "gregorian" and year is not None and _HIJRI_MARK.search(rest[:12]):
        calendar = "hijri"
    if day is None:
        return _month_date(calendar, year, month)
    if year is not None:
        return _full(calendar, year, month, day)
    if calendar == "gregorian":
        return ParsedDate(None, "day", calendar, False, False, None, month, day)
    return _Partial(calendar, month, day)


def _day_word_before(prefix: str, calendar: Calendar) -> int | None:
    """A day written in words before its month: الأول من يناير, غرة رمضان, بیست و پنجم
    اسفند, первое января, le premier janvier, the first of January. None after a noun that
    makes the ordinal another period's (الأسبوع الأول من يناير is a week)."""
    words = _WORD.findall(prefix)[-6:]
    linked = False
    while words and words[-1] in dw.DAY_LINKS:
        linked = linked or words[-1] == "of"
        words.pop()
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        phrase = " ".join(words[-n:])
        if phrase in dw.DAY_WORDS:
            day = dw.DAY_WORDS[phrase]
        elif phrase in dw.ENGLISH_DAY_WORDS and linked:
            day = dw.ENGLISH_DAY_WORDS[phrase]
        elif phrase in dw.HIJRI_FIRST_DAY_WORDS and calendar == "hijri":
            day = 1
        else:
            continue
        before = words[-n - 1] if len(words) > n else ""
        return None if before in dw.PART_NOUNS else day
    return None


@dataclass(frozen=True, slots=True)
class _Partial:
    """A non-Gregorian day and month without a year; kept to anchor against a reference."""

    calendar: Calendar
    month: int
    day: int

    def anchor(self, reference: date | None) -> ParsedDate:
        """The day in the reference's year of this calendar (or the one before, as for
        Gregorian dates); unanchored without a reference."""
        if reference is not None:
            y = from_gregorian(self.calendar, reference)[0]
            g = to_gregorian(self.calendar, y, self.month, self.day)
            if g is not None and g - reference > _HALF_YEAR:
                g = to_gregorian(self.calendar, y - 1, self.month, self.day)
            if g is not None:
                return ParsedDate(
                    g.isoformat(), "day", self.calendar, True, False, g.year, g.month, g.day
                )
        return ParsedDate(None, "day", self.calendar, False, False, None, None, None)


def _year_only(text: str, raw: str) -> ParsedDate | None:
    """A year alone (في عام 2024, 2025م, in 2009); non-Gregorian years stay unanchored."""
    m = _YEAR.search(text)
    if m is None:
        return None
    y = int(m.group(1))
    calendar = _calendar_of(y, text, raw)
    if calendar != "gregorian":
        return ParsedDate(None, "year", calendar, False, False, None, None, None)
    if not 1000 <= y <= 2200:
        return None
    return ParsedDate(f"{y:04d}", "year", calendar, False, False, y, None, None)


def _anchor(found: ParsedDate, reference: date | None, direction: int | None) -> ParsedDate:
    """Give a yearless Gregorian day or month a year from the reference.

    "last May"/"مايو الماضي" is the latest May before the reference and "next May" the
    first after it (relative); a bare one takes the reference's year, or the previous year
    if that puts it more than about six months after the reference (inferred).
    """
    month = found.month
    if found.calendar != "gregorian" or month is None or found.value is not None:
        return found
    if direction in (-1, 1):
        found = replace(found, relative=True)
    if reference is None:
        return found
    day = found.day or 1
    y = reference.year
    if direction == -1:
        y -= (month, day) >= (reference.month, reference.day)
    elif direction == 1:
        y += (month, day) <= (reference.month, reference.day)
    else:
        candidate = _safe_date(y, month, day)
        y -= candidate is not None and candidate - reference > _HALF_YEAR
    if found.precision == "month":
        return replace(found, value=f"{y:04d}-{month:02d}", inferred=True, year=y)
    resolved = _safe_date(y, month, day)
    if resolved is None:
        return found
    return replace(found, value=resolved.isoformat(), inferred=True, year=y)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _relative(text: str, reference: date | None, direction: int | None) -> ParsedDate | None:
    """Yesterday, Tuesday, last week, three days ago: resolved only against reference."""
    if m := _DAY_OFFSET.search(text):
        offset = dw.DAY_OFFSETS[m.group(1)]
        return _relative_day(reference, lambda ref: ref + timedelta(days=offset))
    if m := _WEEKDAY.search(text):
        weekday = dw.WEEKDAYS[m.group(1)]
        return _relative_day(reference, lambda ref: _weekday(ref, weekday, direction))
    if _LAST_YEAR.search(text):
        return _relative_period(reference, "year", -1)
    if m := _AGO.search(text):
        amount_word, unit_word = [g for g in m.groups() if g is not None][:2]
        unit = _AGO_UNITS.get(unit_word)
        amount = _amount(amount_word, unit_word)
        if unit is not None and amount is not None:
            return _relative_period(reference, unit, -amount)
    if (m := _PERIOD.search(text)) and direction is not None:
        if _counted(text[: m.start()]):  # دو ماه گذشته: the past two months, not last month
            return _span(dw.PERIOD_UNITS[m.group(1)])
        return _relative_period(reference, dw.PERIOD_UNITS[m.group(1)], direction)
    if (m := _SPAN_UNIT.search(text)) and _SPAN_MARKER.search(text):
        return _span(dw.SPAN_UNITS[m.group(1)])
    return None


def _counted(before: str) -> bool:
    """Whether the word before a period unit is a count (دو ماه, 3 سنوات)."""
    words = before.split()
    return bool(words) and (words[-1].isdigit() or words[-1] in lx.NUMBER_WORDS)


def _span(unit: Precision) -> ParsedDate:
    """A stretch of time (the past two months): relative, and no one ISO value stands for it."""
    return ParsedDate(None, unit, "gregorian", False, True, None, None, None)


def _amount(word: str, unit_word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in lx.NUMBER_WORDS:
        return lx.NUMBER_WORDS[word]
    if unit_word.endswith("ين"):  # Arabic dual: يومين, شهرين, عامين
        return 2
    return None


def _weekday(ref: date, weekday: int, direction: int | None) -> date:
    """The named weekday: most recent on or before ref (news convention), or strictly
    before/after it when the text says last/next."""
    back = (ref.weekday() - weekday) % 7
    if direction == 1:
        return ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    if direction == -1 and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _relative_day(reference: date | None, resolve: Callable[[date], date]) -> ParsedDate:
    if reference is None:
        return ParsedDate(None, "day", "gregorian", False, True, None, None, None)
    d = resolve(reference)
    return ParsedDate(d.isoformat(), "day", "gregorian", True, True, d.year, d.month, d.day)


def _relative_period(reference: date | None, unit: Precision, amount: int) -> ParsedDate:
    """A day, ISO week, month or year `amount` units from the reference."""
    if reference is None:
        return ParsedDate(None, unit, "gregorian", False, True, None, None, None)
    if unit == "day":
        return _relative_day(reference, lambda ref: ref + timedelta(days=amount))
    if unit == "week":
        iso = (reference + timedelta(weeks=amount)).isocalendar()
        value = f"{iso.year:04d}-W{iso.week:02d}"
        return ParsedDate(value, "week", "gregorian", True, True, iso.year, None, None)
    if unit == "month":
        y, m = divmod(reference.year * 12 + reference.month - 1 + amount, 12)
        value = f"{y:04d}-{m + 1:02d}"
        return ParsedDate(value, "month", "gregorian", True, True, y, m + 1, None)
    y = reference.year + amount
    return ParsedDate(f"{y:04d}", "year", "gregorian", True, True, y, None, None)
