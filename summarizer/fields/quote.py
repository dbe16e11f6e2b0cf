"""Grounded text field types: the model writes a string, validation turns it into a located span.

`Quote` tolerates small differences (the model's copy of a sentence); `Verbatim` accepts only
differences that folding removes (a figure's or date's raw text must be the source's own).
Stored results carry the located object; validating that again re-locates its quote, so improved
matching reaches old outputs, and without an article the stored span is trusted as it is.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, WithJsonSchema

from summarizer.fields.context import lenient, source_of
from summarizer.fields.grounding import MatchKind
from summarizer.records import Code


class Located(BaseModel):
    """A piece of model output found in the article: `article[start:end] == text`."""

    model_config = ConfigDict(frozen=True)

    quote: str
    """What the model wrote."""
    start: int
    end: int
    text: str
    """The article's own wording at `[start, end)`."""
    match: MatchKind
    score: float = 100.0


def _locator(*, fuzzy: bool, what: str) -> Any:
    def locate(value: Any, info: ValidationInfo) -> Located | dict[str, Any]:
        if isinstance(value, Located):
            value = value.model_dump()
        stored = value if isinstance(value, dict) else None
        quote = stored.get("quote") if stored is not None else value
        if not isinstance(quote, str):
            raise Code.SCHEMA.error(f"{what} must be a string copied from the article")
        source = source_of(info)
        if source is None:
            if stored is not None:
                return stored  # a stored result read back without its article: keep its span
            raise Code.NO_ARTICLE.error(
                f"cannot check {what} {quote!r}: no article in the validation context"
            )
        if not quote.strip():
            raise Code.QUOTE_EMPTY.error(f"{what} is empty; copy the words from the article")
        found = source.locate(quote, fuzzy=fuzzy)
        if found is None and fuzzy:
            near = source.locate(quote, fuzzy=True, aligned=True)
            if near is not None and not lenient(info):
                passage = source.text[near.start : near.end]
                raise Code.QUOTE_NOT_FOUND.error(
                    f"{what} {quote!r} is not word for word in the article, which reads "
                    f"{passage!r}: copy the article's words exactly"
                )
            found = near
        if found is None:
            raise Code.QUOTE_NOT_FOUND.error(
                f"{what} {quote!r} is not in the article; copy it word for word"
            )
        return Located(
            quote=quote,
            start=found.start,
            end=found.end,
            text=source.text[found.start : found.end],
            match=found.kind,
            score=found.score,
        )

    return locate


Quote = Annotated[
    Located,
    BeforeValidator(_locator(fuzzy=True, what="quote")),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A sentence or phrase copied word for word from the article.",
        }
    ),
]
"""Evidence: a short passage of the article, located with tolerance for small copying slips."""

Verbatim = Annotated[
    Located,
    BeforeValidator(_locator(fuzzy=False, what="raw text")),
    WithJsonSchema({"type": "string", "description": "Exactly as written in the article."}),
]
"""Raw text of a figure or date: must be in the article as written (up to folding)."""
