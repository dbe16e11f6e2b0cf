"""Calendar conversion through well-kept libraries (hijridate, jdatetime); none hand-rolled.

Imported lazily: most texts never need them and import time matters to the CLI.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

__all__ = ["Calendar", "from_gregorian", "to_gregorian"]

Calendar = Literal["gregorian", "hijri", "solar_hijri"]


def to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a calendar date; None when it does not exist."""
    try:
        if calendar == "gregorian":
            return date(year, month, day)
        if calendar == "hijri":
            from hijridate import Hijri

            g = Hijri(year, month, day).to_gregorian()
        else:
            import jdatetime  # type: ignore[import-untyped]

            g = jdatetime.date(year, month, day).togregorian()
        return date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def from_gregorian(calendar: Calendar, day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the given calendar."""
    if calendar == "gregorian":
        return day.year, day.month, day.day
    if calendar == "hijri":
        from hijridate import Gregorian

        h = Gregorian(day.year, day.month, day.day).to_hijri()
        return int(h.year), int(h.month), int(h.day)
    import jdatetime

    j = jdatetime.date.fromgregorian(date=day)
    return int(j.year), int(j.month), int(j.day)


def month_span(calendar: Calendar, year: int, month: int) -> tuple[date, date] | None:
    """First and last Gregorian day of a calendar month."""
    first = to_gregorian(calendar, year, month, 1)
    if first is None:
        return None
    nxt = to_gregorian(calendar, year + month // 12, month % 12 + 1, 1)
    if nxt is None:
        return None
    return first, nxt - timedelta(days=1)
