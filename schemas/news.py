"""The news schema: officials, agreements, figures and dates, each grounded in the article."""

from __future__ import annotations

import typing
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from summarizer.fields import (
    ArticleLanguage,
    Code,
    DateMention,
    Extraction,
    FigureMention,
    OutputText,
    Party,
    Prose,
    Quote,
    Sentences,
    SupportedCountry,
    Verbatim,
    Withholdable,
    check_date,
    check_romanized,
    check_status,
    fold_text,
    in_output_language,
    source_of,
    together,
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


def _asked(max_length: int) -> WithJsonSchema:
    """The model is asked for a string; null in a result means the value was withheld."""
    return WithJsonSchema({"type": "string", "maxLength": max_length})


# Attributes checked against the article or the output language: when one still fails after
# the re-asks, it is withheld (null, recorded in `withheld`) and its grounded item kept.
NameEn = Annotated[str | None, Withholdable(), _asked(120)]
Text160 = Annotated[OutputText | None, Withholdable(), _asked(160)]
Text200 = Annotated[OutputText | None, Withholdable(), _asked(200)]
Text240 = Annotated[OutputText | None, Withholdable(), _asked(240)]
Headline = Annotated[Annotated[Prose, in_output_language] | None, Withholdable(), _asked(160)]
#: A status is a fact the quote must state ("signed" for "will sign" is withheld).
Status = Annotated[
    AgreementStatus | None,
    Withholdable(),
    WithJsonSchema({"enum": list(typing.get_args(AgreementStatus)), "type": "string"}),
]
#: Too many sentences: trimmed at a sentence end after the re-asks; too few: withheld.
Summary = Annotated[
    Annotated[Prose, in_output_language, Sentences(2, 4)] | None, Withholdable(), _asked(1000)
]


class Official(BaseModel):
    """A person (or an office named only by its title) holding a public role."""

    name: Verbatim = Field(
        description="The name exactly as written in the article (or the title, when no name is given)."
    )
    name_en: NameEn = Field(
        max_length=120, description="The name in English, in its usual spelling."
    )
    role: Text160 = Field(
        max_length=160,
        description="Role or title in English, e.g. 'ambassador to Russia', 'oil minister'.",
    )
    organisation: Annotated[OutputText | None, Withholdable()] = Field(
        default=None,
        max_length=160,
        description="Ministry, body or company, in English, if stated.",
    )
    country: Annotated[SupportedCountry | None, Withholdable()] = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the country the official serves (IR, RU, FR), or null.",
    )
    quote: Quote = Field(description="The clause of the article that names this official and role.")

    @model_validator(mode="after")
    def _name_in_quote(self, info: ValidationInfo) -> Self:
        self.name, self.quote = together(self.name, self.quote, source_of(info))
        return self

    @field_validator("name_en")
    @classmethod
    def _spells_the_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or "name" not in info.data:
            return value
        return check_romanized(value, info.data["name"])

    def merge_key(self) -> tuple[object, ...]:
        return ("official", fold_text(self.name_en or self.name.text))


class Agreement(BaseModel):
    """A treaty, trade agreement, contract, memorandum, protocol or joint document."""

    name: Text240 = Field(max_length=240, description="The agreement's name, in English.")
    kind: AgreementKind = Field(description="What sort of document it is.")
    parties: list[Party] = Field(
        description="ISO 3166-1 alpha-2 codes of the countries, or names of organisations and companies."
    )
    status: Status = Field(description="Where it stands according to the article.")
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
            self.date_raw, self.quote = together(self.date_raw, self.quote, source_of(info))
        return self

    @model_validator(mode="after")
    def _status_is_stated(self, info: ValidationInfo) -> Self:
        check_status(self.status, self.quote, source_of(info))
        return self

    def merge_key(self) -> tuple[object, ...]:
        return ("agreement", fold_text(self.name or self.quote.text), self.kind)


class Figure(FigureMention):
    """A number the article states: an amount, a count, a share."""

    measures: Text200 = Field(max_length=200, description="What the number measures, in English.")
    period: str | None = Field(
        default=None, max_length=80, description="The period it refers to, if stated (e.g. '2024')."
    )


class DateItem(DateMention):
    """A date the article gives, with what happened then."""

    event: Text200 = Field(
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

    language: ArticleLanguage = Field(
        description="ISO 639-1 code of the article's language (ar, fa, ru, fr, en)."
    )
    headline: Headline = Field(
        max_length=160, description="A short headline in the output language."
    )
    summary: Summary = Field(
        max_length=1000,  # llama.cpp cannot compile a grammar for longer bounded strings
        description="Two to four sentences in the output language; facts from the article only.",
    )
    officials: list[Official] = Field(default_factory=list, description="Every official named.")
    agreements: list[Agreement] = Field(
        default_factory=list, description="Every agreement mentioned."
    )
    figures: list[Figure] = Field(default_factory=list, description="Every figure stated.")
    dates: list[DateItem] = Field(default_factory=list, description="Every date given.")


SCHEMA = NewsSummary
