"""The news schema: officials, agreements, figures and dates, each grounded in the article."""

from __future__ import annotations

import re
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from summarizer.fields import (
    Code,
    CountryCode,
    DateMention,
    Extraction,
    FigureMention,
    LanguageCode,
    Prose,
    Quote,
    Verbatim,
    check_date,
    fold_text,
    source_of,
)

AgreementKind = Literal[
    "treaty", "trade_agreement", "contract", "memorandum", "protocol", "joint_statement", "other"
]
AgreementStatus = Literal[
    "proposed",
    "under_negotiation",
    "agreed",
    "signed",
    "ratified",
    "in_force",
    "being_implemented",
    "suspended",
    "cancelled",
    "unknown",
]

_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?؟。](?=\s|$)")


class Official(BaseModel):
    """A person (or an office named only by its title) holding a public role."""

    name: Verbatim = Field(
        description="The name exactly as written in the article (or the title, when no name is given)."
    )
    name_en: str = Field(max_length=120, description="The name in English, in its usual spelling.")
    role: str = Field(
        max_length=160,
        description="Role or title in English, e.g. 'ambassador to Russia', 'oil minister'.",
    )
    organisation: str | None = Field(
        default=None,
        max_length=160,
        description="Ministry, body or company, in English, if stated.",
    )
    country: CountryCode | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the country the official serves (IR, RU, FR), or null.",
    )
    quote: Quote = Field(description="The clause of the article that names this official and role.")

    def merge_key(self) -> tuple[object, ...]:
        return ("official", fold_text(self.name_en))


class Agreement(BaseModel):
    """A treaty, trade agreement, contract, memorandum, protocol or joint document."""

    name: str = Field(max_length=240, description="The agreement's name, in English.")
    kind: AgreementKind = Field(description="What sort of document it is.")
    parties: list[str] = Field(
        description="ISO 3166-1 alpha-2 codes of the countries, or names of organisations and companies."
    )
    status: AgreementStatus = Field(description="Where it stands according to the article.")
    date: str | None = Field(
        default=None,
        description="ISO date of the status (e.g. signing), only when the article states it.",
    )
    date_raw: Verbatim | None = Field(
        default=None, description="That date exactly as written in the article; required with date."
    )
    quote: Quote = Field(description="The clause of the article that mentions the agreement.")

    @model_validator(mode="after")
    def _date_is_stated(self, info: ValidationInfo) -> Self:
        if self.date is not None and self.date_raw is None:
            raise Code.DATE_WITHOUT_RAW.error(
                "date is given without date_raw: copy the date as written in the article"
            )
        if self.date_raw is not None:
            check_date(self.date, self.date_raw.quote, source_of(info))
        return self

    def merge_key(self) -> tuple[object, ...]:
        return ("agreement", fold_text(self.name), self.kind)


class Figure(FigureMention):
    """A number the article states: an amount, a count, a share."""

    measures: str = Field(max_length=200, description="What the number measures, in English.")
    period: str | None = Field(
        default=None, max_length=80, description="The period it refers to, if stated (e.g. '2024')."
    )


class DateItem(DateMention):
    """A date the article gives, with what happened then."""

    event: str = Field(
        max_length=200, description="What happened or will happen on that date, in English."
    )


def _lists_required(schema: dict[str, Any]) -> None:
    """Every property is required in the sent schema, though the lists default to empty.

    Servers that turn the schema into a grammar (llama.cpp) let a model stop after the
    required keys; small models then never look for officials or figures. Validation still
    accepts an answer without them.
    """
    schema["required"] = list(schema["properties"])


class NewsSummary(Extraction):
    """Structured summary of one news article. Every item quotes the article word for word."""

    model_config = ConfigDict(json_schema_extra=_lists_required)

    schema_version = "2"

    language: LanguageCode = Field(
        description="ISO 639-1 code of the article's language (ar, fa, ru, fr, en)."
    )
    headline: Prose = Field(max_length=160, description="A short headline in the output language.")
    summary: Prose = Field(
        max_length=1000,  # llama.cpp cannot compile a grammar for longer bounded strings
        description="Two to four sentences in the output language; facts from the article only.",
    )
    officials: list[Official] = Field(default_factory=list, description="Every official named.")
    agreements: list[Agreement] = Field(
        default_factory=list, description="Every agreement mentioned."
    )
    figures: list[Figure] = Field(default_factory=list, description="Every figure stated.")
    dates: list[DateItem] = Field(default_factory=list, description="Every date given.")

    @field_validator("summary")
    @classmethod
    def _two_to_four_sentences(cls, value: str) -> str:
        count = len(_SENTENCE_END.findall(value.strip()))
        if not 2 <= count <= 4:
            raise Code.SENTENCE_COUNT.error(f"summary has {count} sentences; write two to four")
        return value


SCHEMA = NewsSummary
