"""Free text a model writes (a headline, a summary), held to the numbers the article states.

Prose cannot be located like a quote, but its numbers can be checked: each digit group in the
prose, read with the word right after it ("1.5 million", "4.8bn", "16.2%"), must equal a number
the article states. The article side is read generously, since a false alarm fails a correct
answer: numbers in words and compounds ("نحو مليون و200 ألف"), the parts of dates written in
digits (17.01.2025, ۱۴۰۴/۰۲/۰۳), and, given a publication date, the days around it (a
"Monday" the model resolved). Numbers written as words in the prose, and names, are not checked.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from summarizer import normalize
from summarizer.fields.context import source_of
from summarizer.fields.figure import accepted_readings
from summarizer.normalize.numerals import NUMBER
from summarizer.records import Code

#: The word, unit or sign right after a digit group: its scale or unit, if any.
_NEXT_TOKEN = re.compile(r"\s?(?:[^\W\d_]+|[%٪$€£¥₽﷼])")
_DATE_SHAPED = re.compile(r"\d{1,4}(?:[./\-]\d{1,4}){2}")
#: A resolved weekday or "yesterday" lies within a week of the publication date.
_AROUND_PUBLICATION = 7


def _prose_numbers(prose: str) -> list[tuple[str, list[float]]]:
    """Each digit group of the prose, as written, with the values it stands for."""
    found = []
    for match in NUMBER.finditer(prose):
        after = _NEXT_TOKEN.match(prose, match.end())
        written = prose[match.start() : after.end() if after else match.end()]
        values = [r.value for r in accepted_readings(written)]
        found.append((match.group(), values or [r.value for r in accepted_readings(match.group())]))
    return found


def _date_parts(day: date) -> set[float]:
    return {float(day.year), float(day.month), float(day.day)}


@lru_cache(maxsize=32)
def _stated(text: str, published: date | None) -> frozenset[float]:
    """Every value the article's numbers can stand for (str hashes are cached: a cheap key)."""
    values = {r.value for r in normalize.figure_readings(text, read=accepted_readings)}
    # read as the prose is read too: "350 ألف و500 ألف" is a range, not 850 000
    values |= {v for _, vs in _prose_numbers(text) for v in vs}
    for match in _DATE_SHAPED.finditer(text):
        parsed = normalize.parse_date(match.group())
        if parsed is not None and parsed.value is not None:
            values |= {float(part) for part in parsed.value.split("-")}
    if published is not None:
        for offset in range(-_AROUND_PUBLICATION, _AROUND_PUBLICATION + 1):
            values |= _date_parts(published + timedelta(days=offset))
    return frozenset(values)


def unstated_numbers(prose: str, text: str, published: date | None = None) -> list[str]:
    """The digit groups in `prose`, as written, that stand for no number the article states."""
    numbers = _prose_numbers(prose)
    if not numbers:
        return []
    stated = _stated(text, published)
    return [
        written
        for written, values in numbers
        if not any(v in stated or any(math.isclose(v, s) for s in stated) for v in values)
    ]


def _check(value: str, info: ValidationInfo) -> str:
    source = source_of(info)
    if source is None:
        return value
    unstated = unstated_numbers(value, source.text, source.published)
    if unstated:
        listed = ", ".join(repr(n) for n in dict.fromkeys(unstated))
        raise Code.PROSE_NUMBER.error(
            f"{info.field_name} gives {listed}, which the article does not state; "
            "write only numbers and dates the article gives"
        )
    return value


Prose = Annotated[str, AfterValidator(_check)]
"""Text the model writes in its own words; any number in it must be one the article states."""
