"""The date field type: an ISO date the model gave, held against the raw text it came from.

The value must be valid ISO 8601 at the precision the text supports, must be what
:func:`summarizer.normalize.parse_date` reads from the raw text (with the publication date as
reference), and a relative expression with no publication date keeps no absolute value.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Self

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from summarizer import normalize
from summarizer.fields.anchoring import together
from summarizer.fields.context import source_of
from summarizer.fields.grounding import Source
from summarizer.fields.quote import Quote, Verbatim
from summarizer.normalize import to_ascii_digits
from summarizer.records import Code

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_parts(value: str) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day); ValueError when not a real ISO date.

    An ISO week (`2025-W17`, what "last week" resolves to) is valid and gives (year,).
    """
    week = _ISO_WEEK.match(value)
    m = _ISO.match(value)
    if week is None and m is None:
        raise Code.DATE_NOT_ISO.error(
            f"date {value!r} is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    try:  # the calendar's own refusal ("month must be in 1..12") is the message
        if week is not None:
            date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return (int(week.group(1)),)
        assert m is not None
        parts = tuple(int(g) for g in m.groups() if g is not None)
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise Code.DATE_NOT_ISO.error(str(exc)) from None
    return parts


class DateMention(BaseModel):
    """Base for a schema's date item: value and inferred flag checked against `raw`."""

    value: str | None = Field(
        description="ISO 8601 at the precision the text gives: '2024', '2025-04' or '2025-04-23'. "
        "null for relative dates (yesterday, Monday) when no publication date is given."
    )
    raw: Verbatim = Field(description="The date exactly as written in the article.")
    inferred: bool = Field(
        default=False,
        description="True when the year (or day) is not written and was taken from context.",
    )
    quote: Quote = Field(description="The sentence or clause of the article that gives the date.")

    @field_validator("value")
    @classmethod
    def _is_iso(cls, value: str | None) -> str | None:
        if value is not None:
            iso_parts(value)
        return value

    @model_validator(mode="after")
    def _agrees_with_raw(self, info: ValidationInfo) -> Self:
        source = source_of(info)
        self.inferred = check_date(self.value, self.raw.quote, source, inferred=self.inferred)
        self.raw, self.quote = together(self.raw, self.quote, source)
        return self

    def merge_key(self) -> tuple[object, ...]:
        """Two dates are the same when they give the same value from the same words."""
        return (self.value, self.raw.text if self.value is None else None)


def check_date(
    value: str | None, raw: str, source: Source | None, *, inferred: bool = False
) -> bool:
    """Raise ValueError unless `value` is what `raw` says; return whether the value is inferred.

    Raw text with no date expression at all, or naming no real day, raises the coded error
    `no_date`: value null is only for a relative date with nothing to anchor it.

    Reusable by any schema field that pairs an ISO date with the words it came from.
    """
    if value is not None:
        iso_parts(value)
    parsed = normalize.parse_date(raw, reference=source.published if source else None)
    if parsed is None:
        raise Code.NO_DATE.error(
            f"raw text {raw!r} names no day that exists: give the date exactly as the article "
            "writes it"
            if normalize.has_date(raw)
            else f"raw text {raw!r} holds no date expression (no day, month, year, or word "
            "such as 'yesterday'): give the date exactly as the article writes it, or leave "
            "this item out"
        )
    if parsed.value is not None:
        if value != parsed.value:
            raise Code.DATE_DISAGREES.error(
                f"date {value!r} disagrees with raw text {raw!r}, which reads as {parsed.value}"
            )
        return parsed.inferred
    if parsed.relative or parsed.month is None:
        if value is not None:
            raise Code.DATE_RELATIVE.error(
                f"raw text {raw!r} is relative and there is no publication date to anchor it: "
                "value must be null"
            )
        return False
    if value is None:
        return False
    # Day and month written, year not: the model may take the year from the article.
    parts = iso_parts(value)
    wanted = (parsed.month,) if parsed.day is None else (parsed.month, parsed.day)
    if parts[1:] != wanted:
        stated = "--" + "-".join(f"{p:02d}" for p in wanted)
        raise Code.DATE_DISAGREES.error(
            f"date {value!r} disagrees with raw text {raw!r}, which reads as {stated} (no year)"
        )
    if source is not None and str(parts[0]) not in to_ascii_digits(source.text):
        raise Code.YEAR_NOT_IN_ARTICLE.error(
            f"year {parts[0]} given for {raw!r} appears nowhere in the article"
        )
    return True
