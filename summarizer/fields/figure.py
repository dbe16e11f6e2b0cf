"""The figure field type: a number the model read, held against the raw text it read it from.

Models misread numbers in right-to-left text (`2/16%` is 16.2 %, not 2.16 %), so the value is
accepted only when it is one of the readings :func:`summarizer.normalize.parse_figure` allows.
"""

from __future__ import annotations

import math
import re
from typing import Self

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer import normalize
from summarizer.fields.anchoring import together
from summarizer.fields.context import source_of
from summarizer.fields.quote import Quote, Verbatim
from summarizer.normalize import to_ascii_digits
from summarizer.records import Code

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SLASH_DECIMAL = re.compile(r"\d\s*/\s*\d")


def describe(reading: normalize.Reading) -> str:
    value = (
        f"{reading.value:,.10g}".replace(",", " ") if reading.value >= 1e4 else f"{reading.value:g}"
    )
    return f"{value} {reading.unit}" if reading.unit else value


def accepted_readings(raw: str) -> list[normalize.Reading]:
    """The readings of `raw` a model's value may take, most likely first.

    A slash decimal's readings differ only by the digit order right-to-left display may have
    swapped; the normaliser ranks the one the display explains first, and only that one is
    accepted: taking the literal reading is the misreading this check exists for.
    """
    readings = normalize.parse_figure(raw)
    if readings and _SLASH_DECIMAL.search(to_ascii_digits(raw)):
        return readings[:1]
    return readings


def _is_strict_unit(unit: str | None) -> bool:
    return unit is not None and (unit == "%" or bool(_CURRENCY.match(unit)))


class FigureMention(BaseModel):
    """Base for a schema's figure item: value, unit and approximate flag checked against `raw`."""

    value: float = Field(
        description="The number as a plain value with scale words applied: 4.8 billion is 4800000000, "
        "16.2 % is 16.2. Read Persian-style slash decimals as decimals (16/2 is 16.2)."
    )
    unit: str | None = Field(
        default=None,
        description="'%' for percentages, an ISO 4217 code for money (USD, EUR, RUB, IRR), "
        "otherwise a plain English noun for what is counted (cars, companies), or null.",
    )
    approximate: bool = Field(
        default=False,
        description="True when the text hedges: about, nearly, more than, نحو, حوالي.",
    )
    raw: Verbatim = Field(
        description="The figure exactly as written in the article, with its scale and unit words."
    )
    quote: Quote = Field(
        description="The sentence or clause of the article that states the figure."
    )

    @model_validator(mode="after")
    def _agrees_with_raw(self, info: ValidationInfo) -> Self:
        readings = accepted_readings(self.raw.quote)
        if not readings:
            raise Code.FIGURE_NO_NUMBER.error(f"raw text {self.raw.quote!r} holds no number")
        allowed = " or ".join(describe(r) for r in readings)
        if _SLASH_DECIMAL.search(to_ascii_digits(self.raw.quote)):
            allowed += " (a Persian-style slash decimal; its digit groups are swapped by right-to-left display)"
        matching = [r for r in readings if math.isclose(r.value, self.value, rel_tol=1e-6)]
        if not matching:
            raise Code.FIGURE_DISAGREES.error(
                f"value {self.value:g} disagrees with raw text {self.raw.quote!r}, which reads as {allowed}"
            )
        reading = matching[0]
        if _is_strict_unit(self.unit) and reading.unit is not None and self.unit != reading.unit:
            raise Code.UNIT_DISAGREES.error(
                f"unit {self.unit!r} disagrees with raw text {self.raw.quote!r} ({allowed})"
            )
        if _is_strict_unit(self.unit) and reading.unit is None:
            raise Code.UNIT_NOT_IN_RAW.error(
                f"unit {self.unit!r} is not in raw text {self.raw.quote!r}; "
                "include the currency or percent sign in raw"
            )
        if reading.unit is not None and not _is_strict_unit(self.unit):
            self.unit = reading.unit
        if reading.approximate or reading.bound is not None:
            self.approximate = True
        self.raw, self.quote = together(self.raw, self.quote, source_of(info))
        return self

    def merge_key(self) -> tuple[object, ...]:
        """Two figures are the same when they state the same value and unit."""
        return (round(self.value, 6), self.unit)
