"""An example user schema: the results of an election, each number and name grounded.

Built from summarizer's field types only, the way a user's own schema is: candidates and
parties quoted from the article (`Verbatim`, `Quote`), vote counts and shares re-read from
their raw text (`FigureMention`), the polling day held to its words (`DateMention`). Use it with
`load_schema("examples/election/schema.py:ElectionResults")` and the prompts beside it
(`PromptSet.load("examples/election/prompts")`).
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.fields import (
    ArticleLanguage,
    DateMention,
    Extraction,
    FigureMention,
    Prose,
    Quote,
    Verbatim,
    fold_text,
    source_of,
    together,
)


class Tally(FigureMention):
    """A count or share the article reports for one candidate or list (votes, %, seats)."""

    counts: str = Field(max_length=40, description="What is counted: votes, percent or seats.")


class Result(BaseModel):
    """One candidate's or list's result."""

    candidate: Verbatim = Field(
        description="The candidate or list exactly as the article names it."
    )
    party: str | None = Field(
        default=None, max_length=120, description="The candidate's party in English, if stated."
    )
    won: bool = Field(default=False, description="True when the article says they won.")
    tallies: list[Tally] = Field(
        default_factory=list, description="Votes, share and seats the article gives for them."
    )
    quote: Quote = Field(description="The sentence of the article that gives this result.")

    @model_validator(mode="after")
    def _named_in_quote(self, info: ValidationInfo) -> Self:
        self.candidate, self.quote = together(self.candidate, self.quote, source_of(info))
        return self

    def merge_key(self) -> tuple[object, ...]:
        return ("result", fold_text(self.candidate.text))


class PollingDay(DateMention):
    """The day the vote took place, as the article writes it."""


class ElectionResults(Extraction):
    """The results of one election as one article reports them; every item quotes it."""

    schema_version = "1"

    language: ArticleLanguage = Field(description="ISO 639-1 code of the article's language.")
    election: str = Field(
        max_length=160, description="Which election, in English (office, place, round)."
    )
    summary: Prose = Field(
        max_length=600, description="One to three sentences in English, numbers as the article."
    )
    results: list[Result] = Field(default_factory=list, description="Every result reported.")
    turnout: list[FigureMention] = Field(
        default_factory=list, description="The turnout, if the article gives it."
    )
    polling_days: list[PollingDay] = Field(
        default_factory=list, description="The day or days of the vote."
    )


SCHEMA = ElectionResults
