"""Free text a model writes (a headline, a summary), held to the numbers the article states.

Prose cannot be located like a quote, but every number in it can be: a figure or date the
article does not state is invented, wherever it appears. Each number in the prose is read with
the words that follow it (scale words: "1.5 million" is 1 500 000) and must equal a number the
article states, read the same way, or a part of the publication date. Numbers written as words
("three years") are not checked.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from summarizer.fields.context import source_of
from summarizer.fields.figure import accepted_readings
from summarizer.normalize.numerals import NUMBER

#: How far after a number its scale and unit words are looked for.
_WINDOW = 32


def _numbers(text: str, *, bare: bool) -> list[tuple[str, list[float]]]:
    """Each number in `text` as written, with the values it can stand for.

    Read with the words after it ("1.5 million" is 1 500 000); `bare` adds the digits' own
    value (1.5), so that prose may leave out a scale word the article writes, never add one.
    """
    found: list[tuple[str, list[float]]] = []
    matches = list(NUMBER.finditer(text))
    for i, match in enumerate(matches):
        end = min(match.end() + _WINDOW, len(text))
        if i + 1 < len(matches):
            end = min(end, matches[i + 1].start())
        window = text[match.start() : end]
        values = [r.value for r in accepted_readings(window)]
        if bare or not values:
            values += [r.value for r in accepted_readings(match.group())]
        found.append((match.group(), values))
    return found


@lru_cache(maxsize=16)
def _stated(text: str, published: date | None) -> tuple[float, ...]:
    """Every value the article's numbers can stand for (str hashes are cached: cheap key)."""
    values = {v for _, vs in _numbers(text, bare=True) for v in vs}
    if published is not None:
        values |= {float(published.year), float(published.month), float(published.day)}
    return tuple(sorted(values))


def unstated_numbers(prose: str, text: str, published: date | None = None) -> list[str]:
    """The numbers in `prose`, as written, that the article does not state."""
    numbers = _numbers(prose, bare=False)
    if not numbers:
        return []
    stated = _stated(text, published)
    return [
        written
        for written, values in numbers
        if not any(math.isclose(v, s, rel_tol=1e-9) for v in values for s in stated)
    ]


def _check(value: str, info: ValidationInfo) -> str:
    source = source_of(info)
    if source is None:
        return value
    unstated = unstated_numbers(value, source.text, source.published)
    if unstated:
        listed = ", ".join(repr(n) for n in dict.fromkeys(unstated))
        raise ValueError(
            f"{info.field_name} gives {listed}, which the article does not state; "
            "write only numbers and dates the article gives"
        )
    return value


Prose = Annotated[str, AfterValidator(_check)]
"""Text the model writes in its own words; any number in it must be one the article states."""
